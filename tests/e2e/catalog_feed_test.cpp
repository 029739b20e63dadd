// End-to-end tests of the catalog API, part 6: the change feed GET /sync/changes that desktop
// clients replay — every change from the start, newer versions, tombstones, paging with a
// cursor that is never null, the types filter, and no row skipped when writers commit
// concurrently or a transaction commits after younger ones.
#include <Poco/Data/Session.h>
#include <Poco/JSON/Parser.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "e2e/catalog_support.hpp"
#include "regal/core/id.hpp"

using regal::test::HttpResult;
using namespace regal::test::catalog;

BOOST_AUTO_TEST_SUITE(catalog_feed)

namespace {

// A client's copy of the catalog: items applied only when their version is newer.
struct Replica {
  std::map<std::string, FeedItem> rows;  // "type/id" → latest applied item

  void apply(const std::vector<FeedItem>& items) {
    for (const auto& item : items) {
      if (item.type == "stock") continue;  // no version; carries the product's stock
      auto& slot = rows[item.type + "/" + item.id];
      if (slot.data == nullptr || item.version > slot.version) slot = item;
    }
  }
  const FeedItem* find(const std::string& type, const std::string& id) const {
    const auto it = rows.find(type + "/" + id);
    return it == rows.end() ? nullptr : &it->second;
  }
};

std::set<std::string> ids_in(const std::vector<FeedItem>& items, const std::string& type) {
  std::set<std::string> out;
  for (const auto& item : items) {
    if (item.type == type) out.insert(item.id);
  }
  return out;
}

// Checks the replica holds `entity` of `type` exactly as GET /{collection}/{id} shows it now.
void check_replica_row(const Replica& replica, const std::string& type,
                       const std::string& collection, const std::string& id) {
  BOOST_TEST_CONTEXT(type << " " << id) {
    const FeedItem* item = replica.find(type, id);
    BOOST_TEST_REQUIRE(item != nullptr, "never delivered");
    const Obj now = fetch(collection, id);
    BOOST_TEST(item->version == version_of(now));
    BOOST_TEST(item->op == (now->isNull("deleted_at") ? "upsert" : "delete"));
    BOOST_TEST(str(item->data) == str(now));
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(replaying_the_feed_from_the_start_rebuilds_every_product_and_customer) {
  const std::string tag = fresh_tag();
  std::vector<std::string> products;
  std::vector<std::string> customers;
  for (int i = 0; i < 3; ++i) {
    products.push_back(text(create("products", product_body(tag + "-" + std::to_string(i))), "id"));
  }
  for (int i = 0; i < 2; ++i) {
    customers.push_back(
        text(create("customers", customer_body(tag + "-" + std::to_string(i))), "id"));
  }
  update("products", products[0], object({{"name", "Updated " + tag}}));
  remove("customers", customers[1]);

  std::string end;
  const auto items = feed_drain(admin(), "", "product,customer", 200, &end);
  for (const auto& item : items) {
    BOOST_TEST((item.type == "product" || item.type == "customer"), "type " << item.type);
  }
  Replica replica;
  replica.apply(items);
  for (const auto& id : products) check_replica_row(replica, "product", "products", id);
  for (const auto& id : customers) check_replica_row(replica, "customer", "customers", id);
  BOOST_TEST(replica.find("product", products[0])->version == 2);
  BOOST_TEST(text(replica.find("product", products[0])->data, "name") == "Updated " + tag);
  BOOST_TEST(replica.find("customer", customers[1])->op == "delete");
}

BOOST_AUTO_TEST_CASE(updates_arrive_with_the_newer_version_and_deletes_as_tombstones) {
  const std::string start = feed_tail(admin(), "category");
  const std::string tag = fresh_tag();
  const std::string kept = make_category(tag + " kept");
  const std::string gone = make_category(tag + " gone");
  update("categories", kept, object({{"name", "Kept v2 " + tag}}));
  update("categories", kept, object({{"name", "Kept v3 " + tag}}));
  const Obj deleted = remove("categories", gone);

  const auto items = feed_drain(admin(), start, "category", 200, nullptr);
  BOOST_TEST((ids_in(items, "category") == std::set<std::string>{kept, gone}));
  std::vector<long long> kept_versions;
  const FeedItem* last_of_gone = nullptr;
  for (const auto& item : items) {
    if (item.id == kept) kept_versions.push_back(item.version);
    if (item.id == gone) last_of_gone = &item;
  }
  BOOST_TEST(!kept_versions.empty());
  BOOST_TEST(std::is_sorted(kept_versions.begin(), kept_versions.end()),
             "a later change came with an older version");
  Replica replica;
  replica.apply(items);
  check_replica_row(replica, "category", "categories", kept);
  BOOST_TEST(replica.find("category", kept)->version == 3);
  BOOST_TEST_REQUIRE(last_of_gone != nullptr);
  BOOST_TEST(last_of_gone->op == "delete");
  BOOST_TEST(last_of_gone->version == version_of(deleted));
  BOOST_TEST(text(last_of_gone->data, "deleted_at") == text(deleted, "deleted_at"));
}

BOOST_AUTO_TEST_CASE(the_feed_pages_in_order_with_a_cursor_that_is_never_null) {
  const std::string start = feed_tail(admin(), "vendor");
  const std::string tag = fresh_tag();
  std::vector<std::string> made;
  for (int i = 0; i < 5; ++i) made.push_back(make_vendor(tag + "-" + std::to_string(i)));

  std::vector<std::string> seen;
  std::string cursor = start;
  for (int page_no = 0; page_no < 10; ++page_no) {
    const FeedPage page = feed_page(admin(), cursor, "vendor", 2);
    BOOST_TEST(page.items.size() <= 2u);
    for (const auto& item : page.items) seen.push_back(item.id);
    BOOST_TEST((page.next_cursor != cursor || page.items.empty()));
    cursor = page.next_cursor;
    if (!page.has_more) break;
  }
  BOOST_TEST(seen == made, "vendors made one after another arrive in that order, once each");

  // At the end: nothing new, has_more false, and the cursor handed back unchanged.
  const FeedPage idle = feed_page(admin(), cursor, "vendor", 2);
  BOOST_TEST(idle.items.empty());
  BOOST_TEST(!idle.has_more);
  BOOST_TEST(idle.next_cursor == cursor);
}

BOOST_AUTO_TEST_CASE(a_feed_without_since_starts_at_the_beginning) {
  make_vendor(fresh_tag());
  const std::string newest = make_vendor(fresh_tag());
  const FeedPage first = feed_page(admin(), "", "vendor", 1);
  BOOST_TEST_REQUIRE(first.items.size() == 1u);
  BOOST_TEST(first.has_more, "at least two vendors exist, the page holds one");
  BOOST_TEST(first.items.front().id != newest, "the feed started at the end, not the beginning");
}

BOOST_AUTO_TEST_CASE(the_types_filter_selects_entities_and_stock_items_carry_the_product) {
  const std::string start = feed_tail(admin(), "");
  const std::string tag = fresh_tag();
  const std::string branch = make_branch(tag);
  const std::string till = text(create("registers", register_body(branch, tag)), "id");
  const std::string category = make_category(tag);
  const std::string vendor = make_vendor(tag);
  const std::string customer = text(create("customers", customer_body(tag)), "id");
  const std::string salesman = text(create("salesmen", salesman_body(tag)), "id");
  const std::string product = text(
      create("products",
             with(product_body(tag),
                  {{"stock",
                    array({object({{"branch_id", branch}, {"qty", 12}, {"reorder_level", 3}})})}})),
      "id");

  const auto everything = feed_drain(admin(), start, "", 200, nullptr);
  const std::map<std::string, std::string> expected = {
      {"branch", branch},     {"register", till},     {"category", category}, {"vendor", vendor},
      {"customer", customer}, {"salesman", salesman}, {"product", product},   {"stock", product}};
  for (const auto& [type, id] : expected) {
    BOOST_TEST(ids_in(everything, type).count(id) == 1u, type << " " << id << " missing");
  }
  for (const auto& item : everything) {
    if (item.type != "stock" || item.id != product) continue;
    BOOST_TEST(text(item.data, "product_id") == product);
    const Arr stock = item.data->getArray("stock");
    BOOST_TEST_REQUIRE(stock, "no stock array in " << str(item.data));
    BOOST_TEST_REQUIRE(stock->size() == 1u);
    BOOST_TEST(text(stock->getObject(0), "branch_id") == branch);
    BOOST_TEST(integer(stock->getObject(0), "qty") == 12);
  }

  const auto customers_only = feed_drain(admin(), start, "customer", 200, nullptr);
  BOOST_TEST((ids_in(customers_only, "customer") == std::set<std::string>{customer}));
  for (const auto& item : customers_only) BOOST_TEST(item.type == "customer");

  const auto places = feed_drain(admin(), start, "branch,register", 200, nullptr);
  BOOST_TEST((ids_in(places, "branch") == std::set<std::string>{branch}));
  BOOST_TEST((ids_in(places, "register") == std::set<std::string>{till}));
  for (const auto& item : places) {
    BOOST_TEST((item.type == "branch" || item.type == "register"), item.type);
  }
}

BOOST_AUTO_TEST_CASE(the_feed_refuses_bad_cursors_types_and_limits) {
  const auto bad_cursor = get(admin(), "/sync/changes?since=" + enc("!!garbage!!"));
  BOOST_TEST(bad_cursor.status == 400, bad_cursor.body);
  check_invalid(get(admin(), "/sync/changes?types=product,gadget"), "types", "invalid_choice");
  check_invalid(get(admin(), "/sync/changes?limit=0"), "limit");
  check_invalid(get(admin(), "/sync/changes?limit=abc"), "limit");
  check_error(anonymous("GET", "/sync/changes"), 401, "AUTHENTICATION_REQUIRED");
}

BOOST_AUTO_TEST_CASE(a_reader_polling_during_concurrent_writes_misses_nothing) {
  constexpr int kWriters = 4;
  constexpr int kPerWriter = 25;
  const std::string start = feed_tail(admin(), "product");
  const std::string tag = fresh_tag();
  const std::string token = admin().access;

  std::mutex mutex;
  std::set<std::string> created;
  std::vector<std::string> errors;
  std::atomic<int> writers_left{kWriters};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      // No Boost.Test macros off the main thread: results go to `created` / `errors`.
      for (int i = 0; i < kPerWriter; ++i) {
        const std::string n = tag + "-" + std::to_string(w) + "-" + std::to_string(i);
        try {
          const auto r = regal::test::http("POST", "/api/v1/products", str(product_body(n)),
                                           {{"Authorization", "Bearer " + token}});
          Poco::JSON::Parser parser;
          const auto root = parser.parse(r.body).extract<Obj>();
          const auto data = r.status == 201 ? root->getObject("data") : nullptr;
          const std::lock_guard lock(mutex);
          if (data) {
            created.insert(data->getValue<std::string>("id"));
          } else {
            errors.push_back(std::to_string(r.status) + " " + r.body.substr(0, 200));
          }
        } catch (const std::exception& e) {
          const std::lock_guard lock(mutex);
          errors.push_back(e.what());
        }
      }
      --writers_left;
    });
  }

  // Poll while they write, in small pages, like a till syncing in the background.
  std::set<std::string> seen;
  std::string cursor = start;
  int polls = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  while (std::chrono::steady_clock::now() < deadline) {
    const bool writing = writers_left.load() > 0;
    const FeedPage page = feed_page(admin(), cursor, "product", 10);
    ++polls;
    for (const auto& item : page.items) seen.insert(item.id);
    cursor = page.next_cursor;
    if (page.has_more) continue;
    if (!writing) {
      const std::lock_guard lock(mutex);
      if (std::includes(seen.begin(), seen.end(), created.begin(), created.end())) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(writing ? 5 : 200));
  }
  for (auto& t : writers) t.join();

  BOOST_TEST(errors.empty(),
             errors.size() << " creates failed, first: " << (errors.empty() ? "" : errors.front()));
  BOOST_TEST(created.size() == static_cast<std::size_t>(kWriters * kPerWriter - errors.size()));
  std::vector<std::string> missing;
  std::set_difference(created.begin(), created.end(), seen.begin(), seen.end(),
                      std::back_inserter(missing));
  BOOST_TEST(missing.empty(), missing.size()
                                  << " of " << created.size()
                                  << " created products never reached the reader (" << polls
                                  << " polls), e.g. " << (missing.empty() ? "" : missing.front()));
}

BOOST_AUTO_TEST_CASE(a_transaction_that_commits_after_younger_ones_is_not_skipped) {
  using namespace Poco::Data::Keywords;
  const std::string start = feed_tail(admin(), "product");
  const std::string tag = fresh_tag();
  std::string slow_id = regal::new_uuid_v7();
  std::string fast_id;
  std::string cursor = start;

  database().with_session([&](Poco::Data::Session& session) {
    regal::pg::Transaction slow(session);
    std::string sku = "SLOW-" + tag;
    std::string name = "Slow writer " + tag;
    // Begun first (it holds the older transaction id) but committed last.
    session << "INSERT INTO products (id, sku, name, unit_price) VALUES ($1::uuid, $2, $3, 100)",
        use(slow_id), use(sku), use(name), now;

    fast_id = text(create("products", product_body(tag + "fast")), "id");
    // The younger, committed row must wait for the older open transaction: delivering it now
    // would move the cursor past the slow row's place.
    for (int i = 0; i < 3; ++i) {
      const FeedPage page = feed_page(admin(), cursor, "product", 50);
      for (const auto& item : page.items) {
        BOOST_TEST(item.id != fast_id, "delivered a row while an older transaction was still open");
      }
      cursor = page.next_cursor;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    slow.commit();
  });

  std::set<std::string> seen;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline &&
         !(seen.count(slow_id) && seen.count(fast_id))) {
    std::string end;
    for (const auto& item : feed_drain(admin(), cursor, "product", 50, &end)) seen.insert(item.id);
    cursor = end;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  BOOST_TEST(seen.count(slow_id) == 1u, "the late-committing row was skipped by the cursor");
  BOOST_TEST(seen.count(fast_id) == 1u, "the younger row never arrived");
}

BOOST_AUTO_TEST_SUITE_END()
