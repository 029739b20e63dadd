#pragma once
// ApprovalService — a supervisor's consent to one action at the till (a refund above the
// cashier's limit, a shift recount, …), given by typing their own password on the cashier's
// session and handed to the action as a short-lived, single-use token.
//
// Errors (regal::Error): 401 INVALID_CREDENTIALS / 429 LOGIN_THROTTLED exactly as login
// (AuthService::check_credentials), 403 APPROVER_NOT_ALLOWED (the account's POS role is neither
// admin nor employee), 422 INVALID_APPROVAL_ACTION (not an action that takes approval),
// 403 APPROVAL_INVALID (consume: unknown, used, expired, another action or another requester —
// one code for all, so a caller learns nothing about someone else's token),
// 503 when Redis, where the tokens live, is down.

#include <cstdint>
#include <string>
#include <string_view>

#include "regal/auth/user.hpp"
#include "regal/core/clock.hpp"
#include "regal/ports/identity_ports.hpp"

namespace regal::auth {

class AuthService;

// The actions a supervisor can approve.
inline constexpr const char* kApprovalActions[] = {"refund", "shift.recount", "sale.void",
                                                   "price.override"};
bool is_approval_action(std::string_view action);

struct ApprovalConfig {
  int ttl_s = 120;  // lifetime of an approval token
};

struct ApprovalGrant {
  std::string token;  // 256-bit random, hex; stored only as its SHA-256
  int expires_in = 120;
  std::string approver_id;
  std::string approver_name;
  std::string approver_role;  // the approver's POS role: "admin" or "employee"
};

struct Approval {
  std::string approver_id;
  std::string action;
  std::string id;  // the approval's id, as in its approval.grant audit entry
};

class ApprovalService {
 public:
  ApprovalService(ApprovalConfig config, AuthService& auth, ports::UserRepository& users,
                  ports::ApprovalStore& store, ports::AuditLog& audit, const Clock& clock);

  // The supervisor's "second login": `login`/`password` are checked as login() checks them
  // (throttling, dummy-hash timing, inactive refused); the account must hold the POS role admin
  // or employee. Audited as approval.grant (never the token or the password).
  ApprovalGrant grant(const Actor& requester, const std::string& login, const std::string& password,
                      const std::string& action);

  // Uses up `token` (atomically: single use) for `action` by `requester`; returns who approved.
  // The approver must still be active and still hold admin or employee.
  Approval consume(const Actor& requester, const std::string& token, const std::string& action);

 private:
  ApprovalConfig config_;
  AuthService& auth_;
  ports::UserRepository& users_;
  ports::ApprovalStore& store_;
  ports::AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace regal::auth
