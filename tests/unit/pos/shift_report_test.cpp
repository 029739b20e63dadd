// The pure part of shifts: expected figures, variance, and the JSON a Z report is stored in.
#include <boost/test/unit_test.hpp>

#include "regal/core/error.hpp"
#include "regal/pos/shift.hpp"
#include "regal/pos/shift_json.hpp"

using namespace regal::pos;

namespace {

ShiftTotals busy_totals() {
  ShiftTotals t;
  t.opening_float = 10000;
  t.sales_count = 3;
  t.sales_gross = 9000;
  t.sales_discounts = 500;
  t.sales_net = 7083;
  t.sales_tax = 1417;
  t.sales_total = 8500;
  t.sales_cost = 4000;
  t.paid_in = 200;
  t.paid_out = 300;
  t.drops = 5000;
  t.no_sale_count = 2;
  t.tenders = {{"card", 3000, 500, 0}, {"cash", 5500, 250, 1000}, {"on_account", 0, 0, 0}};
  t.taxes = {{2000, 7083, 1417, 0, 0}};
  t.first_number = "B-R-000001";
  t.last_number = "B-R-000003";
  return t;
}

const TenderLine& line(const ShiftReport& r, const std::string& method) {
  for (const auto& l : r.tenders) {
    if (l.method == method) return l;
  }
  BOOST_FAIL("no tender " + method);
  return r.tenders.front();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(shift_report)

BOOST_AUTO_TEST_CASE(expected_cash_counts_the_float_sales_deposits_refunds_and_the_drawer) {
  // 10000 + 5500 + 1000 − 250 + 200 − 300 − 5000
  BOOST_TEST(expected_cash(busy_totals()) == 11150);
  ShiftTotals empty;
  empty.opening_float = 700;
  BOOST_TEST(expected_cash(empty) == 700);  // no cash tender row yet
}

BOOST_AUTO_TEST_CASE(an_x_report_has_no_counts_and_a_z_report_has_the_variance_per_tender) {
  Shift shift;
  shift.opening_float = 10000;
  const ShiftReport x = compute_shift_report(shift, busy_totals(), {});
  BOOST_TEST(x.kind == "X");
  BOOST_TEST(!x.variance.has_value());
  BOOST_TEST(x.expected_cash == 11150);
  BOOST_TEST(line(x, "card").expected == 2500);
  BOOST_TEST(x.gross_margin == 7083 - 4000);

  const ShiftReport z = compute_shift_report(
      shift, busy_totals(), {{"cash", 11100, {}}, {"card", 2500, {}}});
  BOOST_TEST(z.kind == "Z");
  BOOST_TEST(*line(z, "cash").variance == -50);
  BOOST_TEST(*line(z, "card").variance == 0);
  BOOST_TEST(*z.variance == -50);
  BOOST_TEST(*z.counted_cash == 11100);
  BOOST_TEST(!line(z, "on_account").counted.has_value());  // never counted
}

BOOST_AUTO_TEST_CASE(the_drawer_never_pays_out_more_than_it_should_hold) {
  const ShiftTotals t = busy_totals();  // 11150 expected in the drawer
  CashMovement m;
  m.kind = CashMovementKind::kPaidOut;
  m.amount = 11150;
  BOOST_CHECK_NO_THROW(check_drawer_can_pay(t, m));
  m.amount = 11151;
  BOOST_CHECK_THROW(check_drawer_can_pay(t, m), regal::Error);
  m.kind = CashMovementKind::kDrop;
  BOOST_CHECK_THROW(check_drawer_can_pay(t, m), regal::Error);
  m.kind = CashMovementKind::kPaidIn;  // money in is always fine …
  BOOST_CHECK_NO_THROW(check_drawer_can_pay(t, m));
  m.amount = -11151;  // … but reversing a paid-in takes it out again
  BOOST_CHECK_THROW(check_drawer_can_pay(t, m), regal::Error);
  m.kind = CashMovementKind::kPaidOut;  // reversing a paid-out puts cash back
  BOOST_CHECK_NO_THROW(check_drawer_can_pay(t, m));
}

BOOST_AUTO_TEST_CASE(store_credit_and_on_account_and_double_counts_are_refused) {
  BOOST_CHECK_THROW(compute_shift_report({}, busy_totals(), {{"on_account", 1, {}}}),
                    regal::Error);
  BOOST_CHECK_THROW(compute_shift_report({}, busy_totals(), {{"store_credit", 1, {}}}),
                    regal::Error);
  BOOST_CHECK_THROW(
      compute_shift_report({}, busy_totals(), {{"cash", 1, {}}, {"cash", 2, {}}}), regal::Error);
}

BOOST_AUTO_TEST_CASE(a_stored_z_report_reads_back_with_every_figure) {
  Shift shift;
  shift.id = "01a208dc-0000-7000-8000-000000000001";
  shift.opening_float = 10000;
  shift.opening_counts = {{5000, 1}, {1000, 5}};
  ShiftReport z = compute_shift_report(shift, busy_totals(), {{"cash", 11100, {{100, 111}}}});
  z.id = "01a208dc-0000-7000-8000-000000000002";
  z.number = "B-R-Z000007";
  z.seq = 7;
  z.grand_total = 123456;
  z.branch_name = "Main Street — Café";
  z.currency = "EUR";
  z.currency_digits = 2;
  const ShiftReport back = shift_report_from_json(shift_report_to_json(z));
  BOOST_TEST(back.number == z.number);
  BOOST_TEST(back.seq == 7);
  BOOST_TEST(back.grand_total == 123456);
  BOOST_TEST(back.branch_name == z.branch_name);
  BOOST_TEST(back.expected_cash == z.expected_cash);
  BOOST_TEST(*back.variance == *z.variance);
  BOOST_TEST(back.tenders.size() == z.tenders.size());
  BOOST_TEST(back.totals.sales_net == 7083);
  BOOST_TEST(back.totals.drops == 5000);
  BOOST_TEST(back.totals.taxes.size() == 1u);
  BOOST_TEST(back.shift.opening_counts.size() == 2u);
  BOOST_TEST(back.totals.last_number == "B-R-000003");
  // Re-serialising gives the same text: nothing is lost on the way through the database.
  BOOST_TEST(shift_report_to_json(back) == shift_report_to_json(z));
}

BOOST_AUTO_TEST_CASE(a_blind_report_hides_what_the_drawer_should_hold) {
  const ShiftReport x = compute_shift_report({}, busy_totals(), {});
  const std::string json = shift_report_to_json(x, true);
  BOOST_TEST(json.find("\"blind\":true") != std::string::npos);
  BOOST_TEST(json.find("\"expected_cash\":null") != std::string::npos);
  BOOST_TEST(json.find("11150") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_malformed_stored_body_is_an_internal_error) {
  BOOST_CHECK_THROW(shift_report_from_json("{\"kind\":\"Z\"}"), regal::Error);
  BOOST_CHECK_THROW(shift_report_from_json("not json"), regal::Error);
}

BOOST_AUTO_TEST_SUITE_END()
