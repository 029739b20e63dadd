// End-to-end tests of the identity API, part 1: the bootstrap admin, login, token refresh and
// reuse, logout, access-token checks and the login throttle. Helpers: identity_support.hpp.
#include <Poco/URI.h>

#include <boost/test/unit_test.hpp>
#include <ctime>

#include "e2e/identity_support.hpp"
#include "regal/auth/token_signer.hpp"
#include "regal/core/id.hpp"
#include "support/test_env.hpp"

using regal::test::HttpResult;
using namespace regal::test::identity;

BOOST_AUTO_TEST_SUITE(identity_session)

// ------------------------------------------------------------------------ bootstrap admin

BOOST_AUTO_TEST_CASE(create_admin_cli_makes_a_pos_and_desk_admin_once) {
  const Account& admin = bootstrap_admin();
  const auto r = me(admin_session().access);
  BOOST_REQUIRE_EQUAL(r.status, 200);
  const auto user = data_of(r);
  BOOST_TEST(text(user, "id") == admin.id);
  BOOST_TEST(text(user, "email") == admin.email);
  BOOST_TEST(text(user, "pos_role") == "admin");
  BOOST_TEST(text(user, "desk_role") == "ADMIN");
  BOOST_TEST(user->getValue<bool>("is_active"));

  // Again with the same email (another username and password): nothing changes, exit 0.
  const std::string other_password = fresh_password();
  const auto [status, out] =
      run_command("REGAL_ADMIN_PASSWORD='" + other_password + "' REGAL_BCRYPT_COST=4 '" +
                  regal::test::env("REGAL_TEST_REGALCTL") + "' create-admin --email '" +
                  admin.email + "' --username 'other_" + regal::random_hex(4) + "' 2>&1");
  BOOST_TEST(status == 0, out);
  BOOST_TEST(out.find("nothing was changed") != std::string::npos, out);
  BOOST_TEST(login(admin.username, other_password).status == 401);
  BOOST_TEST(login(admin.username, admin.password).status == 200);
  const auto list =
      api("GET", "/api/v1/users?q=" + admin.email, "", bearer(admin_session().access));
  BOOST_REQUIRE_EQUAL(list.status, 200);
  BOOST_TEST(list_of(list)->size() == 1u);
}

// ---------------------------------------------------------------------- login and session

BOOST_AUTO_TEST_CASE(login_refresh_reuse_and_logout_follow_the_session_rules) {
  const Account user = create_user(admin_session(), "flow", "admin", "ADMIN");

  // Login: a token pair and the user.
  const auto first = login(user.username, user.password);
  BOOST_REQUIRE_EQUAL(first.status, 200);
  const auto pair = data_of(first);
  BOOST_TEST(text(pair, "token_type") == "Bearer");
  BOOST_TEST(pair->getValue<int>("expires_in") == 900);
  const auto u = pair->getObject("user");
  BOOST_REQUIRE(u);
  for (const char* key : {"id", "full_name", "email", "username", "pos_role", "desk_role",
                          "is_active", "meta", "created_at", "updated_at", "version"}) {
    BOOST_TEST(u->has(key), "user lacks " << key);
  }
  BOOST_TEST(!u->has("password_hash"));
  BOOST_TEST(!u->has("password"));
  BOOST_TEST(text(u, "id") == user.id);
  const std::string access1 = text(pair, "access_token");
  const std::string refresh1 = text(pair, "refresh_token");

  const auto me1 = me(access1);
  BOOST_REQUIRE_EQUAL(me1.status, 200);
  BOOST_TEST(text(data_of(me1), "username") == user.username);

  // Refresh: a new pair; both access tokens of the session work.
  const auto rotated = refresh(refresh1);
  BOOST_REQUIRE_EQUAL(rotated.status, 200);
  const std::string access2 = text(data_of(rotated), "access_token");
  const std::string refresh2 = text(data_of(rotated), "refresh_token");
  BOOST_TEST(access2 != access1);
  BOOST_TEST(refresh2 != refresh1);
  BOOST_TEST(me(access2).status == 200);
  BOOST_TEST(me(access1).status == 200);

  // The rotated-away token comes back: the whole session is revoked.
  check_error(refresh(refresh1), 401, "REFRESH_TOKEN_REUSED");
  const auto after_reuse = refresh(refresh2);
  BOOST_TEST(after_reuse.status == 401, after_reuse.body);
  check_error(me(access1), 401, "TOKEN_REVOKED");
  check_error(me(access2), 401, "TOKEN_REVOKED");

  // A fresh login is a new session; logout ends it.
  const Session third = login_ok(user);
  BOOST_TEST(me(third.access).status == 200);
  BOOST_TEST(api("GET", "/api/v1/users?limit=1", "", bearer(third.access)).status == 200);
  const auto out = api("POST", "/api/v1/auth/logout", "", bearer(third.access));
  BOOST_TEST(out.status == 204);
  BOOST_TEST(out.body.empty());
  check_error(me(third.access), 401, "TOKEN_REVOKED");
  check_error(api("GET", "/api/v1/users?limit=1", "", bearer(third.access)), 401, "TOKEN_REVOKED");
  const auto refresh_after_logout = refresh(third.refresh);
  BOOST_TEST(refresh_after_logout.status == 401, refresh_after_logout.body);
  BOOST_TEST(api("POST", "/api/v1/auth/logout", "", bearer(third.access)).status == 401);
}

// Access tokens are checked against the session (PostgreSQL, through the Redis session cache),
// not against a per-token denylist: with Redis down they are still checked, in PostgreSQL, and
// answered; logins, whose throttle lives only in Redis, fail closed.
BOOST_AUTO_TEST_CASE(with_redis_down_sessions_are_checked_in_postgresql_and_logins_fail_closed) {
  const Session admin = admin_session();
  const Account user = create_user(admin, "redisdown", "", "END_USER");
  const Session session = login_ok(user);
  BOOST_REQUIRE_EQUAL(me(session.access).status, 200);  // the session cache now knows it
  regal::test::service("stop", "redis");
  {
    regal::test::ServiceGuard guard("redis");
    for (int i = 0; i < 4; ++i) {  // both responders, whichever answers
      const auto r = me(session.access);
      BOOST_TEST(r.status == 200, r.body);
    }
    check_error(me("not-a-token"), 401, "INVALID_TOKEN");
    check_error(login(user.username, user.password), 503, "DEPENDENCY_UNAVAILABLE");
    regal::test::service("start", "redis");
  }
  BOOST_TEST(me(session.access).status == 200);
  const auto out = api("POST", "/api/v1/auth/logout", "", bearer(session.access));
  BOOST_TEST(out.status == 204);
  check_error(me(session.access), 401, "TOKEN_REVOKED");
}

BOOST_AUTO_TEST_CASE(login_failures_look_alike_for_unknown_wrong_and_inactive_accounts) {
  const Session admin = admin_session();
  const Account active = create_user(admin, "alike", "", "END_USER");
  const Account inactive = create_user(admin, "gone", "", "END_USER");
  BOOST_REQUIRE_EQUAL(
      api("DELETE", "/api/v1/users/" + inactive.id, "", bearer(admin.access)).status, 200);

  const auto unknown = login("nobody_" + regal::random_hex(6), fresh_password());
  const auto wrong = login(active.username, fresh_password());
  const auto deactivated = login(inactive.username, inactive.password);  // right password
  for (const auto* r : {&unknown, &wrong, &deactivated}) {
    check_error(*r, 401, "INVALID_CREDENTIALS");
  }
  BOOST_TEST(without_request_id(wrong) == without_request_id(unknown));
  BOOST_TEST(without_request_id(deactivated) == without_request_id(unknown));
  BOOST_TEST(unknown.header("x-request-id") != wrong.header("x-request-id"));
  BOOST_TEST(wrong.header("x-request-id") != deactivated.header("x-request-id"));
}

BOOST_AUTO_TEST_CASE(login_accepts_a_form_body_and_the_email) {
  const Account user = create_user(admin_session(), "form", "", "END_USER");
  const Headers form = {{"Content-Type", "application/x-www-form-urlencoded"}};
  const auto encoded = [](const std::string& value) {
    std::string out;
    Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]", out);
    return out;
  };
  for (const std::string& name : {user.username, user.email}) {
    const auto r = api("POST", "/api/v1/auth/login",
                       "username=" + encoded(name) + "&password=" + encoded(user.password), form);
    BOOST_REQUIRE_EQUAL(r.status, 200);
    remember_secret(text(data_of(r), "access_token"));
    remember_secret(text(data_of(r), "refresh_token"));
    BOOST_TEST(text(data_of(r), "token_type") == "Bearer");
    BOOST_TEST(text(data_of(r)->getObject("user"), "id") == user.id);
  }
  const auto json_by_email = login(user.email, user.password);
  BOOST_TEST(json_by_email.status == 200);
  const auto missing = api("POST", "/api/v1/auth/login", "username=" + user.username, form);
  check_error(missing, 400, "VALIDATION_FAILED");
}

BOOST_AUTO_TEST_CASE(access_tokens_need_our_signature_a_live_session_and_time) {
  const Account user = create_user(admin_session(), "jwt", "", "END_USER");
  const Session session = login_ok(user);
  const regal::auth::TokenSigner signer(regal::test::env("JWT_SECRET"), "regal", "regal-api");
  const std::int64_t now_s = std::time(nullptr);
  const regal::auth::AccessClaims real = signer.verify(session.access, now_s);
  BOOST_TEST(real.subject == user.id);
  const auto me_with = [](const std::string& authorization) {
    return api("GET", "/api/v1/auth/me", "", {{"Authorization", authorization}});
  };

  check_error(me_with("Bearer not-a-token"), 401, "INVALID_TOKEN");
  check_error(me_with("Basic " + session.access), 401, "AUTHENTICATION_REQUIRED");

  std::string tampered = session.access;  // one character of the signature changed
  const std::size_t at = tampered.rfind('.') + 5;
  tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
  check_error(me_with("Bearer " + tampered), 401, "INVALID_TOKEN");

  const std::string payload = session.access.substr(
      session.access.find('.') + 1, session.access.rfind('.') - session.access.find('.') - 1);
  check_error(me_with("Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + payload + "."), 401,
              "INVALID_TOKEN");

  regal::auth::AccessClaims claims = real;
  const regal::auth::TokenSigner stranger(std::string(64, 'f'), "regal", "regal-api");
  check_error(me_with("Bearer " + stranger.sign(claims, now_s)), 401, "INVALID_TOKEN");

  claims = real;
  check_error(me_with("Bearer " + signer.sign(claims, now_s - 3600)), 401, "TOKEN_EXPIRED");

  claims = real;
  claims.session = regal::new_uuid_v7();
  check_error(me_with("Bearer " + signer.sign(claims, now_s)), 401, "TOKEN_REVOKED");

  // Roles come from the account, not from the token: claiming more grants nothing.
  claims = real;
  claims.pos_role = "admin";
  claims.desk_role = "ADMIN";
  const std::string boasting = "Bearer " + signer.sign(claims, now_s);
  BOOST_TEST(me_with(boasting).status == 200);
  check_error(api("GET", "/api/v1/users", "", {{"Authorization", boasting}}), 403, "FORBIDDEN");
}

BOOST_AUTO_TEST_CASE(five_failed_logins_throttle_that_account_only) {
  const Session admin = admin_session();
  const Account target = create_user(admin, "throttled", "", "END_USER");
  const Account bystander = create_user(admin, "bystander", "", "END_USER");
  for (int i = 0; i < 5; ++i) {
    check_error(login(target.username, fresh_password()), 401, "INVALID_CREDENTIALS");
  }
  const auto blocked = login(target.username, target.password);  // even the right password
  check_error(blocked, 429, "LOGIN_THROTTLED");
  const std::string retry_after = blocked.header("retry-after");
  BOOST_REQUIRE(!retry_after.empty());
  const int seconds = std::stoi(retry_after);
  BOOST_TEST(seconds > 0);
  BOOST_TEST(seconds <= 900);
  // Another account from the same address is not affected.
  BOOST_TEST(login(bystander.username, bystander.password).status == 200);
}

BOOST_AUTO_TEST_SUITE_END()
