// AuthService: the account-owner operations (profile, password change, registration, reset).
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <regex>
#include <sstream>

#include "regal/auth/auth_service.hpp"
#include "regal/auth/password_policy.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/core/text.hpp"

namespace regal::auth {
namespace {

AuditEntry entry(const Actor& actor, const std::string& actor_id, std::string action,
                 const std::string& user_id) {
  return {actor_id, std::move(action), "user", user_id, "", "", actor.request_id, actor.client_ip};
}

void require_policy(std::string_view password, const User& user, const std::string& field) {
  auto errors = check_password_policy(password, user.email, user.username, field);
  if (!errors.empty()) throw Error::validation(std::move(errors));
}

}  // namespace

std::string user_snapshot_json(const User& user) {
  Poco::JSON::Object o;
  o.set("id", user.id);
  o.set("full_name", user.full_name);
  o.set("email", user.email);
  o.set("username", user.username);
  o.set("pos_role", user.pos_role ? Poco::Dynamic::Var(std::string(to_string(*user.pos_role)))
                                  : Poco::Dynamic::Var());
  o.set("desk_role", std::string(to_string(user.desk_role)));
  o.set("is_active", user.is_active);
  o.set("version", user.version);
  std::ostringstream out;
  o.stringify(out);
  return out.str();
}

void validate_identity_fields(const std::string& full_name, const std::string& email,
                              const std::string& username, std::vector<FieldError>& errors) {
  static const std::regex kEmail(R"(^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$)");
  static const std::regex kUsername(R"(^[A-Za-z0-9._-]{3,64}$)");
  if (is_blank(full_name) || code_points(full_name) > 200) {
    errors.push_back({"full_name", "invalid_length", "Give a name of 1 to 200 characters."});
  } else if (has_control_chars(full_name)) {
    errors.push_back(
        {"full_name", "invalid_character", "Control characters are not allowed in a name."});
  }
  if (email.size() > 254 || has_control_chars(email) || !std::regex_match(email, kEmail)) {
    errors.push_back({"email", "invalid_email", "Give a valid email address."});
  }
  if (!std::regex_match(username, kUsername)) {
    errors.push_back({"username", "invalid_username",
                      "Use 3 to 64 letters, digits, dots, dashes or underscores."});
  }
}

User AuthService::me(const AuthContext& caller) {
  auto user = ports_.users.find_by_id(caller.principal.user_id);
  if (!user) throw Error::not_found("User");
  return *user;
}

void AuthService::change_password(const AuthContext& caller, std::string_view current,
                                  std::string_view replacement, const Actor& actor) {
  auto user = me(caller);
  if (!hasher_.verify(current, user.password_hash)) {
    throw Error::validation(
        {{"current_password", "incorrect", "The current password is incorrect."}});
  }
  require_policy(replacement, user, "new_password");
  const int version = user.version;
  user.password_hash = hasher_.hash(replacement);
  if (!ports_.users.update(user, version, entry(actor, user.id, "auth.password_change", user.id))) {
    throw Error(ErrorKind::kConflict, "CONCURRENT_UPDATE", "The account changed; try again.");
  }
  ports_.sessions.revoke_user(user.id, caller.claims.session, now_ms());
}

User AuthService::register_end_user(const Registration& r, const Actor& actor) {
  if (!config_.registration_enabled) {
    throw Error(ErrorKind::kNotFound, "REGISTRATION_DISABLED", "Registration is not available.");
  }
  std::vector<FieldError> errors;
  validate_identity_fields(r.full_name, r.email, r.username, errors);
  for (auto& e : check_password_policy(r.password, r.email, r.username)) errors.push_back(e);
  if (!errors.empty()) throw Error::validation(std::move(errors));
  User user;
  user.id = new_uuid_v7(now_ms());
  user.full_name = r.full_name;
  user.email = r.email;
  user.username = r.username;
  user.password_hash = hasher_.hash(r.password);
  user.desk_role = DeskRole::kEndUser;
  AuditEntry audit = entry(actor, user.id, "user.register", user.id);
  audit.after_json = user_snapshot_json(user);
  ports_.users.insert(user, audit);
  return *ports_.users.find_by_id(user.id);
}

void AuthService::request_password_reset(std::string_view email, const Actor& actor) {
  const bool plausible = !email.empty() && email.size() <= 254 && !has_control_chars(email);
  const auto user = plausible ? ports_.users.find_by_login(email) : std::nullopt;
  if (!user || !user->is_active || Poco::icompare(user->email, std::string(email)) != 0) {
    hasher_.verify_dummy(email);  // spend comparable time whether or not the account exists
    return;
  }
  const std::string token = new_opaque_token();
  ports::Mail mail;
  mail.id = new_uuid_v7(now_ms());
  mail.kind = "password_reset";
  mail.recipient = user->email;
  mail.subject = "Reset your Regal password";
  mail.body = "Hello " + user->full_name +
              ",\r\n\r\nSomeone asked to reset the password of your Regal account.\r\n"
              "Use this single-use token within 30 minutes:\r\n\r\n" +
              config_.reset_link_base + token +
              "\r\n\r\nIf it was not you, ignore this message; your password is unchanged.\r\n";
  ports_.resets.create(sha256_hex(token), user->id,
                       now_ms() + std::int64_t{config_.reset_ttl_s} * 1000, mail,
                       entry(actor, "", "auth.password_reset_request", user->id));
}

void AuthService::confirm_password_reset(const std::string& token, std::string_view replacement,
                                         const Actor& actor) {
  const Error invalid(ErrorKind::kInvalid, "INVALID_RESET_TOKEN",
                      "The reset token is invalid, used or expired.");
  if (token.empty() || token.size() > 256) throw invalid;
  const std::string hash = sha256_hex(token);
  const auto user_id = ports_.resets.peek(hash, now_ms());
  auto user = user_id ? ports_.users.find_by_id(*user_id) : std::nullopt;
  if (!user || !user->is_active) throw invalid;
  require_policy(replacement, *user, "new_password");
  if (ports_.resets.consume(hash, now_ms()) != user->id) throw invalid;
  const int version = user->version;
  user->password_hash = hasher_.hash(replacement);
  if (!ports_.users.update(*user, version,
                           entry(actor, user->id, "auth.password_reset", user->id))) {
    throw Error(ErrorKind::kConflict, "CONCURRENT_UPDATE", "The account changed; try again.");
  }
  ports_.sessions.revoke_user(user->id, "", now_ms());
}

}  // namespace regal::auth
