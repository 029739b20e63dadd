// Expenses against the real PostgreSQL of the test stack: categories, drawer paid-outs on an open
// shift (totals, ownership, branch, cash on hand), and daily_expense_totals = Σ expenses after a
// concurrent run in two time zones.
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <mutex>
#include <thread>

#include "integration/stock_support.hpp"
#include "support/error_code.hpp"

using regal::test::code_of;
using namespace regal::pos;
using regal::auth::PosRole;
using regal::test::stock::actor_with;
using regal::test::stock::StockFixture;

namespace {

struct ExpenseFixture : StockFixture {
  std::string category(const std::string& name) {
    return expenses.create_category(admin, {name + " " + tag, true}, "").document.id;
  }

  ExpenseRequest expense(const std::string& branch_id, const std::string& category_id,
                         std::int64_t amount, std::optional<std::string> shift = std::nullopt) {
    return {branch_id, category_id, amount, "", std::move(shift)};
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(expense_store, ExpenseFixture)

BOOST_AUTO_TEST_CASE(categories_have_unique_names_and_versions) {
  const auto made = expenses.create_category(admin, {"Rent " + tag, true}, "cat-" + tag);
  BOOST_TEST(!made.replayed);
  BOOST_TEST(expenses.create_category(admin, {"Rent " + tag, true}, "cat-" + tag).replayed);
  BOOST_TEST(code_of([&] {
               expenses.create_category(admin, {"RENT " + tag, true}, "");
             }) == "DUPLICATE_NAME");
  const auto renamed =
      expenses.update_category(admin, made.document.id, 1, {"Office rent " + tag, std::nullopt});
  BOOST_TEST(renamed.version == 2);
  BOOST_TEST(renamed.name == "Office rent " + tag);
  BOOST_TEST(code_of([&] {
               expenses.update_category(admin, made.document.id, 1, {std::nullopt, false});
             }) == "VERSION_MISMATCH");
  BOOST_TEST(
      !expenses.update_category(admin, made.document.id, 2, {std::nullopt, false}).is_active);
  // A retired category takes no new expenses.
  const std::string b = branch("XR");
  BOOST_TEST(code_of([&] { expenses.record(admin, expense(b, made.document.id, 100), ""); }) ==
             "VALIDATION_FAILED");
}

BOOST_AUTO_TEST_CASE(an_expense_without_a_drawer_is_stored_and_counted_for_its_local_day) {
  const std::string b = branch("XD", "block", "Pacific/Auckland");
  const std::string c = category("Cleaning");
  const auto done = expenses.record(admin, expense(b, c, 2500), "");
  BOOST_TEST(done.document.amount == 2500);
  BOOST_TEST(done.document.shift_id.empty());
  BOOST_TEST(done.document.category_name == "Cleaning " + tag);
  BOOST_TEST(scalar("SELECT amount FROM daily_expense_totals WHERE branch_id = '" + b +
                    "' AND category_id = '" + c +
                    "' AND day = (now() AT TIME ZONE 'Pacific/Auckland')::date") == 2500);
  BOOST_TEST(code_of([&] {
               expenses.record(actor_with(PosRole::kCashier), expense(b, c, 100), "");
             }) == "FORBIDDEN");
}

BOOST_AUTO_TEST_CASE(a_drawer_expense_is_a_paid_out_on_the_open_shift_in_the_same_transaction) {
  const std::string b = branch("XS");
  const std::string reg = register_of(b);
  const std::string cashier = user("cashier");
  const std::string employee = user("employee");
  const std::string admin_user = user("admin");
  const std::string shift = open_shift(b, reg, cashier, 5000);
  const std::string c = category("Supplies");
  const auto as_admin = actor_with(PosRole::kAdmin, admin_user);
  const auto done = expenses.record(as_admin, expense(b, c, 1200, shift), "");
  BOOST_TEST(done.document.shift_id == shift);
  BOOST_TEST(!done.document.cash_movement_id.empty());
  BOOST_TEST(scalar("SELECT paid_out FROM shift_totals WHERE shift_id = '" + shift + "'") == 1200);
  BOOST_TEST(
      scalar("SELECT count(*) FROM cash_movements WHERE kind = 'paid_out' AND expense_id = '" +
             done.document.id + "' AND amount = 1200") == 1);
  // The drawer holds 5000 − 1200 = 3800: more cannot be paid out, and nothing is stored.
  BOOST_TEST(code_of([&] { expenses.record(as_admin, expense(b, c, 3801, shift), ""); }) ==
             "INSUFFICIENT_CASH");
  BOOST_TEST(scalar("SELECT count(*) FROM expenses WHERE shift_id = '" + shift + "'") == 1);
  // An employee pays out only of a drawer they opened.
  BOOST_TEST(code_of([&] {
               expenses.record(actor_with(PosRole::kEmployee, employee), expense(b, c, 10, shift),
                               "");
             }) == "SHIFT_NOT_YOURS");
  // The shift must be of the expense's branch, and open.
  const std::string other = branch("XO");
  BOOST_TEST(code_of([&] { expenses.record(as_admin, expense(other, c, 10, shift), ""); }) ==
             "SHIFT_BRANCH_MISMATCH");
  exec("UPDATE shifts SET status = 'closed', closed_at = now() WHERE id = '" + shift + "'");
  BOOST_TEST(code_of([&] { expenses.record(as_admin, expense(b, c, 10, shift), ""); }) ==
             "SHIFT_NOT_OPEN");
  BOOST_TEST(scalar("SELECT paid_out FROM shift_totals WHERE shift_id = '" + shift + "'") == 1200);
  BOOST_TEST(scalar("SELECT sum(amount) FROM expenses WHERE category_id = '" + c + "'") == 1200);
}

BOOST_AUTO_TEST_CASE(daily_expense_totals_equal_the_sum_of_expenses_after_a_concurrent_run) {
  const std::string vienna = branch("XV", "block", "Europe/Vienna");
  const std::string tokyo = branch("XT", "block", "Asia/Tokyo");
  const std::string reg = register_of(vienna);
  const std::string admin_user = user("admin");
  const std::string shift = open_shift(vienna, reg, admin_user, 1'000'000);
  const std::vector<std::string> categories = {category("A"), category("B"), category("C")};
  const auto as_admin = actor_with(PosRole::kAdmin, admin_user);
  std::mutex failures_mutex;
  std::vector<std::string> failures;
  std::atomic<std::int64_t> recorded{0};
  auto worker = [&](int t) {
    for (int i = 0; i < 20; ++i) {
      const std::string& c = categories[static_cast<std::size_t>((t + i) % 3)];
      const bool in_vienna = (t + i) % 2 == 0;
      const std::int64_t amount = 100 + t * 10 + i;
      try {
        expenses.record(
            as_admin,
            expense(in_vienna ? vienna : tokyo, c, amount,
                    in_vienna && i % 4 == 0 ? std::optional<std::string>(shift) : std::nullopt),
            "");
        recorded += amount;
      } catch (const regal::Error& e) {
        std::lock_guard<std::mutex> lock(failures_mutex);
        failures.push_back(e.code() + ": " + e.what());
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) threads.emplace_back(worker, t);
  for (auto& t : threads) t.join();
  BOOST_TEST(failures.empty(), (failures.empty() ? "" : failures.front()));
  const std::string branches = "('" + vienna + "', '" + tokyo + "')";
  const std::string recomputed =
      "SELECT e.branch_id, (e.created_at AT TIME ZONE b.timezone)::date AS day, e.category_id,"
      " count(*) AS count, sum(e.amount) AS amount FROM expenses e JOIN branches b ON b.id ="
      " e.branch_id WHERE e.branch_id IN " +
      branches + " GROUP BY 1, 2, 3";
  const std::string kept =
      "SELECT branch_id, day, category_id, count, amount FROM "
      "daily_expense_totals WHERE branch_id IN " +
      branches;
  BOOST_TEST(scalar("SELECT count(*) FROM ((" + recomputed + ") EXCEPT (" + kept + ")) x") == 0);
  BOOST_TEST(scalar("SELECT count(*) FROM ((" + kept + ") EXCEPT (" + recomputed + ")) x") == 0);
  BOOST_TEST(scalar("SELECT sum(amount) FROM daily_expense_totals WHERE branch_id IN " +
                    branches) == recorded.load());
  // The drawer's paid-outs are exactly the drawer expenses.
  BOOST_TEST(scalar("SELECT paid_out FROM shift_totals WHERE shift_id = '" + shift + "'") ==
             scalar("SELECT sum(amount) FROM expenses WHERE shift_id = '" + shift + "'"));
}

BOOST_AUTO_TEST_CASE(expenses_list_by_branch_category_and_day) {
  const std::string b = branch("XL");
  const std::string c1 = category("L1");
  const std::string c2 = category("L2");
  const auto first = expenses.record(admin, expense(b, c1, 10), "");
  const auto second = expenses.record(admin, expense(b, c2, 20), "");
  ExpenseQuery q;
  q.branch_id = b;
  const auto all = expenses.expenses(q);
  BOOST_REQUIRE_EQUAL(all.size(), 2u);
  BOOST_TEST(all[0].id == second.document.id);  // newest first
  q.category_id = c1;
  BOOST_TEST(expenses.expenses(q).size() == 1u);
  q.category_id.clear();
  q.to_date = "2000-01-01";
  BOOST_TEST(expenses.expenses(q).empty());
  BOOST_TEST(expenses.expense(first.document.id).amount == 10);
  BOOST_TEST(code_of([&] { expenses.expense(regal::new_uuid_v7()); }) == "NOT_FOUND");
}

BOOST_AUTO_TEST_SUITE_END()
