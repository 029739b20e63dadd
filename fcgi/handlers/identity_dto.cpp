#include "handlers/identity_dto.hpp"

#include <Poco/JSON/Parser.h>

#include "regal/core/clock.hpp"
#include "regal/core/error.hpp"

namespace regal::handlers {

Poco::JSON::Object::Ptr user_dto(const auth::User& user) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
  o->set("id", user.id);
  o->set("full_name", user.full_name);
  o->set("email", user.email);
  o->set("username", user.username);
  o->set("pos_role", user.pos_role ? Poco::Dynamic::Var(std::string(to_string(*user.pos_role)))
                                   : Poco::Dynamic::Var());
  o->set("desk_role", std::string(to_string(user.desk_role)));
  o->set("is_active", user.is_active);
  Poco::JSON::Parser parser;
  o->set("meta", parser.parse(user.meta_json.empty() ? "{}" : user.meta_json));
  o->set("created_at", format_rfc3339_ms(user.created_at_ms));
  o->set("updated_at", format_rfc3339_ms(user.updated_at_ms));
  o->set("version", user.version);
  return o;
}

Poco::JSON::Object::Ptr token_pair_dto(const auth::TokenPair& pair) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
  o->set("access_token", pair.access_token);
  o->set("refresh_token", pair.refresh_token);
  o->set("token_type", "Bearer");
  o->set("expires_in", pair.expires_in);
  o->set("user", user_dto(pair.user));
  return o;
}

Poco::JSON::Object::Ptr audit_dto(const auth::AuditRecord& r) {
  Poco::JSON::Parser parser;
  const auto json_or_null = [&](const std::string& text) {
    return text.empty() ? Poco::Dynamic::Var() : parser.parse(text);
  };
  const auto text_or_null = [](const std::string& text) {
    return text.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(text);
  };
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
  o->set("id", r.id);
  o->set("at", format_rfc3339_ms(r.at_ms));
  o->set("actor_id", text_or_null(r.entry.actor_id));
  o->set("action", r.entry.action);
  o->set("entity_type", r.entry.entity_type);
  o->set("entity_id", text_or_null(r.entry.entity_id));
  o->set("before", json_or_null(r.entry.before_json));
  o->set("after", json_or_null(r.entry.after_json));
  o->set("request_id", text_or_null(r.entry.request_id));
  o->set("client_ip", text_or_null(r.entry.client_ip));
  return o;
}

Poco::JSON::Object::Ptr approval_grant_dto(const auth::ApprovalGrant& grant) {
  Poco::JSON::Object::Ptr approver = new Poco::JSON::Object;
  approver->set("id", grant.approver_id);
  approver->set("full_name", grant.approver_name);
  approver->set("pos_role", grant.approver_role);
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
  o->set("approval_token", grant.token);
  o->set("expires_in", grant.expires_in);
  o->set("approver", approver);
  return o;
}

auth::Actor actor_of(const web::Request& request) {
  auth::Actor actor;
  if (request.auth) actor.principal = request.auth->principal;
  actor.request_id = request.request_id;
  actor.client_ip = request.remote_addr;
  return actor;
}

const auth::AuthContext& caller_of(const web::Request& request) {
  if (!request.auth) throw Error::internal();  // a route table bug, never a client's fault
  return *request.auth;
}

}  // namespace regal::handlers
