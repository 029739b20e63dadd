#pragma once
// PostgreSQL adapter of the sales port (regal/ports/sales_ports.hpp), schema in
// migrations/0006_sales.sql.

#include "regal/ports/sales_ports.hpp"

namespace regal::pg {

class Database;

class PgSalesStore final : public ports::SalesStore {
 public:
  explicit PgSalesStore(Database& db) : db_(db) {}

  ports::SalePlace place(const pos::SaleRequest& request) override;
  std::vector<pos::SaleProduct> products(const std::vector<std::string>& ids,
                                         const std::string& branch_id) override;
  std::optional<std::string> product_by_barcode(const std::string& code) override;
  std::optional<ports::SaleReplay> replay(const std::string& scope, const std::string& key,
                                          const std::string& client_id) override;
  std::optional<pos::Sale> record(pos::Sale sale, bool allow_negative_stock,
                                  const std::string& number_format,
                                  const std::string& idempotency_scope,
                                  const std::string& idempotency_key,
                                  const std::string& shift_owner,
                                  const auth::AuditEntry& audit) override;
  std::optional<pos::Sale> void_sale(const std::string& sale_id, const std::string& reason,
                                     const auth::AuditEntry& audit) override;
  std::optional<pos::Sale> find(const std::string& id) override;
  std::optional<pos::ReceiptContext> receipt_context(const std::string& sale_id) override;
  int mark_reprinted(const std::string& sale_id, const auth::AuditEntry& audit) override;
  std::vector<pos::Sale> list(const pos::SaleQuery& query) override;

 private:
  Database& db_;
};

}  // namespace regal::pg
