#include "regal/auth/password_policy.hpp"

#include <Poco/UTF8String.h>

#include "regal/core/text.hpp"

namespace regal::auth {
namespace {

std::string fold(std::string_view text) { return Poco::UTF8::toLower(std::string(text)); }

}  // namespace

std::vector<FieldError> check_password_policy(std::string_view password, std::string_view email,
                                              std::string_view username, const std::string& field) {
  std::vector<FieldError> errors;
  const std::size_t length = code_points(password);
  if (length < kPasswordMinLength) {
    errors.push_back({field, "too_short", "Use at least 8 characters."});
  }
  if (length > kPasswordMaxLength) {
    errors.push_back({field, "too_long", "Use at most 128 characters."});
  }
  if (has_control_chars(password)) {
    errors.push_back({field, "invalid_character", "Control characters are not allowed."});
  }
  const std::string folded = fold(password);
  const std::string mail = fold(email);
  const std::string local = mail.substr(0, mail.find('@'));
  if ((!mail.empty() && folded == mail) || (!local.empty() && folded == local) ||
      (!username.empty() && folded == fold(username))) {
    errors.push_back(
        {field, "matches_account", "The password must not be your email or username."});
  }
  return errors;
}

}  // namespace regal::auth
