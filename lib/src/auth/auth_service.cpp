#include "regal/auth/auth_service.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>
#include <Poco/String.h>

#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/core/text.hpp"

namespace regal::auth {
namespace {

Error invalid_credentials() {
  return Error(ErrorKind::kUnauthenticated, "INVALID_CREDENTIALS",
               "The login or password is incorrect.");
}

Error unauthenticated(const char* code, const char* message) {
  return Error(ErrorKind::kUnauthenticated, code, message);
}

AuditEntry audit(const Actor& actor, std::string actor_id, std::string action,
                 std::string entity_type, std::string entity_id) {
  return {
      std::move(actor_id), std::move(action), std::move(entity_type), std::move(entity_id), "", "",
      actor.request_id,    actor.client_ip};
}

}  // namespace

std::string sha256_hex(std::string_view text) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(text.data(), static_cast<unsigned>(text.size()));
  return Poco::DigestEngine::digestToHex(engine.digest());
}

std::string new_opaque_token() { return random_hex(32); }

AuthService::AuthService(AuthConfig config, IdentityPorts ports, const PasswordHasher& hasher,
                         const TokenSigner& signer, const Clock& clock)
    : config_(std::move(config)), ports_(ports), hasher_(hasher), signer_(signer), clock_(clock) {}

void AuthService::check_throttle(const std::string& account_key, const std::string& ip_key) {
  const std::int64_t wait = std::max(ports_.account_throttle.retry_after(account_key),
                                     ports_.ip_throttle.retry_after(ip_key));
  if (wait > 0) {
    throw Error(ErrorKind::kRateLimited, "LOGIN_THROTTLED",
                "Too many failed logins; try again later.")
        .with_retry_after(wait);
  }
}

void AuthService::fail_login(const std::string& account_key, const std::string& ip_key,
                             const std::string& user_id, const std::string& reason,
                             const Actor& actor, const char* action) {
  ports_.account_throttle.record_failure(account_key);
  ports_.ip_throttle.record_failure(ip_key);
  AuditEntry entry = audit(actor, actor.user_id(), action, "user", user_id);
  entry.after_json = "{\"reason\":\"" + reason + "\"}";
  ports_.audit.append(entry);
  throw invalid_credentials();
}

User AuthService::check_credentials(std::string_view login, std::string_view password,
                                    const Actor& actor, const char* failure_action) {
  const std::string account_key = "acct:" + Poco::toLower(std::string(login));
  const std::string ip_key = "ip:" + actor.client_ip;
  check_throttle(account_key, ip_key);
  // No account name holds a control character: such a login is an unknown account (no lookup,
  // and it still counts against the per-IP throttle).
  const bool plausible = !login.empty() && login.size() <= 254 && !has_control_chars(login);
  auto user = plausible ? ports_.users.find_by_login(login) : std::nullopt;
  if (!user) {
    hasher_.verify_dummy(password);  // same cost as a wrong password: no account enumeration
    fail_login(account_key, ip_key, "", "unknown_account", actor, failure_action);
  }
  if (!hasher_.verify(password, user->password_hash)) {
    fail_login(account_key, ip_key, user->id, "wrong_password", actor, failure_action);
  }
  if (!user->is_active) {
    fail_login(account_key, ip_key, user->id, "inactive", actor, failure_action);
  }
  ports_.account_throttle.reset(account_key);
  return std::move(*user);
}

TokenPair AuthService::login(std::string_view login, std::string_view password,
                             const Actor& actor) {
  const User user = check_credentials(login, password, actor);
  const std::string refresh_token = new_opaque_token();
  const std::string session_id = new_uuid_v7(now_ms());
  ports_.sessions.create({sha256_hex(refresh_token), session_id, user.id,
                          now_ms() + std::int64_t{config_.refresh_ttl_s} * 1000},
                         audit(actor, user.id, "auth.login", "session", session_id));
  return issue(user, session_id, refresh_token);
}

TokenPair AuthService::issue(const User& user, const std::string& session_id,
                             const std::string& refresh_token) {
  AccessClaims claims;
  claims.subject = user.id;
  claims.jti = new_uuid_v7(now_ms());
  claims.session = session_id;
  if (user.pos_role) claims.pos_role = to_string(*user.pos_role);
  claims.desk_role = to_string(user.desk_role);
  TokenPair pair;
  pair.access_token = signer_.sign(claims, now_ms() / 1000);
  pair.refresh_token = refresh_token;
  pair.expires_in = signer_.ttl_seconds();
  pair.user = user;
  return pair;
}

TokenPair AuthService::refresh(const std::string& refresh_token, const Actor& actor) {
  if (refresh_token.empty() || refresh_token.size() > 256) {
    throw unauthenticated("INVALID_REFRESH_TOKEN", "The refresh token is not valid.");
  }
  const std::string successor = new_opaque_token();
  const ports::RotateResult result = ports_.sessions.rotate(
      sha256_hex(refresh_token),
      {sha256_hex(successor), "", "", now_ms() + std::int64_t{config_.refresh_ttl_s} * 1000},
      now_ms());
  if (result.outcome == ports::RotateOutcome::kReused) {
    ports_.audit.append(
        audit(actor, result.user_id, "auth.refresh_reused", "session", result.family_id));
    throw unauthenticated("REFRESH_TOKEN_REUSED",
                          "This refresh token was already used; the session has been revoked.");
  }
  if (result.outcome != ports::RotateOutcome::kRotated) {
    throw unauthenticated("INVALID_REFRESH_TOKEN", "The refresh token is not valid.");
  }
  const auto user = ports_.users.find_by_id(result.user_id);
  if (!user || !user->is_active) {
    ports_.sessions.revoke_family(result.family_id, now_ms());
    throw unauthenticated("INVALID_REFRESH_TOKEN", "The refresh token is not valid.");
  }
  return issue(*user, result.family_id, successor);
}

void AuthService::logout(const AuthContext& caller, const Actor& actor) {
  // Revoking the session refuses every access token of it on its next request (authenticate
  // checks the session): no per-token denylist is needed.
  ports_.sessions.revoke_family(caller.claims.session, now_ms());
  ports_.audit.append(
      audit(actor, caller.principal.user_id, "auth.logout", "session", caller.claims.session));
}

AuthContext AuthService::authenticate(const std::string& access_token) {
  AuthContext ctx;
  ctx.claims = signer_.verify(access_token, now_ms() / 1000);
  const ports::SessionState state = ports_.sessions.state(ctx.claims.subject, ctx.claims.session);
  if (!state.user_active || !state.session_live) {
    throw unauthenticated("TOKEN_REVOKED", "The access token has been revoked.");
  }
  ctx.principal.user_id = ctx.claims.subject;
  ctx.principal.pos_role = state.pos_role;
  ctx.principal.desk_role = state.desk_role;
  return ctx;
}

}  // namespace regal::auth
