#pragma once
// The password policy: 8–128 characters (Unicode code points), not the account's own email,
// email local part or username (case-insensitive). Each failed rule is one field error on
// `field` with its own code: too_short, too_long, invalid_character (a control character such as
// NUL, tab or newline), matches_account.

#include <string>
#include <string_view>
#include <vector>

#include "regal/core/error.hpp"

namespace regal::auth {

inline constexpr std::size_t kPasswordMinLength = 8;
inline constexpr std::size_t kPasswordMaxLength = 128;

std::vector<FieldError> check_password_policy(std::string_view password, std::string_view email,
                                              std::string_view username,
                                              const std::string& field = "password");

}  // namespace regal::auth
