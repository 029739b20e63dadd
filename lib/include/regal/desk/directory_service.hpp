#pragma once
// DirectoryService — departments, teams and staff placement of the help desk. Route permissions
// (desk.manage for writes, desk.staff / tickets.use for reads) are checked before it is called;
// it checks references and roles and answers with regal::Error for every client mistake
// (404 NOT_FOUND, 409 DUPLICATE_NAME / ALREADY_EXISTS / NOT_STAFF_ROLE, 412 VERSION_MISMATCH,
// 400 VALIDATION_FAILED with field errors).

#include <optional>
#include <string>
#include <vector>

#include "regal/auth/user.hpp"
#include "regal/desk/desk_access.hpp"
#include "regal/desk/ticket.hpp"

namespace regal {
class Clock;
}
namespace regal::ports {
class DeskDirectory;
}

namespace regal::desk {

struct DepartmentPatch {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<bool> is_active;
};

struct TeamPatch {
  std::optional<std::string> name;
  std::optional<bool> is_active;
};

struct StaffPatch {
  std::optional<std::string> department_id;
  std::optional<std::vector<std::string>> team_ids;
  std::optional<std::vector<std::string>> lead_team_ids;
};

class DirectoryService {
 public:
  DirectoryService(ports::DeskDirectory& directory, const Clock& clock);

  // The caller's role and placement, for the ticket rules.
  DeskCaller caller(const auth::Principal& principal);

  // End users see active departments only.
  std::vector<Department> departments(const auth::Principal& p, const std::string& after_id,
                                      int limit);
  Department department(const auth::Principal& p, const std::string& id);
  Department create_department(const auth::Actor& actor, const Department& d);
  Department update_department(const auth::Actor& actor, const std::string& id,
                               int expected_version, const DepartmentPatch& patch);

  std::vector<Team> teams(const std::optional<std::string>& department_id,
                          const std::string& after_id, int limit);
  Team team(const std::string& id);
  Team create_team(const auth::Actor& actor, const Team& t);
  Team update_team(const auth::Actor& actor, const std::string& id, int expected_version,
                   const TeamPatch& patch);

  std::vector<StaffMember> staff(const std::optional<std::string>& department_id,
                                 const std::optional<std::string>& team_id,
                                 const std::string& after_user_id, int limit);
  StaffMember staff_member(const std::string& user_id);
  StaffMember create_staff(const auth::Actor& actor, const StaffMember& s);
  StaffMember update_staff(const auth::Actor& actor, const std::string& user_id,
                           int expected_version, const StaffPatch& patch);
  void remove_staff(const auth::Actor& actor, const std::string& user_id);

 private:
  void check_placement(const StaffMember& s, auth::DeskRole role);
  auth::AuditEntry audit(const auth::Actor& actor, std::string action, std::string type,
                         const std::string& id) const;

  ports::DeskDirectory& directory_;
  const Clock& clock_;
};

}  // namespace regal::desk
