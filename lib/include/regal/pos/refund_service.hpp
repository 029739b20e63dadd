#pragma once
// RefundService — pays back units of an invoice at a till. Checks the request, hands the store a
// computation (compute_refund plus the till and approval rules) that it runs on the sale as locked
// inside the refund's transaction, so concurrent refunds of one line can never return more than
// was sold. The store takes the refund number, puts restocked units back, credits store credit to
// the customer and adds the refund to the shift and daily totals in that same transaction.
//
// Rules on top of compute_refund (docs/SALES.md, "Refunds"):
// - The refund is paid at `shift_id`, an open shift (409 SHIFT_NOT_OPEN) of the sale's branch
//   (409 SHIFT_BRANCH_MISMATCH). A cashier pays only from their own shift (403 SHIFT_NOT_YOURS);
//   admins and employees from any.
// - A cashier's refund above `cashier_limit` needs an approval token (a second login of an admin
//   or employee for action "refund"): 403 APPROVAL_REQUIRED without one; the token is consumed
//   only when the refund needs it, and its approver is recorded as approved_by.
// - Idempotency as for sales: the same Idempotency-Key (per caller) or client_id with the same
//   request replays the stored refund; with another request it is 422 IDEMPOTENCY_KEY_REUSED.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "regal/auth/user.hpp"
#include "regal/pos/refund.hpp"

namespace regal {
class Clock;
}
namespace regal::ports {
class RefundStore;
}

namespace regal::pos {

struct RefundConfig {
  // Placeholders: {branch} and {register} codes of the refunding till, {seq} its refund series
  // number (six digits or more).
  std::string number_format = "{branch}-{register}-R{seq}";
  std::int64_t cashier_limit = 5000;  // minor units; a cashier's refund above it needs approval
};

// Consumes an approval token issued to `requester` for action "refund"; returns the approver's
// user id. Throws regal::Error (403 APPROVAL_INVALID) when the token is unknown, used, expired or
// for another action or requester.
using ConsumeRefundApproval =
    std::function<std::string(const auth::Actor& requester, const std::string& token)>;

class RefundService {
 public:
  RefundService(ports::RefundStore& store, const Clock& clock, ConsumeRefundApproval approvals,
                RefundConfig config = {});

  struct Outcome {
    Refund refund;
    bool replayed = false;  // an earlier identical request created it
  };
  Outcome create(const auth::Actor& actor, const RefundRequest& request,
                 const std::string& idempotency_key);

  Refund get(const std::string& id);  // 404 NOT_FOUND
  std::vector<Refund> list(const RefundQuery& query);

 private:
  std::optional<Outcome> replay(const auth::Actor& actor, const RefundRequest& request,
                                const std::string& key, const std::string& hash);
  std::string approval_for(const auth::Actor& actor, const RefundRequest& request);

  ports::RefundStore& store_;
  const Clock& clock_;
  ConsumeRefundApproval approvals_;
  RefundConfig config_;
};

}  // namespace regal::pos
