#include "regal/pos/refund_service.hpp"

#include "regal/core/clock.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/core/text.hpp"
#include "regal/ports/refund_ports.hpp"

namespace regal::pos {
namespace {

bool is_cashier(const auth::Actor& actor) {
  return actor.principal && actor.principal->pos_role == auth::PosRole::kCashier;
}

Error approval_required(std::int64_t limit) {
  return Error(ErrorKind::kForbidden, "APPROVAL_REQUIRED",
               "A cashier's refund above " + std::to_string(limit) +
                   " needs an approval_token from an admin or employee.",
               {{"approval_token", "required", "Ask an admin or employee to approve the refund."}});
}

std::string fill_places(std::string format, const RefundTill& till) {
  auto put = [&](const std::string& key, const std::string& value) {
    for (auto at = format.find(key); at != std::string::npos;
         at = format.find(key, at + value.size())) {
      format.replace(at, key.size(), value);
    }
  };
  put("{branch}", till.branch_code);
  put("{register}", till.register_code);
  return format;  // {seq} is filled by the store with the number it takes
}

}  // namespace

RefundService::RefundService(ports::RefundStore& store, const Clock& clock,
                             ConsumeRefundApproval approvals, RefundConfig config)
    : store_(store), clock_(clock), approvals_(std::move(approvals)), config_(std::move(config)) {}

std::optional<RefundService::Outcome> RefundService::replay(const auth::Actor& actor,
                                                            const RefundRequest& request,
                                                            const std::string& key,
                                                            const std::string& hash) {
  const auto earlier = store_.replay(actor.user_id() + ":refund", key, request.client_id);
  if (!earlier) return std::nullopt;
  if (earlier->request_hash != hash) {
    throw Error(ErrorKind::kUnprocessable, "IDEMPOTENCY_KEY_REUSED",
                key.empty() ? "This client_id was already used for another refund."
                            : "This Idempotency-Key was already used for another request.");
  }
  return Outcome{get(earlier->refund_id), true};
}

// The approver of a cashier's refund that needs one, from the token (consumed here). Judged on
// the sale as committed now; the transaction judges again on the locked sale (see create()).
std::string RefundService::approval_for(const auth::Actor& actor, const RefundRequest& request) {
  const auto sale = store_.refundable(request.sale_id);
  if (!sale) throw Error::not_found("Sale");
  if (compute_refund(request, *sale).total <= config_.cashier_limit) return "";
  if (request.approval_token.empty()) throw approval_required(config_.cashier_limit);
  if (!approvals_) {
    throw Error(ErrorKind::kForbidden, "APPROVAL_INVALID", "Approvals are not available.");
  }
  return approvals_(actor, request.approval_token);
}

RefundService::Outcome RefundService::create(const auth::Actor& actor, const RefundRequest& request,
                                             const std::string& key) {
  if (key.size() > 200 || has_control_chars(key)) {
    throw Error::invalid("INVALID_IDEMPOTENCY_KEY",
                         "Idempotency-Key takes 1–200 printable characters.");
  }
  if (!is_uuid(request.sale_id)) throw Error::not_found("Sale");
  check_refund_request(request);
  const std::string hash = refund_request_hash(request);
  const bool keyed = !key.empty() || !request.client_id.empty();
  if (keyed) {
    if (auto done = replay(actor, request, key, hash)) return *done;
  }

  const bool cashier = is_cashier(actor);
  ports::RefundWrite write;
  write.id = request.client_id.empty() ? new_uuid_v7(clock_.now_ms()) : request.client_id;
  write.client_id = request.client_id;
  write.request_hash = hash;
  write.sale_id = request.sale_id;
  write.shift_id = request.shift_id;
  write.shift_owner_id = cashier ? actor.user_id() : "";
  write.cashier_id = actor.user_id();
  write.reason = request.reason;
  const auth::AuditEntry audit{actor.user_id(),  "refund.create", "refund", write.id, "", "",
                               actor.request_id, actor.client_ip};

  std::string approved_by = cashier ? approval_for(actor, request) : "";
  // Twice at most: a refund judged within the limit before the transaction may come out a cent
  // above it on the locked sale (another refund of the line committed in between); then the
  // token, if one was sent, is consumed and the refund tried once more.
  for (int attempt = 0;; ++attempt) {
    const auto compute = [&](const RefundableSale& sale, const RefundTill& till) {
      if (till.branch_id != sale.branch_id) {
        throw Error(ErrorKind::kConflict, "SHIFT_BRANCH_MISMATCH",
                    "The shift is open in another branch than the sale's.",
                    {{"shift_id", "other_branch", "Refund at a till of the sale's branch."}});
      }
      Refund refund = compute_refund(request, sale);
      if (cashier && refund.total > config_.cashier_limit && approved_by.empty()) {
        throw approval_required(config_.cashier_limit);
      }
      refund.approved_by = approved_by;
      refund.number = fill_places(config_.number_format, till);
      return refund;
    };
    try {
      auto stored = store_.record(write, compute, actor.user_id() + ":refund", key, audit);
      if (stored) return {std::move(*stored), false};
      break;
    } catch (const Error& e) {
      const bool late_approval = e.code() == "APPROVAL_REQUIRED" && attempt == 0 &&
                                 approved_by.empty() && !request.approval_token.empty() &&
                                 approvals_;
      if (!late_approval) throw;
      approved_by = approvals_(actor, request.approval_token);
    }
  }
  // A twin committed first: the same key, or (under another key) the same client id.
  if (auto done = replay(actor, request, key, hash)) return *done;
  if (!key.empty() && !request.client_id.empty()) {
    if (auto done = replay(actor, request, "", hash)) return *done;
  }
  throw Error::conflict("REFUND_CONFLICT", "The refund could not be recorded; retry it.");
}

Refund RefundService::get(const std::string& id) {
  auto refund = is_uuid(id) ? store_.find(id) : std::nullopt;
  if (!refund) throw Error::not_found("Refund");
  return *refund;
}

std::vector<Refund> RefundService::list(const RefundQuery& query) { return store_.list(query); }

}  // namespace regal::pos
