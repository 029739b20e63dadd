// End-to-end tests of the catalog API, part 10 (runs last): hostile and awkward input — odd JSON,
// deep nesting, barcodes with URL-special characters, percent signs in path parameters. Each
// case ends by checking that the responders still answer, and the file runs last because a
// crash here takes the stack down for every later case.
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "e2e/catalog_support.hpp"
#include "regal/core/id.hpp"
#include "support/test_env.hpp"

using regal::test::HttpResult;
using namespace regal::test::catalog;

BOOST_AUTO_TEST_SUITE(catalog_hostile_input)

namespace {

// The responders still answer (after a crash nginx answers 502). When they do not, the case
// fails and the responders are started again, so that later cases and suites still have a stack.
void check_still_alive() {
  const auto r = regal::test::http("GET", "/readyz");
  BOOST_TEST(r.status == 200,
             "the responders stopped answering (crashed?): " << r.status << " " << r.body);
  if (r.status == 200) return;
  regal::test::service("start", "fcgi");
  for (int i = 0; i < 100 && regal::test::http("GET", "/readyz").status != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

HttpResult by_barcode(const std::string& code) {
  return get(admin(), "/products/by-barcode/" + enc(code));
}

void check_found_by_barcode(const std::vector<std::string>& codes) {
  const std::string tag = fresh_tag();
  const Obj created = create("products", with(product_body(tag), {{"barcodes", strings(codes)}}));
  for (const auto& code : codes) {
    BOOST_TEST_CONTEXT("barcode \"" << code << "\" as " << enc(code)) {
      const auto r = by_barcode(code);
      BOOST_TEST(r.status == 200, r.body.substr(0, 200));
      if (r.status == 200) BOOST_TEST(text(data_of(r), "id") == text(created, "id"));
    }
  }
  check_still_alive();
}

}  // namespace

BOOST_AUTO_TEST_CASE(odd_product_bodies_are_400_never_500) {
  const Obj body = product_body(fresh_tag());
  // `post` itself fails the case on any 5xx; each of these must also be refused.
  const std::vector<std::pair<std::string, std::string>> odd = {
      {"sku", "{}"},
      {"name", "[\"a\"]"},
      {"unit_price", "-9223372036854775809"},
      {"tax_rate", "2147483648"},
      {"discount", "null"},
      {"attributes", "null"},
      {"barcodes", "[[\"x\"]]"},
      {"branch_ids", "[null]"},
      {"stock", "[{\"branch_id\":null,\"qty\":1}]"},
      {"stock", "{\"branch_id\":\"x\"}"},
      {"limited_qty", "1.0e400"},
      {"name", "\"\\ud800\""},
  };
  for (const auto& [field, value] : odd) {
    const auto r = post(admin(), "/products", raw_body(body, field, value));
    BOOST_TEST(r.status == 400,
               field << "=" << value << " → " << r.status << " " << r.body.substr(0, 200));
  }
  const auto deep =
      post(admin(), "/products",
           raw_body(body, "attributes", std::string(2000, '[') + std::string(2000, ']')));
  BOOST_TEST(deep.status == 400, "deeply nested attributes → " << deep.status);
  check_still_alive();
}

BOOST_AUTO_TEST_CASE(a_barcode_with_spaces_and_plus_signs_is_found_when_percent_encoded) {
  const std::string tag = fresh_tag();
  check_found_by_barcode({"AB 12+" + tag, "+" + tag + " +"});
}

BOOST_AUTO_TEST_CASE(a_barcode_with_a_slash_is_found_when_percent_encoded) {
  check_found_by_barcode({"X-" + fresh_tag() + "/7"});
}

BOOST_AUTO_TEST_CASE(a_barcode_with_url_delimiters_and_a_percent_sign_is_found) {
  const std::string tag = fresh_tag();
  check_found_by_barcode({"#" + tag + "?&=", "50%OFF-" + tag});
}

BOOST_AUTO_TEST_CASE(a_percent_sign_in_an_id_is_a_404_not_a_crash) {
  for (const auto& c : collections()) {
    BOOST_TEST_CONTEXT(c.name) {
      check_error(get(admin(), "/" + c.name + "/%25"), 404, "NOT_FOUND");
      check_still_alive();
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
