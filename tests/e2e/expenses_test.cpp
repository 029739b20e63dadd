// Expense categories and expenses, paid from a till drawer or not, through nginx → regal-fcgi →
// PostgreSQL (docs/STOCK.md, "Expenses").
#include <Poco/Data/Session.h>

#include <boost/test/unit_test.hpp>

#include "e2e/stock_support.hpp"

using namespace regal::test::stock;
using regal::test::HttpResult;

namespace {

std::string make_expense_category(const std::string& name) {
  return text(created(post(admin(), "/expense-categories",
                           str(object({{"name", name + " " + fresh_tag()}})))),
              "id");
}

Obj expense_body(const std::string& branch_id, const std::string& category_id,
                 std::int64_t amount) {
  return object({{"branch_id", branch_id},
                 {"category_id", category_id},
                 {"amount", Var(Poco::Int64(amount))},
                 {"note", "Window cleaning"}});
}

Obj from_drawer(const Obj& body, const std::string& shift_id) {
  return with(body, {{"paid_from_drawer", object({{"shift_id", shift_id}})}});
}

long long sql_number(const std::string& query) {
  return database().with_session([&](Poco::Data::Session& s) {
    Poco::Int64 value = 0;
    s << query, Poco::Data::Keywords::into(value), Poco::Data::Keywords::now;
    return static_cast<long long>(value);
  });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(expenses)

BOOST_AUTO_TEST_CASE(categories_are_created_renamed_with_versions_and_read_by_every_pos_role) {
  const std::string name = "Rent " + fresh_tag();
  const auto r = post(employee(), "/expense-categories", str(object({{"name", name}})));
  const Obj c = created(r);
  BOOST_TEST(r.header("location") == "/api/v1/expense-categories/" + text(c, "id"));
  BOOST_TEST(text(c, "name") == name);
  BOOST_TEST(c->getValue<bool>("is_active"));
  BOOST_TEST(version_of(c) == 1);
  check_error(post(admin(), "/expense-categories", str(object({{"name", name}}))), 409,
              "DUPLICATE_NAME");
  check_invalid(post(admin(), "/expense-categories", "{}"), "name", "required");
  check_invalid(post(admin(), "/expense-categories", str(object({{"name", name}, {"kind", 1}}))),
                "kind", "unknown_field");
  check_error(post(cashier(), "/expense-categories", str(object({{"name", "X"}}))), 403,
              "FORBIDDEN");
  const std::string path = "/expense-categories/" + text(c, "id");
  const auto renamed = patch(admin(), path, str(object({{"name", name + " office"}})), 1);
  BOOST_REQUIRE_MESSAGE(renamed.status == 200, renamed.body);
  BOOST_TEST(version_of(data_of(renamed)) == 2);
  check_error(patch(admin(), path, str(object({{"is_active", false}})), 1), 412,
              "VERSION_MISMATCH");
  check_invalid(patch(admin(), path, str(object({{"is_active", false}}))), "version", "required");
  check_error(patch(cashier(), path, str(object({{"is_active", false}})), 2), 403, "FORBIDDEN");
  check_error(patch(admin(), "/expense-categories/" + regal::new_uuid_v7(),
                    str(object({{"is_active", false}})), 1),
              404, "NOT_FOUND");
  // Cashiers read categories (to name one on a drawer paid-out); desk-only accounts do not.
  BOOST_TEST(get(cashier(), path).status == 200);
  check_error(get(desk_only(), "/expense-categories"), 403, "FORBIDDEN");
  const auto retired = patch(admin(), path, str(object({{"is_active", false}, {"version", 2}})));
  BOOST_REQUIRE_MESSAGE(retired.status == 200, retired.body);
  bool listed_active = false;
  std::string list_path = "/expense-categories?limit=200&is_active=true";
  for (int guard = 0; guard < 50; ++guard) {
    const Page page = list_page(cashier(), list_path);
    for (const auto& item : page.items) listed_active |= text(item, "id") == text(c, "id");
    if (page.cursor_is_null) break;
    list_path = "/expense-categories?limit=200&is_active=true&cursor=" + page.next_cursor;
  }
  BOOST_TEST(!listed_active);
  check_error(get(admin(), "/expense-categories/" + regal::new_uuid_v7()), 404, "NOT_FOUND");
}

BOOST_AUTO_TEST_CASE(an_expense_is_recorded_read_listed_and_replayed) {
  Shop shop;
  const std::string c = make_expense_category("Cleaning");
  const Headers key = {{"Idempotency-Key", "exp-" + shop.tag}};
  const auto r = post(employee(), "/expenses", str(expense_body(shop.branch_id, c, 2500)), key);
  const Obj e = created(r);
  BOOST_TEST(r.header("location") == "/api/v1/expenses/" + text(e, "id"));
  BOOST_TEST(integer(e, "amount") == 2500);
  BOOST_TEST(text(e, "note") == "Window cleaning");
  BOOST_TEST(text(e, "category_id") == c);
  BOOST_TEST(e->isNull("paid_from_drawer"));
  const auto again = post(employee(), "/expenses", str(expense_body(shop.branch_id, c, 2500)), key);
  BOOST_TEST(again.status == 200);
  BOOST_TEST(text(data_of(again), "id") == text(e, "id"));
  check_error(post(employee(), "/expenses", str(expense_body(shop.branch_id, c, 2501)), key), 422,
              "IDEMPOTENCY_KEY_REUSED");
  BOOST_TEST(str(data_of(get(admin(), "/expenses/" + text(e, "id")))) == str(e));
  BOOST_TEST(list_page(admin(), "/expenses?branch_id=" + shop.branch_id).items.size() == 1u);
  BOOST_TEST(list_page(admin(), "/expenses?branch_id=" + shop.branch_id +
                                    "&category_id=" + regal::new_uuid_v7())
                 .items.empty());
  BOOST_TEST(list_page(admin(), "/expenses?branch_id=" + shop.branch_id + "&from=2000-01-01")
                 .items.size() == 1u);
  BOOST_TEST(sql_number("SELECT amount FROM daily_expense_totals WHERE branch_id = '" +
                        shop.branch_id + "' AND category_id = '" + c + "'") == 2500);
}

BOOST_AUTO_TEST_CASE(bad_expenses_are_refused_and_cashiers_only_pay_out_through_the_drawer) {
  Shop shop;
  const std::string c = make_expense_category("Repairs");
  const Obj good = expense_body(shop.branch_id, c, 100);
  check_invalid(post(admin(), "/expenses", str(with(good, {}, {"amount"}))), "amount", "required");
  check_invalid(post(admin(), "/expenses", str(with(good, {{"amount", 0}}))), "amount",
                "out_of_range");
  check_invalid(
      post(admin(), "/expenses", str(with(good, {{"category_id", regal::new_uuid_v7()}}))),
      "category_id", "not_found");
  check_invalid(post(admin(), "/expenses", str(with(good, {{"branch_id", "main"}}))), "branch_id",
                "invalid_id");
  check_invalid(post(admin(), "/expenses", str(with(good, {{"paid_from_drawer", 5}}))),
                "paid_from_drawer", "must_be_object");
  check_invalid(post(admin(), "/expenses", str(with(good, {{"paid_from_drawer", object({})}}))),
                "paid_from_drawer.shift_id", "required");
  check_error(post(cashier(), "/expenses", str(good)), 403, "FORBIDDEN");
  check_error(get(cashier(), "/expenses"), 403, "FORBIDDEN");
  BOOST_TEST(anonymous("POST", "/expenses", str(good)).status == 401);
  check_error(get(admin(), "/expenses/" + regal::new_uuid_v7()), 404, "NOT_FOUND");
  check_invalid(get(admin(), "/expenses?from=13/01/2026"), "from", "invalid_date");
  BOOST_TEST(list_page(admin(), "/expenses?branch_id=" + shop.branch_id).items.empty());
}

BOOST_AUTO_TEST_CASE(a_drawer_expense_is_a_paid_out_of_the_open_shift) {
  Shop shop;
  Till till(shop.branch_id, 5000);
  const std::string c = make_expense_category("Supplies");
  const auto r = post(admin(), "/expenses",
                      str(from_drawer(expense_body(shop.branch_id, c, 1200), till.shift_id)));
  const Obj e = created(r);
  const Obj drawer = e->getObject("paid_from_drawer");
  BOOST_REQUIRE(drawer);
  BOOST_TEST(text(drawer, "shift_id") == till.shift_id);
  BOOST_TEST(regal::is_uuid(text(drawer, "cash_movement_id")));
  BOOST_TEST(sql_number("SELECT paid_out FROM shift_totals WHERE shift_id = '" + till.shift_id +
                        "'") == 1200);
  BOOST_TEST(sql_number("SELECT count(*) FROM cash_movements WHERE kind = 'paid_out' AND "
                        "expense_id = '" +
                        text(e, "id") + "'") == 1);
  BOOST_TEST(list_page(admin(), "/expenses?shift_id=" + till.shift_id).items.size() == 1u);
  // 5000 − 1200 = 3800 in the drawer.
  check_error(post(admin(), "/expenses",
                   str(from_drawer(expense_body(shop.branch_id, c, 3801), till.shift_id))),
              409, "INSUFFICIENT_CASH");
  // An employee pays out of their own drawer only.
  check_error(post(employee(), "/expenses",
                   str(from_drawer(expense_body(shop.branch_id, c, 10), till.shift_id))),
              403, "SHIFT_NOT_YOURS");
  check_error(post(admin(), "/expenses",
                   str(from_drawer(expense_body(shop.other_branch_id, c, 10), till.shift_id))),
              409, "SHIFT_BRANCH_MISMATCH");
  check_error(post(admin(), "/expenses",
                   str(from_drawer(expense_body(shop.branch_id, c, 10), regal::new_uuid_v7()))),
              409, "SHIFT_NOT_OPEN");
  BOOST_TEST(sql_number("SELECT paid_out FROM shift_totals WHERE shift_id = '" + till.shift_id +
                        "'") == 1200);
  BOOST_TEST(sql_number("SELECT count(*) FROM expenses WHERE category_id = '" + c + "'") == 1);
}

BOOST_AUTO_TEST_CASE(reversing_the_paid_out_of_a_drawer_expense_cancels_the_expense) {
  Shop shop;
  Till till(shop.branch_id, 5000);
  const std::string c = make_expense_category("Courier");
  const Obj e = created(post(admin(), "/expenses",
                             str(from_drawer(expense_body(shop.branch_id, c, 700), till.shift_id))));
  const std::string movement = text(e->getObject("paid_from_drawer"), "cash_movement_id");
  BOOST_TEST(!e->getValue<bool>("cancelled"));
  BOOST_TEST(sql_number("SELECT amount FROM daily_expense_totals WHERE category_id = '" + c +
                        "'") == 700);

  // The cashier reverses the paid-out on their own shift (entered by mistake).
  const auto undo = post(till.cashier, "/shifts/" + till.shift_id + "/cash-movements",
                         str(object({{"reverses_id", movement}, {"reason", "wrong till"}})));
  const Obj reversal = created(undo);
  BOOST_TEST(reversal->getValue<Poco::Int64>("amount") == -700);

  const auto read = get(admin(), "/expenses/" + text(e, "id"));
  BOOST_REQUIRE_EQUAL(read.status, 200);
  const Obj after = data_of(read);
  BOOST_TEST(after->getValue<bool>("cancelled"));
  BOOST_TEST(text(after, "reversed_by_movement_id") == text(reversal, "id"));
  // The day's expense totals no longer hold it, and the drawer is back to its float.
  BOOST_TEST(sql_number("SELECT sum(amount) FROM daily_expense_totals WHERE category_id = '" + c +
                        "'") == 0);
  BOOST_TEST(sql_number("SELECT sum(count) FROM daily_expense_totals WHERE category_id = '" + c +
                        "'") == 0);
  BOOST_TEST(sql_number("SELECT paid_out FROM shift_totals WHERE shift_id = '" + till.shift_id +
                        "'") == 0);
  // The expense document itself stays (append-only); a second reversal is refused.
  BOOST_TEST(sql_number("SELECT count(*) FROM expenses WHERE id = '" + text(e, "id") + "'") == 1);
  check_error(post(till.cashier, "/shifts/" + till.shift_id + "/cash-movements",
                   str(object({{"reverses_id", movement}, {"reason", "again"}}))),
              409, "ALREADY_REVERSED");
}

BOOST_AUTO_TEST_SUITE_END()
