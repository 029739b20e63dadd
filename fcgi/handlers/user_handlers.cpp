// Admin user management (/api/v1/users) and the audit log (/api/v1/audit-log).
#include <Poco/JSON/Array.h>

#include "handlers/auth_handlers.hpp"
#include "handlers/identity_dto.hpp"
#include "regal/auth/user_admin_service.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/core/text.hpp"
#include "regal/ports/identity_ports.hpp"
#include "web/envelope.hpp"
#include "web/json_body.hpp"
#include "web/json_fields.hpp"
#include "web/request_params.hpp"

namespace regal::handlers {
namespace {

using auth::Permission;
using web::BodyFormat;
using web::Request;
using web::Response;

void read_roles(web::JsonFields& f, std::optional<std::optional<auth::PosRole>>& pos,
                std::optional<auth::DeskRole>& desk) {
  if (f.is_null("pos_role")) {
    pos = std::optional<auth::PosRole>();
  } else if (auto text = f.optional_string("pos_role", 20)) {
    if (auto role = auth::parse_pos_role(*text)) {
      pos = role;
    } else {
      f.add_error("pos_role", "invalid_choice", "Use admin, employee, cashier or null.");
    }
  }
  if (auto text = f.optional_string("desk_role", 20)) {
    if (auto role = auth::parse_desk_role(*text)) {
      desk = role;
    } else {
      f.add_error("desk_role", "invalid_choice", "Use END_USER, AGENT, TEAM_LEAD or ADMIN.");
    }
  }
}

const std::vector<std::string_view> kUserFields = {"full_name", "email",    "username",
                                                   "password",  "pos_role", "desk_role",
                                                   "is_active", "meta",     "version"};

Response create_user(auth::UserAdminService& svc, Request& req) {
  web::JsonFields f(web::parse_json_object(req), kUserFields);
  auth::NewUser u;
  u.full_name = f.required_string("full_name", 200);
  u.email = f.required_string("email", 254);
  u.username = f.required_string("username", 64);
  u.password = f.required_string("password", 1024);
  std::optional<std::optional<auth::PosRole>> pos;
  std::optional<auth::DeskRole> desk;
  read_roles(f, pos, desk);
  u.pos_role = pos.value_or(std::nullopt);
  u.desk_role = desk.value_or(auth::DeskRole::kEndUser);
  if (f.has("is_active")) f.add_error("is_active", "not_allowed", "New accounts are active.");
  u.meta_json = f.optional_object_json("meta").value_or("{}");
  f.finish();
  return web::ok(web::to_json(user_dto(svc.create(actor_of(req), u))), 201);
}

Response update_user(auth::UserAdminService& svc, Request& req) {
  web::JsonFields f(web::parse_json_object(req), kUserFields);
  auth::UserPatch p;
  p.full_name = f.optional_string("full_name", 200);
  p.email = f.optional_string("email", 254);
  p.username = f.optional_string("username", 64);
  p.password = f.optional_string("password", 1024);
  read_roles(f, p.pos_role, p.desk_role);
  p.is_active = f.optional_bool("is_active");
  p.meta_json = f.optional_object_json("meta");
  const auto body_version = f.optional_int("version", 1, 1'000'000'000);
  f.finish();
  const int version = web::expected_version(req, body_version);
  return web::ok(web::to_json(user_dto(svc.update(actor_of(req), req.param("id"), version, p))));
}

Response list_users(auth::UserAdminService& svc, Request& req) {
  auth::UserQuery q;
  q.limit = web::page_limit(req);
  q.search = req.query_param("q").value_or("");
  std::vector<FieldError> errors;
  if (auto role = req.query_param("pos_role")) {
    q.pos_role = auth::parse_pos_role(*role);
    if (!q.pos_role)
      errors.push_back({"pos_role", "invalid_choice", "Use admin, employee or cashier."});
  }
  if (auto role = req.query_param("desk_role")) {
    q.desk_role = auth::parse_desk_role(*role);
    if (!q.desk_role) {
      errors.push_back({"desk_role", "invalid_choice", "Use END_USER, AGENT, TEAM_LEAD or ADMIN."});
    }
  }
  if (auto active = req.query_param("is_active")) {
    if (*active == "true" || *active == "false") {
      q.is_active = *active == "true";
    } else {
      errors.push_back({"is_active", "must_be_boolean", "Use true or false."});
    }
  }
  if (q.search.size() > 200 || has_control_chars(q.search)) {
    errors.push_back({"q", "invalid_search", "Give at most 200 printable characters."});
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  if (auto cursor = req.query_param("cursor")) {
    q.after_id = web::decode_cursor(*cursor);
    if (!is_uuid(q.after_id)) throw Error::invalid("INVALID_CURSOR", "The cursor is not valid.");
  }
  const auto users = svc.list(actor_of(req), q);
  Poco::JSON::Array items;
  for (const auto& u : users) items.add(user_dto(u));
  const bool more = static_cast<int>(users.size()) == q.limit;
  return web::ok_page(web::to_json(items), more ? web::encode_cursor(users.back().id) : "",
                      q.limit);
}

Response list_audit(ports::AuditLog& log, Request& req) {
  auth::AuditQuery q;
  q.limit = web::page_limit(req);
  q.actor_id = req.query_param("actor_id").value_or("");
  q.action = req.query_param("action").value_or("");
  q.entity_type = req.query_param("entity_type").value_or("");
  q.entity_id = req.query_param("entity_id").value_or("");
  if (!q.actor_id.empty() && !is_uuid(q.actor_id)) {
    throw Error::validation({{"actor_id", "invalid_id", "actor_id must be a UUID."}});
  }
  if (auto cursor = req.query_param("cursor")) {
    try {
      q.before_id = std::stoll(web::decode_cursor(*cursor));
    } catch (const std::exception&) {
      throw Error::invalid("INVALID_CURSOR", "The cursor is not valid.");
    }
  }
  const auto records = log.list(q);
  Poco::JSON::Array items;
  for (const auto& r : records) items.add(audit_dto(r));
  const bool more = static_cast<int>(records.size()) == q.limit;
  return web::ok_page(web::to_json(items),
                      more ? web::encode_cursor(std::to_string(records.back().id)) : "", q.limit);
}

}  // namespace

void add_user_routes(web::Router& router, IdentityServices s) {
  auto& users = s.users;
  auto& audit = s.audit;
  // clang-format off
  router.add({"GET", "/api/v1/users", Permission::kUsersManage, BodyFormat::kNone,
              [&users](Request& r) { return list_users(users, r); }});
  router.add({"POST", "/api/v1/users", Permission::kUsersManage, BodyFormat::kJson,
              [&users](Request& r) { return create_user(users, r); }});
  router.add({"GET", "/api/v1/users/{id}", Permission::kUsersManage, BodyFormat::kNone,
              [&users](Request& r) {
                return web::ok(web::to_json(user_dto(users.get(actor_of(r), r.param("id")))));
              }});
  router.add({"PATCH", "/api/v1/users/{id}", Permission::kUsersManage, BodyFormat::kJson,
              [&users](Request& r) { return update_user(users, r); }});
  router.add({"DELETE", "/api/v1/users/{id}", Permission::kUsersManage, BodyFormat::kNone,
              [&users](Request& r) {
                return web::ok(web::to_json(user_dto(users.deactivate(actor_of(r), r.param("id")))));
              }});
  router.add({"GET", "/api/v1/audit-log", Permission::kAuditRead, BodyFormat::kNone,
              [&audit](Request& r) { return list_audit(audit, r); }});
  // clang-format on
}

}  // namespace regal::handlers
