// End-to-end tests of supervisor approvals: POST /api/v1/auth/approvals on a cashier's session
// with a supervisor's credentials. Using the token up (ApprovalService::consume) has no route of
// its own; tests/integration/approval_test.cpp covers single use and expiry against Redis.
#include <boost/test/unit_test.hpp>
#include <regex>

#include "e2e/identity_support.hpp"
#include "regal/core/id.hpp"

using regal::test::HttpResult;
using namespace regal::test::identity;

namespace {

HttpResult ask_approval(const Session& till, const std::string& login_name,
                        const std::string& password, const std::string& action) {
  remember_secret(password);
  const auto r = api("POST", "/api/v1/auth/approvals",
                     json({{"login", login_name}, {"password", password}, {"action", action}}),
                     bearer(till.access));
  if (r.status == 201) remember_secret(text(data_of(r), "approval_token"));
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(identity_approval)

BOOST_AUTO_TEST_CASE(a_cashier_gets_an_approval_token_from_an_admins_credentials) {
  const Session root = admin_session();
  const Account supervisor = create_user(root, "sup", "admin", "END_USER");
  const Account cashier = create_user(root, "till", "cashier", "END_USER");
  const Session till = login_ok(cashier);

  const auto r = ask_approval(till, supervisor.username, supervisor.password, "refund");
  BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
  const auto data = data_of(r);
  const std::string token = text(data, "approval_token");
  BOOST_TEST(std::regex_match(token, std::regex("[0-9a-f]{64}")));
  BOOST_TEST(data->getValue<int>("expires_in") == 120);
  const auto approver = data->getObject("approver");
  BOOST_REQUIRE(approver);
  BOOST_TEST(text(approver, "id") == supervisor.id);
  BOOST_TEST(text(approver, "full_name") == supervisor.full_name);
  BOOST_TEST(text(approver, "pos_role") == "admin");
  BOOST_TEST(data->size() == 3u);  // nothing else, and never the approver's session

  // An employee may approve too; each grant is a new token.
  const Account employee = create_user(root, "emp", "employee", "END_USER");
  const auto second = ask_approval(till, employee.email, employee.password, "shift.recount");
  BOOST_REQUIRE_MESSAGE(second.status == 201, second.body);
  BOOST_TEST(text(data_of(second)->getObject("approver"), "pos_role") == "employee");
  BOOST_TEST(text(data_of(second), "approval_token") != token);

  // Audited under the cashier's request, naming the approver — never the token.
  const auto entries = audit_entries(root, "action=approval.grant&actor_id=" + cashier.id);
  const auto entry = entry_with_request_id(entries, r.header("x-request-id"));
  BOOST_REQUIRE(entry);
  const auto after = entry->getObject("after");
  BOOST_REQUIRE(after);
  BOOST_TEST(text(after, "approver_id") == supervisor.id);
  BOOST_TEST(text(after, "action") == "refund");
}

BOOST_AUTO_TEST_CASE(a_wrong_password_answers_exactly_as_login_does) {
  const Session root = admin_session();
  const Account supervisor = create_user(root, "supw", "admin", "END_USER");
  const Session till = login_ok(create_user(root, "tillw", "cashier", "END_USER"));

  const auto approval = ask_approval(till, supervisor.username, fresh_password(), "refund");
  const auto login_failure = login(supervisor.username, fresh_password());
  check_error(approval, 401, "INVALID_CREDENTIALS");
  BOOST_TEST(without_request_id(approval) == without_request_id(login_failure));
  const auto unknown =
      ask_approval(till, "nobody_" + regal::random_hex(6), fresh_password(), "refund");
  BOOST_TEST(without_request_id(unknown) == without_request_id(login_failure));
  // The cashier's own session is untouched by the supervisor's failure.
  BOOST_TEST(me(till.access).status == 200);
}

BOOST_AUTO_TEST_CASE(only_admins_and_employees_approve_and_only_known_actions) {
  const Session root = admin_session();
  const Account cashier = create_user(root, "tillc", "cashier", "END_USER");
  const Account other_cashier = create_user(root, "tillo", "cashier", "END_USER");
  const Account desk_admin = create_user(root, "deskap", "", "ADMIN");
  const Account supervisor = create_user(root, "supc", "admin", "END_USER");
  const Session till = login_ok(cashier);

  check_error(ask_approval(till, other_cashier.username, other_cashier.password, "refund"), 403,
              "APPROVER_NOT_ALLOWED");
  check_error(ask_approval(till, cashier.username, cashier.password, "refund"), 403,
              "APPROVER_NOT_ALLOWED");
  check_error(ask_approval(till, desk_admin.username, desk_admin.password, "refund"), 403,
              "APPROVER_NOT_ALLOWED");
  const auto unknown_action =
      ask_approval(till, supervisor.username, supervisor.password, "drawer.open");
  check_error(unknown_action, 422, "INVALID_APPROVAL_ACTION");
  BOOST_TEST(has_field_error(unknown_action, "action", "invalid_choice"));

  // An inactive supervisor is refused like at login.
  BOOST_REQUIRE_EQUAL(
      api("DELETE", "/api/v1/users/" + supervisor.id, "", bearer(root.access)).status, 200);
  check_error(ask_approval(till, supervisor.username, supervisor.password, "refund"), 401,
              "INVALID_CREDENTIALS");
}

BOOST_AUTO_TEST_CASE(approvals_need_a_session_and_a_clean_body) {
  const Session root = admin_session();
  const Account supervisor = create_user(root, "supb", "admin", "END_USER");
  const std::string body = json(
      {{"login", supervisor.username}, {"password", supervisor.password}, {"action", "refund"}});
  check_error(api("POST", "/api/v1/auth/approvals", body), 401, "AUTHENTICATION_REQUIRED");
  const Session till = login_ok(create_user(root, "tillb", "cashier", "END_USER"));
  const auto extra = api("POST", "/api/v1/auth/approvals",
                         body.substr(0, body.size() - 1) + R"(,"ttl":9999})", bearer(till.access));
  check_error(extra, 400, "VALIDATION_FAILED");
  BOOST_TEST(has_field_error(extra, "ttl", "unknown_field"));
  const auto missing =
      api("POST", "/api/v1/auth/approvals", json({{"action", "refund"}}), bearer(till.access));
  check_error(missing, 400, "VALIDATION_FAILED");
  BOOST_TEST(has_field_error(missing, "login", "required"));
}

BOOST_AUTO_TEST_SUITE_END()
