#pragma once
// Money and tax of a sale — pure functions, the one place Regal computes them, so a desktop till
// computes exactly what the server stores. All amounts are int64 minor units, rates and discounts
// integer basis points (1750 = 17.50 %); every rounding is half-even to the minor unit
// (docs/MONEY.md).
//
// Per line:   gross = qty × unit_price
//             line_discount = round(gross × discount_bp / 10000)
//             net = gross − line_discount
// Order discount (percent of Σ net, or a fixed amount ≤ Σ net) is spread over the lines in
// proportion to their net: each line gets floor(D × net_i / Σ net), and the cents left over go one
// each to the lines with the largest remainders (ties: the earlier line). Then
//             amount = net − order_share          (what the customer pays for the line)
//   inclusive: tax = round(amount × rate / (10000 + rate)), total = amount
//   exclusive: tax = round(amount × rate / 10000),          total = amount + tax
// Invoice:    subtotal = Σ gross, discount_total = Σ (line_discount + order_share),
//             tax_total = Σ tax, total = Σ line totals; taxes grouped by rate.
// Payments:   paid = Σ payments; change = paid − total, and only cash can be over-tendered
//             (change ≤ Σ cash), so total = paid − change always.
// Refunds:    refunding k more units of a line whose first r units were refunded before gives
//             F(r + k) − F(r) of each amount, F(m) = round_down(amount × m / qty) with F(qty) =
//             amount, so refunding every unit returns exactly the line's figures.
//
// Errors (throw regal::Error, kind kInvalid, code as named, with field errors where they apply):
// a qty < 1, a negative price, a discount outside 0–10000, a fixed discount above Σ net, a
// product qty × price beyond int64 → VALIDATION_FAILED; payments short of the total →
// INSUFFICIENT_PAYMENT; change when no cash was given → CHANGE_WITHOUT_CASH.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace regal::pos {

// a × b / denominator rounded half-even (denominator > 0), computed exactly in 128 bits; throws
// std::overflow_error when the result does not fit in int64.
std::int64_t mul_div_half_even(std::int64_t a, std::int64_t b, std::int64_t denominator);

struct LineInput {
  std::int64_t qty = 1;
  std::int64_t unit_price = 0;   // minor units, ≥ 0
  std::int64_t discount_bp = 0;  // line discount, 0–10000
  std::int64_t tax_rate_bp = 0;  // 0–10000
  bool tax_inclusive = true;
};

struct OrderDiscount {
  std::optional<std::int64_t> percent_bp;  // 0–10000 of Σ net
  std::optional<std::int64_t> amount;      // fixed, 0 ≤ amount ≤ Σ net
};

// kDeposit is never tendered at a till: it is a custom order's deposits applied to the invoice
// that delivers the order (docs/SALES.md, "Custom orders"). It cannot be over-tendered.
enum class PaymentMethod { kCash, kCard, kOther, kOnAccount, kDeposit };

struct PaymentInput {
  PaymentMethod method = PaymentMethod::kCash;
  std::int64_t amount = 0;  // > 0
};

struct LineFigures {
  std::int64_t gross = 0;
  std::int64_t line_discount = 0;
  std::int64_t order_discount = 0;  // this line's share of the order discount
  std::int64_t net = 0;             // amount without tax (total − tax)
  std::int64_t tax = 0;
  std::int64_t total = 0;
};

struct TaxLine {
  std::int64_t rate_bp = 0;
  std::int64_t taxable = 0;  // Σ net of the lines at this rate
  std::int64_t tax = 0;
};

struct SaleFigures {
  std::vector<LineFigures> lines;  // same order as the input lines
  std::int64_t subtotal = 0;
  std::int64_t discount_total = 0;
  std::int64_t tax_total = 0;
  std::int64_t total = 0;
  std::vector<TaxLine> taxes;  // ascending rate
};

struct PaymentFigures {
  std::int64_t paid = 0;
  std::int64_t change = 0;
};

// Field errors use "lines[i].qty", "discount.amount", … as paths.
SaleFigures calculate_sale(const std::vector<LineInput>& lines, const OrderDiscount& discount);

// Checks tenders against `total`: every amount > 0 ("payments[i].amount"), paid ≥ total, change
// only from cash.
PaymentFigures settle_payments(std::int64_t total, const std::vector<PaymentInput>& payments);

// What refunding `qty` more units of a sold line returns, `already` units having been refunded
// before (0 < qty, already + qty ≤ line_qty).
LineFigures refund_share(const LineFigures& sold, std::int64_t line_qty, std::int64_t already,
                         std::int64_t qty);

const char* to_string(PaymentMethod method);  // "cash" | "card" | "other" | "on_account" | "deposit"
std::optional<PaymentMethod> parse_payment_method(const std::string& text);

}  // namespace regal::pos
