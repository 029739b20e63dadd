// End-to-end tests of the catalog API, part 9: the same write sent by several clients at once.
// Uniqueness (SKU, barcode, branch code), versions and the category tree must hold when checks
// race each other: exactly one winner, the others a clean 409/412 — never a 500, never two
// winners, never a cycle.
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>
#include <latch>
#include <map>
#include <string>
#include <thread>

#include "e2e/catalog_support.hpp"
#include "regal/core/id.hpp"

using regal::test::HttpResult;
using namespace regal::test::catalog;

BOOST_AUTO_TEST_SUITE(catalog_races)

namespace {

struct Outcome {
  int status = 0;
  std::string code;  // error code, "" on success
  std::string body;
};

// Sends each request from its own thread, all released at once. No Boost.Test macros run off
// the main thread.
std::vector<Outcome> race(const std::vector<std::function<HttpResult()>>& requests) {
  std::vector<Outcome> out(requests.size());
  std::latch start(static_cast<std::ptrdiff_t>(requests.size()));
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      try {
        const HttpResult r = requests[i]();
        out[i].status = r.status;
        out[i].body = r.body;
        try {
          Poco::JSON::Parser parser;
          const auto root = parser.parse(r.body).extract<Obj>();
          if (const auto err = root->getObject("error")) out[i].code = text(err, "code");
        } catch (const std::exception&) {
        }
      } catch (const std::exception& e) {
        out[i].status = -1;
        out[i].body = e.what();
      }
    });
  }
  for (auto& t : threads) t.join();
  return out;
}

std::function<HttpResult()> raw_call(const std::string& method, const std::string& path,
                                     const std::string& body, Headers extra = {}) {
  Headers headers = bearer(admin().access);
  for (const auto& [k, v] : extra) headers[k] = v;
  return [=] { return regal::test::http(method, "/api/v1" + path, body, headers); };
}

// How many answered each "status code" ("201", "409 DUPLICATE_SKU").
std::map<std::string, int> tally(const std::vector<Outcome>& outcomes) {
  std::map<std::string, int> out;
  for (const auto& o : outcomes) {
    ++out[std::to_string(o.status) + (o.code.empty() ? "" : " " + o.code)];
  }
  return out;
}

std::string describe(const std::map<std::string, int>& counts) {
  std::string out;
  for (const auto& [what, n] : counts) out += what + " ×" + std::to_string(n) + "; ";
  return out;
}

void check_one_winner(const std::vector<Outcome>& outcomes, int win_status, int lose_status,
                      const std::string& lose_code) {
  const auto counts = tally(outcomes);
  BOOST_TEST(counts.size() <= 2u, describe(counts));
  const auto wins = counts.find(std::to_string(win_status));
  BOOST_TEST((wins != counts.end() && wins->second == 1), "one winner: " << describe(counts));
  const auto losses = counts.find(std::to_string(lose_status) + " " + lose_code);
  BOOST_TEST((losses != counts.end() && losses->second == static_cast<int>(outcomes.size()) - 1),
             "the others " << lose_status << " " << lose_code << ": " << describe(counts));
}

constexpr int kRacers = 6;

}  // namespace

BOOST_AUTO_TEST_CASE(racing_creates_with_one_sku_make_one_product) {
  const std::string tag = fresh_tag();
  std::vector<std::function<HttpResult()>> requests;
  for (int i = 0; i < kRacers; ++i) {
    requests.push_back(raw_call(
        "POST", "/products",
        str(with(product_body(tag), {{"name", "Racer " + std::to_string(i) + " " + tag}}))));
  }
  check_one_winner(race(requests), 201, 409, "DUPLICATE_SKU");
  BOOST_TEST(list_all(admin(), "products", "q=" + tag).size() == 1u);
}

BOOST_AUTO_TEST_CASE(racing_creates_with_one_barcode_make_one_product) {
  const std::string tag = fresh_tag();
  std::vector<std::function<HttpResult()>> requests;
  for (int i = 0; i < kRacers; ++i) {
    requests.push_back(raw_call("POST", "/products",
                                str(with(product_body(tag + "-" + std::to_string(i)),
                                         {{"barcodes", strings({"RACE" + tag})}}))));
  }
  check_one_winner(race(requests), 201, 409, "DUPLICATE_BARCODE");
  BOOST_TEST(list_all(admin(), "products", "q=" + tag).size() == 1u);
  BOOST_TEST(get(admin(), "/products/by-barcode/RACE" + tag).status == 200);
}

BOOST_AUTO_TEST_CASE(racing_creates_with_one_branch_code_make_one_branch) {
  const std::string tag = fresh_tag();
  std::vector<std::function<HttpResult()>> requests;
  for (int i = 0; i < kRacers; ++i) {
    requests.push_back(raw_call("POST", "/branches", str(branch_body(tag))));
  }
  check_one_winner(race(requests), 201, 409, "DUPLICATE_CODE");
  BOOST_TEST(list_all(admin(), "branches", "q=" + tag).size() == 1u);
}

BOOST_AUTO_TEST_CASE(racing_patches_with_one_version_let_one_through) {
  const Obj product = create("products", product_body(fresh_tag()));
  const std::string path = "/products/" + text(product, "id");
  std::vector<std::function<HttpResult()>> requests;
  for (int i = 0; i < kRacers; ++i) {
    requests.push_back(
        raw_call("PATCH", path, str(object({{"unit_price", 1000 + i}})), {{"If-Match", "1"}}));
  }
  const auto outcomes = race(requests);
  check_one_winner(outcomes, 200, 412, "VERSION_MISMATCH");
  const Obj now = fetch("products", text(product, "id"));
  BOOST_TEST(version_of(now) == 2);
  for (const auto& o : outcomes) {
    if (o.status == 200) BOOST_TEST(str(parse(o.body)->getObject("data")) == str(now));
  }
}

BOOST_AUTO_TEST_CASE(racing_category_moves_never_make_a_cycle) {
  for (int round = 0; round < 5; ++round) {
    BOOST_TEST_CONTEXT("round " << round) {
      const std::string tag = fresh_tag();
      const std::string a = make_category(tag + " a");
      const std::string b = make_category(tag + " b");
      const auto outcomes = race({raw_call("PATCH", "/categories/" + a,
                                           str(object({{"parent_id", b}})), {{"If-Match", "1"}}),
                                  raw_call("PATCH", "/categories/" + b,
                                           str(object({{"parent_id", a}})), {{"If-Match", "1"}})});
      int moved = 0;
      for (const auto& o : outcomes) {
        BOOST_TEST((o.status == 200 || o.status == 400 || o.status == 409),
                   o.status << " " << o.body.substr(0, 200));
        moved += o.status == 200 ? 1 : 0;
      }
      BOOST_TEST(moved <= 1,
                 "both moves went through: " << text(fetch("categories", a), "parent_id") << " / "
                                             << text(fetch("categories", b), "parent_id"));
      const bool a_under_b = text(fetch("categories", a), "parent_id") == b;
      const bool b_under_a = text(fetch("categories", b), "parent_id") == a;
      BOOST_TEST(!(a_under_b && b_under_a), "a and b are each other's parent");
    }
  }
}

BOOST_AUTO_TEST_CASE(racing_deletes_all_answer_200_with_one_deleted_at) {
  const Obj vendor = create("vendors", vendor_body(fresh_tag()));
  const std::string path = "/vendors/" + text(vendor, "id");
  std::vector<std::function<HttpResult()>> requests;
  for (int i = 0; i < kRacers; ++i) requests.push_back(raw_call("DELETE", path, ""));
  const auto outcomes = race(requests);
  const std::string deleted_at = text(fetch("vendors", text(vendor, "id")), "deleted_at");
  BOOST_TEST(!deleted_at.empty());
  for (const auto& o : outcomes) {
    BOOST_TEST(o.status == 200, o.status << " " << o.body.substr(0, 200));
    if (o.status == 200) {
      BOOST_TEST(text(parse(o.body)->getObject("data"), "deleted_at") == deleted_at);
    }
  }
}

BOOST_AUTO_TEST_CASE(racing_imports_of_one_new_sku_leave_one_live_product) {
  const std::string tag = fresh_tag();
  const std::string csv = std::string(kImportHeader) + "\nRI-" + tag + ",Race import " + tag +
                          ",,100,0,0,true,,,,0,,,true\n";
  std::vector<std::function<HttpResult()>> requests;
  for (int i = 0; i < kRacers; ++i) {
    requests.push_back(raw_call("POST", "/products/import", csv, {{"Content-Type", "text/csv"}}));
  }
  const auto outcomes = race(requests);
  int created = 0;
  for (const auto& o : outcomes) {
    BOOST_TEST((o.status == 200 || o.status == 409), o.status << " " << o.body.substr(0, 200));
    if (o.status == 200)
      created += static_cast<int>(integer(parse(o.body)->getObject("data"), "created"));
  }
  BOOST_TEST(created == 1, "imports that each created the SKU: " << created);
  BOOST_TEST(list_all(admin(), "products", "q=" + enc("RI-" + tag)).size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
