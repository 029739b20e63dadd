// Plain-text receipts for 42-column thermal printers.
#include <algorithm>

#include "regal/core/text.hpp"
#include "regal/pos/sale.hpp"

namespace regal::pos {
namespace {

constexpr std::size_t kWidth = 42;

// The first `width` characters (code points) of `text`.
std::string clip(const std::string& text, std::size_t width) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && chars++ == width) {
      return text.substr(0, i);
    }
  }
  return text;
}

std::string pad_right(const std::string& text, std::size_t width) {
  const std::string c = clip(text, width);
  return c + std::string(width - std::min(width, code_points(c)), ' ');
}

// `left` and `right` on one line, the right part flush with the edge; when both do not fit,
// `left` gets a line of its own (a long document number is never cut).
std::string spread(const std::string& left, const std::string& right) {
  const std::size_t r = std::min(kWidth, code_points(right));
  if (code_points(left) + 1 + r > kWidth) {
    return pad_right(left, kWidth) + "\n" + std::string(kWidth - r, ' ') + clip(right, r) + "\n";
  }
  return pad_right(left, kWidth - r - 1) + " " + right + "\n";
}

std::string centre(const std::string& text) {
  const std::string c = clip(text, kWidth);
  const std::size_t pad = (kWidth - code_points(c)) / 2;
  return std::string(pad, ' ') + c + "\n";
}

void add_block(const std::string& text, std::string& out) {
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!has_control_chars(line)) out += centre(line);
    start = end + 1;
  }
}

}  // namespace

std::string format_money(std::int64_t amount, int digits) {
  const bool negative = amount < 0;
  const std::uint64_t magnitude =
      negative ? 0 - static_cast<std::uint64_t>(amount) : static_cast<std::uint64_t>(amount);
  std::string text = std::to_string(magnitude);
  if (digits > 0) {
    const auto d = static_cast<std::size_t>(digits);
    if (text.size() <= d) text.insert(0, d + 1 - text.size(), '0');
    text.insert(text.size() - d, ".");
  }
  return negative ? "-" + text : text;
}

std::string format_receipt_text(const Sale& sale, const ReceiptContext& c, int duplicate) {
  const int d = c.currency_digits;
  const std::string rule(kWidth, '-');
  std::string out;
  out += centre(c.branch_name);
  if (!c.branch_address.empty()) out += centre(c.branch_address);
  if (!c.branch_phone.empty()) out += centre(c.branch_phone);
  add_block(c.header, out);
  if (duplicate > 0) out += centre("*** DUPLICATE #" + std::to_string(duplicate) + " ***");
  out += rule + "\n";
  out += spread("No. " + sale.number, c.local_time);
  if (sale.status == "void") out += centre("*** VOID ***");
  out += rule + "\n";
  for (const auto& l : sale.lines) {
    out += pad_right(l.description, kWidth) + "\n";
    out += spread("  " + std::to_string(l.qty) + " x " + format_money(l.unit_price, d),
                  format_money(l.figures.total, d));
    const std::int64_t off = l.figures.line_discount + l.figures.order_discount;
    if (off != 0) out += spread("  discount", format_money(-off, d));
  }
  out += rule + "\n";
  out += spread("TOTAL " + c.currency, format_money(sale.total, d));
  for (const auto& t : sale.taxes) {
    out += spread("  tax " + format_money(t.rate_bp, 2) + "% of " + format_money(t.taxable, d),
                  format_money(t.tax, d));
  }
  for (const auto& p : sale.payments) {
    out += spread(std::string(to_string(p.method)), format_money(p.amount, d));
  }
  if (sale.change != 0) out += spread("change", format_money(sale.change, d));
  out += rule + "\n";
  add_block(c.footer, out);
  return out;
}

}  // namespace regal::pos
