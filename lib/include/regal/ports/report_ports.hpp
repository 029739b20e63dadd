#pragma once
// The reports port: read-only queries over the daily aggregate rows (and, for balances and
// stock valuation, the current balances and stock). Adapter: PostgreSQL
// (lib/src/data/pg/pg_report_store.cpp), which may run on a read replica (DATABASE_READ_URL).
// Nothing here writes; every method reads one consistent snapshot.

#include <optional>
#include <string>

#include "regal/pos/reports.hpp"

namespace regal::ports {

class ReportStore {
 public:
  virtual ~ReportStore() = default;

  // nullopt when there is no such branch (deleted branches still report their history).
  virtual std::optional<pos::ReportBranch> branch(const std::string& branch_id) = 0;

  // The branch's figures of one local day; `top_products` caps the product list.
  virtual pos::DailyReport daily(const pos::ReportBranch& branch, const std::string& date,
                                 int top_products) = 0;

  // Rows of the query's grouping over [from, to] (unsorted, totals not filled in).
  virtual pos::SalesReport sales(const pos::ReportBranch& branch,
                                 const pos::SalesReportQuery& query) = 0;

  // Non-zero balances; `branch_id` "" = every party.
  virtual pos::BalanceReport balances(pos::BalanceKind kind, const std::string& branch_id) = 0;

  // `branch_id` "" = every branch.
  virtual pos::StockValuation stock_valuation(const std::string& branch_id) = 0;
};

}  // namespace regal::ports
