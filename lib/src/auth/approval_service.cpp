#include "regal/auth/approval_service.hpp"

#include <algorithm>

#include "regal/auth/auth_service.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"

namespace regal::auth {
namespace {

Error approval_invalid() {
  return Error(ErrorKind::kForbidden, "APPROVAL_INVALID",
               "The approval is invalid, used, expired or not for this action.");
}

bool may_approve(const User& user) {
  return user.is_active &&
         (user.pos_role == PosRole::kAdmin || user.pos_role == PosRole::kEmployee);
}

}  // namespace

bool is_approval_action(std::string_view action) {
  return std::any_of(std::begin(kApprovalActions), std::end(kApprovalActions),
                     [&](const char* known) { return action == known; });
}

ApprovalService::ApprovalService(ApprovalConfig config, AuthService& auth,
                                 ports::UserRepository& users, ports::ApprovalStore& store,
                                 ports::AuditLog& audit, const Clock& clock)
    : config_(config), auth_(auth), users_(users), store_(store), audit_(audit), clock_(clock) {}

ApprovalGrant ApprovalService::grant(const Actor& requester, const std::string& login,
                                     const std::string& password, const std::string& action) {
  if (!requester.principal) throw Error::internal();  // the route needs a session
  if (!is_approval_action(action)) {
    throw Error(
        ErrorKind::kUnprocessable, "INVALID_APPROVAL_ACTION",
        "This action does not take a supervisor's approval.",
        {{"action", "invalid_choice", "Use refund, shift.recount, sale.void or price.override."}});
  }
  const User approver = auth_.check_credentials(login, password, requester, "approval.denied");
  if (!may_approve(approver)) {
    AuditEntry denied{requester.user_id(),  "approval.denied",  "user", approver.id, "", "",
                      requester.request_id, requester.client_ip};
    denied.after_json = R"({"reason":"role","action":")" + action + "\"}";
    audit_.append(denied);
    throw Error(ErrorKind::kForbidden, "APPROVER_NOT_ALLOWED",
                "Only a POS admin or employee can approve this.");
  }

  const std::int64_t now_ms = clock_.now_ms();
  ports::ApprovalRecord record;
  record.id = new_uuid_v7(now_ms);
  record.approver_id = approver.id;
  record.action = action;
  record.requester_id = requester.user_id();
  record.expires_at_ms = now_ms + std::int64_t{config_.ttl_s} * 1000;
  ApprovalGrant out;
  out.token = new_opaque_token();
  store_.put(sha256_hex(out.token), record, config_.ttl_s);

  AuditEntry entry{requester.user_id(),  "approval.grant",   "approval", record.id, "", "",
                   requester.request_id, requester.client_ip};
  entry.after_json = R"({"action":")" + action + R"(","approver_id":")" + approver.id +
                     R"(","requester_id":")" + record.requester_id + R"(","expires_in":)" +
                     std::to_string(config_.ttl_s) + "}";
  audit_.append(entry);

  out.expires_in = config_.ttl_s;
  out.approver_id = approver.id;
  out.approver_name = approver.full_name;
  out.approver_role = std::string(to_string(*approver.pos_role));
  return out;
}

Approval ApprovalService::consume(const Actor& requester, const std::string& token,
                                  const std::string& action) {
  if (token.empty() || token.size() > 256 || !requester.principal) throw approval_invalid();
  // Taken before any check: a token shown with the wrong action or by the wrong session is
  // burnt too, so a leaked token is good for nothing.
  const auto record = store_.take(sha256_hex(token));
  if (!record || record->action != action || record->requester_id != requester.user_id() ||
      record->expires_at_ms <= clock_.now_ms()) {
    throw approval_invalid();
  }
  // The approver may have been deactivated or demoted in the meantime.
  const auto approver = users_.find_by_id(record->approver_id);
  if (!approver || !may_approve(*approver)) throw approval_invalid();
  return {record->approver_id, record->action, record->id};
}

}  // namespace regal::auth
