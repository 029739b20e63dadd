#include "regal/desk/directory_service.hpp"

#include <algorithm>

#include "regal/core/clock.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/ports/desk_ports.hpp"

namespace regal::desk {
namespace {

using auth::DeskRole;

Error version_mismatch() {
  return Error(ErrorKind::kPreconditionFailed, "VERSION_MISMATCH",
               "The record was changed by someone else; reload it.");
}

std::vector<std::string> sorted_unique(std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

bool is_staff_role(DeskRole r) { return r != DeskRole::kEndUser; }

}  // namespace

DirectoryService::DirectoryService(ports::DeskDirectory& directory, const Clock& clock)
    : directory_(directory), clock_(clock) {}

auth::AuditEntry DirectoryService::audit(const auth::Actor& actor, std::string action,
                                         std::string type, const std::string& id) const {
  return {actor.user_id(), std::move(action), std::move(type), id, "", "", actor.request_id,
          actor.client_ip};
}

DeskCaller DirectoryService::caller(const auth::Principal& p) {
  DeskCaller c;
  c.user_id = p.user_id;
  c.role = p.desk_role.value_or(DeskRole::kEndUser);
  if (is_staff_role(c.role)) {
    if (auto s = directory_.staff_member(p.user_id)) {
      c.department_id = s->department_id;
      c.team_ids = s->team_ids;
      c.lead_team_ids = s->lead_team_ids;
    }
  }
  return c;
}

std::vector<Department> DirectoryService::departments(const auth::Principal& p,
                                                      const std::string& after_id, int limit) {
  const bool staff = p.desk_role && is_staff_role(*p.desk_role);
  return directory_.departments(!staff, after_id, limit);
}

Department DirectoryService::department(const auth::Principal& p, const std::string& id) {
  auto d = is_uuid(id) ? directory_.department(id) : std::nullopt;
  const bool staff = p.desk_role && is_staff_role(*p.desk_role);
  if (!d || (!staff && !d->is_active)) throw Error::not_found("Department");
  return *d;
}

Department DirectoryService::create_department(const auth::Actor& actor, const Department& d) {
  Department row = d;
  row.id = new_uuid_v7(clock_.now_ms());
  return directory_.insert_department(row, audit(actor, "desk.department.create", "department",
                                                 row.id));
}

Department DirectoryService::update_department(const auth::Actor& actor, const std::string& id,
                                               int expected_version, const DepartmentPatch& p) {
  auto d = is_uuid(id) ? directory_.department(id) : std::nullopt;
  if (!d) throw Error::not_found("Department");
  if (d->version != expected_version) throw version_mismatch();
  if (p.name) d->name = *p.name;
  if (p.description) d->description = *p.description;
  if (p.is_active) d->is_active = *p.is_active;
  auto updated = directory_.update_department(
      *d, expected_version, audit(actor, "desk.department.update", "department", id));
  if (!updated) throw version_mismatch();
  return *updated;
}

std::vector<Team> DirectoryService::teams(const std::optional<std::string>& department_id,
                                          const std::string& after_id, int limit) {
  return directory_.teams(department_id, after_id, limit);
}

Team DirectoryService::team(const std::string& id) {
  auto t = is_uuid(id) ? directory_.team(id) : std::nullopt;
  if (!t) throw Error::not_found("Team");
  return *t;
}

Team DirectoryService::create_team(const auth::Actor& actor, const Team& t) {
  const auto d = is_uuid(t.department_id) ? directory_.department(t.department_id) : std::nullopt;
  if (!d || !d->is_active) {
    throw Error::validation({{"department_id", "not_found", "No active department has this id."}});
  }
  Team row = t;
  row.id = new_uuid_v7(clock_.now_ms());
  return directory_.insert_team(row, audit(actor, "desk.team.create", "team", row.id));
}

Team DirectoryService::update_team(const auth::Actor& actor, const std::string& id,
                                   int expected_version, const TeamPatch& p) {
  Team t = team(id);
  if (t.version != expected_version) throw version_mismatch();
  if (p.name) t.name = *p.name;
  if (p.is_active) t.is_active = *p.is_active;
  auto updated =
      directory_.update_team(t, expected_version, audit(actor, "desk.team.update", "team", id));
  if (!updated) throw version_mismatch();
  return *updated;
}

std::vector<StaffMember> DirectoryService::staff(const std::optional<std::string>& department_id,
                                                 const std::optional<std::string>& team_id,
                                                 const std::string& after_user_id, int limit) {
  return directory_.staff(department_id, team_id, after_user_id, limit);
}

StaffMember DirectoryService::staff_member(const std::string& user_id) {
  auto s = is_uuid(user_id) ? directory_.staff_member(user_id) : std::nullopt;
  if (!s) throw Error::not_found("Staff member");
  return *s;
}

void DirectoryService::check_placement(const StaffMember& s, DeskRole role) {
  std::vector<FieldError> errors;
  const auto d = is_uuid(s.department_id) ? directory_.department(s.department_id) : std::nullopt;
  if (!d || !d->is_active) {
    errors.push_back({"department_id", "not_found", "No active department has this id."});
  }
  for (std::size_t i = 0; i < s.team_ids.size(); ++i) {
    const auto t = is_uuid(s.team_ids[i]) ? directory_.team(s.team_ids[i]) : std::nullopt;
    if (!t || !t->is_active || t->department_id != s.department_id) {
      errors.push_back({"team_ids[" + std::to_string(i) + "]", "not_in_department",
                        "Give an active team of the staff member's department."});
    }
  }
  for (std::size_t i = 0; i < s.lead_team_ids.size(); ++i) {
    if (!std::binary_search(s.team_ids.begin(), s.team_ids.end(), s.lead_team_ids[i])) {
      errors.push_back({"lead_team_ids[" + std::to_string(i) + "]", "not_a_member",
                        "A lead must also be a member of the team."});
    }
  }
  if (!s.lead_team_ids.empty() && role == DeskRole::kAgent) {
    errors.push_back({"lead_team_ids", "not_a_lead", "Only a TEAM_LEAD or ADMIN leads teams."});
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
}

StaffMember DirectoryService::create_staff(const auth::Actor& actor, const StaffMember& s) {
  const auto role = is_uuid(s.user_id) ? directory_.account_role(s.user_id) : std::nullopt;
  if (!role) throw Error::validation({{"user_id", "not_found", "No active account has this id."}});
  if (!is_staff_role(*role)) {
    throw Error::conflict("NOT_STAFF_ROLE",
                          "Only accounts with desk role AGENT, TEAM_LEAD or ADMIN can be staff.");
  }
  StaffMember row = s;
  row.team_ids = sorted_unique(row.team_ids);
  row.lead_team_ids = sorted_unique(row.lead_team_ids);
  check_placement(row, *role);
  return directory_.insert_staff(row, audit(actor, "desk.staff.create", "staff", row.user_id));
}

StaffMember DirectoryService::update_staff(const auth::Actor& actor, const std::string& user_id,
                                           int expected_version, const StaffPatch& p) {
  StaffMember s = staff_member(user_id);
  if (s.version != expected_version) throw version_mismatch();
  if (p.department_id) s.department_id = *p.department_id;
  if (p.team_ids) s.team_ids = sorted_unique(*p.team_ids);
  if (p.lead_team_ids) s.lead_team_ids = sorted_unique(*p.lead_team_ids);
  check_placement(s, s.desk_role);
  auto updated = directory_.update_staff(s, expected_version,
                                         audit(actor, "desk.staff.update", "staff", user_id));
  if (!updated) throw version_mismatch();
  return *updated;
}

void DirectoryService::remove_staff(const auth::Actor& actor, const std::string& user_id) {
  if (!is_uuid(user_id) ||
      !directory_.remove_staff(user_id, audit(actor, "desk.staff.remove", "staff", user_id))) {
    throw Error::not_found("Staff member");
  }
}

}  // namespace regal::desk
