#include "regal/auth/permissions.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>

namespace regal::auth {
namespace {

using P = Permission;
using R = PosRole;
using D = DeskRole;

struct Rule {
  Permission permission;
  std::string_view name;
  std::initializer_list<PosRole> pos;
  std::initializer_list<DeskRole> desk;
};

// The matrix. POS: admin everything; employee catalog, customers, vendors, stock, sales,
// reports but no users/settings; cashier the till: sales, quick sell, own shift, own-shift
// report, reprint, refunds (amount-capped by the service), customer lookup and creation, custom
// orders (create, deposits, ready, deliver — cancelling one gives money back: admin/employee).
const std::array kRules = {
    Rule{P::kPublic, "public", {}, {}},
    Rule{P::kInternal, "internal", {}, {}},
    Rule{P::kAuthenticated, "authenticated", {}, {}},
    Rule{P::kUsersManage, "users.manage", {R::kAdmin}, {D::kAdmin}},
    Rule{P::kAuditRead, "audit.read", {R::kAdmin}, {D::kAdmin}},
    Rule{P::kCatalogRead, "catalog.read", {R::kAdmin, R::kEmployee, R::kCashier}, {}},
    Rule{P::kCatalogWrite, "catalog.write", {R::kAdmin, R::kEmployee}, {}},
    Rule{P::kCustomersRead, "customers.read", {R::kAdmin, R::kEmployee, R::kCashier}, {}},
    Rule{P::kCustomersCreate, "customers.create", {R::kAdmin, R::kEmployee, R::kCashier}, {}},
    Rule{P::kCustomersWrite, "customers.write", {R::kAdmin, R::kEmployee}, {}},
    Rule{P::kVendorsRead, "vendors.read", {R::kAdmin, R::kEmployee}, {}},
    Rule{P::kVendorsWrite, "vendors.write", {R::kAdmin, R::kEmployee}, {}},
    Rule{P::kStockRead, "stock.read", {R::kAdmin, R::kEmployee}, {}},
    Rule{P::kStockWrite, "stock.write", {R::kAdmin, R::kEmployee}, {}},
    Rule{P::kSalesCreate, "sales.create", {R::kAdmin, R::kEmployee, R::kCashier}, {}},
    Rule{P::kSalesRead, "sales.read", {R::kAdmin, R::kEmployee, R::kCashier}, {}},
    Rule{P::kSalesVoid, "sales.void", {R::kAdmin}, {}},
    Rule{P::kQuickSell, "sales.quick_sell", {R::kAdmin, R::kEmployee, R::kCashier}, {}},
    Rule{P::kPriceOverride, "sales.price_override", {R::kAdmin, R::kEmployee}, {}},
    Rule{P::kRefundsCreate, "refunds.create", {R::kAdmin, R::kEmployee, R::kCashier}, {}},
    Rule{P::kReprint, "sales.reprint", {R::kAdmin, R::kEmployee, R::kCashier}, {}},
    Rule{P::kOrdersRead, "orders.read", {R::kAdmin, R::kEmployee, R::kCashier}, {}},
    Rule{P::kOrdersWrite, "orders.write", {R::kAdmin, R::kEmployee, R::kCashier}, {}},
    Rule{P::kOrdersCancel, "orders.cancel", {R::kAdmin, R::kEmployee}, {}},
    Rule{P::kShiftsOwn, "shifts.own", {R::kAdmin, R::kEmployee, R::kCashier}, {}},
    Rule{P::kShiftsManage, "shifts.manage", {R::kAdmin}, {}},
    Rule{P::kReportsRead, "reports.read", {R::kAdmin, R::kEmployee}, {}},
    Rule{P::kReportsOwnShift, "reports.own_shift", {R::kAdmin, R::kEmployee, R::kCashier}, {}},
    Rule{P::kExpensesWrite, "expenses.write", {R::kAdmin, R::kEmployee}, {}},
    Rule{P::kSettingsManage, "settings.manage", {R::kAdmin}, {}},
    Rule{P::kTicketsUse, "tickets.use", {}, {D::kEndUser, D::kAgent, D::kTeamLead, D::kAdmin}},
    Rule{P::kDeskStaff, "desk.staff", {}, {D::kAgent, D::kTeamLead, D::kAdmin}},
    Rule{P::kDeskManage, "desk.manage", {}, {D::kAdmin}},
};

const Rule& rule(Permission p) {
  return *std::find_if(kRules.begin(), kRules.end(),
                       [p](const Rule& r) { return r.permission == p; });
}

template <class T>
bool contains(std::initializer_list<T> list, const std::optional<T>& value) {
  return value && std::find(list.begin(), list.end(), *value) != list.end();
}

}  // namespace

std::optional<PosRole> parse_pos_role(std::string_view text) {
  if (text == "admin") return R::kAdmin;
  if (text == "employee") return R::kEmployee;
  if (text == "cashier") return R::kCashier;
  return std::nullopt;
}

std::optional<DeskRole> parse_desk_role(std::string_view text) {
  if (text == "END_USER") return D::kEndUser;
  if (text == "AGENT") return D::kAgent;
  if (text == "TEAM_LEAD") return D::kTeamLead;
  if (text == "ADMIN") return D::kAdmin;
  return std::nullopt;
}

std::string_view to_string(PosRole role) {
  switch (role) {
    case R::kAdmin:
      return "admin";
    case R::kEmployee:
      return "employee";
    case R::kCashier:
      return "cashier";
  }
  return "";
}

std::string_view to_string(DeskRole role) {
  switch (role) {
    case D::kEndUser:
      return "END_USER";
    case D::kAgent:
      return "AGENT";
    case D::kTeamLead:
      return "TEAM_LEAD";
    case D::kAdmin:
      return "ADMIN";
  }
  return "";
}

std::string_view to_string(Permission p) { return rule(p).name; }

std::vector<Permission> all_permissions() {
  std::vector<Permission> out;
  for (const auto& r : kRules) out.push_back(r.permission);
  return out;
}

bool allows(Permission p, const Principal* principal) {
  if (p == P::kPublic || p == P::kInternal) return true;
  if (principal == nullptr) return false;
  if (p == P::kAuthenticated) return true;
  const Rule& r = rule(p);
  return contains(r.pos, principal->pos_role) || contains(r.desk, principal->desk_role);
}

}  // namespace regal::auth
