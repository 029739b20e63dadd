#pragma once
// TicketService — tickets, messages, history, attachment references and stats (docs/DESK.md).
//
// Promises:
// - Anything outside the caller's scope (desk_access.hpp) is 404 NOT_FOUND, never a hint.
// - Transitions follow the lifecycle table (409 INVALID_TRANSITION) and the requester rules
//   (403 FORBIDDEN); every change writes history in the same transaction as the change, and each
//   committed status change is reported to TicketEvents.
// - Internal notes, and attachments of internal notes, never reach callers who do not work on
//   the ticket (lists, search, messages, attachments).
// - A client-given version that is stale answers 412 VERSION_MISMATCH; without one, concurrent
//   writers are retried on the fresh ticket.
// - Every write that changes the stats invalidates the stats cache after it committed.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "regal/auth/user.hpp"
#include "regal/core/error.hpp"
#include "regal/desk/desk_access.hpp"
#include "regal/desk/ticket.hpp"

namespace regal {
class Clock;
}
namespace regal::ports {
class DeskDirectory;
class TicketStore;
class DeskStatsCache;
class TicketEvents;
struct TicketWrite;
}  // namespace regal::ports

namespace regal::desk {

struct NewTicket {
  std::string subject;
  std::string description;
  Priority priority = Priority::kMedium;
  std::string department_id;
  std::optional<std::string> team_id;
  std::vector<std::string> tags;
};

struct TicketPatch {
  std::optional<std::string> subject;
  std::optional<std::string> description;
  std::optional<Priority> priority;
  std::optional<std::vector<std::string>> tags;
  std::optional<std::string> department_id;
  std::optional<std::optional<std::string>> team_id;
};

struct NewAttachment {
  std::optional<std::string> message_id;
  std::string file_name;
  std::string content_type;
  std::int64_t size = 0;
  std::string sha256;
  std::string storage_uri;
};

struct AttachmentLimits {
  std::int64_t max_bytes = 25LL * 1024 * 1024;
  std::vector<std::string> content_types;  // lower-case media types
};
// REGAL_ATTACHMENT_MAX_BYTES (default 25 MiB) and REGAL_ATTACHMENT_TYPES (comma-separated;
// default common images, PDF, plain text, CSV, JSON, ZIP and office documents).
AttachmentLimits attachment_limits_from_env();

struct StatsResult {
  TicketStats stats;
  bool cached = false;
};

class TicketService {
 public:
  struct Ports {
    ports::DeskDirectory& directory;
    ports::TicketStore& store;
    ports::DeskStatsCache& cache;
    ports::TicketEvents& events;
  };
  TicketService(Ports ports, const Clock& clock, AttachmentLimits limits);

  Ticket create(const auth::Actor& actor, const NewTicket& t);
  Ticket get(const auth::Actor& actor, const std::string& id);
  std::vector<Ticket> list(const auth::Actor& actor, TicketQuery query);
  Ticket update(const auth::Actor& actor, const std::string& id, int expected_version,
                const TicketPatch& patch);
  Ticket transition(const auth::Actor& actor, const std::string& id, Status to,
                    std::optional<int> expected_version);
  Ticket assign(const auth::Actor& actor, const std::string& id,
                const std::optional<std::string>& assignee_id, std::optional<int> expected_version);

  std::vector<TicketMessage> messages(const auth::Actor& actor, const std::string& id,
                                      const std::string& after_id, int limit);
  TicketMessage add_message(const auth::Actor& actor, const std::string& id,
                            const std::string& body, Visibility visibility);
  std::vector<HistoryEntry> history(const auth::Actor& actor, const std::string& id,
                                    std::int64_t after_id, int limit);
  std::vector<Attachment> attachments(const auth::Actor& actor, const std::string& id,
                                      const std::string& after_id, int limit);
  Attachment add_attachment(const auth::Actor& actor, const std::string& id,
                            const NewAttachment& a);

  // ADMIN: every department; other staff: their own department (empty when not placed).
  StatsResult stats(const auth::Actor& actor);

 private:
  DeskCaller caller(const auth::Actor& actor);
  Ticket visible(const DeskCaller& c, const std::string& id);
  template <class Plan>
  std::pair<Ticket, ports::TicketWrite> mutate(const DeskCaller& c, const std::string& id,
                                               std::optional<int> client_version, Plan plan);
  void check_team(const std::string& department_id, const std::optional<std::string>& team_id,
                  std::vector<FieldError>& errors);

  Ports ports_;
  const Clock& clock_;
  AttachmentLimits limits_;
};

}  // namespace regal::desk
