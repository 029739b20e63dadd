// The pure rules of expenses: shape checks, category changes, the drawer paid-out's reason.
#include "regal/pos/expenses.hpp"

#include <algorithm>
#include <boost/test/unit_test.hpp>

#include "regal/core/text.hpp"

using namespace regal::pos;
using regal::FieldError;

namespace {

bool has(const std::vector<FieldError>& errors, const std::string& field, const std::string& code) {
  return std::any_of(errors.begin(), errors.end(),
                     [&](const FieldError& e) { return e.field == field && e.code == code; });
}

ExpenseRequest valid() {
  ExpenseRequest r;
  r.branch_id = "0190a1b2-0000-7000-8000-000000000001";
  r.category_id = "0190a1b2-0000-7000-8000-000000000002";
  r.amount = 1500;
  r.note = "Window cleaning\nMarch";
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(expenses)

BOOST_AUTO_TEST_CASE(a_valid_expense_has_no_errors) {
  std::vector<FieldError> errors;
  check_expense(valid(), errors);
  BOOST_TEST(errors.empty());
}

BOOST_AUTO_TEST_CASE(an_expense_needs_a_branch_a_category_and_a_positive_amount) {
  ExpenseRequest r = valid();
  r.branch_id.clear();
  r.category_id = "rent";
  r.amount = 0;
  r.note = std::string("bad\0note", 8);
  std::vector<FieldError> errors;
  check_expense(r, errors);
  BOOST_TEST(has(errors, "branch_id", "required"));
  BOOST_TEST(has(errors, "category_id", "invalid_id"));
  BOOST_TEST(has(errors, "amount", "out_of_range"));
  BOOST_TEST(has(errors, "note", "invalid_character"));
  r = valid();
  r.amount = kMaxExpenseAmount + 1;
  r.drawer_shift_id = "";
  errors.clear();
  check_expense(r, errors);
  BOOST_TEST(has(errors, "amount", "out_of_range"));
  BOOST_TEST(has(errors, "paid_from_drawer.shift_id", "required"));
}

BOOST_AUTO_TEST_CASE(a_category_needs_a_name_on_create_and_some_change_on_update) {
  std::vector<FieldError> errors;
  check_expense_category({std::nullopt, true}, true, errors);
  BOOST_TEST(has(errors, "name", "required"));
  errors.clear();
  check_expense_category({std::string(101, 'x'), std::nullopt}, true, errors);
  BOOST_TEST(has(errors, "name", "too_long"));
  errors.clear();
  check_expense_category({std::nullopt, std::nullopt}, false, errors);
  BOOST_TEST(has(errors, "name", "required"));
  errors.clear();
  check_expense_category({std::nullopt, false}, false, errors);
  BOOST_TEST(errors.empty());
}

BOOST_AUTO_TEST_CASE(the_paid_out_reason_is_the_note_or_the_category) {
  BOOST_TEST(paid_out_reason("Milk for the staff room", "Supplies") == "Milk for the staff room");
  BOOST_TEST(paid_out_reason("  ", "Supplies") == "Expense: Supplies");
  const std::string long_note(300, 'x');
  const std::string accented = long_note + std::string(300, 'x') + "é";
  BOOST_TEST(regal::code_points(paid_out_reason(accented, "Supplies")) == 500u);
  const std::string umlauts = std::string(499, 'x') + "äö";  // cut between code points
  BOOST_TEST(paid_out_reason(umlauts, "Supplies") == std::string(499, 'x') + "ä");
}

BOOST_AUTO_TEST_CASE(expense_hashes_tell_the_drawer_apart) {
  ExpenseRequest a = valid();
  ExpenseRequest b = valid();
  b.drawer_shift_id = "0190a1b2-0000-7000-8000-000000000009";
  BOOST_TEST(request_hash(a) != request_hash(b));
  BOOST_TEST(request_hash(a) == request_hash(valid()));
}

BOOST_AUTO_TEST_SUITE_END()
