#pragma once
// Help-desk ports. Adapters: PostgreSQL (lib/src/data/pg/pg_desk_*.cpp) for the directory and the
// tickets, Redis (lib/src/cache/redis/redis_desk_stats.cpp) for the stats cache. Each store
// method is one transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "regal/auth/user.hpp"
#include "regal/desk/ticket.hpp"

namespace regal::ports {

// Departments, teams and staff placement. Writes carry an audit entry written in the same
// transaction; updates apply only at `expected_version` (nullopt otherwise, or when absent).
class DeskDirectory {
 public:
  virtual ~DeskDirectory() = default;

  virtual std::vector<desk::Department> departments(bool active_only, const std::string& after_id,
                                                    int limit) = 0;
  virtual std::optional<desk::Department> department(const std::string& id) = 0;
  // Throws 409 DUPLICATE_NAME when another department has the name (case-insensitive).
  virtual desk::Department insert_department(const desk::Department& d,
                                             const auth::AuditEntry& audit) = 0;
  virtual std::optional<desk::Department> update_department(const desk::Department& d,
                                                            int expected_version,
                                                            const auth::AuditEntry& audit) = 0;

  virtual std::vector<desk::Team> teams(const std::optional<std::string>& department_id,
                                        const std::string& after_id, int limit) = 0;
  virtual std::optional<desk::Team> team(const std::string& id) = 0;
  // 409 DUPLICATE_NAME within the department.
  virtual desk::Team insert_team(const desk::Team& t, const auth::AuditEntry& audit) = 0;
  virtual std::optional<desk::Team> update_team(const desk::Team& t, int expected_version,
                                                const auth::AuditEntry& audit) = 0;

  virtual std::vector<desk::StaffMember> staff(const std::optional<std::string>& department_id,
                                               const std::optional<std::string>& team_id,
                                               const std::string& after_user_id, int limit) = 0;
  virtual std::optional<desk::StaffMember> staff_member(const std::string& user_id) = 0;
  // 409 ALREADY_EXISTS when the user is already staff.
  virtual desk::StaffMember insert_staff(const desk::StaffMember& s,
                                         const auth::AuditEntry& audit) = 0;
  virtual std::optional<desk::StaffMember> update_staff(const desk::StaffMember& s,
                                                        int expected_version,
                                                        const auth::AuditEntry& audit) = 0;
  // False when the user was no staff.
  virtual bool remove_staff(const std::string& user_id, const auth::AuditEntry& audit) = 0;

  // The desk role of an active account, nullopt when there is no such active account.
  virtual std::optional<auth::DeskRole> account_role(const std::string& user_id) = 0;
};

// What changes on a ticket in one write. Unset members stay as they are.
struct TicketChange {
  std::optional<std::string> subject;
  std::optional<std::string> description;
  std::optional<desk::Status> status;
  std::optional<desk::Priority> priority;
  std::optional<std::string> department_id;
  std::optional<std::optional<std::string>> team_id;
  std::optional<std::optional<std::string>> assignee_id;
  std::optional<std::vector<std::string>> tags;
  std::optional<std::int64_t> first_response_at_ms;
  std::optional<std::optional<std::int64_t>> resolved_at_ms;
  std::optional<std::optional<std::int64_t>> closed_at_ms;

  bool empty() const {
    return !subject && !description && !status && !priority && !department_id && !team_id &&
           !assignee_id && !tags && !first_response_at_ms && !resolved_at_ms && !closed_at_ms;
  }
};

// One atomic write to a ticket: the change (applied only while the stored version is
// `expected_version`; 0 = whatever it is), its history rows, and optionally a new message or
// attachment.
struct TicketWrite {
  std::string ticket_id;
  int expected_version = 0;
  TicketChange change;
  std::vector<desk::HistoryEntry> history;
  std::optional<desk::TicketMessage> message;
  std::optional<desk::Attachment> attachment;
};

class TicketStore {
 public:
  virtual ~TicketStore() = default;

  // Inserts the ticket (number assigned by the store) with its history rows.
  virtual desk::Ticket insert(const desk::Ticket& ticket,
                              const std::vector<desk::HistoryEntry>& history) = 0;
  virtual std::optional<desk::Ticket> find(const std::string& id) = 0;
  // Ordered by priority (highest first), then age (oldest first).
  virtual std::vector<desk::Ticket> list(const desk::TicketQuery& query) = 0;
  // The ticket after the write; nullopt when the version did not match (or no such ticket).
  virtual std::optional<desk::Ticket> write(const TicketWrite& w) = 0;

  // Oldest first, after `after_id` ("" = from the start); internal notes only when asked.
  virtual std::vector<desk::TicketMessage> messages(const std::string& ticket_id,
                                                    bool include_internal,
                                                    const std::string& after_id, int limit) = 0;
  virtual std::optional<desk::TicketMessage> message(const std::string& ticket_id,
                                                     const std::string& message_id) = 0;
  virtual std::vector<desk::HistoryEntry> history(const std::string& ticket_id,
                                                  std::int64_t after_id, int limit) = 0;
  // Attachments of internal notes only when `include_internal`.
  virtual std::vector<desk::Attachment> attachments(const std::string& ticket_id,
                                                    bool include_internal,
                                                    const std::string& after_id, int limit) = 0;

  // Counts per department/team; only `department_id`'s when given.
  virtual desk::TicketStats stats(const std::optional<std::string>& department_id) = 0;
};

// Cached stats aggregates (never ticket content). get/put are keyed by scope ("all" or a
// department id); invalidate() makes every cached entry stale at once. A cache that fails
// answers nullopt / does nothing: PostgreSQL stays the source of truth.
class DeskStatsCache {
 public:
  virtual ~DeskStatsCache() = default;
  // `generation` is filled with the current generation, to be passed to put().
  virtual std::optional<desk::TicketStats> get(const std::string& scope,
                                               std::string& generation) = 0;
  virtual void put(const std::string& scope, const std::string& generation,
                   const desk::TicketStats& stats) = 0;
  virtual void invalidate() = 0;
};

// Told about every committed status change (the metrics counter lives in the transport).
class TicketEvents {
 public:
  virtual ~TicketEvents() = default;
  virtual void status_changed(desk::Status from, desk::Status to) = 0;
};

}  // namespace regal::ports
