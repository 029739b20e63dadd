#pragma once
// AuthService — login, token refresh with rotation and reuse detection, logout, request
// authentication, password change/reset and end-user registration (identity issue, DESIGN §3).
//
// Errors (regal::Error): 401 INVALID_CREDENTIALS (unknown account, wrong password and inactive
// account all answer alike), 401 INVALID_TOKEN / TOKEN_EXPIRED / TOKEN_REVOKED,
// 401 INVALID_REFRESH_TOKEN, 401 REFRESH_TOKEN_REUSED (the session is revoked),
// 429 LOGIN_THROTTLED with retry_after_s, 400 VALIDATION_FAILED, 409 DUPLICATE_EMAIL /
// DUPLICATE_USERNAME, 404 REGISTRATION_DISABLED.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "regal/auth/password_hasher.hpp"
#include "regal/auth/token_signer.hpp"
#include "regal/auth/user.hpp"
#include "regal/core/clock.hpp"
#include "regal/core/error.hpp"
#include "regal/ports/identity_ports.hpp"

namespace regal::auth {

struct AuthConfig {
  int refresh_ttl_s = 30 * 24 * 3600;
  int reset_ttl_s = 30 * 60;
  bool registration_enabled = true;
  std::string reset_link_base;  // e.g. "https://pos.example.com/reset?token=" ("" = token only)
};

struct TokenPair {
  std::string access_token;
  std::string refresh_token;
  int expires_in = 0;
  User user;
};

// What an authenticated request knows about its caller.
struct AuthContext {
  Principal principal;
  AccessClaims claims;
};

struct Registration {
  std::string full_name;
  std::string email;
  std::string username;
  std::string password;
};

struct IdentityPorts {
  ports::UserRepository& users;
  ports::SessionStore& sessions;
  ports::PasswordResetStore& resets;
  ports::AuditLog& audit;
  ports::LoginThrottle& account_throttle;  // failures per login name
  ports::LoginThrottle& ip_throttle;       // failures per client address (looser: shared NATs)
};

class AuthService {
 public:
  AuthService(AuthConfig config, IdentityPorts ports, const PasswordHasher& hasher,
              const TokenSigner& signer, const Clock& clock);

  TokenPair login(std::string_view login, std::string_view password, const Actor& actor);
  // The credential check of login() on its own, for a second login at the till (approvals):
  // the same throttling per login name and client address, the same dummy-hash time for an
  // unknown account, inactive accounts refused, each failure counted and audited as
  // `failure_action` — and no session opened. Returns the account; throws 401
  // INVALID_CREDENTIALS or 429 LOGIN_THROTTLED as login() does.
  User check_credentials(std::string_view login, std::string_view password, const Actor& actor,
                         const char* failure_action = "auth.login_failed");
  TokenPair refresh(const std::string& refresh_token, const Actor& actor);
  void logout(const AuthContext& caller, const Actor& actor);

  // Verifies a bearer token and that its user is active and its session live.
  AuthContext authenticate(const std::string& access_token);

  User me(const AuthContext& caller);
  // Needs the current password; revokes every other session of the user.
  void change_password(const AuthContext& caller, std::string_view current,
                       std::string_view replacement, const Actor& actor);
  User register_end_user(const Registration& registration, const Actor& actor);
  // Always succeeds from the caller's view; mails a single-use token when the account exists.
  void request_password_reset(std::string_view email, const Actor& actor);
  // Sets the password and revokes every session of the user.
  void confirm_password_reset(const std::string& token, std::string_view replacement,
                              const Actor& actor);

 private:
  TokenPair issue(const User& user, const std::string& session_id,
                  const std::string& refresh_token);
  void check_throttle(const std::string& account_key, const std::string& ip_key);
  [[noreturn]] void fail_login(const std::string& account_key, const std::string& ip_key,
                               const std::string& user_id, const std::string& reason,
                               const Actor& actor, const char* action);
  std::int64_t now_ms() const { return clock_.now_ms(); }

  AuthConfig config_;
  IdentityPorts ports_;
  const PasswordHasher& hasher_;
  const TokenSigner& signer_;
  const Clock& clock_;
};

// Hex SHA-256, for storing tokens: only their hashes are ever persisted.
std::string sha256_hex(std::string_view text);

// A new opaque 256-bit token, hex-encoded.
std::string new_opaque_token();

// The audit-log snapshot of a user: every field but the password hash.
std::string user_snapshot_json(const User& user);

// Field validation shared by registration and user management.
void validate_identity_fields(const std::string& full_name, const std::string& email,
                              const std::string& username, std::vector<FieldError>& errors);

}  // namespace regal::auth
