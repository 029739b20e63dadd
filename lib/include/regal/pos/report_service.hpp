#pragma once
// ReportService — the back-office reports (docs/REPORTS.md): the daily report of a branch, sales
// by product / category / cashier / salesman / customer over up to a year, customer and vendor
// balances, and stock valuation.
//
// Every call needs reports.read (admin, employee): 403 FORBIDDEN otherwise. Inputs are checked
// here (400 VALIDATION_FAILED naming the field): ids must be UUIDs, dates real YYYY-MM-DD days
// (code invalid_date), `to` not before `from` (code before_from) and the range at most
// kMaxReportDays days (code range_too_long). An unknown branch is 404 NOT_FOUND.
// The store reads aggregates only, so a report costs the same on a year of history as on a day.

#include <optional>
#include <string>

#include "regal/auth/user.hpp"
#include "regal/pos/reports.hpp"

namespace regal::ports {
class ReportStore;
}

namespace regal::pos {

class ReportService {
 public:
  explicit ReportService(ports::ReportStore& store) : store_(store) {}

  // `date` "" = today in the branch's time zone.
  DailyReport daily(const auth::Actor& actor, const std::string& branch_id,
                    const std::string& date);
  SalesReport sales(const auth::Actor& actor, const SalesReportQuery& query);
  BalanceReport balances(const auth::Actor& actor, BalanceKind kind,
                         const std::string& branch_id = "");
  StockValuation stock_valuation(const auth::Actor& actor, const std::string& branch_id = "");

 private:
  ReportBranch branch_of(const std::string& branch_id);

  ports::ReportStore& store_;
};

// Days from `from` to `to`, both included (1 for the same day); nullopt unless both are real
// YYYY-MM-DD dates.
std::optional<int> report_days(const std::string& from, const std::string& to);

}  // namespace regal::pos
