#pragma once
// Account domain types shared by both APIs.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "regal/auth/permissions.hpp"

namespace regal::auth {

struct User {
  std::string id;
  std::string full_name;
  std::string email;
  std::string username;
  std::string password_hash;
  std::optional<PosRole> pos_role;
  DeskRole desk_role = DeskRole::kEndUser;
  bool is_active = true;
  std::string meta_json = "{}";  // a JSON object, stored as jsonb
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  int version = 1;

  Principal principal() const { return {id, pos_role, desk_role}; }
};

// Who is acting, from where — passed to every service call for authorization and the audit log.
struct Actor {
  std::optional<Principal> principal;
  std::string request_id;
  std::string client_ip;

  const std::string& user_id() const {
    static const std::string kNone;
    return principal ? principal->user_id : kNone;
  }
};

struct AuditEntry {
  std::string actor_id;     // "" for anonymous
  std::string action;       // "auth.login", "user.update", …
  std::string entity_type;  // "user", "session", …
  std::string entity_id;
  std::string before_json;  // "" = null; secrets are never included
  std::string after_json;
  std::string request_id;
  std::string client_ip;
};

struct UserQuery {
  std::string search;  // substring of name or email, case-insensitive
  std::optional<PosRole> pos_role;
  std::optional<DeskRole> desk_role;
  std::optional<bool> is_active;
  std::string after_id;  // keyset cursor: users with id > after_id
  int limit = 50;
};

struct AuditQuery {
  std::string actor_id;
  std::string action;
  std::string entity_type;
  std::string entity_id;
  std::int64_t from_ms = 0;
  std::int64_t to_ms = 0;
  std::int64_t before_id = 0;  // keyset cursor: newest first
  int limit = 50;
};

struct AuditRecord {
  std::int64_t id = 0;
  std::int64_t at_ms = 0;
  AuditEntry entry;
};

}  // namespace regal::auth
