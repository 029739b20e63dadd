// The pure rules of stock operations: moving-average cost, shape checks of purchases,
// adjustments, transfers and vendor payments, request hashes and document numbers.
#include "regal/pos/stock_ops.hpp"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <limits>

using namespace regal::pos;
using regal::FieldError;

namespace {

const std::string kA = "0190a1b2-0000-7000-8000-000000000001";
const std::string kB = "0190a1b2-0000-7000-8000-000000000002";
const std::string kP = "0190a1b2-0000-7000-8000-0000000000a1";
const std::string kQ = "0190a1b2-0000-7000-8000-0000000000a2";

bool has(const std::vector<FieldError>& errors, const std::string& field, const std::string& code) {
  return std::any_of(errors.begin(), errors.end(),
                     [&](const FieldError& e) { return e.field == field && e.code == code; });
}

std::string dump(const std::vector<FieldError>& errors) {
  std::string out;
  for (const auto& e : errors) out += e.field + ":" + e.code + " ";
  return out;
}

PurchaseRequest purchase() {
  PurchaseRequest r;
  r.vendor_id = kA;
  r.branch_id = kB;
  r.lines = {{kP, 10, 250}, {kQ, 2, 1000}};
  return r;
}

AdjustmentRequest count(std::int64_t counted, std::int64_t expected) {
  AdjustmentRequest r;
  r.branch_id = kB;
  r.kind = AdjustmentKind::kCount;
  r.reason = "Monthly count";
  AdjustmentLineRequest l;
  l.product_id = kP;
  l.counted = counted;
  l.expected = expected;
  r.lines = {l};
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(stock_ops)

BOOST_AUTO_TEST_CASE(moving_average_weights_the_stock_on_hand_by_quantity) {
  // 10 held at 100, 30 received at 200: (1000 + 6000) / 40 = 175.
  BOOST_TEST(moving_average_cost(10, 100, 30, 6000) == 175);
  // Nothing held: the received average.
  BOOST_TEST(moving_average_cost(0, 999, 4, 1000) == 250);
}

BOOST_AUTO_TEST_CASE(moving_average_treats_negative_stock_as_none_held) {
  // 5 were sold below zero at the old cost; the 20 received set the cost alone.
  BOOST_TEST(moving_average_cost(-5, 100, 20, 4000) == 200);
}

BOOST_AUTO_TEST_CASE(moving_average_rounds_half_to_even) {
  BOOST_TEST(moving_average_cost(1, 100, 1, 101) == 100);  // 100.5 → 100
  BOOST_TEST(moving_average_cost(1, 102, 1, 101) == 102);  // 101.5 → 102
  BOOST_TEST(moving_average_cost(2, 100, 1, 101) == 100);  // 100.33 → 100
  BOOST_TEST(moving_average_cost(1, 100, 2, 203) == 101);  // 101 exactly
}

BOOST_AUTO_TEST_CASE(moving_average_is_exact_for_huge_figures) {
  const std::int64_t big = std::numeric_limits<std::int64_t>::max();
  // held × cost overflows 64 bits; the average of equal costs is that cost.
  BOOST_TEST(moving_average_cost(big, 1'000'000'000'000'000, 1, 1'000'000'000'000'000) ==
             1'000'000'000'000'000);
  BOOST_CHECK_THROW(moving_average_cost(1, 1, 0, 0), regal::Error);
}

BOOST_AUTO_TEST_CASE(a_valid_purchase_has_no_errors) {
  std::vector<FieldError> errors;
  check_purchase(purchase(), errors);
  BOOST_TEST(errors.empty(), dump(errors));
}

BOOST_AUTO_TEST_CASE(purchase_lines_need_products_positive_quantities_and_costs) {
  PurchaseRequest r = purchase();
  r.vendor_id = "not-a-uuid";
  r.branch_id.clear();
  r.lines = {{"", 0, -1}, {kQ, kMaxStockQty + 1, 5}};
  std::vector<FieldError> errors;
  check_purchase(r, errors);
  BOOST_TEST(has(errors, "vendor_id", "invalid_id"), dump(errors));
  BOOST_TEST(has(errors, "branch_id", "required"), dump(errors));
  BOOST_TEST(has(errors, "lines[0].product_id", "required"), dump(errors));
  BOOST_TEST(has(errors, "lines[0].qty", "out_of_range"), dump(errors));
  BOOST_TEST(has(errors, "lines[0].unit_cost", "out_of_range"), dump(errors));
  BOOST_TEST(has(errors, "lines[1].qty", "out_of_range"), dump(errors));
  r.lines.clear();
  errors.clear();
  check_purchase(r, errors);
  BOOST_TEST(has(errors, "lines", "required"), dump(errors));
}

BOOST_AUTO_TEST_CASE(purchase_totals_beyond_the_money_limit_are_refused) {
  PurchaseRequest r = purchase();
  r.lines = {{kP, kMaxStockQty, kMaxStockMoney}};
  std::vector<FieldError> errors;
  check_purchase(r, errors);
  BOOST_TEST(has(errors, "lines[0].unit_cost", "total_too_large"), dump(errors));
}

BOOST_AUTO_TEST_CASE(a_purchase_cannot_be_paid_more_than_its_total_or_by_an_unknown_method) {
  PurchaseRequest r = purchase();  // total 4500
  r.paid = PurchasePayment{4501, "cheque"};
  std::vector<FieldError> errors;
  check_purchase(r, errors);
  BOOST_TEST(has(errors, "paid.amount", "exceeds_total"), dump(errors));
  BOOST_TEST(has(errors, "paid.method", "invalid_choice"), dump(errors));
  r.paid = PurchasePayment{4500, "bank_transfer"};
  errors.clear();
  check_purchase(r, errors);
  BOOST_TEST(errors.empty(), dump(errors));
  r.paid = PurchasePayment{0, "cash"};
  check_purchase(r, errors);
  BOOST_TEST(has(errors, "paid.amount", "must_be_positive"), dump(errors));
}

BOOST_AUTO_TEST_CASE(an_adjustment_needs_a_reason_and_a_kind) {
  AdjustmentRequest r = count(5, 4);
  r.reason = "   ";
  r.kind.reset();
  std::vector<FieldError> errors;
  check_adjustment(r, errors);
  BOOST_TEST(has(errors, "reason", "required"), dump(errors));
  BOOST_TEST(has(errors, "kind", "required"), dump(errors));
}

BOOST_AUTO_TEST_CASE(a_count_gives_counted_and_expected_and_no_quantity) {
  std::vector<FieldError> errors;
  check_adjustment(count(5, -3), errors);  // negative stock on screen is a valid expectation
  BOOST_TEST(errors.empty(), dump(errors));
  AdjustmentRequest r = count(-1, 4);
  r.lines[0].qty = 2;
  r.lines.push_back({kQ, 0, std::nullopt, std::nullopt});
  check_adjustment(r, errors);
  BOOST_TEST(has(errors, "lines[0].counted", "out_of_range"), dump(errors));
  BOOST_TEST(has(errors, "lines[0].qty", "not_allowed"), dump(errors));
  BOOST_TEST(has(errors, "lines[1].counted", "required"), dump(errors));
  BOOST_TEST(has(errors, "lines[1].expected", "required"), dump(errors));
}

BOOST_AUTO_TEST_CASE(damage_loss_and_found_take_a_positive_quantity_only) {
  for (const auto kind : {AdjustmentKind::kDamage, AdjustmentKind::kLoss, AdjustmentKind::kFound}) {
    AdjustmentRequest r = count(1, 1);
    r.kind = kind;
    std::vector<FieldError> errors;
    check_adjustment(r, errors);
    BOOST_TEST(has(errors, "lines[0].counted", "not_allowed"), dump(errors));
    BOOST_TEST(has(errors, "lines[0].qty", "out_of_range"), dump(errors));
  }
}

BOOST_AUTO_TEST_CASE(a_product_appears_once_per_adjustment_and_transfer) {
  AdjustmentRequest a = count(1, 1);
  a.lines.push_back(a.lines[0]);
  std::vector<FieldError> errors;
  check_adjustment(a, errors);
  BOOST_TEST(has(errors, "lines[1].product_id", "duplicate"), dump(errors));
  TransferRequest t{kA, kB, "", {{kP, 1}, {kP, 2}}};
  errors.clear();
  check_transfer(t, errors);
  BOOST_TEST(has(errors, "lines[1].product_id", "duplicate"), dump(errors));
}

BOOST_AUTO_TEST_CASE(a_transfer_goes_to_another_branch) {
  TransferRequest t{kA, kA, "", {{kP, 1}}};
  std::vector<FieldError> errors;
  check_transfer(t, errors);
  BOOST_TEST(has(errors, "to_branch_id", "same_branch"), dump(errors));
  t.to_branch_id = kB;
  t.lines[0].qty = 0;
  errors.clear();
  check_transfer(t, errors);
  BOOST_TEST(has(errors, "lines[0].qty", "out_of_range"), dump(errors));
  BOOST_TEST(!has(errors, "to_branch_id", "same_branch"), dump(errors));
}

BOOST_AUTO_TEST_CASE(vendor_payments_need_a_positive_amount_and_a_known_method) {
  std::vector<FieldError> errors;
  check_vendor_payment({kA, 0, "iou", std::string(501, 'x')}, errors);
  BOOST_TEST(has(errors, "amount", "out_of_range"), dump(errors));
  BOOST_TEST(has(errors, "method", "invalid_choice"), dump(errors));
  BOOST_TEST(has(errors, "note", "too_long"), dump(errors));
  errors.clear();
  check_vendor_payment({kA, 100, "card", "Invoice 17"}, errors);
  BOOST_TEST(errors.empty(), dump(errors));
}

BOOST_AUTO_TEST_CASE(request_hashes_tell_requests_apart) {
  const PurchaseRequest a = purchase();
  PurchaseRequest b = purchase();
  BOOST_TEST(request_hash(a) == request_hash(b));
  b.lines[0].qty = 11;
  BOOST_TEST(request_hash(a) != request_hash(b));
  BOOST_TEST(request_hash(count(5, 4)) != request_hash(count(4, 5)));
  // Length-prefixed text: moving characters between fields changes the hash.
  PurchaseRequest c = purchase();
  c.reference = "AB";
  PurchaseRequest d = purchase();
  d.reference = "A";
  d.branch_id += "B";
  BOOST_TEST(request_hash(c) != request_hash(d));
}

BOOST_AUTO_TEST_CASE(document_numbers_carry_prefix_branch_and_six_digits) {
  BOOST_TEST(stock_document_number("PO", "B1", 42) == "PO-B1-000042");
  BOOST_TEST(stock_document_number("TR", "MAIN", 1234567) == "TR-MAIN-1234567");
}

BOOST_AUTO_TEST_SUITE_END()
