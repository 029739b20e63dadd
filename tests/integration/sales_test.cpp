// Sales against the real PostgreSQL of the test stack: numbering, stock, credit, idempotency and
// a concurrent run on a few hot products.
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <mutex>
#include <set>
#include <thread>

#include "regal/core/clock.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/data/pg/database.hpp"
#include "regal/data/pg/pg_catalog.hpp"
#include "regal/data/pg/pg_sales.hpp"
#include "regal/pos/catalog_service.hpp"
#include "regal/pos/sale_service.hpp"
#include "support/error_code.hpp"
#include "support/test_env.hpp"

using regal::test::code_of;

using namespace Poco::Data::Keywords;
using regal::pos::Entity;
using regal::pos::PaymentMethod;
using regal::pos::SaleRequest;

namespace {

regal::auth::Actor admin_actor() {
  regal::auth::Actor a;
  a.principal = regal::auth::Principal{"", regal::auth::PosRole::kAdmin,
                                       regal::auth::DeskRole::kEndUser};
  a.request_id = "it-sales";
  return a;
}

struct Fixture {
  regal::pg::Database db{{.url = regal::test::env("DATABASE_URL"), .max_sessions = 12}};
  regal::SystemClock clock;
  regal::pg::PgCatalogStore catalog_store{db};
  regal::pg::PgSalesStore sales_store{db};
  regal::pos::CatalogService catalog{catalog_store, clock};
  regal::pos::SaleService sales{sales_store, clock};
  regal::auth::Actor actor = admin_actor();
  std::string tag = regal::random_hex(4);
  std::string branch_id;
  std::string register_id;
  std::string shift_id;

  explicit Fixture(const std::string& negative_stock = "block") {
    branch_id = catalog
                    .create(actor, Entity::kBranch,
                            {{"code", "S" + tag},
                             {"name", std::string("Sales branch")},
                             {"currency", std::string("EUR")},
                             {"timezone", std::string("Europe/Vienna")},
                             {"negative_stock", negative_stock}},
                            std::nullopt, {})
                    .id;
    register_id = catalog
                      .create(actor, Entity::kRegister,
                              {{"branch_id", branch_id},
                               {"code", std::string("T1")},
                               {"name", std::string("Till 1")}},
                              std::nullopt, {})
                      .id;
    // Sales name an open shift of their register (migrations/0009): one for a user of our own.
    const std::string user_id = regal::new_uuid_v7();
    shift_id = regal::new_uuid_v7();
    db.with_session([&](Poco::Data::Session& s) {
      std::string uid = user_id, sid = shift_id, reg = register_id, branch = branch_id;
      std::string name = "it-sales-" + tag, email = "it-sales-" + tag + "@example.test";
      std::string hash = "not-a-hash";
      Poco::Data::Statement users(s);
      users << "INSERT INTO users (id, full_name, email, username, password_hash, pos_role)"
               " VALUES ($1::uuid, $2, $3, $4, $5, 'cashier')",
          use(uid), use(name), use(email), use(name), use(hash), now;
      Poco::Data::Statement shift(s);
      shift << "INSERT INTO shifts (id, branch_id, register_id, cashier_id, opening_float)"
               " VALUES ($1::uuid, $2::uuid, $3::uuid, $4::uuid, 0)",
          use(sid), use(branch), use(reg), use(uid), now;
      Poco::Data::Statement totals(s);
      totals << "INSERT INTO shift_totals (shift_id) VALUES ($1::uuid)", use(sid), now;
    });
  }

  std::string product(const std::string& sku, std::int64_t price, std::int64_t stock,
                      std::optional<std::int64_t> limit = std::nullopt) {
    regal::pos::Fields f{{"sku", sku + tag},
                         {"name", "Item " + sku},
                         {"unit_price", price},
                         {"cost_price", price / 2},
                         {"tax_rate", std::int64_t{2000}}};
    if (limit) f["limited_qty"] = *limit;
    return catalog.create(actor, Entity::kProduct, f, std::nullopt, {{branch_id, stock, 0}}).id;
  }

  SaleRequest basket(const std::vector<std::pair<std::string, std::int64_t>>& lines,
                     std::int64_t cash) {
    SaleRequest r;
    r.branch_id = branch_id;
    r.register_id = register_id;
    r.shift_id = shift_id;
    for (const auto& [id, qty] : lines) {
      regal::pos::SaleLineRequest l;
      l.product_id = id;
      l.qty = qty;
      r.lines.push_back(l);
    }
    r.payments.push_back({PaymentMethod::kCash, cash});
    return r;
  }

  std::int64_t scalar(const std::string& sql) {
    return db.with_session([&](Poco::Data::Session& s) {
      Poco::Data::Statement st(s);
      st << sql, now;
      return Poco::Data::RecordSet(st).value(0, 0).convert<Poco::Int64>();
    });
  }
  std::int64_t on_hand(const std::string& product_id) {
    return scalar("SELECT qty FROM stock WHERE product_id = '" + product_id +
                  "' AND branch_id = '" + branch_id + "'");
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(sales, Fixture)

BOOST_AUTO_TEST_CASE(a_sale_takes_the_next_number_the_stock_and_records_movements) {
  const std::string milk = product("MILK", 129, 10);
  const auto first = sales.create(actor, basket({{milk, 3}}, 1000), "");
  BOOST_TEST(!first.replayed);
  BOOST_TEST(first.sale.number == "S" + tag + "-T1-000001");
  BOOST_TEST(first.sale.total == 387);
  BOOST_TEST(first.sale.change == 613);
  BOOST_TEST(first.sale.tax_total == 64);  // 387 × 2000 / 12000 = 64.5, half-even → 64
  const auto second = sales.create(actor, basket({{milk, 1}}, 129), "");
  BOOST_TEST(second.sale.number == "S" + tag + "-T1-000002");
  BOOST_TEST(on_hand(milk) == 6);
  BOOST_TEST(scalar("SELECT sum(delta) FROM stock_movements WHERE product_id = '" + milk + "'") ==
             6);
}

BOOST_AUTO_TEST_CASE(blocked_stock_refuses_overselling_and_a_failed_sale_consumes_no_number) {
  const std::string rare = product("RARE", 500, 2);
  BOOST_TEST(code_of([&] { sales.create(actor, basket({{rare, 3}}, 2000), ""); }) ==
             "INSUFFICIENT_STOCK");
  BOOST_TEST(on_hand(rare) == 2);
  const auto ok = sales.create(actor, basket({{rare, 2}}, 1000), "");
  BOOST_TEST(ok.sale.seq == 1);  // the refused sale took no number
}

BOOST_AUTO_TEST_CASE(limited_quantity_and_short_payment_are_refused) {
  const std::string promo = product("PROMO", 100, 50, 2);
  BOOST_TEST(code_of([&] { sales.create(actor, basket({{promo, 3}}, 300), ""); }) ==
             "VALIDATION_FAILED");
  BOOST_TEST(code_of([&] { sales.create(actor, basket({{promo, 2}}, 150), ""); }) ==
             "INSUFFICIENT_PAYMENT");
  BOOST_TEST(on_hand(promo) == 50);
}

BOOST_AUTO_TEST_CASE(an_idempotency_key_replays_and_refuses_another_body) {
  const std::string tea = product("TEA", 250, 10);
  const auto first = sales.create(actor, basket({{tea, 1}}, 250), "key-" + tag);
  const auto again = sales.create(actor, basket({{tea, 1}}, 250), "key-" + tag);
  BOOST_TEST(again.replayed);
  BOOST_TEST(again.sale.id == first.sale.id);
  BOOST_TEST(again.sale.number == first.sale.number);
  BOOST_TEST(on_hand(tea) == 9);
  BOOST_TEST(code_of([&] { sales.create(actor, basket({{tea, 2}}, 500), "key-" + tag); }) ==
             "IDEMPOTENCY_KEY_REUSED");
  // The client id works the same way without a key.
  SaleRequest by_client = basket({{tea, 1}}, 250);
  by_client.client_id = regal::new_uuid_v7();
  const auto made = sales.create(actor, by_client, "");
  BOOST_TEST(made.sale.id == by_client.client_id);
  BOOST_TEST(sales.create(actor, by_client, "").replayed);
  BOOST_TEST(on_hand(tea) == 8);
}

BOOST_AUTO_TEST_CASE(concurrent_retries_of_one_key_make_one_sale) {
  const std::string gum = product("GUM", 50, 100);
  std::vector<std::thread> threads;
  std::mutex m;
  std::set<std::string> ids;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&] {
      const auto outcome = sales.create(actor, basket({{gum, 1}}, 50), "race-" + tag);
      std::lock_guard lock(m);
      ids.insert(outcome.sale.id);
    });
  }
  for (auto& t : threads) t.join();
  BOOST_TEST(ids.size() == 1u);
  BOOST_TEST(on_hand(gum) == 99);
}

BOOST_AUTO_TEST_CASE(on_account_payments_respect_the_credit_limit) {
  const std::string tv = product("TV", 10000, 5);
  const std::string customer = catalog
                                   .create(actor, Entity::kCustomer,
                                           {{"name", std::string("Trusted")},
                                            {"credit_limit", std::int64_t{15000}}},
                                           std::nullopt, {})
                                   .id;
  SaleRequest r = basket({{tv, 1}}, 0);
  r.customer_id = customer;
  r.payments = {{PaymentMethod::kOnAccount, 10000}};
  sales.create(actor, r, "");
  BOOST_TEST(std::get<std::int64_t>(catalog.get(Entity::kCustomer, customer).fields.at("balance")) ==
             10000);
  BOOST_TEST(code_of([&] { sales.create(actor, r, ""); }) == "CREDIT_LIMIT_EXCEEDED");
  BOOST_TEST(on_hand(tv) == 4);  // the refused sale took no stock
  BOOST_TEST(catalog.ledger(Entity::kCustomer, customer, 0, 10).size() == 1u);
}

BOOST_AUTO_TEST_CASE(parallel_sales_on_hot_products_never_oversell_or_skip_numbers) {
  const std::vector<std::string> hot = {product("H1", 100, 40), product("H2", 100, 40),
                                        product("H3", 100, 40)};
  std::atomic<int> sold{0};
  std::atomic<int> refused{0};
  std::atomic<int> other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 12; ++i) {
        const auto& a = hot[static_cast<std::size_t>((t + i) % 3)];
        const auto& b = hot[static_cast<std::size_t>((t + i + 1) % 3)];
        try {
          sales.create(actor, basket({{a, 2}, {b, 1}}, 300), "");
          ++sold;
        } catch (const regal::Error& e) {
          (e.code() == "INSUFFICIENT_STOCK" ? refused : other)++;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  BOOST_TEST(other.load() == 0);
  BOOST_TEST(sold.load() + refused.load() == 96);
  for (const auto& id : hot) {
    BOOST_TEST(on_hand(id) >= 0);
    BOOST_TEST(on_hand(id) == 40 + scalar("SELECT coalesce(sum(delta), 0) FROM stock_movements"
                                          " WHERE kind <> 'opening' AND product_id = '" +
                                          id + "'"));
  }
  // Gap-free: numbers 1..n, each once.
  const std::string where = " FROM sales WHERE register_id = '" + register_id + "'";
  BOOST_TEST(scalar("SELECT count(*)" + where) == sold.load());
  BOOST_TEST(scalar("SELECT coalesce(max(seq), 0)" + where) == sold.load());
  BOOST_TEST(scalar("SELECT count(DISTINCT number)" + where) == sold.load());
}

BOOST_AUTO_TEST_SUITE_END()
