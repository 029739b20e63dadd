#pragma once
// The refund store port. Adapter: PostgreSQL (lib/src/data/pg/pg_refund_store.cpp, schema in
// migrations/0009_shifts_refunds_totals.sql).

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "regal/auth/user.hpp"
#include "regal/pos/refund.hpp"

namespace regal::ports {

// A previous outcome of the same request (Idempotency-Key or client id).
struct RefundReplay {
  std::string refund_id;
  std::string request_hash;
};

// What the store needs besides the computation to write a refund.
struct RefundWrite {
  std::string id;
  std::string client_id;
  std::string request_hash;
  std::string sale_id;
  std::string shift_id;
  std::string shift_owner_id;  // not empty: the shift must have been opened by this user
  std::string cashier_id;
  std::string reason;
};

class RefundStore {
 public:
  virtual ~RefundStore() = default;

  virtual std::optional<RefundReplay> replay(const std::string& scope, const std::string& key,
                                             const std::string& client_id) = 0;

  // The sale's refundable state as committed now, without locks (for checks made before the
  // transaction, such as whether a cashier needs an approval); nullopt when there is no such sale.
  virtual std::optional<pos::RefundableSale> refundable(const std::string& sale_id) = 0;

  // Runs inside the refund's transaction on the locked state; returns the refund to store (lines,
  // figures, tenders, totals, approved_by, and `number` with {seq} still to fill) or throws to
  // refuse. May run more than once (a transaction retried on a fresh connection): keep it pure.
  using Compute =
      std::function<pos::Refund(const pos::RefundableSale& sale, const pos::RefundTill& till)>;

  // In one transaction: records the idempotency key, locks the sale FOR UPDATE (404 NOT_FOUND),
  // takes the open shift FOR SHARE (lock_open_shift: 409 SHIFT_NOT_OPEN, 403 SHIFT_NOT_YOURS),
  // calls `compute`, takes the next number of the till register's refund series,
  // stores the refund with its lines and tenders, adds the units to each sale line's refunded_qty
  // (409 REFUND_EXCEEDS_SOLD should it ever not fit), puts restocked units back into the branch's
  // stock with stock movements, lowers the customer's balance by store credit with a ledger entry,
  // adds the total to the sale's refunded_total, writes the audit entry and applies the refund to
  // the shift and daily totals (regal_apply_refund). Returns the stored refund; nullopt when
  // another request with the same key or client id committed first (the caller replays).
  virtual std::optional<pos::Refund> record(const RefundWrite& write, const Compute& compute,
                                            const std::string& idempotency_scope,
                                            const std::string& idempotency_key,
                                            const auth::AuditEntry& audit) = 0;

  virtual std::optional<pos::Refund> find(const std::string& id) = 0;
  virtual std::vector<pos::Refund> list(const pos::RefundQuery& query) = 0;
};

}  // namespace regal::ports
