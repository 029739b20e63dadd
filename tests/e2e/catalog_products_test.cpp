// End-to-end tests of the catalog API, part 4: products — every field, defaults, opening stock
// per branch, filters (category, vendor, branch, activity, low stock), the case- and
// accent-insensitive search, and what keeps a product from being deleted. Barcodes, SKUs and
// field validation are in catalog_product_input_test.cpp.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cctype>
#include <string>

#include "e2e/catalog_support.hpp"
#include "regal/core/id.hpp"

using regal::test::HttpResult;
using namespace regal::test::catalog;

BOOST_AUTO_TEST_SUITE(catalog_products)

namespace {

Obj stock_row(const std::string& branch_id, long long qty) {
  return object({{"branch_id", branch_id}, {"qty", qty}});
}

Obj stock_row(const std::string& branch_id, long long qty, long long reorder_level) {
  return object({{"branch_id", branch_id}, {"qty", qty}, {"reorder_level", reorder_level}});
}

// The stock array of a product in output; BOOST-requires that it is an array of objects with
// branch_id, qty and reorder_level.
std::vector<Obj> stock_of(const Obj& product) {
  const Arr stock = product->getArray("stock");
  BOOST_REQUIRE_MESSAGE(stock, "no stock array in " + str(product).substr(0, 300));
  std::vector<Obj> out;
  for (std::size_t i = 0; i < stock->size(); ++i) {
    const Obj row = stock->getObject(static_cast<unsigned>(i));
    BOOST_REQUIRE_MESSAGE(row, "a stock entry is not an object: " + str(product).substr(0, 300));
    BOOST_TEST(regal::is_uuid(text(row, "branch_id")), str(row));
    BOOST_TEST(row->has("qty"), str(row));
    BOOST_TEST(row->has("reorder_level"), str(row));
    out.push_back(row);
  }
  return out;
}

// The stock rows as sorted JSON texts, to compare two reads regardless of order.
std::vector<std::string> stock_texts(const Obj& product) {
  std::vector<std::string> out;
  for (const auto& row : stock_of(product)) out.push_back(str(row));
  std::sort(out.begin(), out.end());
  return out;
}

Obj stock_in(const Obj& product, const std::string& branch_id) {
  for (const auto& row : stock_of(product)) {
    if (text(row, "branch_id") == branch_id) return row;
  }
  return nullptr;
}

HttpResult by_barcode(const std::string& code) {
  return get(admin(), "/products/by-barcode/" + enc(code));
}

}  // namespace

// ------------------------------------------------------------------------------ fields

BOOST_AUTO_TEST_CASE(a_product_round_trips_every_field) {
  const std::string tag = fresh_tag();
  const std::string b1 = make_branch(tag + "1");
  const std::string b2 = make_branch(tag + "2");
  const Obj attributes = object({{"colour", "red"},
                                 {"size", 42},
                                 {"allergens", array({"milk", "egg"})},
                                 {"nested", object({{"organic", true}, {"note", Var()}})}});
  const Obj body = object({{"sku", "CB-" + tag},
                           {"name", "Crème Brûlée Deluxe " + tag},
                           {"desc", "Rich vanilla custard.\nServe chilled.\n\n– 2 pcs"},
                           {"unit_price", 1999},
                           {"cost_price", 800},
                           {"tax_rate", 1500},
                           {"tax_inclusive", false},
                           {"vendor_id", make_vendor(tag)},
                           {"category_id", make_category(tag)},
                           {"attributes", attributes},
                           {"barcodes", strings({"590" + tag + "01", "590" + tag + "02"})},
                           {"discount", 500},
                           {"branch_ids", strings({b1, b2})},
                           {"limited_qty", 3},
                           {"brand_action", "2 for 1 this week"},
                           {"is_active", false},
                           {"stock", array({stock_row(b1, 10, 2), stock_row(b2, 0)})}});
  const Obj created = create("products", body);
  check_common_fields(created);
  check_round_trip(body, created, {"stock"});
  BOOST_TEST(stock_of(created).size() == 2u);
  if (const Obj s1 = stock_in(created, b1)) {
    BOOST_TEST(integer(s1, "qty") == 10);
    BOOST_TEST(integer(s1, "reorder_level") == 2);
  } else {
    BOOST_TEST(false, "no stock row for the first branch: " << str(created));
  }
  if (const Obj s2 = stock_in(created, b2)) {
    BOOST_TEST(integer(s2, "qty") == 0);
    BOOST_TEST(integer(s2, "reorder_level") == 0);
  } else {
    BOOST_TEST(false, "no stock row for the second branch: " << str(created));
  }
  const Obj read = fetch("products", text(created, "id"));
  check_round_trip(body, read, {"stock"});
  BOOST_TEST(stock_texts(read) == stock_texts(created));
}

BOOST_AUTO_TEST_CASE(a_new_product_gets_the_documented_defaults) {
  const Obj created = create("products", product_body(fresh_tag()));
  BOOST_TEST(dump(created, "desc") == "\"\"");
  BOOST_TEST(integer(created, "cost_price") == 0);
  BOOST_TEST(integer(created, "tax_rate") == 0);
  BOOST_TEST(dump(created, "tax_inclusive") == "true");
  BOOST_TEST(created->isNull("vendor_id"));
  BOOST_TEST(created->isNull("category_id"));
  BOOST_TEST(dump(created, "attributes") == "{}");
  BOOST_TEST(dump(created, "barcodes") == "[]");
  BOOST_TEST(integer(created, "discount") == 0);
  BOOST_TEST(created->isNull("branch_ids"));
  BOOST_TEST(created->isNull("limited_qty"));
  BOOST_TEST(dump(created, "brand_action") == "\"\"");
  BOOST_TEST(dump(created, "is_active") == "true");
  for (const auto& row : stock_of(created)) BOOST_TEST(integer(row, "qty") == 0, str(row));
}

BOOST_AUTO_TEST_CASE(nullable_product_fields_are_cleared_with_null) {
  const std::string tag = fresh_tag();
  const Obj created =
      create("products", with(product_body(tag), {{"vendor_id", make_vendor(tag)},
                                                  {"category_id", make_category(tag)},
                                                  {"branch_ids", strings({make_branch(tag)})},
                                                  {"limited_qty", 5}}));
  const Obj cleared = update("products", text(created, "id"),
                             object({{"vendor_id", Var()},
                                     {"category_id", Var()},
                                     {"branch_ids", Var()},
                                     {"limited_qty", Var()}}));
  for (const std::string field : {"vendor_id", "category_id", "branch_ids", "limited_qty"}) {
    BOOST_TEST(cleared->isNull(field), field << " = " << dump(cleared, field));
  }
  check_round_trip(
      created, cleared,
      {"vendor_id", "category_id", "branch_ids", "limited_qty", "version", "updated_at"});
  // Non-nullable fields refuse null.
  check_invalid(patch(admin(), "/products/" + text(created, "id"),
                      str(object({{"unit_price", Var()}})), version_of(cleared)),
                "unit_price");
}

BOOST_AUTO_TEST_CASE(a_patch_replaces_barcodes_and_attributes_as_a_whole) {
  const std::string tag = fresh_tag();
  const Obj created =
      create("products", with(product_body(tag), {{"barcodes", strings({"A" + tag, "B" + tag})},
                                                  {"attributes", object({{"a", 1}, {"b", 2}})}}));
  const Obj patched =
      update("products", text(created, "id"),
             object({{"barcodes", strings({"C" + tag})}, {"attributes", object({{"c", 3}})}}));
  BOOST_TEST(dump(patched, "barcodes") == "[\"C" + tag + "\"]");
  BOOST_TEST(dump(patched, "attributes") == "{\"c\":3}");
  check_error(by_barcode("A" + tag), 404, "NOT_FOUND");
  BOOST_TEST(by_barcode("C" + tag).status == 200);
}

// ------------------------------------------------------------------------------ stock

BOOST_AUTO_TEST_CASE(opening_stock_is_kept_per_branch_and_a_branch_filter_shows_only_its_row) {
  const std::string tag = fresh_tag();
  const std::string b1 = make_branch(tag + "1");
  const std::string b2 = make_branch(tag + "2");
  const Obj created = create("products", with(product_body(tag), {{"stock", array({
                                                                                stock_row(b1, 7),
                                                                                stock_row(b2, 3, 1),
                                                                            })}}));
  const std::string id = text(created, "id");

  const auto all = list_all(admin(), "products", "q=" + tag);
  BOOST_TEST_REQUIRE(ids_of(all) == std::vector<std::string>{id});
  BOOST_TEST(stock_of(all.front()).size() == 2u);

  const auto in_b1 = list_all(admin(), "products", "q=" + tag + "&branch_id=" + b1);
  BOOST_TEST_REQUIRE(ids_of(in_b1) == std::vector<std::string>{id});
  const auto rows = stock_of(in_b1.front());
  BOOST_TEST_REQUIRE(rows.size() == 1u, "a branch-filtered list shows other branches' stock: "
                                            << dump(in_b1.front(), "stock"));
  BOOST_TEST(text(rows.front(), "branch_id") == b1);
  BOOST_TEST(integer(rows.front(), "qty") == 7);

  const auto in_b2 = list_all(admin(), "products", "q=" + tag + "&branch_id=" + b2);
  BOOST_TEST_REQUIRE(in_b2.size() == 1u);
  const auto rows2 = stock_of(in_b2.front());
  BOOST_TEST_REQUIRE(rows2.size() == 1u, dump(in_b2.front(), "stock"));
  BOOST_TEST(text(rows2.front(), "branch_id") == b2);
  BOOST_TEST(integer(rows2.front(), "qty") == 3);
  BOOST_TEST(integer(rows2.front(), "reorder_level") == 1);
}

BOOST_AUTO_TEST_CASE(stock_is_not_writable_by_patch) {
  const std::string tag = fresh_tag();
  const std::string branch = make_branch(tag);
  const Obj created =
      create("products", with(product_body(tag), {{"stock", array({stock_row(branch, 4)})}}));
  const auto r = patch(admin(), "/products/" + text(created, "id"),
                       str(object({{"stock", array({stock_row(branch, 400)})}})), 1);
  check_invalid(r, "stock");
  BOOST_TEST(str(fetch("products", text(created, "id"))) == str(created));
}

BOOST_AUTO_TEST_CASE(opening_stock_rows_are_validated) {
  const std::string tag = fresh_tag();
  const std::string branch = make_branch(tag);
  const Obj body = product_body(tag);
  const auto bad = [&](const Var& stock) {
    return post(admin(), "/products", str(with(body, {{"stock", stock}})));
  };
  check_invalid_within(bad(array({stock_row(regal::new_uuid_v7(), 1)})), "stock");
  check_invalid_within(bad(array({object({{"qty", 1}})})), "stock");
  check_invalid_within(bad(array({object({{"branch_id", branch}, {"qty", "1"}})})), "stock");
  check_invalid_within(bad(array({stock_row(branch, 1, -1)})), "stock");
  check_invalid_within(bad(array({object({{"branch_id", branch}, {"qty", 1}, {"shelf", "A"}})})),
                       "stock");
  check_invalid_within(bad(Var("10")), "stock");
  check_invalid_within(bad(array({Var(5)})), "stock");
  BOOST_TEST(list_all(admin(), "products", "q=" + tag).empty(), "a refused product was stored");
}

BOOST_AUTO_TEST_CASE(low_stock_lists_products_at_or_below_their_reorder_level_in_a_branch) {
  const std::string tag = fresh_tag();
  const std::string branch = make_branch(tag);
  const std::string other = make_branch(tag + "o");
  const auto make = [&](const std::string& n, const Arr& stock) {
    return text(create("products", with(product_body(tag + n), {{"stock", stock}})), "id");
  };
  const std::string below = make("below", array({stock_row(branch, 2, 5)}));
  const std::string at = make("at", array({stock_row(branch, 5, 5)}));
  make("above", array({stock_row(branch, 10, 5)}));
  make("elsewhere", array({stock_row(other, 0, 5), stock_row(branch, 9, 5)}));

  const auto low =
      list_all(admin(), "products", "q=" + tag + "&branch_id=" + branch + "&low_stock=true");
  BOOST_TEST(id_set(low) == (std::set<std::string>{below, at}));
  for (const auto& p : low) {
    const auto rows = stock_of(p);
    BOOST_TEST(rows.size() == 1u);
  }
  const auto low_other =
      list_all(admin(), "products", "q=" + tag + "&branch_id=" + other + "&low_stock=true");
  BOOST_TEST(low_other.size() == 1u);

  // The contract says low_stock needs branch_id, not which field the error names.
  const auto without_branch = get(admin(), "/products?low_stock=true");
  BOOST_TEST(without_branch.status == 400, without_branch.body);
  BOOST_TEST((has_field(without_branch, "branch_id") || has_field(without_branch, "low_stock")),
             field_errors(without_branch));
  check_invalid(get(admin(), "/products?low_stock=perhaps&branch_id=" + branch), "low_stock");
}

// ------------------------------------------------------------------------------ filters, search

BOOST_AUTO_TEST_CASE(products_filter_by_category_vendor_and_activity) {
  const std::string tag = fresh_tag();
  const std::string category = make_category(tag);
  const std::string vendor = make_vendor(tag);
  const std::string in_cat =
      text(create("products", with(product_body(tag + "c"), {{"category_id", category}})), "id");
  const std::string by_vendor =
      text(create("products", with(product_body(tag + "v"), {{"vendor_id", vendor}})), "id");
  const std::string off =
      text(create("products", with(product_body(tag + "o"), {{"is_active", false}})), "id");

  BOOST_TEST(ids_of(list_all(admin(), "products", "category_id=" + category)) ==
             std::vector<std::string>{in_cat});
  BOOST_TEST(ids_of(list_all(admin(), "products", "vendor_id=" + vendor)) ==
             std::vector<std::string>{by_vendor});
  BOOST_TEST(ids_of(list_all(admin(), "products", "q=" + tag + "&is_active=false")) ==
             std::vector<std::string>{off});
  BOOST_TEST(id_set(list_all(admin(), "products", "q=" + tag + "&is_active=true")) ==
             (std::set<std::string>{in_cat, by_vendor}));
  check_invalid(get(admin(), "/products?category_id=nope"), "category_id");
  check_invalid(get(admin(), "/products?is_active=1x"), "is_active");
}

BOOST_AUTO_TEST_CASE(search_matches_substrings_of_name_and_sku_ignoring_case_and_accents) {
  const std::string tag = fresh_tag();
  std::string upper_tag = tag;
  for (auto& ch : upper_tag) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  const std::string id = text(create("products", object({{"sku", "DSRT-" + tag + "-77"},
                                                         {"name", "Crème Brûlée " + tag},
                                                         {"unit_price", 450}})),
                              "id");
  const std::string other = text(
      create("products",
             object({{"sku", "TEA-" + tag}, {"name", "Earl Grey " + tag}, {"unit_price", 300}})),
      "id");

  BOOST_TEST(find_id(list_all(admin(), "products", "q=BRULE"), id), "q=BRULE misses it");
  BOOST_TEST(find_id(list_all(admin(), "products", "q=" + enc("crème")), id));
  for (const std::string& q : std::vector<std::string>{
           "BRULEE " + upper_tag, "brûlée " + tag, "creme brulee " + tag,
           "CRÈME BRÛLÉE " + upper_tag, "ème brû", "dsrt-" + tag, upper_tag + "-77"}) {
    BOOST_TEST_CONTEXT("q=" << q) {
      const auto found = list_all(admin(), "products", "q=" + enc(q));
      BOOST_TEST(find_id(found, id), "not found");
      BOOST_TEST(!find_id(found, other), "the other product matched too");
    }
  }
  BOOST_TEST(id_set(list_all(admin(), "products", "q=" + upper_tag)) ==
             (std::set<std::string>{id, other}));
  BOOST_TEST(list_all(admin(), "products", "q=" + enc("brulee tea " + tag)).empty());
  // Characters that mean something to LIKE or to a regex are plain text.
  BOOST_TEST(list_all(admin(), "products", "q=" + enc("%" + tag + "_")).empty());
  BOOST_TEST(list_all(admin(), "products", "q=" + enc(".*" + tag)).empty());
}

BOOST_AUTO_TEST_CASE(a_soft_deleted_product_leaves_search_and_its_sku_is_free) {
  const std::string tag = fresh_tag();
  const Obj first = create("products", product_body(tag));
  remove("products", text(first, "id"));
  BOOST_TEST(list_all(admin(), "products", "q=" + tag).empty());
  const Obj again = create("products", product_body(tag));
  BOOST_TEST(text(again, "sku") == text(first, "sku"));
  BOOST_TEST(ids_of(list_all(admin(), "products", "q=" + tag)) ==
             std::vector<std::string>{text(again, "id")});
  BOOST_TEST(id_set(list_all(admin(), "products", "q=" + tag + "&include_deleted=true")) ==
             (std::set<std::string>{text(first, "id"), text(again, "id")}));
}

// ------------------------------------------------------------------------------ delete

BOOST_AUTO_TEST_CASE(a_product_with_stock_on_hand_is_in_use_and_one_without_is_not) {
  const std::string tag = fresh_tag();
  const std::string branch = make_branch(tag);
  const Obj stocked =
      create("products", with(product_body(tag), {{"stock", array({stock_row(branch, 3)})}}));
  check_error(del(admin(), "/products/" + text(stocked, "id")), 409, "IN_USE");
  BOOST_TEST(fetch("products", text(stocked, "id"))->isNull("deleted_at"));

  const Obj empty = create(
      "products", with(product_body(tag + "z"), {{"stock", array({stock_row(branch, 0, 4)})}}));
  BOOST_TEST(!remove("products", text(empty, "id"))->isNull("deleted_at"));
}

BOOST_AUTO_TEST_SUITE_END()
