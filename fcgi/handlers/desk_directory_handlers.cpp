// Help-desk directory routes: departments, teams and staff (docs/DESK.md). Reads for staff (and
// active departments for everyone using tickets, who must pick one), writes for desk ADMIN.
#include <Poco/JSON/Array.h>

#include "handlers/desk_dto.hpp"
#include "handlers/desk_handlers.hpp"
#include "handlers/identity_dto.hpp"
#include "regal/core/error.hpp"
#include "regal/core/text.hpp"
#include "regal/desk/directory_service.hpp"
#include "web/envelope.hpp"
#include "web/json_body.hpp"
#include "web/request_params.hpp"

namespace regal::handlers {
namespace {

using auth::Permission;
using web::BodyFormat;
using web::Request;
using web::Response;

template <class T, class Dto, class Key>
Response page(const std::vector<T>& rows, int limit, Dto dto, Key key) {
  Poco::JSON::Array items;
  for (const auto& r : rows) items.add(dto(r));
  const bool more = static_cast<int>(rows.size()) == limit;
  return web::ok_page(web::to_json(items), more ? web::encode_cursor(key(rows.back())) : "",
                      limit);
}

std::string name_field(web::JsonFields& f, bool required) {
  auto name = required ? std::optional<std::string>(f.required_string("name", 200))
                       : f.optional_string("name", 200);
  if (name && is_blank(*name)) f.add_error("name", "blank", "Give a name.");
  return name.value_or("");
}

// --- departments -------------------------------------------------------------------------------

const std::vector<std::string_view> kDepartmentFields = {"name", "description", "is_active",
                                                         "version"};

Response create_department(desk::DirectoryService& svc, Request& req) {
  web::JsonFields f(web::parse_json_object(req), kDepartmentFields);
  desk::Department d;
  d.name = name_field(f, true);
  d.description =
      f.optional_string("description", 2000, web::TextKind::kMultiline).value_or("");
  d.is_active = f.optional_bool("is_active").value_or(true);
  if (f.has("version")) f.add_error("version", "not_allowed", "New records start at version 1.");
  f.finish();
  return web::ok(web::to_json(department_dto(svc.create_department(actor_of(req), d))), 201);
}

Response update_department(desk::DirectoryService& svc, Request& req) {
  web::JsonFields f(web::parse_json_object(req), kDepartmentFields);
  desk::DepartmentPatch p;
  if (f.has("name")) p.name = name_field(f, false);
  p.description = f.optional_string("description", 2000, web::TextKind::kMultiline);
  p.is_active = f.optional_bool("is_active");
  const auto body_version = f.optional_int("version", 1, 1'000'000'000);
  f.finish();
  const int version = web::expected_version(req, body_version);
  return web::ok(web::to_json(
      department_dto(svc.update_department(actor_of(req), req.param("id"), version, p))));
}

// --- teams ---------------------------------------------------------------------------------------

const std::vector<std::string_view> kTeamFields = {"department_id", "name", "is_active",
                                                   "version"};

Response list_teams(desk::DirectoryService& svc, Request& req) {
  const int limit = web::page_limit(req);
  std::vector<FieldError> errors;
  const auto department = uuid_param(req, "department_id", errors);
  if (!errors.empty()) throw Error::validation(std::move(errors));
  return page(svc.teams(department, uuid_cursor(req), limit), limit, team_dto,
              [](const desk::Team& t) { return t.id; });
}

Response create_team(desk::DirectoryService& svc, Request& req) {
  const auto body = web::parse_json_object(req);
  web::JsonFields f(body, kTeamFields);
  desk::Team t;
  const auto department = uuid_field(f, *body, "department_id", false);
  if (!body->has("department_id")) f.add_error("department_id", "required", "Required.");
  t.department_id = department && *department ? **department : "";
  t.name = name_field(f, true);
  t.is_active = f.optional_bool("is_active").value_or(true);
  if (f.has("version")) f.add_error("version", "not_allowed", "New records start at version 1.");
  f.finish();
  return web::ok(web::to_json(team_dto(svc.create_team(actor_of(req), t))), 201);
}

Response update_team(desk::DirectoryService& svc, Request& req) {
  web::JsonFields f(web::parse_json_object(req), kTeamFields);
  desk::TeamPatch p;
  if (f.has("department_id")) {
    f.add_error("department_id", "read_only", "A team stays in its department.");
  }
  if (f.has("name")) p.name = name_field(f, false);
  p.is_active = f.optional_bool("is_active");
  const auto body_version = f.optional_int("version", 1, 1'000'000'000);
  f.finish();
  const int version = web::expected_version(req, body_version);
  return web::ok(
      web::to_json(team_dto(svc.update_team(actor_of(req), req.param("id"), version, p))));
}

// --- staff ---------------------------------------------------------------------------------------

const std::vector<std::string_view> kStaffFields = {"user_id", "department_id", "team_ids",
                                                    "lead_team_ids", "version"};

Response list_staff(desk::DirectoryService& svc, Request& req) {
  const int limit = web::page_limit(req);
  std::vector<FieldError> errors;
  const auto department = uuid_param(req, "department_id", errors);
  const auto team = uuid_param(req, "team_id", errors);
  if (!errors.empty()) throw Error::validation(std::move(errors));
  return page(svc.staff(department, team, uuid_cursor(req), limit), limit, staff_dto,
              [](const desk::StaffMember& s) { return s.user_id; });
}

Response create_staff(desk::DirectoryService& svc, Request& req) {
  const auto body = web::parse_json_object(req);
  web::JsonFields f(body, kStaffFields);
  desk::StaffMember s;
  for (const char* name : {"user_id", "department_id"}) {
    if (!body->has(name)) f.add_error(name, "required", "Required.");
  }
  const auto user = uuid_field(f, *body, "user_id", false);
  const auto department = uuid_field(f, *body, "department_id", false);
  s.user_id = user && *user ? **user : "";
  s.department_id = department && *department ? **department : "";
  s.team_ids = uuid_list_field(f, *body, "team_ids").value_or(std::vector<std::string>{});
  s.lead_team_ids = uuid_list_field(f, *body, "lead_team_ids").value_or(std::vector<std::string>{});
  if (f.has("version")) f.add_error("version", "not_allowed", "New records start at version 1.");
  f.finish();
  return web::ok(web::to_json(staff_dto(svc.create_staff(actor_of(req), s))), 201);
}

Response update_staff(desk::DirectoryService& svc, Request& req) {
  const auto body = web::parse_json_object(req);
  web::JsonFields f(body, kStaffFields);
  desk::StaffPatch p;
  if (f.has("user_id")) f.add_error("user_id", "read_only", "This field cannot be changed.");
  if (auto d = uuid_field(f, *body, "department_id", false); d && *d) p.department_id = **d;
  p.team_ids = uuid_list_field(f, *body, "team_ids");
  p.lead_team_ids = uuid_list_field(f, *body, "lead_team_ids");
  const auto body_version = f.optional_int("version", 1, 1'000'000'000);
  f.finish();
  const int version = web::expected_version(req, body_version);
  return web::ok(
      web::to_json(staff_dto(svc.update_staff(actor_of(req), req.param("id"), version, p))));
}

}  // namespace

void add_desk_directory_routes(web::Router& router, DeskServices s) {
  auto& dir = s.directory;
  // clang-format off
  router.add({"GET", "/api/v1/departments", Permission::kTicketsUse, BodyFormat::kNone,
              [&dir](Request& r) {
                const int limit = web::page_limit(r);
                return page(dir.departments(caller_of(r).principal, uuid_cursor(r), limit), limit,
                            department_dto, [](const desk::Department& d) { return d.id; });
              }});
  router.add({"POST", "/api/v1/departments", Permission::kDeskManage, BodyFormat::kJson,
              [&dir](Request& r) { return create_department(dir, r); }});
  router.add({"GET", "/api/v1/departments/{id}", Permission::kTicketsUse, BodyFormat::kNone,
              [&dir](Request& r) {
                return web::ok(web::to_json(department_dto(
                    dir.department(caller_of(r).principal, r.param("id")))));
              }});
  router.add({"PATCH", "/api/v1/departments/{id}", Permission::kDeskManage, BodyFormat::kJson,
              [&dir](Request& r) { return update_department(dir, r); }});

  router.add({"GET", "/api/v1/teams", Permission::kDeskStaff, BodyFormat::kNone,
              [&dir](Request& r) { return list_teams(dir, r); }});
  router.add({"POST", "/api/v1/teams", Permission::kDeskManage, BodyFormat::kJson,
              [&dir](Request& r) { return create_team(dir, r); }});
  router.add({"GET", "/api/v1/teams/{id}", Permission::kDeskStaff, BodyFormat::kNone,
              [&dir](Request& r) { return web::ok(web::to_json(team_dto(dir.team(r.param("id"))))); }});
  router.add({"PATCH", "/api/v1/teams/{id}", Permission::kDeskManage, BodyFormat::kJson,
              [&dir](Request& r) { return update_team(dir, r); }});

  router.add({"GET", "/api/v1/staff", Permission::kDeskStaff, BodyFormat::kNone,
              [&dir](Request& r) { return list_staff(dir, r); }});
  router.add({"POST", "/api/v1/staff", Permission::kDeskManage, BodyFormat::kJson,
              [&dir](Request& r) { return create_staff(dir, r); }});
  router.add({"GET", "/api/v1/staff/{id}", Permission::kDeskStaff, BodyFormat::kNone,
              [&dir](Request& r) {
                return web::ok(web::to_json(staff_dto(dir.staff_member(r.param("id")))));
              }});
  router.add({"PATCH", "/api/v1/staff/{id}", Permission::kDeskManage, BodyFormat::kJson,
              [&dir](Request& r) { return update_staff(dir, r); }});
  router.add({"DELETE", "/api/v1/staff/{id}", Permission::kDeskManage, BodyFormat::kNone,
              [&dir](Request& r) {
                dir.remove_staff(actor_of(r), r.param("id"));
                return web::no_content();
              }});
  // clang-format on
}

void add_desk_routes(web::Router& router, DeskServices services) {
  add_desk_directory_routes(router, services);
  add_desk_ticket_routes(router, services);
}

void MetricsTicketEvents::status_changed(desk::Status from, desk::Status to) {
  metrics_.increment("regal_ticket_status_transitions_total",
                     "Ticket status changes by from and to status.",
                     "from=\"" + std::string(desk::to_string(from)) + "\",to=\"" +
                         std::string(desk::to_string(to)) + "\"");
}

}  // namespace regal::handlers
