// POS refunds through nginx → regal-fcgi → PostgreSQL (docs/SALES.md, "Refunds"): every endpoint
// with its errors and permissions. The stack runs with the default cashier limit (5000).
#include <boost/test/unit_test.hpp>
#include <set>

#include "e2e/catalog_support.hpp"
#include "regal/core/id.hpp"

using namespace regal::test::catalog;
using regal::test::HttpResult;
namespace identity = regal::test::identity;

namespace {

constexpr long long kCashierLimit = 5000;

// A second cashier (for "another cashier's shift") and an employee who approves refunds.
const identity::Account& other_cashier_account() {
  static const identity::Account a =
      identity::create_user(admin(), "rfcash", "cashier", "END_USER");
  return a;
}
Session other_cashier() { return identity::login_ok(other_cashier_account()); }
const identity::Account& approver() {
  static const identity::Account a =
      identity::create_user(admin(), "rfappr", "employee", "END_USER");
  return a;
}

std::string open_shift(const Session& who, const std::string& register_id) {
  const auto r =
      post(who, "/shifts", str(object({{"register_id", register_id}, {"opening_float", 0}})));
  BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
  return text(data_of(r), "id");
}

// A branch, a register and a shift opened on it by `who` (the cashier when not named).
struct Till {
  std::string tag = fresh_tag();
  std::string branch_id = make_branch(tag);
  std::string register_id = text(create("registers", register_body(branch_id, tag)), "id");
  Session who;
  std::string shift_id;

  explicit Till(Session s = cashier()) : who(std::move(s)) {
    shift_id = open_shift(who, register_id);
  }

  std::string product(std::int64_t price, std::int64_t stock) const {
    Obj body = with(product_body(fresh_tag()), {{"unit_price", Var(Poco::Int64(price))},
                                                {"cost_price", Var(Poco::Int64(price / 2))},
                                                {"tax_rate", Var(2000)}});
    Arr levels = new Poco::JSON::Array;
    levels->add(object({{"branch_id", branch_id}, {"qty", Var(Poco::Int64(stock))}}));
    body->set("stock", levels);
    return text(create("products", body), "id");
  }

  // A cash sale at this till by its shift's owner; BOOST-requires 201, returns data.
  Obj sell(const std::string& product_id, int qty, std::int64_t cash,
           const std::string& customer_id = "") const {
    Arr lines = new Poco::JSON::Array;
    lines->add(object({{"product_id", product_id}, {"qty", qty}}));
    Arr payments = new Poco::JSON::Array;
    payments->add(object({{"method", "cash"}, {"amount", Var(Poco::Int64(cash))}}));
    Obj o =
        object({{"branch_id", branch_id}, {"register_id", register_id}, {"shift_id", shift_id}});
    if (!customer_id.empty()) o->set("customer_id", customer_id);
    o->set("lines", lines);
    o->set("payments", payments);
    const auto r = post(who, "/sales", str(o));
    BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
    return data_of(r);
  }

  long long on_hand(const std::string& product_id) const {
    const Obj p = data_of(get(admin(), "/products/" + product_id + "?branch_id=" + branch_id));
    const Arr stock = p->getArray("stock");
    for (unsigned i = 0; i < stock->size(); ++i) {
      const Obj level = stock->getObject(i);
      if (text(level, "branch_id") == branch_id) return integer(level, "qty");
    }
    return 0;
  }
};

std::string line_id(const Obj& sale, unsigned i = 0) {
  return text(sale->getArray("lines")->getObject(i), "id");
}

Obj refund_body(const std::string& shift_id, const std::string& line, int qty,
                const std::string& disposition = "") {
  Obj l = object({{"line_id", line}, {"qty", qty}});
  if (!disposition.empty()) l->set("disposition", disposition);
  Arr lines = new Poco::JSON::Array;
  lines->add(l);
  Obj o = object({{"shift_id", shift_id}});
  o->set("lines", lines);
  return o;
}

Obj with_payments(Obj body, std::initializer_list<std::pair<std::string, long long>> tenders) {
  Arr p = new Poco::JSON::Array;
  for (const auto& [method, amount] : tenders) {
    p->add(object({{"method", method}, {"amount", Var(Poco::Int64(amount))}}));
  }
  body->set("payments", p);
  return body;
}

HttpResult refund(const Session& who, const Obj& sale, const Obj& body, const Headers& h = {}) {
  return post(who, "/sales/" + text(sale, "id") + "/refunds", str(body), h);
}

long long refunded_qty(const Obj& sale, unsigned i = 0) {
  const Obj now = data_of(get(admin(), "/sales/" + text(sale, "id")));
  return integer(now->getArray("lines")->getObject(i), "refunded_qty");
}

std::string approval_token(const Session& requester) {
  const auto r = post(requester, "/auth/approvals",
                      str(object({{"login", approver().username},
                                  {"password", approver().password},
                                  {"action", "refund"}})));
  BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
  return text(data_of(r), "approval_token");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(refunds)

BOOST_AUTO_TEST_CASE(a_cash_refund_is_numbered_restocks_and_is_read_back) {
  Till till;
  const std::string tea = till.product(1000, 10);
  const Obj sale = till.sell(tea, 3, 3000);
  BOOST_TEST(till.on_hand(tea) == 7);
  const auto r = refund(till.who, sale, refund_body(till.shift_id, line_id(sale), 1));
  BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
  const Obj f = data_of(r);
  BOOST_TEST(text(f, "number") == "B-" + till.tag + "-R-" + till.tag + "-R000001");
  BOOST_TEST(r.header("location") == "/api/v1/refunds/" + text(f, "id"));
  BOOST_TEST(text(f, "sale_id") == text(sale, "id"));
  BOOST_TEST(text(f, "shift_id") == till.shift_id);
  BOOST_TEST(text(f, "register_id") == till.register_id);
  BOOST_TEST(integer(f, "total") == 1000);
  BOOST_TEST(integer(f, "net") + integer(f, "tax_total") == 1000);
  BOOST_TEST(integer(f, "tax_total") == 166);  // ⌊1000 × 500 / 3000⌋: a third of the line's tax
  BOOST_TEST(f->isNull("approved_by"));
  BOOST_TEST(is_timestamp(text(f, "created_at")));
  const Obj line = f->getArray("lines")->getObject(0);
  BOOST_TEST(text(line, "line_id") == line_id(sale));
  BOOST_TEST(text(line, "disposition") == "restock");
  BOOST_TEST(integer(line, "qty") == 1);
  const Obj tender = f->getArray("payments")->getObject(0);
  BOOST_TEST(text(tender, "method") == "cash");
  BOOST_TEST(integer(tender, "amount") == 1000);
  BOOST_TEST(f->getArray("taxes")->size() == 1u);
  BOOST_TEST(till.on_hand(tea) == 8);
  BOOST_TEST(refunded_qty(sale) == 1);
  BOOST_TEST(integer(data_of(get(admin(), "/sales/" + text(sale, "id"))), "refunded_total") ==
             1000);
  BOOST_TEST(str(data_of(get(till.who, "/refunds/" + text(f, "id")))) == str(f));
  // Damaged units stay out of stock; the numbers go on without a gap.
  const auto damaged =
      refund(till.who, sale, refund_body(till.shift_id, line_id(sale), 1, "damaged"));
  BOOST_REQUIRE_MESSAGE(damaged.status == 201, damaged.body);
  BOOST_TEST(text(data_of(damaged), "number") == "B-" + till.tag + "-R-" + till.tag + "-R000002");
  BOOST_TEST(till.on_hand(tea) == 8);
}

BOOST_AUTO_TEST_CASE(a_cashier_above_the_limit_needs_an_approval_token) {
  Till till;
  const std::string tv = till.product(kCashierLimit + 1000, 5);
  const Obj sale = till.sell(tv, 3, 3 * (kCashierLimit + 1000));
  const Obj body = refund_body(till.shift_id, line_id(sale), 1);
  check_error(refund(till.who, sale, body), 403, "APPROVAL_REQUIRED");
  BOOST_TEST(refunded_qty(sale) == 0);
  Obj forged = with(body, {{"approval_token", std::string(64, 'a')}});
  check_error(refund(till.who, sale, forged), 403, "APPROVAL_INVALID");

  const std::string token = approval_token(till.who);
  const auto approved = refund(till.who, sale, with(body, {{"approval_token", token}}));
  BOOST_REQUIRE_MESSAGE(approved.status == 201, approved.body);
  BOOST_TEST(text(data_of(approved), "approved_by") == approver().id);
  // A token approves one refund.
  check_error(refund(till.who, sale, with(body, {{"approval_token", token}})), 403,
              "APPROVAL_INVALID");
  // Below the limit, and for employees and admins, no approval is needed.
  Till small;
  const std::string pen = small.product(kCashierLimit, 5);
  const Obj cheap = small.sell(pen, 1, kCashierLimit);
  BOOST_TEST(refund(small.who, cheap, refund_body(small.shift_id, line_id(cheap), 1)).status ==
             201);
  const auto by_employee = refund(employee(), sale, body);
  BOOST_REQUIRE_MESSAGE(by_employee.status == 201, by_employee.body);
  BOOST_TEST(data_of(by_employee)->isNull("approved_by"));
  BOOST_TEST(refunded_qty(sale) == 2);
}

BOOST_AUTO_TEST_CASE(a_void_sale_cannot_be_refunded) {
  Till till;
  const std::string p = till.product(500, 5);
  const Obj sale = till.sell(p, 2, 1000);
  const auto voided =
      post(admin(), "/sales/" + text(sale, "id") + "/void", str(object({{"reason", "mistake"}})));
  BOOST_REQUIRE_MESSAGE(voided.status == 200, voided.body);
  check_error(refund(till.who, sale, refund_body(till.shift_id, line_id(sale), 1)), 409,
              "SALE_VOID");
  BOOST_TEST(till.on_hand(p) == 5);
}

BOOST_AUTO_TEST_CASE(the_refund_is_paid_from_an_open_shift_of_the_sales_branch) {
  Till till;
  const std::string p = till.product(700, 10);
  const Obj sale = till.sell(p, 3, 2100);
  const std::string line = line_id(sale);
  check_error(refund(till.who, sale, refund_body(regal::new_uuid_v7(), line, 1)), 409,
              "SHIFT_NOT_OPEN");
  check_invalid(refund(till.who, sale, with(refund_body(till.shift_id, line, 1), {}, {"shift_id"})),
                "shift_id", "required");
  // Another cashier's shift at a till of the same branch.
  const std::string second_register =
      text(create("registers", register_body(till.branch_id, fresh_tag())), "id");
  const std::string theirs = open_shift(other_cashier(), second_register);
  check_error(refund(till.who, sale, refund_body(theirs, line, 1)), 403, "SHIFT_NOT_YOURS");
  // An admin may use any open shift of the branch, but not one of another branch.
  Till elsewhere(admin());
  check_error(refund(admin(), sale, refund_body(elsewhere.shift_id, line, 1)), 409,
              "SHIFT_BRANCH_MISMATCH");
  const auto by_admin = refund(admin(), sale, refund_body(theirs, line, 1));
  BOOST_REQUIRE_MESSAGE(by_admin.status == 201, by_admin.body);
  BOOST_TEST(text(data_of(by_admin), "register_id") == second_register);
  BOOST_TEST(refunded_qty(sale) == 1);
}

BOOST_AUTO_TEST_CASE(no_line_is_refunded_beyond_what_was_sold) {
  Till till;
  const std::string p = till.product(300, 10);
  const Obj sale = till.sell(p, 2, 600);
  const auto over = refund(till.who, sale, refund_body(till.shift_id, line_id(sale), 3));
  check_error(over, 409, "REFUND_EXCEEDS_SOLD");
  BOOST_TEST(has_field(over, "lines[0].qty"), over.body);
  BOOST_TEST(refund(till.who, sale, refund_body(till.shift_id, line_id(sale), 2)).status == 201);
  check_error(refund(till.who, sale, refund_body(till.shift_id, line_id(sale), 1)), 409,
              "REFUND_EXCEEDS_SOLD");
  BOOST_TEST(refunded_qty(sale) == 2);
  // A line of another sale.
  const Obj other = till.sell(p, 1, 300);
  const auto foreign = refund(till.who, sale, refund_body(till.shift_id, line_id(other), 1));
  check_error(foreign, 422, "UNKNOWN_SALE_LINE");
  BOOST_TEST(has_field(foreign, "lines[0].line_id"), foreign.body);
}

BOOST_AUTO_TEST_CASE(an_idempotency_key_replays_the_refund_and_refuses_another_body) {
  Till till;
  const std::string p = till.product(400, 10);
  const Obj sale = till.sell(p, 3, 1200);
  const Headers key = {{"Idempotency-Key", "refund-" + till.tag}};
  const Obj body = refund_body(till.shift_id, line_id(sale), 1);
  const auto first = refund(till.who, sale, body, key);
  BOOST_REQUIRE_MESSAGE(first.status == 201, first.body);
  const auto again = refund(till.who, sale, body, key);
  BOOST_TEST(again.status == 200);
  BOOST_TEST(again.header("idempotent-replayed") == "true");
  BOOST_TEST(text(data_of(again), "id") == text(data_of(first), "id"));
  check_error(refund(till.who, sale, refund_body(till.shift_id, line_id(sale), 2), key), 422,
              "IDEMPOTENCY_KEY_REUSED");
  BOOST_TEST(refunded_qty(sale) == 1);
  BOOST_TEST(till.on_hand(p) == 8);
}

BOOST_AUTO_TEST_CASE(tenders_must_match_and_store_credit_needs_a_customer) {
  Till till;
  const std::string p = till.product(1500, 10);
  const Obj anonymous_sale = till.sell(p, 2, 3000);
  const Obj base = refund_body(till.shift_id, line_id(anonymous_sale), 1);
  check_error(refund(till.who, anonymous_sale, with_payments(base, {{"store_credit", 1500}})), 409,
              "STORE_CREDIT_NEEDS_CUSTOMER");
  check_error(refund(till.who, anonymous_sale, with_payments(base, {{"cash", 1000}})), 400,
              "REFUND_PAYMENTS_MISMATCH");
  const auto split =
      refund(till.who, anonymous_sale, with_payments(base, {{"card", 1000}, {"cash", 500}}));
  BOOST_REQUIRE_MESSAGE(split.status == 201, split.body);
  BOOST_TEST(data_of(split)->getArray("payments")->size() == 2u);

  const std::string customer = text(create("customers", customer_body(till.tag)), "id");
  const Obj sale = till.sell(p, 1, 1500, customer);
  const auto credit =
      refund(till.who, sale,
             with_payments(refund_body(till.shift_id, line_id(sale), 1), {{"store_credit", 1500}}));
  BOOST_REQUIRE_MESSAGE(credit.status == 201, credit.body);
  BOOST_TEST(text(data_of(credit), "customer_id") == customer);
  BOOST_TEST(integer(fetch("customers", customer), "balance") == -1500);
}

BOOST_AUTO_TEST_CASE(bad_refund_requests_get_field_errors_never_a_500) {
  Till till;
  const std::string p = till.product(100, 5);
  const Obj sale = till.sell(p, 2, 200);
  const std::string line = line_id(sale);
  check_invalid(refund(till.who, sale, with(refund_body(till.shift_id, line, 1), {{"tip", 5}})),
                "tip", "unknown_field");
  check_invalid(refund(till.who, sale, refund_body(till.shift_id, line, 0)), "lines[0].qty");
  check_invalid(refund(till.who, sale, refund_body(till.shift_id, line, 1, "lost")),
                "lines[0].disposition", "invalid_choice");
  check_invalid(refund(till.who, sale, refund_body(till.shift_id, "not-a-uuid", 1)),
                "lines[0].line_id");
  check_invalid(refund(till.who, sale, with(refund_body(till.shift_id, line, 1), {}, {"lines"})),
                "lines", "required");
  check_invalid(refund(till.who, sale,
                       with_payments(refund_body(till.shift_id, line, 1), {{"bitcoin", 100}})),
                "payments[0].method", "invalid_choice");
  check_invalid(
      refund(till.who, sale, with_payments(refund_body(till.shift_id, line, 1), {{"cash", 0}})),
      "payments[0].amount");
  const std::string body = str(refund_body(till.shift_id, line, 1));
  check_error(post(till.who, "/sales/" + regal::new_uuid_v7() + "/refunds", body), 404,
              "NOT_FOUND");
  check_error(post(till.who, "/sales/nope/refunds", body), 404, "NOT_FOUND");
  check_error(get(till.who, "/refunds/" + regal::new_uuid_v7()), 404, "NOT_FOUND");
  BOOST_TEST(refunded_qty(sale) == 0);
  BOOST_TEST(till.on_hand(p) == 3);
}

BOOST_AUTO_TEST_CASE(refunds_need_the_right_role) {
  Till till;
  const std::string p = till.product(100, 5);
  const Obj sale = till.sell(p, 1, 100);
  const Obj body = refund_body(till.shift_id, line_id(sale), 1);
  check_error(refund(desk_only(), sale, body), 403, "FORBIDDEN");
  BOOST_TEST(anonymous("POST", "/sales/" + text(sale, "id") + "/refunds", str(body)).status == 401);
  check_error(get(desk_only(), "/refunds"), 403, "FORBIDDEN");
  check_error(get(desk_only(), "/refunds/" + regal::new_uuid_v7()), 403, "FORBIDDEN");
  BOOST_TEST(anonymous("GET", "/refunds").status == 401);
  BOOST_TEST(refunded_qty(sale) == 0);
}

BOOST_AUTO_TEST_CASE(the_refund_list_filters_and_pages) {
  Till till;
  const std::string p = till.product(250, 20);
  const Obj sale = till.sell(p, 5, 1250);
  std::set<std::string> made;
  for (int i = 0; i < 5; ++i) {
    const auto r = refund(till.who, sale, refund_body(till.shift_id, line_id(sale), 1));
    BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
    made.insert(text(data_of(r), "id"));
  }
  std::set<std::string> seen;
  std::string path = "/refunds?limit=2&sale_id=" + text(sale, "id");
  for (int guard = 0; guard < 10; ++guard) {
    const Page page = list_page(till.who, path);
    BOOST_TEST(page.items.size() <= 2u);
    for (const auto& f : page.items) BOOST_TEST(seen.insert(text(f, "id")).second);
    if (page.cursor_is_null) break;
    path = "/refunds?limit=2&sale_id=" + text(sale, "id") + "&cursor=" + page.next_cursor;
  }
  BOOST_TEST((seen == made));
  for (const std::string& filter : {"shift_id=" + till.shift_id, "register_id=" + till.register_id,
                                    "branch_id=" + till.branch_id}) {
    BOOST_TEST(list_page(admin(), "/refunds?limit=200&" + filter).items.size() == 5u, filter);
  }
  BOOST_TEST(list_page(admin(), "/refunds?register_id=" + till.register_id + "&to=2000-01-01")
                 .items.empty());
  BOOST_TEST(list_page(admin(), "/refunds?register_id=" + till.register_id + "&from=2000-01-01")
                 .items.size() == 5u);
  BOOST_TEST(list_page(admin(), "/refunds?cashier_id=" + regal::new_uuid_v7()).items.empty());
  check_invalid(get(admin(), "/refunds?from=yesterday"), "from", "invalid_date");
  check_invalid(get(admin(), "/refunds?sale_id=12"), "sale_id", "invalid_id");
}

BOOST_AUTO_TEST_SUITE_END()
