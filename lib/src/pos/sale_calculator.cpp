#include "regal/pos/sale_calculator.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <numeric>
#include <stdexcept>
#include <utility>

#include "regal/core/error.hpp"

namespace regal::pos {

namespace {

// Every product of two int64 fits in 128 bits, so each rounding below is exact.
__extension__ using i128 = __int128;

constexpr std::int64_t kBasisPoints = 10000;
constexpr i128 kInt64Max = std::numeric_limits<std::int64_t>::max();
constexpr i128 kInt64Min = std::numeric_limits<std::int64_t>::min();

bool fits(i128 v) { return v >= kInt64Min && v <= kInt64Max; }

// n / d rounded half-even, d > 0.
i128 div_half_even(i128 n, i128 d) {
  const bool negative = n < 0;
  const i128 magnitude = negative ? -n : n;
  i128 q = magnitude / d;
  const i128 twice_r = 2 * (magnitude % d);
  if (twice_r > d || (twice_r == d && q % 2 != 0)) ++q;
  return negative ? -q : q;
}

// floor(amount × m / qty) for amount ≥ 0, 0 ≤ m ≤ qty: the cumulative share of m units.
std::int64_t cumulative(std::int64_t amount, std::int64_t m, std::int64_t qty) {
  return static_cast<std::int64_t>(i128{amount} * m / qty);
}

std::string line_path(std::size_t i, const char* field) {
  return "lines[" + std::to_string(i) + "]." + field;
}

void validate_lines(const std::vector<LineInput>& lines, std::vector<FieldError>& errors) {
  if (lines.empty()) errors.push_back({"lines", "required", "Give at least one line."});
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const LineInput& l = lines[i];
    if (l.qty < 1)
      errors.push_back({line_path(i, "qty"), "must_be_positive", "Must be at least 1."});
    if (l.unit_price < 0) {
      errors.push_back({line_path(i, "unit_price"), "out_of_range", "Must be at least 0."});
    }
    if (l.discount_bp < 0 || l.discount_bp > kBasisPoints) {
      errors.push_back({line_path(i, "discount"), "out_of_range", "Must be 0–10000 basis points."});
    }
    if (l.tax_rate_bp < 0 || l.tax_rate_bp > kBasisPoints) {
      errors.push_back({line_path(i, "tax_rate"), "out_of_range", "Must be 0–10000 basis points."});
    }
    if (l.qty >= 1 && l.unit_price >= 0 && !fits(i128{l.qty} * l.unit_price)) {
      errors.push_back(
          {line_path(i, "qty"), "out_of_range", "Quantity × price is beyond the largest amount."});
    }
  }
}

void validate_discount(const OrderDiscount& d, std::vector<FieldError>& errors) {
  if (d.percent_bp && d.amount) {
    errors.push_back({"discount", "conflict", "Give percent_bp or amount, not both."});
  }
  if (d.percent_bp && (*d.percent_bp < 0 || *d.percent_bp > kBasisPoints)) {
    errors.push_back({"discount.percent_bp", "out_of_range", "Must be 0–10000 basis points."});
  }
  if (d.amount && *d.amount < 0) {
    errors.push_back({"discount.amount", "out_of_range", "Must be at least 0."});
  }
}

[[noreturn]] void throw_too_large() {
  throw Error::validation(
      {{"lines", "out_of_range", "The sale's total is beyond the largest amount."}});
}

// Spreads `discount` (0 ≤ discount ≤ Σ base) over the lines in proportion to `base`: the floor of
// each exact share, then one minor unit each to the largest remainders, ties to the earlier line.
std::vector<std::int64_t> spread(std::int64_t discount, const std::vector<std::int64_t>& base,
                                 i128 base_sum) {
  std::vector<std::int64_t> share(base.size(), 0);
  if (discount == 0 || base_sum == 0) return share;
  std::vector<i128> remainder(base.size(), 0);
  i128 left = discount;
  for (std::size_t i = 0; i < base.size(); ++i) {
    const i128 exact = i128{discount} * base[i];
    share[i] = static_cast<std::int64_t>(exact / base_sum);
    remainder[i] = exact % base_sum;
    left -= share[i];
  }
  std::vector<std::size_t> order(base.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&remainder](std::size_t a, std::size_t b) {
    return remainder[a] > remainder[b];
  });
  // left < the number of non-zero remainders (Σ remainder = left × Σ base, each < Σ base), so no
  // line gets more than its exact share rounded up.
  for (std::size_t k = 0; left > 0; ++k, --left) ++share[order[k]];
  return share;
}

}  // namespace

std::int64_t mul_div_half_even(std::int64_t a, std::int64_t b, std::int64_t denominator) {
  if (denominator <= 0) throw std::invalid_argument("mul_div_half_even: denominator must be > 0");
  const i128 q = div_half_even(i128{a} * b, denominator);
  if (!fits(q)) throw std::overflow_error("mul_div_half_even: result beyond int64");
  return static_cast<std::int64_t>(q);
}

SaleFigures calculate_sale(const std::vector<LineInput>& lines, const OrderDiscount& discount) {
  std::vector<FieldError> errors;
  validate_lines(lines, errors);
  validate_discount(discount, errors);
  if (!errors.empty()) throw Error::validation(std::move(errors));

  SaleFigures out;
  out.lines.resize(lines.size());
  std::vector<std::int64_t> base(lines.size());
  i128 subtotal = 0;
  i128 base_sum = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    LineFigures& f = out.lines[i];
    f.gross = lines[i].qty * lines[i].unit_price;  // checked by validate_lines
    f.line_discount = mul_div_half_even(f.gross, lines[i].discount_bp, kBasisPoints);
    base[i] = f.gross - f.line_discount;
    subtotal += f.gross;
    base_sum += base[i];
  }
  if (!fits(subtotal)) throw_too_large();

  std::int64_t order_discount = 0;
  if (discount.percent_bp) {
    order_discount =
        mul_div_half_even(static_cast<std::int64_t>(base_sum), *discount.percent_bp, kBasisPoints);
  } else if (discount.amount) {
    if (*discount.amount > base_sum) {
      throw Error::validation({{"discount.amount", "out_of_range",
                                "At most the lines' amount after their discounts (" +
                                    std::to_string(static_cast<std::int64_t>(base_sum)) + ")."}});
    }
    order_discount = *discount.amount;
  }
  const std::vector<std::int64_t> share = spread(order_discount, base, base_sum);

  i128 discount_total = 0;
  i128 tax_total = 0;
  i128 total = 0;
  std::map<std::int64_t, TaxLine> by_rate;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const LineInput& in = lines[i];
    LineFigures& f = out.lines[i];
    f.order_discount = share[i];
    const std::int64_t amount = base[i] - share[i];
    if (in.tax_inclusive) {
      f.tax = mul_div_half_even(amount, in.tax_rate_bp, kBasisPoints + in.tax_rate_bp);
      f.net = amount - f.tax;
      f.total = amount;
    } else {
      f.tax = mul_div_half_even(amount, in.tax_rate_bp, kBasisPoints);
      f.net = amount;
      if (!fits(i128{amount} + f.tax)) throw_too_large();
      f.total = amount + f.tax;
    }
    discount_total += i128{f.line_discount} + f.order_discount;
    tax_total += f.tax;
    total += f.total;
    TaxLine& t = by_rate[in.tax_rate_bp];
    t.rate_bp = in.tax_rate_bp;
    t.taxable += f.net;  // Σ net ≤ Σ gross and Σ tax ≤ total, both checked below
    t.tax += f.tax;
  }
  if (!fits(total)) throw_too_large();
  out.subtotal = static_cast<std::int64_t>(subtotal);
  out.discount_total = static_cast<std::int64_t>(discount_total);
  out.tax_total = static_cast<std::int64_t>(tax_total);
  out.total = static_cast<std::int64_t>(total);
  out.taxes.reserve(by_rate.size());
  for (const auto& entry : by_rate) out.taxes.push_back(entry.second);
  return out;
}

PaymentFigures settle_payments(std::int64_t total, const std::vector<PaymentInput>& payments) {
  std::vector<FieldError> errors;
  i128 paid = 0;
  i128 cash = 0;
  for (std::size_t i = 0; i < payments.size(); ++i) {
    const PaymentInput& p = payments[i];
    if (p.amount <= 0) {
      errors.push_back({"payments[" + std::to_string(i) + "].amount", "must_be_positive",
                        "Must be at least 1."});
      continue;
    }
    paid += p.amount;
    if (p.method == PaymentMethod::kCash) cash += p.amount;
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  if (!fits(paid)) {
    throw Error::validation(
        {{"payments", "out_of_range", "The payments are beyond the largest amount."}});
  }
  if (paid < total) {
    throw Error(ErrorKind::kInvalid, "INSUFFICIENT_PAYMENT",
                "The payments (" + std::to_string(static_cast<std::int64_t>(paid)) +
                    ") are short of the total (" + std::to_string(total) + ").");
  }
  const i128 change = paid - total;
  if (change > cash) {
    throw Error(ErrorKind::kInvalid, "CHANGE_WITHOUT_CASH",
                "Only cash can be over-tendered: the change (" +
                    std::to_string(static_cast<std::int64_t>(change)) +
                    ") is more than the cash given (" +
                    std::to_string(static_cast<std::int64_t>(cash)) + ").");
  }
  return {static_cast<std::int64_t>(paid), static_cast<std::int64_t>(change)};
}

LineFigures refund_share(const LineFigures& sold, std::int64_t line_qty, std::int64_t already,
                         std::int64_t qty) {
  if (line_qty < 1 || already < 0 || qty < 1 || qty > line_qty - already || sold.gross < 0 ||
      sold.line_discount < 0 || sold.order_discount < 0 || sold.net < 0 || sold.tax < 0 ||
      sold.total < 0) {
    throw std::invalid_argument(
        "refund_share: need 0 < qty, 0 ≤ already, already + qty ≤ line_qty, amounts ≥ 0");
  }
  const std::int64_t upto = already + qty;
  const auto part = [&](std::int64_t amount) {
    return cumulative(amount, upto, line_qty) - cumulative(amount, already, line_qty);
  };
  return {part(sold.gross), part(sold.line_discount), part(sold.order_discount),
          part(sold.net),   part(sold.tax),           part(sold.total)};
}

const char* to_string(PaymentMethod method) {
  switch (method) {
    case PaymentMethod::kCash:
      return "cash";
    case PaymentMethod::kCard:
      return "card";
    case PaymentMethod::kOther:
      return "other";
    case PaymentMethod::kOnAccount:
      return "on_account";
    case PaymentMethod::kDeposit:
      return "deposit";
  }
  return "other";
}

std::optional<PaymentMethod> parse_payment_method(const std::string& text) {
  for (const PaymentMethod m : {PaymentMethod::kCash, PaymentMethod::kCard, PaymentMethod::kOther,
                                PaymentMethod::kOnAccount, PaymentMethod::kDeposit}) {
    if (text == to_string(m)) return m;
  }
  return std::nullopt;
}

}  // namespace regal::pos
