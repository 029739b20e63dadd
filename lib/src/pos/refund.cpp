#include "regal/pos/refund.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "regal/auth/auth_service.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/core/text.hpp"

namespace regal::pos {
namespace {

__extension__ using i128 = __int128;

constexpr std::size_t kMaxLines = 500;
constexpr std::size_t kMaxPayments = 20;
constexpr std::size_t kMaxReason = 500;

std::string at(std::size_t i, const char* field) {
  return "lines[" + std::to_string(i) + "]." + field;
}

// floor(total_m × tax / total): the tax inside the first m units' share total_m of the line total.
std::int64_t tax_within(std::int64_t total_m, const LineFigures& sold) {
  return static_cast<std::int64_t>(i128{total_m} * sold.tax / sold.total);
}

void check_payments(const RefundRequest& r, std::vector<FieldError>& errors) {
  if (r.payments.size() > kMaxPayments) {
    errors.push_back({"payments", "too_many", "At most 20 payments."});
  }
  for (std::size_t i = 0; i < r.payments.size(); ++i) {
    if (r.payments[i].amount < 1) {
      errors.push_back({"payments[" + std::to_string(i) + "].amount", "must_be_positive",
                        "Give an amount of at least 1."});
    }
  }
}

}  // namespace

const char* to_string(Disposition disposition) {
  return disposition == Disposition::kDamaged ? "damaged" : "restock";
}

std::optional<Disposition> parse_disposition(const std::string& text) {
  if (text == "restock") return Disposition::kRestock;
  if (text == "damaged") return Disposition::kDamaged;
  return std::nullopt;
}

const char* to_string(RefundMethod method) {
  switch (method) {
    case RefundMethod::kCash:
      return "cash";
    case RefundMethod::kCard:
      return "card";
    case RefundMethod::kOther:
      return "other";
    case RefundMethod::kStoreCredit:
      return "store_credit";
  }
  return "other";
}

std::optional<RefundMethod> parse_refund_method(const std::string& text) {
  for (const RefundMethod m : {RefundMethod::kCash, RefundMethod::kCard, RefundMethod::kOther,
                               RefundMethod::kStoreCredit}) {
    if (text == to_string(m)) return m;
  }
  return std::nullopt;
}

LineFigures refund_line_figures(const LineFigures& sold, std::int64_t line_qty,
                                std::int64_t already, std::int64_t qty) {
  LineFigures f = refund_share(sold, line_qty, already, qty);  // validates the arguments
  // A sold line has net = total − tax with 0 ≤ tax ≤ total; anything else keeps refund_share's
  // independent shares rather than guess.
  if (sold.total <= 0 || sold.tax > sold.total) return f;
  const auto total_upto = [&](std::int64_t m) {
    return static_cast<std::int64_t>(i128{sold.total} * m / line_qty);
  };
  f.tax = tax_within(total_upto(already + qty), sold) - tax_within(total_upto(already), sold);
  f.net = f.total - f.tax;
  return f;
}

void check_refund_request(const RefundRequest& r) {
  std::vector<FieldError> errors;
  if (r.shift_id.empty()) {
    errors.push_back({"shift_id", "required", "Name the open shift paying the refund."});
  } else if (!is_uuid(r.shift_id)) {
    errors.push_back({"shift_id", "invalid_id", "Give a UUID."});
  }
  if (!r.client_id.empty() && !is_uuid(r.client_id)) {
    errors.push_back({"client_id", "invalid_id", "Give a UUID."});
  }
  if (r.lines.empty()) {
    errors.push_back({"lines", "required", "A refund needs at least one line."});
  }
  if (r.lines.size() > kMaxLines) errors.push_back({"lines", "too_many", "At most 500 lines."});
  for (std::size_t i = 0; i < r.lines.size(); ++i) {
    const RefundLineRequest& l = r.lines[i];
    if (l.line_id.empty()) {
      errors.push_back({at(i, "line_id"), "required", "Name the invoice line."});
    } else if (!is_uuid(l.line_id)) {
      errors.push_back({at(i, "line_id"), "invalid_id", "Give a UUID."});
    }
    if (l.qty < 1) {
      errors.push_back({at(i, "qty"), "must_be_positive", "Give a quantity of at least 1."});
    }
  }
  check_payments(r, errors);
  if (code_points(r.reason) > kMaxReason || has_control_chars(r.reason)) {
    errors.push_back({"reason", "invalid_text", "At most 500 characters, on one line."});
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
}

Refund compute_refund(const RefundRequest& request, const RefundableSale& sale) {
  if (sale.status != "completed") {
    throw Error::conflict("SALE_VOID", "Sale " + sale.number + " is void: nothing to refund.");
  }
  std::map<std::string, const RefundableLine*> by_id;
  for (const auto& l : sale.lines) by_id.emplace(l.id, &l);

  std::vector<FieldError> unknown;
  for (std::size_t i = 0; i < request.lines.size(); ++i) {
    if (by_id.count(request.lines[i].line_id) == 0) {
      unknown.push_back({at(i, "line_id"), "not_in_sale", "This line is not a line of the sale."});
    }
  }
  if (!unknown.empty()) {
    throw Error(ErrorKind::kUnprocessable, "UNKNOWN_SALE_LINE",
                "A refund line names no line of sale " + sale.number + ".", std::move(unknown));
  }

  Refund refund;
  std::map<std::string, std::int64_t> taken;  // sale line → units this refund takes so far
  std::vector<FieldError> over;
  std::string first_over;
  for (std::size_t i = 0; i < request.lines.size(); ++i) {
    const RefundLineRequest& want = request.lines[i];
    const RefundableLine& sold = *by_id.at(want.line_id);
    const std::int64_t already = sold.refunded_qty + taken[sold.id];
    const std::int64_t left = sold.qty - already;
    if (want.qty > left) {
      over.push_back({at(i, "qty"), "exceeds_refundable",
                      "Refundable: " + std::to_string(std::max<std::int64_t>(left, 0)) + "."});
      if (first_over.empty()) {
        first_over = "Only " + std::to_string(std::max<std::int64_t>(left, 0)) + " of line " +
                     std::to_string(i + 1) + " (" + sold.sku + (sold.sku.empty() ? "" : " ") +
                     sold.description + ") can still be refunded; the refund asks for " +
                     std::to_string(want.qty) + ".";
      }
      continue;
    }
    taken[sold.id] += want.qty;
    RefundLine line;
    line.line_no = static_cast<int>(i + 1);
    line.sale_line_id = sold.id;
    line.product_id = sold.product_id;
    line.category_id = sold.category_id;
    line.sku = sold.sku;
    line.description = sold.description;
    line.qty = want.qty;
    line.disposition = want.disposition;
    line.tax_rate_bp = sold.tax_rate_bp;
    line.figures = refund_line_figures(sold.figures, sold.qty, already, want.qty);
    line.cost = mul_div_half_even(sold.unit_cost, want.qty, 1);
    refund.lines.push_back(std::move(line));
  }
  if (!over.empty()) {
    throw Error(ErrorKind::kConflict, "REFUND_EXCEEDS_SOLD", first_over, std::move(over));
  }

  std::map<std::int64_t, TaxLine> taxes;
  for (const auto& l : refund.lines) {
    refund.gross += l.figures.gross;
    refund.discount_total += l.figures.line_discount + l.figures.order_discount;
    refund.net += l.figures.net;
    refund.tax_total += l.figures.tax;
    refund.total += l.figures.total;
    refund.cost += l.cost;
    TaxLine& t = taxes[l.tax_rate_bp];
    t.rate_bp = l.tax_rate_bp;
    t.taxable += l.figures.net;
    t.tax += l.figures.tax;
  }
  for (const auto& [rate, t] : taxes) refund.taxes.push_back(t);
  if (refund.total <= 0) {
    throw Error::conflict("NOTHING_TO_REFUND",
                          "These units refund nothing (0.00); correct the stock instead.");
  }

  if (request.payments.empty()) {
    refund.payments.push_back({RefundMethod::kCash, refund.total});
  } else {
    i128 paid = 0;
    for (std::size_t i = 0; i < request.payments.size(); ++i) {
      const RefundPayment& p = request.payments[i];
      if (p.method == RefundMethod::kStoreCredit && sale.customer_id.empty()) {
        throw Error(ErrorKind::kConflict, "STORE_CREDIT_NEEDS_CUSTOMER",
                    "Sale " + sale.number + " has no customer to credit.",
                    {{"payments[" + std::to_string(i) + "].method", "no_customer",
                      "Store credit needs a sale with a customer."}});
      }
      paid += p.amount;
    }
    if (paid != refund.total) {
      throw Error(ErrorKind::kInvalid, "REFUND_PAYMENTS_MISMATCH",
                  "The refund tenders add up to " + std::to_string(static_cast<long long>(paid)) +
                      ", the refund is " + std::to_string(refund.total) + ".",
                  {{"payments", "must_equal_total",
                    "The amounts must add up to " + std::to_string(refund.total) + "."}});
    }
    refund.payments = request.payments;
  }

  refund.sale_id = sale.id;
  refund.sale_number = sale.number;
  refund.customer_id = sale.customer_id;
  refund.client_id = request.client_id;
  refund.reason = request.reason;
  refund.commission_takeback =
      sale.salesman_id.empty() ? 0 : mul_div_half_even(refund.net, sale.commission_rate_bp, 10000);
  return refund;
}

std::string refund_request_hash(const RefundRequest& r) {
  std::string c = r.sale_id + "|" + r.shift_id + "|" + r.client_id + "|" +
                  std::to_string(r.reason.size()) + ":" + r.reason + "|";
  for (const auto& l : r.lines) {
    c += "L" + l.line_id + "," + std::to_string(l.qty) + "," + to_string(l.disposition) + ";";
  }
  for (const auto& p : r.payments) {
    c += std::string("P") + to_string(p.method) + "," + std::to_string(p.amount) + ";";
  }
  return auth::sha256_hex(c);
}

}  // namespace regal::pos
