#include "regal/auth/user_admin_service.hpp"

#include "regal/auth/auth_service.hpp"
#include "regal/auth/password_policy.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"

namespace regal::auth {
namespace {

const Principal& manager(const Actor& actor) {
  if (!actor.principal || !allows(Permission::kUsersManage, &*actor.principal)) {
    throw Error(ErrorKind::kForbidden, "FORBIDDEN", "You may not manage accounts.");
  }
  return *actor.principal;
}

Error role_forbidden(const char* which) {
  return Error(ErrorKind::kForbidden, "ROLE_CHANGE_FORBIDDEN",
               std::string("Your role may not change ") + which + " roles.");
}

void check_role_change(const Principal& by, bool pos_changes, bool desk_changes) {
  if (pos_changes && by.pos_role != PosRole::kAdmin) throw role_forbidden("POS");
  if (desk_changes && by.desk_role != DeskRole::kAdmin) throw role_forbidden("help-desk");
}

// Credentials and access (password, email — a reset goes there —, username, is_active) of an
// account holding a role the manager could not grant stay out of its reach: a help-desk ADMIN
// without a POS role may not take over or lock out a POS admin, and the reverse. Roles of its
// own API it may still change on any account.
bool touches_access(const UserPatch& p) {
  return p.password || p.email || p.username || p.is_active;
}

void check_can_manage_access(const Principal& by, const User& target) {
  if (target.id == by.user_id) return;
  if (target.pos_role && by.pos_role != PosRole::kAdmin) {
    throw Error(ErrorKind::kForbidden, "ROLE_CHANGE_FORBIDDEN",
                "This account holds a POS role; only a POS admin may change its sign-in or "
                "active state.");
  }
  if (target.desk_role != DeskRole::kEndUser && by.desk_role != DeskRole::kAdmin) {
    throw Error(ErrorKind::kForbidden, "ROLE_CHANGE_FORBIDDEN",
                "This account holds a help-desk role; only a help-desk ADMIN may change its "
                "sign-in or active state.");
  }
}

AuditEntry audit(const Actor& actor, std::string action, const User& before, const User& after) {
  return {actor.user_id(),
          std::move(action),
          "user",
          after.id,
          before.id.empty() ? "" : user_snapshot_json(before),
          user_snapshot_json(after),
          actor.request_id,
          actor.client_ip};
}

std::vector<FieldError> validate(const User& u, const std::optional<std::string>& password) {
  std::vector<FieldError> errors;
  validate_identity_fields(u.full_name, u.email, u.username, errors);
  if (password) {
    for (auto& e : check_password_policy(*password, u.email, u.username)) errors.push_back(e);
  }
  return errors;
}

}  // namespace

UserAdminService::UserAdminService(ports::UserRepository& users, ports::SessionStore& sessions,
                                   const PasswordHasher& hasher, const Clock& clock)
    : users_(users), sessions_(sessions), hasher_(hasher), clock_(clock) {}

std::vector<User> UserAdminService::list(const Actor& actor, const UserQuery& query) {
  manager(actor);
  return users_.list(query);
}

User UserAdminService::get(const Actor& actor, const std::string& id) {
  manager(actor);
  auto user = is_uuid(id) ? users_.find_by_id(id) : std::nullopt;
  if (!user) throw Error::not_found("User");
  return *user;
}

User UserAdminService::create(const Actor& actor, const NewUser& input) {
  const Principal& by = manager(actor);
  check_role_change(by, input.pos_role.has_value(), input.desk_role != DeskRole::kEndUser);
  User user;
  user.id = new_uuid_v7(clock_.now_ms());
  user.full_name = input.full_name;
  user.email = input.email;
  user.username = input.username;
  user.pos_role = input.pos_role;
  user.desk_role = input.desk_role;
  user.meta_json = input.meta_json;
  if (auto errors = validate(user, input.password); !errors.empty()) {
    throw Error::validation(std::move(errors));
  }
  user.password_hash = hasher_.hash(input.password);
  users_.insert(user, audit(actor, "user.create", User{}, user));
  return *users_.find_by_id(user.id);
}

User UserAdminService::update(const Actor& actor, const std::string& id, int expected_version,
                              const UserPatch& patch) {
  return apply(actor, get(actor, id), expected_version, patch, "user.update");
}

User UserAdminService::deactivate(const Actor& actor, const std::string& id) {
  User before = get(actor, id);
  UserPatch patch;
  patch.is_active = false;
  return apply(actor, before, before.version, patch, "user.deactivate");
}

User UserAdminService::apply(const Actor& actor, User before, int expected_version,
                             const UserPatch& patch, const char* action) {
  const Principal& by = *actor.principal;
  if (before.version != expected_version) {
    throw Error(ErrorKind::kPreconditionFailed, "VERSION_MISMATCH",
                "The account was changed by someone else; reload it.");
  }
  if (touches_access(patch)) check_can_manage_access(by, before);
  check_role_change(by, patch.pos_role && *patch.pos_role != before.pos_role,
                    patch.desk_role && *patch.desk_role != before.desk_role);
  User after = before;
  if (patch.full_name) after.full_name = *patch.full_name;
  if (patch.email) after.email = *patch.email;
  if (patch.username) after.username = *patch.username;
  if (patch.pos_role) after.pos_role = *patch.pos_role;
  if (patch.desk_role) after.desk_role = *patch.desk_role;
  if (patch.is_active) after.is_active = *patch.is_active;
  if (patch.meta_json) after.meta_json = *patch.meta_json;
  if (auto errors = validate(after, patch.password); !errors.empty()) {
    throw Error::validation(std::move(errors));
  }
  if (patch.password) after.password_hash = hasher_.hash(*patch.password);
  if (!users_.update(after, expected_version, audit(actor, action, before, after))) {
    throw Error(ErrorKind::kPreconditionFailed, "VERSION_MISMATCH",
                "The account was changed by someone else; reload it.");
  }
  if (!after.is_active || patch.password) sessions_.revoke_user(after.id, "", clock_.now_ms());
  return *users_.find_by_id(after.id);
}

}  // namespace regal::auth
