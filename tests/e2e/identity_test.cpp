// End-to-end tests of the identity API (/api/v1/auth/*, /api/v1/users, /api/v1/audit-log)
// through nginx → regal-fcgi → PostgreSQL/Redis, with mail delivered to the test stack's SMTP
// sink. The suite is split by topic: identity_session_test.cpp, identity_password_test.cpp,
// identity_input_test.cpp, identity_users_test.cpp, identity_matrix_test.cpp and this file,
// which is linked last so that its cases — the audit log, then the checks over everything the
// others did (no secret leaked) and the graceful stop — run after them. Helpers:
// identity_support.hpp.
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <tuple>

#include "e2e/identity_support.hpp"
#include "support/test_env.hpp"

using regal::test::HttpResult;
using namespace regal::test::identity;

namespace {

std::string read_logs() {
  std::string all;
  for (const auto& entry :
       std::filesystem::directory_iterator(regal::test::env("REGAL_TEST_LOG_DIR"))) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    all += ss.str();
  }
  return all;
}

// Polls GET `path` every 100 ms until it answers `status` (connection errors count as 0).
HttpResult wait_for_status(const std::string& path, int status, int tries) {
  HttpResult r;
  for (int i = 0; i < tries; ++i) {
    try {
      r = regal::test::http("GET", path);
    } catch (const std::exception&) {
      r = HttpResult{};
    }
    if (r.status == status) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(identity)

// -------------------------------------------------------------------------------- audit log

BOOST_AUTO_TEST_CASE(audit_log_records_who_did_what_under_which_request_id) {
  const Session admin = admin_session();
  const Account root = bootstrap_admin();
  const Account user = create_user(admin, "audited", "employee", "END_USER");

  const auto failed = login(user.username, fresh_password());
  BOOST_REQUIRE_EQUAL(failed.status, 401);
  const auto ok = login(user.username, user.password);
  BOOST_REQUIRE_EQUAL(ok.status, 200);
  const std::string user_access = text(data_of(ok), "access_token");
  const auto updated = patch_user(admin, user.id, json({{"full_name", "Audited Name"}}),
                                  user_version(admin, user.id));
  BOOST_REQUIRE_EQUAL(updated.status, 200);

  const auto failure = entry_with_request_id(
      audit_entries(admin, "action=auth.login_failed&entity_type=user&entity_id=" + user.id),
      failed.header("x-request-id"));
  BOOST_REQUIRE_MESSAGE(failure, "no auth.login_failed entry for the failed login");
  BOOST_TEST(failure->isNull("actor_id"));
  BOOST_TEST(text(failure->getObject("after"), "reason") == "wrong_password");
  BOOST_TEST(!text(failure, "client_ip").empty());
  BOOST_TEST(!text(failure, "at").empty());

  const auto login_entry = entry_with_request_id(
      audit_entries(admin, "action=auth.login&actor_id=" + user.id), ok.header("x-request-id"));
  BOOST_REQUIRE_MESSAGE(login_entry, "no auth.login entry for the login");
  BOOST_TEST(text(login_entry, "entity_type") == "session");

  const auto update_entry = entry_with_request_id(
      audit_entries(admin, "action=user.update&entity_type=user&entity_id=" + user.id),
      updated.header("x-request-id"));
  BOOST_REQUIRE_MESSAGE(update_entry, "no user.update entry for the PATCH");
  BOOST_TEST(text(update_entry, "actor_id") == root.id);
  BOOST_TEST(text(update_entry->getObject("before"), "full_name") == user.full_name);
  BOOST_TEST(text(update_entry->getObject("after"), "full_name") == "Audited Name");
  BOOST_TEST(!update_entry->getObject("after")->has("password_hash"));

  const auto created = audit_entries(admin, "action=user.create&entity_id=" + user.id);
  BOOST_REQUIRE_EQUAL(created.size(), 1u);
  BOOST_TEST(text(created.front(), "actor_id") == root.id);
  BOOST_TEST(audit_entries(admin, "action=user.create_admin&entity_id=" + root.id).size() == 1u);

  // An employee (no audit.read) and anonymous callers are refused.
  check_error(api("GET", "/api/v1/audit-log", "", bearer(user_access)), 403, "FORBIDDEN");
  check_error(api("GET", "/api/v1/audit-log", "", {}), 401, "AUTHENTICATION_REQUIRED");
}

BOOST_AUTO_TEST_CASE(every_identity_action_is_audited_with_its_request_id) {
  const Session admin = admin_session();
  const Account a = fresh_account("trail");
  const auto registered = api("POST", "/api/v1/auth/register",
                              json({{"full_name", a.full_name},
                                    {"email", a.email},
                                    {"username", a.username},
                                    {"password", a.password}}));
  BOOST_REQUIRE_EQUAL(registered.status, 201);
  const std::string id = text(data_of(registered), "id");
  const auto failed = login(a.username, fresh_password());
  const auto first = login(a.username, a.password);
  BOOST_REQUIRE_EQUAL(first.status, 200);
  const std::string refresh1 = text(data_of(first), "refresh_token");
  BOOST_REQUIRE_EQUAL(refresh(refresh1).status, 200);
  const auto reused = refresh(refresh1);
  const Session second = login_ok(a);
  const std::string new_password = fresh_password();
  const auto changed = api("POST", "/api/v1/auth/password",
                           json({{"current_password", a.password}, {"new_password", new_password}}),
                           bearer(second.access));
  BOOST_REQUIRE_EQUAL(changed.status, 204);
  const auto logged_out = api("POST", "/api/v1/auth/logout", "", bearer(second.access));
  BOOST_REQUIRE_EQUAL(logged_out.status, 204);
  const auto requested = reset_request(a.email);
  const auto reset = reset_confirm(reset_token_from_mail(a.email, 1), fresh_password());
  BOOST_REQUIRE_EQUAL(reset.status, 204);
  const auto updated =
      patch_user(admin, id, json({{"full_name", "Trail Renamed"}}), user_version(admin, id));
  BOOST_REQUIRE_EQUAL(updated.status, 200);
  const auto deactivated = api("DELETE", "/api/v1/users/" + id, "", bearer(admin.access));
  BOOST_REQUIRE_EQUAL(deactivated.status, 200);

  const std::vector<std::tuple<std::string, std::string, const HttpResult*>> expected = {
      {"user.register", "entity_id=" + id, &registered},
      {"auth.login_failed", "entity_type=user&entity_id=" + id, &failed},
      {"auth.login", "actor_id=" + id, &first},
      {"auth.refresh_reused", "actor_id=" + id, &reused},
      {"auth.password_change", "entity_id=" + id, &changed},
      {"auth.logout", "actor_id=" + id, &logged_out},
      {"auth.password_reset_request", "entity_id=" + id, &requested},
      {"auth.password_reset", "entity_id=" + id, &reset},
      {"user.update", "entity_id=" + id, &updated},
      {"user.deactivate", "entity_id=" + id, &deactivated},
  };
  for (const auto& [action, query, response] : expected) {
    const auto entries = audit_entries(admin, "action=" + action + "&" + query);
    const auto found = entry_with_request_id(entries, response->header("x-request-id"));
    BOOST_TEST(found != nullptr, action << ": no entry with the request id of its request ("
                                        << entries.size() << " entries for " << query << ")");
    if (found) BOOST_TEST(text(found, "action") == action);
  }
}

// --------------------------------------------------------------------------------- secrets

BOOST_AUTO_TEST_CASE(secrets_never_reach_the_logs_or_the_audit_log) {
  const Session admin = admin_session();
  // The request below is logged last; once it is in the logs, everything before it is too.
  const auto marker = api("GET", "/healthz");
  const std::string rid = marker.header("x-request-id");
  std::string logs;
  for (int i = 0; i < 50 && logs.find(rid) == std::string::npos; ++i) {
    if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    logs = read_logs();
  }
  BOOST_REQUIRE_MESSAGE(logs.find(rid) != std::string::npos, "the responders' log lags behind");

  std::string audit;
  std::size_t audit_entries_seen = 0;
  for (std::string cursor;;) {
    const auto page =
        api("GET", "/api/v1/audit-log?limit=200" + (cursor.empty() ? "" : "&cursor=" + cursor), "",
            bearer(admin.access));
    BOOST_REQUIRE_EQUAL(page.status, 200);
    audit += page.body;
    audit_entries_seen += list_of(page)->size();
    cursor = page.json()->getObject("page")->optValue<std::string>("next_cursor", "");
    if (cursor.empty() || audit_entries_seen > 100'000) break;
  }
  BOOST_TEST(audit_entries_seen > 50u);
  BOOST_TEST(audit.find(bootstrap_admin().id) != std::string::npos);

  const auto& secrets = remembered_secrets();
  BOOST_TEST(secrets.size() > 50u);
  for (const auto& secret : secrets) {
    BOOST_TEST(logs.find(secret) == std::string::npos, "a secret in the logs: " << secret);
    BOOST_TEST(audit.find(secret) == std::string::npos, "a secret in the audit log: " << secret);
  }
  BOOST_TEST(audit.find("$2b$") == std::string::npos);
  BOOST_TEST(remembered_responses().find("$2b$") == std::string::npos);
  BOOST_TEST(remembered_responses().find("password_hash") == std::string::npos);
}

// --------------------------------------------------------------------------- graceful stop

BOOST_AUTO_TEST_CASE(sigterm_lets_in_flight_requests_finish) {
  HttpResult slow;
  std::string failure;
  std::jthread request([&] {
    try {
      slow = regal::test::http("GET", "/api/v1/_test/sleep?ms=1500");
    } catch (const std::exception& e) {
      failure = e.what();
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  {
    regal::test::ServiceGuard restart("fcgi");  // responders come back even if a check fails
    const auto started = std::chrono::steady_clock::now();
    regal::test::service("stop", "fcgi");  // SIGTERM to every responder, waits for the exits
    const auto stop_took = std::chrono::steady_clock::now() - started;
    request.join();
    BOOST_TEST(failure.empty(), failure);
    BOOST_TEST(slow.status == 200, slow.body);
    BOOST_TEST(slow.body.find("\"slept_ms\":1500") != std::string::npos, slow.body);
    BOOST_TEST(std::chrono::duration_cast<std::chrono::seconds>(stop_took).count() < 30);
    // No request is sent while the responders are down: each nginx worker would mark both
    // upstreams failed for fail_timeout (10 s) and answer 502 to the suites that follow.
    regal::test::service("start", "fcgi");
  }
  BOOST_TEST(wait_for_status("/healthz", 200, 300).status == 200);
  BOOST_TEST(wait_for_status("/readyz", 200, 300).status == 200);
  BOOST_TEST(me(admin_session().access).status == 200);
}

BOOST_AUTO_TEST_SUITE_END()
