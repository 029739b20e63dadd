#pragma once
// Roles and the permission matrix of both APIs, in one table (DESIGN §3). Every route names one
// Permission; `allows` is the only place that decides whether a principal holds it. Scoping
// (own shift, own tickets, department) is the services' job on top of this.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace regal::auth {

enum class PosRole { kAdmin, kEmployee, kCashier };
enum class DeskRole { kEndUser, kAgent, kTeamLead, kAdmin };

std::optional<PosRole> parse_pos_role(std::string_view text);    // "admin" | "employee" | "cashier"
std::optional<DeskRole> parse_desk_role(std::string_view text);  // "END_USER" | "AGENT" | …
std::string_view to_string(PosRole role);
std::string_view to_string(DeskRole role);

enum class Permission {
  kPublic,         // anyone, no token
  kInternal,       // no token; nginx allows loopback only (/readyz, /metrics)
  kAuthenticated,  // any valid token: own profile, own password, logout
  kUsersManage,    // user accounts (POS admin or desk ADMIN, each for its own roles)
  kAuditRead,
  // POS
  kCatalogRead,
  kCatalogWrite,
  kCustomersRead,
  kCustomersCreate,
  kCustomersWrite,
  kVendorsRead,
  kVendorsWrite,
  kStockRead,
  kStockWrite,
  kSalesCreate,
  kSalesRead,
  kSalesVoid,
  kQuickSell,
  kPriceOverride,
  kRefundsCreate,
  kReprint,
  kOrdersRead,    // custom orders: list and read
  kOrdersWrite,   // custom orders: create, deposits, ready, deliver (the till)
  kOrdersCancel,  // custom orders: cancel, returning the deposits
  kShiftsOwn,
  kShiftsManage,
  kReportsRead,
  kReportsOwnShift,
  kExpensesWrite,
  kSettingsManage,
  // Help desk
  kTicketsUse,  // create and read (scoped) tickets, reply
  kDeskStaff,   // staff-only ticket actions and reads of departments/teams/staff
  kDeskManage,  // departments, teams, staff
};

struct Principal {
  std::string user_id;
  std::optional<PosRole> pos_role;
  std::optional<DeskRole> desk_role;
};

// The permission's stable name as written in route tables and docs ("catalog.read").
std::string_view to_string(Permission p);
std::vector<Permission> all_permissions();

// True when `principal` (nullptr = anonymous) holds `p`.
bool allows(Permission p, const Principal* principal);

}  // namespace regal::auth
