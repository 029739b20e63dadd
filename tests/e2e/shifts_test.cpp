// Shifts, the cash drawer, X/Z reports and voids through nginx → regal-fcgi → PostgreSQL
// (docs/SHIFTS.md).
#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "e2e/catalog_support.hpp"
#include "support/pdf_text.hpp"

using namespace regal::test::catalog;
using regal::test::HttpResult;
using regal::test::pdf_text;

namespace {

// A till with its own cashier, who opens the shift.
struct Till {
  std::string tag = fresh_tag();
  std::string branch_id = make_branch(tag);
  std::string register_id = text(create("registers", register_body(branch_id, tag)), "id");
  regal::test::identity::Account account =
      regal::test::identity::create_user(admin(), "till" + tag, "cashier", "END_USER");
  Session cashier = regal::test::identity::login_ok(account);
  std::string shift_id;

  HttpResult open(std::int64_t float_amount, const Session* by = nullptr) {
    return post(by ? *by : cashier, "/shifts",
                str(object({{"register_id", register_id},
                            {"opening_float", Var(Poco::Int64(float_amount))}})));
  }
  void open_ok(std::int64_t float_amount) {
    const auto r = open(float_amount);
    BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
    shift_id = text(data_of(r), "id");
  }

  std::string product(std::int64_t price, std::int64_t stock) {
    const std::string t = fresh_tag();
    Obj body = with(product_body(t), {{"unit_price", Var(Poco::Int64(price))},
                                      {"cost_price", Var(Poco::Int64(price / 2))},
                                      {"tax_rate", Var(2000)}});
    Arr levels = new Poco::JSON::Array;
    levels->add(object({{"branch_id", branch_id}, {"qty", Var(Poco::Int64(stock))}}));
    body->set("stock", levels);
    return text(create("products", body), "id");
  }

  Obj sale(const std::string& product_id, int qty, const std::string& method,
           std::int64_t amount) const {
    Arr l = new Poco::JSON::Array;
    l->add(object({{"product_id", product_id}, {"qty", qty}}));
    Arr p = new Poco::JSON::Array;
    p->add(object({{"method", method}, {"amount", Var(Poco::Int64(amount))}}));
    Obj o = object(
        {{"branch_id", branch_id}, {"register_id", register_id}, {"shift_id", shift_id}});
    o->set("lines", l);
    o->set("payments", p);
    return o;
  }
  Obj sell(const std::string& product_id, int qty, const std::string& method,
           std::int64_t amount) {
    const auto r = post(cashier, "/sales", str(sale(product_id, qty, method, amount)));
    BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
    return data_of(r);
  }

  HttpResult move(const Obj& body, const Headers& extra = {}) {
    return post(cashier, "/shifts/" + shift_id + "/cash-movements", str(body), extra);
  }

  HttpResult close(std::int64_t counted_cash, const std::string& extra_json = "") {
    return post(cashier, "/shifts/" + shift_id + "/close",
                "{\"counted\":[{\"method\":\"cash\",\"amount\":" + std::to_string(counted_cash) +
                    "}]" + extra_json + "}");
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


Obj totals_of(const Obj& report) { return report->getObject("totals"); }

Obj tender(const Obj& report, const std::string& method) {
  const Arr tenders = report->getArray("tenders");
  for (unsigned i = 0; i < tenders->size(); ++i) {
    if (text(tenders->getObject(i), "method") == method) return tenders->getObject(i);
  }
  BOOST_FAIL("no tender " + method + " in " + str(report));
  return {};
}

// A supervisor's approval, asked for by `requester`'s session (it is theirs to use).
std::string approval_token(const Session& requester, const std::string& action) {
  const auto& a = regal::test::identity::bootstrap_admin();
  const auto r = post(requester, "/auth/approvals",
                      str(object({{"login", a.username}, {"password", a.password}, {"action", action}})));
  BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
  return text(data_of(r), "approval_token");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(shifts)

BOOST_AUTO_TEST_CASE(a_register_has_one_open_shift_and_opening_is_checked) {
  Till till;
  const auto counted = post(till.cashier, "/shifts",
                            R"({"register_id":")" + till.register_id +
                                R"(","opening_counts":[{"value":1000,"count":3},{"value":50,"count":4}]})");
  BOOST_REQUIRE_MESSAGE(counted.status == 201, counted.body);
  const Obj shift = data_of(counted);
  BOOST_TEST(integer(shift, "opening_float") == 3200);
  BOOST_TEST(text(shift, "status") == "open");
  BOOST_TEST(text(shift, "cashier_id") == text(data_of(get(till.cashier, "/auth/me")), "id"));
  check_error(till.open(0), 409, "SHIFT_ALREADY_OPEN");
  check_error(till.open(0, &static_cast<const Session&>(admin())), 409, "SHIFT_ALREADY_OPEN");

  Till other;
  check_invalid(post(other.cashier, "/shifts",
                     R"({"register_id":")" + other.register_id +
                         R"(","opening_float":100,"opening_counts":[{"value":50,"count":1}]})"),
                "opening_float", "mismatch");
  check_invalid(post(other.cashier, "/shifts", R"({"register_id":")" + other.register_id + "\"}"),
                "opening_float", "required");
  check_invalid(post(other.cashier, "/shifts", R"({"opening_float":0})"), "register_id");
  check_invalid(post(other.cashier, "/shifts",
                     R"({"register_id":")" + fresh_tag() + R"(","opening_float":0})"),
                "register_id");
  check_invalid(post(other.cashier, "/shifts",
                     str(object({{"register_id", regal::test::catalog::text(
                                                     create("registers", register_body(
                                                                             other.branch_id,
                                                                             fresh_tag())),
                                                     "id")},
                                 {"opening_float", -1}}))),
                "opening_float");
  check_error(post(desk_only(), "/shifts", str(object({{"register_id", other.register_id},
                                                       {"opening_float", 0}}))),
              403, "FORBIDDEN");

  // Idempotent: the same key answers the same shift; another body with it is refused.
  const Headers key{{"Idempotency-Key", "open-" + other.tag}};
  const std::string body =
      str(object({{"register_id", other.register_id}, {"opening_float", 500}}));
  const auto first = post(other.cashier, "/shifts", body, key);
  BOOST_REQUIRE_MESSAGE(first.status == 201, first.body);
  const auto again = post(other.cashier, "/shifts", body, key);
  BOOST_TEST(again.status == 200);
  BOOST_TEST(text(data_of(again), "id") == text(data_of(first), "id"));
  check_error(post(other.cashier, "/shifts",
                   str(object({{"register_id", other.register_id}, {"opening_float", 501}})), key),
              422, "IDEMPOTENCY_KEY_REUSED");
}

BOOST_AUTO_TEST_CASE(sales_must_name_an_open_shift_of_their_register) {
  Till till;
  till.open_ok(0);
  const std::string p = till.product(100, 50);
  check_invalid(post(till.cashier, "/sales", str(with(till.sale(p, 1, "cash", 100), {}, {"shift_id"}))),
                "shift_id", "required");

  Till elsewhere;
  elsewhere.open_ok(0);
  check_error(post(till.cashier, "/sales",
                   str(with(till.sale(p, 1, "cash", 100), {{"shift_id", elsewhere.shift_id}}))),
              409, "SHIFT_REGISTER_MISMATCH");
  // Another cashier may not sell into this cashier's shift; an employee may step in.
  check_error(post(cashier(), "/sales", str(till.sale(p, 1, "cash", 100))), 403, "SHIFT_NOT_YOURS");
  BOOST_TEST(post(employee(), "/sales", str(till.sale(p, 1, "cash", 100))).status == 201);
  BOOST_REQUIRE(till.close(100).status == 200);
  check_error(post(till.cashier, "/sales", str(till.sale(p, 1, "cash", 100))), 409,
              "SHIFT_NOT_OPEN");
  BOOST_TEST(till.on_hand(p) == 49);  // only the employee's sale took stock
}

BOOST_AUTO_TEST_CASE(cash_movements_are_append_only_and_reversed_not_edited) {
  Till till;
  till.open_ok(1000);
  const auto in = till.move(object({{"kind", "paid_in"}, {"amount", 500}, {"reason", "Change from bank"}}));
  BOOST_REQUIRE_MESSAGE(in.status == 201, in.body);
  const std::string in_id = text(data_of(in), "id");
  check_error(till.move(object({{"kind", "paid_out"}, {"amount", 1501}, {"reason", "Too much"}})),
              409, "INSUFFICIENT_CASH");
  const auto out = till.move(object({{"kind", "paid_out"}, {"amount", 300}, {"reason", "Window cleaner"}}));
  BOOST_REQUIRE_MESSAGE(out.status == 201, out.body);
  BOOST_TEST(till.move(object({{"kind", "drop"}, {"amount", 700}, {"reason", "To the safe"}})).status == 201);
  BOOST_TEST(till.move(object({{"kind", "no_sale"}, {"reason", "Customer change"}})).status == 201);
  check_invalid(till.move(object({{"kind", "no_sale"}, {"amount", 5}, {"reason", "x"}})), "amount");
  check_invalid(till.move(object({{"kind", "paid_in"}, {"amount", 5}})), "reason", "required");
  check_invalid(till.move(object({{"kind", "tip"}, {"amount", 5}, {"reason", "x"}})), "kind");
  check_invalid(till.move(object({{"kind", "paid_in"}, {"amount", 0}, {"reason", "x"}})), "amount");

  // A mistake is corrected by a reversal that names the movement; once only.
  const auto reversal = till.move(object({{"reverses_id", in_id}, {"reason", "Typed twice"}}));
  BOOST_REQUIRE_MESSAGE(reversal.status == 201, reversal.body);
  BOOST_TEST(integer(data_of(reversal), "amount") == -500);
  BOOST_TEST(text(data_of(reversal), "kind") == "paid_in");
  check_error(till.move(object({{"reverses_id", in_id}, {"reason", "Again"}})), 409,
              "ALREADY_REVERSED");
  check_invalid(till.move(object({{"reverses_id", text(data_of(reversal), "id")}, {"reason", "x"}})),
                "reverses_id", "is_reversal");
  check_invalid(till.move(object({{"reverses_id", fresh_tag()}, {"reason", "x"}})), "reverses_id");

  // Idempotent retries of a movement.
  const Headers key{{"Idempotency-Key", "drop-" + till.tag}};
  const Obj drop = object({{"kind", "paid_in"}, {"amount", 10}, {"reason", "Retry me"}});
  const auto first = till.move(drop, key);
  BOOST_REQUIRE(first.status == 201);
  const auto second = till.move(drop, key);
  BOOST_TEST(second.status == 200);
  BOOST_TEST(text(data_of(second), "id") == text(data_of(first), "id"));

  // A cashier records an expense through a drawer paid-out that names its category.
  const auto category = post(admin(), "/expense-categories",
                             str(object({{"name", "Cleaning " + till.tag}})));
  BOOST_REQUIRE_MESSAGE(category.status == 201, category.body);
  const auto paid = till.move(object({{"kind", "paid_out"},
                                      {"amount", 5},
                                      {"reason", "Soap"},
                                      {"expense_category_id", text(data_of(category), "id")}}));
  BOOST_REQUIRE_MESSAGE(paid.status == 201, paid.body);
  const std::string expense_id = text(data_of(paid), "expense_id");
  BOOST_REQUIRE(!expense_id.empty());
  const auto expense = get(admin(), "/expenses/" + expense_id);
  BOOST_REQUIRE_MESSAGE(expense.status == 200, expense.body);
  BOOST_TEST(integer(data_of(expense), "amount") == 5);
  check_invalid(till.move(object({{"kind", "paid_out"},
                                  {"amount", 1},
                                  {"reason", "x"},
                                  {"expense_category_id", fresh_tag()}})),
                "expense_category_id");
  check_invalid(till.move(object({{"kind", "paid_in"},
                                  {"amount", 1},
                                  {"reason", "x"},
                                  {"expense_category_id", text(data_of(category), "id")}})),
                "expense_category_id", "not_allowed");

  const auto list = get(till.cashier, "/shifts/" + till.shift_id + "/cash-movements");
  BOOST_REQUIRE(list.status == 200);
  BOOST_TEST(list_of(list)->size() == 7u);
  // Another cashier does not see this shift at all.
  check_error(get(cashier(), "/shifts/" + till.shift_id + "/cash-movements"), 404, "NOT_FOUND");
  check_error(post(cashier(), "/shifts/" + till.shift_id + "/cash-movements",
                   str(object({{"kind", "no_sale"}, {"reason", "x"}}))),
              404, "NOT_FOUND");

  const Obj x = data_of(get(admin(), "/shifts/" + till.shift_id + "/x-report"));
  BOOST_TEST(integer(totals_of(x), "paid_in") == 10);  // 500 − 500 + 10
  BOOST_TEST(integer(totals_of(x), "paid_out") == 305);
  BOOST_TEST(integer(totals_of(x), "drops") == 700);
  BOOST_TEST(integer(totals_of(x), "no_sale_count") == 1);
  BOOST_TEST(integer(x, "expected_cash") == 1000 + 10 - 305 - 700);
}

BOOST_AUTO_TEST_CASE(x_reports_are_blind_for_the_cashier_and_z_closes_with_the_variance) {
  Till till;
  till.open_ok(2000);
  const std::string p = till.product(1000, 100);
  till.sell(p, 2, "cash", 2500);  // 2000 in the drawer, 500 change
  till.sell(p, 1, "card", 1000);
  const Obj blind = data_of(get(till.cashier, "/shifts/" + till.shift_id + "/x-report"));
  BOOST_TEST(blind->getValue<bool>("blind"));
  BOOST_TEST(blind->get("expected_cash").isEmpty());
  BOOST_TEST(tender(blind, "cash")->get("expected").isEmpty());
  BOOST_TEST(integer(totals_of(blind), "sales_count") == 2);
  const Obj x = data_of(get(admin(), "/shifts/" + till.shift_id + "/x-report"));
  BOOST_TEST(text(x, "kind") == "X");
  BOOST_TEST(integer(x, "expected_cash") == 4000);
  BOOST_TEST(integer(tender(x, "card"), "expected") == 1000);
  BOOST_TEST(integer(totals_of(x), "sales_total") == 3000);
  BOOST_TEST(integer(totals_of(x), "sales_tax") == 500);  // 3000 × 20/120
  BOOST_TEST(integer(totals_of(x), "sales_cost") == 1500);
  BOOST_TEST(integer(x, "gross_margin") == 2500 - 1500);

  check_invalid(post(till.cashier, "/shifts/" + till.shift_id + "/close", R"({"counted":[]})"),
                "counted", "cash_required");
  check_invalid(post(till.cashier, "/shifts/" + till.shift_id + "/close",
                     R"({"counted":[{"method":"on_account","amount":1},{"method":"cash","amount":1}]})"),
                "counted[0].method", "invalid_choice");
  check_error(post(cashier(), "/shifts/" + till.shift_id + "/close",
                   R"({"counted":[{"method":"cash","amount":0}]})"),
              404, "NOT_FOUND");
  const auto closed = post(till.cashier, "/shifts/" + till.shift_id + "/close",
                           R"({"counted":[{"method":"cash","denominations":[{"value":1000,"count":3},{"value":500,"count":1},{"value":100,"count":4}]},{"method":"card","amount":1000}]})");
  BOOST_REQUIRE_MESSAGE(closed.status == 200, closed.body);
  const Obj z = data_of(closed);
  BOOST_TEST(text(z, "kind") == "Z");
  BOOST_TEST(text(z, "number") == "B-" + till.tag + "-R-" + till.tag + "-Z000001");
  BOOST_TEST(integer(z, "expected_cash") == 4000);
  BOOST_TEST(integer(z, "counted_cash") == 3900);
  BOOST_TEST(integer(tender(z, "cash"), "variance") == -100);
  BOOST_TEST(integer(tender(z, "card"), "variance") == 0);
  BOOST_TEST(integer(z, "variance") == -100);
  BOOST_TEST(integer(z, "grand_total") == 3000);
  BOOST_TEST(text(totals_of(z), "first_number") == "B-" + till.tag + "-R-" + till.tag + "-000001");
  BOOST_TEST(text(totals_of(z), "last_number") == "B-" + till.tag + "-R-" + till.tag + "-000002");
  BOOST_TEST(text(z->getObject("shift"), "status") == "closed");

  // Closed: the X report is the Z report; it reads back the same; closing again needs approval.
  const Obj again = data_of(get(till.cashier, "/z-reports/" + text(z, "id")));
  BOOST_TEST(integer(again, "variance") == -100);
  const auto pdf = get(till.cashier, "/z-reports/" + text(z, "id") + "?format=pdf");
  BOOST_REQUIRE_EQUAL(pdf.status, 200);
  BOOST_TEST(pdf.header("content-type") == "application/pdf");
  BOOST_TEST(pdf.body.rfind("%PDF-", 0) == 0);
  const std::string printed = pdf_text(pdf.body);
  BOOST_TEST(printed.find(text(z, "number")) != std::string::npos, printed);
  BOOST_TEST(printed.find("-1.00") != std::string::npos, printed);  // the variance
  check_invalid(get(till.cashier, "/z-reports/" + text(z, "id") + "?format=xml"), "format");
  BOOST_TEST(text(data_of(get(till.cashier, "/shifts/" + till.shift_id + "/x-report")), "id") ==
             text(z, "id"));
  check_error(till.close(4000), 409, "SHIFT_CLOSED");
  const auto recount = till.close(4000, ",\"approval_token\":\"" + approval_token(till.cashier, "shift.recount") +
                                            "\",\"reason\":\"Found a note under the tray\"");
  BOOST_REQUIRE_MESSAGE(recount.status == 200, recount.body);
  const Obj with_recount = data_of(recount);
  BOOST_TEST(integer(with_recount, "variance") == -100);  // the Z itself never changes
  BOOST_REQUIRE(with_recount->getArray("recounts")->size() == 1u);
  BOOST_TEST(integer(with_recount->getArray("recounts")->getObject(0), "variance") == 0);
  check_error(till.close(4000, ",\"approval_token\":\"" + std::string(64, 'a') + "\""), 403,
              "APPROVAL_INVALID");

  // The next shift of the register gets the next Z number and a perpetual grand total.
  till.open_ok(0);
  till.sell(p, 1, "cash", 1000);
  const auto second = till.close(1000);
  BOOST_REQUIRE_MESSAGE(second.status == 200, second.body);
  BOOST_TEST(text(data_of(second), "number") == "B-" + till.tag + "-R-" + till.tag + "-Z000002");
  BOOST_TEST(integer(data_of(second), "grand_total") == 4000);
  const auto list = get(admin(), "/z-reports?register=" + till.register_id);
  BOOST_REQUIRE(list.status == 200);
  BOOST_TEST(list_of(list)->size() == 2u);
  BOOST_TEST(list_of(get(cashier(), "/z-reports?register=" + till.register_id))->size() == 0u);
  check_invalid(get(admin(), "/z-reports?from=2026-02-31"), "from", "invalid_date");
}

BOOST_AUTO_TEST_CASE(an_admin_voids_a_sale_of_an_open_shift_and_its_stock_comes_back) {
  Till till;
  till.open_ok(0);
  const std::string p = till.product(500, 10);
  const Obj sale = till.sell(p, 3, "cash", 1500);
  const std::string path = "/sales/" + text(sale, "id") + "/void";
  BOOST_TEST(till.on_hand(p) == 7);
  check_error(post(till.cashier, path, R"({"reason":"Wrong customer"})"), 403, "FORBIDDEN");
  check_invalid(post(admin(), path, "{}"), "reason", "required");
  const auto voided = post(admin(), path, R"({"reason":"Wrong customer"})");
  BOOST_REQUIRE_MESSAGE(voided.status == 200, voided.body);
  BOOST_TEST(text(data_of(voided), "status") == "void");
  BOOST_TEST(text(data_of(voided), "number") == text(sale, "number"));  // the number stays used
  BOOST_TEST(text(data_of(voided), "void_reason") == "Wrong customer");
  BOOST_TEST(till.on_hand(p) == 10);
  check_error(post(admin(), path, R"({"reason":"Again"})"), 409, "SALE_NOT_VOIDABLE");
  check_error(post(admin(), "/sales/" + fresh_tag() + "/void", R"({"reason":"x"})"), 404,
              "NOT_FOUND");
  const Obj next = till.sell(p, 1, "cash", 500);
  BOOST_TEST(integer(next, "total") == 500);
  const Obj x = data_of(get(admin(), "/shifts/" + till.shift_id + "/x-report"));
  BOOST_TEST(integer(totals_of(x), "voids_count") == 1);
  BOOST_TEST(integer(totals_of(x), "voids_total") == 1500);
  BOOST_TEST(integer(totals_of(x), "sales_count") == 1);
  BOOST_TEST(integer(x, "expected_cash") == 500);
  BOOST_REQUIRE(till.close(500).status == 200);
  check_error(post(admin(), "/sales/" + text(next, "id") + "/void", R"({"reason":"Late"})"), 409,
              "SHIFT_NOT_OPEN");
}

// Sales, refunds, voids and cash movements at once in one shift; then the Z report must equal a
// full recomputation from the documents, to the minor unit.
BOOST_AUTO_TEST_CASE(a_busy_shift_closes_to_exactly_what_its_documents_add_up_to) {
  Till till;
  till.open_ok(5000);
  std::vector<std::string> products;
  std::vector<std::int64_t> prices;
  for (int i = 0; i < 4; ++i) {
    prices.push_back(100 + 37 * i);
    products.push_back(till.product(prices.back(), 1000));
  }
  std::mutex mu;
  std::vector<Obj> sales;
  std::atomic<int> failures{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&, w] {
      for (int i = 0; i < 12; ++i) {
        const auto k = static_cast<std::size_t>((w + i) % 4);
        const int qty = 1 + i % 3;
        const bool card = (i % 3) == 0;  // a card pays the exact total (prices are tax-inclusive)
        const auto r = post(till.cashier, "/sales",
                            str(till.sale(products[k], qty, card ? "card" : "cash",
                                          card ? prices[k] * qty : 1000)));
        if (r.status != 201) {
          ++failures;
          continue;
        }
        const Obj s = data_of(r);
        {
          std::lock_guard lock(mu);
          sales.push_back(s);
        }
        if (i % 5 == 1) {
          const auto refund = post(
              till.cashier, "/sales/" + text(s, "id") + "/refunds",
              str(object({{"shift_id", till.shift_id},
                          {"lines", array({object({{"line_id", text(s->getArray("lines")->getObject(0), "id")},
                                                   {"qty", 1}})})}})));
          if (refund.status != 201) ++failures;
        } else if (i % 7 == 3) {
          if (post(admin(), "/sales/" + text(s, "id") + "/void", R"({"reason":"Test"})").status != 200) {
            ++failures;
          }
        }
        if (i % 4 == 2) {
          const auto m = till.move(object({{"kind", i % 8 == 2 ? "paid_in" : "no_sale"},
                                           {"amount", i % 8 == 2 ? 25 : 0},
                                           {"reason", "Busy"}}));
          if (m.status != 201) ++failures;
        }
      }
    });
  }
  for (auto& t : workers) t.join();
  BOOST_TEST(failures.load() == 0);

  const auto closed = till.close(0);
  BOOST_REQUIRE_MESSAGE(closed.status == 200, closed.body);
  const Obj z = data_of(closed);

  // Recompute from the stored documents.
  long long count = 0, total = 0, tax = 0, voids = 0, voids_total = 0, cash_in = 0, card_in = 0;
  long long refunds = 0, refunds_total = 0, cash_back = 0;
  const Arr all_sales = list_of(get(admin(), "/sales?limit=200&register_id=" + till.register_id));
  BOOST_TEST(all_sales->size() == sales.size());
  for (unsigned n = 0; n < all_sales->size(); ++n) {
    const Obj stored = data_of(get(admin(), "/sales/" + text(all_sales->getObject(n), "id")));
    if (text(stored, "status") == "void") {
      ++voids;
      voids_total += integer(stored, "total");
      continue;
    }
    ++count;
    total += integer(stored, "total");
    tax += integer(stored, "tax_total");
    const Arr pays = stored->getArray("payments");
    for (unsigned i = 0; i < pays->size(); ++i) {
      const Obj pay = pays->getObject(i);
      if (text(pay, "method") == "cash") cash_in += integer(pay, "amount");
      if (text(pay, "method") == "card") card_in += integer(pay, "amount");
    }
    cash_in -= integer(stored, "change");
  }
  const Arr all_refunds = list_of(get(admin(), "/refunds?limit=200&shift_id=" + till.shift_id));
  for (unsigned n = 0; n < all_refunds->size(); ++n) {
    const Obj r = all_refunds->getObject(n);
    ++refunds;
    refunds_total += integer(r, "total");
    const Arr pays = r->getArray("payments");
    for (unsigned i = 0; i < pays->size(); ++i) {
      if (text(pays->getObject(i), "method") == "cash") cash_back += integer(pays->getObject(i), "amount");
    }
  }
  long long paid_in = 0, no_sale = 0;
  const Arr moves = list_of(get(admin(), "/shifts/" + till.shift_id + "/cash-movements"));
  for (unsigned i = 0; i < moves->size(); ++i) {
    const Obj m = moves->getObject(i);
    if (text(m, "kind") == "paid_in") paid_in += integer(m, "amount");
    if (text(m, "kind") == "no_sale") ++no_sale;
  }
  const Obj t = totals_of(z);
  BOOST_TEST(integer(t, "sales_count") == count);
  BOOST_TEST(integer(t, "sales_total") == total);
  BOOST_TEST(integer(t, "sales_tax") == tax);
  BOOST_TEST(integer(t, "voids_count") == voids);
  BOOST_TEST(integer(t, "voids_total") == voids_total);
  BOOST_TEST(integer(t, "refunds_count") == refunds);
  BOOST_TEST(integer(t, "refunds_total") == refunds_total);
  BOOST_TEST(integer(t, "paid_in") == paid_in);
  BOOST_TEST(integer(t, "no_sale_count") == no_sale);
  BOOST_TEST(integer(tender(z, "cash"), "sales") == cash_in);
  BOOST_TEST(integer(tender(z, "cash"), "refunds") == cash_back);
  BOOST_TEST(integer(z, "expected_cash") == 5000 + cash_in - cash_back + paid_in);
  BOOST_TEST(integer(z, "variance") == -integer(z, "expected_cash"));
  BOOST_TEST(count > 20);
  BOOST_TEST(refunds > 0);
  BOOST_TEST(voids > 0);
}

BOOST_AUTO_TEST_SUITE_END()
