#pragma once
// Identity routes: /api/v1/auth/* (including supervisor approvals), /api/v1/users,
// /api/v1/audit-log.

#include "web/router.hpp"

namespace regal::auth {
class ApprovalService;
class AuthService;
class UserAdminService;
}  // namespace regal::auth
namespace regal::ports {
class AuditLog;
}

namespace regal::handlers {

struct IdentityServices {
  auth::AuthService& auth;
  auth::UserAdminService& users;
  ports::AuditLog& audit;
  auth::ApprovalService& approvals;
};

void add_auth_routes(web::Router& router, IdentityServices services);
void add_user_routes(web::Router& router, IdentityServices services);

}  // namespace regal::handlers
