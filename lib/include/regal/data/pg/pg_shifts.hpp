#pragma once
// PostgreSQL adapter of the shift port (regal/ports/shift_ports.hpp), schema in
// migrations/0009_shifts_refunds_totals.sql.

#include "regal/ports/shift_ports.hpp"

namespace regal::pg {

class Database;

class PgShiftStore final : public ports::ShiftStore {
 public:
  explicit PgShiftStore(Database& db) : db_(db) {}

  std::optional<std::string> register_branch(const std::string& register_id) override;
  std::optional<ports::IdempotentReplay> replay(const std::string& scope,
                                                const std::string& key) override;
  std::optional<pos::Shift> open(const pos::Shift& shift, const std::string& scope,
                                 const std::string& key, const std::string& request_hash,
                                 const auth::AuditEntry& audit) override;
  std::optional<pos::Shift> find(const std::string& id) override;
  std::vector<pos::Shift> list(const pos::ShiftQuery& query) override;
  std::optional<std::pair<pos::Shift, pos::ShiftTotals>> snapshot(const std::string& id) override;
  std::optional<pos::CashMovement> add_movement(pos::CashMovement movement,
                                                const std::string& owner_id,
                                                const std::string& scope, const std::string& key,
                                                const std::string& request_hash,
                                                const auth::AuditEntry& audit) override;
  std::optional<pos::CashMovement> movement(const std::string& id) override;
  std::vector<pos::CashMovement> movements(const std::string& shift_id) override;
  pos::ShiftReport close(const std::string& shift_id, const std::string& owner_id,
                         const std::string& closed_by, const ReportCompute& compute,
                         const std::string& number_format, const auth::AuditEntry& audit) override;
  pos::ShiftReport::Recount add_recount(const std::string& z_report_id,
                                        const pos::ShiftReport::Recount& recount,
                                        const auth::AuditEntry& audit) override;
  std::optional<pos::ShiftReport> z_report(const std::string& id) override;
  std::optional<std::string> z_report_of_shift(const std::string& shift_id) override;
  std::vector<pos::ShiftReport> z_reports(const pos::ZReportQuery& query) override;

 private:
  Database& db_;
};

}  // namespace regal::pg
