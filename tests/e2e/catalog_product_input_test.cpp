// End-to-end tests of the catalog API, part 5: what products accept — barcodes (scanner
// lookups, uniqueness across live products, their own codes on PATCH), unique SKUs, and the
// validation of every product field on create and PATCH.
#include <boost/test/unit_test.hpp>
#include <string>

#include "e2e/catalog_support.hpp"
#include "regal/core/id.hpp"

using regal::test::HttpResult;
using namespace regal::test::catalog;

BOOST_AUTO_TEST_SUITE(catalog_product_input)

namespace {

HttpResult by_barcode(const std::string& code) {
  return get(admin(), "/products/by-barcode/" + enc(code));
}

std::string message_of(const HttpResult& r) {
  const auto err = r.json()->getObject("error");
  return err ? text(err, "message") : "";
}

}  // namespace

// ------------------------------------------------------------------------------ barcodes

BOOST_AUTO_TEST_CASE(a_scanner_finds_a_product_by_any_of_its_barcodes) {
  const std::string tag = fresh_tag();
  const std::vector<std::string> codes = {"400" + tag + "11", "400" + tag + "22", "CASE-" + tag};
  const Obj created = create("products", with(product_body(tag), {{"barcodes", strings(codes)}}));
  for (const auto& code : codes) {
    BOOST_TEST_CONTEXT("barcode " << code) {
      const auto r = by_barcode(code);
      BOOST_TEST(r.status == 200, r.body.substr(0, 300));
      if (r.status == 200) BOOST_TEST(str(data_of(r)) == str(created));
    }
  }
  check_error(by_barcode("400" + tag + "33"), 404, "NOT_FOUND");
  check_error(by_barcode("400" + tag), 404, "NOT_FOUND");    // exact, not a prefix
  check_error(by_barcode("case-" + tag), 404, "NOT_FOUND");  // exact, not case-folded
}

BOOST_AUTO_TEST_CASE(a_deleted_product_leaves_the_scanner_and_frees_its_barcodes) {
  const std::string tag = fresh_tag();
  const std::string code = "777" + tag;
  const Obj first = create("products", with(product_body(tag), {{"barcodes", strings({code})}}));
  remove("products", text(first, "id"));
  check_error(by_barcode(code), 404, "NOT_FOUND");
  const Obj second =
      create("products", with(product_body(tag + "b"), {{"barcodes", strings({code})}}));
  const auto r = by_barcode(code);
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(text(data_of(r), "id") == text(second, "id"));
}

BOOST_AUTO_TEST_CASE(a_duplicate_barcode_is_409_naming_the_other_product) {
  const std::string tag = fresh_tag();
  const std::string code = "888" + tag;
  const Obj owner = create("products", with(product_body(tag), {{"barcodes", strings({code})}}));
  const auto dup =
      post(admin(), "/products",
           str(with(product_body(tag + "b"), {{"barcodes", strings({"X" + tag, code})}})));
  check_error(dup, 409, "DUPLICATE_BARCODE");
  BOOST_TEST(message_of(dup).find(text(owner, "id")) != std::string::npos, message_of(dup));
  check_error(by_barcode("X" + tag), 404, "NOT_FOUND");  // nothing of the refused product stays

  const Obj other = create("products", product_body(tag + "c"));
  const auto patched = patch(admin(), "/products/" + text(other, "id"),
                             str(object({{"barcodes", strings({code})}})), 1);
  check_error(patched, 409, "DUPLICATE_BARCODE");
  BOOST_TEST(message_of(patched).find(text(owner, "id")) != std::string::npos);
  BOOST_TEST(text(data_of(by_barcode(code)), "id") == text(owner, "id"));
}

BOOST_AUTO_TEST_CASE(barcodes_are_validated) {
  const Obj body = product_body(fresh_tag());
  const auto bad = [&](const Var& barcodes) {
    return post(admin(), "/products", str(with(body, {{"barcodes", barcodes}})));
  };
  check_invalid_within(bad(strings({""})), "barcodes");
  check_invalid_within(bad(strings({std::string(65, '9')})), "barcodes");
  check_invalid_within(bad(array({Var(4006381333931LL)})), "barcodes");
  check_invalid_within(bad(Var("4006381333931")), "barcodes");
  check_invalid_within(post(admin(), "/products", raw_body(body, "barcodes", R"(["12\u00013"])")),
                       "barcodes");
  const std::string ok64(64, '7');
  const std::string tag = fresh_tag();
  const auto r =
      post(admin(), "/products",
           str(with(product_body(tag), {{"barcodes", strings({ok64.substr(0, 56) + tag})}})));
  BOOST_TEST(r.status == 201, "a 64-character barcode: " << r.status << " " << r.body);
}

BOOST_AUTO_TEST_CASE(a_product_keeps_its_own_sku_and_barcodes_when_patched_with_them) {
  const std::string tag = fresh_tag();
  const Obj created = create(
      "products", with(product_body(tag), {{"barcodes", strings({"OWN1" + tag, "OWN2" + tag})}}));
  const Obj patched =
      update("products", text(created, "id"),
             object({{"sku", text(created, "sku")},
                     {"barcodes", strings({"OWN2" + tag, "OWN1" + tag, "OWN3" + tag})},
                     {"name", "Same codes " + tag}}));
  BOOST_TEST(text(patched, "sku") == text(created, "sku"));
  check_round_trip(object({{"barcodes", strings({"OWN1" + tag, "OWN2" + tag, "OWN3" + tag})}}),
                   patched);
  for (const std::string code : {"OWN1", "OWN2", "OWN3"}) {
    const auto r = by_barcode(code + tag);
    BOOST_TEST(r.status == 200, code << ": " << r.body.substr(0, 200));
  }
}

BOOST_AUTO_TEST_CASE(money_goes_up_to_the_largest_int64) {
  const std::string tag = fresh_tag();
  const auto r =
      post(admin(), "/products", raw_body(product_body(tag), "unit_price", "9223372036854775807"));
  BOOST_TEST_REQUIRE(r.status == 201, r.body.substr(0, 300));
  BOOST_TEST(dump(data_of(r), "unit_price") == "9223372036854775807");
  BOOST_TEST(dump(fetch("products", text(data_of(r), "id")), "unit_price") ==
             "9223372036854775807");
}

// ------------------------------------------------------------------------------ SKUs

BOOST_AUTO_TEST_CASE(a_duplicate_sku_is_409_naming_the_other_product) {
  const std::string tag = fresh_tag();
  const Obj owner = create("products", product_body(tag));
  const auto dup = post(admin(), "/products", str(with(product_body(tag), {{"name", "Clone"}})));
  check_error(dup, 409, "DUPLICATE_SKU");
  BOOST_TEST(message_of(dup).find(text(owner, "id")) != std::string::npos, message_of(dup));

  const Obj other = create("products", product_body(tag + "b"));
  const auto patched = patch(admin(), "/products/" + text(other, "id"),
                             str(object({{"sku", text(owner, "sku")}})), 1);
  check_error(patched, 409, "DUPLICATE_SKU");
  BOOST_TEST(message_of(patched).find(text(owner, "id")) != std::string::npos);
  BOOST_TEST(str(fetch("products", text(other, "id"))) == str(other));
}

// ------------------------------------------------------------------------------ validation

BOOST_AUTO_TEST_CASE(product_fields_are_validated_one_entry_each) {
  const std::string tag = fresh_tag();
  const Obj body = product_body(tag);
  const auto bad = [&](Fields fields, std::initializer_list<std::string> drop = {}) {
    return post(admin(), "/products", str(with(body, fields, drop)));
  };
  const auto raw = [&](const std::string& field, const std::string& value) {
    return post(admin(), "/products", raw_body(body, field, value));
  };
  for (const std::string field : {"sku", "name", "unit_price"}) {
    check_invalid(bad({}, {field}), field, "required");
  }
  check_invalid(bad({{"unit_price", -1}}), "unit_price");
  check_invalid(bad({{"cost_price", -1}}), "cost_price");
  check_invalid(bad({{"unit_price", "12.50"}}), "unit_price", "must_be_integer");
  check_invalid(raw("unit_price", "12.5"), "unit_price", "must_be_integer");
  check_invalid(bad({{"unit_price", true}}), "unit_price", "must_be_integer");
  const auto huge = raw("unit_price", "9223372036854775808");
  BOOST_TEST(huge.status == 400, "unit_price beyond int64: " << huge.status << " " << huge.body);
  check_invalid(bad({{"tax_rate", 10001}}), "tax_rate", "out_of_range");
  check_invalid(bad({{"tax_rate", -1}}), "tax_rate", "out_of_range");
  check_invalid(bad({{"discount", 10001}}), "discount", "out_of_range");
  check_invalid(bad({{"discount", -5}}), "discount", "out_of_range");
  check_invalid(bad({{"limited_qty", 0}}), "limited_qty");
  check_invalid(bad({{"limited_qty", -3}}), "limited_qty");
  check_invalid(bad({{"tax_inclusive", "yes"}}), "tax_inclusive", "must_be_boolean");
  check_invalid(bad({{"is_active", 0}}), "is_active", "must_be_boolean");
  check_invalid(bad({{"attributes", array({1})}}), "attributes");
  check_invalid(bad({{"attributes", "colour=red"}}), "attributes");
  check_invalid(bad({{"sku", ""}}), "sku");
  check_invalid(bad({{"sku", std::string(65, 'S')}}), "sku", "too_long");
  check_invalid(bad({{"sku", 12345}}), "sku", "must_be_string");
  check_invalid(raw("sku", R"("SKU\u0009TAB")"), "sku", "invalid_character");
  check_invalid(bad({{"desc", std::string(4001, 'd')}}), "desc", "too_long");
  check_invalid(raw("desc", R"("ok\u0002not")"), "desc", "invalid_character");
  check_invalid(bad({{"brand_action", std::string(201, 'b')}}), "brand_action", "too_long");
  check_invalid(bad({{"vendor_id", regal::new_uuid_v7()}}), "vendor_id", "not_found");
  check_invalid(bad({{"category_id", regal::new_uuid_v7()}}), "category_id", "not_found");
  check_invalid(bad({{"vendor_id", "acme"}}), "vendor_id");
  check_invalid_within(bad({{"branch_ids", strings({regal::new_uuid_v7()})}}), "branch_ids");
  check_invalid_within(bad({{"branch_ids", "everywhere"}}), "branch_ids");
  check_invalid(bad({{"balance", 0}}), "balance", "unknown_field");

  // The limits themselves are fine.
  const Obj edge =
      create("products", with(product_body(tag + "e"), {{"unit_price", 0},
                                                        {"tax_rate", 10000},
                                                        {"discount", 10000},
                                                        {"limited_qty", 1},
                                                        {"sku", std::string(56, 'S') + tag},
                                                        {"desc", std::string(4000, 'd')},
                                                        {"brand_action", std::string(200, 'b')}}));
  BOOST_TEST(integer(edge, "tax_rate") == 10000);
  BOOST_TEST(text(edge, "desc").size() == 4000u);

  // Several bad fields: one entry each.
  const auto many = bad({{"unit_price", -1}, {"tax_rate", 10001}, {"colour", "red"}});
  BOOST_TEST(has_field(many, "unit_price"), field_errors(many));
  BOOST_TEST(has_field(many, "tax_rate"), field_errors(many));
  BOOST_TEST(has_field(many, "colour"), field_errors(many));
  BOOST_TEST(list_all(admin(), "products", "q=" + tag).size() == 1u,
             "a refused product was stored");
}

BOOST_AUTO_TEST_CASE(product_patches_are_validated_like_creates) {
  const Obj created = create("products", product_body(fresh_tag()));
  const std::string path = "/products/" + text(created, "id");
  check_invalid(patch(admin(), path, str(object({{"unit_price", -10}})), 1), "unit_price");
  check_invalid(patch(admin(), path, str(object({{"tax_rate", 10001}})), 1), "tax_rate",
                "out_of_range");
  check_invalid(patch(admin(), path, str(object({{"vendor_id", regal::new_uuid_v7()}})), 1),
                "vendor_id", "not_found");
  check_invalid(patch(admin(), path, str(object({{"limited_qty", 0}})), 1), "limited_qty");
  check_invalid(patch(admin(), path, str(object({{"sku", ""}})), 1), "sku");
  BOOST_TEST(str(fetch("products", text(created, "id"))) == str(created));
}

BOOST_AUTO_TEST_SUITE_END()
