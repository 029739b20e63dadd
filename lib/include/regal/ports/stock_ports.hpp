#pragma once
// The stock operations port: purchases, vendor payments, adjustments, transfers, the stock
// report and ledger. Adapter: PostgreSQL (lib/src/data/pg/pg_stock_*.cpp, schema in
// migrations/0010_stock_ops_expenses.sql).
//
// Every record_* call is one transaction that claims the Idempotency-Key (when one is given),
// checks the references (400 VALIDATION_FAILED naming the field, code not_found), takes the
// branch's next document number, changes stock with one movement per product and branch — rows
// locked in (product id, branch id) order, so concurrent documents and sales never deadlock —
// and writes the audit entry. It returns the stored document, or nullopt when another request
// with the same key committed first (the caller replays it).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "regal/auth/user.hpp"
#include "regal/pos/stock_ops.hpp"

namespace regal::ports {

// The document an earlier request with the same Idempotency-Key created.
struct StoredReplay {
  std::string document_id;
  std::string request_hash;
};

// What every write carries besides the document.
struct WriteContext {
  std::string idempotency_scope;  // "<user id>:<operation>"
  std::string idempotency_key;    // "" = none
  auth::AuditEntry audit;
};

class StockStore {
 public:
  virtual ~StockStore() = default;

  virtual std::optional<StoredReplay> replay(const std::string& scope, const std::string& key) = 0;

  // Stock up, cost prices by moving average (weighted by the product's on-hand stock over all
  // branches), the vendor's balance up by the unpaid part (party_ledger 'purchase').
  virtual std::optional<pos::Purchase> record_purchase(const pos::Purchase& draft,
                                                       const WriteContext& context) = 0;
  // 409 VENDOR_OVERPAYMENT when the amount is above the vendor's balance.
  virtual std::optional<pos::VendorPayment> record_vendor_payment(const pos::VendorPayment& draft,
                                                                  const WriteContext& context) = 0;
  // Count lines compare-and-set: 409 STOCK_CHANGED (a field error per line, naming the figure
  // on hand now) when the stock is no longer the expected figure; damage and loss lines 409
  // INSUFFICIENT_STOCK when the branch blocks negative stock.
  virtual std::optional<pos::Adjustment> record_adjustment(const pos::Adjustment& draft,
                                                           const WriteContext& context) = 0;
  // 409 INSUFFICIENT_STOCK when the sending branch blocks negative stock and holds too few.
  virtual std::optional<pos::Transfer> record_transfer(const pos::Transfer& draft,
                                                       const WriteContext& context) = 0;

  virtual std::optional<pos::Purchase> find_purchase(const std::string& id) = 0;
  virtual std::optional<pos::VendorPayment> find_vendor_payment(const std::string& id) = 0;
  virtual std::optional<pos::Adjustment> find_adjustment(const std::string& id) = 0;
  virtual std::optional<pos::Transfer> find_transfer(const std::string& id) = 0;
  virtual std::vector<pos::Purchase> list_purchases(const pos::StockDocumentQuery& query) = 0;
  virtual std::vector<pos::Adjustment> list_adjustments(const pos::StockDocumentQuery& query) = 0;
  virtual std::vector<pos::Transfer> list_transfers(const pos::StockDocumentQuery& query) = 0;

  virtual std::vector<pos::StockRow> stock(const pos::StockQuery& query) = 0;
  virtual std::optional<pos::StockRow> stock_row(const std::string& branch_id,
                                                 const std::string& product_id) = 0;
  // Sets the reorder level of a live product in a live branch (a stock row with qty 0 is made
  // when there is none); nullopt when the product or branch is unknown.
  virtual std::optional<pos::StockRow> set_reorder_level(const std::string& branch_id,
                                                         const std::string& product_id,
                                                         std::int64_t level,
                                                         const auth::AuditEntry& audit) = 0;
  virtual std::vector<pos::StockMovement> movements(const pos::MovementQuery& query) = 0;
};

}  // namespace regal::ports
