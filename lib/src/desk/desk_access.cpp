#include "regal/desk/desk_access.hpp"

#include <algorithm>

namespace regal::desk {
namespace {

using auth::DeskRole;

bool contains(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

bool is_requester(const DeskCaller& c, const Ticket& t) { return t.requester_id == c.user_id; }

}  // namespace

bool transition_allowed(Status from, Status to) {
  using S = Status;
  switch (from) {
    case S::kOpen:
      return to == S::kInProgress || to == S::kPendingUser || to == S::kResolved ||
             to == S::kCancelled;
    case S::kInProgress:
      return to == S::kPendingUser || to == S::kResolved || to == S::kCancelled;
    case S::kPendingUser:
      return to == S::kInProgress || to == S::kResolved || to == S::kCancelled;
    case S::kResolved:
      return to == S::kClosed || to == S::kInProgress;
    case S::kClosed:
    case S::kCancelled:
      return false;
  }
  return false;
}

bool is_final(Status s) { return s == Status::kClosed || s == Status::kCancelled; }

bool is_admin(const DeskCaller& c) { return c.role == DeskRole::kAdmin; }

bool works_on(const DeskCaller& c, const Ticket& t) {
  if (is_admin(c)) return true;
  if (c.role != DeskRole::kAgent && c.role != DeskRole::kTeamLead) return false;
  return c.department_id && *c.department_id == t.department_id;
}

bool can_see(const DeskCaller& c, const Ticket& t) { return works_on(c, t) || is_requester(c, t); }

bool sees_internal(const DeskCaller& c, const Ticket& t) { return works_on(c, t); }

Verdict may_transition(const DeskCaller& c, const Ticket& t, Status to) {
  if (!can_see(c, t)) return Verdict::kNotFound;
  if (!transition_allowed(t.status, to)) return Verdict::kInvalidTransition;
  if (works_on(c, t)) return Verdict::kAllowed;
  const bool cancel_open = t.status == Status::kOpen && to == Status::kCancelled;
  const bool reopen = t.status == Status::kResolved && to == Status::kInProgress;
  return cancel_open || reopen ? Verdict::kAllowed : Verdict::kForbidden;
}

Verdict may_edit_triage(const DeskCaller& c, const Ticket& t) {
  if (!can_see(c, t)) return Verdict::kNotFound;
  return works_on(c, t) ? Verdict::kAllowed : Verdict::kForbidden;
}

Verdict may_edit_text(const DeskCaller& c, const Ticket& t) {
  if (!can_see(c, t)) return Verdict::kNotFound;
  if (works_on(c, t)) return Verdict::kAllowed;
  return is_final(t.status) ? Verdict::kForbidden : Verdict::kAllowed;
}

Verdict may_move_team(const DeskCaller& c, const Ticket& t,
                      const std::optional<std::string>& to_team) {
  if (!can_see(c, t)) return Verdict::kNotFound;
  if (!works_on(c, t)) return Verdict::kForbidden;
  if (is_admin(c)) return Verdict::kAllowed;
  if (c.role != DeskRole::kTeamLead) return Verdict::kForbidden;
  const bool from_ok = !t.team_id || contains(c.lead_team_ids, *t.team_id);
  const bool to_ok = to_team && contains(c.lead_team_ids, *to_team);
  return from_ok && to_ok ? Verdict::kAllowed : Verdict::kForbidden;
}

Verdict may_move_department(const DeskCaller& c, const Ticket& t) {
  if (!can_see(c, t)) return Verdict::kNotFound;
  return is_admin(c) ? Verdict::kAllowed : Verdict::kForbidden;
}

AssignVerdict may_assign(const DeskCaller& c, const Ticket& t,
                         const std::optional<std::string>& assignee,
                         const std::optional<StaffMember>& assignee_staff) {
  if (!can_see(c, t)) return AssignVerdict::kNotFound;
  if (!works_on(c, t)) return AssignVerdict::kForbidden;
  if (!assignee) {
    // Unassigning: ADMIN and leads of the ticket's team always; an agent only from themselves.
    if (is_admin(c) || (t.assignee_id && *t.assignee_id == c.user_id)) {
      return AssignVerdict::kAllowed;
    }
    const bool leads = c.role == DeskRole::kTeamLead && t.team_id &&
                       contains(c.lead_team_ids, *t.team_id);
    return leads ? AssignVerdict::kAllowed : AssignVerdict::kForbidden;
  }
  bool allowed = is_admin(c) || *assignee == c.user_id;
  if (!allowed && c.role == DeskRole::kTeamLead) {
    const bool ticket_team_led = !t.team_id || contains(c.lead_team_ids, *t.team_id);
    bool in_led_team = false;
    if (assignee_staff) {
      for (const auto& team : assignee_staff->team_ids) {
        if (contains(c.lead_team_ids, team) && (!t.team_id || *t.team_id == team)) {
          in_led_team = true;
        }
      }
    }
    allowed = ticket_team_led && in_led_team;
  }
  if (!allowed) return AssignVerdict::kForbidden;
  if (!assignee_staff || assignee_staff->department_id != t.department_id) {
    return AssignVerdict::kInvalidAssignee;
  }
  if (t.team_id && !contains(assignee_staff->team_ids, *t.team_id)) {
    return AssignVerdict::kInvalidAssignee;
  }
  return AssignVerdict::kAllowed;
}

}  // namespace regal::desk
