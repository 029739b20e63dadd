// End-to-end tests of the catalog API, part 2: branches, registers (tills) and the category
// tree — their fields and defaults, unique codes, filters, cycles, and what keeps them from
// being deleted (409 IN_USE).
#include <boost/test/unit_test.hpp>
#include <string>

#include "e2e/catalog_support.hpp"
#include "regal/core/id.hpp"

using regal::test::HttpResult;
using namespace regal::test::catalog;

BOOST_AUTO_TEST_SUITE(catalog_places)

// ------------------------------------------------------------------------------ branches

BOOST_AUTO_TEST_CASE(a_branch_round_trips_every_field) {
  const std::string tag = fresh_tag();
  const Obj body = object({{"code", "TOKYO-" + tag},
                           {"name", "Tōkyō Ginza " + tag},
                           {"address", "4-6-16 Ginza, Chūō-ku"},
                           {"phone", "+81 3-1234-5678"},
                           {"currency", "JPY"},
                           {"currency_digits", 0},
                           {"timezone", "Asia/Tokyo"},
                           {"negative_stock", "allow"},
                           {"receipt_header", "Regal Ginza\nいらっしゃいませ"},
                           {"receipt_footer", "Thank you!\nVAT ID 123\n\nSee you"}});
  const Obj created = create("branches", body);
  check_common_fields(created);
  check_round_trip(body, created);
  check_round_trip(body, fetch("branches", text(created, "id")));
}

BOOST_AUTO_TEST_CASE(a_new_branch_gets_the_documented_defaults) {
  const Obj created = create("branches", branch_body(fresh_tag()));
  BOOST_TEST(integer(created, "currency_digits") == 2);
  BOOST_TEST(text(created, "negative_stock") == "block");
  BOOST_TEST(dump(created, "address") == "\"\"");
  BOOST_TEST(dump(created, "phone") == "\"\"");
  BOOST_TEST(dump(created, "receipt_header") == "\"\"");
  BOOST_TEST(dump(created, "receipt_footer") == "\"\"");
}

BOOST_AUTO_TEST_CASE(branch_codes_are_unique_among_live_branches) {
  const std::string tag = fresh_tag();
  const Obj first = create("branches", branch_body(tag));
  const auto dup = post(admin(), "/branches", str(with(branch_body(tag), {{"name", "Other"}})));
  check_error(dup, 409, "DUPLICATE_CODE");

  const Obj other = create("branches", branch_body(tag + "x"));
  const auto renamed = patch(admin(), "/branches/" + text(other, "id"),
                             str(object({{"code", text(first, "code")}})), 1);
  check_error(renamed, 409, "DUPLICATE_CODE");
  BOOST_TEST(text(fetch("branches", text(other, "id")), "code") == text(other, "code"));

  // Only live branches count: once the first is deleted its code is free again.
  remove("branches", text(first, "id"));
  const Obj reused = create("branches", branch_body(tag));
  BOOST_TEST(text(reused, "code") == text(first, "code"));
  BOOST_TEST(text(reused, "id") != text(first, "id"));
}

BOOST_AUTO_TEST_CASE(a_branch_or_register_patched_with_its_own_code_keeps_it) {
  const std::string tag = fresh_tag();
  const Obj branch = create("branches", branch_body(tag));
  const Obj same = update("branches", text(branch, "id"),
                          object({{"code", text(branch, "code")}, {"name", "Same " + tag}}));
  BOOST_TEST(text(same, "code") == text(branch, "code"));
  const Obj till = create("registers", register_body(text(branch, "id"), tag));
  const Obj same_till = update("registers", text(till, "id"),
                               object({{"code", text(till, "code")}, {"name", "Same " + tag}}));
  BOOST_TEST(text(same_till, "code") == text(till, "code"));
}

BOOST_AUTO_TEST_CASE(branch_fields_are_validated_one_entry_each) {
  const Obj body = branch_body(fresh_tag());
  const auto bad = [&](Fields fields, std::initializer_list<std::string> drop = {}) {
    return post(admin(), "/branches", str(with(body, fields, drop)));
  };
  for (const std::string field : {"code", "name", "currency", "timezone"}) {
    check_invalid(bad({}, {field}), field, "required");
  }
  check_invalid(bad({{"code", ""}}), "code");
  check_invalid(bad({{"code", std::string(33, 'C')}}), "code", "too_long");
  for (const std::string currency : {"eur", "EURO", "E1R", ""}) {
    check_invalid(bad({{"currency", currency}}), "currency");
  }
  check_invalid(bad({{"currency", 978}}), "currency", "must_be_string");
  check_invalid(bad({{"currency_digits", 5}}), "currency_digits", "out_of_range");
  check_invalid(bad({{"currency_digits", -1}}), "currency_digits", "out_of_range");
  check_invalid(bad({{"currency_digits", "2"}}), "currency_digits", "must_be_integer");
  check_invalid(post(admin(), "/branches", raw_body(body, "currency_digits", "2.5")),
                "currency_digits", "must_be_integer");
  check_invalid(bad({{"timezone", "Mars/Olympus_Mons"}}), "timezone");
  check_invalid(bad({{"timezone", ""}}), "timezone");
  check_invalid(bad({{"negative_stock", "maybe"}}), "negative_stock", "invalid_choice");
  check_invalid(bad({{"negative_stock", true}}), "negative_stock");
  check_invalid(post(admin(), "/branches", raw_body(body, "receipt_footer", R"("bell\u0007")")),
                "receipt_footer", "invalid_character");
  check_invalid(post(admin(), "/branches", raw_body(body, "address", R"("a\u001bb")")), "address",
                "invalid_character");
  const auto two = bad({{"currency", "eur"}, {"negative_stock", "maybe"}});
  BOOST_TEST(has_field(two, "currency"), field_errors(two));
  BOOST_TEST(has_field(two, "negative_stock"), field_errors(two));
}

BOOST_AUTO_TEST_CASE(branches_are_found_by_code_or_name) {
  const std::string tag = fresh_tag();
  const Obj a = create("branches", with(branch_body(tag + "a"), {{"name", "Harbour " + tag}}));
  const Obj b = create("branches", with(branch_body(tag + "b"), {{"name", "Uptown " + tag}}));
  BOOST_TEST(ids_of(list_all(admin(), "branches", "q=" + enc("B-" + tag + "a"))) ==
             std::vector<std::string>{text(a, "id")});
  BOOST_TEST(ids_of(list_all(admin(), "branches", "q=" + enc("Uptown " + tag))) ==
             std::vector<std::string>{text(b, "id")});
  BOOST_TEST(id_set(list_all(admin(), "branches", "q=" + tag)) ==
             (std::set<std::string>{text(a, "id"), text(b, "id")}));
}

BOOST_AUTO_TEST_CASE(a_branch_with_registers_is_in_use) {
  const std::string tag = fresh_tag();
  const std::string branch = make_branch(tag);
  const Obj till = create("registers", register_body(branch, tag));
  check_error(del(admin(), "/branches/" + branch), 409, "IN_USE");
  BOOST_TEST(fetch("branches", branch)->isNull("deleted_at"));
  remove("registers", text(till, "id"));
  const Obj deleted = remove("branches", branch);
  BOOST_TEST(!deleted->isNull("deleted_at"));
}

BOOST_AUTO_TEST_CASE(a_branch_with_stock_is_in_use) {
  const std::string tag = fresh_tag();
  const std::string branch = make_branch(tag);
  create("products", with(product_body(tag),
                          {{"stock", array({object({{"branch_id", branch}, {"qty", 5}})})}}));
  check_error(del(admin(), "/branches/" + branch), 409, "IN_USE");
  BOOST_TEST(fetch("branches", branch)->isNull("deleted_at"));
}

// ------------------------------------------------------------------------------ registers

BOOST_AUTO_TEST_CASE(a_register_round_trips_and_defaults_to_active) {
  const std::string tag = fresh_tag();
  const std::string branch = make_branch(tag);
  const Obj plain = create("registers", register_body(branch, tag));
  BOOST_TEST(text(plain, "branch_id") == branch);
  BOOST_TEST(dump(plain, "is_active") == "true");

  const Obj body = with(register_body(branch, tag + "2"), {{"is_active", false}});
  const Obj off = create("registers", body);
  check_round_trip(body, off);
  check_round_trip(body, fetch("registers", text(off, "id")));
}

BOOST_AUTO_TEST_CASE(a_register_needs_a_known_branch) {
  const std::string tag = fresh_tag();
  const std::string branch = make_branch(tag);
  const Obj body = register_body(branch, tag);
  check_invalid(post(admin(), "/registers", str(with(body, {}, {"branch_id"}))), "branch_id",
                "required");
  check_invalid(post(admin(), "/registers", str(with(body, {{"branch_id", regal::new_uuid_v7()}}))),
                "branch_id", "not_found");
  check_invalid(post(admin(), "/registers", str(with(body, {{"branch_id", "branch-1"}}))),
                "branch_id");
  check_invalid(post(admin(), "/registers", str(with(body, {{"branch_id", 7}}))), "branch_id");
  check_invalid(post(admin(), "/registers", str(with(body, {{"branch_id", Var()}}))), "branch_id");
  for (const std::string field : {"code", "name"}) {
    check_invalid(post(admin(), "/registers", str(with(body, {}, {field}))), field, "required");
  }
  check_invalid(post(admin(), "/registers", str(with(body, {{"code", std::string(33, 'r')}}))),
                "code", "too_long");
  check_invalid(post(admin(), "/registers", str(with(body, {{"is_active", "yes"}}))), "is_active",
                "must_be_boolean");

  const Obj till = create("registers", body);
  check_invalid(patch(admin(), "/registers/" + text(till, "id"),
                      str(object({{"branch_id", regal::new_uuid_v7()}})), 1),
                "branch_id", "not_found");
}

BOOST_AUTO_TEST_CASE(register_codes_are_unique_per_branch) {
  const std::string tag = fresh_tag();
  const std::string one = make_branch(tag + "1");
  const std::string two = make_branch(tag + "2");
  const Obj first = create("registers", register_body(one, tag));
  check_error(post(admin(), "/registers", str(register_body(one, tag))), 409, "DUPLICATE_CODE");
  const Obj elsewhere = create("registers", register_body(two, tag));  // another branch: fine
  BOOST_TEST(text(elsewhere, "code") == text(first, "code"));

  const Obj second = create("registers", register_body(one, tag + "b"));
  check_error(patch(admin(), "/registers/" + text(second, "id"),
                    str(object({{"code", text(first, "code")}})), 1),
              409, "DUPLICATE_CODE");

  remove("registers", text(first, "id"));
  create("registers", register_body(one, tag));  // a deleted till's code is free again
}

BOOST_AUTO_TEST_CASE(registers_filter_by_branch_and_activity) {
  const std::string tag = fresh_tag();
  const std::string branch = make_branch(tag);
  const Obj on = create("registers", register_body(branch, tag + "on"));
  const Obj off =
      create("registers", with(register_body(branch, tag + "off"), {{"is_active", false}}));
  create("registers", register_body(make_branch(tag + "x"), tag));  // another branch's till

  BOOST_TEST(id_set(list_all(admin(), "registers", "branch_id=" + branch)) ==
             (std::set<std::string>{text(on, "id"), text(off, "id")}));
  BOOST_TEST(ids_of(list_all(admin(), "registers", "branch_id=" + branch + "&is_active=true")) ==
             std::vector<std::string>{text(on, "id")});
  BOOST_TEST(ids_of(list_all(admin(), "registers", "branch_id=" + branch + "&is_active=false")) ==
             std::vector<std::string>{text(off, "id")});
  check_invalid(get(admin(), "/registers?is_active=sometimes"), "is_active");
  check_invalid(get(admin(), "/registers?branch_id=nope"), "branch_id");
}

// ------------------------------------------------------------------------------ categories

BOOST_AUTO_TEST_CASE(categories_form_a_tree_listed_by_parent) {
  const std::string tag = fresh_tag();
  const std::string top = make_category(tag);
  const Obj child = create("categories", category_body(tag + " child", top));
  const Obj grandchild =
      create("categories", category_body(tag + " grandchild", text(child, "id")));
  BOOST_TEST(fetch("categories", top)->isNull("parent_id"));
  BOOST_TEST(text(child, "parent_id") == top);

  BOOST_TEST(ids_of(list_all(admin(), "categories", "parent_id=" + top)) ==
             std::vector<std::string>{text(child, "id")});
  BOOST_TEST(ids_of(list_all(admin(), "categories", "parent_id=" + text(child, "id"))) ==
             std::vector<std::string>{text(grandchild, "id")});
  const auto roots = list_all(admin(), "categories", "parent_id=null");
  BOOST_TEST(find_id(roots, top), "the top-level category is missing from parent_id=null");
  BOOST_TEST(!find_id(roots, text(child, "id")), "a child is listed as top-level");
  for (const auto& root : roots) BOOST_TEST(root->isNull("parent_id"), str(root));
}

BOOST_AUTO_TEST_CASE(a_category_cannot_become_its_own_ancestor) {
  const std::string tag = fresh_tag();
  const std::string a = make_category(tag + " a");
  const std::string b = make_category(tag + " b", a);
  const std::string c = make_category(tag + " c", b);
  const Obj before = fetch("categories", a);
  check_invalid(patch(admin(), "/categories/" + a, str(object({{"parent_id", c}})), 1), "parent_id",
                "cycle");
  check_invalid(patch(admin(), "/categories/" + a, str(object({{"parent_id", a}})), 1), "parent_id",
                "cycle");
  check_invalid(patch(admin(), "/categories/" + b, str(object({{"parent_id", c}})), 1), "parent_id",
                "cycle");
  BOOST_TEST(str(fetch("categories", a)) == str(before));

  // Moving a subtree elsewhere is fine, and null makes it top-level again.
  const std::string d = make_category(tag + " d");
  BOOST_TEST(text(update("categories", b, object({{"parent_id", d}})), "parent_id") == d);
  BOOST_TEST(update("categories", b, object({{"parent_id", Var()}}))->isNull("parent_id"));
}

BOOST_AUTO_TEST_CASE(a_category_needs_a_known_parent) {
  const std::string tag = fresh_tag();
  check_invalid(post(admin(), "/categories", str(category_body(tag, regal::new_uuid_v7()))),
                "parent_id", "not_found");
  check_invalid(post(admin(), "/categories", str(with(category_body(tag), {{"parent_id", "x"}}))),
                "parent_id");
  check_invalid(post(admin(), "/categories", str(with(category_body(tag), {{"parent_id", 1}}))),
                "parent_id");
}

BOOST_AUTO_TEST_CASE(a_category_with_live_children_or_products_is_in_use) {
  const std::string tag = fresh_tag();
  const std::string parent = make_category(tag);
  const std::string child = make_category(tag + " child", parent);
  const Obj product = create("products", with(product_body(tag), {{"category_id", parent}}));

  check_error(del(admin(), "/categories/" + parent), 409, "IN_USE");
  remove("categories", child);
  check_error(del(admin(), "/categories/" + parent), 409, "IN_USE");  // the product still
  remove("products", text(product, "id"));
  // Deleted children and products no longer hold it.
  BOOST_TEST(!remove("categories", parent)->isNull("deleted_at"));
}

BOOST_AUTO_TEST_SUITE_END()
