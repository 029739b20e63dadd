// End-to-end tests of the catalog API, part 7: bulk upsert of products by SKU from CSV or JSON
// (POST /products/import), all or nothing with per-line errors, and the CSV export that reads
// back in.
#include <boost/test/unit_test.hpp>
#include <map>
#include <string>

#include "e2e/catalog_support.hpp"
#include "regal/core/id.hpp"

using regal::test::HttpResult;
using namespace regal::test::catalog;

BOOST_AUTO_TEST_SUITE(catalog_import)

namespace {

HttpResult import_csv(const std::string& body, const Session& by = admin()) {
  return post(by, "/products/import", body, {{"Content-Type", "text/csv"}});
}

HttpResult import_json(const Obj& body, const Session& by = admin()) {
  return post(by, "/products/import", str(body));
}

// BOOST-requires 200 with {"created": n, "updated": m}.
void check_counts(const HttpResult& r, long long created, long long updated) {
  BOOST_TEST_REQUIRE(r.status == 200, r.body.substr(0, 400));
  const Obj data = data_of(r);
  BOOST_TEST(integer(data, "created") == created, r.body);
  BOOST_TEST(integer(data, "updated") == updated, r.body);
}

// The live products whose name or SKU holds `tag`, by SKU.
std::map<std::string, Obj> products_tagged(const std::string& tag) {
  std::map<std::string, Obj> out;
  for (const auto& p : list_all(admin(), "products", "q=" + tag)) out[text(p, "sku")] = p;
  return out;
}

// One CSV row of the import format.
std::string csv_row(std::initializer_list<std::string> cells) {
  std::string line;
  for (const auto& cell : cells) line += (line.empty() ? "" : ",") + csv_field(cell);
  return line + "\n";
}

void check_import_failed(const HttpResult& r, const std::string& field) {
  check_error(r, 400, "IMPORT_FAILED");
  BOOST_TEST(has_field_prefix(r, field), "no " << field << " in fields[]: " << field_errors(r));
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_csv_import_creates_then_updates_products_by_sku) {
  const std::string tag = fresh_tag();
  const std::string vendor = make_vendor(tag);
  const std::string category = make_category(tag);
  const std::string a = "IMP-" + tag + "-A";
  const std::string b = "IMP-" + tag + "-B";
  const std::string c = "IMP-" + tag + "-C";
  std::string csv = std::string(kImportHeader) + "\n";
  csv += csv_row({a, "Widget, large " + tag, "Two lines:\n\"quoted\" too", "1999", "800", "2100",
                  "true", vendor, category, "A1" + tag + "|A2" + tag, "250", "4", "Promo", "true"});
  csv +=
      csv_row({b, "Gadget " + tag, "", "500", "0", "0", "false", "", "", "", "0", "", "", "false"});
  csv += csv_row({c, "Gizmo " + tag, "", "0", "0", "10000", "true", "", category, "C1" + tag, "0",
                  "", "", "true"});
  check_counts(import_csv(csv), 3, 0);

  auto got = products_tagged(tag);
  BOOST_TEST_REQUIRE(got.size() == 3u);
  const Obj pa = got[a];
  BOOST_TEST(text(pa, "name") == "Widget, large " + tag);
  BOOST_TEST(text(pa, "desc") == "Two lines:\n\"quoted\" too");
  BOOST_TEST(integer(pa, "unit_price") == 1999);
  BOOST_TEST(integer(pa, "cost_price") == 800);
  BOOST_TEST(integer(pa, "tax_rate") == 2100);
  BOOST_TEST(dump(pa, "tax_inclusive") == "true");
  BOOST_TEST(text(pa, "vendor_id") == vendor);
  BOOST_TEST(text(pa, "category_id") == category);
  check_round_trip(object({{"barcodes", strings({"A1" + tag, "A2" + tag})}}), pa);
  BOOST_TEST(integer(pa, "discount") == 250);
  BOOST_TEST(integer(pa, "limited_qty") == 4);
  BOOST_TEST(text(pa, "brand_action") == "Promo");
  const Obj pb = got[b];
  BOOST_TEST(dump(pb, "tax_inclusive") == "false");
  BOOST_TEST(dump(pb, "is_active") == "false");
  BOOST_TEST(pb->isNull("vendor_id"));
  BOOST_TEST(pb->isNull("limited_qty"));
  BOOST_TEST(dump(pb, "barcodes") == "[]");
  BOOST_TEST(text(data_of(get(admin(), "/products/by-barcode/C1" + tag)), "sku") == c);

  // Again: A with a new price (updated), D new (created); B and C untouched.
  const std::string d = "IMP-" + tag + "-D";
  std::string again = std::string(kImportHeader) + "\n";
  again +=
      csv_row({a, "Widget, large " + tag, "Two lines:\n\"quoted\" too", "2099", "800", "2100",
               "true", vendor, category, "A1" + tag + "|A2" + tag, "250", "4", "Promo", "true"});
  again +=
      csv_row({d, "Doohickey " + tag, "", "75", "0", "0", "true", "", "", "", "0", "", "", "true"});
  check_counts(import_csv(again), 1, 1);
  got = products_tagged(tag);
  BOOST_TEST_REQUIRE(got.size() == 4u);
  BOOST_TEST(integer(got[a], "unit_price") == 2099);
  BOOST_TEST(version_of(got[a]) > version_of(pa));
  BOOST_TEST(text(got[a], "id") == text(pa, "id"));
  BOOST_TEST(str(got[b]) == str(pb));
  BOOST_TEST(integer(got[d], "unit_price") == 75);
}

BOOST_AUTO_TEST_CASE(a_json_import_creates_then_updates_products_by_sku) {
  const std::string tag = fresh_tag();
  const std::string a = "JS-" + tag + "-A";
  const std::string b = "JS-" + tag + "-B";
  const Obj first =
      object({{"products",
               array({object({{"sku", a},
                              {"name", "Jasmine Tea " + tag},
                              {"unit_price", 350},
                              {"barcodes", strings({"J1" + tag})},
                              {"attributes", object({{"leaf", "whole"}})}}),
                      object({{"sku", b}, {"name", "Oolong " + tag}, {"unit_price", 420}})})}});
  check_counts(import_json(first), 2, 0);
  auto got = products_tagged(tag);
  BOOST_TEST_REQUIRE(got.size() == 2u);
  BOOST_TEST(integer(got[a], "unit_price") == 350);
  BOOST_TEST(dump(got[a], "attributes") == "{\"leaf\":\"whole\"}");
  BOOST_TEST(dump(got[a], "barcodes") == "[\"J1" + tag + "\"]");

  const std::string c = "JS-" + tag + "-C";
  const Obj second =
      object({{"products",
               array({object({{"sku", b}, {"name", "Oolong Reserve " + tag}, {"unit_price", 990}}),
                      object({{"sku", c}, {"name", "Sencha " + tag}, {"unit_price", 280}})})}});
  check_counts(import_json(second), 1, 1);
  got = products_tagged(tag);
  BOOST_TEST_REQUIRE(got.size() == 3u);
  BOOST_TEST(text(got[b], "name") == "Oolong Reserve " + tag);
  BOOST_TEST(integer(got[b], "unit_price") == 990);
  BOOST_TEST(integer(got[a], "unit_price") == 350);
}

BOOST_AUTO_TEST_CASE(an_import_matches_live_products_only_and_takes_crlf_files) {
  const std::string tag = fresh_tag();
  const std::string sku = "LIVE-" + tag;
  const Obj old =
      create("products", object({{"sku", sku}, {"name", "Old " + tag}, {"unit_price", 1}}));
  remove("products", text(old, "id"));
  // A spreadsheet's file: CRLF line ends. The deleted product's SKU is free: a new product.
  const std::string csv =
      std::string(kImportHeader) + "\r\n" + sku + ",New " + tag + ",,2,0,0,true,,,,0,,,true\r\n";
  check_counts(import_csv(csv), 1, 0);
  const auto live = list_all(admin(), "products", "q=" + enc(sku));
  BOOST_TEST_REQUIRE(live.size() == 1u);
  BOOST_TEST(text(live.front(), "id") != text(old, "id"));
  BOOST_TEST(text(live.front(), "name") == "New " + tag);
  BOOST_TEST(text(fetch("products", text(old, "id")), "name") == "Old " + tag);
  BOOST_TEST(!fetch("products", text(old, "id"))->isNull("deleted_at"));
}

BOOST_AUTO_TEST_CASE(an_empty_import_creates_and_updates_nothing) {
  // Not a failure in the contract's terms: 200 with both counts 0.
  check_counts(import_json(object({{"products", array({})}})), 0, 0);
  check_counts(import_csv(std::string(kImportHeader) + "\n"), 0, 0);
}

BOOST_AUTO_TEST_CASE(a_csv_file_with_bad_rows_names_their_lines_and_applies_nothing) {
  const std::string tag = fresh_tag();
  const std::string existing = "BAD-" + tag + "-OLD";
  const Obj before =
      create("products", object({{"sku", existing}, {"name", "Old " + tag}, {"unit_price", 100}}));
  std::string csv = std::string(kImportHeader) + "\n";  // line 1
  csv += csv_row({"BAD-" + tag + "-NEW", "New " + tag, "", "100", "0", "0", "true", "", "", "", "0",
                  "", "", "true"});  // line 2
  csv += csv_row({existing, "Old renamed " + tag, "", "200", "0", "0", "true", "", "", "", "0", "",
                  "", "true"});  // line 3
  csv += csv_row({"BAD-" + tag + "-NEG", "Negative " + tag, "", "-5", "0", "0", "true", "", "", "",
                  "0", "", "", "true"});  // line 4
  csv += csv_row({"BAD-" + tag + "-TAX", "Taxing " + tag, "", "5", "0", "10001", "true", "", "", "",
                  "0", "", "", "true"});  // line 5
  const auto r = import_csv(csv);
  check_import_failed(r, "lines[4].unit_price");
  BOOST_TEST(has_field(r, "lines[5].tax_rate"), field_errors(r));
  BOOST_TEST(!has_field_prefix(r, "lines[2]"), field_errors(r));
  BOOST_TEST(!has_field_prefix(r, "lines[3]"), field_errors(r));

  const auto got = products_tagged(tag);
  BOOST_TEST(got.size() == 1u, "rows of a failed import were stored");
  BOOST_TEST(str(fetch("products", text(before, "id"))) == str(before));
}

BOOST_AUTO_TEST_CASE(a_quoted_multi_line_cell_does_not_shift_the_line_numbers) {
  const std::string tag = fresh_tag();
  std::string csv = std::string(kImportHeader) + "\n";  // line 1
  csv += csv_row({"ML-" + tag + "-1", "Multi " + tag, "one\ntwo\nthree", "100", "0", "0", "true",
                  "", "", "", "0", "", "", "true"});  // line 2
  csv += csv_row({"ML-" + tag + "-2", "Broken " + tag, "", "x", "0", "0", "true", "", "", "", "0",
                  "", "", "true"});  // line 3
  // Records are counted, not physical lines (the spec counts the header as line 1); either way
  // the failure names the unit_price of the second product and stores nothing.
  const auto r = import_csv(csv);
  check_error(r, 400, "IMPORT_FAILED");
  BOOST_TEST((has_field(r, "lines[3].unit_price") || has_field(r, "lines[5].unit_price")),
             field_errors(r));
  BOOST_TEST(products_tagged(tag).empty());
}

BOOST_AUTO_TEST_CASE(a_json_file_with_a_bad_row_names_its_index_and_applies_nothing) {
  const std::string tag = fresh_tag();
  const Obj body = object(
      {{"products",
        array({object({{"sku", "JB-" + tag + "-1"}, {"name", "Fine " + tag}, {"unit_price", 1}}),
               object({{"sku", "JB-" + tag + "-2"}, {"name", "Bad " + tag}, {"unit_price", "abc"}}),
               object({{"sku", "JB-" + tag + "-3"},
                       {"name", "Odd " + tag},
                       {"unit_price", 1},
                       {"colour", "red"}})})}});
  const auto r = import_json(body);
  check_import_failed(r, "lines[2].unit_price");
  BOOST_TEST(has_field(r, "lines[3].colour"), field_errors(r));
  BOOST_TEST(!has_field_prefix(r, "lines[1]"), field_errors(r));
  BOOST_TEST(products_tagged(tag).empty());
}

BOOST_AUTO_TEST_CASE(an_import_names_the_lines_with_unknown_references) {
  const std::string tag = fresh_tag();
  std::string csv = std::string(kImportHeader) + "\n";
  csv += csv_row({"REF-" + tag + "-1", "Ref " + tag, "", "100", "0", "0", "true",
                  regal::new_uuid_v7(), "", "", "0", "", "", "true"});  // line 2
  csv += csv_row({"REF-" + tag + "-2", "Ref " + tag, "", "100", "0", "0", "true", "",
                  regal::new_uuid_v7(), "", "0", "", "", "true"});  // line 3
  csv += csv_row({"REF-" + tag + "-3", "Ref " + tag, "", "100", "0", "0", "true", "", "", "", "0",
                  "", "", "true"});  // line 4
  const auto r = import_csv(csv);
  check_import_failed(r, "lines[2].vendor_id");
  BOOST_TEST(has_field(r, "lines[3].category_id"), field_errors(r));
  BOOST_TEST(!has_field_prefix(r, "lines[4]"), field_errors(r));
  BOOST_TEST(products_tagged("REF-" + tag).empty());
}

BOOST_AUTO_TEST_CASE(an_import_names_the_line_whose_barcode_another_product_has) {
  const std::string tag = fresh_tag();
  const std::string taken = "TK" + tag;
  create("products", with(product_body(tag + "owner"), {{"barcodes", strings({taken})}}));
  std::string csv = std::string(kImportHeader) + "\n";
  csv += csv_row({"BC-" + tag + "-1", "Barcoded " + tag, "", "100", "0", "0", "true", "", "",
                  "FREE" + tag, "0", "", "", "true"});  // line 2
  csv += csv_row({"BC-" + tag + "-2", "Barcoded " + tag, "", "100", "0", "0", "true", "", "", taken,
                  "0", "", "", "true"});  // line 3
  const auto r = import_csv(csv);
  check_import_failed(r, "lines[3].barcodes");
  BOOST_TEST(products_tagged("BC-" + tag).empty());
  check_error(get(admin(), "/products/by-barcode/FREE" + tag), 404, "NOT_FOUND");

  // Two rows of one file with the same barcode: the second line is named.
  std::string twice = std::string(kImportHeader) + "\n";
  twice += csv_row({"BC-" + tag + "-3", "Twin " + tag, "", "1", "0", "0", "true", "", "",
                    "TWIN" + tag, "0", "", "", "true"});  // line 2
  twice += csv_row({"BC-" + tag + "-4", "Twin " + tag, "", "1", "0", "0", "true", "", "",
                    "TWIN" + tag, "0", "", "", "true"});  // line 3
  const auto r2 = import_csv(twice);
  check_import_failed(r2, "lines[3].barcodes");
  BOOST_TEST(products_tagged("BC-" + tag).empty());
}

BOOST_AUTO_TEST_CASE(an_import_refuses_other_media_types_and_unknown_columns) {
  const std::string tag = fresh_tag();
  const std::string row = csv_row(
      {"MT-" + tag, "Media " + tag, "", "1", "0", "0", "true", "", "", "", "0", "", "", "true"});
  check_error(post(admin(), "/products/import", std::string(kImportHeader) + "\n" + row,
                   {{"Content-Type", "text/plain"}}),
              415, "UNSUPPORTED_MEDIA_TYPE");
  const auto unknown = import_csv("sku,name,unit_price,colour\nMT-" + tag + ",Media,1,red\n");
  BOOST_TEST(unknown.status == 400, unknown.body);
  const auto not_products = import_json(object({{"items", array({})}}));
  BOOST_TEST(not_products.status == 400, not_products.body);
  BOOST_TEST(products_tagged(tag).empty());
}

BOOST_AUTO_TEST_CASE(a_thousand_row_import_is_applied_whole) {
  const std::string tag = fresh_tag();
  std::string csv = std::string(kImportHeader) + "\n";
  for (int i = 0; i < 1000; ++i) {
    csv += csv_row({"BULK-" + tag + "-" + std::to_string(10000 + i), "Bulk item " + tag, "",
                    std::to_string(100 + i), "50", "2100", "true", "", "",
                    "BK" + tag + std::to_string(10000 + i), "0", "", "", "true"});
  }
  check_counts(import_csv(csv), 1000, 0);
  const auto all = list_all(admin(), "products", "q=" + enc("BULK-" + tag));
  BOOST_TEST(all.size() == 1000u);
  const auto r = get(admin(), "/products/by-barcode/BK" + tag + "10999");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(integer(data_of(r), "unit_price") == 1099);
}

BOOST_AUTO_TEST_CASE(the_export_lists_every_live_product_and_imports_back_unchanged) {
  const std::string tag = fresh_tag();
  const std::string vendor = make_vendor(tag);
  const Obj full = create("products", object({{"sku", "EXP-" + tag + "-1"},
                                              {"name", "Export \"Quoted\", comma " + tag},
                                              {"desc", "first line\nsecond line"},
                                              {"unit_price", 12345},
                                              {"cost_price", 6789},
                                              {"tax_rate", 1750},
                                              {"tax_inclusive", false},
                                              {"vendor_id", vendor},
                                              {"barcodes", strings({"E1" + tag, "E2" + tag})},
                                              {"discount", 300},
                                              {"limited_qty", 2},
                                              {"brand_action", "Sale"},
                                              {"is_active", false}}));
  const Obj plain =
      create("products", with(product_body(tag + "-2"), {{"sku", "EXP-" + tag + "-2"}}));
  const Obj gone =
      create("products", with(product_body(tag + "-3"), {{"sku", "EXP-" + tag + "-3"}}));
  remove("products", text(gone, "id"));

  const auto r = get(admin(), "/products/export");
  BOOST_TEST_REQUIRE(r.status == 200, r.body.substr(0, 300));
  BOOST_TEST(r.header("content-type").find("text/csv") == 0u, r.header("content-type"));
  const auto rows = parse_csv(r.body);
  BOOST_TEST_REQUIRE(!rows.empty());
  BOOST_TEST_REQUIRE(rows.front() == parse_csv(kImportHeader).front(),
                     "the first row is not the import header");
  const auto& header = rows.front();
  std::map<std::string, std::map<std::string, std::string>> by_sku;
  std::string reimport = std::string(kImportHeader) + "\n";
  for (std::size_t i = 1; i < rows.size(); ++i) {
    BOOST_TEST(rows[i].size() == header.size(),
               "row " << i << " has " << rows[i].size() << " cells");
    if (rows[i].empty() || rows[i][0].rfind("EXP-" + tag, 0) != 0) continue;
    std::map<std::string, std::string> cells;
    std::string line;
    for (std::size_t k = 0; k < header.size() && k < rows[i].size(); ++k) {
      cells[header[k]] = rows[i][k];
      line += (k ? "," : "") + csv_field(rows[i][k]);
    }
    by_sku[rows[i][0]] = cells;
    reimport += line + "\n";
  }
  BOOST_TEST(by_sku.count("EXP-" + tag + "-1") == 1u);
  BOOST_TEST(by_sku.count("EXP-" + tag + "-2") == 1u);
  BOOST_TEST(by_sku.count("EXP-" + tag + "-3") == 0u, "a deleted product was exported");
  auto& f = by_sku["EXP-" + tag + "-1"];
  BOOST_TEST(f["name"] == text(full, "name"));
  BOOST_TEST(f["desc"] == "first line\nsecond line");
  BOOST_TEST(f["unit_price"] == "12345");
  BOOST_TEST(f["cost_price"] == "6789");
  BOOST_TEST(f["tax_rate"] == "1750");
  BOOST_TEST(f["tax_inclusive"] == "false");
  BOOST_TEST(f["vendor_id"] == vendor);
  BOOST_TEST(f["category_id"] == "");
  BOOST_TEST(
      (f["barcodes"] == "E1" + tag + "|E2" + tag || f["barcodes"] == "E2" + tag + "|E1" + tag),
      f["barcodes"]);
  BOOST_TEST(f["discount"] == "300");
  BOOST_TEST(f["limited_qty"] == "2");
  BOOST_TEST(f["brand_action"] == "Sale");
  BOOST_TEST(f["is_active"] == "false");

  // What the export wrote imports back as updates that change nothing a client can see.
  check_counts(import_csv(reimport), 0, 2);
  const Obj full_after = fetch("products", text(full, "id"));
  check_round_trip(full, full_after, {"version", "updated_at"});
  check_round_trip(plain, fetch("products", text(plain, "id")), {"version", "updated_at"});
}

BOOST_AUTO_TEST_SUITE_END()
