// PdfDocument laid out on A4 pages: a cursor moves down the page and opens a new page whenever
// the next row does not fit; footers are drawn last, when the page count is known.
#include "regal/pos/pdf.hpp"

#include <algorithm>
#include <cmath>

#include "pdf_writer.hpp"
#include "regal/pos/sale.hpp"

namespace regal::pos {
namespace {

using pdf::Align;
using pdf::PdfWriter;
using pdf::TextStyle;

constexpr double kPageWidth = 595.276;  // A4 portrait
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 50;
constexpr double kTop = kPageHeight - kMargin;
constexpr double kBottom = 62;  // the footer lives below
constexpr double kContentWidth = kPageWidth - 2 * kMargin;

constexpr TextStyle kTitle{18, true};
constexpr TextStyle kSubtitle{11, false, pdf::kGrey};
constexpr TextStyle kSectionTitle{13, true};
constexpr TextStyle kLabel{10, false, pdf::kGrey};
constexpr TextStyle kValue{10};
constexpr TextStyle kCell{9};
constexpr TextStyle kHeaderCell{9, true};
constexpr TextStyle kChartTitle{11, true};
constexpr TextStyle kBarText{8};
constexpr TextStyle kFooter{8, false, pdf::kGrey};

double line_height(const TextStyle& style) { return style.size * 1.3; }

class Layout {
 public:
  explicit Layout(PdfWriter& writer) : w(writer) { new_page(); }

  PdfWriter& w;
  std::vector<HPDF_Page> pages;
  double y = kTop;  // top of the next thing to draw

  HPDF_Page page() const { return pages.back(); }
  bool at_top() const { return y >= kTop; }
  void new_page() {
    pages.push_back(w.add_page(kPageWidth, kPageHeight));
    y = kTop;
  }
  // Opens a new page unless `height` fits below the cursor (or the page is still empty).
  void ensure(double height) {
    if (y - height < kBottom && !at_top()) new_page();
  }
  // Wrapped text at x, `width` wide, starting at the cursor; moves the cursor below it.
  void paragraph(const std::string& text, const TextStyle& style, double x, double width) {
    for (const auto& line : w.wrap(text, width, style.size)) {
      ensure(line_height(style));
      y -= line_height(style);
      w.text(page(), x, y + style.size * 0.3, line, style);
    }
  }
};

void draw_fields(Layout& l, const std::vector<std::pair<std::string, std::string>>& fields) {
  double label_width = 0;
  for (const auto& [label, value] : fields) {
    label_width = std::max(label_width, l.w.width_of(label, kLabel.size));
  }
  label_width = std::min(label_width + 12, kContentWidth * 0.35);
  const double value_width = kContentWidth - label_width;
  for (const auto& [label, value] : fields) {
    const auto labels = l.w.wrap(label, label_width - 12, kLabel.size);
    const auto values = l.w.wrap(value, value_width, kValue.size);
    const std::size_t rows = std::max(labels.size(), values.size());
    l.ensure(static_cast<double>(rows) * line_height(kValue));
    for (std::size_t i = 0; i < rows; ++i) {
      l.y -= line_height(kValue);
      const double baseline = l.y + kValue.size * 0.3;
      if (i < labels.size()) l.w.text(l.page(), kMargin, baseline, labels[i], kLabel);
      if (i < values.size()) l.w.text(l.page(), kMargin + label_width, baseline, values[i], kValue);
    }
  }
  l.y -= 6;
}

// Column widths filling the content width: each column gets its natural width when all fit;
// otherwise every column keeps up to an equal share and the rest goes to the wider ones.
std::vector<double> column_widths(const PdfWriter& w, const PdfTable& t, std::size_t columns) {
  constexpr double kPad = 8;
  std::vector<double> natural(columns, kPad * 2);
  const auto measure = [&](const std::vector<std::string>& row, double size) {
    for (std::size_t c = 0; c < std::min(columns, row.size()); ++c) {
      natural[c] = std::max(natural[c], w.width_of(row[c], size) + kPad);
    }
  };
  measure(t.header, kHeaderCell.size * 1.05);
  for (const auto& row : t.rows) measure(row, kCell.size);
  double total = 0;
  for (double n : natural) total += n;
  std::vector<double> widths(columns);
  if (total <= kContentWidth) {
    for (std::size_t c = 0; c < columns; ++c) widths[c] = natural[c] * kContentWidth / total;
    return widths;
  }
  const double share = kContentWidth / static_cast<double>(columns);
  double used = 0, excess = 0;
  for (std::size_t c = 0; c < columns; ++c) {
    widths[c] = std::min(natural[c], share);
    used += widths[c];
    excess += natural[c] - widths[c];
  }
  for (std::size_t c = 0; c < columns; ++c) {
    widths[c] += (natural[c] - widths[c]) * (kContentWidth - used) / excess;
  }
  return widths;
}

void draw_table(Layout& l, const PdfTable& t) {
  std::size_t columns = t.header.size();
  for (const auto& row : t.rows) columns = std::max(columns, row.size());
  if (columns == 0) return;
  constexpr double kPad = 4;
  const std::vector<double> widths = column_widths(l.w, t, columns);
  const auto right = [&](std::size_t c) {
    return c < t.right_aligned.size() && t.right_aligned[c];
  };

  // One row: cells wrapped in their column, the row as tall as its tallest cell.
  const auto draw_row = [&](const std::vector<std::string>& row, const TextStyle& style,
                            bool shaded) {
    std::vector<std::vector<std::string>> cells(columns);
    std::size_t lines = 1;
    for (std::size_t c = 0; c < columns; ++c) {
      cells[c] = l.w.wrap(c < row.size() ? row[c] : "", widths[c] - 2 * kPad, style.size);
      lines = std::max(lines, cells[c].size());
    }
    const double height = static_cast<double>(lines) * line_height(style) + 2 * kPad;
    const double top = l.y;
    if (shaded) l.w.fill_rect(l.page(), kMargin, top - height, kContentWidth, height, pdf::kShade);
    double x = kMargin;
    for (std::size_t c = 0; c < columns; ++c) {
      double baseline = top - kPad - style.size;
      for (const auto& line : cells[c]) {
        if (right(c)) {
          l.w.text(l.page(), x + widths[c] - kPad, baseline, line, style, Align::kRight);
        } else {
          l.w.text(l.page(), x + kPad, baseline, line, style);
        }
        baseline -= line_height(style);
      }
      x += widths[c];
    }
    l.y = top - height;
    l.w.line(l.page(), kMargin, l.y, kMargin + kContentWidth, l.y, 0.4, pdf::kRule);
    return height;
  };
  const auto row_height = [&](const std::vector<std::string>& row, const TextStyle& style) {
    std::size_t lines = 1;
    for (std::size_t c = 0; c < std::min(columns, row.size()); ++c) {
      lines = std::max(lines, l.w.wrap(row[c], widths[c] - 2 * kPad, style.size).size());
    }
    return static_cast<double>(lines) * line_height(style) + 2 * kPad;
  };

  const bool has_header = !t.header.empty();
  const double header_height = has_header ? row_height(t.header, kHeaderCell) : 0;
  const double first_height = t.rows.empty() ? 0 : row_height(t.rows.front(), kCell);
  l.ensure(header_height + first_height);
  if (has_header) draw_row(t.header, kHeaderCell, true);
  for (const auto& row : t.rows) {
    const double height = row_height(row, kCell);
    if (l.y - height < kBottom) {
      l.new_page();  // a row is never split; the header comes along
      if (has_header) draw_row(t.header, kHeaderCell, true);
    }
    draw_row(row, kCell, false);
  }
  l.y -= 10;
}

void draw_chart(Layout& l, const PdfBarChart& chart) {
  constexpr double kRow = 16, kBar = 10, kGap = 4;
  l.ensure(line_height(kChartTitle) + kRow + 20);
  if (!chart.title.empty()) l.paragraph(chart.title, kChartTitle, kMargin, kContentWidth);
  if (chart.bars.empty()) {
    l.paragraph("No data", kLabel, kMargin, kContentWidth);
    l.y -= 10;
    return;
  }
  // Scale: from min(0, smallest) to max(0, largest), in double so that no int64 can overflow
  // and an all-zero chart (span 0) draws zero-length bars instead of dividing by zero.
  std::int64_t min_value = 0, max_value = 0;
  double label_width = 0, value_width = 0;
  for (const auto& bar : chart.bars) {
    min_value = std::min(min_value, bar.value);
    max_value = std::max(max_value, bar.value);
    label_width = std::max(label_width, l.w.width_of(bar.label, kBarText.size));
    value_width = std::max(
        value_width, l.w.width_of(format_money(bar.value, chart.value_digits), kBarText.size));
  }
  const double lo = static_cast<double>(min_value), hi = static_cast<double>(max_value);
  label_width = std::min(label_width + kGap * 2, kContentWidth * 0.3);
  const double reserve = value_width + kGap;  // room for the value beside the longest bar
  const double plot_left = kMargin + label_width + (lo < 0 ? reserve : 0);
  const double plot_width = kContentWidth - label_width - reserve - (lo < 0 ? reserve : 0);
  const double span = hi - lo;
  const auto x_of = [&](double value) {
    return span > 0 ? plot_left + (value - lo) / span * plot_width : plot_left;
  };
  const double zero = x_of(0);

  // The axes of the rows drawn on the current page, from `top` down to the cursor.
  const auto draw_axes = [&](double top) {
    l.w.line(l.page(), zero, top, zero, l.y, 0.8, pdf::kBlack);
    l.w.line(l.page(), plot_left, l.y, plot_left + plot_width, l.y, 0.5, pdf::kBlack);
    // Ticks at 0 and at the extremes of the scale, each labelled unless it would overlap 0's.
    const double baseline = l.y - kBarText.size - 2;
    const TextStyle tick{kBarText.size, false, pdf::kGrey};
    const std::string zero_text = format_money(0, chart.value_digits);
    const double zero_width = l.w.width_of(zero_text, tick.size);
    l.w.text(l.page(), zero, baseline, zero_text, tick, Align::kCentre);
    for (const std::int64_t end : {min_value, max_value}) {
      const double x = x_of(static_cast<double>(end));
      if (end == 0) continue;
      l.w.line(l.page(), x, l.y, x, l.y - 3, 0.5, pdf::kBlack);
      const std::string text = format_money(end, chart.value_digits);
      if (std::fabs(x - zero) > (l.w.width_of(text, tick.size) + zero_width) / 2 + 6) {
        l.w.text(l.page(), x, baseline, text, tick, Align::kCentre);
      }
    }
    l.y -= kBarText.size + 8;
  };

  double top = l.y;
  for (const auto& bar : chart.bars) {
    if (l.y - kRow - (kBarText.size + 8) < kBottom) {
      draw_axes(top);
      l.new_page();
      if (!chart.title.empty()) {
        l.paragraph(chart.title + " (continued)", kChartTitle, kMargin, kContentWidth);
      }
      top = l.y;
    }
    l.y -= kRow;
    const double baseline = l.y + (kRow - kBarText.size) / 2 + 1;
    l.w.text(l.page(), kMargin + label_width - kGap, baseline,
             l.w.fit(bar.label, label_width - kGap * 2, kBarText.size), kBarText, Align::kRight);
    const double end = x_of(static_cast<double>(bar.value));
    if (std::fabs(end - zero) > 0.01) {
      l.w.fill_rect(l.page(), std::min(zero, end), l.y + (kRow - kBar) / 2, std::fabs(end - zero),
                    kBar, pdf::kBarColour);
    }
    const std::string value = format_money(bar.value, chart.value_digits);
    if (bar.value < 0) {
      l.w.text(l.page(), end - kGap, baseline, value, kBarText, Align::kRight);
    } else {
      l.w.text(l.page(), end + kGap, baseline, value, kBarText);
    }
  }
  draw_axes(top);
  l.y -= 6;
}

void draw_section(Layout& l, const PdfSection& s) {
  if (!s.title.empty()) {
    l.ensure(line_height(kSectionTitle) + 60);  // never a title alone at the foot of a page
    l.y -= 6;
    l.paragraph(s.title, kSectionTitle, kMargin, kContentWidth);
    l.y -= 3;
    l.w.line(l.page(), kMargin, l.y, kMargin + kContentWidth, l.y, 0.8, pdf::kBlack);
    l.y -= 6;
  }
  if (!s.fields.empty()) draw_fields(l, s.fields);
  if (s.table) draw_table(l, *s.table);
  if (s.chart) draw_chart(l, *s.chart);
  l.y -= 8;
}

void draw_footers(Layout& l, const std::string& footer) {
  const std::size_t count = l.pages.size();
  for (std::size_t i = 0; i < count; ++i) {
    HPDF_Page page = l.pages[i];
    l.w.line(page, kMargin, 48, kMargin + kContentWidth, 48, 0.4, pdf::kRule);
    const std::string number = "Page " + std::to_string(i + 1) + " of " + std::to_string(count);
    const double number_width = l.w.width_of(number, kFooter.size);
    if (!footer.empty()) {
      l.w.text(page, kMargin, 36, l.w.fit(footer, kContentWidth - number_width - 12, kFooter.size),
               kFooter);
    }
    l.w.text(page, kMargin + kContentWidth, 36, number, kFooter, Align::kRight);
  }
}

}  // namespace

std::string render_pdf(const PdfDocument& document, const PdfOptions& options) {
  PdfWriter writer(options, document.title);
  Layout layout(writer);
  if (!document.title.empty()) layout.paragraph(document.title, kTitle, kMargin, kContentWidth);
  if (!document.subtitle.empty()) {
    layout.y -= 2;
    layout.paragraph(document.subtitle, kSubtitle, kMargin, kContentWidth);
  }
  layout.y -= 10;
  for (const auto& section : document.sections) draw_section(layout, section);
  draw_footers(layout, document.footer);
  return writer.save();
}

}  // namespace regal::pos
