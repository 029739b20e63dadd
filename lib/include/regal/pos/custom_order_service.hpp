#pragma once
// CustomOrderService — custom orders (docs/SALES.md, "Custom orders"): checks a request's shape,
// the branch and customer, prices the lines exactly as a sale would (price_lines +
// calculate_sale), and hands each change to the store, which applies the status and deposit
// rules of regal/pos/custom_order.hpp to the locked order in one transaction.
//
// Every write takes an Idempotency-Key (per caller and operation): a retry with the same key and
// body answers the order as it is now (replayed = true); the same key with another body is 422
// IDEMPOTENCY_KEY_REUSED. A cashier takes deposits, delivers and returns deposits only at a shift
// they opened (403 SHIFT_NOT_YOURS); admins and employees at any open shift.

#include <string>
#include <vector>

#include "regal/auth/user.hpp"
#include "regal/pos/custom_order.hpp"
#include "regal/pos/stock_service.hpp"

namespace regal {
class Clock;
}
namespace regal::ports {
class CustomOrderStore;
class SalesStore;
}  // namespace regal::ports

namespace regal::pos {

struct CustomOrderConfig {
  // The order's number: {branch} code and {seq}, a gap-free series per branch.
  std::string number_format = "{branch}-O{seq}";
  // The delivering invoice's number: the sales format ({branch}, {register}, {seq}).
  std::string sale_number_format = "{branch}-{register}-{seq}";
};

class CustomOrderService {
 public:
  CustomOrderService(ports::CustomOrderStore& store, ports::SalesStore& sales, const Clock& clock,
                     CustomOrderConfig config = {});

  Stored<CustomOrder> create(const auth::Actor& actor, const CustomOrderRequest& request,
                             const std::string& idempotency_key);
  Stored<CustomOrder> deposit(const auth::Actor& actor, const std::string& order_id,
                              const DepositRequest& request, const std::string& idempotency_key);
  // open → ready. `expected_version` 0 = not checked.
  Stored<CustomOrder> set_status(const auth::Actor& actor, const std::string& order_id,
                                 OrderStatus to, int expected_version, const std::string& note,
                                 const std::string& idempotency_key);
  Stored<CustomOrder> deliver(const auth::Actor& actor, const std::string& order_id,
                              const DeliverRequest& request, int expected_version,
                              const std::string& idempotency_key);
  Stored<CustomOrder> cancel(const auth::Actor& actor, const std::string& order_id,
                             const CancelRequest& request, int expected_version,
                             const std::string& idempotency_key);

  CustomOrder get(const std::string& id);  // 404 NOT_FOUND
  std::vector<CustomOrder> list(const CustomOrderQuery& query);

 private:
  template <class Write>
  Stored<CustomOrder> once(const auth::Actor& actor, const std::string& operation,
                           const std::string& key, const std::string& hash, Write&& write);

  ports::CustomOrderStore& store_;
  ports::SalesStore& sales_;
  const Clock& clock_;
  CustomOrderConfig config_;
};

// True for a real calendar date written YYYY-MM-DD (years 1900–9999).
bool is_calendar_date(const std::string& text);

}  // namespace regal::pos
