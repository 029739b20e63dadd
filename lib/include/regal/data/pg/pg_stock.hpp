#pragma once
// PostgreSQL adapter of the stock operations port (regal/ports/stock_ports.hpp), schema in
// migrations/0010_stock_ops_expenses.sql. Writes in pg_stock_store.cpp, reads in
// pg_stock_reads.cpp.

#include "regal/ports/stock_ports.hpp"

namespace regal::pg {

class Database;

class PgStockStore final : public ports::StockStore {
 public:
  explicit PgStockStore(Database& db) : db_(db) {}

  std::optional<ports::StoredReplay> replay(const std::string& scope,
                                            const std::string& key) override;
  std::optional<pos::Purchase> record_purchase(const pos::Purchase& draft,
                                               const ports::WriteContext& context) override;
  std::optional<pos::VendorPayment> record_vendor_payment(
      const pos::VendorPayment& draft, const ports::WriteContext& context) override;
  std::optional<pos::Adjustment> record_adjustment(const pos::Adjustment& draft,
                                                   const ports::WriteContext& context) override;
  std::optional<pos::Transfer> record_transfer(const pos::Transfer& draft,
                                               const ports::WriteContext& context) override;

  std::optional<pos::Purchase> find_purchase(const std::string& id) override;
  std::optional<pos::VendorPayment> find_vendor_payment(const std::string& id) override;
  std::optional<pos::Adjustment> find_adjustment(const std::string& id) override;
  std::optional<pos::Transfer> find_transfer(const std::string& id) override;
  std::vector<pos::Purchase> list_purchases(const pos::StockDocumentQuery& query) override;
  std::vector<pos::Adjustment> list_adjustments(const pos::StockDocumentQuery& query) override;
  std::vector<pos::Transfer> list_transfers(const pos::StockDocumentQuery& query) override;

  std::vector<pos::StockRow> stock(const pos::StockQuery& query) override;
  std::optional<pos::StockRow> stock_row(const std::string& branch_id,
                                         const std::string& product_id) override;
  std::optional<pos::StockRow> set_reorder_level(const std::string& branch_id,
                                                 const std::string& product_id, std::int64_t level,
                                                 const auth::AuditEntry& audit) override;
  std::vector<pos::StockMovement> movements(const pos::MovementQuery& query) override;

 private:
  Database& db_;
};

}  // namespace regal::pg
