// The catalog adapter against the real PostgreSQL of the test stack.
#include <Poco/Data/Session.h>

#include <algorithm>
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/data/pg/database.hpp"
#include "regal/data/pg/pg_catalog.hpp"
#include "support/error_code.hpp"
#include "support/test_env.hpp"

using regal::test::code_of;

using namespace Poco::Data::Keywords;
using regal::pos::Entity;
using regal::pos::Fields;
using regal::pos::Record;

namespace {

struct Fixture {
  regal::pg::Database db{{.url = regal::test::env("DATABASE_URL"), .max_sessions = 12}};
  regal::pg::PgCatalogStore store{db};
  std::string tag = regal::random_hex(4);

  Record insert(Entity entity, Fields fields, std::vector<regal::pos::StockLevel> stock = {}) {
    Record r;
    r.entity = entity;
    r.id = regal::new_uuid_v7();
    r.fields = std::move(fields);
    r.stock = std::move(stock);
    return *store.insert(r, "", {"", "test.insert", "test", r.id, "", "", "", ""}, {});
  }
  Record branch() {
    return insert(Entity::kBranch, {{"code", "B" + tag + regal::random_hex(2)},
                                    {"name", std::string("Branch")},
                                    {"currency", std::string("EUR")},
                                    {"timezone", std::string("Europe/Berlin")}});
  }
  Record product(const std::string& sku, std::vector<std::string> barcodes = {},
                 std::vector<regal::pos::StockLevel> stock = {}) {
    return insert(Entity::kProduct, {{"sku", sku + tag},
                                     {"name", "Product " + sku},
                                     {"unit_price", std::int64_t{250}},
                                     {"barcodes", std::move(barcodes)}},
                  std::move(stock));
  }
  // Reads the feed from `position` to its current end.
  std::vector<regal::pos::Change> drain(std::string& position, const std::vector<std::string>& types = {}) {
    std::vector<regal::pos::Change> all;
    for (;;) {
      auto page = store.changes(position, types, 200);
      position = page.next_position;
      all.insert(all.end(), page.changes.begin(), page.changes.end());
      if (!page.has_more) return all;
    }
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(catalog_store, Fixture)

BOOST_AUTO_TEST_CASE(a_product_round_trips_with_defaults_barcodes_and_opening_stock) {
  const Record b = branch();
  const Record p = product("RT", {"RT1" + tag, "RT2" + tag}, {{b.id, 7, 2}});
  BOOST_TEST(p.version == 1);
  BOOST_TEST(std::get<std::int64_t>(p.fields.at("unit_price")) == 250);
  BOOST_TEST(std::get<std::int64_t>(p.fields.at("tax_rate")) == 0);
  BOOST_TEST(std::get<bool>(p.fields.at("tax_inclusive")));
  BOOST_TEST(std::holds_alternative<std::monostate>(p.fields.at("limited_qty")));
  BOOST_TEST(std::get<regal::pos::Json>(p.fields.at("attributes")).text == "{}");
  BOOST_REQUIRE_EQUAL(p.stock.size(), 1u);
  BOOST_TEST(p.stock[0].qty == 7);
  BOOST_TEST(p.stock[0].reorder_level == 2);
  BOOST_TEST(p.created_at_ms > 0);
  const auto by_code = store.find_by_barcode("RT2" + tag);
  BOOST_REQUIRE(by_code.has_value());
  BOOST_TEST(by_code->id == p.id);
}

BOOST_AUTO_TEST_CASE(updates_check_the_version_and_move_barcodes) {
  const Record p = product("UP", {"UP1" + tag});
  const auto audit = regal::auth::AuditEntry{"", "test.update", "product", p.id, "", "", "", ""};
  BOOST_TEST(!store.update(Entity::kProduct, p.id, 7, {{"name", std::string("x")}}, audit));
  const auto after = store.update(Entity::kProduct, p.id, 1,
                                  {{"barcodes", std::vector<std::string>{"UP2" + tag}},
                                   {"limited_qty", std::int64_t{3}}},
                                  audit);
  BOOST_REQUIRE(after.has_value());
  BOOST_TEST(after->version == 2);
  BOOST_TEST(std::get<std::int64_t>(after->fields.at("limited_qty")) == 3);
  BOOST_TEST(!store.find_by_barcode("UP1" + tag).has_value());
  BOOST_TEST(store.find_by_barcode("UP2" + tag).has_value());
}

BOOST_AUTO_TEST_CASE(duplicates_are_named_conflicts) {
  const Record p = product("DUP", {"DUP1" + tag});
  BOOST_TEST(code_of([&] { product("DUP"); }) == "DUPLICATE_SKU");
  BOOST_TEST(code_of([&] { product("DUP-other", {"DUP1" + tag}); }) == "DUPLICATE_BARCODE");
  const Record b = branch();
  BOOST_TEST(code_of([&] {
               insert(Entity::kBranch, {{"code", std::get<std::string>(b.fields.at("code"))},
                                        {"name", std::string("Again")},
                                        {"currency", std::string("EUR")},
                                        {"timezone", std::string("UTC")}});
             }) == "DUPLICATE_CODE");
}

BOOST_AUTO_TEST_CASE(soft_delete_hides_frees_codes_and_refuses_rows_in_use) {
  const Record b = branch();
  const Record stocked = product("DEL-S", {}, {{b.id, 5, 0}});
  const auto audit = regal::auth::AuditEntry{"", "test.delete", "product", "", "", "", "", ""};
  BOOST_TEST(code_of([&] { store.remove(Entity::kProduct, stocked.id, audit); }) == "IN_USE");
  BOOST_TEST(code_of([&] { store.remove(Entity::kBranch, b.id, audit); }) == "IN_USE");
  const Record p = product("DEL", {"DEL1" + tag});
  const Record gone = store.remove(Entity::kProduct, p.id, audit);
  BOOST_TEST(gone.deleted_at_ms.has_value());
  BOOST_TEST(!store.find_by_barcode("DEL1" + tag).has_value());
  BOOST_TEST(store.missing(Entity::kProduct, {p.id, stocked.id}) == std::vector<std::string>{p.id});
  regal::pos::ListQuery q;
  q.search = tag;  // this case's products only
  q.limit = 50;
  const auto live = store.list(Entity::kProduct, q);
  BOOST_TEST(live.size() == 1u);  // only the stocked one
  q.include_deleted = true;
  BOOST_TEST(store.list(Entity::kProduct, q).size() == 2u);
  const Record again = product("DEL", {"DEL1" + tag});  // sku and barcode are free again
  BOOST_TEST(again.id != p.id);
}

BOOST_AUTO_TEST_CASE(search_is_case_and_accent_insensitive_and_escapes_wildcards) {
  insert(Entity::kProduct, {{"sku", "S1" + tag}, {"name", "Crème Brûlée " + tag},
                            {"unit_price", std::int64_t{1}}});
  insert(Entity::kProduct, {{"sku", "S2" + tag}, {"name", "100% juice " + tag},
                            {"unit_price", std::int64_t{1}}});
  regal::pos::ListQuery q;
  q.limit = 50;
  q.search = "BRULEE " + tag;
  BOOST_TEST(store.list(Entity::kProduct, q).size() == 1u);
  q.search = "% juice " + tag;
  BOOST_TEST(store.list(Entity::kProduct, q).size() == 1u);
  q.search = "_rème";
  for (const auto& r : store.list(Entity::kProduct, q)) {
    BOOST_TEST(std::get<std::string>(r.fields.at("name")).find("_") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(category_cycles_are_detected) {
  const Record top = insert(Entity::kCategory, {{"name", std::string("Top")}});
  const Record mid = insert(Entity::kCategory, {{"name", std::string("Mid")}, {"parent_id", top.id}});
  const Record low = insert(Entity::kCategory, {{"name", std::string("Low")}, {"parent_id", mid.id}});
  BOOST_TEST(store.category_cycle(top.id, low.id));
  BOOST_TEST(!store.category_cycle(low.id, top.id));
}

BOOST_AUTO_TEST_CASE(the_feed_never_skips_a_transaction_that_commits_late) {
  std::string position;
  drain(position);
  std::mutex m;
  std::condition_variable cv;
  bool inserted = false;
  bool release = false;
  const std::string slow_id = regal::new_uuid_v7();
  std::thread slow([&] {
    db.transact([&](regal::pg::Transaction& tx) {
      std::string id = slow_id;
      tx.session() << "INSERT INTO categories (id, name) VALUES ($1::uuid, 'slow')", use(id), now;
      std::unique_lock lock(m);
      inserted = true;
      cv.notify_all();
      cv.wait(lock, [&] { return release; });
    });
  });
  {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return inserted; });
  }
  const Record fast = insert(Entity::kCategory, {{"name", std::string("fast")}});
  std::string while_open = position;
  const auto seen_early = drain(while_open, {"category"});
  for (const auto& c : seen_early) BOOST_TEST(c.id != fast.id);  // held back behind the open one
  {
    std::lock_guard lock(m);
    release = true;
  }
  cv.notify_all();
  slow.join();
  const auto seen = drain(position, {"category"});
  std::vector<std::string> ids;
  for (const auto& c : seen) ids.push_back(c.id);
  const auto slow_at = std::find(ids.begin(), ids.end(), slow_id);
  const auto fast_at = std::find(ids.begin(), ids.end(), fast.id);
  BOOST_TEST((slow_at != ids.end()));
  BOOST_TEST((fast_at != ids.end()));
}

BOOST_AUTO_TEST_CASE(concurrent_writers_lose_nothing_in_the_feed) {
  std::string position;
  drain(position);
  std::atomic<bool> done{false};
  std::set<std::string> seen;
  std::thread reader([&] {
    std::string pos = position;
    while (!done.load()) {
      for (const auto& c : drain(pos, {"product"})) seen.insert(c.id);
    }
    for (const auto& c : drain(pos, {"product"})) seen.insert(c.id);
  });
  std::mutex m;
  std::vector<std::string> created;
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < 25; ++i) {
        const Record p = product("CW" + std::to_string(w) + "-" + std::to_string(i));
        std::lock_guard lock(m);
        created.push_back(p.id);
      }
    });
  }
  for (auto& t : writers) t.join();
  done = true;
  reader.join();
  BOOST_TEST(created.size() == 100u);
  for (const auto& id : created) BOOST_TEST(seen.count(id) == 1u, "missed " << id);
}

// The export reads page after page while other transactions commit: every page comes from the
// snapshot of the first, so a product committed half-way is not in it, and an edit half-way does
// not move a row. Needs more than one page (1,000 rows).
BOOST_AUTO_TEST_CASE(an_export_reads_all_its_pages_from_one_snapshot) {
  std::vector<regal::pos::ImportRow> rows;
  for (int i = 0; i < 1500; ++i) {
    rows.push_back({i + 2,
                    {{"sku", "SNAP-" + tag + "-" + std::to_string(10000 + i)},
                     {"name", std::string("Snapshot item")},
                     {"unit_price", std::int64_t{100}}}});
  }
  const auto done = store.import_products(rows, {"", "test.import", "product", "", "", "", "", ""});
  BOOST_TEST_REQUIRE(done.created == 1500);
  regal::pos::ListQuery filter;
  filter.search = "SNAP-" + tag + "-";
  std::vector<std::string> skus;
  int pages = 0;
  store.export_products(filter, [&](const std::vector<Record>& page) {
    if (pages++ == 0) {
      // Committed by another connection while the export is between its pages.
      (void)insert(Entity::kProduct, {{"sku", "SNAP-" + tag + "-99999"},
                                      {"name", std::string("Late item")},
                                      {"unit_price", std::int64_t{100}}});
    }
    for (const auto& r : page) skus.push_back(std::get<std::string>(r.fields.at("sku")));
  });
  BOOST_TEST(pages == 2);
  BOOST_TEST_REQUIRE(skus.size() == 1500u);
  BOOST_TEST(std::is_sorted(skus.begin(), skus.end()));
  BOOST_TEST(skus.back() == "SNAP-" + tag + "-11499");
  // A later export sees the late product.
  std::size_t after = 0;
  store.export_products(filter, [&](const std::vector<Record>& page) { after += page.size(); });
  BOOST_TEST(after == 1501u);
}

BOOST_AUTO_TEST_SUITE_END()
