// Refunds against the real PostgreSQL of the test stack: parallel refunds of one line never return
// more than was sold, stock equals the sum of its movements, refund numbers are gap-free per
// register, and the shift totals equal the sum of the refund documents.
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
#include "regal/data/pg/pg_refunds.hpp"
#include "regal/data/pg/pg_sales.hpp"
#include "regal/pos/catalog_service.hpp"
#include "regal/pos/refund_service.hpp"
#include "regal/pos/sale_service.hpp"
#include "support/error_code.hpp"
#include "support/test_env.hpp"

using regal::test::code_of;

using namespace Poco::Data::Keywords;
using regal::pos::Disposition;
using regal::pos::Entity;
using regal::pos::PaymentMethod;
using regal::pos::RefundMethod;
using regal::pos::RefundRequest;

namespace {

std::string never_approves(const regal::auth::Actor&, const std::string&) {
  throw regal::Error(regal::ErrorKind::kForbidden, "APPROVAL_INVALID", "No approvals here.");
}

struct RefundFixture {
  regal::pg::Database db{{.url = regal::test::env("DATABASE_URL"), .max_sessions = 12}};
  regal::SystemClock clock;
  regal::pg::PgCatalogStore catalog_store{db};
  regal::pg::PgSalesStore sales_store{db};
  regal::pg::PgRefundStore refund_store{db};
  regal::pos::CatalogService catalog{catalog_store, clock};
  regal::pos::SaleService sales{sales_store, clock};
  regal::pos::RefundService refunds{refund_store, clock, never_approves};
  std::string tag = regal::random_hex(4);
  regal::auth::Actor actor;
  std::string branch_id;
  std::string register_id;
  std::string shift_id;

  RefundFixture() {
    const std::string user_id = regal::new_uuid_v7();
    exec("INSERT INTO users (id, full_name, email, username, password_hash, pos_role) VALUES ('" +
         user_id + "', 'Refund admin', 'rf" + tag + "@example.test', 'rf" + tag +
         "', 'x', 'admin')");
    actor.principal = regal::auth::Principal{user_id, regal::auth::PosRole::kAdmin,
                                             regal::auth::DeskRole::kEndUser};
    actor.request_id = "it-refunds";
    branch_id = catalog
                    .create(actor, Entity::kBranch,
                            {{"code", "F" + tag},
                             {"name", std::string("Refund branch")},
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

  std::string product(const std::string& sku, std::int64_t price, std::int64_t stock) {
    return catalog
        .create(actor, Entity::kProduct,
                {{"sku", sku + tag},
                 {"name", "Item " + sku},
                 {"unit_price", price},
                 {"cost_price", price / 2},
                 {"tax_rate", std::int64_t{2000}}},
                std::nullopt, {{branch_id, stock, 0}})
        .id;
  }

  regal::pos::Sale sell(const std::vector<std::pair<std::string, std::int64_t>>& lines,
                        std::int64_t cash, const std::string& customer_id = "") {
    regal::pos::SaleRequest r;
    r.branch_id = branch_id;
    r.register_id = register_id;
    r.shift_id = shift_id;
    r.customer_id = customer_id;
    for (const auto& [id, qty] : lines) {
      regal::pos::SaleLineRequest l;
      l.product_id = id;
      l.qty = qty;
      r.lines.push_back(l);
    }
    r.payments.push_back({PaymentMethod::kCash, cash});
    return sales.create(actor, r, "").sale;
  }

  RefundRequest refund_of(const regal::pos::Sale& sale, std::size_t line, std::int64_t qty,
                          Disposition disposition = Disposition::kRestock) {
    RefundRequest r;
    r.sale_id = sale.id;
    r.shift_id = shift_id;
    r.lines.push_back({sale.lines.at(line).id, qty, disposition});
    return r;
  }

  std::int64_t on_hand(const std::string& product_id) {
    return scalar("SELECT qty FROM stock WHERE product_id = '" + product_id +
                  "' AND branch_id = '" + branch_id + "'");
  }
  std::int64_t movements(const std::string& product_id) {
    return scalar("SELECT sum(delta) FROM stock_movements WHERE product_id = '" + product_id +
                  "' AND branch_id = '" + branch_id + "'");
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(refunds, RefundFixture)

BOOST_AUTO_TEST_CASE(parallel_refunds_of_one_line_never_return_more_than_was_sold) {
  const std::string hot = product("HOT", 333, 20);
  const auto sale = sell({{hot, 7}}, 7 * 333);
  std::atomic<int> refunded{0}, refused{0}, unexpected{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2; ++i) {  // 12 units asked for, 7 sold
        try {
          refunds.create(actor, refund_of(sale, 0, 1), "");
          ++refunded;
        } catch (const regal::Error& e) {
          if (e.code() == "REFUND_EXCEEDS_SOLD") {
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
  BOOST_TEST(refunded.load() == 7);
  BOOST_TEST(refused.load() == 5);
  BOOST_TEST(scalar("SELECT refunded_qty FROM sale_lines WHERE id = '" + sale.lines[0].id + "'") ==
             7);
  BOOST_TEST(scalar("SELECT sum(l.qty) FROM refund_lines l JOIN refunds f ON f.id = l.refund_id"
                    " WHERE f.sale_id = '" +
                    sale.id + "'") == 7);
  // Every unit came back: the refunds add up to the line exactly, and so does refunded_total.
  BOOST_TEST(scalar("SELECT sum(total) FROM refunds WHERE sale_id = '" + sale.id + "'") ==
             sale.total);
  BOOST_TEST(scalar("SELECT refunded_total FROM sales WHERE id = '" + sale.id + "'") == sale.total);
  BOOST_TEST(scalar("SELECT sum(tax_total) FROM refunds WHERE sale_id = '" + sale.id + "'") ==
             sale.tax_total);
  BOOST_TEST(on_hand(hot) == 20);
  BOOST_TEST(movements(hot) == on_hand(hot));
  // Numbers 1..7 of the register's refund series, no gap, none twice.
  BOOST_TEST(scalar("SELECT count(DISTINCT seq) FROM refunds WHERE register_id = '" + register_id +
                    "'") == 7);
  BOOST_TEST(scalar("SELECT min(seq) FROM refunds WHERE register_id = '" + register_id + "'") == 1);
  BOOST_TEST(scalar("SELECT max(seq) FROM refunds WHERE register_id = '" + register_id + "'") == 7);
  BOOST_TEST(scalar("SELECT count(*) FROM refunds WHERE register_id = '" + register_id +
                    "' AND number = 'F" + tag + "-T1-R' || lpad(seq::text, 6, '0')") == 7);
}

BOOST_AUTO_TEST_CASE(damaged_units_stay_out_of_stock_and_restocked_ones_come_back) {
  const std::string mug = product("MUG", 800, 10);
  const auto sale = sell({{mug, 4}}, 3200);
  BOOST_TEST(on_hand(mug) == 6);
  RefundRequest r = refund_of(sale, 0, 1, Disposition::kDamaged);
  r.lines.push_back({sale.lines[0].id, 2, Disposition::kRestock});
  const auto made = refunds.create(actor, r, "").refund;
  BOOST_TEST(made.lines.size() == 2u);
  BOOST_TEST(made.total == 3 * 800);
  BOOST_TEST(made.cost == 3 * 400);
  BOOST_TEST(on_hand(mug) == 8);
  BOOST_TEST(movements(mug) == 8);
  BOOST_TEST(scalar("SELECT count(*) FROM stock_movements WHERE kind = 'refund' AND ref_type ="
                    " 'refund' AND ref_id = '" +
                    made.id + "' AND delta = 2") == 1);
  BOOST_TEST(code_of([&] { refunds.create(actor, refund_of(sale, 0, 2), ""); }) ==
             "REFUND_EXCEEDS_SOLD");
}

BOOST_AUTO_TEST_CASE(shift_totals_equal_the_sum_of_the_refund_documents) {
  const std::string pen = product("PEN", 1999, 50);
  const std::string customer =
      catalog
          .create(actor, Entity::kCustomer,
                  {{"name", std::string("Regular")}, {"credit_limit", std::int64_t{0}}},
                  std::nullopt, {})
          .id;
  const auto sale = sell({{pen, 10}}, 10 * 1999, customer);
  refunds.create(actor, refund_of(sale, 0, 1), "");  // cash by default
  RefundRequest split = refund_of(sale, 0, 3);
  split.payments = {{RefundMethod::kCard, 3000}, {RefundMethod::kCash, 3 * 1999 - 3000}};
  refunds.create(actor, split, "");
  RefundRequest credit = refund_of(sale, 0, 2, Disposition::kDamaged);
  credit.payments = {{RefundMethod::kStoreCredit, 2 * 1999}};
  const auto credited = refunds.create(actor, credit, "").refund;

  BOOST_TEST(scalar("SELECT balance FROM customers WHERE id = '" + customer + "'") == -2 * 1999);
  BOOST_TEST(scalar("SELECT count(*) FROM party_ledger WHERE kind = 'refund_store_credit' AND"
                    " ref_id = '" +
                    credited.id + "' AND delta = " + std::to_string(-2 * 1999)) == 1);
  const std::string mine = "FROM refunds WHERE shift_id = '" + shift_id + "'";
  const std::string totals = "FROM shift_totals WHERE shift_id = '" + shift_id + "'";
  BOOST_TEST(scalar("SELECT refunds_count " + totals) == scalar("SELECT count(*) " + mine));
  BOOST_TEST(scalar("SELECT refunds_count " + totals) == 3);
  BOOST_TEST(scalar("SELECT refunds_net " + totals) == scalar("SELECT sum(net) " + mine));
  BOOST_TEST(scalar("SELECT refunds_tax " + totals) == scalar("SELECT sum(tax_total) " + mine));
  BOOST_TEST(scalar("SELECT refunds_total " + totals) == scalar("SELECT sum(total) " + mine));
  BOOST_TEST(scalar("SELECT refunds_total " + totals) == 6 * 1999);
  for (const std::string method : {"cash", "card", "store_credit"}) {
    BOOST_TEST(scalar("SELECT refunds FROM shift_tender_totals WHERE shift_id = '" + shift_id +
                      "' AND method = '" + method + "'") ==
                   scalar("SELECT sum(p.amount) FROM refund_payments p JOIN refunds f ON f.id ="
                          " p.refund_id WHERE f.shift_id = '" +
                          shift_id + "' AND p.method = '" + method + "'"),
               method);
  }
  BOOST_TEST(scalar("SELECT refunds FROM shift_tender_totals WHERE shift_id = '" + shift_id +
                    "' AND method = 'card'") == 3000);
  BOOST_TEST(scalar("SELECT sum(refunds_tax) FROM shift_tax_totals WHERE shift_id = '" + shift_id +
                    "'") == scalar("SELECT sum(tax_total) " + mine));
  BOOST_TEST(on_hand(pen) == 44);  // 50 − 10 + 1 + 3; the 2 damaged stay out
  BOOST_TEST(movements(pen) == on_hand(pen));
}

BOOST_AUTO_TEST_CASE(concurrent_retries_of_one_client_id_make_one_refund) {
  const std::string cap = product("CAP", 500, 10);
  const auto sale = sell({{cap, 1}}, 500);
  RefundRequest r = refund_of(sale, 0, 1);
  r.client_id = regal::new_uuid_v7();
  std::mutex m;
  std::set<std::string> ids;
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 5; ++i) {
    threads.emplace_back([&] {
      try {
        const auto outcome = refunds.create(actor, r, "");
        std::lock_guard lock(m);
        ids.insert(outcome.refund.id);
      } catch (const regal::Error& e) {
        ++failed;
        BOOST_TEST_MESSAGE("failed " << e.code());
      }
    });
  }
  for (auto& t : threads) t.join();
  BOOST_TEST(failed.load() == 0);
  BOOST_TEST(ids.size() == 1u);
  BOOST_TEST(ids.count(r.client_id) == 1u);
  BOOST_TEST(scalar("SELECT count(*) FROM refunds WHERE sale_id = '" + sale.id + "'") == 1);
  RefundRequest other = r;
  other.lines[0].disposition = Disposition::kDamaged;
  BOOST_TEST(code_of([&] { refunds.create(actor, other, ""); }) == "IDEMPOTENCY_KEY_REUSED");
}

BOOST_AUTO_TEST_CASE(a_refund_into_a_closed_shift_or_another_branch_is_refused_and_takes_nothing) {
  const std::string hat = product("HAT", 1200, 5);
  const auto sale = sell({{hat, 2}}, 2400);
  RefundRequest r = refund_of(sale, 0, 1);
  r.shift_id = regal::new_uuid_v7();
  BOOST_TEST(code_of([&] { refunds.create(actor, r, ""); }) == "SHIFT_NOT_OPEN");
  // A shift open at a till of another branch.
  RefundFixture elsewhere;
  r.shift_id = elsewhere.shift_id;
  BOOST_TEST(code_of([&] { refunds.create(actor, r, ""); }) == "SHIFT_BRANCH_MISMATCH");
  BOOST_TEST(scalar("SELECT refunded_qty FROM sale_lines WHERE id = '" + sale.lines[0].id + "'") ==
             0);
  BOOST_TEST(on_hand(hat) == 3);
  // The refused refunds consumed no number.
  const auto ok = refunds.create(actor, refund_of(sale, 0, 1), "").refund;
  BOOST_TEST(ok.seq == 1);
  BOOST_TEST(ok.number == "F" + tag + "-T1-R000001");
}

BOOST_AUTO_TEST_SUITE_END()
