// Adjustments, transfers, the stock report with reorder levels and the stock ledger, through
// nginx → regal-fcgi → PostgreSQL (docs/STOCK.md).
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <set>

#include "e2e/stock_support.hpp"

using namespace regal::test::stock;
using regal::test::HttpResult;

BOOST_AUTO_TEST_SUITE(stock_moves)

BOOST_AUTO_TEST_CASE(a_count_sets_the_counted_figure_and_a_stale_count_is_refused) {
  Shop shop;
  const std::string p = shop.product(100, 10);
  const auto r = post(employee(), "/stock/adjustments",
                      str(shop.adjustment("count", lines({count_line(p, 10, 8)}), "Shelf count")));
  const Obj doc = created(r);
  BOOST_TEST(r.header("location") == "/api/v1/stock/adjustments/" + text(doc, "id"));
  BOOST_TEST(text(doc, "number") == "ADJ-B-" + shop.tag + "-000001");
  BOOST_TEST(text(doc, "kind") == "count");
  BOOST_TEST(text(doc, "reason") == "Shelf count");
  const Obj line = doc->getArray("lines")->getObject(0);
  BOOST_TEST(integer(line, "delta") == -2);
  BOOST_TEST(integer(line, "counted") == 8);
  BOOST_TEST(integer(line, "expected") == 10);
  BOOST_TEST(integer(line, "qty_after") == 8);
  BOOST_TEST(shop.on_hand(p) == 8);
  // A second counter still believes 10 is on hand: refused with the figure on hand now.
  const auto stale = post(employee(), "/stock/adjustments",
                          str(shop.adjustment("count", lines({count_line(p, 10, 12)}))));
  check_error(stale, 409, "STOCK_CHANGED");
  BOOST_TEST(has_field_error(stale, "lines[0].expected", "stock_changed"), stale.body);
  BOOST_TEST(stale.body.find("On hand now: 8") != std::string::npos, stale.body);
  BOOST_TEST(shop.on_hand(p) == 8);
  BOOST_TEST(str(data_of(get(admin(), "/stock/adjustments/" + text(doc, "id")))) == str(doc));
}

BOOST_AUTO_TEST_CASE(damage_loss_and_found_move_stock_within_the_branch_policy) {
  Shop shop;  // branches block negative stock by default
  const std::string p = shop.product(100, 5);
  created(post(admin(), "/stock/adjustments",
               str(shop.adjustment("damage", lines({qty_line(p, 2)}), "Dropped"))));
  created(post(admin(), "/stock/adjustments",
               str(shop.adjustment("loss", lines({qty_line(p, 1)}), "Theft"))));
  created(post(admin(), "/stock/adjustments",
               str(shop.adjustment("found", lines({qty_line(p, 4)}), "Back room"))));
  BOOST_TEST(shop.on_hand(p) == 6);
  const auto over = post(admin(), "/stock/adjustments",
                         str(shop.adjustment("loss", lines({qty_line(p, 7)}), "Flood")));
  check_error(over, 409, "INSUFFICIENT_STOCK");
  BOOST_TEST(has_field(over, "lines[0].qty"), over.body);
  BOOST_TEST(shop.on_hand(p) == 6);
  const Page kinds =
      list_page(admin(), "/stock/movements?product_id=" + p + "&branch_id=" + shop.branch_id);
  std::vector<std::string> seen;
  for (const auto& m : kinds.items) seen.push_back(text(m, "kind"));
  BOOST_TEST((seen == std::vector<std::string>{"found", "loss", "damage", "opening"}));
}

BOOST_AUTO_TEST_CASE(adjustments_need_a_reason_a_kind_and_well_formed_lines) {
  Shop shop;
  const std::string p = shop.product(100, 5);
  const Obj good = shop.adjustment("damage", lines({qty_line(p, 1)}));
  check_invalid(post(admin(), "/stock/adjustments", str(with(good, {}, {"reason"}))), "reason",
                "required");
  check_invalid(post(admin(), "/stock/adjustments", str(with(good, {{"reason", "   "}}))), "reason",
                "required");
  check_invalid(post(admin(), "/stock/adjustments", str(with(good, {{"kind", "theft"}}))), "kind",
                "invalid_choice");
  check_invalid(
      post(admin(), "/stock/adjustments", str(shop.adjustment("count", lines({qty_line(p, 1)})))),
      "lines[0].counted", "required");
  check_invalid(post(admin(), "/stock/adjustments",
                     str(shop.adjustment("damage", lines({count_line(p, 5, 4)})))),
                "lines[0].qty", "required");
  check_invalid(post(admin(), "/stock/adjustments",
                     str(shop.adjustment("found", lines({qty_line(p, 1), qty_line(p, 2)})))),
                "lines[1].product_id", "duplicate");
  check_invalid(
      post(admin(), "/stock/adjustments", str(with(good, {{"branch_id", regal::new_uuid_v7()}}))),
      "branch_id", "not_found");
  check_invalid(post(admin(), "/stock/adjustments", str(with(good, {{"lines", Var(5)}}))), "lines",
                "must_be_array");
  BOOST_TEST(shop.on_hand(p) == 5);
}

BOOST_AUTO_TEST_CASE(adjustments_replay_list_and_need_stock_rights) {
  Shop shop;
  const std::string p = shop.product(100, 5);
  const std::string body = str(shop.adjustment("found", lines({qty_line(p, 1)})));
  const Headers key = {{"Idempotency-Key", "adj-" + shop.tag}};
  const Obj doc = created(post(admin(), "/stock/adjustments", body, key));
  const auto again = post(admin(), "/stock/adjustments", body, key);
  BOOST_TEST(again.status == 200);
  BOOST_TEST(again.header("idempotent-replayed") == "true");
  BOOST_TEST(text(data_of(again), "id") == text(doc, "id"));
  check_error(post(admin(), "/stock/adjustments",
                   str(shop.adjustment("found", lines({qty_line(p, 2)}))), key),
              422, "IDEMPOTENCY_KEY_REUSED");
  BOOST_TEST(shop.on_hand(p) == 6);
  check_error(post(cashier(), "/stock/adjustments", body), 403, "FORBIDDEN");
  check_error(get(cashier(), "/stock/adjustments"), 403, "FORBIDDEN");
  BOOST_TEST(anonymous("GET", "/stock/adjustments").status == 401);
  const Page mine = list_page(employee(), "/stock/adjustments?branch_id=" + shop.branch_id);
  BOOST_REQUIRE_EQUAL(mine.items.size(), 1u);
  BOOST_TEST(list_page(admin(), "/stock/adjustments?branch_id=" + shop.branch_id + "&kind=count")
                 .items.empty());
  check_invalid(get(admin(), "/stock/adjustments?kind=theft"), "kind", "invalid_choice");
  check_error(get(admin(), "/stock/adjustments/" + regal::new_uuid_v7()), 404, "NOT_FOUND");
}

BOOST_AUTO_TEST_CASE(a_transfer_moves_both_sides_at_once_or_nothing) {
  Shop shop;
  const std::string p = shop.product(100, 10);
  const std::string q = shop.product(100, 1, 4);
  const auto refused = post(admin(), "/stock/transfers", str(shop.transfer({{p, 3}, {q, 2}})));
  check_error(refused, 409, "INSUFFICIENT_STOCK");
  BOOST_TEST(has_field(refused, "lines[1].qty"), refused.body);
  BOOST_TEST(shop.on_hand(p) == 10);
  BOOST_TEST(shop.on_hand_in(shop.other_branch_id, p) == 0);
  const auto r = post(employee(), "/stock/transfers",
                      str(with(shop.transfer({{p, 3}, {q, 1}}), {{"note", "Weekend stock"}})));
  const Obj doc = created(r);
  BOOST_TEST(r.header("location") == "/api/v1/stock/transfers/" + text(doc, "id"));
  BOOST_TEST(text(doc, "number") == "TR-B-" + shop.tag + "-000001");
  BOOST_TEST(text(doc, "note") == "Weekend stock");
  const Obj first = doc->getArray("lines")->getObject(0);
  BOOST_TEST(integer(first, "from_qty_after") == 7);
  BOOST_TEST(integer(first, "to_qty_after") == 3);
  BOOST_TEST(shop.on_hand(p) == 7);
  BOOST_TEST(shop.on_hand_in(shop.other_branch_id, p) == 3);
  BOOST_TEST(shop.on_hand(q) == 0);
  BOOST_TEST(shop.on_hand_in(shop.other_branch_id, q) == 5);
  const Page moves =
      list_page(admin(), "/stock/movements?ref_type=transfer&ref_id=" + text(doc, "id"));
  std::multiset<std::string> kinds;
  for (const auto& m : moves.items) kinds.insert(text(m, "kind"));
  BOOST_TEST((kinds == std::multiset<std::string>{"transfer_in", "transfer_in", "transfer_out",
                                                  "transfer_out"}));
  BOOST_TEST(str(data_of(get(admin(), "/stock/transfers/" + text(doc, "id")))) == str(doc));
  // Listed for either branch; filtered by side.
  BOOST_TEST(
      list_page(admin(), "/stock/transfers?branch_id=" + shop.other_branch_id).items.size() == 1u);
  BOOST_TEST(
      list_page(admin(), "/stock/transfers?from_branch_id=" + shop.other_branch_id).items.empty());
  BOOST_TEST(
      list_page(admin(), "/stock/transfers?to_branch_id=" + shop.other_branch_id).items.size() ==
      1u);
}

BOOST_AUTO_TEST_CASE(bad_transfers_are_refused_and_need_stock_rights) {
  Shop shop;
  const std::string p = shop.product(100, 5);
  const Obj good = shop.transfer({{p, 1}});
  check_invalid(
      post(admin(), "/stock/transfers", str(with(good, {{"to_branch_id", shop.branch_id}}))),
      "to_branch_id", "same_branch");
  check_invalid(
      post(admin(), "/stock/transfers", str(with(good, {{"to_branch_id", regal::new_uuid_v7()}}))),
      "to_branch_id", "not_found");
  check_invalid(post(admin(), "/stock/transfers", str(shop.transfer({{p, 0}}))), "lines[0].qty",
                "out_of_range");
  check_invalid(post(admin(), "/stock/transfers", str(with(good, {{"via", "truck"}}))), "via",
                "unknown_field");
  check_error(post(cashier(), "/stock/transfers", str(good)), 403, "FORBIDDEN");
  check_error(get(cashier(), "/stock/transfers"), 403, "FORBIDDEN");
  check_error(get(admin(), "/stock/transfers/" + regal::new_uuid_v7()), 404, "NOT_FOUND");
  const Headers key = {{"Idempotency-Key", "tr-" + shop.tag}};
  const Obj doc = created(post(admin(), "/stock/transfers", str(good), key));
  BOOST_TEST(text(data_of(post(admin(), "/stock/transfers", str(good), key)), "id") ==
             text(doc, "id"));
  BOOST_TEST(shop.on_hand(p) == 4);
}

BOOST_AUTO_TEST_CASE(the_stock_report_flags_low_stock_and_reorder_levels_are_set_per_branch) {
  Shop shop;
  const std::string low = shop.product(100, 2, 0, 5);
  const std::string fine = shop.product(100, 9, 0, 5);
  const Page alerts =
      list_page(employee(), "/stock?branch_id=" + shop.branch_id + "&below_reorder=true");
  BOOST_REQUIRE_EQUAL(alerts.items.size(), 1u);
  BOOST_TEST(text(alerts.items[0], "product_id") == low);
  BOOST_TEST(alerts.items[0]->getValue<bool>("below_reorder"));
  BOOST_TEST(integer(alerts.items[0], "reorder_level") == 5);
  BOOST_TEST(list_page(admin(), "/stock?branch_id=" + shop.branch_id).items.size() == 2u);
  const std::string path = "/stock/" + shop.branch_id + "/" + fine;
  const auto set = patch(employee(), path, R"({"reorder_level":12})");
  BOOST_REQUIRE_MESSAGE(set.status == 200, set.body);
  BOOST_TEST(integer(data_of(set), "reorder_level") == 12);
  BOOST_TEST(data_of(set)->getValue<bool>("below_reorder"));
  BOOST_TEST(list_page(admin(), "/stock?branch_id=" + shop.branch_id + "&below_reorder=true")
                 .items.size() == 2u);
  // The other branch has its own level (a row holding 0 is made for it).
  const auto other =
      patch(admin(), "/stock/" + shop.other_branch_id + "/" + fine, R"({"reorder_level":1})");
  BOOST_REQUIRE_MESSAGE(other.status == 200, other.body);
  BOOST_TEST(integer(data_of(other), "qty") == 0);
  BOOST_TEST(integer(data_of(get(admin(), path)), "reorder_level") == 12);
  check_invalid(patch(admin(), path, R"({"reorder_level":-1})"), "reorder_level", "out_of_range");
  check_invalid(patch(admin(), path, R"({"reorder_level":"3"})"), "reorder_level",
                "must_be_integer");
  check_invalid(patch(admin(), path, R"({"qty":3})"), "qty", "unknown_field");
  check_error(patch(admin(), "/stock/" + shop.branch_id + "/" + regal::new_uuid_v7(),
                    R"({"reorder_level":1})"),
              404, "NOT_FOUND");
  check_error(patch(admin(), "/stock/nope/" + fine, R"({"reorder_level":1})"), 404, "NOT_FOUND");
  check_error(patch(cashier(), path, R"({"reorder_level":1})"), 403, "FORBIDDEN");
  check_error(get(cashier(), "/stock?branch_id=" + shop.branch_id), 403, "FORBIDDEN");
  check_invalid(get(admin(), "/stock?below_reorder=yes"), "below_reorder", "must_be_boolean");
  check_invalid(get(admin(), "/stock?branch_id=x"), "branch_id", "invalid_id");
}

BOOST_AUTO_TEST_CASE(the_stock_report_and_the_ledger_page_with_cursors) {
  Shop shop;
  std::set<std::string> products;
  for (int i = 0; i < 5; ++i) products.insert(shop.product(100, 1 + i));
  std::set<std::string> seen;
  std::string path = "/stock?limit=2&branch_id=" + shop.branch_id;
  for (int guard = 0; guard < 10; ++guard) {
    const Page page = list_page(admin(), path);
    for (const auto& row : page.items) BOOST_TEST(seen.insert(text(row, "product_id")).second);
    if (page.cursor_is_null) break;
    path = "/stock?limit=2&branch_id=" + shop.branch_id + "&cursor=" + page.next_cursor;
  }
  BOOST_TEST((seen == products));
  std::vector<long long> ids;
  path = "/stock/movements?limit=2&branch_id=" + shop.branch_id;
  for (int guard = 0; guard < 10; ++guard) {
    const Page page = list_page(admin(), path);
    for (const auto& m : page.items) ids.push_back(integer(m, "id"));
    if (page.cursor_is_null) break;
    path = "/stock/movements?limit=2&branch_id=" + shop.branch_id + "&cursor=" + page.next_cursor;
  }
  BOOST_TEST(ids.size() == 5u);
  BOOST_TEST(std::is_sorted(ids.rbegin(), ids.rend()));  // newest first
  check_error(get(admin(), "/stock/movements?cursor=nope!"), 400, "INVALID_CURSOR");
  check_invalid(get(admin(), "/stock/movements?product_id=1"), "product_id", "invalid_id");
  check_invalid(get(admin(), "/stock/movements?to=tomorrow"), "to", "invalid_date");
  check_error(get(cashier(), "/stock/movements"), 403, "FORBIDDEN");
  BOOST_TEST(list_page(admin(), "/stock/movements?branch_id=" + shop.branch_id + "&to=2000-01-01")
                 .items.empty());
}

BOOST_AUTO_TEST_SUITE_END()
