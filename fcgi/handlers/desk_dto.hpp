#pragma once
// JSON shapes of the help-desk API (docs/DESK.md, docs/openapi.yaml) and the mapping from the
// desk domain types; the domain never sees JSON. Also the request readers shared by the desk
// route files.

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <vector>

#include "regal/desk/ticket.hpp"
#include "regal/desk/ticket_service.hpp"
#include "web/http.hpp"
#include "web/request_params.hpp"
#include "web/json_fields.hpp"

namespace regal::handlers {

Poco::JSON::Object::Ptr department_dto(const desk::Department& d);
Poco::JSON::Object::Ptr team_dto(const desk::Team& t);
Poco::JSON::Object::Ptr staff_dto(const desk::StaffMember& s);
Poco::JSON::Object::Ptr ticket_dto(const desk::Ticket& t);
Poco::JSON::Object::Ptr message_dto(const desk::TicketMessage& m);
Poco::JSON::Object::Ptr history_dto(const desk::HistoryEntry& h);
Poco::JSON::Object::Ptr attachment_dto(const desk::Attachment& a);
Poco::JSON::Object::Ptr stats_dto(const desk::StatsResult& s);

// ?cursor= holding a UUID (400 INVALID_CURSOR otherwise); "" without a cursor.
using web::uuid_cursor;  // fcgi/web/request_params.hpp
// ?name= holding a UUID, collected as a field error otherwise.
std::optional<std::string> uuid_param(const web::Request& req, const std::string& name,
                                      std::vector<FieldError>& errors);

// A body member that is a UUID (or null when `nullable`): outer nullopt = absent.
std::optional<std::optional<std::string>> uuid_field(web::JsonFields& f,
                                                     const Poco::JSON::Object& body,
                                                     const std::string& name, bool nullable);
// A body member that is an array of UUIDs; nullopt when absent.
std::optional<std::vector<std::string>> uuid_list_field(web::JsonFields& f,
                                                        const Poco::JSON::Object& body,
                                                        const std::string& name);
// Tags: at most 20 strings of 1–50 printable characters; nullopt when absent.
std::optional<std::vector<std::string>> tags_field(web::JsonFields& f,
                                                   const Poco::JSON::Object& body);

// The expected version when the client gave one (If-Match or "version"), else nullopt.
std::optional<int> optional_version(const web::Request& req,
                                    std::optional<std::int64_t> body_version);

}  // namespace regal::handlers
