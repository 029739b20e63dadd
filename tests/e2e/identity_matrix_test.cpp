// End-to-end test of the identity API, part 5: every registered route × every role. The route
// table comes from GET /api/v1/_test/routes; what each role may do comes from
// regal::auth::allows, the same table the responders enforce.
#include <boost/test/unit_test.hpp>
#include <optional>
#include <regex>

#include "e2e/identity_support.hpp"
#include "regal/auth/permissions.hpp"
#include "regal/core/id.hpp"

using regal::test::HttpResult;
using namespace regal::test::identity;

BOOST_AUTO_TEST_SUITE(identity_matrix)

BOOST_AUTO_TEST_CASE(every_route_answers_each_role_as_the_permission_table_says) {
  using regal::auth::DeskRole;
  using regal::auth::Permission;
  using regal::auth::PosRole;
  using regal::auth::Principal;

  struct Caller {
    std::string name;
    std::optional<Principal> principal;  // nullopt = anonymous
    Headers headers;
  };
  const Session root = admin_session();
  std::vector<Caller> callers = {{"anonymous", std::nullopt, {}}};
  const auto add = [&](const std::string& name, std::optional<PosRole> pos, DeskRole desk) {
    const std::string pos_text = pos ? std::string(regal::auth::to_string(*pos)) : "";
    const Account a = create_user(root, "mx", pos_text, std::string(regal::auth::to_string(desk)));
    callers.push_back({name, Principal{a.id, pos, desk}, bearer(login_ok(a).access)});
  };
  add("pos admin", PosRole::kAdmin, DeskRole::kEndUser);
  add("pos employee", PosRole::kEmployee, DeskRole::kEndUser);
  add("pos cashier", PosRole::kCashier, DeskRole::kEndUser);
  add("desk END_USER", std::nullopt, DeskRole::kEndUser);
  add("desk AGENT", std::nullopt, DeskRole::kAgent);
  add("desk TEAM_LEAD", std::nullopt, DeskRole::kTeamLead);
  add("desk ADMIN", std::nullopt, DeskRole::kAdmin);

  struct RouteCase {
    std::string method;
    std::string pattern;
    Permission permission;
  };
  const auto listing = api("GET", "/api/v1/_test/routes");
  BOOST_REQUIRE_EQUAL(listing.status, 200);
  std::vector<RouteCase> routes;
  std::optional<RouteCase> logout;
  const auto items = list_of(listing);
  for (std::size_t i = 0; i < items->size(); ++i) {
    const auto item = items->getObject(static_cast<unsigned>(i));
    RouteCase rc{text(item, "method"), text(item, "pattern"), Permission::kPublic};
    const std::string permission = text(item, "permission");
    bool known = false;
    for (const auto p : regal::auth::all_permissions()) {
      if (regal::auth::to_string(p) == permission) {
        rc.permission = p;
        known = true;
      }
    }
    BOOST_REQUIRE_MESSAGE(
        known, rc.method + " " + rc.pattern + ": unknown permission '" + permission + "'");
    if (rc.pattern.rfind("/api/v1/_test/", 0) == 0) continue;
    if (rc.method == "POST" && rc.pattern == "/api/v1/auth/logout") {
      logout = rc;
    } else {
      routes.push_back(rc);
    }
  }
  BOOST_REQUIRE(logout);  // checked last: it ends the caller's session
  routes.push_back(*logout);

  static const std::regex kParam(R"(\{[^}]+\})");
  std::size_t checked = 0;
  for (const auto& route : routes) {
    for (const auto& caller : callers) {
      const std::string path = std::regex_replace(route.pattern, kParam, regal::new_uuid_v7());
      const bool with_body =
          route.method == "POST" || route.method == "PATCH" || route.method == "PUT";
      const auto r = api(route.method, path, with_body ? "{}" : "", caller.headers);
      const std::string code = error_code(r);
      const std::string what = route.method + " " + route.pattern + " (" +
                               std::string(regal::auth::to_string(route.permission)) + ") as " +
                               caller.name + " → " + std::to_string(r.status) + " " +
                               r.body.substr(0, 160);
      const bool open =
          route.permission == Permission::kPublic || route.permission == Permission::kInternal;
      BOOST_TEST(r.status < 500, what);
      if (!caller.principal) {
        if (open) {
          BOOST_TEST((r.status != 401 && r.status != 403), what);
        } else {
          BOOST_TEST((r.status == 401 && code == "AUTHENTICATION_REQUIRED"), what);
        }
      } else if (regal::auth::allows(route.permission, &*caller.principal)) {
        // "{}" never names a role, so ROLE_CHANGE_FORBIDDEN cannot come up either: every
        // 401/403 here is a permission failure.
        BOOST_TEST((r.status != 401 && r.status != 403), what);
      } else {
        BOOST_TEST((r.status == 403 && code == "FORBIDDEN"), what);
      }
      ++checked;
    }
  }
  BOOST_TEST(routes.size() > 10u);
  BOOST_TEST(checked > 0u);
  BOOST_TEST(checked == routes.size() * callers.size());
}

BOOST_AUTO_TEST_SUITE_END()
