// End-to-end tests of the catalog API, part 11: the streamed CSV export (GET /products/export).
// What it writes must import back unchanged — thousands of rows, and cells holding commas,
// quotes, line breaks and any UTF-8 — and it filters like the product list.
#include <boost/test/unit_test.hpp>
#include <map>
#include <string>

#include "e2e/catalog_support.hpp"

using regal::test::HttpResult;
using namespace regal::test::catalog;

BOOST_AUTO_TEST_SUITE(catalog_export)

namespace {

HttpResult import_csv(const std::string& csv) {
  return post(admin(), "/products/import", csv, {{"Content-Type", "text/csv"}});
}

void check_counts(const HttpResult& r, long long created, long long updated) {
  BOOST_TEST_REQUIRE(r.status == 200, r.body.substr(0, 500));
  const Obj d = data_of(r);
  BOOST_TEST(integer(d, "created") == created);
  BOOST_TEST(integer(d, "updated") == updated);
}

HttpResult export_where(const std::string& query) {
  const auto r = get(admin(), "/products/export" + (query.empty() ? "" : "?" + query));
  BOOST_TEST_REQUIRE(r.status == 200, r.body.substr(0, 300));
  BOOST_TEST(r.header("content-type").find("text/csv") == 0u, r.header("content-type"));
  return r;
}

// The data rows of an export (header checked and dropped).
std::vector<CsvRow> rows_of(const HttpResult& r) {
  auto rows = parse_csv(r.body);
  BOOST_TEST_REQUIRE(!rows.empty());
  BOOST_TEST_REQUIRE(rows.front() == parse_csv(kImportHeader).front());
  rows.erase(rows.begin());
  return rows;
}

std::string csv_line(const CsvRow& cells) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) line += (i ? "," : "") + csv_field(cells[i]);
  return line + "\n";
}

}  // namespace

BOOST_AUTO_TEST_CASE(an_export_of_thousands_of_products_imports_back_as_the_same_rows) {
  const std::string tag = fresh_tag();
  const std::string vendor = make_vendor(tag);
  const std::string category = make_category(tag);
  constexpr int kRows = 3000;  // three pages of the store's keyset
  std::vector<CsvRow> sent;
  std::string csv = std::string(kImportHeader) + "\n";
  for (int i = 0; i < kRows; ++i) {
    const std::string n = std::to_string(100000 + i);
    CsvRow row = {"RT-" + tag + "-" + n,
                  "Round trip " + n + (i % 3 == 0 ? ", with comma" : ""),
                  i % 5 == 0 ? "line one\nline \"two\"" : "",
                  std::to_string(100 + i),
                  std::to_string(i % 7 == 0 ? 0 : 40 + i),
                  std::to_string((i * 37) % 10001),
                  i % 2 == 0 ? "true" : "false",
                  i % 4 == 0 ? vendor : "",
                  i % 6 == 0 ? category : "",
                  i % 3 == 1 ? "RA" + tag + n + "|RB" + tag + n : "",
                  std::to_string(i % 500),
                  i % 9 == 0 ? std::to_string(1 + i % 4) : "",
                  i % 8 == 0 ? "2 for 1" : "",
                  i % 10 == 0 ? "false" : "true"};
    csv += csv_line(row);
    sent.push_back(std::move(row));
  }
  check_counts(import_csv(csv), kRows, 0);

  const auto first = export_where("q=" + enc("RT-" + tag));
  const auto rows = rows_of(first);
  BOOST_TEST_REQUIRE(rows.size() == sent.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {  // sku order = the order sent
    auto expected = sent[i];
    auto got = rows[i];
    // Barcodes are a set: compare them sorted.
    for (auto* cells : {&expected, &got}) {
      std::string& codes = (*cells)[9];
      if (const auto bar = codes.find('|'); bar != std::string::npos) {
        std::string a = codes.substr(0, bar);
        std::string b = codes.substr(bar + 1);
        codes = a < b ? a + "|" + b : b + "|" + a;
      }
    }
    BOOST_TEST(got == expected, "row " << i << ": " << csv_line(rows[i]) << " sent "
                                       << csv_line(sent[i]));
  }
  // The export file itself imports as updates of every row, and changes nothing it shows.
  check_counts(import_csv(first.body), 0, kRows);
  const auto second = export_where("q=" + enc("RT-" + tag));
  BOOST_TEST(second.body == first.body);
}

BOOST_AUTO_TEST_CASE(cells_with_commas_quotes_line_breaks_and_utf8_survive_export_and_import) {
  const std::string tag = fresh_tag();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Comma, inside " + tag, "a,b,,c"},
      {"\"Quoted\" at the start " + tag, "\"\"\""},
      {"Crème brûlée – 日本語 🍺 " + tag, "Zürich\nŁódź\n\tindented"},
      {"Semi;colon and 'apostrophe' " + tag, "CR LF\r\nthen text"},
      {"Trailing quote\" " + tag, ",\"\n,"},
  };
  std::vector<Obj> made;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    made.push_back(create("products", object({{"sku", "Q-" + tag + "-" + std::to_string(i)},
                                              {"name", cases[i].first},
                                              {"desc", cases[i].second},
                                              {"brand_action", "½ price, \"today\""},
                                              {"unit_price", 100}})));
  }
  const auto r = export_where("q=" + enc("Q-" + tag));
  const auto rows = rows_of(r);
  BOOST_TEST_REQUIRE(rows.size() == cases.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    BOOST_TEST(rows[i][0] == "Q-" + tag + "-" + std::to_string(i));
    BOOST_TEST(rows[i][1] == cases[i].first);
    BOOST_TEST(rows[i][2] == cases[i].second);
    BOOST_TEST(rows[i][12] == "½ price, \"today\"");
  }
  check_counts(import_csv(r.body), 0, static_cast<long long>(cases.size()));
  for (const auto& before : made) {
    check_round_trip(before, fetch("products", text(before, "id")), {"version", "updated_at"});
  }
}

BOOST_AUTO_TEST_CASE(the_export_filters_like_the_list) {
  const std::string tag = fresh_tag();
  const std::string category = make_category(tag);
  create("products", with(product_body(tag + "-in"), {{"category_id", category}}));
  create("products", with(product_body(tag + "-off"),
                          {{"category_id", category}, {"is_active", false}}));
  create("products", product_body(tag + "-out"));
  auto skus = [](const HttpResult& r) {
    std::vector<std::string> out;
    for (const auto& row : rows_of(r)) out.push_back(row[0]);
    return out;
  };
  BOOST_TEST(skus(export_where("category_id=" + category)) ==
                 (std::vector<std::string>{"SKU-" + tag + "-in", "SKU-" + tag + "-off"}),
             boost::test_tools::per_element());
  BOOST_TEST(skus(export_where("category_id=" + category + "&is_active=true")) ==
                 (std::vector<std::string>{"SKU-" + tag + "-in"}),
             boost::test_tools::per_element());
  BOOST_TEST(skus(export_where("q=" + enc("SKU-" + tag))).size() == 3u);
  check_invalid(get(admin(), "/products/export?category_id=nope"), "category_id", "invalid_id");
  // Nothing matches: the header alone.
  BOOST_TEST(rows_of(export_where("q=" + enc("no such product " + tag))).empty());
}

BOOST_AUTO_TEST_SUITE_END()
