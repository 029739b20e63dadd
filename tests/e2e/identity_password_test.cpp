// End-to-end tests of the identity API, part 2: password reset by mail (through the test
// stack's SMTP sink), password change and self-service registration.
#include <Poco/String.h>

#include <boost/test/unit_test.hpp>

#include "e2e/identity_support.hpp"
#include "regal/core/id.hpp"

using regal::test::HttpResult;
using namespace regal::test::identity;

BOOST_AUTO_TEST_SUITE(identity_password)

// ----------------------------------------------------------------- password reset and change

BOOST_AUTO_TEST_CASE(password_reset_by_mail_replaces_the_password_once) {
  const Account user = create_user(admin_session(), "reset", "", "END_USER");
  const Session earlier = login_ok(user);
  const std::string unknown_email = "unknown-" + regal::random_hex(6) + "@example.com";

  const auto for_unknown =
      api("POST", "/api/v1/auth/password-reset/request", json({{"email", unknown_email}}));
  BOOST_TEST(for_unknown.status == 202);
  const auto for_user =
      api("POST", "/api/v1/auth/password-reset/request", json({{"email", user.email}}));
  BOOST_TEST(for_user.status == 202);
  BOOST_TEST(for_user.body == for_unknown.body);

  const auto mails = wait_for_mails(user.email, 1, 10'000);
  BOOST_REQUIRE_MESSAGE(mails.size() == 1u,
                        "mails to " + user.email + ": " + std::to_string(mails.size()));
  const std::string body = mail_body(mails.front());
  BOOST_TEST(body.find(user.full_name) != std::string::npos);
  const auto tokens = hex64_tokens(body);
  BOOST_REQUIRE_EQUAL(tokens.size(), 1u);
  const std::string token = tokens.front();
  remember_secret(token);
  // The mail for the real account has arrived, the unknown address got none.
  BOOST_TEST(mails_to(unknown_email).empty());

  // A password the policy refuses does not use the token up.
  const auto weak = api("POST", "/api/v1/auth/password-reset/confirm",
                        json({{"token", token}, {"new_password", "short"}}));
  check_error(weak, 400, "VALIDATION_FAILED");
  BOOST_TEST(has_field_error(weak, "new_password", "too_short"));

  const std::string replacement = fresh_password();
  const auto confirmed = api("POST", "/api/v1/auth/password-reset/confirm",
                             json({{"token", token}, {"new_password", replacement}}));
  BOOST_TEST(confirmed.status == 204, confirmed.body);

  check_error(me(earlier.access), 401, "TOKEN_REVOKED");
  BOOST_TEST(refresh(earlier.refresh).status == 401);
  check_error(login(user.username, user.password), 401, "INVALID_CREDENTIALS");
  BOOST_TEST(login(user.username, replacement).status == 200);

  const auto again = api("POST", "/api/v1/auth/password-reset/confirm",
                         json({{"token", token}, {"new_password", fresh_password()}}));
  check_error(again, 400, "INVALID_RESET_TOKEN");
  const auto forged =
      api("POST", "/api/v1/auth/password-reset/confirm",
          json({{"token", regal::random_hex(32)}, {"new_password", fresh_password()}}));
  check_error(forged, 400, "INVALID_RESET_TOKEN");
}

BOOST_AUTO_TEST_CASE(password_reset_ignores_inactive_accounts_and_dies_with_them) {
  const Session admin = admin_session();
  const Account pending = create_user(admin, "resetgone", "", "END_USER");
  BOOST_TEST(reset_request(pending.email).status == 202);
  const std::string token = reset_token_from_mail(pending.email, 1);
  BOOST_REQUIRE_EQUAL(api("DELETE", "/api/v1/users/" + pending.id, "", bearer(admin.access)).status,
                      200);
  check_error(reset_confirm(token, fresh_password()), 400, "INVALID_RESET_TOKEN");

  // A deactivated account gets no mail; the address is matched case-insensitively.
  const Account control = create_user(admin, "resetcase", "", "END_USER");
  BOOST_TEST(reset_request(pending.email).status == 202);
  BOOST_TEST(reset_request(Poco::toUpper(control.email)).status == 202);
  const std::string control_token = reset_token_from_mail(control.email, 1);
  BOOST_TEST(mails_to(pending.email).size() == 1u);  // still only the first one
  BOOST_TEST(reset_confirm(control_token, fresh_password()).status == 204);
}

BOOST_AUTO_TEST_CASE(password_change_checks_the_current_password_and_the_policy) {
  const Account user = create_user(admin_session(), "chpw", "", "END_USER");
  const Session current = login_ok(user);
  // (Candidates refused for being the username or email are not secrets: no remember_secret.)
  const auto change = [&](const std::string& current_password, const std::string& next) {
    return api("POST", "/api/v1/auth/password",
               json({{"current_password", current_password}, {"new_password", next}}),
               bearer(current.access));
  };

  const auto wrong = change(fresh_password(), fresh_password());
  check_error(wrong, 400, "VALIDATION_FAILED");
  BOOST_TEST(has_field_error(wrong, "current_password", "incorrect"), wrong.body);

  const auto too_short = change(user.password, "Ab1-x");
  check_error(too_short, 400, "VALIDATION_FAILED");
  BOOST_TEST(has_field_error(too_short, "new_password", "too_short"), too_short.body);

  const auto too_long = change(user.password, std::string(129, 'q'));
  check_error(too_long, 400, "VALIDATION_FAILED");
  BOOST_TEST(has_field_error(too_long, "new_password", "too_long"), too_long.body);

  for (const std::string& mine : {user.username, user.email}) {
    const auto r = change(user.password, mine);
    check_error(r, 400, "VALIDATION_FAILED");
    BOOST_TEST(has_field_error(r, "new_password", "matches_account"), r.body);
  }
  BOOST_TEST(me(current.access).status == 200);  // failed attempts changed nothing
}

BOOST_AUTO_TEST_CASE(password_change_revokes_the_other_sessions_only) {
  const Account user = create_user(admin_session(), "chpw2", "", "END_USER");
  const Session current = login_ok(user);
  const Session other = login_ok(user);
  const std::string replacement = fresh_password();
  const auto r = api("POST", "/api/v1/auth/password",
                     json({{"current_password", user.password}, {"new_password", replacement}}),
                     bearer(current.access));
  BOOST_REQUIRE_EQUAL(r.status, 204);

  BOOST_TEST(me(current.access).status == 200);
  BOOST_TEST(refresh(current.refresh).status == 200);
  check_error(me(other.access), 401, "TOKEN_REVOKED");
  BOOST_TEST(refresh(other.refresh).status == 401);
  check_error(login(user.username, user.password), 401, "INVALID_CREDENTIALS");
  BOOST_TEST(login(user.username, replacement).status == 200);
}

// ------------------------------------------------------------------------------ registration

BOOST_AUTO_TEST_CASE(registration_makes_end_users_without_pos_access) {
  const Account a = fresh_account("reg");
  const auto body = [](const Account& x) {
    return json({{"full_name", x.full_name},
                 {"email", x.email},
                 {"username", x.username},
                 {"password", x.password}});
  };
  const auto created = api("POST", "/api/v1/auth/register", body(a));
  BOOST_REQUIRE_EQUAL(created.status, 201);
  const auto user = data_of(created);
  BOOST_TEST(text(user, "desk_role") == "END_USER");
  BOOST_TEST(user->isNull("pos_role"));
  BOOST_TEST(user->getValue<bool>("is_active"));
  BOOST_TEST(user->getValue<int>("version") == 1);
  BOOST_TEST(text(user, "email") == a.email);
  BOOST_TEST(!user->has("password_hash"));

  Account same_email = fresh_account("reg");
  same_email.email = a.email;
  check_error(api("POST", "/api/v1/auth/register", body(same_email)), 409, "DUPLICATE_EMAIL");
  same_email.email = Poco::toUpper(a.email);
  check_error(api("POST", "/api/v1/auth/register", body(same_email)), 409, "DUPLICATE_EMAIL");
  Account same_username = fresh_account("reg");
  same_username.username = a.username;
  check_error(api("POST", "/api/v1/auth/register", body(same_username)), 409, "DUPLICATE_USERNAME");

  Account bad_email = fresh_account("reg");
  bad_email.email = "not-an-address";
  const auto invalid = api("POST", "/api/v1/auth/register", body(bad_email));
  check_error(invalid, 400, "VALIDATION_FAILED");
  BOOST_TEST(has_field_error(invalid, "email", "invalid_email"), invalid.body);

  // Roles cannot be smuggled in.
  const Account sneaky = fresh_account("reg");
  const auto escalate = api("POST", "/api/v1/auth/register",
                            json({{"full_name", sneaky.full_name},
                                  {"email", sneaky.email},
                                  {"username", sneaky.username},
                                  {"password", sneaky.password},
                                  {"pos_role", "admin"}}));
  check_error(escalate, 400, "VALIDATION_FAILED");
  BOOST_TEST(has_field_error(escalate, "pos_role", "unknown_field"), escalate.body);

  const Session session = login_ok(a);
  BOOST_TEST(me(session.access).status == 200);
  check_error(api("GET", "/api/v1/users", "", bearer(session.access)), 403, "FORBIDDEN");
  check_error(api("GET", "/api/v1/audit-log", "", bearer(session.access)), 403, "FORBIDDEN");
}

BOOST_AUTO_TEST_SUITE_END()
