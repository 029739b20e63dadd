// The receipt on 80 mm thermal paper: rows are laid out first (wrapped to the paper width), then
// one page exactly as tall as they are is drawn.
#include "regal/pos/receipt_pdf.hpp"

#include <algorithm>

#include "pdf_writer.hpp"
#include "regal/core/text.hpp"

namespace regal::pos {
namespace {

using pdf::Align;
using pdf::PdfWriter;
using pdf::TextStyle;

constexpr double kPaperWidth = 80 * pdf::kPointsPerMm;
constexpr double kMargin = 4 * pdf::kPointsPerMm;
constexpr double kWidth = kPaperWidth - 2 * kMargin;
constexpr double kMinHeight = 60 * pdf::kPointsPerMm;
constexpr double kGap = 6;  // between a label and its amount
// PDF pages are at most 200 inches long (libharu refuses more): a longer receipt (hundreds of
// lines) continues on a second strip.
constexpr double kMaxHeight = 14400;

constexpr TextStyle kBody{8};
constexpr TextStyle kSmall{7, false, pdf::kGrey};
constexpr TextStyle kShop{11, true};
constexpr TextStyle kMark{10, true};
constexpr TextStyle kTotal{11, true};

class ReceiptLayout {
 public:
  explicit ReceiptLayout(PdfWriter& writer) : w_(writer) {}

  void centre(const std::string& text, const TextStyle& style) {
    for (auto& line : w_.wrap(text, kWidth, style.size)) {
      rows_.push_back({std::move(line), "", style, Align::kCentre, false});
    }
  }
  // Multi-line branch texts; lines holding control characters are left out, as on paper.
  void block(const std::string& text, const TextStyle& style) {
    std::size_t start = 0;
    while (start < text.size()) {
      const std::size_t end = std::min(text.find('\n', start), text.size());
      std::string line = text.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!has_control_chars(line)) centre(line, style);
      start = end + 1;
    }
  }
  void left(const std::string& text, const TextStyle& style) {
    for (auto& line : w_.wrap(text, kWidth, style.size)) {
      rows_.push_back({std::move(line), "", style, Align::kLeft, false});
    }
  }
  // `label` on the left and `amount` flush right on one line when both fit. Otherwise the label
  // gets the width to itself and the amount follows flush right on the next line; a `whole`
  // label (a document number) is then set smaller rather than cut.
  void spread(const std::string& label, const std::string& amount, const TextStyle& style,
              bool whole = false) {
    const double right = w_.width_of(amount, style.size);
    if (w_.width_of(label, style.size) + kGap + right <= kWidth) {
      rows_.push_back({label, amount, style, Align::kLeft, false});
      return;
    }
    if (whole) {
      rows_.push_back({label, "", shrunk(label, style), Align::kLeft, false});
    } else {
      left(label, style);
    }
    if (!amount.empty()) rows_.push_back({"", amount, shrunk(amount, style), Align::kLeft, false});
  }
  void rule() { rows_.push_back({"", "", kBody, Align::kLeft, true}); }

  // Draws the rows on pages as tall as they need, up to kMaxHeight each.
  void draw() {
    std::size_t first = 0;
    while (first < rows_.size()) {
      double height = 2 * kMargin;
      std::size_t last = first;
      while (last < rows_.size() && height + row_height(rows_[last]) <= kMaxHeight) {
        height += row_height(rows_[last++]);
      }
      height = std::max(height, kMinHeight);
      draw(w_.add_page(kPaperWidth, height), height - kMargin, first, last);
      first = last;
    }
  }

 private:
  struct Row {
    std::string left;
    std::string right;
    TextStyle style;
    Align align;
    bool rule;
  };
  static double row_height(const Row& r) { return r.rule ? 6 : r.style.size * 1.35; }

  // `style` with its size reduced (to 4 pt at least) until `text` fits on one line.
  TextStyle shrunk(const std::string& text, TextStyle style) const {
    const double width = w_.width_of(text, style.size);
    if (width > kWidth) style.size = std::max(4.0, style.size * kWidth / width);
    return style;
  }

  void draw(HPDF_Page page, double top, std::size_t first, std::size_t last) {
    double y = top;
    for (std::size_t i = first; i < last; ++i) {
      const Row& r = rows_[i];
      y -= row_height(r);
      if (r.rule) {
        w_.line(page, kMargin, y + 3, kMargin + kWidth, y + 3, 0.5, pdf::kBlack);
        continue;
      }
      const double baseline = y + r.style.size * 0.3;
      const double x = r.align == Align::kCentre ? kMargin + kWidth / 2 : kMargin;
      w_.text(page, x, baseline, r.left, r.style, r.align);
      if (!r.right.empty()) {
        w_.text(page, kMargin + kWidth, baseline, r.right, r.style, Align::kRight);
      }
    }
  }

  PdfWriter& w_;
  std::vector<Row> rows_;
};

std::string payment_label(PaymentMethod method) {
  switch (method) {
    case PaymentMethod::kCash:
      return "Cash";
    case PaymentMethod::kCard:
      return "Card";
    case PaymentMethod::kOther:
      return "Other";
    case PaymentMethod::kOnAccount:
      return "On account";
    case PaymentMethod::kDeposit:
      return "Deposit";
  }
  return to_string(method);
}

}  // namespace

std::string receipt_pdf(const Sale& sale, const ReceiptContext& c, int duplicate,
                        const PdfOptions& options) {
  PdfWriter writer(options, "Receipt " + sale.number);
  ReceiptLayout r(writer);
  const int d = c.currency_digits;
  const auto money = [d](std::int64_t amount) { return format_money(amount, d); };

  r.centre(c.branch_name, kShop);
  if (!c.branch_address.empty()) r.centre(c.branch_address, kBody);
  if (!c.branch_phone.empty()) r.centre(c.branch_phone, kBody);
  r.block(c.header, kBody);
  if (duplicate > 0) r.centre("*** DUPLICATE #" + std::to_string(duplicate) + " ***", kMark);
  r.rule();
  r.spread("No. " + sale.number, c.local_time, kBody, true);
  if (!c.register_code.empty()) r.left("Register " + c.register_code, kSmall);
  if (sale.status == "void") r.centre("*** VOID ***", kMark);
  r.rule();
  for (const auto& l : sale.lines) {
    r.left(l.description, kBody);
    r.spread("   " + std::to_string(l.qty) + " x " + money(l.unit_price), money(l.figures.total),
             kBody);
    const std::int64_t off = l.figures.line_discount + l.figures.order_discount;
    if (off != 0) r.spread("   discount", money(-off), kSmall);
  }
  r.rule();
  if (sale.discount_total != 0) {
    r.spread("Subtotal", money(sale.subtotal), kBody);
    r.spread("Discounts", money(-sale.discount_total), kBody);
  }
  r.spread("TOTAL " + c.currency, money(sale.total), kTotal);
  for (const auto& t : sale.taxes) {
    r.spread("Tax " + format_money(t.rate_bp, 2) + "% of " + money(t.taxable), money(t.tax),
             kSmall);
  }
  for (const auto& p : sale.payments) r.spread(payment_label(p.method), money(p.amount), kBody);
  if (sale.change != 0) r.spread("Change", money(sale.change), kBody);
  r.rule();
  r.block(c.footer, kBody);

  r.draw();
  return writer.save();
}

}  // namespace regal::pos
