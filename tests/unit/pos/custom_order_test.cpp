// Custom orders — the pure rules (lib/src/pos/custom_order.cpp): status transitions, deposit
// caps, balance due, the delivering invoice's tenders and what a cancellation gives back.
#include "regal/pos/custom_order.hpp"

#include <boost/test/unit_test.hpp>
#include <functional>

#include "regal/core/error.hpp"
#include "regal/pos/custom_order_service.hpp"

using regal::pos::CustomOrder;
using regal::pos::OrderStatus;
using regal::pos::PaymentMethod;

namespace {

std::string code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const regal::Error& e) {
    return e.code();
  }
  return "";
}

// 3 × 1.99 at 17.5 % and 1 × 10.00 less 5 % at 7 %, inclusive: total 1547 (docs/MONEY.md).
CustomOrder example(std::int64_t paid = 0) {
  CustomOrder o;
  o.id = "o";
  o.customer_id = "c";
  regal::pos::SaleLine a;
  a.line_no = 1;
  a.qty = 3;
  a.unit_price = 199;
  a.tax_rate_bp = 1750;
  regal::pos::SaleLine b;
  b.line_no = 2;
  b.qty = 1;
  b.unit_price = 1000;
  b.discount_bp = 500;
  b.tax_rate_bp = 700;
  o.lines = {a, b};
  o.total = 1547;
  o.paid = paid;
  return o;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(custom_order)

BOOST_AUTO_TEST_CASE(open_goes_to_ready_or_cancelled_and_ready_to_delivered_or_cancelled) {
  using S = OrderStatus;
  const S all[] = {S::kOpen, S::kReady, S::kDelivered, S::kCancelled};
  for (const S from : all) {
    for (const S to : all) {
      const bool expected = (from == S::kOpen && (to == S::kReady || to == S::kCancelled)) ||
                            (from == S::kReady && (to == S::kDelivered || to == S::kCancelled));
      BOOST_TEST(regal::pos::order_transition_allowed(from, to) == expected,
                 std::string(to_string(from)) + " -> " + to_string(to));
    }
  }
  BOOST_TEST(code_of([] { regal::pos::check_order_transition(S::kOpen, S::kDelivered); }) ==
             "ORDER_STATUS_CONFLICT");
  BOOST_TEST(code_of([] { regal::pos::check_order_transition(S::kReady, S::kCancelled); }).empty());
}

BOOST_AUTO_TEST_CASE(statuses_round_trip_through_their_names) {
  for (const auto s : {OrderStatus::kOpen, OrderStatus::kReady, OrderStatus::kDelivered,
                       OrderStatus::kCancelled}) {
    BOOST_TEST((regal::pos::parse_order_status(to_string(s)) == s));
  }
  BOOST_TEST(!regal::pos::parse_order_status("lost"));
}

BOOST_AUTO_TEST_CASE(a_deposit_may_fill_the_balance_but_never_exceed_it) {
  const CustomOrder o = example(1000);
  BOOST_TEST(o.balance_due() == 547);
  BOOST_TEST(code_of([&] { regal::pos::check_deposit(o, 547); }).empty());
  BOOST_TEST(code_of([&] { regal::pos::check_deposit(o, 548); }) == "DEPOSIT_EXCEEDS_BALANCE");
  CustomOrder done = o;
  done.status = OrderStatus::kDelivered;
  BOOST_TEST(done.balance_due() == 0);
  BOOST_TEST(code_of([&] { regal::pos::check_deposit(done, 1); }) == "ORDER_NOT_OPEN");
  done.status = OrderStatus::kCancelled;
  BOOST_TEST(code_of([&] { regal::pos::check_deposit(done, 1); }) == "ORDER_NOT_OPEN");
}

BOOST_AUTO_TEST_CASE(the_invoice_pays_with_the_deposits_first_then_the_balance) {
  const CustomOrder o = example(1000);
  const auto sale = regal::pos::delivery_sale(o, {{PaymentMethod::kCash, 600}});
  BOOST_TEST(sale.total == 1547);  // recomputed: the same cents as stored
  BOOST_TEST(sale.tax_total == 151);
  BOOST_REQUIRE_EQUAL(sale.payments.size(), 2u);
  BOOST_TEST((sale.payments[0].method == PaymentMethod::kDeposit));
  BOOST_TEST(sale.payments[0].amount == 1000);
  BOOST_TEST(sale.paid == 1600);
  BOOST_TEST(sale.change == 53);
  BOOST_TEST(sale.paid - sale.change == sale.total);
  BOOST_TEST(sale.customer_id == "c");
  BOOST_TEST(code_of([&] {
               regal::pos::delivery_sale(o, {{PaymentMethod::kCard, 546}});
             }) == "INSUFFICIENT_PAYMENT");
  // Fully paid in advance: no tender is needed; none at all when nothing was paid is short.
  BOOST_TEST(regal::pos::delivery_sale(example(1547), {}).change == 0);
  BOOST_TEST(regal::pos::invoice_payments(example(0), {}).empty());
}

BOOST_AUTO_TEST_CASE(a_cancellation_returns_each_tenders_net_deposits) {
  CustomOrder o = example(900);
  const auto row = [](const char* kind, const char* method, std::int64_t amount) {
    regal::pos::OrderDeposit d;
    d.kind = kind;
    d.method = method;
    d.amount = amount;
    return d;
  };
  o.deposits = {row("deposit", "cash", 500), row("deposit", "card", 300),
                row("deposit", "cash", 200), row("return", "card", -300)};
  const auto back = regal::pos::deposits_to_return(o);
  BOOST_REQUIRE_EQUAL(back.size(), 1u);
  BOOST_TEST((back[0].method == PaymentMethod::kCash));
  BOOST_TEST(back[0].amount == 700);
}

BOOST_AUTO_TEST_CASE(due_dates_are_real_calendar_days) {
  BOOST_TEST(regal::pos::is_calendar_date("2028-02-29"));
  BOOST_TEST(!regal::pos::is_calendar_date("2027-02-29"));
  BOOST_TEST(!regal::pos::is_calendar_date("2026-13-01"));
  BOOST_TEST(!regal::pos::is_calendar_date("2026-1-01"));
  BOOST_TEST(!regal::pos::is_calendar_date("tomorrow!!"));
}

BOOST_AUTO_TEST_SUITE_END()
