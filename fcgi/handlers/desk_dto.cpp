#include "handlers/desk_dto.hpp"

#include <Poco/JSON/Array.h>

#include "regal/core/clock.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/core/text.hpp"
#include "web/request_params.hpp"

namespace regal::handlers {
namespace {

using Poco::JSON::Object;

Poco::Dynamic::Var text_or_null(const std::optional<std::string>& v) {
  return v ? Poco::Dynamic::Var(*v) : Poco::Dynamic::Var();
}

Poco::Dynamic::Var time_or_null(const std::optional<std::int64_t>& ms) {
  return ms ? Poco::Dynamic::Var(format_rfc3339_ms(*ms)) : Poco::Dynamic::Var();
}

Poco::JSON::Array::Ptr array_of(const std::vector<std::string>& items) {
  Poco::JSON::Array::Ptr a = new Poco::JSON::Array;
  for (const auto& i : items) a->add(i);
  return a;
}

Object::Ptr counts(const std::map<std::string, std::int64_t>& m) {
  Object::Ptr o = new Object;
  for (const auto& [k, v] : m) o->set(k, Poco::Int64(v));
  return o;
}

}  // namespace

Object::Ptr department_dto(const desk::Department& d) {
  Object::Ptr o = new Object;
  o->set("id", d.id);
  o->set("name", d.name);
  o->set("description", d.description);
  o->set("is_active", d.is_active);
  o->set("created_at", format_rfc3339_ms(d.created_at_ms));
  o->set("updated_at", format_rfc3339_ms(d.updated_at_ms));
  o->set("version", d.version);
  return o;
}

Object::Ptr team_dto(const desk::Team& t) {
  Object::Ptr o = new Object;
  o->set("id", t.id);
  o->set("department_id", t.department_id);
  o->set("name", t.name);
  o->set("is_active", t.is_active);
  o->set("created_at", format_rfc3339_ms(t.created_at_ms));
  o->set("updated_at", format_rfc3339_ms(t.updated_at_ms));
  o->set("version", t.version);
  return o;
}

Object::Ptr staff_dto(const desk::StaffMember& s) {
  Object::Ptr o = new Object;
  o->set("user_id", s.user_id);
  o->set("full_name", s.full_name);
  o->set("desk_role", std::string(auth::to_string(s.desk_role)));
  o->set("department_id", s.department_id);
  o->set("team_ids", array_of(s.team_ids));
  o->set("lead_team_ids", array_of(s.lead_team_ids));
  o->set("created_at", format_rfc3339_ms(s.created_at_ms));
  o->set("updated_at", format_rfc3339_ms(s.updated_at_ms));
  o->set("version", s.version);
  return o;
}

Object::Ptr ticket_dto(const desk::Ticket& t) {
  Object::Ptr o = new Object;
  o->set("id", t.id);
  o->set("number", Poco::Int64(t.number));
  o->set("subject", t.subject);
  o->set("description", t.description);
  o->set("status", std::string(desk::to_string(t.status)));
  o->set("priority", std::string(desk::to_string(t.priority)));
  o->set("requester_id", t.requester_id);
  o->set("department_id", t.department_id);
  o->set("team_id", text_or_null(t.team_id));
  o->set("assignee_id", text_or_null(t.assignee_id));
  o->set("tags", array_of(t.tags));
  o->set("created_at", format_rfc3339_ms(t.created_at_ms));
  o->set("updated_at", format_rfc3339_ms(t.updated_at_ms));
  o->set("first_response_at", time_or_null(t.first_response_at_ms));
  o->set("resolved_at", time_or_null(t.resolved_at_ms));
  o->set("closed_at", time_or_null(t.closed_at_ms));
  o->set("version", t.version);
  return o;
}

Object::Ptr message_dto(const desk::TicketMessage& m) {
  Object::Ptr o = new Object;
  o->set("id", m.id);
  o->set("ticket_id", m.ticket_id);
  o->set("author_id", m.author_id);
  o->set("body", m.body);
  o->set("visibility", std::string(desk::to_string(m.visibility)));
  o->set("created_at", format_rfc3339_ms(m.created_at_ms));
  return o;
}

Object::Ptr history_dto(const desk::HistoryEntry& h) {
  Object::Ptr o = new Object;
  o->set("id", Poco::Int64(h.id));
  o->set("ticket_id", h.ticket_id);
  o->set("actor_id", h.actor_id.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(h.actor_id));
  o->set("field", h.field);
  o->set("from", text_or_null(h.from));
  o->set("to", text_or_null(h.to));
  o->set("at", format_rfc3339_ms(h.at_ms));
  return o;
}

Object::Ptr attachment_dto(const desk::Attachment& a) {
  Object::Ptr o = new Object;
  o->set("id", a.id);
  o->set("ticket_id", a.ticket_id);
  o->set("message_id", text_or_null(a.message_id));
  o->set("uploader_id", a.uploader_id);
  o->set("file_name", a.file_name);
  o->set("content_type", a.content_type);
  o->set("size", Poco::Int64(a.size));
  o->set("sha256", a.sha256);
  o->set("storage_uri", a.storage_uri);
  o->set("created_at", format_rfc3339_ms(a.created_at_ms));
  return o;
}

Object::Ptr stats_dto(const desk::StatsResult& s) {
  Object::Ptr o = new Object;
  Poco::JSON::Array::Ptr groups = new Poco::JSON::Array;
  for (const auto& g : s.stats.groups) {
    Object::Ptr item = new Object;
    item->set("department_id", g.department_id);
    item->set("team_id", text_or_null(g.team_id));
    item->set("by_status", counts(g.by_status));
    item->set("by_priority", counts(g.by_priority));
    item->set("total", Poco::Int64(g.total));
    groups->add(item);
  }
  o->set("groups", groups);
  o->set("computed_at", format_rfc3339_ms(s.stats.computed_at_ms));
  o->set("cached", s.cached);
  return o;
}


std::optional<std::string> uuid_param(const web::Request& req, const std::string& name,
                                      std::vector<FieldError>& errors) {
  auto raw = req.query_param(name);
  if (!raw) return std::nullopt;
  if (!is_uuid(*raw)) {
    errors.push_back({name, "invalid_id", "Give a UUID."});
    return std::nullopt;
  }
  return raw;
}

std::optional<std::optional<std::string>> uuid_field(web::JsonFields& f, const Object& body,
                                                     const std::string& name, bool nullable) {
  if (!body.has(name)) return std::nullopt;
  if (body.isNull(name)) {
    if (nullable) return std::optional<std::string>();
    f.add_error(name, "required", "Give a UUID.");
    return std::nullopt;
  }
  auto text = f.optional_string(name, 36);
  if (!text) return std::nullopt;
  if (!is_uuid(*text)) {
    f.add_error(name, "invalid_id", "Give a UUID.");
    return std::nullopt;
  }
  return std::optional<std::string>(*text);
}

std::optional<std::vector<std::string>> uuid_list_field(web::JsonFields& f, const Object& body,
                                                        const std::string& name) {
  if (!body.has(name)) return std::nullopt;
  const auto array = body.getArray(name);
  if (!array) {
    f.add_error(name, "must_be_array", "Give an array of UUIDs.");
    return std::nullopt;
  }
  std::vector<std::string> ids;
  for (unsigned i = 0; i < array->size(); ++i) {
    const auto v = array->get(i);
    if (!v.isString() || !is_uuid(v.convert<std::string>())) {
      f.add_error(name + "[" + std::to_string(i) + "]", "invalid_id", "Give a UUID.");
      continue;
    }
    ids.push_back(v.convert<std::string>());
  }
  if (array->size() > 100) f.add_error(name, "too_many", "Give at most 100 ids.");
  return ids;
}

std::optional<std::vector<std::string>> tags_field(web::JsonFields& f, const Object& body) {
  if (!body.has("tags")) return std::nullopt;
  const auto array = body.getArray("tags");
  if (!array) {
    f.add_error("tags", "must_be_array", "Give an array of strings.");
    return std::nullopt;
  }
  if (array->size() > 20) f.add_error("tags", "too_many", "Give at most 20 tags.");
  std::vector<std::string> tags;
  for (unsigned i = 0; i < array->size(); ++i) {
    const std::string at = "tags[" + std::to_string(i) + "]";
    const auto v = array->get(i);
    if (!v.isString()) {
      f.add_error(at, "must_be_string", "Must be a string.");
      continue;
    }
    const std::string tag = v.convert<std::string>();
    if (tag.empty() || code_points(tag) > 50 || has_control_chars(tag) || is_blank(tag)) {
      f.add_error(at, "invalid_tag", "Give 1 to 50 printable characters.");
      continue;
    }
    tags.push_back(tag);
  }
  return tags;
}

std::optional<int> optional_version(const web::Request& req,
                                    std::optional<std::int64_t> body_version) {
  if (!req.header("if-match") && !body_version) return std::nullopt;
  return web::expected_version(req, body_version);
}

}  // namespace regal::handlers
