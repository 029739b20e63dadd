#pragma once
// UserAdminService — account management for POS admins and desk ADMINs.
//
// Rules: only holders of users.manage act here; a desk ADMIN without the POS admin role cannot
// grant, change or remove POS roles, and a POS admin without desk ADMIN cannot change desk
// roles (403 ROLE_CHANGE_FORBIDDEN); deleting deactivates (history is kept) and revokes the
// account's sessions; the last active POS admin cannot be deactivated or demoted
// (409 LAST_ADMIN); updates carry the version read (412 VERSION_MISMATCH otherwise).

#include <optional>
#include <string>
#include <vector>

#include "regal/auth/password_hasher.hpp"
#include "regal/auth/user.hpp"
#include "regal/core/clock.hpp"
#include "regal/ports/identity_ports.hpp"

namespace regal::auth {

struct NewUser {
  std::string full_name;
  std::string email;
  std::string username;
  std::string password;
  std::optional<PosRole> pos_role;
  DeskRole desk_role = DeskRole::kEndUser;
  std::string meta_json = "{}";
};

// A partial update: unset members stay as they are.
struct UserPatch {
  std::optional<std::string> full_name;
  std::optional<std::string> email;
  std::optional<std::string> username;
  std::optional<std::string> password;
  std::optional<std::optional<PosRole>> pos_role;  // engaged-but-empty = remove the POS role
  std::optional<DeskRole> desk_role;
  std::optional<bool> is_active;
  std::optional<std::string> meta_json;
};

class UserAdminService {
 public:
  UserAdminService(ports::UserRepository& users, ports::SessionStore& sessions,
                   const PasswordHasher& hasher, const Clock& clock);

  std::vector<User> list(const Actor& actor, const UserQuery& query);
  User get(const Actor& actor, const std::string& id);
  User create(const Actor& actor, const NewUser& user);
  User update(const Actor& actor, const std::string& id, int expected_version,
              const UserPatch& patch);
  User deactivate(const Actor& actor, const std::string& id);

 private:
  User apply(const Actor& actor, User before, int expected_version, const UserPatch& patch,
             const char* action);

  ports::UserRepository& users_;
  ports::SessionStore& sessions_;
  const PasswordHasher& hasher_;
  const Clock& clock_;
};

}  // namespace regal::auth
