#pragma once
// The custom-order store port. Adapter: PostgreSQL (lib/src/data/pg/pg_custom_order_store.cpp),
// schema in migrations/0011_custom_orders.sql. Every write is one transaction that holds the
// order row locked, applies the pure rules of regal/pos/custom_order.hpp to the locked state,
// writes the status history and the audit entry, and claims the Idempotency-Key (document id =
// the order's id): nullopt means a twin request with the same key committed first. An unknown
// order is 404 NOT_FOUND (thrown, so the key's claim rolls back with it).

#include <functional>
#include <optional>
#include <string>

#include "regal/auth/user.hpp"
#include "regal/ports/stock_ports.hpp"
#include "regal/pos/custom_order.hpp"

namespace regal::ports {

struct OrderPlace {
  bool branch_live = false;
  std::string branch_code;
  bool customer_live = false;
};

class CustomOrderStore {
 public:
  virtual ~CustomOrderStore() = default;

  virtual OrderPlace place(const std::string& branch_id, const std::string& customer_id) = 0;
  virtual std::optional<StoredReplay> replay(const std::string& scope, const std::string& key) = 0;

  // Takes the next number of the branch's 'custom_order' series (`number_format` has {seq}),
  // stores the order, its lines and its creation event and, when `deposit` is given, the first
  // deposit into its shift (as add_deposit).
  virtual std::optional<pos::CustomOrder> create(const pos::CustomOrder& order,
                                                 const std::optional<pos::DepositRequest>& deposit,
                                                 const std::string& number_format,
                                                 const std::string& shift_owner,
                                                 const WriteContext& context) = 0;

  // A deposit into an open shift (lock_open_shift: 409 SHIFT_NOT_OPEN, 403 SHIFT_NOT_YOURS when
  // `shift_owner` is set and did not open it) of the order's branch (409 SHIFT_BRANCH_MISMATCH),
  // checked by pos::check_deposit on the locked order, added to the shift's and the day's tender
  // totals.
  virtual std::optional<pos::CustomOrder> add_deposit(const std::string& order_id,
                                                      const pos::DepositRequest& deposit,
                                                      const std::string& shift_owner,
                                                      const std::string& request_hash,
                                                      const WriteContext& context) = 0;

  // open → ready (or any allowed transition without money). `expected_version` 0 = not checked,
  // else 412 VERSION_MISMATCH when the stored one differs.
  virtual std::optional<pos::CustomOrder> set_status(const std::string& order_id,
                                                     pos::OrderStatus to, int expected_version,
                                                     const std::string& note,
                                                     const std::string& request_hash,
                                                     const WriteContext& context) = 0;

  // ready → delivered: `invoice(locked order)` builds the sale (pos::delivery_sale), which is
  // written as any sale (the shift lock, the register's number, stock, on-account, totals);
  // the order's deposits are released from tender 'deposit' and the order points at the sale.
  using BuildInvoice = std::function<pos::Sale(const pos::CustomOrder& order)>;
  virtual std::optional<pos::CustomOrder> deliver(
      const std::string& order_id, const std::string& shift_id, const std::string& shift_owner,
      int expected_version, const BuildInvoice& invoice, const std::string& sale_number_format,
      const std::string& request_hash, const WriteContext& context) = 0;

  // open/ready → cancelled: every tender's deposits (pos::deposits_to_return) go back as
  // negative deposits into `cancel.shift_id` (400 when none is named and something is to be
  // returned); cash only when the drawer holds it (409 INSUFFICIENT_CASH).
  virtual std::optional<pos::CustomOrder> cancel(
      const std::string& order_id, const pos::CancelRequest& cancel, const std::string& shift_owner,
      int expected_version, const std::string& request_hash, const WriteContext& context) = 0;

  virtual std::optional<pos::CustomOrder> find(const std::string& id) = 0;
  virtual std::vector<pos::CustomOrder> list(const pos::CustomOrderQuery& query) = 0;
};

}  // namespace regal::ports
