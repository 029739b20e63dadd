// End-to-end: tickets through nginx (docs/DESK.md) — scoping (404 outside scope), the lifecycle
// and requester rules, internal notes hidden from end users everywhere, assignment, PATCH with
// versions, history, attachments, stats cache invalidation and the transition metric.
#include <boost/test/unit_test.hpp>

#include "e2e/desk_support.hpp"
#include "regal/core/id.hpp"

using namespace regal::test::identity;
using namespace regal::test::desk;
using regal::test::HttpResult;

namespace {

std::string tid(const Poco::JSON::Object::Ptr& t) { return text(t, "id"); }
std::string status_of(const HttpResult& r) { return text(data_of(r), "status"); }

std::int64_t dept_total(const HttpResult& stats, const std::string& department_id) {
  std::int64_t total = 0;
  const auto groups = data_of(stats)->getArray("groups");
  for (unsigned i = 0; i < groups->size(); ++i) {
    const auto g = groups->getObject(i);
    if (g->getValue<std::string>("department_id") == department_id) {
      total += g->getValue<std::int64_t>("total");
    }
  }
  return total;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(desk_tickets)

BOOST_AUTO_TEST_CASE(tickets_are_404_outside_the_callers_scope) {
  const Org org = fresh_org("sc");
  const Org other = fresh_org("so");
  const Person alice = end_user("sca");
  const Person bob = end_user("scb");
  const auto t = create_ticket(alice, org.department_id, "Alice's laptop");
  BOOST_TEST(text(t, "status") == "OPEN");
  BOOST_TEST(t->getValue<std::int64_t>("number") > 0);
  const std::string path = "/api/v1/tickets/" + tid(t);

  BOOST_TEST(api("GET", path, "", alice.auth).status == 200);
  BOOST_TEST(api("GET", path, "", org.agent.auth).status == 200);
  BOOST_TEST(api("GET", path, "", admin()).status == 200);
  for (const Person* probe : {&bob, &other.agent, &other.lead}) {
    for (const auto& sub : {"", "/messages", "/history", "/attachments"}) {
      check_error(api("GET", path + sub, "", probe->auth), 404, "NOT_FOUND");
    }
    check_error(transition(*probe, tid(t), "CANCELLED"), 404, "NOT_FOUND");
    check_error(post_message(*probe, tid(t), "hi", "public"), 404, "NOT_FOUND");
  }
  // An unknown id answers exactly like a foreign one.
  const auto unknown = api("GET", "/api/v1/tickets/" + regal::new_uuid_v7(), "", bob.auth);
  const auto foreign = api("GET", path, "", bob.auth);
  BOOST_TEST(without_request_id(unknown) == without_request_id(foreign));

  BOOST_TEST(list_of(api("GET", "/api/v1/tickets", "", bob.auth))->size() == 0u);
  BOOST_TEST(list_of(api("GET", "/api/v1/tickets", "", alice.auth))->size() == 1u);
  const auto agent_list =
      api("GET", "/api/v1/tickets?department_id=" + org.department_id, "", org.agent.auth);
  BOOST_TEST(list_of(agent_list)->size() == 1u);
  const auto other_list =
      api("GET", "/api/v1/tickets?department_id=" + org.department_id, "", other.agent.auth);
  BOOST_TEST(list_of(other_list)->size() == 0u);
}

BOOST_AUTO_TEST_CASE(creation_validates_input) {
  const Person user = end_user("cv");
  const auto r = api("POST", "/api/v1/tickets",
                     json({{"subject", ""}, {"priority", "SOON"}, {"department_id", "nope"},
                           {"colour", "red"}}),
                     user.auth);
  check_error(r, 400, "VALIDATION_FAILED");
  BOOST_TEST(has_field_error(r, "priority", "invalid_choice"));
  BOOST_TEST(has_field_error(r, "department_id", "invalid_id"));
  BOOST_TEST(has_field_error(r, "colour", "unknown_field"));
  const auto missing = api("POST", "/api/v1/tickets",
                           json({{"subject", "x"}, {"department_id", regal::new_uuid_v7()}}),
                           user.auth);
  BOOST_TEST(has_field_error(missing, "department_id", "not_found"));
}

BOOST_AUTO_TEST_CASE(the_lifecycle_and_the_requester_rules_hold) {
  const Org org = fresh_org("lc");
  const Person user = end_user("lcu");
  const auto t = create_ticket(user, org.department_id, "Lifecycle");
  const std::string id = tid(t);
  check_error(transition(user, id, "RESOLVED"), 403, "FORBIDDEN");
  check_error(transition(org.agent, id, "CLOSED"), 409, "INVALID_TRANSITION");
  check_error(transition(org.agent, id, "LATER"), 400, "VALIDATION_FAILED");

  auto r = transition(org.agent, id, "PENDING_USER");
  BOOST_TEST(status_of(r) == "PENDING_USER");
  BOOST_TEST(post_message(user, id, "Here is the info", "public").status == 201);
  r = api("GET", "/api/v1/tickets/" + id, "", user.auth);
  BOOST_TEST(status_of(r) == "IN_PROGRESS");
  BOOST_TEST(data_of(r)->isNull("first_response_at"));
  BOOST_TEST(post_message(org.agent, id, "Fixed, please check", "public").status == 201);
  r = transition(org.agent, id, "RESOLVED");
  BOOST_TEST(status_of(r) == "RESOLVED");
  BOOST_TEST(!data_of(r)->isNull("first_response_at"));
  BOOST_TEST(!data_of(r)->isNull("resolved_at"));
  r = transition(user, id, "IN_PROGRESS");  // the requester reopens
  BOOST_TEST(status_of(r) == "IN_PROGRESS");
  BOOST_TEST(data_of(r)->isNull("resolved_at"));
  transition(org.agent, id, "RESOLVED");
  r = transition(org.agent, id, "CLOSED");
  BOOST_TEST(status_of(r) == "CLOSED");
  check_error(transition(org.agent, id, "IN_PROGRESS"), 409, "INVALID_TRANSITION");
  check_error(post_message(user, id, "again?", "public"), 409, "TICKET_CLOSED");

  const auto own = create_ticket(user, org.department_id, "Never mind");
  BOOST_TEST(status_of(transition(user, tid(own), "CANCELLED")) == "CANCELLED");

  const auto stale = api("POST", "/api/v1/tickets/" + tid(own) + "/transition",
                         json({{"to", "OPEN"}, {"version", 1}}), org.agent.auth);
  check_error(stale, 412, "VERSION_MISMATCH");

  const auto history = list_of(api("GET", "/api/v1/tickets/" + id + "/history", "", user.auth));
  std::vector<std::string> moves;
  for (unsigned i = 0; i < history->size(); ++i) {
    const auto h = history->getObject(i);
    if (text(h, "field") == "status") moves.push_back(text(h, "to"));
  }
  const std::vector<std::string> expected = {"OPEN",     "PENDING_USER", "IN_PROGRESS",
                                             "RESOLVED", "IN_PROGRESS",  "RESOLVED", "CLOSED"};
  BOOST_TEST(moves == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(internal_notes_never_reach_end_users) {
  const Org org = fresh_org("in");
  const Person user = end_user("inu");
  const auto t = create_ticket(user, org.department_id, "Notes");
  const std::string id = tid(t);
  const std::string secret = "zq" + regal::random_hex(8);
  check_error(post_message(user, id, "sneaky", "internal"), 403, "FORBIDDEN");
  const auto note = post_message(org.agent, id, "internal " + secret, "internal");
  BOOST_REQUIRE(note.status == 201);
  BOOST_TEST(post_message(org.agent, id, "public reply", "public").status == 201);
  const auto attach = api("POST", "/api/v1/tickets/" + id + "/attachments",
                          json({{"message_id", text(data_of(note), "id")},
                                {"file_name", secret + ".txt"},
                                {"content_type", "text/plain"},
                                {"size", 12},
                                {"sha256", std::string(64, 'c')},
                                {"storage_uri", "s3://desk/" + secret}}),
                          org.agent.auth);
  BOOST_REQUIRE_MESSAGE(attach.status == 201, attach.body);

  std::string seen;
  for (const auto& path : {"/api/v1/tickets/" + id, "/api/v1/tickets/" + id + "/messages",
                           "/api/v1/tickets/" + id + "/history",
                           "/api/v1/tickets/" + id + "/attachments", std::string("/api/v1/tickets"),
                           "/api/v1/tickets?q=" + secret}) {
    const auto r = api("GET", path, "", user.auth);
    BOOST_TEST(r.status == 200, path);
    seen += r.body;
  }
  BOOST_TEST(seen.find(secret) == std::string::npos);
  BOOST_TEST(list_of(api("GET", "/api/v1/tickets?q=" + secret, "", user.auth))->size() == 0u);
  // Staff of the department see all of it.
  const auto staff_msgs = api("GET", "/api/v1/tickets/" + id + "/messages", "", org.agent.auth);
  BOOST_TEST(list_of(staff_msgs)->size() == 2u);
  BOOST_TEST(list_of(api("GET", "/api/v1/tickets?q=" + secret, "", org.agent.auth))->size() == 1u);
  BOOST_TEST(list_of(api("GET", "/api/v1/tickets/" + id + "/attachments", "", org.agent.auth))
                 ->size() == 1u);
  const auto bad = api("POST", "/api/v1/tickets/" + id + "/attachments",
                       json({{"message_id", text(data_of(note), "id")},
                             {"file_name", "x.txt"},
                             {"content_type", "text/plain"},
                             {"size", 1},
                             {"sha256", std::string(64, 'd')},
                             {"storage_uri", "s3://x"}}),
                       user.auth);
  BOOST_TEST(has_field_error(bad, "message_id", "not_found"));
}

BOOST_AUTO_TEST_CASE(attachment_metadata_is_validated_against_the_limits) {
  const Org org = fresh_org("at");
  const Person user = end_user("atu");
  const std::string id = tid(create_ticket(user, org.department_id, "Attach"));
  const auto bad = api("POST", "/api/v1/tickets/" + id + "/attachments",
                       json({{"file_name", "virus.exe"},
                             {"content_type", "application/x-msdownload"},
                             {"size", std::int64_t{1} << 40},
                             {"sha256", "abc"},
                             {"storage_uri", "s3://x"}}),
                       user.auth);
  check_error(bad, 400, "VALIDATION_FAILED");
  BOOST_TEST(has_field_error(bad, "content_type", "not_allowed"));
  BOOST_TEST(has_field_error(bad, "size", "out_of_range"));
  BOOST_TEST(has_field_error(bad, "sha256", "invalid_digest"));
  const auto ok = api("POST", "/api/v1/tickets/" + id + "/attachments",
                      json({{"file_name", "screen.png"},
                            {"content_type", "image/png"},
                            {"size", 2048},
                            {"sha256", std::string(64, 'e')},
                            {"storage_uri", "s3://desk/screen.png"}}),
                      user.auth);
  BOOST_TEST(ok.status == 201, ok.body);
  const auto list = list_of(api("GET", "/api/v1/tickets/" + id + "/attachments", "", user.auth));
  BOOST_TEST(list->size() == 1u);
}

BOOST_AUTO_TEST_CASE(assignment_follows_roles_and_placement) {
  const Org org = fresh_org("as");
  const Org other = fresh_org("ax");
  const Person user = end_user("asu");
  const auto t = create_ticket(user, org.department_id, "Assign me",
                               R"(,"team_id":")" + org.team2_id + "\"");
  const std::string path = "/api/v1/tickets/" + tid(t) + "/assign";
  check_error(api("POST", path, json({{"assignee_id", user.id}}), user.auth), 403, "FORBIDDEN");
  check_error(api("POST", path, json({{"assignee_id", org.agent2.id}}), org.agent.auth), 403,
              "FORBIDDEN");
  // agent is not in team 2: assigning themselves is allowed by role but out of placement.
  check_error(api("POST", path, json({{"assignee_id", org.agent.id}}), org.agent.auth), 409,
              "ASSIGNEE_NOT_IN_SCOPE");
  auto r = api("POST", path, json({{"assignee_id", org.agent2.id}}), org.agent2.auth);
  BOOST_TEST(r.status == 200, r.body);
  BOOST_TEST(text(data_of(r), "assignee_id") == org.agent2.id);
  r = api("POST", path, json({{"assignee_id", org.lead.id}}), org.lead.auth);
  BOOST_TEST(text(data_of(r), "assignee_id") == org.lead.id);
  check_error(api("POST", path, json({{"assignee_id", other.agent.id}}), admin()), 409,
              "ASSIGNEE_NOT_IN_SCOPE");
  check_error(api("POST", path, json({{"assignee_id", org.agent.id}}), other.lead.auth), 404,
              "NOT_FOUND");
  r = api("POST", path, R"({"assignee_id":null})", admin());
  BOOST_TEST(data_of(r)->isNull("assignee_id"));
  const auto history = api("GET", "/api/v1/tickets/" + tid(t) + "/history", "", org.agent.auth);
  unsigned assignee_rows = 0;
  for (unsigned i = 0; i < list_of(history)->size(); ++i) {
    if (text(list_of(history)->getObject(i), "field") == "assignee") ++assignee_rows;
  }
  BOOST_TEST(assignee_rows == 3u);
}

BOOST_AUTO_TEST_CASE(patch_needs_a_version_and_respects_roles) {
  const Org org = fresh_org("pa");
  const Person user = end_user("pau");
  const auto t = create_ticket(user, org.department_id, "Patch me",
                               R"(,"team_id":")" + org.team1_id + "\"");
  const std::string path = "/api/v1/tickets/" + tid(t);
  check_error(api("PATCH", path, json({{"subject", "New"}}), user.auth), 400, "VALIDATION_FAILED");
  check_error(api("PATCH", path, json({{"subject", "New"}, {"version", 9}}), user.auth), 412,
              "VERSION_MISMATCH");
  auto r = api("PATCH", path, json({{"subject", "Better subject"}, {"version", 1}}), user.auth);
  BOOST_TEST(r.status == 200, r.body);
  BOOST_TEST(text(data_of(r), "subject") == "Better subject");
  const int v2 = data_of(r)->getValue<int>("version");
  check_error(api("PATCH", path, json({{"priority", "URGENT"}, {"version", v2}}), user.auth), 403,
              "FORBIDDEN");
  r = api("PATCH", path,
          R"({"priority":"URGENT","tags":["vip","hw"],"version":)" + std::to_string(v2) + "}",
          org.agent.auth);
  BOOST_TEST(r.status == 200, r.body);
  BOOST_TEST(text(data_of(r), "priority") == "URGENT");
  const int v = data_of(r)->getValue<int>("version");
  check_error(api("PATCH", path, json({{"team_id", org.team2_id}, {"version", v}}), org.agent.auth),
              403, "FORBIDDEN");
  r = api("PATCH", path, json({{"team_id", org.team2_id}, {"version", v}}), org.lead.auth);
  BOOST_TEST(r.status == 200, r.body);
  BOOST_TEST(text(data_of(r), "team_id") == org.team2_id);
  const auto tagged = api("GET", "/api/v1/tickets?tag=vip&priority=URGENT", "", org.agent.auth);
  BOOST_TEST(list_of(tagged)->size() == 1u);
}

BOOST_AUTO_TEST_CASE(lists_sort_by_priority_then_age_and_page_with_cursors) {
  const Org org = fresh_org("ls");
  const Person user = end_user("lsu");
  const std::string low = tid(create_ticket(user, org.department_id, "low", R"(,"priority":"LOW")"));
  const std::string high =
      tid(create_ticket(user, org.department_id, "high", R"(,"priority":"HIGH")"));
  const std::string low2 =
      tid(create_ticket(user, org.department_id, "low2", R"(,"priority":"LOW")"));
  const auto first = api("GET", "/api/v1/tickets?limit=2", "", user.auth);
  const auto items = list_of(first);
  BOOST_REQUIRE(items->size() == 2u);
  BOOST_TEST(text(items->getObject(0), "id") == high);
  BOOST_TEST(text(items->getObject(1), "id") == low);
  const std::string cursor = first.json()->getObject("page")->getValue<std::string>("next_cursor");
  const auto second = list_of(api("GET", "/api/v1/tickets?limit=2&cursor=" + cursor, "", user.auth));
  BOOST_REQUIRE(second->size() == 1u);
  BOOST_TEST(text(second->getObject(0), "id") == low2);
  check_error(api("GET", "/api/v1/tickets?cursor=bogus", "", user.auth), 400, "INVALID_CURSOR");
  check_error(api("GET", "/api/v1/tickets?status=NOPE&created_from=yesterday", "", user.auth), 400,
              "VALIDATION_FAILED");
  const auto open = api("GET", "/api/v1/tickets?status=OPEN,IN_PROGRESS&created_from=2020-01-01T00:00:00Z",
                        "", user.auth);
  BOOST_TEST(list_of(open)->size() == 3u);
}

BOOST_AUTO_TEST_CASE(stats_are_cached_and_every_write_is_visible_in_the_next_call) {
  const Org org = fresh_org("st");
  const Person user = end_user("stu");
  check_error(api("GET", "/api/v1/tickets/stats", "", user.auth), 403, "FORBIDDEN");
  auto s1 = api("GET", "/api/v1/tickets/stats", "", org.agent.auth);
  BOOST_REQUIRE_MESSAGE(s1.status == 200, s1.body);
  BOOST_TEST(dept_total(s1, org.department_id) == 0);
  auto s2 = api("GET", "/api/v1/tickets/stats", "", org.agent.auth);
  BOOST_TEST(data_of(s2)->getValue<bool>("cached"));

  const std::string id = tid(create_ticket(user, org.department_id, "Counted"));
  auto s3 = api("GET", "/api/v1/tickets/stats", "", org.agent.auth);
  BOOST_TEST(!data_of(s3)->getValue<bool>("cached"));
  BOOST_TEST(dept_total(s3, org.department_id) == 1);

  api("GET", "/api/v1/tickets/stats", "", org.agent.auth);  // cache it again
  BOOST_TEST(status_of(transition(org.agent, id, "IN_PROGRESS")) == "IN_PROGRESS");
  auto s4 = api("GET", "/api/v1/tickets/stats", "", org.agent.auth);
  const auto groups = data_of(s4)->getArray("groups");
  BOOST_REQUIRE(groups->size() == 1u);
  const auto by_status = groups->getObject(0)->getObject("by_status");
  BOOST_TEST(by_status->getValue<int>("IN_PROGRESS") == 1);
  BOOST_TEST(by_status->getValue<int>("OPEN") == 0);

  // The stats of an agent are their department's only; an ADMIN sees every department.
  const auto admin_stats = api("GET", "/api/v1/tickets/stats", "", admin());
  BOOST_TEST(dept_total(admin_stats, org.department_id) == 1);
}

BOOST_AUTO_TEST_CASE(status_transitions_are_counted_in_metrics) {
  const Org org = fresh_org("mt");
  const Person user = end_user("mtu");
  const std::string id = tid(create_ticket(user, org.department_id, "Metric"));
  BOOST_TEST(transition(org.agent, id, "RESOLVED").status == 200);
  bool found = false;
  for (int i = 0; i < 10 && !found; ++i) {  // several responders: scrape until ours answers
    const auto m = regal::test::http("GET", "/metrics");
    found = m.body.find("regal_ticket_status_transitions_total{") != std::string::npos &&
            m.body.find("from=\"OPEN\",to=\"RESOLVED\"") != std::string::npos;
  }
  BOOST_TEST(found);
}

BOOST_AUTO_TEST_SUITE_END()
