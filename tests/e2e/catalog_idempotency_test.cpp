// End-to-end tests of the catalog API, part 10: Idempotency-Key on creates. A till that creates a
// customer and retries after a timeout must get the first customer back, never a second one —
// also when the retry races the first request.
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

BOOST_AUTO_TEST_SUITE(catalog_idempotency)

namespace {

Headers key_header(const std::string& key) { return {{"Idempotency-Key", key}}; }

std::string fresh_key() { return "till-7-" + regal::random_hex(12); }

// Sends `n` copies of the same request, one per thread, released together. No Boost.Test macros
// off the main thread.
std::vector<HttpResult> send_at_once(int n, const Session& as, const std::string& path,
                                     const std::string& body, const std::string& key) {
  std::vector<HttpResult> out(static_cast<std::size_t>(n));
  std::latch start(n);
  std::vector<std::thread> threads;
  Headers headers = bearer(as.access);
  headers["Idempotency-Key"] = key;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      try {
        out[static_cast<std::size_t>(i)] = regal::test::http("POST", "/api/v1" + path, body, headers);
      } catch (const std::exception& e) {
        out[static_cast<std::size_t>(i)].status = -1;
        out[static_cast<std::size_t>(i)].body = e.what();
      }
    });
  }
  for (auto& t : threads) t.join();
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_retried_create_answers_the_first_row_in_every_collection) {
  const Scope scope = fresh_scope();
  for (const auto& c : collections()) {
    BOOST_TEST_CONTEXT(c.name) {
      const std::string key = fresh_key();
      const std::string body = str(c.body(scope, 1));
      const auto first = post(admin(), "/" + c.name, body, key_header(key));
      BOOST_TEST_REQUIRE(first.status == 201, first.body);
      BOOST_TEST(first.header("idempotent-replayed").empty());
      const auto again = post(admin(), "/" + c.name, body, key_header(key));
      BOOST_TEST_REQUIRE(again.status == 200, again.body);
      BOOST_TEST(again.header("idempotent-replayed") == "true");
      BOOST_TEST(text(data_of(again), "id") == text(data_of(first), "id"));
      check_round_trip(data_of(first), data_of(again));
      const auto rows = list_all(admin(), c.name, c.filter(scope));
      BOOST_TEST(rows.size() == 1u, c.name << " holds " << rows.size() << " rows of the scope");
    }
  }
}

BOOST_AUTO_TEST_CASE(the_same_key_with_another_body_is_422_and_creates_nothing) {
  const std::string tag = fresh_tag();
  const std::string key = fresh_key();
  const auto first = post(admin(), "/customers", str(customer_body(tag)), key_header(key));
  BOOST_TEST_REQUIRE(first.status == 201, first.body);
  const auto other =
      post(admin(), "/customers", str(with(customer_body(tag), {{"phone", "+420 111 222 333"}})),
           key_header(key));
  check_error(other, 422, "IDEMPOTENCY_KEY_REUSED");
  // A different entity under the same key is another operation, not a reuse.
  const auto vendor = post(admin(), "/vendors", str(vendor_body(tag)), key_header(key));
  BOOST_TEST(vendor.status == 201, vendor.body);
  BOOST_TEST(list_all(admin(), "customers", "q=" + enc(tag)).size() == 1u);
}

BOOST_AUTO_TEST_CASE(keys_belong_to_the_caller) {
  const std::string tag = fresh_tag();
  const std::string key = fresh_key();
  const std::string body = str(customer_body(tag));
  const auto mine = post(cashier(), "/customers", body, key_header(key));
  BOOST_TEST_REQUIRE(mine.status == 201, mine.body);
  const auto theirs = post(employee(), "/customers", body, key_header(key));
  BOOST_TEST_REQUIRE(theirs.status == 201, theirs.body);
  BOOST_TEST(theirs.header("idempotent-replayed").empty());
  BOOST_TEST(text(data_of(theirs), "id") != text(data_of(mine), "id"));
}

BOOST_AUTO_TEST_CASE(a_replay_answers_the_row_as_it_is_now_even_after_an_edit) {
  const std::string tag = fresh_tag();
  const std::string key = fresh_key();
  const std::string body = str(customer_body(tag));
  const auto first = post(cashier(), "/customers", body, key_header(key));
  BOOST_TEST_REQUIRE(first.status == 201, first.body);
  const std::string id = text(data_of(first), "id");
  update("customers", id, object({{"notes", "called back"}}));
  const auto again = post(cashier(), "/customers", body, key_header(key));
  BOOST_TEST_REQUIRE(again.status == 200, again.body);
  BOOST_TEST(text(data_of(again), "id") == id);
  BOOST_TEST(text(data_of(again), "notes") == "called back");
  BOOST_TEST(list_all(admin(), "customers", "q=" + enc(tag)).size() == 1u);
}

BOOST_AUTO_TEST_CASE(concurrent_retries_of_a_customer_create_make_one_customer) {
  for (int round = 0; round < 3; ++round) {
    const std::string tag = fresh_tag();
    const std::string key = fresh_key();
    const auto answers = send_at_once(8, cashier(), "/customers", str(customer_body(tag)), key);
    int created = 0;
    int replayed = 0;
    std::set<std::string> ids;
    for (const auto& r : answers) {
      BOOST_TEST((r.status == 201 || r.status == 200), r.status << " " << r.body.substr(0, 300));
      if (r.status == 201) ++created;
      if (r.status == 200 && r.header("idempotent-replayed") == "true") ++replayed;
      if (r.status == 200 || r.status == 201) ids.insert(text(data_of(r), "id"));
    }
    BOOST_TEST(created == 1);
    BOOST_TEST(replayed == 7);
    BOOST_TEST(ids.size() == 1u);
    BOOST_TEST(list_all(admin(), "customers", "q=" + enc(tag)).size() == 1u);
  }
}

BOOST_AUTO_TEST_CASE(concurrent_retries_of_a_product_with_opening_stock_stock_it_once) {
  const Scope scope = fresh_scope();
  const std::string key = fresh_key();
  const Obj body = with(product_body(scope.tag),
                        {{"stock", Var(array({Var(object({{"branch_id", scope.branch_id},
                                                           {"qty", 5}}))}))}});
  const auto answers = send_at_once(6, admin(), "/products", str(body), key);
  int created = 0;
  for (const auto& r : answers) {
    BOOST_TEST((r.status == 201 || r.status == 200), r.status << " " << r.body.substr(0, 300));
    if (r.status == 201) ++created;
  }
  BOOST_TEST(created == 1);
  const auto rows = list_all(admin(), "products", "branch_id=" + scope.branch_id + "&q=" +
                                                      enc(text(body, "sku")));
  BOOST_TEST_REQUIRE(rows.size() == 1u);
  const auto stock = rows.front()->getArray("stock");
  BOOST_TEST_REQUIRE(stock->size() == 1u);
  BOOST_TEST(integer(stock->getObject(0), "qty") == 5);
}

BOOST_AUTO_TEST_CASE(an_unusable_key_is_400) {
  const auto r = post(admin(), "/customers", str(customer_body(fresh_tag())),
                      key_header(std::string(201, 'k')));
  check_error(r, 400, "INVALID_IDEMPOTENCY_KEY");
}

BOOST_AUTO_TEST_CASE(without_a_key_each_create_is_a_new_row) {
  const std::string tag = fresh_tag();
  const std::string body = str(customer_body(tag));
  BOOST_TEST(post(admin(), "/customers", body).status == 201);
  BOOST_TEST(post(admin(), "/customers", body).status == 201);
  BOOST_TEST(list_all(admin(), "customers", "q=" + enc(tag)).size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
