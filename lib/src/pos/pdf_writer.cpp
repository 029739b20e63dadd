// libharu behind a small RAII class: errors become regal::Error, text is made safe for the font.
#include "pdf_writer.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "regal/core/error.hpp"

namespace regal::pos::pdf {
namespace {

constexpr char32_t kInvalid = 0xFFFFFFFF;
// Widths are sums of floats: a text measured to fit a width computed from its own width must
// still fit after the rounding of that arithmetic.
constexpr double kTolerance = 0.01;

HPDF_REAL real(double value) { return static_cast<HPDF_REAL>(value); }

std::string hex(HPDF_STATUS value) {
  constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  do {
    out.insert(out.begin(), kDigits[value & 0xF]);
    value >>= 4;
  } while (value != 0);
  return "0x" + out;
}

// The code point starting at text[i] (i advances past it); kInvalid for a malformed, overlong or
// surrogate sequence, of which one byte is consumed.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (length == 0 || lead > 0xF4 || i + length > text.size()) {
    ++i;
    return kInvalid;
  }
  char32_t cp = lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      ++i;
      return kInvalid;
    }
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  constexpr std::array<char32_t, 5> kMinimum{0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinimum[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return kInvalid;
  }
  i += length;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {  // the caller passes the Basic Multilingual Plane only
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Windows-1252 (libharu's WinAnsiEncoding) byte for a code point, '?' when it has none.
char to_win_ansi(char32_t cp) {
  if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) return static_cast<char>(cp);
  // The 0x80–0x9F block, where Windows-1252 differs from Latin-1.
  static constexpr std::pair<char32_t, unsigned char> kExtra[] = {
      {0x20AC, 0x80}, {0x201A, 0x82}, {0x0192, 0x83}, {0x201E, 0x84}, {0x2026, 0x85},
      {0x2020, 0x86}, {0x2021, 0x87}, {0x02C6, 0x88}, {0x2030, 0x89}, {0x0160, 0x8A},
      {0x2039, 0x8B}, {0x0152, 0x8C}, {0x017D, 0x8E}, {0x2018, 0x91}, {0x2019, 0x92},
      {0x201C, 0x93}, {0x201D, 0x94}, {0x2022, 0x95}, {0x2013, 0x96}, {0x2014, 0x97},
      {0x02DC, 0x98}, {0x2122, 0x99}, {0x0161, 0x9A}, {0x203A, 0x9B}, {0x0153, 0x9C},
      {0x017E, 0x9E}, {0x0178, 0x9F}};
  for (const auto& [code_point, byte] : kExtra) {
    if (code_point == cp) return static_cast<char>(byte);
  }
  return '?';
}

bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp < 0xA0); }

}  // namespace

PdfWriter::PdfWriter(const PdfOptions& options, std::string_view title)
    : doc_(HPDF_New(&PdfWriter::on_error, &failure_)) {
  if (doc_ == nullptr) {
    throw Error(ErrorKind::kInternal, "PDF_RENDER_FAILED", "The PDF library could not start.");
  }
  // From here on the destructor does not run if we throw: free the document ourselves.
  try {
    HPDF_SetCompressionMode(doc_, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(doc_);
    // Document strings (the title) are then written as UTF-16, so viewers show accents.
    HPDF_SetCurrentEncoder(doc_, "UTF-8");
    check("setting up the document");
    load_font(options.font_path.empty() ? kDefaultPdfFont : options.font_path);
    std::string safe_title;
    for (std::size_t i = 0; i < title.size();) {
      const char32_t cp = next_code_point(title, i);
      if (cp == kInvalid || cp > 0xFFFF) {
        safe_title += '?';
      } else {
        append_utf8(safe_title, is_control(cp) ? U' ' : cp);
      }
    }
    if (!safe_title.empty()) HPDF_SetInfoAttr(doc_, HPDF_INFO_TITLE, safe_title.c_str());
    HPDF_SetInfoAttr(doc_, HPDF_INFO_CREATOR, "Regal");
    check("setting the document information");
  } catch (...) {
    HPDF_Free(doc_);
    throw;
  }
}

PdfWriter::~PdfWriter() { HPDF_Free(doc_); }

void PdfWriter::on_error(HPDF_STATUS error, HPDF_STATUS detail, void* user_data) noexcept {
  // Never throw through libharu's C frames: remember the first error, check() throws it.
  auto* failure = static_cast<Failure*>(user_data);
  if (failure->error == 0) *failure = {error, detail};
}

void PdfWriter::check(const char* doing) {
  if (failure_.error == 0) return;
  const Failure f = std::exchange(failure_, {});
  HPDF_ResetError(doc_);
  throw Error(ErrorKind::kInternal, "PDF_RENDER_FAILED",
              std::string("The PDF could not be rendered (libharu error ") + hex(f.error) +
                  ", detail " + std::to_string(f.detail) + ", while " + doing + ").");
}

void PdfWriter::load_font(const std::string& path) {
  const char* name = HPDF_LoadTTFontFromFile(doc_, path.c_str(), HPDF_TRUE);
  if (name != nullptr && failure_.error == 0) font_ = HPDF_GetFont(doc_, name, "UTF-8");
  if (font_ != nullptr && failure_.error == 0) {
    unicode_ = true;
    return;
  }
  // Missing or unreadable font file: print what Windows-1252 can hold rather than nothing.
  failure_ = {};
  HPDF_ResetError(doc_);
  font_ = HPDF_GetFont(doc_, "Helvetica", "WinAnsiEncoding");
  unicode_ = false;
  check("loading the built-in font");
}

std::string PdfWriter::encode(std::string_view utf8) const {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const char32_t cp = next_code_point(utf8, i);
    if (cp == kInvalid) {
      out += '?';
    } else if (is_control(cp)) {
      out += ' ';  // also keeps NUL out of the C strings libharu takes
    } else if (!unicode_) {
      out += to_win_ansi(cp);
    } else if (cp > 0xFFFF) {
      out += '?';  // libharu 2.3 drops characters beyond the Basic Multilingual Plane
    } else {
      append_utf8(out, cp);
    }
  }
  return out;
}

HPDF_Page PdfWriter::add_page(double width, double height) {
  HPDF_Page page = HPDF_AddPage(doc_);
  check("adding a page");
  HPDF_Page_SetWidth(page, real(width));
  HPDF_Page_SetHeight(page, real(height));
  check("sizing a page");
  return page;
}

double PdfWriter::width_of(std::string_view text, double size) const {
  const std::string encoded = encode(text);
  const HPDF_TextWidth w =
      HPDF_Font_TextWidth(font_, reinterpret_cast<const HPDF_BYTE*>(encoded.data()),
                          static_cast<HPDF_UINT>(encoded.size()));
  return static_cast<double>(w.width) * size / 1000.0;
}

void PdfWriter::text(HPDF_Page page, double x, double y, std::string_view text,
                     const TextStyle& style, Align align) {
  const std::string encoded = encode(text);
  if (encoded.empty()) return;
  if (align != Align::kLeft) {
    const double w = width_of(text, style.size);
    x -= align == Align::kRight ? w : w / 2;
  }
  HPDF_Page_SetFontAndSize(page, font_, real(style.size));
  HPDF_Page_SetRGBFill(page, real(style.colour.r), real(style.colour.g), real(style.colour.b));
  HPDF_Page_BeginText(page);
  if (style.bold) {
    // One font file: bold is the glyphs filled and outlined with a thin stroke.
    HPDF_Page_SetRGBStroke(page, real(style.colour.r), real(style.colour.g), real(style.colour.b));
    HPDF_Page_SetLineWidth(page, real(style.size * 0.04));
    HPDF_Page_SetTextRenderingMode(page, HPDF_FILL_THEN_STROKE);
  }
  HPDF_Page_TextOut(page, real(x), real(y), encoded.c_str());
  if (style.bold) HPDF_Page_SetTextRenderingMode(page, HPDF_FILL);
  HPDF_Page_EndText(page);
  check("writing text");
}

std::vector<std::string> PdfWriter::wrap(std::string_view text, double width, double size) const {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view paragraph = text.substr(start, end - start);
    if (!paragraph.empty() && paragraph.back() == '\r') paragraph.remove_suffix(1);
    std::string line;
    std::size_t pos = 0;
    while (pos <= paragraph.size()) {
      const std::size_t space = std::min(paragraph.find(' ', pos), paragraph.size());
      const std::string_view word = paragraph.substr(pos, space - pos);
      pos = space + 1;
      const std::string joined = line.empty() ? std::string(word) : line + " " + std::string(word);
      if (width_of(joined, size) <= width + kTolerance) {
        line = joined;
        continue;
      }
      if (!line.empty()) lines.push_back(std::exchange(line, {}));
      if (width_of(word, size) <= width + kTolerance) {
        line = word;
        continue;
      }
      // The word alone is too wide: break it where it stops fitting, one code point at least
      // per line.
      std::size_t i = 0;
      while (i < word.size()) {
        std::size_t next = i;
        next_code_point(word, next);
        const std::string candidate = line + std::string(word.substr(i, next - i));
        if (!line.empty() && width_of(candidate, size) > width + kTolerance) {
          lines.push_back(std::exchange(line, {}));
          continue;
        }
        line = candidate;
        i = next;
      }
    }
    lines.push_back(line);
    if (end >= text.size()) break;
    start = end + 1;
  }
  return lines;
}

std::string PdfWriter::fit(std::string_view text, double width, double size) const {
  std::string line(text.substr(0, std::min(text.find('\n'), text.size())));
  if (width_of(line, size) <= width + kTolerance) return line;
  const std::string ellipsis = unicode_ ? "\u2026" : "...";
  std::string kept;
  for (std::size_t i = 0; i < line.size();) {
    std::size_t next = i;
    next_code_point(line, next);
    if (width_of(kept + line.substr(i, next - i) + ellipsis, size) > width + kTolerance) break;
    kept += line.substr(i, next - i);
    i = next;
  }
  return kept + ellipsis;
}

void PdfWriter::fill_rect(HPDF_Page page, double x, double y, double width, double height,
                          Colour colour) {
  HPDF_Page_SetRGBFill(page, real(colour.r), real(colour.g), real(colour.b));
  HPDF_Page_Rectangle(page, real(x), real(y), real(width), real(height));
  HPDF_Page_Fill(page);
  check("drawing a rectangle");
}

void PdfWriter::line(HPDF_Page page, double x1, double y1, double x2, double y2, double width,
                     Colour colour) {
  HPDF_Page_SetRGBStroke(page, real(colour.r), real(colour.g), real(colour.b));
  HPDF_Page_SetLineWidth(page, real(width));
  HPDF_Page_MoveTo(page, real(x1), real(y1));
  HPDF_Page_LineTo(page, real(x2), real(y2));
  HPDF_Page_Stroke(page);
  check("drawing a line");
}

std::string PdfWriter::save() {
  HPDF_SaveToStream(doc_);
  check("saving");
  const HPDF_UINT32 size = HPDF_GetStreamSize(doc_);
  std::string bytes(size, '\0');
  HPDF_UINT32 read = size;
  const HPDF_STATUS status =
      HPDF_ReadFromStream(doc_, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &read);
  check("reading the saved file");
  if ((status != HPDF_OK && status != HPDF_STREAM_EOF) || read != size) {
    throw Error(ErrorKind::kInternal, "PDF_RENDER_FAILED",
                "The PDF could not be read back (" + std::to_string(read) + " of " +
                    std::to_string(size) + " bytes).");
  }
  return bytes;
}

}  // namespace regal::pos::pdf
