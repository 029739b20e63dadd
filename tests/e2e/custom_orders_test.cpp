// Custom orders through nginx → regal-fcgi → PostgreSQL (docs/SALES.md, "Custom orders"): every
// endpoint with its errors and permissions, and the money: a delivered order's invoice and the
// Z report of its shift add up, deposits counted once.
#include <boost/test/unit_test.hpp>

#include "e2e/catalog_support.hpp"
#include "regal/core/id.hpp"

using namespace regal::test::catalog;
using regal::test::HttpResult;
namespace identity = regal::test::identity;

namespace {

const identity::Account& other_cashier_account() {
  static const identity::Account a =
      identity::create_user(admin(), "cocash", "cashier", "END_USER");
  return a;
}
Session other_cashier() { return identity::login_ok(other_cashier_account()); }

std::string open_shift(const Session& who, const std::string& register_id) {
  const auto r =
      post(who, "/shifts", str(object({{"register_id", register_id}, {"opening_float", 0}})));
  BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
  return text(data_of(r), "id");
}

// A branch with a register, a shift opened on it by `who` (the cashier when not named), a
// customer and a product (price 1000, 20 % inclusive, 10 in stock).
struct Till {
  std::string tag = fresh_tag();
  std::string branch_id = make_branch(tag);
  std::string register_id = text(create("registers", register_body(branch_id, tag)), "id");
  std::string customer_id = text(create("customers", customer_body(tag)), "id");
  Session who;
  std::string shift_id;
  std::string product_id;

  explicit Till(Session s = cashier()) : who(std::move(s)) {
    shift_id = open_shift(who, register_id);
    Obj body = with(product_body(fresh_tag()), {{"unit_price", Var(Poco::Int64(1000))},
                                                {"cost_price", Var(Poco::Int64(400))},
                                                {"tax_rate", Var(2000)}});
    Arr levels = new Poco::JSON::Array;
    levels->add(object({{"branch_id", branch_id}, {"qty", Var(Poco::Int64(10))}}));
    body->set("stock", levels);
    product_id = text(create("products", body), "id");
  }

  // 2 × the product and a free-text line of 500: total 2500.
  Obj order_body(long long deposit = 0, const std::string& method = "cash") const {
    Arr lines = new Poco::JSON::Array;
    lines->add(object({{"product_id", product_id}, {"qty", 2}}));
    lines->add(object({{"description", "Engraving"},
                       {"unit_price", Var(Poco::Int64(500))},
                       {"tax_rate", Var(2000)},
                       {"qty", 1}}));
    Obj o = object({{"branch_id", branch_id},
                    {"customer_id", customer_id},
                    {"due_date", "2030-12-24"},
                    {"note", "Gold, size 7"}});
    o->set("lines", lines);
    if (deposit > 0) {
      o->set("deposit", object({{"shift_id", shift_id},
                                {"method", method},
                                {"amount", Var(Poco::Int64(deposit))}}));
    }
    return o;
  }

  Obj order(long long deposit = 0, const std::string& method = "cash") const {
    const auto r = post(who, "/custom-orders", str(order_body(deposit, method)));
    BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
    return data_of(r);
  }

  long long on_hand() const {
    const Obj p = data_of(get(admin(), "/products/" + product_id + "?branch_id=" + branch_id));
    const Arr stock = p->getArray("stock");
    for (unsigned i = 0; i < stock->size(); ++i) {
      if (text(stock->getObject(i), "branch_id") == branch_id) {
        return integer(stock->getObject(i), "qty");
      }
    }
    return 0;
  }
};

std::string path(const Obj& order, const std::string& action = "") {
  return "/custom-orders/" + text(order, "id") + (action.empty() ? "" : "/" + action);
}

HttpResult deposit(const Session& who, const Obj& order, const std::string& shift_id,
                   long long amount, const std::string& method = "cash", const Headers& h = {}) {
  return post(
      who, path(order, "deposits"),
      str(object(
          {{"shift_id", shift_id}, {"method", method}, {"amount", Var(Poco::Int64(amount))}})),
      h);
}

HttpResult ready(const Session& who, const Obj& order, const Headers& h = {}) {
  return post(who, path(order, "status"), R"({"status":"ready"})", h);
}

HttpResult deliver(const Session& who, const Obj& order, const std::string& shift_id,
                   std::initializer_list<std::pair<std::string, long long>> tenders) {
  Arr p = new Poco::JSON::Array;
  for (const auto& [method, amount] : tenders) {
    p->add(object({{"method", method}, {"amount", Var(Poco::Int64(amount))}}));
  }
  Obj body = object({{"shift_id", shift_id}});
  body->set("payments", p);
  return post(who, path(order, "deliver"), str(body));
}

HttpResult cancel(const Session& who, const Obj& order, const std::string& shift_id) {
  Obj body = object({{"reason", "Customer changed their mind"}});
  if (!shift_id.empty()) body->set("shift_id", shift_id);
  return post(who, path(order, "cancel"), str(body));
}

Obj tender(const Obj& report, const std::string& method) {
  const Arr tenders = report->getArray("tenders");
  for (unsigned i = 0; i < tenders->size(); ++i) {
    if (text(tenders->getObject(i), "method") == method) return tenders->getObject(i);
  }
  BOOST_FAIL("no tender " + method + " in " + str(report));
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(custom_orders)

BOOST_AUTO_TEST_CASE(an_order_is_priced_like_a_sale_numbered_per_branch_and_read_back) {
  Till till;
  const auto r = post(till.who, "/custom-orders", str(till.order_body(1000)));
  BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
  const Obj o = data_of(r);
  BOOST_TEST(r.header("location") == "/api/v1/custom-orders/" + text(o, "id"));
  BOOST_TEST(text(o, "number") == "B-" + till.tag + "-O000001");
  BOOST_TEST(text(o, "status") == "open");
  BOOST_TEST(text(o, "customer_id") == till.customer_id);
  BOOST_TEST(text(o, "due_date") == "2030-12-24");
  BOOST_TEST(integer(o, "total") == 2500);
  BOOST_TEST(integer(o, "paid") == 1000);
  BOOST_TEST(integer(o, "balance_due") == 1500);
  BOOST_TEST(o->getArray("lines")->size() == 2u);
  BOOST_TEST(o->getArray("deposits")->size() == 1u);
  BOOST_TEST(text(o->getArray("history")->getObject(0), "to") == "open");
  BOOST_TEST(o->isNull("sale_id"));
  BOOST_TEST(till.on_hand() == 10);  // stock leaves at delivery, not at order

  // The same figures as the sale calculator gives a sale of the same lines.
  Obj calc = with(till.order_body(), {{"register_id", till.register_id}},
                  {"customer_id", "due_date", "note"});
  calc->set("payments", array({Var(object({{"method", "cash"}, {"amount", 2500}}))}));
  const Obj figures = data_of(post(till.who, "/sales/calculate", str(calc)));
  for (const char* f : {"subtotal", "discount_total", "tax_total", "total"}) {
    BOOST_TEST(integer(o, f) == integer(figures, f), f);
  }
  BOOST_TEST(str(data_of(get(till.who, path(o)))) == str(o));
  // The next order of the branch takes the next number.
  BOOST_TEST(text(till.order(), "number") == "B-" + till.tag + "-O000002");
}

BOOST_AUTO_TEST_CASE(delivering_invoices_the_balance_and_the_z_report_adds_up) {
  Till till;
  const Obj order = till.order(1000);
  BOOST_REQUIRE_EQUAL(deposit(till.who, order, till.shift_id, 500, "card").status, 201);
  // A second order whose cash deposit goes back when it is cancelled (by an employee).
  const Obj dropped = till.order(300);
  const Obj cancelled = data_of(cancel(employee(), dropped, till.shift_id));
  BOOST_TEST(text(cancelled, "status") == "cancelled");
  BOOST_TEST(integer(cancelled, "paid") == 0);
  BOOST_TEST(integer(cancelled, "balance_due") == 0);

  BOOST_REQUIRE_EQUAL(ready(till.who, order).status, 200);
  const auto d = deliver(till.who, order, till.shift_id, {{"cash", 2000}});
  BOOST_REQUIRE_MESSAGE(d.status == 200, d.body);
  const Obj delivered = data_of(d);
  BOOST_TEST(text(delivered, "status") == "delivered");
  BOOST_TEST(integer(delivered, "balance_due") == 0);
  BOOST_TEST(integer(delivered, "paid") == 1500);
  BOOST_TEST(till.on_hand() == 8);

  // The invoice: the order's lines, the deposits as a tender, only the balance tendered.
  const Obj sale = data_of(get(till.who, "/sales/" + text(delivered, "sale_id")));
  BOOST_TEST(integer(sale, "total") == 2500);
  BOOST_TEST(text(sale, "customer_id") == till.customer_id);
  BOOST_TEST(text(sale, "number") == "B-" + till.tag + "-R-" + till.tag + "-000001");
  const Arr payments = sale->getArray("payments");
  BOOST_REQUIRE_EQUAL(payments->size(), 2u);
  BOOST_TEST(text(payments->getObject(0), "method") == "deposit");
  BOOST_TEST(integer(payments->getObject(0), "amount") == 1500);
  BOOST_TEST(integer(sale, "paid") - integer(sale, "change") == integer(sale, "total"));
  BOOST_TEST(integer(sale, "change") == 1000);
  // It cannot be voided (that would leave the order delivered without an invoice).
  check_error(post(admin(), "/sales/" + text(sale, "id") + "/void", R"({"reason":"x"})"), 409,
              "SALE_NOT_VOIDABLE");

  // X then Z: cash = 1000 deposit + 300 − 300 returned + (2000 − 1000 change); card = 500
  // deposit; the deposit tender nets to zero; the invoice is one sale of 2500.
  const Obj x = data_of(get(admin(), "/shifts/" + till.shift_id + "/x-report"));
  BOOST_TEST(integer(x, "expected_cash") == 2000);
  BOOST_TEST(integer(tender(x, "cash"), "deposits") == 1000);
  BOOST_TEST(integer(tender(x, "card"), "expected") == 500);
  BOOST_TEST(integer(tender(x, "deposit"), "sales") == 1500);
  BOOST_TEST(integer(tender(x, "deposit"), "deposits") == -1500);
  BOOST_TEST(integer(tender(x, "deposit"), "expected") == 0);
  check_invalid(
      post(till.who, "/shifts/" + till.shift_id + "/close",
           R"({"counted":[{"method":"cash","amount":2000},{"method":"deposit","amount":0}]})"),
      "counted[1].method");
  const auto closed =
      post(till.who, "/shifts/" + till.shift_id + "/close",
           R"({"counted":[{"method":"cash","amount":2000},{"method":"card","amount":500}]})");
  BOOST_REQUIRE_MESSAGE(closed.status == 200, closed.body);
  const Obj z = data_of(closed);
  BOOST_TEST(integer(z, "expected_cash") == 2000);
  BOOST_TEST(integer(z, "variance") == 0);
  BOOST_TEST(integer(z->getObject("totals"), "sales_count") == 1);
  BOOST_TEST(integer(z->getObject("totals"), "sales_total") == 2500);
  BOOST_TEST(integer(z, "grand_total") == 2500);

  // Both orders read back with their money and history.
  const Obj read = data_of(get(admin(), path(order)));
  BOOST_TEST(read->getArray("deposits")->size() == 3u);  // cash, card, applied
  BOOST_TEST(text(read->getArray("deposits")->getObject(2), "kind") == "applied");
  BOOST_TEST(read->getArray("history")->size() == 3u);  // open, ready, delivered
  const Obj gone = data_of(get(admin(), path(dropped)));
  BOOST_TEST(integer(gone->getArray("deposits")->getObject(1), "amount") == -300);
  BOOST_TEST(text(gone->getArray("history")->getObject(1), "note") ==
             "Customer changed their mind");
}

BOOST_AUTO_TEST_CASE(status_rules_deposit_caps_and_versions) {
  Till till;
  const Obj order = till.order(500);
  check_error(deliver(till.who, order, till.shift_id, {{"cash", 2000}}), 409,
              "ORDER_STATUS_CONFLICT");
  const auto over = deposit(till.who, order, till.shift_id, 2001);
  check_error(over, 409, "DEPOSIT_EXCEEDS_BALANCE");
  BOOST_TEST(has_field(over, "amount"), over.body);
  check_error(deposit(till.who, order, regal::new_uuid_v7(), 100), 409, "SHIFT_NOT_OPEN");
  Till elsewhere(admin());
  check_error(deposit(admin(), order, elsewhere.shift_id, 100), 409, "SHIFT_BRANCH_MISMATCH");
  // A stale version is 412; the current one moves it to ready, once.
  check_error(ready(till.who, order, {{"If-Match", std::to_string(version_of(order) + 5)}}), 412,
              "VERSION_MISMATCH");
  const auto ok = ready(till.who, order, {{"If-Match", std::to_string(version_of(order))}});
  BOOST_REQUIRE_MESSAGE(ok.status == 200, ok.body);
  check_error(ready(till.who, order), 409, "ORDER_STATUS_CONFLICT");
  check_invalid(post(till.who, path(order, "status"), R"({"status":"delivered"})"), "status");
  // The balance must be covered; a closed shift cannot deliver.
  check_error(deliver(till.who, order, till.shift_id, {{"card", 100}}), 400,
              "INSUFFICIENT_PAYMENT");
  check_error(deliver(till.who, order, regal::new_uuid_v7(), {{"cash", 2000}}), 409,
              "SHIFT_NOT_OPEN");
  // The exact balance by card: no change.
  const auto d = deliver(till.who, order, till.shift_id, {{"card", 2000}});
  BOOST_REQUIRE_MESSAGE(d.status == 200, d.body);
  check_error(deposit(till.who, order, till.shift_id, 1), 409, "ORDER_NOT_OPEN");
  check_error(cancel(employee(), order, till.shift_id), 409, "ORDER_STATUS_CONFLICT");
  check_error(deliver(till.who, order, till.shift_id, {{"cash", 2000}}), 409,
              "ORDER_STATUS_CONFLICT");
  // Fully paid in advance: delivered with no tender at all.
  const Obj prepaid = till.order(2500);
  BOOST_TEST(integer(prepaid, "balance_due") == 0);
  BOOST_REQUIRE_EQUAL(ready(till.who, prepaid).status, 200);
  const auto paid =
      post(till.who, path(prepaid, "deliver"), str(object({{"shift_id", till.shift_id}})));
  BOOST_REQUIRE_MESSAGE(paid.status == 200, paid.body);
  const Obj sale = data_of(get(admin(), "/sales/" + text(data_of(paid), "sale_id")));
  BOOST_TEST(integer(sale, "paid") == 2500);
  BOOST_TEST(integer(sale, "change") == 0);
  // The invoice is refunded like any sale (cash by default), and the unit goes back to stock.
  Obj line = object({{"line_id", text(sale->getArray("lines")->getObject(0), "id")}, {"qty", 1}});
  Obj refund = object({{"shift_id", till.shift_id}});
  refund->set("lines", array({Var(line)}));
  const auto back = post(till.who, "/sales/" + text(sale, "id") + "/refunds", str(refund));
  BOOST_REQUIRE_MESSAGE(back.status == 201, back.body);
  BOOST_TEST(integer(data_of(back), "total") == 1000);
  BOOST_TEST(till.on_hand() == 7);  // 10 − 2 − 2 + 1
}

BOOST_AUTO_TEST_CASE(cancelling_returns_cash_only_when_the_drawer_holds_it) {
  Till till;
  const Obj order = till.order(1000);
  const auto drop = post(till.who, "/shifts/" + till.shift_id + "/cash-movements",
                         R"({"kind":"drop","amount":1000,"reason":"to the safe"})");
  BOOST_REQUIRE_MESSAGE(drop.status == 201, drop.body);
  check_error(cancel(employee(), order, till.shift_id), 409, "INSUFFICIENT_CASH");
  check_invalid(cancel(employee(), order, ""), "shift_id", "required");
  BOOST_TEST(integer(data_of(get(admin(), path(order))), "paid") == 1000);
  // With cash in the drawer again it goes through; an order without deposits needs no shift.
  const auto in = post(till.who, "/shifts/" + till.shift_id + "/cash-movements",
                       R"({"kind":"paid_in","amount":1000,"reason":"float"})");
  BOOST_REQUIRE_EQUAL(in.status, 201);
  BOOST_TEST(cancel(employee(), order, till.shift_id).status == 200);
  BOOST_TEST(cancel(admin(), till.order(), "").status == 200);
  const Obj x = data_of(get(admin(), "/shifts/" + till.shift_id + "/x-report"));
  BOOST_TEST(integer(x, "expected_cash") == 0);
  BOOST_TEST(integer(tender(x, "cash"), "deposits") == 0);
}

BOOST_AUTO_TEST_CASE(bad_requests_get_field_errors_and_unknown_orders_404) {
  Till till;
  check_invalid(post(till.who, "/custom-orders", str(with(till.order_body(), {}, {"customer_id"}))),
                "customer_id", "required");
  check_invalid(post(till.who, "/custom-orders", str(with(till.order_body(), {}, {"lines"}))),
                "lines", "required");
  check_invalid(
      post(till.who, "/custom-orders", str(with(till.order_body(), {{"due_date", "2030-02-30"}}))),
      "due_date", "invalid_date");
  check_invalid(post(till.who, "/custom-orders",
                     str(with(till.order_body(), {{"customer_id", regal::new_uuid_v7()}}))),
                "customer_id", "not_found");
  check_invalid(post(till.who, "/custom-orders", str(with(till.order_body(), {{"colour", "red"}}))),
                "colour");
  check_invalid(post(till.who, "/custom-orders", str(till.order_body(100, "on_account"))),
                "deposit.method", "invalid_choice");
  const Obj order = till.order();
  check_invalid(deposit(till.who, order, till.shift_id, 0), "amount");
  check_invalid(post(employee(), path(order, "cancel"), "{}"), "reason", "required");
  check_invalid(get(till.who, "/custom-orders?status=lost"), "status");
  check_invalid(get(till.who, "/custom-orders?from=yesterday"), "from");
  const std::string unknown = "/custom-orders/" + regal::new_uuid_v7();
  check_error(get(till.who, unknown), 404, "NOT_FOUND");
  check_error(get(till.who, "/custom-orders/not-a-uuid"), 404, "NOT_FOUND");
  check_error(post(till.who, unknown + "/deposits",
                   str(object({{"shift_id", till.shift_id}, {"method", "cash"}, {"amount", 5}}))),
              404, "NOT_FOUND");
  check_error(post(till.who, unknown + "/status", R"({"status":"ready"})"), 404, "NOT_FOUND");
  check_error(post(till.who, unknown + "/deliver", str(object({{"shift_id", till.shift_id}}))), 404,
              "NOT_FOUND");
  check_error(post(admin(), unknown + "/cancel", R"({"reason":"x"})"), 404, "NOT_FOUND");
}

BOOST_AUTO_TEST_CASE(idempotency_keys_replay_and_refuse_another_body) {
  Till till;
  const Headers key = {{"Idempotency-Key", "order-" + till.tag}};
  const auto first = post(till.who, "/custom-orders", str(till.order_body(100)), key);
  BOOST_REQUIRE_MESSAGE(first.status == 201, first.body);
  const auto again = post(till.who, "/custom-orders", str(till.order_body(100)), key);
  BOOST_TEST(again.status == 200);
  BOOST_TEST(again.header("idempotent-replayed") == "true");
  BOOST_TEST(text(data_of(again), "id") == text(data_of(first), "id"));
  check_error(post(till.who, "/custom-orders", str(till.order_body(200)), key), 422,
              "IDEMPOTENCY_KEY_REUSED");
  const Obj order = data_of(first);
  const Headers dkey = {{"Idempotency-Key", "deposit-" + till.tag}};
  BOOST_TEST(deposit(till.who, order, till.shift_id, 400, "cash", dkey).status == 201);
  const auto replay = deposit(till.who, order, till.shift_id, 400, "cash", dkey);
  BOOST_TEST(replay.status == 200);
  BOOST_TEST(integer(data_of(replay), "paid") == 500);  // taken once
  check_error(deposit(till.who, order, till.shift_id, 300, "cash", dkey), 422,
              "IDEMPOTENCY_KEY_REUSED");
  // One order per key: the second order of the branch is number 2.
  BOOST_TEST(text(till.order(), "number") == "B-" + till.tag + "-O000002");
}

BOOST_AUTO_TEST_CASE(orders_need_the_right_role_and_a_cashier_their_own_shift) {
  Till till;
  const Obj order = till.order(100);
  const std::string body = str(till.order_body());
  check_error(post(desk_only(), "/custom-orders", body), 403, "FORBIDDEN");
  check_error(get(desk_only(), "/custom-orders"), 403, "FORBIDDEN");
  check_error(get(desk_only(), path(order)), 403, "FORBIDDEN");
  check_error(deposit(desk_only(), order, till.shift_id, 100), 403, "FORBIDDEN");
  check_error(ready(desk_only(), order), 403, "FORBIDDEN");
  check_error(deliver(desk_only(), order, till.shift_id, {{"cash", 3000}}), 403, "FORBIDDEN");
  check_error(cancel(till.who, order, till.shift_id), 403, "FORBIDDEN");  // cashiers cannot
  check_error(cancel(desk_only(), order, till.shift_id), 403, "FORBIDDEN");
  BOOST_TEST(anonymous("GET", "/custom-orders").status == 401);
  // Another cashier cannot take money into this cashier's shift; an employee can.
  check_error(deposit(other_cashier(), order, till.shift_id, 100), 403, "SHIFT_NOT_YOURS");
  BOOST_TEST(deposit(employee(), order, till.shift_id, 100).status == 201);
  BOOST_TEST(post(employee(), "/custom-orders", body).status == 201);
  BOOST_TEST(get(cashier(), path(order)).status == 200);
  // Free-text lines need sales.quick_sell (held by every POS role) and price overrides
  // sales.price_override, which a cashier lacks.
  Obj override_body = till.order_body();
  override_body->getArray("lines")->getObject(0)->set("unit_price", 900);
  check_error(post(till.who, "/custom-orders", str(override_body)), 403,
              "PRICE_OVERRIDE_FORBIDDEN");
  BOOST_TEST(post(employee(), "/custom-orders", str(override_body)).status == 201);
}

BOOST_AUTO_TEST_CASE(the_list_filters_and_pages) {
  Till till;
  const Obj a = till.order();
  const Obj b = till.order(100);
  BOOST_REQUIRE_EQUAL(ready(till.who, b).status, 200);
  const Obj c = till.order();
  BOOST_REQUIRE_EQUAL(cancel(admin(), c, "").status, 200);
  const std::string branch = "/custom-orders?branch_id=" + till.branch_id;
  BOOST_TEST(list_page(admin(), branch).items.size() == 3u);
  BOOST_TEST(ids_of(list_page(admin(), branch).items).front() == text(c, "id"));  // newest first
  BOOST_TEST(ids_of(list_page(admin(), branch + "&status=ready").items) ==
             std::vector<std::string>{text(b, "id")});
  BOOST_TEST(list_page(admin(), branch + "&status=delivered").items.empty());
  BOOST_TEST(list_page(admin(), "/custom-orders?customer_id=" + till.customer_id).items.size() ==
             3u);
  BOOST_TEST(ids_of(list_page(admin(), "/custom-orders?number=" + enc(text(a, "number")) +
                                           "&branch_id=" + till.branch_id)
                        .items) == std::vector<std::string>{text(a, "id")});
  BOOST_TEST(list_page(admin(), branch + "&from=2000-01-01&to=2100-12-31").items.size() == 3u);
  BOOST_TEST(list_page(admin(), branch + "&from=2100-01-01").items.empty());
  BOOST_TEST(list_page(admin(), branch + "&to=2000-01-01").items.empty());
  const Page first = list_page(admin(), branch + "&limit=2");
  BOOST_REQUIRE_EQUAL(first.items.size(), 2u);
  BOOST_REQUIRE(!first.next_cursor.empty());
  const Page second = list_page(admin(), branch + "&limit=2&cursor=" + first.next_cursor);
  BOOST_REQUIRE_EQUAL(second.items.size(), 1u);
  BOOST_TEST(text(second.items.front(), "id") == text(a, "id"));
}

BOOST_AUTO_TEST_SUITE_END()
