// Custom orders against the real PostgreSQL of the test stack: concurrent deposits never take an
// order above its total, numbers are gap-free per branch, and the tender totals of the shift and
// the day equal the deposit rows — the 'deposit' tender nets to zero once an order is delivered.
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <thread>

#include "regal/core/clock.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/data/pg/database.hpp"
#include "regal/data/pg/pg_catalog.hpp"
#include "regal/data/pg/pg_custom_orders.hpp"
#include "regal/data/pg/pg_sales.hpp"
#include "regal/pos/catalog_service.hpp"
#include "regal/pos/custom_order_service.hpp"
#include "support/test_env.hpp"

using namespace Poco::Data::Keywords;
using regal::pos::Entity;
using regal::pos::PaymentMethod;

namespace {

struct OrderFixture {
  regal::pg::Database db{{.url = regal::test::env("DATABASE_URL"), .max_sessions = 12}};
  regal::SystemClock clock;
  regal::pg::PgCatalogStore catalog_store{db};
  regal::pg::PgSalesStore sales_store{db};
  regal::pg::PgCustomOrderStore order_store{db};
  regal::pos::CatalogService catalog{catalog_store, clock};
  regal::pos::CustomOrderService orders{order_store, sales_store, clock};
  std::string tag = regal::random_hex(4);
  regal::auth::Actor actor;
  std::string branch_id, register_id, shift_id, customer_id, product_id;

  OrderFixture() {
    const std::string user_id = regal::new_uuid_v7();
    exec("INSERT INTO users (id, full_name, email, username, password_hash, pos_role) VALUES ('" +
         user_id + "', 'Order admin', 'co" + tag + "@example.test', 'co" + tag +
         "', 'x', 'admin')");
    actor.principal = regal::auth::Principal{user_id, regal::auth::PosRole::kAdmin,
                                             regal::auth::DeskRole::kEndUser};
    actor.request_id = "it-orders";
    branch_id = catalog
                    .create(actor, Entity::kBranch,
                            {{"code", "O" + tag},
                             {"name", std::string("Order branch")},
                             {"currency", std::string("EUR")},
                             {"timezone", std::string("Europe/Vienna")}},
                            std::nullopt, {})
                    .id;
    register_id = catalog
                      .create(actor, Entity::kRegister,
                              {{"branch_id", branch_id},
                               {"code", std::string("T1")},
                               {"name", std::string("Till 1")}},
                              std::nullopt, {})
                      .id;
    customer_id = regal::new_uuid_v7();
    exec("INSERT INTO customers (id, name) VALUES ('" + customer_id + "', 'Order customer')");
    product_id = catalog
                     .create(actor, Entity::kProduct,
                             {{"sku", "RING" + tag},
                              {"name", std::string("Ring")},
                              {"unit_price", std::int64_t{1999}},
                              {"cost_price", std::int64_t{900}},
                              {"tax_rate", std::int64_t{2000}}},
                             std::nullopt, {{branch_id, 5, 0}})
                     .id;
    shift_id = regal::new_uuid_v7();
    exec("INSERT INTO shifts (id, branch_id, register_id, cashier_id, opening_float) VALUES ('" +
         shift_id + "', '" + branch_id + "', '" + register_id + "', '" + user_id + "', 0)");
    exec("INSERT INTO shift_totals (shift_id) VALUES ('" + shift_id + "')");
  }

  void exec(const std::string& sql) {
    db.with_session([&](Poco::Data::Session& s) { s << sql, now; });
  }
  std::int64_t scalar(const std::string& sql) {
    return db.with_session([&](Poco::Data::Session& s) {
      Poco::Data::Statement st(s);
      st << sql, now;
      const Poco::Data::RecordSet rs(st);
      return rs.isNull(0, 0) ? std::int64_t{0} : rs.value(0, 0).convert<Poco::Int64>();
    });
  }

  regal::pos::CustomOrder order(std::int64_t qty) {
    regal::pos::CustomOrderRequest r;
    r.branch_id = branch_id;
    r.customer_id = customer_id;
    regal::pos::SaleLineRequest l;
    l.product_id = product_id;
    l.qty = qty;
    r.lines.push_back(l);
    return orders.create(actor, r, "").document;
  }
  regal::pos::DepositRequest cash(std::int64_t amount) {
    return {shift_id, PaymentMethod::kCash, amount};
  }
  std::int64_t tender(const std::string& method, const std::string& column) {
    return scalar("SELECT " + column + " FROM shift_tender_totals WHERE shift_id = '" + shift_id +
                  "' AND method = '" + method + "'");
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(custom_order_store, OrderFixture)

BOOST_AUTO_TEST_CASE(concurrent_deposits_never_exceed_the_total) {
  const auto o = order(2);  // 3998
  std::atomic<int> taken{0}, refused{0}, unexpected{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2; ++i) {  // 12 × 500 asked for, 7 fit
        try {
          orders.deposit(actor, o.id, cash(500), "");
          ++taken;
        } catch (const regal::Error& e) {
          if (e.code() == "DEPOSIT_EXCEEDS_BALANCE") {
            ++refused;
          } else {
            ++unexpected;
            BOOST_TEST_MESSAGE("unexpected " << e.code() << ": " << e.what());
          }
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  BOOST_TEST(unexpected.load() == 0);
  BOOST_TEST(taken.load() == 7);
  BOOST_TEST(refused.load() == 5);
  BOOST_TEST(orders.get(o.id).paid == 3500);
  BOOST_TEST(orders.get(o.id).balance_due() == 498);
  BOOST_TEST(scalar("SELECT sum(amount) FROM custom_order_deposits WHERE order_id = '" + o.id +
                    "'") == 3500);
  BOOST_TEST(tender("cash", "deposits") == 3500);
}

BOOST_AUTO_TEST_CASE(numbers_are_gap_free_per_branch) {
  for (int i = 0; i < 3; ++i) order(1);
  BOOST_TEST(scalar("SELECT count(*) FROM custom_orders WHERE branch_id = '" + branch_id +
                    "' AND number = 'O" + tag + "-O' || lpad(seq::text, 6, '0')") == 3);
  BOOST_TEST(scalar("SELECT max(seq) FROM custom_orders WHERE branch_id = '" + branch_id + "'") ==
             3);
}

BOOST_AUTO_TEST_CASE(delivery_nets_the_deposit_tender_and_the_day_matches_the_rows) {
  auto o = order(1);  // 1999
  orders.deposit(actor, o.id, cash(1000), "");
  orders.deposit(actor, o.id, {shift_id, PaymentMethod::kCard, 500}, "");
  orders.set_status(actor, o.id, regal::pos::OrderStatus::kReady, 0, "", "");
  o = orders.deliver(actor, o.id, {shift_id, {{PaymentMethod::kCash, 499}}}, 0, "").document;
  BOOST_TEST(regal::pos::to_string(o.status) == std::string("delivered"));
  BOOST_TEST(scalar("SELECT qty FROM stock WHERE product_id = '" + product_id + "'") == 4);
  BOOST_TEST(tender("deposit", "sales") == 1500);
  BOOST_TEST(tender("deposit", "deposits") == -1500);
  BOOST_TEST(tender("cash", "sales") == 499);
  BOOST_TEST(tender("card", "deposits") == 500);
  BOOST_TEST(scalar("SELECT sales_total FROM shift_totals WHERE shift_id = '" + shift_id + "'") ==
             1999);
  // The day's tender deposits are exactly the rows, per method.
  BOOST_TEST(scalar("SELECT count(*) FROM (SELECT method, sum(amount) AS a FROM"
                    " custom_order_deposits WHERE register_id = '" +
                    register_id +
                    "' GROUP BY method) x LEFT JOIN (SELECT method, sum(deposits) AS d FROM"
                    " daily_tender_totals WHERE register_id = '" +
                    register_id + "' GROUP BY method) y USING (method) WHERE x.a <> y.d") == 0);
  // Every change is audited: create, two deposits, ready, deliver.
  BOOST_TEST(scalar("SELECT count(*) FROM audit_log WHERE entity_type = 'custom_order' AND"
                    " entity_id = '" +
                    o.id + "'") == 5);
  BOOST_TEST(scalar("SELECT count(*) FROM audit_log WHERE entity_id = '" + o.id +
                    "' AND action = 'custom_order.deliver' AND after->>'sale_id' = '" + o.sale_id +
                    "'") == 1);
  // Cancelling a delivered order is refused.
  BOOST_CHECK_THROW(orders.cancel(actor, o.id, {shift_id, "late"}, 0, ""), regal::Error);
}

BOOST_AUTO_TEST_SUITE_END()
