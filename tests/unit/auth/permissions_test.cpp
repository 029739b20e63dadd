#include "regal/auth/permissions.hpp"

#include <boost/test/unit_test.hpp>
#include <set>

using regal::auth::allows;
using regal::auth::DeskRole;
using regal::auth::Permission;
using regal::auth::PosRole;
using regal::auth::Principal;

BOOST_AUTO_TEST_SUITE(permissions)

BOOST_AUTO_TEST_CASE(every_permission_has_a_unique_name) {
  std::set<std::string_view> names;
  for (const auto p : regal::auth::all_permissions()) {
    BOOST_TEST(!to_string(p).empty());
    BOOST_TEST(names.insert(to_string(p)).second, to_string(p));
  }
}

BOOST_AUTO_TEST_CASE(anonymous_holds_only_public_and_internal) {
  for (const auto p : regal::auth::all_permissions()) {
    const bool expected = p == Permission::kPublic || p == Permission::kInternal;
    BOOST_TEST(allows(p, nullptr) == expected, to_string(p));
  }
}

BOOST_AUTO_TEST_CASE(pos_admin_holds_every_pos_permission_but_no_desk_staff_rights) {
  const Principal admin{"u", PosRole::kAdmin, std::nullopt};
  for (const auto p : regal::auth::all_permissions()) {
    const bool desk =
        p == Permission::kTicketsUse || p == Permission::kDeskStaff || p == Permission::kDeskManage;
    BOOST_TEST(allows(p, &admin) == !desk, to_string(p));
  }
}

BOOST_AUTO_TEST_CASE(employee_lacks_users_settings_and_void) {
  const Principal employee{"u", PosRole::kEmployee, std::nullopt};
  BOOST_TEST(allows(Permission::kCatalogWrite, &employee));
  BOOST_TEST(allows(Permission::kReportsRead, &employee));
  BOOST_TEST(!allows(Permission::kUsersManage, &employee));
  BOOST_TEST(!allows(Permission::kSettingsManage, &employee));
  BOOST_TEST(!allows(Permission::kSalesVoid, &employee));
}

BOOST_AUTO_TEST_CASE(cashier_has_the_till_only) {
  const Principal cashier{"u", PosRole::kCashier, std::nullopt};
  for (const auto p :
       {Permission::kSalesCreate, Permission::kQuickSell, Permission::kShiftsOwn,
        Permission::kReportsOwnShift, Permission::kReprint, Permission::kRefundsCreate,
        Permission::kCatalogRead, Permission::kCustomersCreate}) {
    BOOST_TEST(allows(p, &cashier), to_string(p));
  }
  for (const auto p :
       {Permission::kCatalogWrite, Permission::kStockWrite, Permission::kReportsRead,
        Permission::kUsersManage, Permission::kPriceOverride, Permission::kVendorsRead}) {
    BOOST_TEST(!allows(p, &cashier), to_string(p));
  }
}

BOOST_AUTO_TEST_CASE(desk_roles_follow_their_ladder) {
  const Principal user{"u", std::nullopt, DeskRole::kEndUser};
  const Principal agent{"u", std::nullopt, DeskRole::kAgent};
  const Principal admin{"u", std::nullopt, DeskRole::kAdmin};
  BOOST_TEST(allows(Permission::kTicketsUse, &user));
  BOOST_TEST(!allows(Permission::kDeskStaff, &user));
  BOOST_TEST(allows(Permission::kDeskStaff, &agent));
  BOOST_TEST(!allows(Permission::kDeskManage, &agent));
  BOOST_TEST(allows(Permission::kDeskManage, &admin));
  BOOST_TEST(allows(Permission::kUsersManage, &admin));
  BOOST_TEST(!allows(Permission::kCatalogRead, &admin));
}

BOOST_AUTO_TEST_CASE(role_names_round_trip) {
  for (const auto r : {PosRole::kAdmin, PosRole::kEmployee, PosRole::kCashier}) {
    BOOST_TEST((regal::auth::parse_pos_role(to_string(r)) == r));
  }
  for (const auto r :
       {DeskRole::kEndUser, DeskRole::kAgent, DeskRole::kTeamLead, DeskRole::kAdmin}) {
    BOOST_TEST((regal::auth::parse_desk_role(to_string(r)) == r));
  }
  BOOST_TEST(!regal::auth::parse_pos_role("ADMIN"));
  BOOST_TEST(!regal::auth::parse_desk_role("admin"));
}

BOOST_AUTO_TEST_CASE(cashiers_take_custom_orders_but_only_admins_and_employees_cancel_them) {
  const Principal cashier{"u", PosRole::kCashier, std::nullopt};
  const Principal employee{"u", PosRole::kEmployee, std::nullopt};
  const Principal agent{"u", std::nullopt, DeskRole::kAgent};
  BOOST_TEST(allows(Permission::kOrdersRead, &cashier));
  BOOST_TEST(allows(Permission::kOrdersWrite, &cashier));
  BOOST_TEST(!allows(Permission::kOrdersCancel, &cashier));
  BOOST_TEST(allows(Permission::kOrdersCancel, &employee));
  BOOST_TEST(!allows(Permission::kOrdersRead, &agent));
}

BOOST_AUTO_TEST_SUITE_END()
