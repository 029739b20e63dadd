#pragma once
// The ticket lifecycle and who may do what to a ticket — pure functions, no I/O, unit-tested for
// every role × transition (tests/unit/desk). Services combine them with the stored data.
//
// Scope: END_USER sees its own tickets; AGENT and TEAM_LEAD see their department's tickets (and
// their own requests anywhere); ADMIN sees everything. Anything outside scope is answered 404.

#include <optional>
#include <string>
#include <vector>

#include "regal/auth/permissions.hpp"
#include "regal/desk/ticket.hpp"

namespace regal::desk {

// The lifecycle table: OPEN → IN_PROGRESS | PENDING_USER | RESOLVED | CANCELLED;
// IN_PROGRESS → PENDING_USER | RESOLVED | CANCELLED; PENDING_USER → IN_PROGRESS | RESOLVED |
// CANCELLED; RESOLVED → CLOSED | IN_PROGRESS (reopen); CLOSED and CANCELLED are final.
bool transition_allowed(Status from, Status to);
bool is_final(Status s);

// Who is asking, with the staff placement the directory holds for them (none for end users, or
// for staff not yet placed).
struct DeskCaller {
  std::string user_id;
  auth::DeskRole role = auth::DeskRole::kEndUser;
  std::optional<std::string> department_id;
  std::vector<std::string> team_ids;
  std::vector<std::string> lead_team_ids;
};

bool is_admin(const DeskCaller& c);
// True when the caller works the ticket as staff: ADMIN, or AGENT/TEAM_LEAD of its department.
bool works_on(const DeskCaller& c, const Ticket& t);
// Works on it, or requested it.
bool can_see(const DeskCaller& c, const Ticket& t);
// Internal notes (and attachments of internal notes) are for staff working on the ticket only.
bool sees_internal(const DeskCaller& c, const Ticket& t);

enum class Verdict { kAllowed, kNotFound, kForbidden, kInvalidTransition };

// Moving `t` to `to`: out of scope → kNotFound; not in the table → kInvalidTransition; a
// requester who does not work on it may only cancel an OPEN ticket or reopen a RESOLVED one
// (→ IN_PROGRESS), anything else kForbidden; staff working on it may make any allowed move.
Verdict may_transition(const DeskCaller& c, const Ticket& t, Status to);

// Changing priority or tags (staff working on it); subject/description (also the requester while
// the ticket is not final).
Verdict may_edit_triage(const DeskCaller& c, const Ticket& t);
Verdict may_edit_text(const DeskCaller& c, const Ticket& t);

// Moving a ticket to team `to_team` (nullopt = no team) of its department: ADMIN any; TEAM_LEAD
// between teams they lead (the ticket's current team, if any, led by them too); others kForbidden.
Verdict may_move_team(const DeskCaller& c, const Ticket& t, const std::optional<std::string>& to_team);
// Moving to another department: ADMIN only.
Verdict may_move_department(const DeskCaller& c, const Ticket& t);

// Assigning `t` to `assignee` (nullopt = unassign), whose placement is `assignee_staff` (nullopt
// = not staff). AGENT: only themselves (or unassign themselves); TEAM_LEAD: themselves or staff
// of a team they lead when the ticket is in such a team (or has none); ADMIN anyone. The assignee
// must be staff of the ticket's department and, when the ticket has a team, of that team — else
// kInvalidAssignee (409), checked after permission.
enum class AssignVerdict { kAllowed, kNotFound, kForbidden, kInvalidAssignee };
AssignVerdict may_assign(const DeskCaller& c, const Ticket& t,
                         const std::optional<std::string>& assignee,
                         const std::optional<StaffMember>& assignee_staff);

}  // namespace regal::desk
