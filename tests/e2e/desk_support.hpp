#pragma once
// Helpers of the help-desk end-to-end suite (desk_*_test.cpp): a department with two teams and
// staff placed in it, end users, and short API calls. Accounts come from identity_support.

#include <string>

#include "e2e/identity_support.hpp"

namespace regal::test::desk {

using identity::Headers;

struct Person {
  std::string id;
  Headers auth;  // bearer header of a live session
};

// A department with two teams, an agent (member of team 1), a lead (leads team 1 and 2) and a
// second agent in team 2; made fresh by each call.
struct Org {
  std::string department_id;
  std::string team1_id;
  std::string team2_id;
  Person agent;
  Person agent2;
  Person lead;
};

Headers admin();                         // the bootstrap admin's bearer header
Person end_user(const std::string& tag);  // a fresh END_USER with a session
Person staff_user(const std::string& tag, const std::string& desk_role);  // not placed yet
std::string create_department(const std::string& name);
std::string create_team(const std::string& department_id, const std::string& name);
void place(const Person& p, const std::string& department_id, const std::string& teams_json,
           const std::string& leads_json);
Org fresh_org(const std::string& tag);

// POST /tickets by `who` in `department_id`; BOOST-requires 201, returns the ticket.
Poco::JSON::Object::Ptr create_ticket(const Person& who, const std::string& department_id,
                                      const std::string& subject, const std::string& extra = "");
HttpResult transition(const Person& who, const std::string& id, const std::string& to);
HttpResult post_message(const Person& who, const std::string& id, const std::string& body,
                        const std::string& visibility);

}  // namespace regal::test::desk
