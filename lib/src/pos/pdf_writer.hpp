#pragma once
// PdfWriter — the one place Regal talks to libharu (private to lib: hpdf.h stays out of the
// public headers). It owns an HPDF_Doc and frees it on every path, turns libharu errors into
// regal::Error PDF_RENDER_FAILED, loads the UTF-8 TrueType font (or falls back to Helvetica) and
// offers the few drawing primitives the layouts (pdf.cpp, receipt_pdf.cpp) need.
// Coordinates are PDF points (1/72 inch) from the bottom-left corner of the page; text arguments
// are UTF-8 and are made safe here (control characters → space, anything the font's encoding
// cannot hold → '?').

#include <hpdf.h>

#include <string>
#include <string_view>
#include <vector>

#include "regal/pos/pdf.hpp"

namespace regal::pos::pdf {

inline constexpr double kPointsPerMm = 72.0 / 25.4;

struct Colour {
  double r = 0, g = 0, b = 0;
};
inline constexpr Colour kBlack{};
inline constexpr Colour kGrey{0.4, 0.4, 0.4};
inline constexpr Colour kRule{0.75, 0.75, 0.75};
inline constexpr Colour kShade{0.92, 0.92, 0.92};
inline constexpr Colour kBarColour{0.24, 0.42, 0.66};

enum class Align { kLeft, kCentre, kRight };

struct TextStyle {
  double size = 10;
  bool bold = false;
  Colour colour = kBlack;
};

class PdfWriter {
 public:
  // Creates the document and loads the font; throws regal::Error when libharu cannot start.
  PdfWriter(const PdfOptions& options, std::string_view title);
  ~PdfWriter();
  PdfWriter(const PdfWriter&) = delete;
  PdfWriter& operator=(const PdfWriter&) = delete;

  // False when the TrueType font could not be loaded and Helvetica stands in.
  bool unicode() const noexcept { return unicode_; }

  HPDF_Page add_page(double width, double height);

  // Width in points of `text` (one line) set in `size`.
  double width_of(std::string_view text, double size) const;
  // One line of text with its baseline at `y`; `x` is its left edge, centre or right edge.
  void text(HPDF_Page page, double x, double y, std::string_view text, const TextStyle& style,
            Align align = Align::kLeft);
  // `text` broken into lines no wider than `width`: at '\n', at spaces, and inside a word only
  // when the word alone is too wide. Never empty (an empty text is one empty line).
  std::vector<std::string> wrap(std::string_view text, double width, double size) const;
  // `text` on one line, cut and ended with "…" when it is wider than `width`.
  std::string fit(std::string_view text, double width, double size) const;

  void fill_rect(HPDF_Page page, double x, double y, double width, double height, Colour colour);
  void line(HPDF_Page page, double x1, double y1, double x2, double y2, double width,
            Colour colour);

  // The finished file. Call once, after all drawing.
  std::string save();

 private:
  struct Failure {
    HPDF_STATUS error = 0;
    HPDF_STATUS detail = 0;
  };
  static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void* user_data) noexcept;

  void load_font(const std::string& path);
  // Throws PDF_RENDER_FAILED when libharu reported an error since the last check.
  void check(const char* doing);
  std::string encode(std::string_view utf8) const;

  Failure failure_;
  HPDF_Doc doc_ = nullptr;
  HPDF_Font font_ = nullptr;
  bool unicode_ = false;
};

}  // namespace regal::pos::pdf
