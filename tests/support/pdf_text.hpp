#pragma once
// The text of a PDF as poppler's pdftotext (Debian poppler-utils) extracts it, laid out as on
// the page — what a viewer or a printer would show. BOOST-fails when pdftotext fails.
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace regal::test {

inline std::string pdf_text(const std::string& pdf) {
  static int counter = 0;
  const auto path = std::filesystem::temp_directory_path() /
                    ("regal-test-" + std::to_string(::getpid()) + "-" +
                     std::to_string(++counter) + ".pdf");
  std::ofstream(path, std::ios::binary) << pdf;
  const std::string command = "pdftotext -q -layout -enc UTF-8 '" + path.string() + "' -";
  FILE* pipe = ::popen(command.c_str(), "r");
  BOOST_REQUIRE(pipe != nullptr);
  std::string out;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  const int status = ::pclose(pipe);
  std::filesystem::remove(path);
  BOOST_REQUIRE_MESSAGE(status == 0, "pdftotext failed (is poppler-utils installed?)");
  return out;
}

}  // namespace regal::test
