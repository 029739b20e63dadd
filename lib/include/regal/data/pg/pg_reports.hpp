#pragma once
// PostgreSQL adapter of the reports port (regal/ports/report_ports.hpp). It reads the daily
// aggregate tables of migrations/0009 and 0010 by (branch, day) — their primary-key prefix —
// and joins names only for the rows it returns (docs/REPORTS.md).
//
// Give it the read pool: a Database on DATABASE_READ_URL (a replica, or the primary when that
// is unset) opened with DatabaseOptions::read_only, so a report can never write. Each call is
// one REPEATABLE READ, READ ONLY transaction: the figures of one report are of one moment.

#include "regal/ports/report_ports.hpp"

namespace regal::pg {

class Database;

class PgReportStore final : public ports::ReportStore {
 public:
  explicit PgReportStore(Database& read_db) : db_(read_db) {}

  std::optional<pos::ReportBranch> branch(const std::string& branch_id) override;
  pos::DailyReport daily(const pos::ReportBranch& branch, const std::string& date,
                         int top_products) override;
  pos::SalesReport sales(const pos::ReportBranch& branch,
                         const pos::SalesReportQuery& query) override;
  pos::BalanceReport balances(pos::BalanceKind kind, const std::string& branch_id) override;
  pos::StockValuation stock_valuation(const std::string& branch_id) override;

 private:
  Database& db_;
};

}  // namespace regal::pg
