#pragma once
// The sales store port. Adapter: PostgreSQL (lib/src/data/pg/pg_sales_store.cpp).

#include <optional>
#include <string>
#include <vector>

#include "regal/auth/user.hpp"
#include "regal/pos/sale.hpp"

namespace regal::ports {

// Where a sale happens, checked before it is computed.
struct SalePlace {
  bool branch_live = false;
  bool register_in_branch = false;  // live, active and of this branch
  std::string branch_code;
  std::string register_code;
  bool allow_negative_stock = false;
  bool customer_live = false;  // when a customer was named
  bool salesman_live = false;  // when a salesman was named
  std::int64_t salesman_commission_bp = 0;
};

// A previous outcome of the same request (Idempotency-Key or client id).
struct SaleReplay {
  std::string sale_id;
  std::string request_hash;
};

class SalesStore {
 public:
  virtual ~SalesStore() = default;

  virtual SalePlace place(const pos::SaleRequest& request) = 0;
  // Products by id and by barcode (live ones only), for the lines of a sale.
  virtual std::vector<pos::SaleProduct> products(const std::vector<std::string>& ids,
                                                 const std::string& branch_id) = 0;
  virtual std::optional<std::string> product_by_barcode(const std::string& code) = 0;

  virtual std::optional<SaleReplay> replay(const std::string& scope, const std::string& key,
                                           const std::string& client_id) = 0;

  // In one transaction: takes the open shift the sale names (lock_open_shift: 409 SHIFT_NOT_OPEN
  // or SHIFT_REGISTER_MISMATCH, 403 SHIFT_NOT_YOURS when `shift_owner` is set and did not open
  // it), takes the next number of the register's series, stores the sale, its
  // lines and tenders, takes each product's stock (409 INSUFFICIENT_STOCK when the branch blocks
  // negative stock and fewer are on hand), writes stock movements, charges on-account tenders to
  // the customer (409 CREDIT_LIMIT_EXCEEDED), records the idempotency key and the audit entry.
  // `number_format` has {branch}, {register} and {seq}. Returns the stored sale; when another
  // request with the same key or client id committed first, returns nullopt (the caller replays).
  virtual std::optional<pos::Sale> record(pos::Sale sale, bool allow_negative_stock,
                                          const std::string& number_format,
                                          const std::string& idempotency_scope,
                                          const std::string& idempotency_key,
                                          const std::string& shift_owner,
                                          const auth::AuditEntry& audit) = 0;

  // In one transaction: voids a completed sale of an open shift (409 SALE_NOT_VOIDABLE when it
  // is void already or has refunds, SHIFT_NOT_OPEN when its shift is closed), puts its stock
  // back through movements, takes back on-account charges and its totals. nullopt: unknown sale.
  virtual std::optional<pos::Sale> void_sale(const std::string& sale_id,
                                             const std::string& reason,
                                             const auth::AuditEntry& audit) = 0;

  virtual std::optional<pos::Sale> find(const std::string& id) = 0;
  virtual std::optional<pos::ReceiptContext> receipt_context(const std::string& sale_id) = 0;
  // Counts one more reprint (audited); returns the new count, 0 when the sale is unknown.
  virtual int mark_reprinted(const std::string& sale_id, const auth::AuditEntry& audit) = 0;
  virtual std::vector<pos::Sale> list(const pos::SaleQuery& query) = 0;
};

}  // namespace regal::ports
