#pragma once
// The shift store port: shifts, cash movements and Z reports. Adapter: PostgreSQL
// (lib/src/data/pg/pg_shift_store.cpp, schema in migrations/0009).

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "regal/auth/user.hpp"
#include "regal/pos/shift.hpp"

namespace regal::ports {

// An earlier outcome of the same Idempotency-Key.
struct IdempotentReplay {
  std::string document_id;
  std::string request_hash;
};

class ShiftStore {
 public:
  virtual ~ShiftStore() = default;

  // The branch of a live, active register; nullopt when there is none.
  virtual std::optional<std::string> register_branch(const std::string& register_id) = 0;
  virtual std::optional<IdempotentReplay> replay(const std::string& scope,
                                                 const std::string& key) = 0;

  // Stores the shift with an empty totals row (409 SHIFT_ALREADY_OPEN when the register has an
  // open shift). nullopt when a twin request with the same key committed first.
  virtual std::optional<pos::Shift> open(const pos::Shift& shift, const std::string& scope,
                                         const std::string& key, const std::string& request_hash,
                                         const auth::AuditEntry& audit) = 0;
  virtual std::optional<pos::Shift> find(const std::string& id) = 0;
  virtual std::vector<pos::Shift> list(const pos::ShiftQuery& query) = 0;
  // The shift and its running totals (constant size), for an X report.
  virtual std::optional<std::pair<pos::Shift, pos::ShiftTotals>> snapshot(
      const std::string& id) = 0;

  // In one transaction: takes the open shift (lock_open_shift with `owner_id`), resolves a
  // reversal (same shift, not itself a reversal, not yet reversed, not a no-sale), writes an
  // expense when `expense_id` names an expense category, and writes the movement through
  // pg::write_cash_movement (drawer check on the locked totals, then the totals).
  // `movement.id`, `actor_id` and `reason` are set by the caller; kind and amount too unless it
  // is a reversal.
  virtual std::optional<pos::CashMovement> add_movement(
      pos::CashMovement movement, const std::string& owner_id, const std::string& scope, const std::string& key, const std::string& request_hash,
      const auth::AuditEntry& audit) = 0;
  virtual std::optional<pos::CashMovement> movement(const std::string& id) = 0;
  virtual std::vector<pos::CashMovement> movements(const std::string& shift_id) = 0;

  // In one transaction: closes the open shift (409 SHIFT_NOT_OPEN when it is not; 403
  // SHIFT_NOT_YOURS when `owner_id` is set and did not open it), which waits for documents being
  // written into it; reads its totals, calls `compute` to build the report, takes the register's
  // next Z number, stores the report and the day's cash variance. Returns the stored Z report.
  using ReportCompute =
      std::function<pos::ShiftReport(const pos::Shift&, const pos::ShiftTotals&)>;
  virtual pos::ShiftReport close(const std::string& shift_id, const std::string& owner_id,
                                 const std::string& closed_by, const ReportCompute& compute,
                                 const std::string& number_format,
                                 const auth::AuditEntry& audit) = 0;
  virtual pos::ShiftReport::Recount add_recount(const std::string& z_report_id,
                                                const pos::ShiftReport::Recount& recount,
                                                const auth::AuditEntry& audit) = 0;
  virtual std::optional<pos::ShiftReport> z_report(const std::string& id) = 0;
  virtual std::optional<std::string> z_report_of_shift(const std::string& shift_id) = 0;
  virtual std::vector<pos::ShiftReport> z_reports(const pos::ZReportQuery& query) = 0;
};

}  // namespace regal::ports
