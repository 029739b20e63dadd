// The ticket lifecycle table and the access rules (lib/src/desk/desk_access.cpp), walked for
// every role × every transition.
#include "regal/desk/desk_access.hpp"

#include <boost/test/unit_test.hpp>
#include <set>

using regal::auth::DeskRole;
using namespace regal::desk;

namespace {

const std::string kDept = "d1";
const std::string kOtherDept = "d2";

Ticket ticket(Status s, const std::string& requester = "requester",
              const std::string& department = kDept) {
  Ticket t;
  t.id = "t";
  t.status = s;
  t.requester_id = requester;
  t.department_id = department;
  return t;
}

DeskCaller caller(DeskRole role, const std::string& id, std::optional<std::string> dept = kDept,
                  std::vector<std::string> teams = {}, std::vector<std::string> leads = {}) {
  return {id, role, std::move(dept), std::move(teams), std::move(leads)};
}

const std::set<std::pair<Status, Status>> kTable = {
    {Status::kOpen, Status::kInProgress},        {Status::kOpen, Status::kPendingUser},
    {Status::kOpen, Status::kResolved},          {Status::kOpen, Status::kCancelled},
    {Status::kInProgress, Status::kPendingUser}, {Status::kInProgress, Status::kResolved},
    {Status::kInProgress, Status::kCancelled},   {Status::kPendingUser, Status::kInProgress},
    {Status::kPendingUser, Status::kResolved},   {Status::kPendingUser, Status::kCancelled},
    {Status::kResolved, Status::kClosed},        {Status::kResolved, Status::kInProgress},
};

std::string name(Status a, Status b) {
  return std::string(to_string(a)) + "->" + std::string(to_string(b));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(desk_lifecycle)

BOOST_AUTO_TEST_CASE(the_table_allows_exactly_the_documented_transitions) {
  for (const Status from : kAllStatuses) {
    for (const Status to : kAllStatuses) {
      BOOST_TEST(transition_allowed(from, to) == (kTable.count({from, to}) == 1), name(from, to));
    }
  }
}

BOOST_AUTO_TEST_CASE(closed_and_cancelled_are_final) {
  for (const Status to : kAllStatuses) {
    BOOST_TEST(!transition_allowed(Status::kClosed, to));
    BOOST_TEST(!transition_allowed(Status::kCancelled, to));
  }
  BOOST_TEST(is_final(Status::kClosed));
  BOOST_TEST(is_final(Status::kCancelled));
  BOOST_TEST(!is_final(Status::kResolved));
}

BOOST_AUTO_TEST_CASE(names_round_trip) {
  for (const Status s : kAllStatuses) BOOST_TEST((parse_status(to_string(s)) == s));
  for (const Priority p : kAllPriorities) BOOST_TEST((parse_priority(to_string(p)) == p));
  BOOST_TEST(!parse_status("open").has_value());
  BOOST_TEST(!parse_priority("").has_value());
  BOOST_TEST((parse_visibility("internal") == Visibility::kInternal));
  BOOST_TEST(rank(Priority::kUrgent) > rank(Priority::kLow));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(desk_access)

BOOST_AUTO_TEST_CASE(every_role_times_every_transition_on_a_ticket_in_scope) {
  struct Case {
    std::string label;
    DeskCaller caller;
    bool staff;  // works on the ticket
  };
  const std::vector<Case> cases = {
      {"requester END_USER", caller(DeskRole::kEndUser, "requester", std::nullopt), false},
      {"AGENT of the department", caller(DeskRole::kAgent, "a"), true},
      {"TEAM_LEAD of the department", caller(DeskRole::kTeamLead, "l"), true},
      {"ADMIN of another department", caller(DeskRole::kAdmin, "x", kOtherDept), true},
  };
  for (const auto& c : cases) {
    for (const Status from : kAllStatuses) {
      for (const Status to : kAllStatuses) {
        const Verdict v = may_transition(c.caller, ticket(from), to);
        Verdict expected = Verdict::kInvalidTransition;
        if (transition_allowed(from, to)) {
          const bool requester_move = (from == Status::kOpen && to == Status::kCancelled) ||
                                      (from == Status::kResolved && to == Status::kInProgress);
          expected = c.staff || requester_move ? Verdict::kAllowed : Verdict::kForbidden;
        }
        BOOST_TEST((v == expected), c.label << " " << name(from, to));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(every_transition_outside_scope_is_not_found) {
  const std::vector<DeskCaller> outsiders = {
      caller(DeskRole::kEndUser, "someone-else", std::nullopt),
      caller(DeskRole::kAgent, "a", kOtherDept),
      caller(DeskRole::kTeamLead, "l", kOtherDept),
      caller(DeskRole::kAgent, "unplaced", std::nullopt),
  };
  for (const auto& c : outsiders) {
    for (const Status from : kAllStatuses) {
      for (const Status to : kAllStatuses) {
        BOOST_TEST((may_transition(c, ticket(from), to) == Verdict::kNotFound),
                   c.user_id << " " << name(from, to));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(staff_who_requested_a_ticket_elsewhere_acts_as_its_requester) {
  const DeskCaller agent = caller(DeskRole::kAgent, "a", kOtherDept);
  const Ticket own = ticket(Status::kOpen, "a");
  BOOST_TEST(can_see(agent, own));
  BOOST_TEST(!sees_internal(agent, own));
  BOOST_TEST((may_transition(agent, own, Status::kCancelled) == Verdict::kAllowed));
  BOOST_TEST((may_transition(agent, own, Status::kResolved) == Verdict::kForbidden));
}

BOOST_AUTO_TEST_CASE(internal_notes_are_for_staff_working_on_the_ticket_only) {
  const Ticket t = ticket(Status::kOpen);
  BOOST_TEST(!sees_internal(caller(DeskRole::kEndUser, "requester", std::nullopt), t));
  BOOST_TEST(sees_internal(caller(DeskRole::kAgent, "a"), t));
  BOOST_TEST(sees_internal(caller(DeskRole::kTeamLead, "l"), t));
  BOOST_TEST(sees_internal(caller(DeskRole::kAdmin, "x", std::nullopt), t));
  BOOST_TEST(!sees_internal(caller(DeskRole::kAgent, "a", kOtherDept), t));
}

BOOST_AUTO_TEST_CASE(triage_is_staff_only_and_text_edits_stop_for_requesters_when_final) {
  const DeskCaller user = caller(DeskRole::kEndUser, "requester", std::nullopt);
  BOOST_TEST((may_edit_triage(user, ticket(Status::kOpen)) == Verdict::kForbidden));
  BOOST_TEST((may_edit_triage(caller(DeskRole::kAgent, "a"), ticket(Status::kOpen)) ==
              Verdict::kAllowed));
  BOOST_TEST((may_edit_text(user, ticket(Status::kOpen)) == Verdict::kAllowed));
  BOOST_TEST((may_edit_text(user, ticket(Status::kClosed)) == Verdict::kForbidden));
  BOOST_TEST((may_edit_text(caller(DeskRole::kEndUser, "other", std::nullopt),
                            ticket(Status::kOpen)) == Verdict::kNotFound));
}

BOOST_AUTO_TEST_CASE(team_moves_belong_to_leads_of_both_teams_and_admins) {
  Ticket t = ticket(Status::kOpen);
  t.team_id = "t1";
  const DeskCaller lead = caller(DeskRole::kTeamLead, "l", kDept, {"t1", "t2"}, {"t1", "t2"});
  const DeskCaller lead_of_one = caller(DeskRole::kTeamLead, "l", kDept, {"t1", "t3"}, {"t3"});
  BOOST_TEST((may_move_team(lead, t, std::string("t2")) == Verdict::kAllowed));
  BOOST_TEST((may_move_team(lead_of_one, t, std::string("t3")) == Verdict::kForbidden));
  BOOST_TEST((may_move_team(caller(DeskRole::kAgent, "a", kDept, {"t1"}), t, std::string("t2")) ==
              Verdict::kForbidden));
  BOOST_TEST((may_move_team(caller(DeskRole::kAdmin, "x"), t, std::nullopt) == Verdict::kAllowed));
  BOOST_TEST((may_move_department(lead, t) == Verdict::kForbidden));
  BOOST_TEST((may_move_department(caller(DeskRole::kAdmin, "x"), t) == Verdict::kAllowed));
}

BOOST_AUTO_TEST_CASE(assignment_rules_per_role) {
  Ticket t = ticket(Status::kOpen);
  t.team_id = "t1";
  const auto staff = [](const std::string& id, const std::string& dept,
                        std::vector<std::string> teams) {
    StaffMember s;
    s.user_id = id;
    s.department_id = dept;
    s.team_ids = std::move(teams);
    return std::optional<StaffMember>(s);
  };
  const DeskCaller agent = caller(DeskRole::kAgent, "a", kDept, {"t1"});
  const DeskCaller lead = caller(DeskRole::kTeamLead, "l", kDept, {"t1"}, {"t1"});
  const DeskCaller admin = caller(DeskRole::kAdmin, "x", std::nullopt);
  const DeskCaller user = caller(DeskRole::kEndUser, "requester", std::nullopt);

  BOOST_TEST((may_assign(agent, t, std::string("a"), staff("a", kDept, {"t1"})) ==
              AssignVerdict::kAllowed));
  BOOST_TEST((may_assign(agent, t, std::string("b"), staff("b", kDept, {"t1"})) ==
              AssignVerdict::kForbidden));
  BOOST_TEST((may_assign(lead, t, std::string("b"), staff("b", kDept, {"t1"})) ==
              AssignVerdict::kAllowed));
  BOOST_TEST((may_assign(lead, t, std::string("c"), staff("c", kDept, {"t9"})) ==
              AssignVerdict::kForbidden));
  BOOST_TEST((may_assign(admin, t, std::string("c"), staff("c", kDept, {"t9"})) ==
              AssignVerdict::kInvalidAssignee));
  BOOST_TEST((may_assign(admin, t, std::string("e"), staff("e", kOtherDept, {"t1"})) ==
              AssignVerdict::kInvalidAssignee));
  BOOST_TEST((may_assign(admin, t, std::string("n"), std::nullopt) ==
              AssignVerdict::kInvalidAssignee));
  BOOST_TEST((may_assign(admin, t, std::string("b"), staff("b", kDept, {"t1"})) ==
              AssignVerdict::kAllowed));
  BOOST_TEST((may_assign(user, t, std::string("requester"), std::nullopt) ==
              AssignVerdict::kForbidden));
  BOOST_TEST((may_assign(caller(DeskRole::kAgent, "z", kOtherDept), t, std::string("z"),
                         staff("z", kOtherDept, {})) == AssignVerdict::kNotFound));
  t.assignee_id = "a";
  BOOST_TEST((may_assign(agent, t, std::nullopt, std::nullopt) == AssignVerdict::kAllowed));
  t.assignee_id = "b";
  BOOST_TEST((may_assign(agent, t, std::nullopt, std::nullopt) == AssignVerdict::kForbidden));
  BOOST_TEST((may_assign(lead, t, std::nullopt, std::nullopt) == AssignVerdict::kAllowed));
}

BOOST_AUTO_TEST_SUITE_END()
