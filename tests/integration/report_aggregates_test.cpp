// Reports against the real PostgreSQL of the test stack. A mixed random workload — sales on
// several registers of two branches (cash with change, card, on account, split), line and order
// discounts, customers and salesmen, voids, refunds at other registers with restock, damage,
// card and store credit, expenses from the drawer and not, shift closes with cash over/short —
// runs concurrently through the real services and stores; then every daily_* aggregate must
// equal a full recomputation from the documents to the minor unit (report_recompute.hpp), and
// the report store, on a read-only pool, must report those figures.
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Exception.h>

#include <boost/test/unit_test.hpp>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "integration/report_recompute.hpp"
#include "integration/stock_support.hpp"
#include "regal/core/error.hpp"
#include "regal/data/pg/pg_refunds.hpp"
#include "regal/data/pg/pg_reports.hpp"
#include "regal/data/pg/pg_shifts.hpp"
#include "regal/pos/refund_service.hpp"
#include "regal/pos/report_service.hpp"
#include "regal/pos/shift_service.hpp"

using namespace regal::pos;
using regal::auth::PosRole;
using regal::test::stock::actor_with;

namespace {

std::string no_approvals(const regal::auth::Actor&, const std::string&) {
  throw regal::Error(regal::ErrorKind::kForbidden, "APPROVAL_INVALID", "No approvals here.");
}

// Errors a concurrent workload may meet by design (two tills refunding one line, a void racing
// a refund, a paid-out larger than the drawer holds).
bool expected_refusal(const regal::Error& e) {
  return e.code() == "REFUND_EXCEEDS_SOLD" || e.code() == "SALE_VOID" ||
         e.code() == "SALE_NOT_VOIDABLE" || e.code() == "INSUFFICIENT_CASH";
}

struct Till {
  std::string branch_id, register_id, shift_id;
  regal::auth::Actor cashier;
};

struct SoldSale {
  Sale sale;
  std::vector<std::int64_t> refunded;  // per line
  bool voided = false;
};

// The world of the workload, built and run once for every case of the suite.
struct World : regal::test::stock::StockFixture {
  regal::pg::PgShiftStore shift_store{db};
  regal::pg::PgRefundStore refund_store{db};
  ShiftService shifts{shift_store, clock, nullptr};
  RefundService refunds{refund_store, clock, no_approvals, {.cashier_limit = 1'000'000'000'000}};
  regal::auth::Actor boss;
  std::vector<std::string> branches, products, customers, salesmen, expense_categories;
  std::vector<Till> tills;
  std::mutex mutex;
  std::map<std::string, std::vector<SoldSale>> sold;  // by branch
  std::map<std::string, int> done;                    // operations that went through, by kind
  std::string ids;                                    // "'b1', 'b2'" for SQL

  World() {
    boss = actor_with(PosRole::kAdmin, account("admin"));
    // Far-apart zones (one off the hour): the local day differs from the UTC day for hours.
    branches = {branch("RA", "allow", "Pacific/Kiritimati"),
                branch("RB", "allow", "America/St_Johns")};
    ids = "'" + branches[0] + "', '" + branches[1] + "'";
    const auto category = [&](const std::string& name) {
      return catalog.create(boss, Entity::kCategory, {{"name", name + tag}}, std::nullopt, {}).id;
    };
    const std::string tea = category("Tea"), cups = category("Cups");
    const auto item = [&](const std::string& sku, std::int64_t price, std::int64_t cost,
                          std::int64_t rate, bool inclusive, const std::string& category_id) {
      Fields f{{"sku", sku + tag},   {"name", "Item " + sku}, {"unit_price", price},
               {"cost_price", cost}, {"tax_rate", rate},      {"tax_inclusive", inclusive}};
      if (!category_id.empty()) f.emplace("category_id", category_id);
      return catalog
          .create(boss, Entity::kProduct, f, std::nullopt,
                  {{branches[0], 100000, 0}, {branches[1], 100000, 0}})
          .id;
    };
    products = {item("GT", 1999, 870, 2000, true, tea), item("BT", 550, 301, 1000, false, tea),
                item("MUG", 12000, 5003, 0, true, cups), item("BAG", 333, 111, 2000, true, ""),
                item("CUP", 80, 33, 700, false, cups)};
    for (const char* n : {"Ann", "Bo"}) {
      customers.push_back(catalog
                              .create(boss, Entity::kCustomer,
                                      {{"name", n + tag}, {"credit_limit", std::int64_t{1} << 40}},
                                      std::nullopt, {})
                              .id);
    }
    for (const std::int64_t rate : {std::int64_t{250}, std::int64_t{1234}}) {
      salesmen.push_back(
          catalog
              .create(boss, Entity::kSalesman,
                      {{"name", "Rep " + std::to_string(rate) + tag}, {"commission_rate", rate}},
                      std::nullopt, {})
              .id);
    }
    for (const char* n : {"Rent", "Cleaning"}) {
      expense_categories.push_back(expenses.create_category(boss, {n + tag, true}, "").document.id);
    }
    for (const auto& [b, code] :
         {std::pair{branches[0], "T1"}, {branches[0], "T2"}, {branches[1], "T1"}}) {
      Till t;
      t.branch_id = b;
      t.register_id = catalog
                          .create(boss, Entity::kRegister,
                                  {{"branch_id", b},
                                   {"code", std::string(code)},
                                   {"name", std::string("Till ") + code}},
                                  std::nullopt, {})
                          .id;
      t.cashier = actor_with(PosRole::kCashier, account("cashier"));
      t.shift_id = shifts.open(t.cashier, {t.register_id, 200000, {}, ""}, "").shift.id;
      tills.push_back(t);
    }
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < tills.size(); ++i) {
      threads.emplace_back([this, i] { run_till(tills[i], 20260304 + static_cast<int>(i), 45); });
    }
    for (auto& t : threads) t.join();
    close_shifts();
  }

  // A user with this POS role (names are shown in reports; no password: never logs in).
  std::string account(const std::string& role) {
    const std::string id = regal::new_uuid_v7();
    const std::string name = role + regal::random_hex(5);
    exec("INSERT INTO users (id, full_name, email, username, password_hash, pos_role) VALUES ('" +
         id + "', 'Report " + role + "', '" + name + "@it.test', '" + name + "', 'x', '" + role +
         "')");
    return id;
  }

  void count(const std::string& kind) {
    const std::lock_guard lock(mutex);
    ++done[kind];
  }

  void run_till(const Till& till, int seed, int operations) {
    std::mt19937 rng(static_cast<unsigned>(seed));
    const auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    for (int op = 0; op < operations; ++op) {
      const int dice = pick(100);
      try {
        if (dice < 60) {
          sell(till, rng);
        } else if (dice < 70) {
          void_one(till, rng);
        } else if (dice < 88) {
          refund_one(till, rng);
        } else {
          const bool drawer = pick(2) == 0;
          ExpenseRequest r{till.branch_id, expense_categories[static_cast<std::size_t>(pick(2))],
                           100 + pick(5000), "it", std::nullopt};
          if (drawer) r.drawer_shift_id = till.shift_id;
          const auto stored = expenses.record(boss, r, "");
          count(drawer ? "drawer_expense" : "expense");
          if (drawer && pick(3) == 0) {
            // A paid-out entered by mistake: reversing it cancels its expense (migration 0012).
            regal::pos::CashMovementRequest undo;
            undo.reason = "entered twice";
            undo.reverses_id = stored.document.cash_movement_id;
            shifts.add_movement(boss, till.shift_id, undo, "");
            count("reversed_expense");
          }
        }
      } catch (const regal::Error& e) {
        BOOST_TEST(expected_refusal(e), "unexpected " << e.code() << ": " << e.what());
      }
    }
  }

  void sell(const Till& till, std::mt19937& rng) {
    const auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    SaleRequest r;
    r.branch_id = till.branch_id;
    r.register_id = till.register_id;
    r.shift_id = till.shift_id;
    for (int n = 1 + pick(3); n > 0; --n) {
      SaleLineRequest l;
      l.product_id = products[static_cast<std::size_t>(pick(static_cast<int>(products.size())))];
      l.qty = 1 + pick(4);
      if (pick(4) == 0)
        l.discount_bp =
            std::vector<std::int64_t>{500, 1000, 3333}[static_cast<std::size_t>(pick(3))];
      r.lines.push_back(l);
    }
    if (pick(5) == 0) r.discount.percent_bp = 1000;
    if (pick(8) == 0) r.discount.amount = 7;  // never both: one order discount
    if (r.discount.percent_bp && r.discount.amount) r.discount.amount.reset();
    if (pick(5) < 2) r.customer_id = customers[static_cast<std::size_t>(pick(2))];
    if (pick(5) < 2) r.salesman_id = salesmen[static_cast<std::size_t>(pick(2))];
    r.payments = {{PaymentMethod::kCash, std::int64_t{1} << 40}};  // enough for any preview
    const std::int64_t total = sales.preview(till.cashier, r).total;
    const int how = pick(4);
    if (how == 0 || (how == 3 && r.customer_id.empty())) {
      r.payments = {{PaymentMethod::kCash, total + pick(3) * 500}};  // change back
    } else if (how == 1) {
      r.payments = {{PaymentMethod::kCard, total}};
    } else if (how == 2 && total > 1) {
      r.payments = {{PaymentMethod::kCard, total / 2},
                    {PaymentMethod::kCash, total - total / 2 + 100}};
    } else if (how == 3) {
      r.payments = {{PaymentMethod::kOnAccount, total}};
    } else {
      r.payments = {{PaymentMethod::kCash, total}};
    }
    SoldSale s{sales.create(till.cashier, r, "").sale, {}, false};
    s.refunded.assign(s.sale.lines.size(), 0);
    const std::lock_guard lock(mutex);
    sold[till.branch_id].push_back(std::move(s));
    ++done["sale"];
  }

  // Voids one of this till's untouched sales (a sale with refunds is not voidable).
  void void_one(const Till& till, std::mt19937& rng) {
    std::string id;
    {
      const std::lock_guard lock(mutex);
      for (auto& s : sold[till.branch_id]) {
        const bool untouched = std::all_of(s.refunded.begin(), s.refunded.end(),
                                           [](std::int64_t q) { return q == 0; });
        if (s.sale.register_id == till.register_id && !s.voided && untouched && rng() % 3 == 0) {
          s.voided = true;  // claimed: no refund picks it from now on
          id = s.sale.id;
          break;
        }
      }
    }
    if (id.empty()) return;
    sales.void_sale(boss, id, "wrong items");
    count("void");
  }

  // Refunds part of a line of any sale of the branch, at this till.
  void refund_one(const Till& till, std::mt19937& rng) {
    RefundRequest r;
    r.shift_id = till.shift_id;
    bool has_customer = false;
    {
      const std::lock_guard lock(mutex);
      auto& list = sold[till.branch_id];
      if (list.empty()) return;
      auto& s = list[rng() % list.size()];
      if (s.voided) return;
      const std::size_t line = rng() % s.sale.lines.size();
      const std::int64_t left = s.sale.lines[line].qty - s.refunded[line];
      if (left <= 0) return;
      const std::int64_t qty = 1 + static_cast<std::int64_t>(rng() % static_cast<unsigned>(left));
      s.refunded[line] += qty;  // reserved; a refusal below gives it back
      r.sale_id = s.sale.id;
      r.lines.push_back({s.sale.lines[line].id, qty,
                         rng() % 3 == 0 ? Disposition::kDamaged : Disposition::kRestock});
      has_customer = !s.sale.customer_id.empty();
    }
    // Cash by default; or one card or store-credit tender (credit needs the sale's customer).
    const int how = static_cast<int>(rng() % 3);
    const bool credit = how == 2 && has_customer;
    if (how != 0) r.payments = {{credit ? RefundMethod::kStoreCredit : RefundMethod::kCard, 1}};
    try {
      BOOST_TEST(create_refund(till, r).total > 0);
      count(how == 0 ? "refund_cash" : (credit ? "refund_credit" : "refund_card"));
    } catch (const regal::Error&) {
      const std::lock_guard lock(mutex);
      for (auto& s : sold[till.branch_id]) {
        if (s.sale.id != r.sale_id) continue;
        for (std::size_t i = 0; i < s.sale.lines.size(); ++i) {
          if (s.sale.lines[i].id == r.lines[0].line_id) s.refunded[i] -= r.lines[0].qty;
        }
      }
      throw;
    }
  }

  // With one tender given, its amount becomes the refund's total: the service computes that
  // total, and a first try for 1 is refused naming it.
  Refund create_refund(const Till& till, RefundRequest r) {
    try {
      return refunds.create(till.cashier, r, "").refund;
    } catch (const regal::Error& e) {
      if (e.code() != "REFUND_PAYMENTS_MISMATCH" || r.payments.empty()) throw;
      r.payments[0].amount = total_from(e.what());
      return refunds.create(till.cashier, r, "").refund;
    }
  }

  // "…, the refund is 1234." → 1234 (REFUND_PAYMENTS_MISMATCH names the refund's total).
  static std::int64_t total_from(const std::string& message) {
    const auto at = message.rfind("the refund is ");
    BOOST_REQUIRE(at != std::string::npos);
    return std::stoll(message.substr(at + 14));
  }

  void close_shifts() {
    std::mt19937 rng(7);
    for (const auto& t : tills) {
      const auto x = shifts.x_report(boss, t.shift_id);
      const std::int64_t off = static_cast<std::int64_t>(rng() % 601) - 300;
      shifts.close(boss, t.shift_id, {{"cash", x.report.expected_cash + off, {}}}, "", "");
      count(off == 0 ? "close_even" : "close_off");
    }
  }

  std::vector<std::string> differences(const regal::test::reports::AggregateCheck& check) {
    return lines_of(regal::test::reports::difference_query(ids, check));
  }

  std::vector<std::string> lines_of(const std::string& sql) {
    return db.with_session([&](Poco::Data::Session& s) {
      Poco::Data::Statement st(s);
      st << sql, Poco::Data::Keywords::now;
      const Poco::Data::RecordSet rs(st);
      std::vector<std::string> out;
      for (std::size_t i = 0; i < rs.rowCount(); ++i) {
        out.push_back(rs.value(0, i).convert<std::string>());
      }
      return out;
    });
  }
};

// Built on first use; a driver error is shown with its text (Poco's what() says only
// "PostgreSQL").
World& world() {
  try {
    static World w;
    return w;
  } catch (const Poco::Exception& e) {
    BOOST_FAIL("the workload failed: " << e.displayText());
    throw;
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(report_aggregates)

BOOST_AUTO_TEST_CASE(the_workload_exercises_every_kind_of_document) {
  World& w = world();
  for (const auto& [kind, n] : w.done) BOOST_TEST_MESSAGE(kind << ": " << n);
  BOOST_TEST(w.done["sale"] >= 60);
  BOOST_TEST(w.done["void"] >= 3);
  BOOST_TEST(w.done["refund_cash"] + w.done["refund_card"] + w.done["refund_credit"] >= 10);
  BOOST_TEST(w.done["refund_credit"] >= 1);
  BOOST_TEST(w.done["expense"] + w.done["drawer_expense"] >= 5);
  BOOST_TEST(w.done["reversed_expense"] >= 1);
  BOOST_TEST(w.done["close_off"] >= 1);
  for (const char* method : {"cash", "card", "on_account"}) {
    BOOST_TEST(w.scalar("SELECT count(*) FROM sale_payments p JOIN sales s ON s.id = p.sale_id"
                        " WHERE s.branch_id IN (" +
                        w.ids + ") AND p.method = '" + method + "'") > 0,
               method);
  }
  BOOST_TEST(
      w.scalar("SELECT count(*) FROM sales WHERE branch_id IN (" + w.ids + ") AND change > 0") > 0);
  BOOST_TEST(w.scalar("SELECT count(*) FROM refunds f JOIN sales s ON s.id = f.sale_id"
                      " WHERE f.branch_id IN (" +
                      w.ids + ") AND f.register_id <> s.register_id") > 0);
}

BOOST_AUTO_TEST_CASE(every_daily_aggregate_equals_a_full_recomputation_from_the_documents) {
  World& w = world();
  for (const auto& check : regal::test::reports::aggregate_checks(w.ids)) {
    const auto diff = w.differences(check);
    BOOST_TEST(diff.empty(), check.table << ": " << diff.size() << " rows differ");
    for (std::size_t i = 0; i < diff.size() && i < 12; ++i) BOOST_TEST_MESSAGE(diff[i]);
    // Not vacuous: the documents gave rows for every table.
    BOOST_TEST(w.scalar("WITH " + regal::test::reports::document_ctes(w.ids) +
                        " SELECT count(*) FROM (" + check.recomputed + ") r") > 0,
               check.table);
  }
}

BOOST_AUTO_TEST_CASE(the_comparison_reports_a_single_minor_unit_off) {
  World& w = world();
  // Inside a transaction that is rolled back: one aggregate row one cent off, one party row
  // with a commission too many.
  const auto checks = regal::test::reports::aggregate_checks(w.ids);
  w.db.with_session([&](Poco::Data::Session& s) {
    using Poco::Data::Keywords::now;
    s << "BEGIN", now;
    s << "UPDATE daily_register_totals SET sales_net = sales_net + 1 WHERE (branch_id, day,"
         " register_id) = (SELECT branch_id, day, register_id FROM daily_register_totals"
         " WHERE branch_id = '" +
             w.branches[0] + "' LIMIT 1)",
        now;
    s << "UPDATE daily_party_totals SET commission = commission + 1 WHERE (branch_id, day,"
         " register_id, kind, party_id) = (SELECT branch_id, day, register_id, kind, party_id"
         " FROM daily_party_totals WHERE branch_id = '" +
             w.branches[1] + "' AND kind = 'salesman' LIMIT 1)",
        now;
    for (const auto& check : checks) {
      Poco::Data::Statement st(s);
      st << regal::test::reports::difference_query(w.ids, check), now;
      const Poco::Data::RecordSet rs(st);
      const bool tampered =
          check.table == "daily_register_totals" || check.table == "daily_party_totals";
      BOOST_TEST(rs.rowCount() == (tampered ? 2u : 0u), check.table);
    }
    s << "ROLLBACK", now;
  });
}

BOOST_AUTO_TEST_CASE(reports_read_the_aggregates_through_a_read_only_pool) {
  World& w = world();
  regal::pg::Database read_only{
      {.url = regal::test::env("DATABASE_URL"), .max_sessions = 2, .read_only = true}};
  regal::pg::PgReportStore store(read_only);
  ReportService reports(store);
  const regal::auth::Actor employee = actor_with(PosRole::kEmployee, w.account("employee"));

  const auto ctes = "WITH " + regal::test::reports::document_ctes(w.ids);
  for (const auto& branch_id : w.branches) {
    const std::string where = " WHERE branch_id = '" + branch_id + "'";
    const std::string day = w.lines_of(ctes + " SELECT max(day)::text FROM s" + where).front();
    const auto d = reports.daily(employee, branch_id, day);
    const std::string on = where + " AND day = '" + day + "'";
    BOOST_TEST(d.sales_count == w.scalar(ctes + " SELECT count(*) FROM st" + on));
    BOOST_TEST(d.sales_net == w.scalar(ctes + " SELECT sum(net) FROM st" + on));
    BOOST_TEST(d.sales_gross == w.scalar(ctes + " SELECT sum(gross) FROM st" + on));
    BOOST_TEST(d.sales_discounts == w.scalar(ctes + " SELECT sum(discount) FROM st" + on));
    BOOST_TEST(d.refunds_total == w.scalar(ctes + " SELECT sum(total) FROM ft" + on));
    BOOST_TEST(d.voids_count ==
               w.scalar(ctes + " SELECT count(*) FROM s" + on + " AND status = 'void'"));
    BOOST_TEST(d.gross_margin() ==
               w.scalar(ctes + " SELECT (SELECT coalesce(sum(net - cost), 0) FROM st" + on +
                        ") - (SELECT coalesce(sum(net - cost), 0) FROM ft" + on + ")"));
    std::int64_t takings = 0;
    for (const auto& t : d.tenders) takings += t.net();
    BOOST_TEST(takings == w.scalar(ctes + " SELECT (SELECT sum(total) FROM st" + on +
                                   ") - (SELECT coalesce(sum(total), 0) FROM ft" + on + ")"));
    std::int64_t hours = 0;
    for (const auto& h : d.hours) hours += h.sales_count;
    BOOST_TEST(hours == d.sales_count);
    BOOST_TEST(d.top_products.size() <= 5u);
    BOOST_TEST(!d.top_products.empty());
    BOOST_TEST(d.top_products.front().name.rfind("Item ", 0) == 0);
    std::int64_t commission = 0;
    for (const auto& s : d.salesmen) commission += s.commission;
    BOOST_TEST(commission ==
               w.scalar("SELECT coalesce(sum(commission), 0) FROM daily_party_totals" + on +
                        " AND kind = 'salesman'"));
    // A sales report by category over the day and its neighbours adds up to the same net.
    const auto by_category =
        reports.sales(employee, {SalesGrouping::kCategory, branch_id, "2020-01-01", "2020-12-31"});
    BOOST_TEST(by_category.rows.empty());
    const auto c = reports.sales(employee, {SalesGrouping::kCategory, branch_id, day, day});
    BOOST_TEST(c.totals.net == d.sales_net);
    BOOST_TEST(c.totals.refunds_net == d.refunds_net);
    BOOST_TEST(c.totals.margin() == d.gross_margin());
  }
  // The pool refuses writes, whatever asks for one.
  try {
    read_only.with_session([](Poco::Data::Session& s) {
      s << "INSERT INTO expense_categories (id, name) VALUES (gen_random_uuid(), 'ro test')",
          Poco::Data::Keywords::now;
    });
    BOOST_FAIL("a write went through the read-only pool");
  } catch (const Poco::Exception& e) {
    BOOST_TEST(e.displayText().find("read-only transaction") != std::string::npos, e.displayText());
  }
}

BOOST_AUTO_TEST_SUITE_END()
