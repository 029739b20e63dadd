// Stock operations against the real PostgreSQL of the test stack: receiving with the moving
// average cost and vendor balance, vendor payments, the count's compare-and-set under a
// concurrent sale, transfer atomicity, and stock = Σ movements after a concurrent mix of
// purchases, adjustments, transfers and sales.
#include <algorithm>
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <mutex>
#include <random>
#include <thread>

#include "integration/stock_support.hpp"
#include "support/error_code.hpp"

using regal::test::code_of;
using namespace regal::pos;
using regal::test::stock::StockFixture;

namespace {

PurchaseRequest purchase(const std::string& vendor, const std::string& branch,
                         std::vector<PurchaseLineRequest> lines,
                         std::optional<PurchasePayment> paid = std::nullopt) {
  return {vendor, branch, "DN-1", std::move(lines), std::move(paid)};
}

AdjustmentRequest adjustment(const std::string& branch, AdjustmentKind kind,
                             std::vector<AdjustmentLineRequest> lines) {
  return {branch, kind, "integration test", std::move(lines)};
}

AdjustmentLineRequest counted(const std::string& product, std::int64_t expected,
                              std::int64_t counted_qty) {
  return {product, 0, counted_qty, expected};
}

SaleRequest cash_sale(const std::string& branch, const std::string& reg, const std::string& shift,
                      const std::string& product, std::int64_t qty) {
  SaleRequest r;
  r.branch_id = branch;
  r.register_id = reg;
  r.shift_id = shift;
  SaleLineRequest l;
  l.product_id = product;
  l.qty = qty;
  r.lines.push_back(l);
  r.payments.push_back({PaymentMethod::kCash, 1'000'000});
  return r;
}

StockQuery low_in(const std::string& branch) {
  StockQuery q;
  q.branch_id = branch;
  q.below_reorder = true;
  return q;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(stock_ops, StockFixture)

BOOST_AUTO_TEST_CASE(receiving_raises_stock_moves_the_cost_and_owes_the_vendor_the_unpaid_part) {
  const std::string a = branch("PA");
  const std::string b = branch("PB");
  const std::string v = vendor();
  // 10 held in each branch at 100: the average weighs all 20.
  const std::string p = product("RCV", 100, {{a, 10, 0}, {b, 10, 0}});
  const auto done =
      stock.receive(admin, purchase(v, a, {{p, 20, 250}}, PurchasePayment{1000, "cash"}), "");
  const Purchase& doc = done.document;
  BOOST_TEST(doc.number == "PO-PA" + tag + "-000001");
  BOOST_TEST(doc.total == 5000);
  BOOST_TEST(doc.unpaid() == 4000);
  BOOST_TEST(doc.vendor_balance_after == 4000);
  BOOST_REQUIRE_EQUAL(doc.lines.size(), 1u);
  BOOST_TEST(doc.lines[0].cost_before == 100);
  BOOST_TEST(doc.lines[0].cost_after == 175);  // (20 × 100 + 20 × 250) / 40
  BOOST_TEST(cost_of(p) == 175);
  BOOST_TEST(on_hand(p, a) == 30);
  BOOST_TEST(on_hand(p, b) == 10);
  BOOST_TEST(movements_sum(p, a) == 30);
  BOOST_TEST(vendor_balance(v) == 4000);
  BOOST_TEST(scalar("SELECT count(*) FROM stock_movements WHERE kind = 'purchase' AND ref_id = '" +
                    doc.id + "'") == 1);
  BOOST_TEST(scalar("SELECT delta FROM party_ledger WHERE kind = 'purchase' AND ref_id = '" +
                    doc.id + "'") == 4000);
  // The next purchase of the branch takes the next number.
  const auto second = stock.receive(admin, purchase(v, a, {{p, 1, 175}}), "");
  BOOST_TEST(second.document.number == "PO-PA" + tag + "-000002");
}

BOOST_AUTO_TEST_CASE(a_purchase_line_repeating_a_product_is_averaged_with_the_others) {
  const std::string a = branch("PM");
  const std::string v = vendor();
  const std::string p = product("MIX", 0, {});
  // Never held: (10 × 100 + 30 × 300) / 40 = 250.
  const auto done = stock.receive(admin, purchase(v, a, {{p, 10, 100}, {p, 30, 300}}), "");
  BOOST_TEST(cost_of(p) == 250);
  BOOST_TEST(done.document.lines[1].cost_after == 250);
  BOOST_TEST(on_hand(p, a) == 40);
}

BOOST_AUTO_TEST_CASE(negative_stock_counts_as_none_held_in_the_average) {
  const std::string a = branch("PN", "allow");
  const std::string v = vendor();
  const std::string p = product("NEG", 100, {{a, 0, 0}});
  stock.adjust(admin, adjustment(a, AdjustmentKind::kLoss, {{p, 5, {}, {}}}), "");
  BOOST_TEST(on_hand(p, a) == -5);
  stock.receive(admin, purchase(v, a, {{p, 10, 300}}), "");
  BOOST_TEST(cost_of(p) == 300);
  BOOST_TEST(on_hand(p, a) == 5);
}

BOOST_AUTO_TEST_CASE(unknown_references_are_field_errors_and_store_nothing) {
  const std::string a = branch("PU");
  const std::string p = product("UNK", 100, {{a, 1, 0}});
  try {
    stock.receive(admin,
                  purchase(regal::new_uuid_v7(), a, {{p, 1, 1}, {regal::new_uuid_v7(), 1, 1}}), "");
    BOOST_FAIL("an unknown vendor was accepted");
  } catch (const regal::Error& e) {
    BOOST_TEST(e.code() == "VALIDATION_FAILED");
    std::string fields;
    for (const auto& f : e.fields()) fields += f.field + ":" + f.code + " ";
    BOOST_TEST(fields.find("vendor_id:not_found") != std::string::npos, fields);
    BOOST_TEST(fields.find("lines[1].product_id:not_found") != std::string::npos, fields);
  }
  BOOST_TEST(on_hand(p, a) == 1);
  BOOST_TEST(scalar("SELECT count(*) FROM branch_document_series WHERE branch_id = '" + a + "'") ==
             0);
}

BOOST_AUTO_TEST_CASE(vendor_payments_lower_the_balance_but_never_below_zero) {
  const std::string a = branch("VP");
  const std::string v = vendor();
  const std::string p = product("VPX", 100, {});
  stock.receive(admin, purchase(v, a, {{p, 10, 300}}), "");
  BOOST_TEST(code_of([&] {
               stock.pay_vendor(admin, {v, 3001, "card", ""}, "");
             }) == "VENDOR_OVERPAYMENT");
  const auto paid = stock.pay_vendor(admin, {v, 1000, "bank_transfer", "Invoice 7"}, "k-" + tag);
  BOOST_TEST(paid.document.balance_after == 2000);
  BOOST_TEST(vendor_balance(v) == 2000);
  const auto again = stock.pay_vendor(admin, {v, 1000, "bank_transfer", "Invoice 7"}, "k-" + tag);
  BOOST_TEST(again.replayed);
  BOOST_TEST(again.document.id == paid.document.id);
  BOOST_TEST(vendor_balance(v) == 2000);
  BOOST_TEST(code_of([&] {
               stock.pay_vendor(admin, {v, 999, "cash", ""}, "k-" + tag);
             }) == "IDEMPOTENCY_KEY_REUSED");
  BOOST_TEST(scalar("SELECT sum(delta) FROM party_ledger WHERE party_type = 'vendor' AND "
                    "party_id = '" +
                    v + "'") == 2000);
}

BOOST_AUTO_TEST_CASE(a_count_is_stored_as_the_delta_against_the_expected_figure) {
  const std::string a = branch("CT");
  const std::string p = product("CNT", 100, {{a, 10, 0}});
  const std::string q = product("CNZ", 100, {});  // never stocked here: expected 0
  const auto done = stock.adjust(
      admin, adjustment(a, AdjustmentKind::kCount, {counted(p, 10, 8), counted(q, 0, 3)}), "");
  BOOST_TEST(done.document.lines[0].delta == -2);
  BOOST_TEST(done.document.lines[0].qty_after == 8);
  BOOST_TEST(done.document.lines[1].delta == 3);
  BOOST_TEST(on_hand(p, a) == 8);
  BOOST_TEST(on_hand(q, a) == 3);
  BOOST_TEST(movements_sum(p, a) == 8);
  BOOST_TEST(movements_sum(q, a) == 3);
  BOOST_TEST(scalar("SELECT count(*) FROM stock_movements WHERE kind = 'count' AND ref_id = '" +
                    done.document.id + "'") == 2);
}

BOOST_AUTO_TEST_CASE(a_sale_committed_while_counting_makes_the_count_fail_not_vanish) {
  const std::string a = branch("RC");
  const std::string reg = register_of(a);
  const std::string shift = open_shift(a, reg, user("cashier"), 0);
  const std::string p = product("RACE", 100, {{a, 10, 0}});
  std::string outcome;
  std::vector<regal::FieldError> fields;
  std::thread counter;
  // A sale holds the stock row while the count (expecting 10) arrives; the sale commits first.
  db.transact([&](regal::pg::Transaction& tx) {
    tx.session() << "UPDATE stock SET qty = qty - 1 WHERE product_id = '" + p +
                        "' AND branch_id = '" + a + "'",
        Poco::Data::Keywords::now;
    tx.session() << "INSERT INTO stock_movements (product_id, branch_id, delta, qty_after, kind) "
                    "VALUES ('" +
                        p + "', '" + a + "', -1, 9, 'sale')",
        Poco::Data::Keywords::now;
    counter = std::thread([&] {
      try {
        stock.adjust(admin, adjustment(a, AdjustmentKind::kCount, {counted(p, 10, 7)}), "");
        outcome = "(none)";
      } catch (const regal::Error& e) {
        outcome = e.code();
        fields = e.fields();
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
  });
  counter.join();
  BOOST_TEST(outcome == "STOCK_CHANGED");
  BOOST_REQUIRE_EQUAL(fields.size(), 1u);
  BOOST_TEST(fields[0].field == "lines[0].expected");
  BOOST_TEST(fields[0].message.find("9") != std::string::npos, fields[0].message);
  BOOST_TEST(on_hand(p, a) == 9);  // the sale stands; the count did not overwrite it
  BOOST_TEST(movements_sum(p, a) == 9);
  BOOST_TEST(scalar("SELECT count(*) FROM stock_adjustments WHERE branch_id = '" + a + "'") == 0);
  // Recounted against the figure now on hand, it goes through.
  stock.adjust(admin, adjustment(a, AdjustmentKind::kCount, {counted(p, 9, 7)}), "");
  BOOST_TEST(on_hand(p, a) == 7);
  // A real sale in between two counts: the second count's stale expectation is refused.
  sales.create(admin, cash_sale(a, reg, shift, p, 2), "");
  BOOST_TEST(code_of([&] {
               stock.adjust(admin, adjustment(a, AdjustmentKind::kCount, {counted(p, 7, 7)}), "");
             }) == "STOCK_CHANGED");
  BOOST_TEST(on_hand(p, a) == 5);
}

BOOST_AUTO_TEST_CASE(damage_respects_the_branch_negative_stock_policy) {
  const std::string blocked = branch("DB");
  const std::string allowed = branch("DA", "allow");
  const std::string p = product("DMG", 100, {{blocked, 2, 0}, {allowed, 2, 0}});
  BOOST_TEST(
      code_of([&] {
        stock.adjust(admin, adjustment(blocked, AdjustmentKind::kDamage, {{p, 3, {}, {}}}), "");
      }) == "INSUFFICIENT_STOCK");
  BOOST_TEST(on_hand(p, blocked) == 2);
  stock.adjust(admin, adjustment(allowed, AdjustmentKind::kDamage, {{p, 3, {}, {}}}), "");
  BOOST_TEST(on_hand(p, allowed) == -1);
  stock.adjust(admin, adjustment(allowed, AdjustmentKind::kFound, {{p, 4, {}, {}}}), "");
  BOOST_TEST(on_hand(p, allowed) == 3);
  BOOST_TEST(movements_sum(p, allowed) == 3);
}

BOOST_AUTO_TEST_CASE(a_transfer_moves_every_line_or_none) {
  const std::string from = branch("TF");
  const std::string to = branch("TT");
  const std::string p = product("TRP", 100, {{from, 10, 0}});
  const std::string q = product("TRQ", 100, {{from, 1, 0}, {to, 4, 0}});
  // The second line cannot be served: nothing moves, not even the first line.
  try {
    stock.transfer(admin, {from, to, "", {{p, 3}, {q, 2}}}, "");
    BOOST_FAIL("an over-transfer was accepted");
  } catch (const regal::Error& e) {
    BOOST_TEST(e.code() == "INSUFFICIENT_STOCK");
    BOOST_REQUIRE(!e.fields().empty());
    BOOST_TEST(e.fields()[0].field == "lines[1].qty");
  }
  BOOST_TEST(on_hand(p, from) == 10);
  BOOST_TEST(on_hand(p, to) == 0);
  BOOST_TEST(on_hand(q, from) == 1);
  BOOST_TEST(on_hand(q, to) == 4);
  BOOST_TEST(scalar("SELECT count(*) FROM stock_movements WHERE kind LIKE 'transfer%' AND "
                    "product_id IN ('" +
                    p + "', '" + q + "')") == 0);
  const auto done = stock.transfer(admin, {from, to, "Restock", {{p, 3}, {q, 1}}}, "");
  const Transfer& t = done.document;
  BOOST_TEST(t.number == "TR-TF" + tag + "-000001");  // the refused one took no number
  BOOST_TEST(t.lines[0].from_qty_after == 7);
  BOOST_TEST(t.lines[0].to_qty_after == 3);
  BOOST_TEST(t.lines[1].from_qty_after == 0);
  BOOST_TEST(t.lines[1].to_qty_after == 5);
  for (const auto& [prod, br] :
       {std::pair{p, from}, std::pair{p, to}, std::pair{q, from}, std::pair{q, to}}) {
    BOOST_TEST(on_hand(prod, br) == movements_sum(prod, br));
  }
  BOOST_TEST(
      scalar("SELECT count(*) FROM stock_movements WHERE ref_type = 'transfer' AND ref_id = '" +
             t.id + "'") == 4);
  BOOST_TEST(code_of([&] {
               stock.transfer(admin, {from, from, "", {{p, 1}}}, "");
             }) == "VALIDATION_FAILED");
}

BOOST_AUTO_TEST_CASE(the_stock_report_flags_rows_at_or_below_their_reorder_level) {
  const std::string a = branch("RL");
  const std::string p = product("LOW", 100, {{a, 3, 5}});
  const std::string q = product("OK", 100, {{a, 9, 5}});
  const auto low = stock.stock(low_in(a));
  BOOST_REQUIRE_EQUAL(low.size(), 1u);
  BOOST_TEST(low[0].product_id == p);
  BOOST_TEST(low[0].below_reorder);
  const auto row = stock.set_reorder_level(admin, a, q, 10);
  BOOST_TEST(row.reorder_level == 10);
  BOOST_TEST(row.below_reorder);
  BOOST_TEST(stock.stock(low_in(a)).size() == 2u);
  // A reorder level for a product never stocked here makes a row holding 0 (Σ movements = 0).
  const std::string r = product("NEW", 100, {});
  BOOST_TEST(stock.set_reorder_level(admin, a, r, 2).qty == 0);
  BOOST_TEST(movements_sum(r, a) == 0);
  BOOST_TEST(code_of([&] { stock.set_reorder_level(admin, a, regal::new_uuid_v7(), 1); }) ==
             "NOT_FOUND");
}

BOOST_AUTO_TEST_CASE(stock_equals_the_sum_of_movements_after_a_concurrent_mix) {
  const std::string a = branch("MA", "allow");
  const std::string b = branch("MB");
  const std::string reg_a = register_of(a);
  const std::string reg_b = register_of(b);
  const std::string cashier = user("cashier");
  const std::string shift_a = open_shift(a, reg_a, cashier, 0);
  const std::string shift_b = open_shift(b, reg_b, cashier, 0);
  const std::string v = vendor();
  std::vector<std::string> products;
  for (int i = 0; i < 4; ++i) {
    products.push_back(product("MX" + std::to_string(i), 100, {{a, 50, 0}, {b, 50, 0}}));
  }
  std::atomic<int> done{0};
  std::atomic<int> refused{0};
  std::mutex failures_mutex;
  std::vector<std::string> failures;
  auto worker = [&](unsigned seed) {
    std::mt19937 rng(seed);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    for (int i = 0; i < 25; ++i) {
      const std::string& p = products[static_cast<std::size_t>(pick(4))];
      const std::string& q = products[static_cast<std::size_t>(pick(4))];
      const bool in_a = pick(2) == 0;
      const std::string& br = in_a ? a : b;
      try {
        switch (pick(6)) {
          case 0:
            stock.receive(admin, purchase(v, br, {{p, 1 + pick(5), 100 + pick(50)}, {q, 1, 90}}),
                          "");
            break;
          case 1:
            stock.adjust(admin,
                         adjustment(br, pick(2) ? AdjustmentKind::kDamage : AdjustmentKind::kFound,
                                    {{p, 1 + pick(3), {}, {}}}),
                         "");
            break;
          case 2: {
            const std::int64_t seen = on_hand(p, br);  // may be stale by the time it lands
            const std::int64_t count = std::max<std::int64_t>(seen, 0) + pick(3);
            stock.adjust(admin, adjustment(br, AdjustmentKind::kCount, {counted(p, seen, count)}),
                         "");
            break;
          }
          case 3:
            if (p != q) {
              stock.transfer(admin, {br, in_a ? b : a, "", {{q, 1 + pick(2)}, {p, 1}}}, "");
            } else {
              stock.transfer(admin, {br, in_a ? b : a, "", {{p, 1 + pick(2)}}}, "");
            }
            break;
          default:
            sales.create(
                admin,
                cash_sale(br, in_a ? reg_a : reg_b, in_a ? shift_a : shift_b, p, 1 + pick(2)), "");
        }
        ++done;
      } catch (const regal::Error& e) {
        if (e.code() == "INSUFFICIENT_STOCK" || e.code() == "STOCK_CHANGED") {
          ++refused;
        } else {
          std::lock_guard<std::mutex> lock(failures_mutex);
          failures.push_back(e.code() + ": " + e.what());
        }
      }
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < 6; ++t) threads.emplace_back(worker, 1000 + t);
  for (auto& t : threads) t.join();
  BOOST_TEST(failures.empty(), (failures.empty() ? "" : failures.front()));
  BOOST_TEST(done.load() > 60, "only " << done.load() << " operations succeeded");
  for (const auto& p : products) {
    for (const auto& br : {a, b}) {
      BOOST_TEST(on_hand(p, br) == movements_sum(p, br), "product " << p << " branch " << br);
      // The newest movement of each row says what the row holds.
      BOOST_TEST(on_hand(p, br) ==
                 scalar("SELECT qty_after FROM stock_movements WHERE product_id = '" + p +
                        "' AND branch_id = '" + br + "' ORDER BY id DESC LIMIT 1"));
    }
    BOOST_TEST(on_hand(p, b) >= 0);  // b blocks negative stock
  }
}

BOOST_AUTO_TEST_CASE(the_ledger_filters_by_product_branch_and_kind_newest_first) {
  const std::string a = branch("LG");
  const std::string p = product("LED", 100, {{a, 5, 0}});
  stock.adjust(admin, adjustment(a, AdjustmentKind::kFound, {{p, 2, {}, {}}}), "");
  stock.adjust(admin, adjustment(a, AdjustmentKind::kLoss, {{p, 1, {}, {}}}), "");
  MovementQuery q;
  q.product_id = p;
  q.branch_id = a;
  const auto all = stock.movements(q);
  BOOST_REQUIRE_EQUAL(all.size(), 3u);
  BOOST_TEST(all[0].kind == "loss");
  BOOST_TEST(all[1].kind == "found");
  BOOST_TEST(all[2].kind == "opening");
  BOOST_TEST(all[0].qty_after == 6);
  q.kind = "found";
  BOOST_TEST(stock.movements(q).size() == 1u);
  q.kind.clear();
  q.before_id = all[0].id;
  q.limit = 1;
  const auto next = stock.movements(q);
  BOOST_REQUIRE_EQUAL(next.size(), 1u);
  BOOST_TEST(next[0].id == all[1].id);
}

BOOST_AUTO_TEST_SUITE_END()
