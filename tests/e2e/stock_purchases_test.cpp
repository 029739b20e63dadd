// Receiving from vendors and paying them, through nginx → regal-fcgi → PostgreSQL
// (docs/STOCK.md): stock, moving-average cost, vendor balance and ledger, idempotent replays,
// bad input and permissions.
#include <boost/test/unit_test.hpp>
#include <set>

#include "e2e/stock_support.hpp"

using namespace regal::test::stock;
using regal::test::HttpResult;

namespace {

long long cost_of(const std::string& product_id) {
  return integer(fetch("products", product_id), "cost_price");
}

long long balance_of(const std::string& vendor_id) {
  return integer(fetch("vendors", vendor_id), "balance");
}

std::vector<Obj> ledger(const std::string& vendor_id) {
  return list_page(admin(), "/vendors/" + vendor_id + "/ledger?limit=200").items;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(stock_purchases)

BOOST_AUTO_TEST_CASE(receiving_stocks_the_branch_averages_the_cost_and_owes_the_vendor) {
  Shop shop;
  const std::string p = shop.product(100, 10, 10);  // 20 held at 100 over both branches
  Obj body = shop.purchase({{p, 20}}, 250);
  body->set("reference", "DN-" + shop.tag);
  body->set("paid", object({{"amount", 1000}, {"method", "cash"}}));
  const auto r = post(employee(), "/purchases", str(body));
  const Obj doc = created(r);
  BOOST_TEST(r.header("location") == "/api/v1/purchases/" + text(doc, "id"));
  BOOST_TEST(text(doc, "number") == "PO-B-" + shop.tag + "-000001");
  BOOST_TEST(text(doc, "reference") == "DN-" + shop.tag);
  BOOST_TEST(integer(doc, "total") == 5000);
  BOOST_TEST(integer(doc, "unpaid") == 4000);
  BOOST_TEST(integer(doc->getObject("paid"), "amount") == 1000);
  BOOST_TEST(integer(doc, "vendor_balance_after") == 4000);
  const Obj line = doc->getArray("lines")->getObject(0);
  BOOST_TEST(integer(line, "cost_before") == 100);
  BOOST_TEST(integer(line, "cost_after") == 175);
  BOOST_TEST(is_timestamp(text(doc, "created_at")));
  BOOST_TEST(shop.on_hand(p) == 30);
  BOOST_TEST(shop.on_hand_in(shop.other_branch_id, p) == 10);
  BOOST_TEST(cost_of(p) == 175);
  BOOST_TEST(balance_of(shop.vendor_id) == 4000);
  const auto entries = ledger(shop.vendor_id);
  BOOST_REQUIRE_EQUAL(entries.size(), 1u);
  BOOST_TEST(text(entries[0], "kind") == "purchase");
  BOOST_TEST(integer(entries[0], "delta") == 4000);
  BOOST_TEST(str(data_of(get(admin(), "/purchases/" + text(doc, "id")))) == str(doc));
  const Page moves = list_page(admin(), "/stock/movements?kind=purchase&product_id=" + p);
  BOOST_REQUIRE_EQUAL(moves.items.size(), 1u);
  BOOST_TEST(text(moves.items[0], "ref_id") == text(doc, "id"));
  BOOST_TEST(integer(moves.items[0], "qty_after") == 30);
}

BOOST_AUTO_TEST_CASE(an_idempotency_key_replays_the_purchase_and_refuses_another_body) {
  Shop shop;
  const std::string p = shop.product(100, 0);
  const Headers key = {{"Idempotency-Key", "po-" + shop.tag}};
  const Obj first = created(post(admin(), "/purchases", str(shop.purchase({{p, 5}}, 100)), key));
  const auto again = post(admin(), "/purchases", str(shop.purchase({{p, 5}}, 100)), key);
  BOOST_TEST(again.status == 200);
  BOOST_TEST(again.header("idempotent-replayed") == "true");
  BOOST_TEST(text(data_of(again), "id") == text(first, "id"));
  check_error(post(admin(), "/purchases", str(shop.purchase({{p, 6}}, 100)), key), 422,
              "IDEMPOTENCY_KEY_REUSED");
  BOOST_TEST(shop.on_hand(p) == 5);
  BOOST_TEST(balance_of(shop.vendor_id) == 500);
  // Keys are per caller: the same key from someone else is another request.
  BOOST_TEST(post(employee(), "/purchases", str(shop.purchase({{p, 6}}, 100)), key).status == 201);
}

BOOST_AUTO_TEST_CASE(bad_purchases_get_field_errors_and_change_nothing) {
  Shop shop;
  const std::string p = shop.product(100, 3);
  const Obj good = shop.purchase({{p, 1}}, 100);
  check_invalid(post(admin(), "/purchases", str(with(good, {{"discount", 5}}))), "discount",
                "unknown_field");
  check_invalid(post(admin(), "/purchases", str(with(good, {}, {"lines"}))), "lines", "required");
  check_invalid(post(admin(), "/purchases", str(with(good, {}, {"vendor_id"}))), "vendor_id",
                "required");
  check_invalid(post(admin(), "/purchases", str(shop.purchase({{p, 0}}, 100))), "lines[0].qty",
                "out_of_range");
  check_invalid(post(admin(), "/purchases", str(shop.purchase({{p, 1}}, -5))), "lines[0].unit_cost",
                "out_of_range");
  check_invalid(
      post(admin(), "/purchases",
           raw_body(good, "lines", R"([{"product_id":")" + p + R"(","qty":"2","unit_cost":1}])")),
      "lines[0].qty", "must_be_integer");
  check_invalid(post(admin(), "/purchases", str(shop.purchase({{"nope", 1}}, 1))),
                "lines[0].product_id", "invalid_id");
  check_invalid(post(admin(), "/purchases", str(shop.purchase({{regal::new_uuid_v7(), 1}}, 1))),
                "lines[0].product_id", "not_found");
  check_invalid(post(admin(), "/purchases", str(with(good, {{"vendor_id", regal::new_uuid_v7()}}))),
                "vendor_id", "not_found");
  check_invalid(post(admin(), "/purchases",
                     str(with(good, {{"paid", object({{"amount", 101}, {"method", "cash"}})}}))),
                "paid.amount", "exceeds_total");
  check_invalid(post(admin(), "/purchases",
                     str(with(good, {{"paid", object({{"amount", 50}, {"method", "iou"}})}}))),
                "paid.method", "invalid_choice");
  check_error(post(admin(), "/purchases", "{\"lines\": ["), 400, "MALFORMED_JSON");
  BOOST_TEST(shop.on_hand(p) == 3);
  BOOST_TEST(balance_of(shop.vendor_id) == 0);
}

BOOST_AUTO_TEST_CASE(only_back_office_roles_receive_and_read_purchases) {
  Shop shop;
  const std::string p = shop.product(100, 0);
  const std::string body = str(shop.purchase({{p, 1}}, 100));
  check_error(post(cashier(), "/purchases", body), 403, "FORBIDDEN");
  check_error(post(desk_only(), "/purchases", body), 403, "FORBIDDEN");
  BOOST_TEST(anonymous("POST", "/purchases", body).status == 401);
  check_error(get(cashier(), "/purchases"), 403, "FORBIDDEN");
  const Obj doc = created(post(admin(), "/purchases", body));
  check_error(get(cashier(), "/purchases/" + text(doc, "id")), 403, "FORBIDDEN");
  BOOST_TEST(get(employee(), "/purchases/" + text(doc, "id")).status == 200);
  check_error(get(admin(), "/purchases/" + regal::new_uuid_v7()), 404, "NOT_FOUND");
  check_error(get(admin(), "/purchases/not-an-id"), 404, "NOT_FOUND");
  BOOST_TEST(shop.on_hand(p) == 1);
}

BOOST_AUTO_TEST_CASE(the_purchase_list_filters_and_pages) {
  Shop shop;
  const std::string p = shop.product(100, 0);
  std::set<std::string> made;
  for (int i = 0; i < 5; ++i) {
    made.insert(
        text(created(post(admin(), "/purchases", str(shop.purchase({{p, 1}}, 100)))), "id"));
  }
  std::set<std::string> seen;
  std::string path = "/purchases?limit=2&vendor_id=" + shop.vendor_id;
  for (int guard = 0; guard < 10; ++guard) {
    const Page page = list_page(admin(), path);
    BOOST_TEST(page.items.size() <= 2u);
    for (const auto& doc : page.items) BOOST_TEST(seen.insert(text(doc, "id")).second);
    if (page.cursor_is_null) break;
    path = "/purchases?limit=2&vendor_id=" + shop.vendor_id + "&cursor=" + page.next_cursor;
  }
  BOOST_TEST((seen == made));
  BOOST_TEST(list_page(admin(), "/purchases?branch_id=" + shop.branch_id).items.size() == 5u);
  BOOST_TEST(list_page(admin(), "/purchases?branch_id=" + shop.other_branch_id).items.empty());
  BOOST_TEST(list_page(admin(), "/purchases?branch_id=" + shop.branch_id + "&to=2000-01-01")
                 .items.empty());
  check_invalid(get(admin(), "/purchases?from=2026-02-31"), "from", "invalid_date");
  check_invalid(get(admin(), "/purchases?vendor_id=x"), "vendor_id", "invalid_id");
  check_error(get(admin(), "/purchases?cursor=nope!"), 400, "INVALID_CURSOR");
}

BOOST_AUTO_TEST_CASE(vendor_payments_lower_the_balance_and_never_overpay) {
  Shop shop;
  const std::string p = shop.product(100, 0);
  created(post(admin(), "/purchases", str(shop.purchase({{p, 10}}, 300))));  // owes 3000
  const std::string path = "/vendors/" + shop.vendor_id + "/payments";
  const Obj pay = object({{"amount", 1200}, {"method", "bank_transfer"}, {"note", "Inv 9"}});
  const Headers key = {{"Idempotency-Key", "vp-" + shop.tag}};
  const Obj done = created(post(employee(), path, str(pay), key));
  BOOST_TEST(integer(done, "balance_after") == 1800);
  BOOST_TEST(text(done, "method") == "bank_transfer");
  const auto again = post(employee(), path, str(pay), key);
  BOOST_TEST(again.status == 200);
  BOOST_TEST(text(data_of(again), "id") == text(done, "id"));
  check_error(post(employee(), path, str(with(pay, {{"amount", 1}})), key), 422,
              "IDEMPOTENCY_KEY_REUSED");
  BOOST_TEST(balance_of(shop.vendor_id) == 1800);
  const auto over = post(admin(), path, str(with(pay, {{"amount", 1801}})));
  check_error(over, 409, "VENDOR_OVERPAYMENT");
  BOOST_TEST(has_field(over, "amount"));
  check_invalid(post(admin(), path, str(with(pay, {{"amount", 0}}))), "amount", "out_of_range");
  check_invalid(post(admin(), path, str(with(pay, {{"method", "iou"}}))), "method",
                "invalid_choice");
  check_invalid(post(admin(), path, str(with(pay, {}, {"method"}))), "method", "required");
  check_error(post(admin(), "/vendors/" + regal::new_uuid_v7() + "/payments", str(pay)), 404,
              "NOT_FOUND");
  check_error(post(cashier(), path, str(pay)), 403, "FORBIDDEN");
  const auto entries = ledger(shop.vendor_id);
  BOOST_REQUIRE_EQUAL(entries.size(), 2u);
  BOOST_TEST(text(entries[1], "kind") == "vendor_payment");
  BOOST_TEST(integer(entries[1], "delta") == -1200);
  BOOST_TEST(integer(entries[1], "balance_after") == 1800);
}

BOOST_AUTO_TEST_SUITE_END()
