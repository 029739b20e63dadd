#pragma once
// Help-desk domain types (docs/DESK.md): departments, teams, staff, tickets, messages, history,
// attachment references and the stats aggregate. Plain structs; the rules live in lifecycle.hpp,
// desk_access.hpp and the services.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "regal/auth/permissions.hpp"

namespace regal::desk {

enum class Status { kOpen, kInProgress, kPendingUser, kResolved, kClosed, kCancelled };
enum class Priority { kLow, kMedium, kHigh, kUrgent };
enum class Visibility { kPublic, kInternal };

inline constexpr Status kAllStatuses[] = {Status::kOpen,     Status::kInProgress,
                                          Status::kPendingUser, Status::kResolved,
                                          Status::kClosed,   Status::kCancelled};
inline constexpr Priority kAllPriorities[] = {Priority::kLow, Priority::kMedium, Priority::kHigh,
                                              Priority::kUrgent};

std::string_view to_string(Status s);        // "OPEN", "IN_PROGRESS", …
std::string_view to_string(Priority p);      // "LOW" … "URGENT"
std::string_view to_string(Visibility v);    // "public" | "internal"
std::optional<Status> parse_status(std::string_view text);
std::optional<Priority> parse_priority(std::string_view text);
std::optional<Visibility> parse_visibility(std::string_view text);
// Sort rank: URGENT 4 … LOW 1 (lists show the highest first).
int rank(Priority p);

struct Department {
  std::string id;
  std::string name;
  std::string description;
  bool is_active = true;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  int version = 1;
};

struct Team {
  std::string id;
  std::string department_id;
  std::string name;
  bool is_active = true;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  int version = 1;
};

// A user with desk role AGENT, TEAM_LEAD or ADMIN, placed in one department and some teams.
struct StaffMember {
  std::string user_id;
  std::string full_name;  // read from the account
  auth::DeskRole desk_role = auth::DeskRole::kAgent;
  std::string department_id;
  std::vector<std::string> team_ids;       // sorted
  std::vector<std::string> lead_team_ids;  // sorted, a subset of team_ids
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  int version = 1;
};

struct Ticket {
  std::string id;
  std::int64_t number = 0;
  std::string subject;
  std::string description;
  Status status = Status::kOpen;
  Priority priority = Priority::kMedium;
  std::string requester_id;
  std::string department_id;
  std::optional<std::string> team_id;
  std::optional<std::string> assignee_id;
  std::vector<std::string> tags;  // sorted, unique
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::optional<std::int64_t> first_response_at_ms;
  std::optional<std::int64_t> resolved_at_ms;
  std::optional<std::int64_t> closed_at_ms;
  int version = 1;
};

struct TicketMessage {
  std::string id;
  std::string ticket_id;
  std::string author_id;
  std::string body;
  Visibility visibility = Visibility::kPublic;
  std::int64_t created_at_ms = 0;
};

// One changed field of a ticket: field is "status", "priority", "assignee", "team",
// "department" or "tags"; from/to are the values as text (nullopt = none).
struct HistoryEntry {
  std::int64_t id = 0;
  std::string ticket_id;
  std::string actor_id;
  std::string field;
  std::optional<std::string> from;
  std::optional<std::string> to;
  std::int64_t at_ms = 0;
};

struct Attachment {
  std::string id;
  std::string ticket_id;
  std::optional<std::string> message_id;
  std::string uploader_id;
  std::string file_name;
  std::string content_type;
  std::int64_t size = 0;
  std::string sha256;  // 64 lower-case hex digits
  std::string storage_uri;
  std::int64_t created_at_ms = 0;
};

// Counts of tickets by status and priority for one department/team (team nullopt = no team).
struct StatsGroup {
  std::string department_id;
  std::optional<std::string> team_id;
  std::map<std::string, std::int64_t> by_status;    // every status, zeros included
  std::map<std::string, std::int64_t> by_priority;  // every priority, zeros included
  std::int64_t total = 0;
};

struct TicketStats {
  std::vector<StatsGroup> groups;  // ordered by department, then team (no team first)
  std::int64_t computed_at_ms = 0;
};

// Filters of GET /tickets. Scope filters (requester / department) are added by the service.
struct TicketQuery {
  std::vector<Status> statuses;
  std::vector<Priority> priorities;
  std::optional<std::string> department_id;
  std::optional<std::string> team_id;
  std::optional<std::string> assignee_id;
  std::optional<std::string> requester_id;
  std::optional<std::string> tag;
  std::string text;  // substring of subject or a message (only public ones unless internal)
  std::optional<std::int64_t> created_from_ms, created_to_ms, updated_from_ms, updated_to_ms;
  // Keyset position: (priority rank, id) of the last row of the previous page.
  std::optional<std::pair<int, std::string>> after;
  int limit = 50;
  // Set by the service from the caller's scope.
  std::optional<std::string> scope_requester_id;   // only this requester's tickets…
  std::optional<std::string> scope_department_id;  // …or (OR) this department's
  bool scope_all = false;                          // ADMIN: no scope filter
  bool include_internal = false;                   // text search may look into internal notes
};

}  // namespace regal::desk
