#include <map>

#include "regal/core/error.hpp"
#include "regal/pos/shift.hpp"

namespace regal::pos {

const char* to_string(CashMovementKind kind) {
  switch (kind) {
    case CashMovementKind::kPaidIn:
      return "paid_in";
    case CashMovementKind::kPaidOut:
      return "paid_out";
    case CashMovementKind::kDrop:
      return "drop";
    case CashMovementKind::kNoSale:
      return "no_sale";
  }
  return "paid_in";
}

std::optional<CashMovementKind> parse_cash_movement_kind(const std::string& text) {
  if (text == "paid_in") return CashMovementKind::kPaidIn;
  if (text == "paid_out") return CashMovementKind::kPaidOut;
  if (text == "drop") return CashMovementKind::kDrop;
  if (text == "no_sale") return CashMovementKind::kNoSale;
  return std::nullopt;
}

namespace {

const TenderTotals* find_tender(const ShiftTotals& t, const std::string& method) {
  for (const auto& x : t.tenders) {
    if (x.method == method) return &x;
  }
  return nullptr;
}

bool in_drawer_or_terminal(const std::string& method) {
  // "deposit": custom-order deposits applied to an invoice (net 0 per shift), never money.
  return method != "on_account" && method != "store_credit" && method != "deposit";
}

}  // namespace

std::int64_t expected_cash(const ShiftTotals& t) {
  std::int64_t cash = t.opening_float + t.paid_in - t.paid_out - t.drops;
  if (const auto* c = find_tender(t, "cash")) cash += c->sales + c->deposits - c->refunds;
  return cash;
}

void check_drawer_can_pay(const ShiftTotals& totals, const CashMovement& m) {
  const bool takes_cash =
      (m.kind == CashMovementKind::kPaidOut || m.kind == CashMovementKind::kDrop) && m.amount > 0;
  const bool returns_cash = m.kind == CashMovementKind::kPaidIn && m.amount < 0;
  const std::int64_t in_drawer = expected_cash(totals);
  if ((takes_cash && m.amount > in_drawer) || (returns_cash && -m.amount > in_drawer)) {
    throw Error(ErrorKind::kConflict, "INSUFFICIENT_CASH",
                "The drawer should hold " + std::to_string(in_drawer) +
                    " minor units; it cannot pay out more.");
  }
}

ShiftReport compute_shift_report(const Shift& shift, const ShiftTotals& totals,
                                  const std::vector<CountedTender>& counted) {
  ShiftReport r;
  r.kind = counted.empty() ? "X" : "Z";
  r.shift = shift;
  r.totals = totals;
  r.expected_cash = expected_cash(totals);
  r.gross_margin = totals.sales_net - totals.sales_cost;

  std::map<std::string, TenderLine> lines;
  lines["cash"].method = "cash";  // the drawer is always on the report
  for (const auto& t : totals.tenders) {
    TenderLine& l = lines[t.method];
    l.method = t.method;
    l.sales = t.sales;
    l.refunds = t.refunds;
    l.deposits = t.deposits;
    l.expected = t.sales + t.deposits - t.refunds;
  }
  lines["cash"].expected = r.expected_cash;
  for (const auto& c : counted) {
    if (!in_drawer_or_terminal(c.method)) {
      throw Error::validation({{"counted", "not_countable",
                                c.method + " is never in the drawer; do not count it."}});
    }
    TenderLine& l = lines[c.method];
    l.method = c.method;
    if (l.counted) {
      throw Error::validation({{"counted", "duplicate", "Count " + c.method + " once."}});
    }
    l.counted = c.amount;
    l.variance = c.amount - l.expected;
  }
  std::int64_t variance = 0;
  bool any = false;
  for (auto& [method, l] : lines) {
    if (l.variance) {
      variance += *l.variance;
      any = true;
    }
    r.tenders.push_back(l);
  }
  if (any) r.variance = variance;
  r.counted_cash = lines["cash"].counted;
  return r;
}

}  // namespace regal::pos
