#pragma once
// PostgreSQL adapter of the refund port (regal/ports/refund_ports.hpp), schema in
// migrations/0009_shifts_refunds_totals.sql.

#include "regal/ports/refund_ports.hpp"

namespace regal::pg {

class Database;

class PgRefundStore final : public ports::RefundStore {
 public:
  explicit PgRefundStore(Database& db) : db_(db) {}

  std::optional<ports::RefundReplay> replay(const std::string& scope, const std::string& key,
                                            const std::string& client_id) override;
  std::optional<pos::RefundableSale> refundable(const std::string& sale_id) override;
  std::optional<pos::Refund> record(const ports::RefundWrite& write, const Compute& compute,
                                    const std::string& idempotency_scope,
                                    const std::string& idempotency_key,
                                    const auth::AuditEntry& audit) override;
  std::optional<pos::Refund> find(const std::string& id) override;
  std::vector<pos::Refund> list(const pos::RefundQuery& query) override;

 private:
  Database& db_;
};

}  // namespace regal::pg
