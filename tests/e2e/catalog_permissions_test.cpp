// End-to-end tests of the catalog API, part 8: what each POS role may do with the catalog
// (docs/CATALOG.md, Permissions). identity_matrix_test.cpp walks every route × role with empty
// bodies; these cases check the catalog-specific scoping with real data — a refused write
// changes nothing, an allowed one works — and the extra endpoints.
#include <boost/test/unit_test.hpp>
#include <string>

#include "e2e/catalog_support.hpp"
#include "regal/core/id.hpp"

using regal::test::HttpResult;
using namespace regal::test::catalog;

BOOST_AUTO_TEST_SUITE(catalog_permissions)

namespace {

void check_forbidden(const HttpResult& r) { check_error(r, 403, "FORBIDDEN"); }

}  // namespace

BOOST_AUTO_TEST_CASE(a_cashier_reads_the_catalog_and_customers) {
  const std::string tag = fresh_tag();
  const std::string branch = make_branch(tag);
  const std::string till = text(create("registers", register_body(branch, tag)), "id");
  const std::string category = make_category(tag);
  const Obj product =
      create("products", with(product_body(tag), {{"barcodes", strings({"CS" + tag})}}));
  const std::string salesman = text(create("salesmen", salesman_body(tag)), "id");
  const std::string customer = text(create("customers", customer_body(tag)), "id");
  const Session cash = cashier();

  for (const std::string& path : std::vector<std::string>{
           "/branches", "/branches/" + branch, "/registers", "/registers/" + till, "/categories",
           "/categories/" + category, "/products", "/products/" + text(product, "id"),
           "/products?q=" + tag, "/products/by-barcode/CS" + tag, "/salesmen",
           "/salesmen/" + salesman, "/customers", "/customers/" + customer,
           "/customers/" + customer + "/ledger", "/sync/changes?limit=1"}) {
    const auto r = get(cash, path);
    BOOST_TEST(r.status == 200,
               "cashier GET " << path << " → " << r.status << " " << r.body.substr(0, 200));
  }
}

BOOST_AUTO_TEST_CASE(a_cashier_creates_customers_at_the_till_but_does_not_change_them) {
  const Session cash = cashier();
  const Obj customer = create(cash, "customers", customer_body(fresh_tag()));
  const std::string path = "/customers/" + text(customer, "id");
  check_forbidden(patch(cash, path, str(object({{"name", "Changed"}})), 1));
  check_forbidden(del(cash, path));
  BOOST_TEST(str(fetch("customers", text(customer, "id"))) == str(customer));
}

BOOST_AUTO_TEST_CASE(a_cashier_cannot_write_the_catalog_and_nothing_changes) {
  const std::string tag = fresh_tag();
  const Session cash = cashier();
  const std::string branch = make_branch(tag);
  const Obj product = create("products", product_body(tag));
  const std::string till = text(create("registers", register_body(branch, tag)), "id");

  const std::string new_id = regal::new_uuid_v7();
  const std::vector<std::pair<std::string, Obj>> creates = {
      {"products", with(product_body(tag + "x"), {{"id", new_id}})},
      {"categories", with(category_body(tag), {{"id", new_id}})},
      {"salesmen", with(salesman_body(tag), {{"id", new_id}})},
      {"vendors", with(vendor_body(tag), {{"id", new_id}})},
      {"branches", with(branch_body(tag + "x"), {{"id", new_id}})},
      {"registers", with(register_body(branch, tag + "x"), {{"id", new_id}})},
  };
  for (const auto& [collection, body] : creates) {
    BOOST_TEST_CONTEXT("POST /" << collection) {
      check_forbidden(post(cash, "/" + collection, str(body)));
      BOOST_TEST(get(admin(), "/" + collection + "/" + new_id).status == 404);
    }
  }
  const std::string product_path = "/products/" + text(product, "id");
  check_forbidden(patch(cash, product_path, str(object({{"unit_price", 1}})), 1));
  check_forbidden(del(cash, product_path));
  check_forbidden(patch(cash, "/branches/" + branch, str(object({{"name", "x"}})), 1));
  check_forbidden(del(cash, "/registers/" + till));
  check_forbidden(
      post(cash, "/products/import",
           std::string(kImportHeader) + "\nCASH-" + tag + ",Cash,,1,0,0,true,,,,0,,,true\n",
           {{"Content-Type", "text/csv"}}));
  BOOST_TEST(str(fetch("products", text(product, "id"))) == str(product));
  BOOST_TEST(list_all(admin(), "products", "q=" + enc("CASH-" + tag)).empty());
}

BOOST_AUTO_TEST_CASE(a_cashier_does_not_see_vendors) {
  const std::string vendor = make_vendor(fresh_tag());
  const Session cash = cashier();
  check_forbidden(get(cash, "/vendors"));
  check_forbidden(get(cash, "/vendors/" + vendor));
  check_forbidden(get(cash, "/vendors/" + vendor + "/ledger"));
  check_forbidden(patch(cash, "/vendors/" + vendor, str(object({{"name", "x"}})), 1));
  check_forbidden(del(cash, "/vendors/" + vendor));
}

BOOST_AUTO_TEST_CASE(an_employee_writes_the_catalog_parties_and_imports) {
  const std::string tag = fresh_tag();
  const Session emp = employee();
  for (const auto& [collection, body] :
       std::vector<std::pair<std::string, Obj>>{{"categories", category_body(tag)},
                                                {"products", product_body(tag)},
                                                {"salesmen", salesman_body(tag)},
                                                {"vendors", vendor_body(tag)},
                                                {"customers", customer_body(tag)}}) {
    BOOST_TEST_CONTEXT(collection) {
      const Obj made = create(emp, collection, body);
      const std::string path = "/" + collection + "/" + text(made, "id");
      const auto changed = patch(emp, path, str(object({{"name", "By employee " + tag}})), 1);
      BOOST_TEST(changed.status == 200, changed.body.substr(0, 200));
      const auto deleted = del(emp, path);
      BOOST_TEST(deleted.status == 200, deleted.body.substr(0, 200));
      BOOST_TEST(get(emp, "/" + collection).status == 200);
    }
  }
  const auto imported = post(emp, "/products/import",
                             std::string(kImportHeader) + "\nEMP-" + tag + ",Employee import " +
                                 tag + ",,1,0,0,true,,,,0,,,true\n",
                             {{"Content-Type", "text/csv"}});
  BOOST_TEST(imported.status == 200, imported.body.substr(0, 200));
  BOOST_TEST(get(emp, "/products/export").status == 200);
}

BOOST_AUTO_TEST_CASE(an_employee_may_not_manage_branches_or_registers) {
  const std::string tag = fresh_tag();
  const Session emp = employee();
  const std::string branch = make_branch(tag);
  const Obj till = create("registers", register_body(branch, tag));
  const std::string new_id = regal::new_uuid_v7();

  check_forbidden(post(emp, "/branches", str(with(branch_body(tag + "e"), {{"id", new_id}}))));
  check_forbidden(patch(emp, "/branches/" + branch, str(object({{"name", "x"}})), 1));
  check_forbidden(del(emp, "/branches/" + branch));
  check_forbidden(
      post(emp, "/registers", str(with(register_body(branch, tag + "e"), {{"id", new_id}}))));
  check_forbidden(patch(emp, "/registers/" + text(till, "id"), str(object({{"name", "x"}})), 1));
  check_forbidden(del(emp, "/registers/" + text(till, "id")));
  BOOST_TEST(get(admin(), "/branches/" + new_id).status == 404);
  BOOST_TEST(get(admin(), "/registers/" + new_id).status == 404);
  BOOST_TEST(str(fetch("registers", text(till, "id"))) == str(till));
  // Reading them is fine.
  BOOST_TEST(get(emp, "/branches/" + branch).status == 200);
  BOOST_TEST(get(emp, "/registers?branch_id=" + branch).status == 200);
}

BOOST_AUTO_TEST_CASE(an_account_without_a_pos_role_gets_no_catalog) {
  const Session agent = desk_only();
  for (const std::string path :
       {"/products", "/branches", "/customers", "/vendors", "/sync/changes", "/products/export"}) {
    BOOST_TEST_CONTEXT("GET " << path) { check_forbidden(get(agent, path)); }
  }
  check_forbidden(post(agent, "/customers", str(customer_body(fresh_tag()))));
}

BOOST_AUTO_TEST_CASE(the_extra_catalog_endpoints_need_authentication) {
  const std::string id = regal::new_uuid_v7();
  for (const std::string& path : std::vector<std::string>{
           "/products/by-barcode/123", "/products/export", "/customers/" + id + "/ledger",
           "/vendors/" + id + "/ledger", "/sync/changes"}) {
    BOOST_TEST_CONTEXT("GET " << path) {
      check_error(anonymous("GET", path), 401, "AUTHENTICATION_REQUIRED");
    }
  }
  check_error(anonymous("POST", "/products/import", "{\"products\":[]}"), 401,
              "AUTHENTICATION_REQUIRED");
}

BOOST_AUTO_TEST_SUITE_END()
