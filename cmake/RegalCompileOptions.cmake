# Shared compile settings for every Regal target. Included once per configure, whether the
# top-level project or lib/ alone is being built.
include_guard(GLOBAL)
include(GNUInstallDirs)

option(REGAL_WERROR "Treat warnings as errors (CI builds)" OFF)
option(REGAL_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)

set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()
if(NOT CMAKE_RUNTIME_OUTPUT_DIRECTORY)
  set(CMAKE_RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/bin")
  set(CMAKE_LIBRARY_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/lib")
  set(CMAKE_ARCHIVE_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/lib")
endif()

add_library(regal_compile_options INTERFACE)
target_compile_options(regal_compile_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wconversion -Wsign-conversion -Wnull-dereference -Wformat=2)
if(REGAL_WERROR)
  target_compile_options(regal_compile_options INTERFACE -Werror)
endif()
if(REGAL_SANITIZE)
  target_compile_options(regal_compile_options INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(regal_compile_options INTERFACE -fsanitize=address,undefined)
endif()

# Poco's Debian CMake config for Data::PostgreSQL does not configure (STACK-NOTES), so every
# Poco library is linked by name from the system library path; headers are in /usr/include.
find_library(REGAL_POCO_FOUNDATION PocoFoundation REQUIRED)
find_library(REGAL_POCO_NET PocoNet REQUIRED)
find_library(REGAL_POCO_JSON PocoJSON REQUIRED)
find_library(REGAL_POCO_DATA PocoData REQUIRED)
find_library(REGAL_POCO_DATA_PG PocoDataPostgreSQL REQUIRED)
find_library(REGAL_POCO_REDIS PocoRedis REQUIRED)
find_library(REGAL_POCO_CRYPTO PocoCrypto REQUIRED)
find_library(REGAL_POCO_JWT PocoJWT REQUIRED)
find_library(REGAL_LIBPQ pq REQUIRED)
find_library(REGAL_LIBCRYPT crypt REQUIRED)
find_package(Threads REQUIRED)
