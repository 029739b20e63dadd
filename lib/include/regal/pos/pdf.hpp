#pragma once
// PdfDocument — a small document model (title, sections of label/value rows, tables and bar
// charts) and render_pdf(), which lays it out on A4 pages with libharu and returns the PDF bytes.
// Reports, statements and exports build a PdfDocument; receipts have their own narrow layout
// (receipt_pdf in receipt_pdf.hpp) on the same renderer.
//
// Text is UTF-8. It is set in a TrueType font (PdfOptions::font_path, DejaVu Sans by default)
// embedded as a subset, so accents, € and most alphabets print and can be copied out of the
// file. When the font cannot be loaded the built-in Helvetica is used instead, and characters
// outside Windows-1252 print as '?'. Control characters print as spaces.
//
// Layout promises: content that does not fit on a page continues on the next one (a table
// repeats its header there, a chart its title, on the same scale); long cell values and labels
// wrap; every page carries the footer and "Page n of N".
//
// Errors: a libharu failure is thrown as regal::Error (kind kInternal, code PDF_RENDER_FAILED);
// the library's resources are always released.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace regal::pos {

// DejaVu Sans (Debian package fonts-dejavu-core): UTF-8 text in PDFs unless configured otherwise.
inline constexpr const char* kDefaultPdfFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

struct PdfOptions {
  std::string font_path;  // a TrueType (.ttf) file; "" = kDefaultPdfFont
};

struct PdfTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // rows shorter than the header get empty cells
  std::vector<bool> right_aligned;             // per column (amounts); missing = left-aligned
};

struct PdfBar {
  std::string label;
  std::int64_t value = 0;
};

// Horizontal bars from a zero axis, scaled to the largest magnitude; negative values extend to
// the left of the axis. Each bar prints its value; an empty chart prints "No data".
struct PdfBarChart {
  std::string title;
  std::vector<PdfBar> bars;
  int value_digits = 0;  // values in minor units: 12345 with 2 digits prints "123.45"
};

struct PdfSection {
  std::string title;
  std::vector<std::pair<std::string, std::string>> fields;  // label, value
  std::optional<PdfTable> table;
  std::optional<PdfBarChart> chart;
};

struct PdfDocument {
  std::string title;
  std::string subtitle;
  std::vector<PdfSection> sections;  // each drawn as: title, fields, table, chart
  std::string footer;                // on every page, beside the page number
};

// The document as PDF bytes (binary: hold them in std::string by size, never as a C string).
std::string render_pdf(const PdfDocument& document, const PdfOptions& options = {});

}  // namespace regal::pos
