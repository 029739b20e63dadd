#include "regal/desk/ticket_service.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "regal/core/clock.hpp"
#include "regal/core/config.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/ports/desk_ports.hpp"

namespace regal::desk {
namespace {

using ports::TicketChange;
using ports::TicketWrite;

constexpr int kMaxWriteAttempts = 5;

Error version_mismatch() {
  return Error(ErrorKind::kPreconditionFailed, "VERSION_MISMATCH",
               "The ticket was changed by someone else; reload it.");
}

Error forbidden(const std::string& message) {
  return Error(ErrorKind::kForbidden, "FORBIDDEN", message);
}

void enforce(Verdict v, const std::string& forbidden_message) {
  switch (v) {
    case Verdict::kAllowed:
      return;
    case Verdict::kNotFound:
      throw Error::not_found("Ticket");
    case Verdict::kForbidden:
      throw forbidden(forbidden_message);
    case Verdict::kInvalidTransition:
      throw Error::conflict("INVALID_TRANSITION", "This status change is not allowed.");
  }
}

std::vector<std::string> sorted_unique(std::vector<std::string> items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return items;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

std::string lower(std::string text) {
  for (char& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return text;
}

bool is_hex64(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char ch) {
           return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
         });
}

// Status side effects: resolved_at on RESOLVED (cleared when reopened), closed_at on CLOSED.
void set_status(TicketChange& change, const Ticket& t, Status to, std::int64_t now) {
  change.status = to;
  if (to == Status::kResolved) change.resolved_at_ms = std::optional<std::int64_t>(now);
  if (t.status == Status::kResolved && to == Status::kInProgress) {
    change.resolved_at_ms = std::optional<std::int64_t>();
  }
  if (to == Status::kClosed) change.closed_at_ms = std::optional<std::int64_t>(now);
}

// One history row per field the change really changes.
std::vector<HistoryEntry> history_of(const Ticket& t, const TicketChange& c,
                                     const std::string& actor, std::int64_t now) {
  std::vector<HistoryEntry> rows;
  const auto add = [&](std::string field, std::optional<std::string> from,
                       std::optional<std::string> to) {
    if (from != to) rows.push_back({0, t.id, actor, std::move(field), from, to, now});
  };
  if (c.status) add("status", std::string(to_string(t.status)), std::string(to_string(*c.status)));
  if (c.priority) {
    add("priority", std::string(to_string(t.priority)), std::string(to_string(*c.priority)));
  }
  if (c.assignee_id) add("assignee", t.assignee_id, *c.assignee_id);
  if (c.team_id) add("team", t.team_id, *c.team_id);
  if (c.department_id) add("department", t.department_id, *c.department_id);
  if (c.tags) add("tags", join(t.tags), join(*c.tags));
  return rows;
}

bool changes_stats(const TicketChange& c) {
  return c.status || c.priority || c.department_id || c.team_id;
}

}  // namespace

AttachmentLimits attachment_limits_from_env() {
  AttachmentLimits limits;
  limits.max_bytes =
      config::get_int("REGAL_ATTACHMENT_MAX_BYTES", limits.max_bytes, 1, 1LL << 40);
  const std::string types = config::get_string(
      "REGAL_ATTACHMENT_TYPES",
      "image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,text/csv,"
      "application/json,application/zip,application/msword,"
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  std::istringstream in(types);
  for (std::string item; std::getline(in, item, ',');) {
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) limits.content_types.push_back(lower(item));
  }
  return limits;
}

TicketService::TicketService(Ports ports, const Clock& clock, AttachmentLimits limits)
    : ports_(ports), clock_(clock), limits_(std::move(limits)) {}

DeskCaller TicketService::caller(const auth::Actor& actor) {
  DeskCaller c;
  if (!actor.principal) throw Error(ErrorKind::kUnauthenticated, "UNAUTHENTICATED", "Log in.");
  c.user_id = actor.principal->user_id;
  c.role = actor.principal->desk_role.value_or(auth::DeskRole::kEndUser);
  if (c.role != auth::DeskRole::kEndUser) {
    if (auto s = ports_.directory.staff_member(c.user_id)) {
      c.department_id = s->department_id;
      c.team_ids = s->team_ids;
      c.lead_team_ids = s->lead_team_ids;
    }
  }
  return c;
}

Ticket TicketService::visible(const DeskCaller& c, const std::string& id) {
  auto t = is_uuid(id) ? ports_.store.find(id) : std::nullopt;
  if (!t || !can_see(c, *t)) throw Error::not_found("Ticket");
  return *t;
}

void TicketService::check_team(const std::string& department_id,
                               const std::optional<std::string>& team_id,
                               std::vector<FieldError>& errors) {
  if (!team_id) return;
  const auto team = is_uuid(*team_id) ? ports_.directory.team(*team_id) : std::nullopt;
  if (!team || !team->is_active || team->department_id != department_id) {
    errors.push_back({"team_id", "not_in_department", "Give an active team of the department."});
  }
}

template <class Plan>
std::pair<Ticket, TicketWrite> TicketService::mutate(const DeskCaller& c, const std::string& id,
                                                     std::optional<int> client_version, Plan plan) {
  for (int attempt = 1;; ++attempt) {
    const Ticket before = visible(c, id);
    if (client_version && before.version != *client_version) throw version_mismatch();
    TicketWrite w = plan(before);
    w.ticket_id = before.id;
    w.expected_version = before.version;
    w.history = history_of(before, w.change, c.user_id, clock_.now_ms());
    if (w.change.empty() && !w.message && !w.attachment) return {before, std::move(w)};
    if (auto after = ports_.store.write(w)) {
      if (w.change.status && *w.change.status != before.status) {
        ports_.events.status_changed(before.status, *w.change.status);
      }
      if (changes_stats(w.change)) ports_.cache.invalidate();
      return {std::move(*after), std::move(w)};
    }
    if (client_version || attempt >= kMaxWriteAttempts) throw version_mismatch();
  }
}

Ticket TicketService::create(const auth::Actor& actor, const NewTicket& n) {
  const DeskCaller c = caller(actor);
  std::vector<FieldError> errors;
  const auto d = is_uuid(n.department_id) ? ports_.directory.department(n.department_id)
                                          : std::nullopt;
  if (!d || !d->is_active) {
    errors.push_back({"department_id", "not_found", "No active department has this id."});
  } else {
    check_team(n.department_id, n.team_id, errors);
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  const std::int64_t now = clock_.now_ms();
  Ticket t;
  t.id = new_uuid_v7(now);
  t.subject = n.subject;
  t.description = n.description;
  t.priority = n.priority;
  t.requester_id = c.user_id;
  t.department_id = n.department_id;
  t.team_id = n.team_id;
  t.tags = sorted_unique(n.tags);
  Ticket stored = ports_.store.insert(t, {{0, t.id, c.user_id, "status", std::nullopt,
                                           std::string(to_string(Status::kOpen)), now}});
  ports_.cache.invalidate();
  return stored;
}

Ticket TicketService::get(const auth::Actor& actor, const std::string& id) {
  return visible(caller(actor), id);
}

std::vector<Ticket> TicketService::list(const auth::Actor& actor, TicketQuery q) {
  const DeskCaller c = caller(actor);
  q.scope_all = is_admin(c);
  q.include_internal = q.scope_all;
  q.scope_requester_id = c.user_id;
  if (c.role != auth::DeskRole::kEndUser && c.department_id) {
    q.scope_department_id = c.department_id;
    q.include_internal = true;  // in the caller's department only (the store checks)
  }
  return ports_.store.list(q);
}

Ticket TicketService::update(const auth::Actor& actor, const std::string& id, int version,
                             const TicketPatch& p) {
  const DeskCaller c = caller(actor);
  return mutate(c, id, version, [&](const Ticket& t) {
           TicketWrite w;
           if (p.subject || p.description) enforce(may_edit_text(c, t), "You cannot edit this.");
           if (p.priority || p.tags) {
             enforce(may_edit_triage(c, t), "Only staff change priority and tags.");
           }
           const std::string department = p.department_id.value_or(t.department_id);
           const bool moves_department = department != t.department_id;
           const std::optional<std::string> team =
               p.team_id ? *p.team_id : (moves_department ? std::nullopt : t.team_id);
           if (moves_department) {
             enforce(may_move_department(c, t), "Only an ADMIN moves tickets between departments.");
           } else if (team != t.team_id) {
             enforce(may_move_team(c, t, team), "You cannot move this ticket to that team.");
           }
           std::vector<FieldError> errors;
           if (department != t.department_id) {
             const auto d = is_uuid(department) ? ports_.directory.department(department)
                                                : std::nullopt;
             if (!d || !d->is_active) {
               errors.push_back({"department_id", "not_found", "No active department has this id."});
             }
           }
           if (errors.empty() && team != t.team_id) check_team(department, team, errors);
           if (!errors.empty()) throw Error::validation(std::move(errors));
           if (p.subject) w.change.subject = p.subject;
           if (p.description) w.change.description = p.description;
           if (p.priority && *p.priority != t.priority) w.change.priority = p.priority;
           if (p.tags) {
             auto tags = sorted_unique(*p.tags);
             if (tags != t.tags) w.change.tags = std::move(tags);
           }
           if (department != t.department_id) {
             w.change.department_id = department;
             // The assignee must be staff of the new department; otherwise it is cleared.
             if (t.assignee_id) {
               const auto s = ports_.directory.staff_member(*t.assignee_id);
               if (!s || s->department_id != department) {
                 w.change.assignee_id = std::optional<std::string>();
               }
             }
           }
           if (team != t.team_id) w.change.team_id = team;
           return w;
         })
      .first;
}

Ticket TicketService::transition(const auth::Actor& actor, const std::string& id, Status to,
                                 std::optional<int> version) {
  const DeskCaller c = caller(actor);
  return mutate(c, id, version, [&](const Ticket& t) {
           enforce(may_transition(c, t, to),
                   "End users may only cancel an open ticket or reopen a resolved one.");
           TicketWrite w;
           set_status(w.change, t, to, clock_.now_ms());
           return w;
         })
      .first;
}

Ticket TicketService::assign(const auth::Actor& actor, const std::string& id,
                             const std::optional<std::string>& assignee,
                             std::optional<int> version) {
  const DeskCaller c = caller(actor);
  return mutate(c, id, version, [&](const Ticket& t) {
           const auto staff = assignee && is_uuid(*assignee)
                                  ? ports_.directory.staff_member(*assignee)
                                  : std::nullopt;
           switch (may_assign(c, t, assignee, staff)) {
             case AssignVerdict::kAllowed:
               break;
             case AssignVerdict::kNotFound:
               throw Error::not_found("Ticket");
             case AssignVerdict::kForbidden:
               throw forbidden("You cannot assign this ticket to that person.");
             case AssignVerdict::kInvalidAssignee:
               throw Error::conflict("ASSIGNEE_NOT_IN_SCOPE",
                                     "The assignee is not staff of the ticket's department/team.");
           }
           TicketWrite w;
           if (assignee != t.assignee_id) w.change.assignee_id = assignee;
           return w;
         })
      .first;
}

std::vector<TicketMessage> TicketService::messages(const auth::Actor& actor, const std::string& id,
                                                   const std::string& after_id, int limit) {
  const DeskCaller c = caller(actor);
  const Ticket t = visible(c, id);
  return ports_.store.messages(t.id, sees_internal(c, t), after_id, limit);
}

TicketMessage TicketService::add_message(const auth::Actor& actor, const std::string& id,
                                         const std::string& body, Visibility visibility) {
  const DeskCaller c = caller(actor);
  auto result = mutate(c, id, std::nullopt, [&](const Ticket& t) {
    if (visibility == Visibility::kInternal && !sees_internal(c, t)) {
      throw forbidden("Only staff working on the ticket add internal notes.");
    }
    if (is_final(t.status)) {
      throw Error::conflict("TICKET_CLOSED", "The ticket is closed; open a new one.");
    }
    const std::int64_t now = clock_.now_ms();
    TicketWrite w;
    w.message = TicketMessage{new_uuid_v7(now), t.id, c.user_id, body, visibility, now};
    if (visibility == Visibility::kPublic) {
      if (t.requester_id == c.user_id && t.status == Status::kPendingUser) {
        set_status(w.change, t, Status::kInProgress, now);
      } else if (t.requester_id != c.user_id && works_on(c, t) && !t.first_response_at_ms) {
        w.change.first_response_at_ms = now;
      }
    }
    return w;
  });
  return *result.second.message;
}

std::vector<HistoryEntry> TicketService::history(const auth::Actor& actor, const std::string& id,
                                                 std::int64_t after_id, int limit) {
  const Ticket t = visible(caller(actor), id);
  return ports_.store.history(t.id, after_id, limit);
}

std::vector<Attachment> TicketService::attachments(const auth::Actor& actor, const std::string& id,
                                                   const std::string& after_id, int limit) {
  const DeskCaller c = caller(actor);
  const Ticket t = visible(c, id);
  return ports_.store.attachments(t.id, sees_internal(c, t), after_id, limit);
}

Attachment TicketService::add_attachment(const auth::Actor& actor, const std::string& id,
                                         const NewAttachment& a) {
  const DeskCaller c = caller(actor);
  std::vector<FieldError> errors;
  const std::string type = lower(a.content_type);
  if (std::find(limits_.content_types.begin(), limits_.content_types.end(), type) ==
      limits_.content_types.end()) {
    errors.push_back({"content_type", "not_allowed", "This content type is not accepted."});
  }
  if (a.size < 1 || a.size > limits_.max_bytes) {
    errors.push_back({"size", "out_of_range",
                      "Give a size from 1 to " + std::to_string(limits_.max_bytes) + " bytes."});
  }
  if (!is_hex64(a.sha256)) {
    errors.push_back({"sha256", "invalid_digest", "Give 64 lower-case hex digits."});
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  auto result = mutate(c, id, std::nullopt, [&](const Ticket& t) {
    if (a.message_id) {
      const auto m = is_uuid(*a.message_id) ? ports_.store.message(t.id, *a.message_id)
                                            : std::nullopt;
      if (!m || (m->visibility == Visibility::kInternal && !sees_internal(c, t))) {
        throw Error::validation({{"message_id", "not_found", "No message of this ticket."}});
      }
    }
    const std::int64_t now = clock_.now_ms();
    TicketWrite w;
    w.attachment = Attachment{new_uuid_v7(now), t.id,   a.message_id, c.user_id,    a.file_name,
                              type,             a.size, a.sha256,     a.storage_uri, now};
    return w;
  });
  return *result.second.attachment;
}

StatsResult TicketService::stats(const auth::Actor& actor) {
  const DeskCaller c = caller(actor);
  std::optional<std::string> department;
  if (!is_admin(c)) {
    if (!c.department_id) return {TicketStats{{}, clock_.now_ms()}, false};
    department = c.department_id;
  }
  const std::string scope = department.value_or("all");
  std::string generation;
  if (auto hit = ports_.cache.get(scope, generation)) return {std::move(*hit), true};
  TicketStats fresh = ports_.store.stats(department);
  fresh.computed_at_ms = clock_.now_ms();
  ports_.cache.put(scope, generation, fresh);
  return {std::move(fresh), false};
}

}  // namespace regal::desk
