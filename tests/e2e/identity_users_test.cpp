// End-to-end tests of the identity API, part 4: user management by POS and desk admins —
// create, read, list with filters and cursors, versioned updates, role rules, deactivation —
// and the protection of the last active POS admin, also under concurrent demotions.
#include <Poco/String.h>

#include <boost/test/unit_test.hpp>
#include <latch>
#include <set>
#include <thread>

#include "e2e/identity_support.hpp"
#include "regal/core/id.hpp"

using regal::test::HttpResult;
using namespace regal::test::identity;

BOOST_AUTO_TEST_SUITE(identity_users)

// --------------------------------------------------------------------------- user management

BOOST_AUTO_TEST_CASE(admins_create_read_and_page_through_users) {
  const Session admin = admin_session();
  const std::string tag = "pg" + regal::random_hex(4);
  const Account cashier = create_user(admin, tag, "cashier", "END_USER", R"("meta":{"till":7})");
  const Account employee = create_user(admin, tag, "employee", "END_USER");
  const Account agent = create_user(admin, tag, "", "AGENT");

  const auto got = api("GET", "/api/v1/users/" + cashier.id, "", bearer(admin.access));
  BOOST_REQUIRE_EQUAL(got.status, 200);
  const auto u = data_of(got);
  BOOST_TEST(text(u, "email") == cashier.email);
  BOOST_TEST(text(u, "username") == cashier.username);
  BOOST_TEST(text(u, "full_name") == cashier.full_name);
  BOOST_TEST(text(u, "pos_role") == "cashier");
  BOOST_TEST(text(u, "desk_role") == "END_USER");
  BOOST_TEST(u->getObject("meta")->getValue<int>("till") == 7);
  BOOST_TEST(!u->has("password_hash"));

  std::set<std::string> seen;
  const auto page1 = api("GET", "/api/v1/users?q=" + tag + "&limit=2", "", bearer(admin.access));
  BOOST_REQUIRE_EQUAL(page1.status, 200);
  BOOST_REQUIRE_EQUAL(list_of(page1)->size(), 2u);
  const auto meta1 = page1.json()->getObject("page");
  BOOST_REQUIRE(meta1);
  BOOST_TEST(meta1->getValue<int>("limit") == 2);
  const std::string cursor = meta1->optValue<std::string>("next_cursor", "");
  BOOST_REQUIRE(!cursor.empty());
  for (std::size_t i = 0; i < 2; ++i)
    seen.insert(text(list_of(page1)->getObject(static_cast<unsigned>(i)), "id"));

  const auto page2 =
      api("GET", "/api/v1/users?q=" + tag + "&limit=2&cursor=" + cursor, "", bearer(admin.access));
  BOOST_REQUIRE_EQUAL(page2.status, 200);
  BOOST_REQUIRE_EQUAL(list_of(page2)->size(), 1u);
  seen.insert(text(list_of(page2)->getObject(0), "id"));
  BOOST_TEST(page2.json()->getObject("page")->isNull("next_cursor"));
  BOOST_TEST((seen == std::set<std::string>{cashier.id, employee.id, agent.id}));

  const auto cashiers =
      api("GET", "/api/v1/users?q=" + tag + "&pos_role=cashier", "", bearer(admin.access));
  BOOST_REQUIRE_EQUAL(list_of(cashiers)->size(), 1u);
  BOOST_TEST(text(list_of(cashiers)->getObject(0), "id") == cashier.id);
  const auto agents =
      api("GET", "/api/v1/users?q=" + tag + "&desk_role=AGENT", "", bearer(admin.access));
  BOOST_REQUIRE_EQUAL(list_of(agents)->size(), 1u);
  BOOST_TEST(text(list_of(agents)->getObject(0), "id") == agent.id);
  const auto inactive =
      api("GET", "/api/v1/users?q=" + tag + "&is_active=false", "", bearer(admin.access));
  BOOST_TEST(list_of(inactive)->size() == 0u);

  check_error(api("GET", "/api/v1/users/" + regal::new_uuid_v7(), "", bearer(admin.access)), 404,
              "NOT_FOUND");
  check_error(api("GET", "/api/v1/users", "", {}), 401, "AUTHENTICATION_REQUIRED");
}

BOOST_AUTO_TEST_CASE(user_updates_need_the_current_version) {
  const Session admin = admin_session();
  const Account user = create_user(admin, "ver", "", "END_USER");
  const int v1 = user_version(admin, user.id);

  const auto renamed = patch_user(admin, user.id, json({{"full_name", "Renamed Once"}}), v1);
  BOOST_REQUIRE_EQUAL(renamed.status, 200);
  BOOST_TEST(text(data_of(renamed), "full_name") == "Renamed Once");
  const int v2 = data_of(renamed)->getValue<int>("version");
  BOOST_TEST(v2 == v1 + 1);

  check_error(patch_user(admin, user.id, json({{"full_name", "Stale"}}), v1), 412,
              "VERSION_MISMATCH");
  const auto missing = patch_user(admin, user.id, json({{"full_name", "No version"}}), {});
  check_error(missing, 400, "VALIDATION_FAILED");
  BOOST_TEST(has_field_error(missing, "version", "required"), missing.body);

  const auto in_body =
      patch_user(admin, user.id, json({{"full_name", "Renamed Twice"}, {"version", v2}}), {});
  BOOST_REQUIRE_EQUAL(in_body.status, 200);
  BOOST_TEST(data_of(in_body)->getValue<int>("version") == v2 + 1);

  const auto unknown =
      patch_user(admin, user.id, json({{"nickname", "x"}, {"version", v2 + 1}}), {});
  check_error(unknown, 400, "VALIDATION_FAILED");
  BOOST_TEST(has_field_error(unknown, "nickname", "unknown_field"), unknown.body);
  BOOST_TEST(user_version(admin, user.id) == v2 + 1);
}

BOOST_AUTO_TEST_CASE(each_admin_changes_only_the_roles_of_its_own_api) {
  const Session root = admin_session();
  const Account desk_admin = create_user(root, "deskadm", "", "ADMIN");
  const Account pos_admin = create_user(root, "posadm", "admin", "END_USER");
  const Account target = create_user(root, "roles", "", "END_USER");
  const Session desk = login_ok(desk_admin);
  const Session pos = login_ok(pos_admin);

  // Both may manage accounts …
  BOOST_TEST(api("GET", "/api/v1/users?limit=1", "", bearer(desk.access)).status == 200);
  BOOST_TEST(api("GET", "/api/v1/users?limit=1", "", bearer(pos.access)).status == 200);

  // … but not the other API's roles.
  int v = user_version(root, target.id);
  check_error(patch_user(desk, target.id, json({{"pos_role", "cashier"}}), v), 403,
              "ROLE_CHANGE_FORBIDDEN");
  check_error(patch_user(pos, target.id, json({{"desk_role", "AGENT"}}), v), 403,
              "ROLE_CHANGE_FORBIDDEN");
  const Account would_be = fresh_account("nope");
  check_error(api("POST", "/api/v1/users",
                  json({{"full_name", would_be.full_name},
                        {"email", would_be.email},
                        {"username", would_be.username},
                        {"password", would_be.password},
                        {"pos_role", "cashier"}}),
                  bearer(desk.access)),
              403, "ROLE_CHANGE_FORBIDDEN");
  check_error(api("POST", "/api/v1/users",
                  json({{"full_name", would_be.full_name},
                        {"email", would_be.email},
                        {"username", would_be.username},
                        {"password", would_be.password},
                        {"desk_role", "AGENT"}}),
                  bearer(pos.access)),
              403, "ROLE_CHANGE_FORBIDDEN");
  BOOST_TEST(user_version(root, target.id) == v);  // nothing changed

  // Their own roles they may change.
  const auto by_desk = patch_user(desk, target.id, json({{"desk_role", "AGENT"}}), v);
  BOOST_REQUIRE_EQUAL(by_desk.status, 200);
  v = data_of(by_desk)->getValue<int>("version");
  const auto by_pos = patch_user(pos, target.id, json({{"pos_role", "cashier"}}), v);
  BOOST_REQUIRE_EQUAL(by_pos.status, 200);
  BOOST_TEST(text(data_of(by_pos), "pos_role") == "cashier");
  BOOST_TEST(text(data_of(by_pos), "desk_role") == "AGENT");
}

BOOST_AUTO_TEST_CASE(an_admin_of_one_api_cannot_take_over_an_account_of_the_other) {
  const Session root = admin_session();
  const Account desk_admin = create_user(root, "deskonly", "", "ADMIN");
  const Account pos_admin = create_user(root, "posonly", "admin", "END_USER");
  const Account cashier = create_user(root, "till", "cashier", "END_USER");
  const Account agent = create_user(root, "agent", "", "AGENT");
  const Session desk = login_ok(desk_admin);
  const Session pos = login_ok(pos_admin);

  // The help-desk ADMIN may not set the password, email or active state of POS accounts …
  for (const Account* target : {&pos_admin, &cashier}) {
    const int v = user_version(root, target->id);
    check_error(patch_user(desk, target->id, json({{"password", fresh_password()}}), v), 403,
                "ROLE_CHANGE_FORBIDDEN");
    check_error(patch_user(desk, target->id, json({{"email", "x-" + target->email}}), v), 403,
                "ROLE_CHANGE_FORBIDDEN");
    check_error(api("DELETE", "/api/v1/users/" + target->id, "", bearer(desk.access)), 403,
                "ROLE_CHANGE_FORBIDDEN");
    BOOST_TEST(user_version(root, target->id) == v);
  }
  BOOST_TEST(login(cashier.username, cashier.password).status == 200);
  // … nor the POS admin those of help-desk staff.
  const int va = user_version(root, agent.id);
  check_error(patch_user(pos, agent.id, json({{"is_active", false}}), va), 403,
              "ROLE_CHANGE_FORBIDDEN");
  // A plain END_USER account either may manage, and its own name the desk admin may change.
  const Account customer = create_user(root, "customer", "", "END_USER");
  BOOST_TEST(patch_user(desk, customer.id, json({{"password", fresh_password()}}),
                        user_version(root, customer.id))
                 .status == 200);
  BOOST_TEST(
      patch_user(pos, customer.id, json({{"is_active", false}}), user_version(root, customer.id))
          .status == 200);
  BOOST_TEST(patch_user(desk, cashier.id, json({{"full_name", "Till Renamed"}}),
                        user_version(root, cashier.id))
                 .status == 200);
}

BOOST_AUTO_TEST_CASE(deactivating_a_user_cuts_its_tokens_at_once) {
  const Session admin = admin_session();
  const Account user = create_user(admin, "deact", "", "END_USER");
  const Session session = login_ok(user);
  BOOST_REQUIRE_EQUAL(me(session.access).status, 200);

  const auto removed = api("DELETE", "/api/v1/users/" + user.id, "", bearer(admin.access));
  BOOST_REQUIRE_EQUAL(removed.status, 200);
  BOOST_TEST(!data_of(removed)->getValue<bool>("is_active"));

  check_error(me(session.access), 401, "TOKEN_REVOKED");
  BOOST_TEST(refresh(session.refresh).status == 401);
  check_error(login(user.username, user.password), 401, "INVALID_CREDENTIALS");
  const auto still_there = api("GET", "/api/v1/users/" + user.id, "", bearer(admin.access));
  BOOST_REQUIRE_EQUAL(still_there.status, 200);
  BOOST_TEST(!data_of(still_there)->getValue<bool>("is_active"));
}

BOOST_AUTO_TEST_CASE(role_changes_and_admin_set_passwords_apply_to_live_sessions) {
  const Session root = admin_session();
  const Account user = create_user(root, "live", "admin", "END_USER");
  const Session session = login_ok(user);
  BOOST_TEST(api("GET", "/api/v1/users?limit=1", "", bearer(session.access)).status == 200);

  const auto demoted =
      patch_user(root, user.id, json({{"pos_role", "employee"}}), user_version(root, user.id));
  BOOST_REQUIRE_EQUAL(demoted.status, 200);
  // The same token, the new role: no longer allowed to manage users, still logged in.
  check_error(api("GET", "/api/v1/users?limit=1", "", bearer(session.access)), 403, "FORBIDDEN");
  const auto mine = me(session.access);
  BOOST_REQUIRE_EQUAL(mine.status, 200);
  BOOST_TEST(text(data_of(mine), "pos_role") == "employee");

  const std::string replacement = fresh_password();
  const auto reset = patch_user(root, user.id, json({{"password", replacement}}),
                                data_of(demoted)->getValue<int>("version"));
  BOOST_REQUIRE_EQUAL(reset.status, 200);
  check_error(me(session.access), 401, "TOKEN_REVOKED");
  BOOST_TEST(refresh(session.refresh).status == 401);
  check_error(login(user.username, user.password), 401, "INVALID_CREDENTIALS");
  BOOST_TEST(login(user.username, replacement).status == 200);
}

BOOST_AUTO_TEST_CASE(user_changes_refuse_duplicates_and_bad_input) {
  const Session admin = admin_session();
  const Account first = create_user(admin, "dupa", "", "END_USER");
  const Account second = create_user(admin, "dupb", "", "END_USER");
  const int v = user_version(admin, second.id);

  check_error(patch_user(admin, second.id, json({{"email", Poco::toUpper(first.email)}}), v), 409,
              "DUPLICATE_EMAIL");
  check_error(patch_user(admin, second.id, json({{"username", first.username}}), v), 409,
              "DUPLICATE_USERNAME");
  const auto bad_email = patch_user(admin, second.id, json({{"email", "nobody"}}), v);
  check_error(bad_email, 400, "VALIDATION_FAILED");
  BOOST_TEST(has_field_error(bad_email, "email", "invalid_email"), bad_email.body);
  const auto bad_role = patch_user(admin, second.id, json({{"pos_role", "owner"}}), v);
  check_error(bad_role, 400, "VALIDATION_FAILED");
  BOOST_TEST(has_field_error(bad_role, "pos_role", "invalid_choice"), bad_role.body);
  BOOST_TEST(user_version(admin, second.id) == v);  // none of it was applied

  Account copy = fresh_account("dupc");
  const auto create = [&](const std::string& extra) {
    std::string body = json({{"full_name", copy.full_name},
                             {"email", copy.email},
                             {"username", copy.username},
                             {"password", copy.password}});
    if (!extra.empty()) body = body.substr(0, body.size() - 1) + "," + extra + "}";
    return api("POST", "/api/v1/users", body, bearer(admin.access));
  };
  copy.email = first.email;
  check_error(create(""), 409, "DUPLICATE_EMAIL");
  copy = fresh_account("dupc");
  const auto inactive = create(R"("is_active":false)");
  check_error(inactive, 400, "VALIDATION_FAILED");
  BOOST_TEST(has_field_error(inactive, "is_active", "not_allowed"), inactive.body);
  copy.password = "short";
  const auto weak = create("");
  check_error(weak, 400, "VALIDATION_FAILED");
  BOOST_TEST(has_field_error(weak, "password", "too_short"), weak.body);

  for (const std::string query : {"limit=0", "limit=201", "limit=x"}) {
    const auto r = api("GET", "/api/v1/users?" + query, "", bearer(admin.access));
    check_error(r, 400, "VALIDATION_FAILED");
    BOOST_TEST(has_field_error(r, "limit", "out_of_range"), query << ": " << r.body);
  }
  check_error(api("GET", "/api/v1/users?cursor=not-a-cursor", "", bearer(admin.access)), 400,
              "INVALID_CURSOR");
}

// ------------------------------------------------------------------------------ last admin

BOOST_AUTO_TEST_CASE(the_last_active_pos_admin_cannot_be_demoted_or_deactivated) {
  const Session root = admin_session();
  const Account me_admin = bootstrap_admin();

  const OtherPosAdminsAway others(root, me_admin.id);
  BOOST_REQUIRE_EQUAL(active_pos_admins(root), 1u);

  const int v = user_version(root, me_admin.id);
  check_error(patch_user(root, me_admin.id, json({{"pos_role", Poco::Dynamic::Var()}}), v), 409,
              "LAST_ADMIN");
  check_error(patch_user(root, me_admin.id, json({{"pos_role", "employee"}}), v), 409,
              "LAST_ADMIN");
  check_error(patch_user(root, me_admin.id, json({{"is_active", false}}), v), 409, "LAST_ADMIN");
  check_error(api("DELETE", "/api/v1/users/" + me_admin.id, "", bearer(root.access)), 409,
              "LAST_ADMIN");
  const auto still = api("GET", "/api/v1/users/" + me_admin.id, "", bearer(root.access));
  BOOST_TEST(text(data_of(still), "pos_role") == "admin");
  BOOST_TEST(data_of(still)->getValue<bool>("is_active"));
  BOOST_TEST(data_of(still)->getValue<int>("version") == v);
  BOOST_TEST(me(root.access).status == 200);

  // With a second POS admin around, one of the two may go.
  const Account second = create_user(root, "second", "admin", "END_USER");
  const auto demoted = patch_user(root, second.id, json({{"pos_role", Poco::Dynamic::Var()}}),
                                  user_version(root, second.id));
  BOOST_TEST(demoted.status == 200, demoted.body);
  check_error(api("DELETE", "/api/v1/users/" + me_admin.id, "", bearer(root.access)), 409,
              "LAST_ADMIN");
}

BOOST_AUTO_TEST_CASE(concurrent_demotions_never_remove_the_last_pos_admin) {
  const Session root = admin_session();
  const Account root_account = bootstrap_admin();
  const Account partner = create_user(root, "rival", "admin", "END_USER");
  const OtherPosAdminsAway others(root, root_account.id);  // partner goes too: bring it back
  {
    const auto back =
        patch_user(root, partner.id, json({{"is_active", true}}), user_version(root, partner.id));
    BOOST_REQUIRE_EQUAL(back.status, 200);
  }
  const Session partner_now = login_ok(partner);

  for (int round = 0; round < 5; ++round) {
    BOOST_REQUIRE_EQUAL(active_pos_admins(root), 2u);
    const int v_root = user_version(root, root_account.id);
    const int v_partner = user_version(root, partner.id);
    const std::string demote = json({{"pos_role", Poco::Dynamic::Var()}});
    HttpResult by_root;
    HttpResult by_partner;
    std::latch go(2);
    {
      std::jthread t1([&] {
        go.arrive_and_wait();
        by_root = regal::test::http(
            "PATCH", "/api/v1/users/" + partner.id, demote,
            {{"Authorization", "Bearer " + root.access}, {"If-Match", std::to_string(v_partner)}});
      });
      std::jthread t2([&] {
        go.arrive_and_wait();
        by_partner = regal::test::http("PATCH", "/api/v1/users/" + root_account.id, demote,
                                       {{"Authorization", "Bearer " + partner_now.access},
                                        {"If-Match", std::to_string(v_root)}});
      });
    }
    const int ok = (by_root.status == 200 ? 1 : 0) + (by_partner.status == 200 ? 1 : 0);
    BOOST_TEST(ok == 1, "round " << round << ": " << by_root.status << " " << by_root.body << " / "
                                 << by_partner.status << " " << by_partner.body);
    for (const auto* loser : {&by_root, &by_partner}) {
      if (loser->status == 200) continue;
      // LAST_ADMIN, or refused up front when the other demotion won before this one was
      // authorised.
      const std::string code = error_code(*loser);
      BOOST_TEST((code == "LAST_ADMIN" || code == "FORBIDDEN" || code == "ROLE_CHANGE_FORBIDDEN"),
                 code);
    }
    BOOST_REQUIRE_EQUAL(active_pos_admins(root), 1u);

    // The survivor promotes the other one again for the next round.
    const bool root_survived = by_root.status == 200;
    const Session& survivor = root_survived ? root : partner_now;
    const std::string& demoted_id = root_survived ? partner.id : root_account.id;
    const auto again = patch_user(survivor, demoted_id, json({{"pos_role", "admin"}}),
                                  user_version(survivor, demoted_id));
    BOOST_REQUIRE_EQUAL(again.status, 200);
  }
}

BOOST_AUTO_TEST_SUITE_END()
