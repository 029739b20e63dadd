#include "e2e/desk_support.hpp"

#include <boost/test/unit_test.hpp>

#include "regal/core/id.hpp"

namespace regal::test::desk {

using namespace identity;

Headers admin() { return bearer(admin_session().access); }

Person end_user(const std::string& tag) {
  const Account a = create_user(admin_session(), tag, "", "END_USER");
  return {a.id, bearer(login_ok(a).access)};
}

Person staff_user(const std::string& tag, const std::string& desk_role) {
  const Account a = create_user(admin_session(), tag, "", desk_role);
  return {a.id, bearer(login_ok(a).access)};
}

std::string create_department(const std::string& name) {
  const auto r = api("POST", "/api/v1/departments",
                     json({{"name", name + " " + random_hex(4)}, {"description", "e2e"}}), admin());
  BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
  return text(data_of(r), "id");
}

std::string create_team(const std::string& department_id, const std::string& name) {
  const auto r = api("POST", "/api/v1/teams",
                     json({{"department_id", department_id}, {"name", name}}), admin());
  BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
  return text(data_of(r), "id");
}

void place(const Person& p, const std::string& department_id, const std::string& teams_json,
           const std::string& leads_json) {
  const std::string body = R"({"user_id":")" + p.id + R"(","department_id":")" + department_id +
                           R"(","team_ids":)" + teams_json + R"(,"lead_team_ids":)" + leads_json +
                           "}";
  const auto r = api("POST", "/api/v1/staff", body, admin());
  BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
}

Org fresh_org(const std::string& tag) {
  Org o;
  o.department_id = create_department("Dept " + tag);
  o.team1_id = create_team(o.department_id, "Team one");
  o.team2_id = create_team(o.department_id, "Team two");
  o.agent = staff_user(tag + "ag", "AGENT");
  o.agent2 = staff_user(tag + "ah", "AGENT");
  o.lead = staff_user(tag + "ld", "TEAM_LEAD");
  place(o.agent, o.department_id, "[\"" + o.team1_id + "\"]", "[]");
  place(o.agent2, o.department_id, "[\"" + o.team2_id + "\"]", "[]");
  const std::string both = "[\"" + o.team1_id + "\",\"" + o.team2_id + "\"]";
  place(o.lead, o.department_id, both, both);
  return o;
}

Poco::JSON::Object::Ptr create_ticket(const Person& who, const std::string& department_id,
                                      const std::string& subject, const std::string& extra) {
  const std::string body = R"({"subject":")" + subject + R"(","department_id":")" +
                           department_id + "\"" + extra + "}";
  const auto r = api("POST", "/api/v1/tickets", body, who.auth);
  BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
  return data_of(r);
}

HttpResult transition(const Person& who, const std::string& id, const std::string& to) {
  return api("POST", "/api/v1/tickets/" + id + "/transition", json({{"to", to}}), who.auth);
}

HttpResult post_message(const Person& who, const std::string& id, const std::string& body,
                        const std::string& visibility) {
  return api("POST", "/api/v1/tickets/" + id + "/messages",
             json({{"body", body}, {"visibility", visibility}}), who.auth);
}

}  // namespace regal::test::desk
