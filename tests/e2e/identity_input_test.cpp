// End-to-end tests of the identity API, part 3: awkward input. Passwords and names are compared
// and stored in full — no bcrypt 72-byte limit, no C-string truncation at a NUL — lengths count
// characters as the messages say, and nothing answers 500.
#include <boost/test/unit_test.hpp>

#include "e2e/identity_support.hpp"
#include "regal/core/id.hpp"

using regal::test::HttpResult;
using namespace regal::test::identity;

BOOST_AUTO_TEST_SUITE(identity_input)

namespace {

// A registration body written by hand, so that "\u0000" escapes reach the server verbatim.
std::string raw_registration(const Account& a, const std::string& full_name_json,
                             const std::string& password_json) {
  return "{\"full_name\":" + full_name_json + ",\"email\":\"" + a.email + "\",\"username\":\"" +
         a.username + "\",\"password\":" + password_json + "}";
}

}  // namespace

BOOST_AUTO_TEST_CASE(passwords_count_in_full_beyond_72_bytes) {
  Account a = fresh_account("long");
  const std::string head = "Pw-" + regal::random_hex(40).substr(0, 69);  // 72 bytes
  a.password = head + "-tail-one";                                       // 81 ≤ 128
  remember_secret(a.password);
  const auto registered = api("POST", "/api/v1/auth/register",
                              json({{"full_name", a.full_name},
                                    {"email", a.email},
                                    {"username", a.username},
                                    {"password", a.password}}));
  // A policy that refuses what bcrypt cannot hold would do too; silently cutting it would not.
  if (registered.status == 400 && has_field_error(registered, "password", "too_long")) return;
  BOOST_REQUIRE_EQUAL(registered.status, 201);
  BOOST_TEST(login(a.username, a.password).status == 200);
  // Same first 72 bytes, another ending: a wrong password.
  const auto wrong = login(a.username, head + "-other-ending");
  BOOST_TEST(wrong.status == 401, "a different password logged in: " << wrong.status);
}

BOOST_AUTO_TEST_CASE(a_nul_in_a_password_does_not_cut_it_short) {
  Account a = fresh_account("nulpw");
  const std::string rest = "Secret-" + regal::random_hex(8);
  remember_secret(rest);
  const auto registered =
      api("POST", "/api/v1/auth/register",
          raw_registration(a, "\"" + a.full_name + "\"", "\"\\u0000" + rest + "\""));
  // Refusing such a password is fine; accepting it means all of it counts.
  BOOST_TEST((registered.status == 201 || registered.status == 400), registered.body);
  if (registered.status != 201) return;
  const auto empty = login(a.username, "");
  BOOST_TEST(empty.status == 401, "the empty password logged in: " << empty.status);
  const auto other = api("POST", "/api/v1/auth/login",
                         "{\"login\":\"" + a.username + "\",\"password\":\"\\u0000x\"}");
  BOOST_TEST(other.status == 401, "\"\\u0000x\" logged in: " << other.status);
}

BOOST_AUTO_TEST_CASE(a_nul_in_the_login_name_does_not_dodge_the_throttle) {
  const Account user = create_user(admin_session(), "nullogin", "", "END_USER");
  for (int i = 0; i < 5; ++i) {
    check_error(login(user.username, fresh_password()), 401, "INVALID_CREDENTIALS");
  }
  check_error(login(user.username, user.password), 429, "LOGIN_THROTTLED");
  // The same account under a name with a NUL appended: still throttled (or unknown).
  for (int i = 0; i < 3; ++i) {
    const auto r = api("POST", "/api/v1/auth/login",
                       "{\"login\":\"" + user.username + "\\u0000" + std::to_string(i) +
                           "\",\"password\":\"" + user.password + "\"}");
    BOOST_TEST(
        (r.status == 429 || r.status == 401 || r.status == 400),
        "throttle bypassed with a NUL-suffixed login: " << r.status << " " << r.body.substr(0, 80));
    if (r.status == 200) {
      remember_secret(text(data_of(r), "access_token"));
      remember_secret(text(data_of(r), "refresh_token"));
    }
  }
}

BOOST_AUTO_TEST_CASE(full_names_are_limited_in_characters_not_bytes) {
  std::string name_200;
  for (int i = 0; i < 200; ++i) name_200 += "\u00e9";  // é, two bytes in UTF-8
  Account a = fresh_account("utf");
  const auto accepted = api("POST", "/api/v1/auth/register",
                            raw_registration(a, "\"" + name_200 + "\"", "\"" + a.password + "\""));
  BOOST_TEST(accepted.status == 201, "200 characters (400 bytes) refused: " << accepted.body);
  if (accepted.status == 201) {
    BOOST_TEST(text(data_of(accepted), "full_name").size() == 400u);
  }
  Account b = fresh_account("utf");
  const auto refused =
      api("POST", "/api/v1/auth/register",
          raw_registration(b, "\"" + name_200 + "\\u00e9\"", "\"" + b.password + "\""));
  check_error(refused, 400, "VALIDATION_FAILED");
}

BOOST_AUTO_TEST_CASE(a_nul_in_a_name_is_refused_not_a_500) {
  Account a = fresh_account("nulname");
  const auto r = api("POST", "/api/v1/auth/register",
                     raw_registration(a, "\"A\\u0000B\"", "\"" + a.password + "\""));
  BOOST_TEST(r.status < 500, "registration answered " << r.status << ": " << r.body);
  BOOST_TEST((r.status == 400 || r.status == 201), r.body);
}

BOOST_AUTO_TEST_SUITE_END()
