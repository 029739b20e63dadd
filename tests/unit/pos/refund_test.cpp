// Specification of lib/src/pos/refund.cpp (docs/SALES.md, "Refunds"): request validation, the
// refund of a locked sale (lines, caps, tenders that must equal the total, store credit), and the
// figures of refunded units over random lines.
#include "regal/pos/refund.hpp"

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "regal/core/error.hpp"
#include "support/error_code.hpp"

using namespace regal::pos;
using regal::test::code_of;

namespace {

__extension__ using i128 = __int128;

const std::string kShift = "0190f0f0-0000-7000-8000-000000000001";
const std::string kLineA = "0190f0f0-0000-7000-8000-0000000000a1";
const std::string kLineB = "0190f0f0-0000-7000-8000-0000000000b1";

// A completed sale of two lines: 3 × 1.99 at 17.5 % inclusive and 1 × 10.00 at 0 %.
RefundableSale sale() {
  const SaleFigures f = calculate_sale({{3, 199, 0, 1750, true}, {1, 1000, 0, 0, true}}, {});
  RefundableSale s;
  s.id = "0190f0f0-0000-7000-8000-0000000000ff";
  s.number = "B1-R1-000007";
  s.status = "completed";
  s.branch_id = "0190f0f0-0000-7000-8000-0000000000bb";
  s.lines.push_back({kLineA, "p-a", "c-a", "TEA", "Tea", 3, 0, 1750, 120, f.lines[0]});
  s.lines.push_back({kLineB, "", "", "", "Gift wrap", 1, 0, 0, 0, f.lines[1]});
  return s;
}

RefundRequest request(std::vector<RefundLineRequest> lines,
                      std::vector<RefundPayment> payments = {}) {
  RefundRequest r;
  r.sale_id = sale().id;
  r.shift_id = kShift;
  r.lines = std::move(lines);
  r.payments = std::move(payments);
  return r;
}

std::vector<std::string> fields_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const regal::Error& e) {
    std::vector<std::string> out;
    for (const auto& f : e.fields()) out.push_back(f.field + ":" + f.code);
    return out;
  }
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(refunds)

// --- request validation ------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_well_formed_request_passes_validation) {
  BOOST_CHECK_NO_THROW(check_refund_request(request({{kLineA, 1, Disposition::kDamaged}})));
}

BOOST_AUTO_TEST_CASE(validation_names_every_bad_field_at_once) {
  RefundRequest r = request({{"", 1, Disposition::kRestock}, {"nope", 0, Disposition::kRestock}},
                            {{RefundMethod::kCash, 0}});
  r.shift_id = "";
  r.client_id = "not-a-uuid";
  r.reason = "two\nlines";
  const auto fields = fields_of([&] { check_refund_request(r); });
  const std::vector<std::string> expected = {"shift_id:required",
                                             "client_id:invalid_id",
                                             "lines[0].line_id:required",
                                             "lines[1].line_id:invalid_id",
                                             "lines[1].qty:must_be_positive",
                                             "payments[0].amount:must_be_positive",
                                             "reason:invalid_text"};
  BOOST_TEST(fields == expected, boost::test_tools::per_element());
  BOOST_TEST(code_of([&] { check_refund_request(r); }) == "VALIDATION_FAILED");
}

BOOST_AUTO_TEST_CASE(a_refund_needs_lines_and_at_most_twenty_tenders) {
  BOOST_TEST(fields_of([] { check_refund_request(request({})); }) ==
                 std::vector<std::string>{"lines:required"},
             boost::test_tools::per_element());
  RefundRequest r = request({{kLineA, 1, Disposition::kRestock}},
                            std::vector<RefundPayment>(21, {RefundMethod::kCard, 1}));
  BOOST_TEST(
      fields_of([&] { check_refund_request(r); }) == std::vector<std::string>{"payments:too_many"},
      boost::test_tools::per_element());
}

// --- computing a refund ------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(without_tenders_the_whole_refund_is_paid_in_cash) {
  const Refund f = compute_refund(request({{kLineA, 1, Disposition::kRestock}}), sale());
  BOOST_TEST(f.total == 199);
  BOOST_TEST(f.net + f.tax_total == f.total);
  BOOST_REQUIRE_EQUAL(f.payments.size(), 1u);
  BOOST_TEST((f.payments[0].method == RefundMethod::kCash));
  BOOST_TEST(f.payments[0].amount == 199);
  BOOST_TEST(f.cost == 120);
  BOOST_TEST(f.lines[0].category_id == "c-a");
}

BOOST_AUTO_TEST_CASE(tenders_must_add_up_exactly_to_the_refund_total) {
  const auto short_by_one = request({{kLineA, 1, Disposition::kRestock}},
                                    {{RefundMethod::kCash, 100}, {RefundMethod::kCard, 98}});
  BOOST_TEST(code_of([&] { compute_refund(short_by_one, sale()); }) == "REFUND_PAYMENTS_MISMATCH");
  const auto over_by_one = request({{kLineA, 1, Disposition::kRestock}},
                                   {{RefundMethod::kCash, 100}, {RefundMethod::kCard, 100}});
  BOOST_TEST(code_of([&] { compute_refund(over_by_one, sale()); }) == "REFUND_PAYMENTS_MISMATCH");
  const auto exact = request({{kLineA, 1, Disposition::kRestock}},
                             {{RefundMethod::kCash, 100}, {RefundMethod::kCard, 99}});
  const Refund f = compute_refund(exact, sale());
  BOOST_TEST(f.payments.size() == 2u);
  BOOST_TEST(f.payments[1].amount == 99);
}

BOOST_AUTO_TEST_CASE(store_credit_needs_a_sale_with_a_customer) {
  const auto credit =
      request({{kLineB, 1, Disposition::kRestock}}, {{RefundMethod::kStoreCredit, 1000}});
  BOOST_TEST(code_of([&] { compute_refund(credit, sale()); }) == "STORE_CREDIT_NEEDS_CUSTOMER");
  RefundableSale with_customer = sale();
  with_customer.customer_id = "0190f0f0-0000-7000-8000-0000000000cc";
  const Refund f = compute_refund(credit, with_customer);
  BOOST_TEST(f.customer_id == with_customer.customer_id);
  BOOST_TEST(f.total == 1000);
}

BOOST_AUTO_TEST_CASE(a_void_sale_refunds_nothing) {
  RefundableSale void_sale = sale();
  void_sale.status = "void";
  BOOST_TEST(code_of([&] {
               compute_refund(request({{kLineA, 1, Disposition::kRestock}}), void_sale);
             }) == "SALE_VOID");
}

BOOST_AUTO_TEST_CASE(a_line_of_another_sale_is_named_in_the_error) {
  const auto r = request({{kLineA, 1, Disposition::kRestock},
                          {"0190f0f0-0000-7000-8000-00000000dead", 1, Disposition::kRestock}});
  BOOST_TEST(code_of([&] { compute_refund(r, sale()); }) == "UNKNOWN_SALE_LINE");
  BOOST_TEST(fields_of([&] { compute_refund(r, sale()); }) ==
                 std::vector<std::string>{"lines[1].line_id:not_in_sale"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(no_more_than_what_is_left_can_be_refunded) {
  RefundableSale s = sale();
  s.lines[0].refunded_qty = 2;
  const auto two = request({{kLineA, 2, Disposition::kRestock}});
  BOOST_TEST(code_of([&] { compute_refund(two, s); }) == "REFUND_EXCEEDS_SOLD");
  BOOST_TEST(fields_of([&] { compute_refund(two, s); }) ==
                 std::vector<std::string>{"lines[0].qty:exceeds_refundable"},
             boost::test_tools::per_element());
  // The same line twice counts both: 1 restocked + 1 damaged is 2 > 1 left.
  const auto split =
      request({{kLineA, 1, Disposition::kRestock}, {kLineA, 1, Disposition::kDamaged}});
  BOOST_TEST(fields_of([&] { compute_refund(split, s); }) ==
                 std::vector<std::string>{"lines[1].qty:exceeds_refundable"},
             boost::test_tools::per_element());
  BOOST_TEST(compute_refund(request({{kLineA, 1, Disposition::kRestock}}), s).total == 199);
}

BOOST_AUTO_TEST_CASE(refunding_every_unit_returns_exactly_the_sale) {
  const RefundableSale s = sale();
  const auto all = request({{kLineA, 2, Disposition::kRestock},
                            {kLineA, 1, Disposition::kDamaged},
                            {kLineB, 1, Disposition::kRestock}});
  const Refund f = compute_refund(all, s);
  const std::int64_t sold_total = s.lines[0].figures.total + s.lines[1].figures.total;
  const std::int64_t sold_tax = s.lines[0].figures.tax + s.lines[1].figures.tax;
  BOOST_TEST(f.total == sold_total);
  BOOST_TEST(f.tax_total == sold_tax);
  BOOST_TEST(f.net == sold_total - sold_tax);
  BOOST_REQUIRE_EQUAL(f.taxes.size(), 2u);  // 0 % and 17.5 %, ascending
  BOOST_TEST(f.taxes[0].rate_bp == 0);
  BOOST_TEST(f.taxes[1].tax == sold_tax);
  BOOST_TEST(f.lines[1].line_no == 2);
  BOOST_TEST((f.lines[1].disposition == Disposition::kDamaged));
}

BOOST_AUTO_TEST_CASE(units_that_return_nothing_are_refused) {
  RefundableSale s = sale();
  s.lines[1].figures = calculate_sale({{1, 0, 0, 0, true}}, {}).lines[0];  // a free line
  BOOST_TEST(code_of([&] {
               compute_refund(request({{kLineB, 1, Disposition::kRestock}}), s);
             }) == "NOTHING_TO_REFUND");
}

BOOST_AUTO_TEST_CASE(the_salesman_loses_commission_on_the_refunded_net) {
  RefundableSale s = sale();
  s.salesman_id = "0190f0f0-0000-7000-8000-0000000000dd";
  s.commission_rate_bp = 500;  // 5 %
  const Refund f = compute_refund(request({{kLineB, 1, Disposition::kRestock}}), s);
  BOOST_TEST(f.commission_takeback == 50);  // 1000 × 5 %
  s.salesman_id.clear();
  BOOST_TEST(compute_refund(request({{kLineB, 1, Disposition::kRestock}}), s).commission_takeback ==
             0);
}

BOOST_AUTO_TEST_CASE(the_hash_ignores_the_approval_token_but_not_the_tenders) {
  RefundRequest a = request({{kLineA, 1, Disposition::kRestock}});
  RefundRequest b = a;
  b.approval_token = "something";
  BOOST_TEST(refund_request_hash(a) == refund_request_hash(b));
  b.payments = {{RefundMethod::kCard, 199}};
  BOOST_TEST(refund_request_hash(a) != refund_request_hash(b));
  b = a;
  b.lines[0].disposition = Disposition::kDamaged;
  BOOST_TEST(refund_request_hash(a) != refund_request_hash(b));
}

// --- figures of refunded units, over random lines ---------------------------------------------

BOOST_AUTO_TEST_CASE(partial_refunds_keep_net_plus_tax_equal_to_total_and_add_up_to_the_line) {
  std::mt19937_64 rng(20261123);
  auto pick = [&](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  };
  int lines_checked = 0;
  for (int n = 0; n < 5000; ++n) {
    const std::int64_t qty = pick(1, 40);
    const LineInput in{qty, pick(0, 100000), pick(0, 3) == 0 ? pick(0, 10000) : 0,
                       pick(0, 2) == 0 ? 0 : pick(0, 3000), pick(0, 1) == 0};
    const LineFigures sold = calculate_sale({in}, {}).lines[0];
    LineFigures back{};
    for (std::int64_t already = 0; already < qty;) {
      const std::int64_t k = pick(1, qty - already);
      const LineFigures part = refund_line_figures(sold, qty, already, k);
      if (part.tax < 0 || part.net < 0 || part.net + part.tax != part.total) {
        BOOST_TEST_REQUIRE(false, "line " << n << ": tax " << part.tax << " net " << part.net
                                          << " total " << part.total);
      }
      // The tax is within two minor units of its exact share.
      const i128 gap = i128{part.tax} * qty - i128{sold.tax} * k;
      if (!(gap > -2 * i128{qty} && gap < 2 * i128{qty})) BOOST_TEST_REQUIRE(false, "line " << n);
      back.gross += part.gross;
      back.net += part.net;
      back.tax += part.tax;
      back.total += part.total;
      already += k;
    }
    if (back.gross != sold.gross || back.net != sold.net || back.tax != sold.tax ||
        back.total != sold.total) {
      BOOST_TEST_REQUIRE(false, "line " << n << " does not add up");
    }
    ++lines_checked;
  }
  BOOST_TEST(lines_checked == 5000);
}

BOOST_AUTO_TEST_CASE(the_documented_example_splits_tax_from_each_total) {
  // 3 × 1.99 at 17.5 % inclusive: net 508, tax 89, total 597; one unit at a time.
  const LineFigures sold = calculate_sale({{3, 199, 0, 1750, true}}, {}).lines[0];
  std::vector<std::int64_t> totals, taxes, nets;
  for (std::int64_t r = 0; r < 3; ++r) {
    const LineFigures f = refund_line_figures(sold, 3, r, 1);
    totals.push_back(f.total);
    taxes.push_back(f.tax);
    nets.push_back(f.net);
  }
  BOOST_TEST(totals == (std::vector<std::int64_t>{199, 199, 199}),
             boost::test_tools::per_element());
  BOOST_TEST(taxes == (std::vector<std::int64_t>{29, 30, 30}), boost::test_tools::per_element());
  BOOST_TEST(nets == (std::vector<std::int64_t>{170, 169, 169}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
