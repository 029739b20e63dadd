// Help-desk ticket routes (docs/DESK.md): tickets, transitions, assignment, messages, history,
// attachment references and stats. Scope (404), lifecycle (409) and requester rules (403) are
// the TicketService's; this file parses, validates and maps to JSON.
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <Poco/JSON/Array.h>

#include <sstream>

#include "handlers/desk_dto.hpp"
#include "handlers/desk_handlers.hpp"
#include "handlers/identity_dto.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/core/text.hpp"
#include "regal/desk/ticket_service.hpp"
#include "web/envelope.hpp"
#include "web/json_body.hpp"
#include "web/request_params.hpp"

namespace regal::handlers {
namespace {

using auth::Permission;
using web::BodyFormat;
using web::Request;
using web::Response;

constexpr std::int64_t kMaxVersion = 1'000'000'000;

template <class T, class Dto>
Response page(const std::vector<T>& rows, int limit, Dto dto, const std::string& next) {
  Poco::JSON::Array items;
  for (const auto& r : rows) items.add(dto(r));
  return web::ok_page(web::to_json(items), next, limit);
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string item; std::getline(in, item, ',');) out.push_back(item);
  return out;
}

// RFC 3339 time → epoch ms, collected as a field error otherwise.
std::optional<std::int64_t> time_param(const Request& req, const std::string& name,
                                       std::vector<FieldError>& errors) {
  const auto raw = req.query_param(name);
  if (!raw) return std::nullopt;
  Poco::DateTime dt;
  int tz = 0;
  if (raw->size() > 40 ||
      !Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, *raw, dt, tz)) {
    errors.push_back({name, "invalid_time", "Give an RFC 3339 time, e.g. 2026-01-31T12:00:00Z."});
    return std::nullopt;
  }
  return dt.timestamp().epochMicroseconds() / 1000 - std::int64_t{tz} * 1000;
}

std::optional<std::pair<int, std::string>> ticket_cursor(const Request& req) {
  const auto cursor = req.query_param("cursor");
  if (!cursor) return std::nullopt;
  const std::string position = web::decode_cursor(*cursor);
  const auto colon = position.find(':');
  if (colon != 1 || position[0] < '1' || position[0] > '4' || !is_uuid(position.substr(2))) {
    throw Error::invalid("INVALID_CURSOR", "The cursor is not valid.");
  }
  return std::make_pair(position[0] - '0', position.substr(2));
}

desk::TicketQuery ticket_query(const Request& req) {
  desk::TicketQuery q;
  std::vector<FieldError> errors;
  q.limit = web::page_limit(req);
  if (auto raw = req.query_param("status")) {
    for (const auto& item : split_commas(*raw)) {
      if (auto s = desk::parse_status(item)) {
        q.statuses.push_back(*s);
      } else {
        errors.push_back({"status", "invalid_choice",
                          "Use OPEN, IN_PROGRESS, PENDING_USER, RESOLVED, CLOSED or CANCELLED."});
      }
    }
  }
  if (auto raw = req.query_param("priority")) {
    for (const auto& item : split_commas(*raw)) {
      if (auto p = desk::parse_priority(item)) {
        q.priorities.push_back(*p);
      } else {
        errors.push_back({"priority", "invalid_choice", "Use LOW, MEDIUM, HIGH or URGENT."});
      }
    }
  }
  q.department_id = uuid_param(req, "department_id", errors);
  q.team_id = uuid_param(req, "team_id", errors);
  q.assignee_id = uuid_param(req, "assignee_id", errors);
  q.requester_id = uuid_param(req, "requester_id", errors);
  if (auto tag = req.query_param("tag")) {
    if (tag->empty() || code_points(*tag) > 50) {
      errors.push_back({"tag", "invalid_tag", "Give 1 to 50 characters."});
    } else {
      q.tag = *tag;
    }
  }
  if (auto text = req.query_param("q")) {
    if (code_points(*text) > 200) {
      errors.push_back({"q", "too_long", "Search with at most 200 characters."});
    } else {
      q.text = *text;
    }
  }
  q.created_from_ms = time_param(req, "created_from", errors);
  q.created_to_ms = time_param(req, "created_to", errors);
  q.updated_from_ms = time_param(req, "updated_from", errors);
  q.updated_to_ms = time_param(req, "updated_to", errors);
  if (!errors.empty()) throw Error::validation(std::move(errors));
  q.after = ticket_cursor(req);
  return q;
}

Response list_tickets(desk::TicketService& svc, Request& req) {
  const desk::TicketQuery q = ticket_query(req);
  const auto rows = svc.list(actor_of(req), q);
  std::string next;
  if (static_cast<int>(rows.size()) == q.limit) {
    next = web::encode_cursor(std::to_string(desk::rank(rows.back().priority)) + ":" +
                              rows.back().id);
  }
  return page(rows, q.limit, ticket_dto, next);
}

std::optional<desk::Priority> priority_field(web::JsonFields& f) {
  auto text = f.optional_string("priority", 20);
  if (!text) return std::nullopt;
  auto p = desk::parse_priority(*text);
  if (!p) f.add_error("priority", "invalid_choice", "Use LOW, MEDIUM, HIGH or URGENT.");
  return p;
}

std::optional<std::string> subject_field(web::JsonFields& f, bool required) {
  auto subject = required ? std::optional<std::string>(f.required_string("subject", 200))
                          : f.optional_string("subject", 200);
  if (subject && is_blank(*subject)) f.add_error("subject", "blank", "Give a subject.");
  return subject;
}

Response create_ticket(desk::TicketService& svc, Request& req) {
  const auto body = web::parse_json_object(req);
  web::JsonFields f(body, {"subject", "description", "priority", "department_id", "team_id",
                           "tags"});
  desk::NewTicket t;
  t.subject = subject_field(f, true).value_or("");
  t.description = f.optional_string("description", 20000, web::TextKind::kMultiline).value_or("");
  t.priority = priority_field(f).value_or(desk::Priority::kMedium);
  if (!body->has("department_id")) f.add_error("department_id", "required", "Required.");
  if (auto d = uuid_field(f, *body, "department_id", false); d && *d) t.department_id = **d;
  if (auto team = uuid_field(f, *body, "team_id", true)) t.team_id = *team;
  t.tags = tags_field(f, *body).value_or(std::vector<std::string>{});
  f.finish();
  return web::ok(web::to_json(ticket_dto(svc.create(actor_of(req), t))), 201);
}

Response update_ticket(desk::TicketService& svc, Request& req) {
  const auto body = web::parse_json_object(req);
  web::JsonFields f(body, {"subject", "description", "priority", "department_id", "team_id",
                           "tags", "version"});
  desk::TicketPatch p;
  p.subject = subject_field(f, false);
  p.description = f.optional_string("description", 20000, web::TextKind::kMultiline);
  p.priority = priority_field(f);
  if (auto d = uuid_field(f, *body, "department_id", false); d && *d) p.department_id = **d;
  p.team_id = uuid_field(f, *body, "team_id", true);
  p.tags = tags_field(f, *body);
  for (const char* fixed : {"status", "assignee_id", "number", "requester_id"}) {
    if (body->has(fixed)) f.add_error(fixed, "read_only", "Use the dedicated endpoint.");
  }
  const auto body_version = f.optional_int("version", 1, kMaxVersion);
  f.finish();
  const int version = web::expected_version(req, body_version);
  return web::ok(
      web::to_json(ticket_dto(svc.update(actor_of(req), req.param("id"), version, p))));
}

Response transition_ticket(desk::TicketService& svc, Request& req) {
  web::JsonFields f(web::parse_json_object(req), {"to", "version"});
  const std::string to_text = f.required_string("to", 20);
  const auto to = desk::parse_status(to_text);
  if (!to_text.empty() && !to) {
    f.add_error("to", "invalid_choice",
                "Use IN_PROGRESS, PENDING_USER, RESOLVED, CLOSED or CANCELLED.");
  }
  const auto body_version = f.optional_int("version", 1, kMaxVersion);
  f.finish();
  const auto version = optional_version(req, body_version);
  return web::ok(
      web::to_json(ticket_dto(svc.transition(actor_of(req), req.param("id"), *to, version))));
}

Response assign_ticket(desk::TicketService& svc, Request& req) {
  const auto body = web::parse_json_object(req);
  web::JsonFields f(body, {"assignee_id", "version"});
  if (!body->has("assignee_id")) {
    f.add_error("assignee_id", "required", "Give a staff user id, or null to unassign.");
  }
  const auto assignee = uuid_field(f, *body, "assignee_id", true);
  const auto body_version = f.optional_int("version", 1, kMaxVersion);
  f.finish();
  const auto version = optional_version(req, body_version);
  return web::ok(web::to_json(
      ticket_dto(svc.assign(actor_of(req), req.param("id"), assignee.value_or(std::nullopt),
                            version))));
}

Response add_message(desk::TicketService& svc, Request& req) {
  web::JsonFields f(web::parse_json_object(req), {"body", "visibility"});
  const std::string text = f.required_string("body", 20000, web::TextKind::kMultiline);
  if (!text.empty() && is_blank(text)) f.add_error("body", "blank", "Write something.");
  desk::Visibility visibility = desk::Visibility::kPublic;
  if (auto v = f.optional_string("visibility", 20)) {
    if (auto parsed = desk::parse_visibility(*v)) {
      visibility = *parsed;
    } else {
      f.add_error("visibility", "invalid_choice", "Use public or internal.");
    }
  }
  f.finish();
  return web::ok(web::to_json(message_dto(
                     svc.add_message(actor_of(req), req.param("id"), text, visibility))),
                 201);
}

Response add_attachment(desk::TicketService& svc, Request& req) {
  const auto body = web::parse_json_object(req);
  web::JsonFields f(body, {"message_id", "file_name", "content_type", "size", "sha256",
                           "storage_uri"});
  desk::NewAttachment a;
  if (auto m = uuid_field(f, *body, "message_id", true)) a.message_id = *m;
  a.file_name = f.required_string("file_name", 255);
  if (a.file_name.find_first_of("/\\") != std::string::npos) {
    f.add_error("file_name", "invalid_character", "Give a file name without a path.");
  }
  a.content_type = f.required_string("content_type", 255);
  if (!body->has("size")) f.add_error("size", "required", "Required.");
  a.size = f.optional_int("size", 0, std::int64_t{1} << 50).value_or(0);
  a.sha256 = f.required_string("sha256", 64);
  a.storage_uri = f.required_string("storage_uri", 2000);
  f.finish();
  return web::ok(
      web::to_json(attachment_dto(svc.add_attachment(actor_of(req), req.param("id"), a))), 201);
}

Response list_history(desk::TicketService& svc, Request& req) {
  const int limit = web::page_limit(req);
  std::int64_t after = 0;
  if (auto cursor = req.query_param("cursor")) {
    try {
      after = std::stoll(web::decode_cursor(*cursor));
    } catch (const std::exception&) {
      throw Error::invalid("INVALID_CURSOR", "The cursor is not valid.");
    }
  }
  const auto rows = svc.history(actor_of(req), req.param("id"), after, limit);
  const bool more = static_cast<int>(rows.size()) == limit;
  return page(rows, limit, history_dto,
              more ? web::encode_cursor(std::to_string(rows.back().id)) : "");
}

}  // namespace

void add_desk_ticket_routes(web::Router& router, DeskServices s) {
  auto& tickets = s.tickets;
  // clang-format off
  router.add({"GET", "/api/v1/tickets", Permission::kTicketsUse, BodyFormat::kNone,
              [&tickets](Request& r) { return list_tickets(tickets, r); }});
  router.add({"POST", "/api/v1/tickets", Permission::kTicketsUse, BodyFormat::kJson,
              [&tickets](Request& r) { return create_ticket(tickets, r); }});
  router.add({"GET", "/api/v1/tickets/stats", Permission::kDeskStaff, BodyFormat::kNone,
              [&tickets](Request& r) {
                return web::ok(web::to_json(stats_dto(tickets.stats(actor_of(r)))));
              }});
  router.add({"GET", "/api/v1/tickets/{id}", Permission::kTicketsUse, BodyFormat::kNone,
              [&tickets](Request& r) {
                return web::ok(web::to_json(ticket_dto(tickets.get(actor_of(r), r.param("id")))));
              }});
  router.add({"PATCH", "/api/v1/tickets/{id}", Permission::kTicketsUse, BodyFormat::kJson,
              [&tickets](Request& r) { return update_ticket(tickets, r); }});
  router.add({"POST", "/api/v1/tickets/{id}/transition", Permission::kTicketsUse, BodyFormat::kJson,
              [&tickets](Request& r) { return transition_ticket(tickets, r); }});
  router.add({"POST", "/api/v1/tickets/{id}/assign", Permission::kDeskStaff, BodyFormat::kJson,
              [&tickets](Request& r) { return assign_ticket(tickets, r); }});
  router.add({"GET", "/api/v1/tickets/{id}/messages", Permission::kTicketsUse, BodyFormat::kNone,
              [&tickets](Request& r) {
                const int limit = web::page_limit(r);
                const auto rows = tickets.messages(actor_of(r), r.param("id"), uuid_cursor(r), limit);
                const bool more = static_cast<int>(rows.size()) == limit;
                return page(rows, limit, message_dto, more ? web::encode_cursor(rows.back().id) : "");
              }});
  router.add({"POST", "/api/v1/tickets/{id}/messages", Permission::kTicketsUse, BodyFormat::kJson,
              [&tickets](Request& r) { return add_message(tickets, r); }});
  router.add({"GET", "/api/v1/tickets/{id}/history", Permission::kTicketsUse, BodyFormat::kNone,
              [&tickets](Request& r) { return list_history(tickets, r); }});
  router.add({"GET", "/api/v1/tickets/{id}/attachments", Permission::kTicketsUse, BodyFormat::kNone,
              [&tickets](Request& r) {
                const int limit = web::page_limit(r);
                const auto rows =
                    tickets.attachments(actor_of(r), r.param("id"), uuid_cursor(r), limit);
                const bool more = static_cast<int>(rows.size()) == limit;
                return page(rows, limit, attachment_dto,
                            more ? web::encode_cursor(rows.back().id) : "");
              }});
  router.add({"POST", "/api/v1/tickets/{id}/attachments", Permission::kTicketsUse, BodyFormat::kJson,
              [&tickets](Request& r) { return add_attachment(tickets, r); }});
  // clang-format on
}

}  // namespace regal::handlers
