// End-to-end: departments, teams and staff through nginx (docs/DESK.md) — ADMIN CRUD, reads for
// staff, end users limited to active departments, validation and versions.
#include <boost/test/unit_test.hpp>

#include "e2e/desk_support.hpp"
#include "regal/core/id.hpp"

using namespace regal::test::identity;
using namespace regal::test::desk;

BOOST_AUTO_TEST_SUITE(desk_directory)

BOOST_AUTO_TEST_CASE(admin_creates_reads_and_updates_a_department_with_versions) {
  const std::string id = create_department("Billing");
  const auto got = api("GET", "/api/v1/departments/" + id, "", admin());
  BOOST_TEST(got.status == 200);
  BOOST_TEST(data_of(got)->getValue<int>("version") == 1);
  const auto stale = api("PATCH", "/api/v1/departments/" + id,
                         json({{"description", "x"}, {"version", 5}}), admin());
  check_error(stale, 412, "VERSION_MISMATCH");
  const auto ok = api("PATCH", "/api/v1/departments/" + id,
                      json({{"description", "Invoices"}, {"version", 1}}), admin());
  BOOST_TEST(ok.status == 200, ok.body);
  BOOST_TEST(text(data_of(ok), "description") == "Invoices");
  const auto dup = api("POST", "/api/v1/departments",
                       json({{"name", text(data_of(ok), "name")}}), admin());
  check_error(dup, 409, "DUPLICATE_NAME");
}

BOOST_AUTO_TEST_CASE(bad_department_input_is_400_with_every_field) {
  const auto r = api("POST", "/api/v1/departments",
                     json({{"name", ""}, {"nme", "typo"}, {"is_active", "yes"}}), admin());
  check_error(r, 400, "VALIDATION_FAILED");
  BOOST_TEST(has_field_error(r, "nme", "unknown_field"));
}

BOOST_AUTO_TEST_CASE(end_users_see_only_active_departments_and_cannot_manage) {
  const Person user = end_user("ddu");
  const std::string active = create_department("Active");
  const std::string inactive = create_department("Gone");
  BOOST_REQUIRE(api("PATCH", "/api/v1/departments/" + inactive,
                    json({{"is_active", false}, {"version", 1}}), admin())
                    .status == 200);
  BOOST_TEST(api("GET", "/api/v1/departments/" + active, "", user.auth).status == 200);
  check_error(api("GET", "/api/v1/departments/" + inactive, "", user.auth), 404, "NOT_FOUND");
  BOOST_TEST(api("GET", "/api/v1/departments/" + inactive, "", admin()).status == 200);
  check_error(api("POST", "/api/v1/departments", json({{"name", "Nope"}}), user.auth), 403,
              "FORBIDDEN");
  check_error(api("GET", "/api/v1/teams", "", user.auth), 403, "FORBIDDEN");
  check_error(api("GET", "/api/v1/staff", "", user.auth), 403, "FORBIDDEN");
  check_error(api("GET", "/api/v1/departments"), 401, "AUTHENTICATION_REQUIRED");
}

BOOST_AUTO_TEST_CASE(staff_placement_checks_roles_teams_and_leads) {
  const std::string dept = create_department("Placement");
  const std::string other = create_department("Elsewhere");
  const std::string team = create_team(dept, "Alpha");
  const std::string foreign_team = create_team(other, "Beta");
  const Person agent = staff_user("dpa", "AGENT");
  const Person user = end_user("dpu");

  const auto not_staff = api("POST", "/api/v1/staff",
                             json({{"user_id", user.id}, {"department_id", dept}}), admin());
  check_error(not_staff, 409, "NOT_STAFF_ROLE");
  const auto wrong_team = api("POST", "/api/v1/staff",
                              R"({"user_id":")" + agent.id + R"(","department_id":")" + dept +
                                  R"(","team_ids":[")" + foreign_team + R"("]})",
                              admin());
  check_error(wrong_team, 400, "VALIDATION_FAILED");
  BOOST_TEST(has_field_error(wrong_team, "team_ids[0]", "not_in_department"));
  const auto agent_leads = api("POST", "/api/v1/staff",
                               R"({"user_id":")" + agent.id + R"(","department_id":")" + dept +
                                   R"(","team_ids":[")" + team + R"("],"lead_team_ids":[")" +
                                   team + R"("]})",
                               admin());
  BOOST_TEST(has_field_error(agent_leads, "lead_team_ids", "not_a_lead"));

  place(agent, dept, "[\"" + team + "\"]", "[]");
  const auto got = api("GET", "/api/v1/staff/" + agent.id, "", agent.auth);
  BOOST_TEST(got.status == 200, got.body);
  BOOST_TEST(text(data_of(got), "department_id") == dept);
  BOOST_TEST(data_of(got)->getArray("team_ids")->size() == 1u);
  const auto listed = api("GET", "/api/v1/staff?team_id=" + team, "", agent.auth);
  BOOST_TEST(list_of(listed)->size() == 1u);
  const auto teams = api("GET", "/api/v1/teams?department_id=" + dept, "", agent.auth);
  BOOST_TEST(list_of(teams)->size() == 1u);
  check_error(api("PATCH", "/api/v1/staff/" + agent.id, json({{"team_ids", Poco::Dynamic::Var()}}),
                  agent.auth),
              403, "FORBIDDEN");
  const auto moved = api("PATCH", "/api/v1/staff/" + agent.id,
                         R"({"team_ids":[],"version":1})", admin());
  BOOST_TEST(moved.status == 200, moved.body);
  BOOST_TEST(data_of(moved)->getArray("team_ids")->size() == 0u);
  BOOST_TEST(api("DELETE", "/api/v1/staff/" + agent.id, "", admin()).status == 204);
  check_error(api("GET", "/api/v1/staff/" + agent.id, "", admin()), 404, "NOT_FOUND");
}

BOOST_AUTO_TEST_SUITE_END()
