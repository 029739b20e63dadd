#pragma once
// Shifts (cash sessions), the cash drawer and X/Z reports — the pure part: types and the report
// computation. A shift's running totals are kept by the database in the transactions that write
// sales, refunds and cash movements (migrations/0009), so a report is computed from a
// constant-size snapshot, never from the documents: closing a shift with 10,000 sales costs
// what closing one with 10 costs.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace regal::pos {

struct Denomination {
  std::int64_t value = 0;  // minor units of one note or coin
  std::int64_t count = 0;
};

struct Shift {
  std::string id;
  std::string branch_id;
  std::string register_id;
  std::string cashier_id;
  std::string status = "open";  // open | closed
  std::int64_t opening_float = 0;
  std::vector<Denomination> opening_counts;
  std::string note;
  std::int64_t opened_at_ms = 0;
  std::int64_t closed_at_ms = 0;  // 0 while open
  std::string closed_by;
  std::string z_report_id;  // once closed
  int version = 1;
};

struct OpenShiftRequest {
  std::string register_id;
  std::optional<std::int64_t> opening_float;
  std::vector<Denomination> opening_counts;  // optional; when given, the float is their sum
  std::string note;
};

enum class CashMovementKind { kPaidIn, kPaidOut, kDrop, kNoSale };
const char* to_string(CashMovementKind kind);  // "paid_in" | "paid_out" | "drop" | "no_sale"
std::optional<CashMovementKind> parse_cash_movement_kind(const std::string& text);

struct CashMovementRequest {
  std::optional<CashMovementKind> kind;  // required unless reverses_id is given
  std::int64_t amount = 0;               // > 0, except no_sale (0)
  std::string reason;                    // 1–500 characters
  std::string reverses_id;               // a reversal takes the kind and amount of the original
  std::string expense_category_id;       // a paid_out that pays an expense
};

struct CashMovement {
  std::string id;
  std::string shift_id;
  CashMovementKind kind = CashMovementKind::kPaidIn;
  std::int64_t amount = 0;  // negative for a reversal
  std::string reason;
  std::string reverses_id;
  std::string expense_id;
  std::string actor_id;
  std::int64_t created_at_ms = 0;
};

// The running totals of one shift as the database holds them.
struct TenderTotals {
  std::string method;  // cash | card | other | on_account | store_credit
  std::int64_t sales = 0;
  std::int64_t refunds = 0;
  std::int64_t deposits = 0;
};

struct TaxTotals {
  std::int64_t rate_bp = 0;
  std::int64_t sales_taxable = 0;
  std::int64_t sales_tax = 0;
  std::int64_t refunds_taxable = 0;
  std::int64_t refunds_tax = 0;
};

struct ShiftTotals {
  std::int64_t opening_float = 0;
  std::int64_t sales_count = 0, sales_gross = 0, sales_discounts = 0, sales_net = 0,
               sales_tax = 0, sales_total = 0, sales_cost = 0;
  std::int64_t refunds_count = 0, refunds_net = 0, refunds_tax = 0, refunds_total = 0;
  std::int64_t voids_count = 0, voids_total = 0;
  std::int64_t paid_in = 0, paid_out = 0, drops = 0, no_sale_count = 0;
  std::string first_number, last_number;
  std::vector<TenderTotals> tenders;  // ascending method
  std::vector<TaxTotals> taxes;       // ascending rate
};

// What the cashier counted at close, per tender. Cash may be given as denominations.
struct CountedTender {
  std::string method;
  std::int64_t amount = 0;
  std::vector<Denomination> denominations;
};

struct TenderLine {
  std::string method;
  std::int64_t sales = 0, refunds = 0, deposits = 0;
  std::int64_t expected = 0;
  std::optional<std::int64_t> counted;   // not counted: no variance
  std::optional<std::int64_t> variance;  // counted − expected (over > 0, short < 0)
};

// An X report (any time, nothing stored) or a Z report (at close, stored and immutable).
struct ShiftReport {
  std::string kind = "X";  // X | Z
  std::string id;          // Z only
  std::string number;      // Z only: per register, gap-free
  std::int64_t seq = 0;
  Shift shift;
  ShiftTotals totals;
  std::vector<TenderLine> tenders;
  std::int64_t expected_cash = 0;
  std::optional<std::int64_t> counted_cash;
  std::optional<std::int64_t> variance;  // Σ variance of the counted tenders
  std::int64_t gross_margin = 0;         // sales_net − sales_cost
  std::int64_t grand_total = 0;          // Z only: perpetual per register
  std::int64_t created_at_ms = 0;
  // Z only, as they were at close (printed on the PDF).
  std::string branch_name, branch_code, register_code, currency;
  int currency_digits = 2;
  std::string local_opened, local_closed;  // "YYYY-MM-DD HH:MM", branch time zone
  struct Recount {
    std::string id;
    std::vector<CountedTender> counted;
    std::int64_t counted_cash = 0;
    std::int64_t variance = 0;
    std::string approved_by;
    std::string actor_id;
    std::string reason;
    std::int64_t created_at_ms = 0;
  };
  std::vector<Recount> recounts;
};

// Expected per tender: cash = opening float + sales + deposits − refunds + paid-ins − paid-outs −
// drops; any other tender = sales + deposits − refunds. on_account and store_credit are never in
// the drawer and never counted. `counted` empty = an X report.
ShiftReport compute_shift_report(const Shift& shift, const ShiftTotals& totals,
                                 const std::vector<CountedTender>& counted);

// Cash the drawer should hold now (for paid-out / drop checks).
std::int64_t expected_cash(const ShiftTotals& totals);

// Refuses (409 INSUFFICIENT_CASH) a movement that would take more cash out of the drawer than it
// should hold: a paid-out or drop, or the reversal of a paid-in.
void check_drawer_can_pay(const ShiftTotals& totals, const CashMovement& movement);

// A Z report as a PDF (A4, libharu; lib/src/pos/shift_pdf.cpp).
std::string z_report_pdf(const ShiftReport& report);

struct ShiftQuery {
  int limit = 50;
  std::string before_id;
  std::string branch_id, register_id, cashier_id, status;
};

struct ZReportQuery {
  int limit = 50;
  std::string before_id;
  std::string branch_id, register_id, cashier_id;
  std::string from_date, to_date;  // YYYY-MM-DD in the branch's time zone, inclusive
};

}  // namespace regal::pos
