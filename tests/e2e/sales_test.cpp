// POS sales through nginx → regal-fcgi → PostgreSQL (docs/SALES.md).
#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "e2e/catalog_support.hpp"
#include "support/pdf_text.hpp"

using namespace regal::test::catalog;
using regal::test::HttpResult;
using regal::test::pdf_text;

namespace {

struct Till {
  std::string tag = fresh_tag();
  std::string branch_id = make_branch(tag);
  std::string register_id = text(create("registers", register_body(branch_id, tag)), "id");
  // Sales name an open shift of their register: the suite's cashier opens one per till.
  std::string shift_id = text(
      data_of(post(cashier(), "/shifts",
                   str(object({{"register_id", register_id}, {"opening_float", 10000}})))),
      "id");

  std::string product(std::int64_t price, std::int64_t stock, const std::string& barcode = "") {
    const std::string t = fresh_tag();
    Obj body = with(product_body(t), {{"unit_price", Var(Poco::Int64(price))},
                                      {"cost_price", Var(Poco::Int64(price / 2))},
                                      {"tax_rate", Var(2000)}});
    Arr levels = new Poco::JSON::Array;
    levels->add(object({{"branch_id", branch_id}, {"qty", Var(Poco::Int64(stock))}}));
    body->set("stock", levels);
    if (!barcode.empty()) body->set("barcodes", strings({barcode}));
    return text(create("products", body), "id");
  }

  Obj sale(const std::vector<std::pair<std::string, int>>& lines, std::int64_t cash) const {
    Arr l = new Poco::JSON::Array;
    for (const auto& [id, qty] : lines) l->add(object({{"product_id", id}, {"qty", qty}}));
    Arr p = new Poco::JSON::Array;
    p->add(object({{"method", "cash"}, {"amount", Var(Poco::Int64(cash))}}));
    Obj o = object(
        {{"branch_id", branch_id}, {"register_id", register_id}, {"shift_id", shift_id}});
    o->set("lines", l);
    o->set("payments", p);
    return o;
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

std::string number_of(const HttpResult& r) { return text(data_of(r), "number"); }


}  // namespace

BOOST_AUTO_TEST_SUITE(sales)

BOOST_AUTO_TEST_CASE(a_cash_sale_is_numbered_stored_and_takes_its_stock) {
  Till till;
  const std::string milk = till.product(129, 10);
  const auto r = post(cashier(), "/sales", str(till.sale({{milk, 3}}, 500)));
  BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
  const Obj s = data_of(r);
  BOOST_TEST(text(s, "number") == "B-" + till.tag + "-R-" + till.tag + "-000001");
  BOOST_TEST(integer(s, "total") == 387);
  BOOST_TEST(integer(s, "tax_total") == 64);  // 387 × 20/120 = 64.5 → half-even 64
  BOOST_TEST(integer(s, "paid") == 500);
  BOOST_TEST(integer(s, "change") == 113);
  BOOST_TEST(text(s, "status") == "completed");
  BOOST_TEST(r.header("location") == "/api/v1/sales/" + text(s, "id"));
  BOOST_TEST(s->getArray("lines")->size() == 1u);
  BOOST_TEST(s->getArray("taxes")->size() == 1u);
  BOOST_TEST(till.on_hand(milk) == 7);
  const Obj again = data_of(get(cashier(), "/sales/" + text(s, "id")));
  BOOST_TEST(str(again) == str(s));
}

BOOST_AUTO_TEST_CASE(a_barcode_line_and_a_quick_sell_line_are_sold_together) {
  Till till;
  const std::string code = "SALE" + till.tag;
  const std::string bread = till.product(200, 5, code);
  Obj body = till.sale({}, 1000);
  Arr lines = new Poco::JSON::Array;
  lines->add(object({{"barcode", code}, {"qty", 2}}));
  lines->add(
      object({{"description", "Gift wrap"}, {"unit_price", 150}, {"tax_rate", 2000}, {"qty", 1}}));
  body->set("lines", lines);
  const auto r = post(cashier(), "/sales", str(body));
  BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
  BOOST_TEST(integer(data_of(r), "total") == 550);
  BOOST_TEST(till.on_hand(bread) == 3);
}

BOOST_AUTO_TEST_CASE(calculate_previews_without_storing_or_taking_stock) {
  Till till;
  const std::string tea = till.product(250, 4);
  Obj body = till.sale({{tea, 2}}, 500);
  body->set("discount", object({{"percent_bp", 1000}}));
  const auto r = post(cashier(), "/sales/calculate", str(body));
  BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
  BOOST_TEST(integer(data_of(r), "total") == 450);
  BOOST_TEST(data_of(r)->isNull("id"));
  BOOST_TEST(till.on_hand(tea) == 4);
  BOOST_TEST(list_page(admin(), "/sales?register_id=" + till.register_id).items.empty());
}

BOOST_AUTO_TEST_CASE(an_idempotency_key_replays_the_sale_and_refuses_another_body) {
  Till till;
  const std::string gum = till.product(50, 10);
  const Headers key = {{"Idempotency-Key", "till-" + till.tag}};
  const auto first = post(cashier(), "/sales", str(till.sale({{gum, 1}}, 50)), key);
  BOOST_REQUIRE_EQUAL(first.status, 201);
  const auto again = post(cashier(), "/sales", str(till.sale({{gum, 1}}, 50)), key);
  BOOST_TEST(again.status == 200);
  BOOST_TEST(again.header("idempotent-replayed") == "true");
  BOOST_TEST(text(data_of(again), "id") == text(data_of(first), "id"));
  check_error(post(cashier(), "/sales", str(till.sale({{gum, 2}}, 100)), key), 422,
              "IDEMPOTENCY_KEY_REUSED");
  BOOST_TEST(till.on_hand(gum) == 9);
}

BOOST_AUTO_TEST_CASE(overselling_is_refused_and_consumes_no_number) {
  Till till;
  const std::string rare = till.product(1000, 1);
  const auto refused = post(cashier(), "/sales", str(till.sale({{rare, 2}}, 2000)));
  check_error(refused, 409, "INSUFFICIENT_STOCK");
  BOOST_TEST(has_field(refused, "lines[0].qty"), refused.body);
  const auto ok = post(cashier(), "/sales", str(till.sale({{rare, 1}}, 1000)));
  BOOST_REQUIRE_EQUAL(ok.status, 201);
  BOOST_TEST(number_of(ok).substr(number_of(ok).size() - 6) == "000001");
  BOOST_TEST(till.on_hand(rare) == 0);
}

BOOST_AUTO_TEST_CASE(bad_requests_get_field_errors_never_a_500) {
  Till till;
  const std::string p = till.product(100, 5);
  check_invalid(post(cashier(), "/sales", str(with(till.sale({{p, 1}}, 100), {{"tip", 5}}))), "tip",
                "unknown_field");
  check_invalid(post(cashier(), "/sales", str(till.sale({{p, 0}}, 100))), "lines[0].qty");
  check_invalid(post(cashier(), "/sales", str(with(till.sale({{p, 1}}, 100), {}, {"payments"}))),
                "payments", "required");
  check_invalid(post(cashier(), "/sales", str(till.sale({{fresh_tag(), 1}}, 100))),
                "lines[0].product_id");
  Obj other_branch = till.sale({{p, 1}}, 100);
  other_branch->set(
      "register_id",
      text(create("registers", register_body(make_branch(fresh_tag()), fresh_tag())), "id"));
  check_invalid(post(cashier(), "/sales", str(other_branch)), "register_id", "not_found");
  check_error(post(cashier(), "/sales", str(till.sale({{p, 1}}, 99))), 400, "INSUFFICIENT_PAYMENT");
  BOOST_TEST(till.on_hand(p) == 5);
}

BOOST_AUTO_TEST_CASE(price_overrides_need_the_right_role) {
  Till till;
  const std::string p = till.product(1000, 5);
  Obj body = till.sale({}, 900);
  Arr lines = new Poco::JSON::Array;
  lines->add(object({{"product_id", p}, {"qty", 1}, {"unit_price", 900}}));
  body->set("lines", lines);
  check_error(post(cashier(), "/sales", str(body)), 403, "PRICE_OVERRIDE_FORBIDDEN");
  const auto by_employee = post(employee(), "/sales", str(body));
  BOOST_TEST(by_employee.status == 201, by_employee.body);
  lines->getObject(0)->set("unit_price", 100);  // below the cost of 500
  check_invalid(post(employee(), "/sales", str(body)), "lines[0].unit_price", "below_cost");
  BOOST_TEST(post(admin(), "/sales", str(body)).status == 201);
  check_error(post(desk_only(), "/sales", str(body)), 403, "FORBIDDEN");
  BOOST_TEST(anonymous("POST", "/sales", str(body)).status == 401);
}

BOOST_AUTO_TEST_CASE(the_sales_view_filters_and_pages) {
  Till till;
  const std::string p = till.product(100, 50);
  std::set<std::string> made;
  for (int i = 0; i < 5; ++i) {
    made.insert(text(data_of(post(cashier(), "/sales", str(till.sale({{p, 1}}, 100)))), "id"));
  }
  std::set<std::string> seen;
  std::string path = "/sales?limit=2&register_id=" + till.register_id;
  for (int guard = 0; guard < 10; ++guard) {
    const Page page = list_page(admin(), path);
    for (const auto& s : page.items) BOOST_TEST(seen.insert(text(s, "id")).second);
    if (page.cursor_is_null) break;
    path = "/sales?limit=2&register_id=" + till.register_id + "&cursor=" + page.next_cursor;
  }
  BOOST_TEST((seen == made));
  const std::string number = "B-" + till.tag + "-R-" + till.tag + "-000003";
  const Page one = list_page(admin(), "/sales?number=" + enc(number));
  BOOST_REQUIRE_EQUAL(one.items.size(), 1u);
  BOOST_TEST(text(one.items[0], "number") == number);
  BOOST_TEST(list_page(admin(), "/sales?register_id=" + till.register_id + "&to=2000-01-01")
                 .items.empty());
  check_invalid(get(admin(), "/sales?from=yesterday"), "from", "invalid_date");
}

BOOST_AUTO_TEST_CASE(receipts_print_the_stored_sale_and_reprints_are_marked_duplicate) {
  Till till;
  const std::string p = till.product(1999, 5);
  const Obj s = data_of(post(cashier(), "/sales", str(till.sale({{p, 1}}, 2000))));
  const auto receipt = get(cashier(), "/sales/" + text(s, "id") + "/receipt?format=text");
  BOOST_REQUIRE_EQUAL(receipt.status, 200);
  BOOST_TEST(receipt.header("content-type").find("text/plain") == 0u);
  BOOST_TEST(receipt.body.find(text(s, "number")) != std::string::npos);
  BOOST_TEST(receipt.body.find("19.99") != std::string::npos);
  BOOST_TEST(receipt.body.find("DUPLICATE") == std::string::npos);
  const auto first = post(cashier(), "/sales/" + text(s, "id") + "/reprint", "");
  BOOST_TEST(first.body.find("DUPLICATE #1") != std::string::npos, first.body);
  const auto second = post(cashier(), "/sales/" + text(s, "id") + "/reprint", "");
  BOOST_TEST(second.body.find("DUPLICATE #2") != std::string::npos);
  const Obj after = data_of(get(admin(), "/sales/" + text(s, "id")));
  BOOST_TEST(integer(after, "reprint_count") == 2);
  BOOST_TEST(integer(after, "total") == integer(s, "total"));
}

BOOST_AUTO_TEST_CASE(pdf_receipts_are_real_pdfs_and_an_unknown_format_is_refused) {
  Till till;
  const std::string p = till.product(1999, 5);
  const Obj s = data_of(post(cashier(), "/sales", str(till.sale({{p, 1}}, 2000))));
  const std::string receipt = "/sales/" + text(s, "id") + "/receipt";
  const std::string number = text(s, "number");

  const auto pdf = get(cashier(), receipt + "?format=pdf");
  BOOST_REQUIRE_EQUAL(pdf.status, 200);
  BOOST_TEST(pdf.header("content-type") == "application/pdf");
  BOOST_TEST(pdf.header("content-disposition") == "inline; filename=\"" + number + ".pdf\"");
  BOOST_TEST(pdf.body.rfind("%PDF-", 0) == 0u);
  BOOST_TEST(pdf.body.find('\0') != std::string::npos);  // binary bytes came through whole
  BOOST_TEST(pdf.body.find("%%EOF", pdf.body.size() - 8) != std::string::npos);
  const std::string printed = pdf_text(pdf.body);
  BOOST_TEST(printed.find(number) != std::string::npos, printed);
  BOOST_TEST(printed.find("19.99") != std::string::npos);
  BOOST_TEST(printed.find("DUPLICATE") == std::string::npos);

  const auto reprint = post(cashier(), "/sales/" + text(s, "id") + "/reprint?format=pdf", "");
  BOOST_REQUIRE_EQUAL(reprint.status, 200);
  BOOST_TEST(reprint.header("content-type") == "application/pdf");
  BOOST_TEST(pdf_text(reprint.body).find("DUPLICATE #1") != std::string::npos);

  check_invalid(get(cashier(), receipt + "?format=bogus"), "format", "invalid_choice");
  check_invalid(post(cashier(), "/sales/" + text(s, "id") + "/reprint?format=bogus", ""), "format",
                "invalid_choice");
  // A refused format counts no reprint.
  BOOST_TEST(integer(data_of(get(admin(), "/sales/" + text(s, "id"))), "reprint_count") == 1);
}

BOOST_AUTO_TEST_CASE(parallel_tills_never_oversell_a_hot_product) {
  Till till;
  const std::string hot = till.product(100, 20);
  const Session who = cashier();
  std::atomic<int> sold{0};
  std::atomic<int> refused{0};
  std::atomic<int> unexpected{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 6; ++i) {
        const auto r = post(who, "/sales", str(till.sale({{hot, 1}}, 100)));
        if (r.status == 201) {
          ++sold;
        } else if (r.status == 409 && error_code(r) == "INSUFFICIENT_STOCK") {
          ++refused;
        } else {
          ++unexpected;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  BOOST_TEST(unexpected.load() == 0);
  BOOST_TEST(sold.load() == 20);
  BOOST_TEST(refused.load() == 16);
  BOOST_TEST(till.on_hand(hot) == 0);
  std::set<std::string> numbers;
  std::string path = "/sales?limit=200&register_id=" + till.register_id;
  const Page page = list_page(admin(), path);
  for (const auto& s : page.items) numbers.insert(text(s, "number"));
  BOOST_TEST(numbers.size() == 20u);
  BOOST_TEST(numbers.count("B-" + till.tag + "-R-" + till.tag + "-000020") == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
