# Proves `cmake --install` lays out what a deployment needs.
#   cmake -DBUILD=<build dir> -DPREFIX=<scratch prefix> -DINCLUDEDIR=… -DLIBDIR=… -DBINDIR=…
#         -DDATADIR=… -P install_layout.cmake   (the GNUInstallDirs values of the build)
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD}" --prefix "${PREFIX}"
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed")
endif()
foreach(f
    "${INCLUDEDIR}/regal/core/error.hpp"
    "${INCLUDEDIR}/regal/data/pg/database.hpp"
    "${LIBDIR}/libregal.a"
    "${LIBDIR}/libregal.so"
    "${BINDIR}/regal-fcgi"
    "${BINDIR}/regalctl"
    "${DATADIR}/regal/migrations/0001_init.sql"
    "${DATADIR}/regal/nginx/nginx.conf.template")
  if(NOT EXISTS "${PREFIX}/${f}")
    message(FATAL_ERROR "missing after install: ${f}")
  endif()
endforeach()
file(REMOVE_RECURSE "${PREFIX}")
message(STATUS "install layout complete")
