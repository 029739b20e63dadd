#include "handlers/auth_handlers.hpp"

#include <Poco/URI.h>

#include "handlers/identity_dto.hpp"
#include "regal/auth/approval_service.hpp"
#include "regal/auth/auth_service.hpp"
#include "web/envelope.hpp"
#include "web/json_body.hpp"
#include "web/json_fields.hpp"

namespace regal::handlers {
namespace {

using auth::Permission;
using web::BodyFormat;
using web::Request;
using web::Response;

struct Credentials {
  std::string login;
  std::string password;
};

// JSON {"login","password"} or the form {"username","password"} existing POS front ends send.
Credentials read_credentials(const Request& req) {
  Credentials c;
  if (req.media_type() == "application/x-www-form-urlencoded") {
    Poco::URI uri;
    uri.setRawQuery(req.body);
    for (const auto& [key, value] : uri.getQueryParameters()) {
      if (key == "username" || key == "login") c.login = value;
      if (key == "password") c.password = value;
    }
    if (c.login.empty() || c.password.empty()) {
      throw Error::validation({{"username", "required", "Send username and password."}});
    }
    return c;
  }
  web::JsonFields f(web::parse_json_object(req), {"login", "password"});
  c.login = f.required_string("login", 254);
  c.password = f.required_string("password", 1024);
  f.finish();
  return c;
}

Response login(auth::AuthService& svc, Request& req) {
  const Credentials c = read_credentials(req);
  return web::ok(web::to_json(token_pair_dto(svc.login(c.login, c.password, actor_of(req)))));
}

Response refresh(auth::AuthService& svc, Request& req) {
  web::JsonFields f(web::parse_json_object(req), {"refresh_token"});
  const std::string token = f.required_string("refresh_token", 256);
  f.finish();
  return web::ok(web::to_json(token_pair_dto(svc.refresh(token, actor_of(req)))));
}

Response change_password(auth::AuthService& svc, Request& req) {
  web::JsonFields f(web::parse_json_object(req), {"current_password", "new_password"});
  const std::string current = f.required_string("current_password", 1024);
  const std::string replacement = f.required_string("new_password", 1024);
  f.finish();
  svc.change_password(caller_of(req), current, replacement, actor_of(req));
  return web::no_content();
}

Response register_user(auth::AuthService& svc, Request& req) {
  web::JsonFields f(web::parse_json_object(req), {"full_name", "email", "username", "password"});
  auth::Registration r;
  r.full_name = f.required_string("full_name", 200);
  r.email = f.required_string("email", 254);
  r.username = f.required_string("username", 64);
  r.password = f.required_string("password", 1024);
  f.finish();
  return web::ok(web::to_json(user_dto(svc.register_end_user(r, actor_of(req)))), 201);
}

Response reset_request(auth::AuthService& svc, Request& req) {
  web::JsonFields f(web::parse_json_object(req), {"email"});
  const std::string email = f.required_string("email", 254);
  f.finish();
  svc.request_password_reset(email, actor_of(req));
  return web::ok("{\"status\":\"accepted\"}", 202);
}

Response reset_confirm(auth::AuthService& svc, Request& req) {
  web::JsonFields f(web::parse_json_object(req), {"token", "new_password"});
  const std::string token = f.required_string("token", 256);
  const std::string replacement = f.required_string("new_password", 1024);
  f.finish();
  svc.confirm_password_reset(token, replacement, actor_of(req));
  return web::no_content();
}

// A supervisor types their login and password on the cashier's session; the token that comes
// back authorizes one `action` by that session within expires_in seconds.
Response grant_approval(auth::ApprovalService& svc, Request& req) {
  web::JsonFields f(web::parse_json_object(req), {"login", "password", "action"});
  const std::string login = f.required_string("login", 254);
  const std::string password = f.required_string("password", 1024);
  const std::string action = f.required_string("action", 64);
  f.finish();
  const auth::ApprovalGrant grant = svc.grant(actor_of(req), login, password, action);
  return web::ok(web::to_json(approval_grant_dto(grant)), 201);
}

}  // namespace

void add_auth_routes(web::Router& router, IdentityServices s) {
  auto& svc = s.auth;
  auto& approvals = s.approvals;
  // clang-format off
  router.add({"POST", "/api/v1/auth/login", Permission::kPublic, BodyFormat::kJsonOrForm,
              [&svc](Request& r) { return login(svc, r); }});
  router.add({"POST", "/api/v1/auth/refresh", Permission::kPublic, BodyFormat::kJson,
              [&svc](Request& r) { return refresh(svc, r); }});
  router.add({"POST", "/api/v1/auth/logout", Permission::kAuthenticated, BodyFormat::kNone,
              [&svc](Request& r) { svc.logout(caller_of(r), actor_of(r)); return web::no_content(); }});
  router.add({"GET", "/api/v1/auth/me", Permission::kAuthenticated, BodyFormat::kNone,
              [&svc](Request& r) { return web::ok(web::to_json(user_dto(svc.me(caller_of(r))))); }});
  router.add({"POST", "/api/v1/auth/password", Permission::kAuthenticated, BodyFormat::kJson,
              [&svc](Request& r) { return change_password(svc, r); }});
  router.add({"POST", "/api/v1/auth/register", Permission::kPublic, BodyFormat::kJson,
              [&svc](Request& r) { return register_user(svc, r); }});
  router.add({"POST", "/api/v1/auth/password-reset/request", Permission::kPublic, BodyFormat::kJson,
              [&svc](Request& r) { return reset_request(svc, r); }});
  router.add({"POST", "/api/v1/auth/password-reset/confirm", Permission::kPublic, BodyFormat::kJson,
              [&svc](Request& r) { return reset_confirm(svc, r); }});
  router.add({"POST", "/api/v1/auth/approvals", Permission::kAuthenticated, BodyFormat::kJson,
              [&approvals](Request& r) { return grant_approval(approvals, r); }});
  // clang-format on
}

}  // namespace regal::handlers
