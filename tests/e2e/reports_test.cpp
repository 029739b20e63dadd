// Reports through nginx → regal-fcgi → PostgreSQL (docs/REPORTS.md): a branch of its own sells,
// voids, refunds, pays an expense and closes its shift over; then every report endpoint is read
// as JSON, CSV and (daily) PDF, with its bad inputs and its permissions.
#include <algorithm>
#include <boost/test/unit_test.hpp>

#include "e2e/catalog_support.hpp"
#include "support/pdf_text.hpp"

using namespace regal::test::catalog;
using regal::test::HttpResult;
using regal::test::pdf_text;

namespace {

long long sum_lines(const Obj& doc, const std::string& field) {
  long long n = 0;
  const Arr lines = doc->getArray("lines");
  for (unsigned i = 0; i < lines->size(); ++i) n += integer(lines->getObject(i), field);
  return n;
}

std::string money(long long v) {  // EUR: two digits
  const std::string sign = v < 0 ? "-" : "";
  const long long a = v < 0 ? -v : v;
  const std::string cents = std::to_string(a % 100);
  return sign + std::to_string(a / 100) + "." + (cents.size() < 2 ? "0" : "") + cents;
}

Obj find_by(const Arr& items, const std::string& field, const std::string& value) {
  for (unsigned i = 0; i < items->size(); ++i) {
    const Obj o = items->getObject(i);
    if (o->has(field) && !o->isNull(field) && text(o, field) == value) return o;
  }
  return {};
}

// One day of a branch of its own: two kept sales (one with a salesman and change back, one on a
// customer's account), a void, a refund, an expense and a close with the drawer 0.50 over.
struct Day {
  std::string tag = fresh_tag();
  std::string branch_id = make_branch(tag);
  std::string register_id = text(create("registers", register_body(branch_id, tag)), "id");
  regal::test::identity::Account account =
      regal::test::identity::create_user(admin(), "rep" + tag, "cashier", "END_USER");
  Session cashier = regal::test::identity::login_ok(account);
  std::string category_id = make_category(tag);
  std::string tea, mug;  // tea is filed under the category, the mug under none
  std::string customer_id = text(
      create("customers", with(customer_body(tag), {{"credit_limit", Var(Poco::Int64(1000000))}})),
      "id");
  std::string salesman_id =
      text(create("salesmen", with(salesman_body(tag), {{"commission_rate", Var(1000)}})), "id");
  std::string shift_id;
  Obj sale_a, sale_b, refund;
  long long net = 0, total = 0, cost = 0;
  std::string date;

  Day() {
    tea = product("Tea " + tag, 1000, 400, category_id);
    mug = product("Mug " + tag, 2500, 900, "");
    const auto opened = post(cashier, "/shifts",
                             str(object({{"register_id", register_id}, {"opening_float", 10000}})));
    BOOST_REQUIRE_MESSAGE(opened.status == 201, opened.body);
    shift_id = text(data_of(opened), "id");

    Obj a = sale({{tea, 2}, {mug, 1}}, "cash", 5000);
    a->set("salesman_id", salesman_id);
    sale_a = sell(a);
    Obj b = sale({{tea, 1}}, "on_account", 1000);
    b->set("customer_id", customer_id);
    sale_b = sell(b);
    const Obj c = sell(sale({{mug, 2}}, "card", 5000));
    const auto voided =
        post(admin(), "/sales/" + text(c, "id") + "/void", str(object({{"reason", "wrong till"}})));
    BOOST_REQUIRE_MESSAGE(voided.status == 200, voided.body);

    Arr lines = new Poco::JSON::Array;
    lines->add(
        object({{"line_id", text(sale_a->getArray("lines")->getObject(0), "id")}, {"qty", 1}}));
    Obj body = object({{"shift_id", shift_id}});
    body->set("lines", lines);
    const auto r = post(cashier, "/sales/" + text(sale_a, "id") + "/refunds", str(body));
    BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
    refund = data_of(r);

    const std::string expense_category =
        text(data_of(post(admin(), "/expense-categories", str(object({{"name", "Rent " + tag}})))),
             "id");
    const auto e =
        post(admin(), "/expenses",
             str(object(
                 {{"branch_id", branch_id}, {"category_id", expense_category}, {"amount", 1234}})));
    BOOST_REQUIRE_MESSAGE(e.status == 201, e.body);

    const Obj x = data_of(get(admin(), "/shifts/" + shift_id + "/x-report"));
    const long long expected = integer(x, "expected_cash");
    const auto closed = post(
        cashier, "/shifts/" + shift_id + "/close",
        "{\"counted\":[{\"method\":\"cash\",\"amount\":" + std::to_string(expected + 50) + "}]}");
    BOOST_REQUIRE_MESSAGE(closed.status == 200, closed.body);

    net = sum_lines(sale_a, "net") + sum_lines(sale_b, "net");
    total = integer(sale_a, "total") + integer(sale_b, "total");
    cost = 2 * 400 + 900 + 400;
    date = text(data_of(get(admin(), daily_path())), "date");  // today, in the branch's zone
  }

  std::string product(const std::string& name, long long price, long long cost_price,
                      const std::string& category) {
    Obj body = with(product_body(fresh_tag()), {{"name", name},
                                                {"unit_price", Var(Poco::Int64(price))},
                                                {"cost_price", Var(Poco::Int64(cost_price))},
                                                {"tax_rate", Var(2000)}});
    if (!category.empty()) body->set("category_id", category);
    Arr levels = new Poco::JSON::Array;
    levels->add(object({{"branch_id", branch_id}, {"qty", 50}}));
    body->set("stock", levels);
    return text(create("products", body), "id");
  }

  Obj sale(const std::vector<std::pair<std::string, int>>& items, const std::string& method,
           long long amount) const {
    Arr l = new Poco::JSON::Array;
    for (const auto& [id, qty] : items) l->add(object({{"product_id", id}, {"qty", qty}}));
    Arr p = new Poco::JSON::Array;
    p->add(object({{"method", method}, {"amount", Var(Poco::Int64(amount))}}));
    Obj o =
        object({{"branch_id", branch_id}, {"register_id", register_id}, {"shift_id", shift_id}});
    o->set("lines", l);
    o->set("payments", p);
    return o;
  }
  Obj sell(const Obj& body) {
    const auto r = post(cashier, "/sales", str(body));
    BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
    return data_of(r);
  }

  std::string daily_path(const std::string& extra = "") const {
    return "/reports/daily?branch_id=" + branch_id + extra;
  }
};

Day& day() {
  static Day d;
  return d;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reports)

BOOST_AUTO_TEST_CASE(the_daily_report_holds_the_day_s_figures) {
  Day& d = day();
  const auto r = get(employee(), d.daily_path());
  BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
  const Obj rep = data_of(r);
  BOOST_TEST(text(rep, "date") == d.date);
  BOOST_TEST(text(rep->getObject("branch"), "id") == d.branch_id);
  BOOST_TEST(integer(rep->getObject("branch"), "currency_digits") == 2);
  const Obj sales = rep->getObject("sales");
  BOOST_TEST(integer(sales, "count") == 2);
  BOOST_TEST(integer(sales, "net") == d.net);
  BOOST_TEST(integer(sales, "total") == d.total);
  BOOST_TEST(integer(sales, "gross") ==
             integer(d.sale_a, "subtotal") + integer(d.sale_b, "subtotal"));
  BOOST_TEST(integer(sales, "cost") == d.cost);
  const Obj refunds = rep->getObject("refunds");
  BOOST_TEST(integer(refunds, "count") == 1);
  BOOST_TEST(integer(refunds, "total") == integer(d.refund, "total"));
  BOOST_TEST(integer(find_by(refunds->getArray("by_tender"), "method", "cash"), "amount") ==
             integer(d.refund, "total"));
  BOOST_TEST(integer(rep->getObject("voids"), "count") == 1);
  BOOST_TEST(integer(rep, "cash_over_short") == 50);
  BOOST_TEST(integer(rep, "gross_margin") == (d.net - integer(d.refund, "net")) - (d.cost - 400));
  const Obj expenses = rep->getObject("expenses");
  BOOST_TEST(integer(expenses, "total") == 1234);
  BOOST_TEST(text(expenses->getArray("by_category")->getObject(0), "name") == "Rent " + d.tag);
  const Arr tenders = rep->getArray("tenders");
  BOOST_TEST(integer(find_by(tenders, "method", "cash"), "net") ==
             integer(d.sale_a, "total") - integer(d.refund, "total"));
  BOOST_TEST(integer(find_by(tenders, "method", "on_account"), "sales") ==
             integer(d.sale_b, "total"));
  BOOST_TEST(!find_by(tenders, "method", "card"));  // the card sale was voided
  long long in_hours = 0;
  const Arr hours = rep->getArray("hours");
  for (unsigned i = 0; i < hours->size(); ++i)
    in_hours += integer(hours->getObject(i), "sales_count");
  BOOST_TEST(in_hours == 2);
  long long taxed = 0;
  const Arr taxes = rep->getArray("taxes");
  for (unsigned i = 0; i < taxes->size(); ++i) taxed += integer(taxes->getObject(i), "sales_tax");
  BOOST_TEST(taxed == integer(sales, "tax"));
  const Arr top = rep->getArray("top_products");
  BOOST_REQUIRE(top->size() == 2u);
  // The mug (net 20.83) beats three teas less the one refunded (about 16.67).
  BOOST_TEST(text(top->getObject(0), "name") == "Mug " + d.tag);
  const Obj tea = find_by(top, "id", d.tea);
  BOOST_REQUIRE(tea);
  BOOST_TEST(integer(tea, "qty") == 3);
  BOOST_TEST(integer(tea, "refunds_qty") == 1);
  BOOST_TEST(integer(tea, "net_after_refunds") ==
             sum_lines(d.sale_a, "net") -
                 integer(d.sale_a->getArray("lines")->getObject(1), "net") +
                 sum_lines(d.sale_b, "net") - integer(d.refund, "net"));
  const Obj cashier = find_by(rep->getArray("cashiers"), "id", d.account.id);
  BOOST_REQUIRE(cashier);
  BOOST_TEST(text(cashier, "name") == d.account.full_name);
  BOOST_TEST(integer(cashier, "sales_count") == 2);
  const Obj salesman = find_by(rep->getArray("salesmen"), "id", d.salesman_id);
  BOOST_REQUIRE(salesman);
  BOOST_TEST(text(salesman, "name") == "Salesman " + d.tag);
  // 10 % of the sale's net, less 10 % of the refunded net (half-even).
  BOOST_TEST(integer(salesman, "commission") ==
             integer(d.sale_a, "commission") - (integer(d.refund, "net") + 5) / 10);
  // The same report for the date given explicitly, by an admin.
  const auto again = get(admin(), d.daily_path("&date=" + d.date));
  BOOST_TEST(again.body == r.body);
  // Another day is empty, not an error.
  const Obj empty = data_of(get(admin(), d.daily_path("&date=2001-01-01")));
  BOOST_TEST(integer(empty->getObject("sales"), "count") == 0);
  BOOST_TEST(empty->getArray("top_products")->size() == 0u);
}

BOOST_AUTO_TEST_CASE(the_daily_report_downloads_as_csv_and_as_pdf_with_charts) {
  Day& d = day();
  const auto csv = get(employee(), d.daily_path("&format=csv"));
  BOOST_REQUIRE_MESSAGE(csv.status == 200, csv.body);
  BOOST_TEST(csv.header("content-type").rfind("text/csv", 0) == 0);
  BOOST_TEST(csv.header("content-disposition").find(".csv") != std::string::npos);
  const auto rows = parse_csv(csv.body);
  BOOST_REQUIRE(rows.size() > 10u);
  BOOST_TEST(rows[0] == (CsvRow{"section", "key", "name", "figure", "value"}),
             boost::test_tools::per_element());
  BOOST_TEST((std::find(rows.begin(), rows.end(), CsvRow{"sales", "", "", "net", money(d.net)}) !=
              rows.end()));
  BOOST_TEST((std::find(rows.begin(), rows.end(),
                        CsvRow{"summary", "", "", "cash_over_short", "0.50"}) != rows.end()));
  BOOST_TEST((std::find(rows.begin(), rows.end(), CsvRow{"expenses", "", "", "total", "12.34"}) !=
              rows.end()));

  const auto pdf = get(employee(), d.daily_path("&format=pdf"));
  BOOST_REQUIRE(pdf.status == 200);
  BOOST_TEST(pdf.header("content-type") == "application/pdf");
  BOOST_TEST(pdf.body.rfind("%PDF-", 0) == 0);
  const std::string text_of_pdf = pdf_text(pdf.body);
  for (const std::string& expected : std::vector<std::string>{
           "Daily report", "Sales by hour", "Net takings by tender", "on_account", "Tea " + d.tag,
           "Salesman " + d.tag, money(d.total), "Rent " + d.tag}) {
    BOOST_TEST(text_of_pdf.find(expected) != std::string::npos, expected << " in the PDF");
  }
}

BOOST_AUTO_TEST_CASE(sales_reports_group_by_each_party_with_names_and_refunds) {
  Day& d = day();
  const std::string base =
      "/reports/sales?branch_id=" + d.branch_id + "&from=" + d.date + "&to=" + d.date;
  const Obj products = data_of(get(employee(), base + "&group_by=product"));
  const Obj tea = find_by(products->getArray("rows"), "id", d.tea);
  BOOST_REQUIRE(tea);
  BOOST_TEST(text(tea, "name") == "Tea " + d.tag);
  BOOST_TEST(integer(tea, "qty") == 3);
  BOOST_TEST(integer(tea, "refunds_qty") == 1);
  BOOST_TEST(integer(products->getObject("totals"), "net") == d.net);

  const Obj categories = data_of(get(employee(), base + "&group_by=category"));
  const Arr cat_rows = categories->getArray("rows");
  BOOST_TEST(cat_rows->size() == 2u);
  BOOST_TEST(text(find_by(cat_rows, "id", d.category_id), "name") == "Category " + d.tag);
  bool uncategorised = false;
  for (unsigned i = 0; i < cat_rows->size(); ++i)
    uncategorised |= cat_rows->getObject(i)->isNull("id");
  BOOST_TEST(uncategorised);
  BOOST_TEST(categories->getObject("totals")->isNull("sales_count"));

  const Obj salesmen = data_of(get(admin(), base + "&group_by=salesman"));
  const Obj s = find_by(salesmen->getArray("rows"), "id", d.salesman_id);
  BOOST_REQUIRE(s);
  BOOST_TEST(integer(s, "commission") > 0);
  BOOST_TEST(integer(s, "refunds_total") == integer(d.refund, "total"));
  const Obj customers = data_of(get(admin(), base + "&group_by=customer"));
  BOOST_TEST(text(find_by(customers->getArray("rows"), "id", d.customer_id), "name") ==
             "Customer " + d.tag);
  const Obj cashiers = data_of(get(admin(), base + "&group_by=cashier"));
  BOOST_TEST(integer(cashiers->getObject("totals"), "sales_count") == 2);

  const auto csv = get(employee(), base + "&group_by=product&format=csv");
  BOOST_REQUIRE(csv.status == 200);
  BOOST_TEST(csv.header("content-type").rfind("text/csv", 0) == 0);
  const auto rows = parse_csv(csv.body);
  BOOST_REQUIRE(rows.size() == 4u);  // header, tea, mug, total
  BOOST_TEST(rows[0].at(0) == "id");
  BOOST_TEST(rows[0].at(5) == "net");
  BOOST_TEST(rows.back().at(0) == "TOTAL");
  BOOST_TEST(rows.back().at(5) == money(d.net));
}

BOOST_AUTO_TEST_CASE(sales_reports_refuse_long_backward_or_malformed_ranges) {
  Day& d = day();
  const std::string base = "/reports/sales?group_by=category&branch_id=" + d.branch_id;
  check_invalid(get(employee(), base + "&from=2025-01-01&to=2026-01-02"), "to", "range_too_long");
  BOOST_TEST(get(employee(), base + "&from=2024-01-01&to=2024-12-31").status == 200);
  check_invalid(get(employee(), base + "&from=2026-03-02&to=2026-03-01"), "to", "before_from");
  check_invalid(get(employee(), base + "&from=2026-02-30&to=2026-03-01"), "from", "invalid_date");
  check_invalid(get(employee(), base + "&from=yesterday&to=2026-03-01"), "from", "invalid_date");
  check_invalid(get(employee(), base + "&to=2026-03-01"), "from", "required");
  check_invalid(
      get(employee(), "/reports/sales?branch_id=" + d.branch_id + "&from=2026-03-01&to=2026-03-01"),
      "group_by", "required");
  check_invalid(get(employee(), "/reports/sales?group_by=x&branch_id=" + d.branch_id +
                                    "&from=2026-03-01&to=2026-03-01"),
                "group_by", "invalid_choice");
  check_invalid(get(employee(), "/reports/sales?group_by=product&from=2026-03-01&to=2026-03-01"),
                "branch_id", "required");
  check_invalid(get(employee(), base + "&from=2026-03-01&to=2026-03-01&format=pdf"), "format",
                "invalid_choice");
  check_error(get(employee(),
                  "/reports/sales?group_by=product&from=2026-03-01&to=2026-03-01"
                  "&branch_id=0190a1b2-0000-7000-8000-000000000abc"),
              404, "NOT_FOUND");
}

BOOST_AUTO_TEST_CASE(the_daily_report_checks_its_parameters) {
  Day& d = day();
  check_invalid(get(employee(), d.daily_path("&date=2026-13-01")), "date", "invalid_date");
  check_invalid(get(employee(), d.daily_path("&date=01.03.2026")), "date", "invalid_date");
  check_invalid(get(employee(), "/reports/daily"), "branch_id", "required");
  check_invalid(get(employee(), "/reports/daily?branch_id=main"), "branch_id", "invalid_id");
  check_invalid(get(employee(), d.daily_path("&format=xlsx")), "format", "invalid_choice");
  check_error(get(employee(), "/reports/daily?branch_id=0190a1b2-0000-7000-8000-000000000abc"), 404,
              "NOT_FOUND");
}

BOOST_AUTO_TEST_CASE(balance_reports_list_non_zero_balances_with_totals) {
  Day& d = day();
  const Obj customers = data_of(get(employee(), "/reports/balances?kind=customer"));
  BOOST_TEST(text(customers, "kind") == "customer");
  const Obj mine = find_by(customers->getArray("rows"), "id", d.customer_id);
  BOOST_REQUIRE(mine);
  BOOST_TEST(integer(mine, "balance") == integer(d.sale_b, "total"));
  const Arr rows = customers->getArray("rows");
  for (unsigned i = 0; i < rows->size(); ++i)
    BOOST_TEST(integer(rows->getObject(i), "balance") != 0);
  BOOST_TEST(customers->getArray("totals")->size() >= 1u);

  const std::string vendor = make_vendor(d.tag);
  post_ledger_entry("vendor", vendor, 777, "purchase");
  const Obj vendors = data_of(get(admin(), "/reports/balances?kind=vendor"));
  BOOST_TEST(integer(find_by(vendors->getArray("rows"), "id", vendor), "balance") == 777);
  const auto csv = get(admin(), "/reports/balances?kind=vendor&format=csv");
  BOOST_REQUIRE(csv.status == 200);
  const auto csv_rows = parse_csv(csv.body);
  BOOST_TEST(csv_rows.at(0) ==
                 (CsvRow{"id", "name", "phone", "branch_id", "currency", "balance", "deleted"}),
             boost::test_tools::per_element());
  bool found = false;
  for (const auto& row : csv_rows) found |= row.at(0) == vendor && row.at(5) == "7.77";
  BOOST_TEST(found);

  check_invalid(get(employee(), "/reports/balances"), "kind", "required");
  check_invalid(get(employee(), "/reports/balances?kind=supplier"), "kind", "invalid_choice");
  check_invalid(get(employee(), "/reports/balances?kind=vendor&branch_id=x"), "branch_id",
                "invalid_id");
}

BOOST_AUTO_TEST_CASE(stock_valuation_values_stock_at_cost_and_lists_negative_stock_apart) {
  Day& d = day();
  // Stock after the day: tea 50 − 3 + 1 restocked, mug 50 − 1 (the voided sale gave its 2 back).
  const Obj v = data_of(get(employee(), "/reports/stock-valuation?branch_id=" + d.branch_id));
  const Arr branches = v->getArray("branches");
  BOOST_REQUIRE(branches->size() == 1u);
  BOOST_TEST(integer(branches->getObject(0), "value") == 48 * 400 + 49 * 900);
  BOOST_TEST(integer(find_by(v->getArray("rows"), "category_id", d.category_id), "qty") == 48);
  BOOST_TEST(v->getArray("negative_stock")->size() == 0u);

  // A loss that takes the mug below zero (the branch allows it) shows up on its own.
  update("branches", d.branch_id, object({{"negative_stock", "allow"}}));
  const auto adj = post(admin(), "/stock/adjustments",
                        "{\"branch_id\":\"" + d.branch_id +
                            "\",\"kind\":\"loss\",\"reason\":\"report test\",\"lines\":[{"
                            "\"product_id\":\"" +
                            d.mug + "\",\"qty\":52}]}");
  BOOST_REQUIRE_MESSAGE(adj.status == 201, adj.body);
  const Obj after = data_of(get(employee(), "/reports/stock-valuation?branch_id=" + d.branch_id));
  const Obj neg = find_by(after->getArray("negative_stock"), "product_id", d.mug);
  BOOST_REQUIRE(neg);
  BOOST_TEST(integer(neg, "qty") == -3);
  BOOST_TEST(integer(neg, "value") == -3 * 900);
  BOOST_TEST(integer(after->getArray("branches")->getObject(0), "value") == 48 * 400);
  BOOST_TEST(integer(after->getArray("branches")->getObject(0), "negative_value") == -3 * 900);
  const auto csv = get(employee(), "/reports/stock-valuation?format=csv&branch_id=" + d.branch_id);
  BOOST_REQUIRE(csv.status == 200);
  BOOST_TEST(parse_csv(csv.body).at(0).at(0) == "section");
  check_invalid(get(employee(), "/reports/stock-valuation?branch_id=nope"), "branch_id",
                "invalid_id");
  BOOST_TEST(get(employee(), "/reports/stock-valuation").status == 200);  // every branch
}

BOOST_AUTO_TEST_CASE(reports_are_for_admins_and_employees_only) {
  Day& d = day();
  const std::string today = "&from=" + d.date + "&to=" + d.date;
  for (const std::string& path :
       std::vector<std::string>{d.daily_path(), d.daily_path("&format=pdf"),
                                "/reports/sales?group_by=product&branch_id=" + d.branch_id + today,
                                std::string("/reports/balances?kind=customer"),
                                "/reports/stock-valuation?branch_id=" + d.branch_id}) {
    check_error(get(cashier(), path), 403, "FORBIDDEN");
    check_error(get(d.cashier, path), 403, "FORBIDDEN");
    check_error(get(desk_only(), path), 403, "FORBIDDEN");
    BOOST_TEST(anonymous("GET", path).status == 401);
    BOOST_TEST(get(admin(), path).status == 200);
  }
}

BOOST_AUTO_TEST_SUITE_END()
