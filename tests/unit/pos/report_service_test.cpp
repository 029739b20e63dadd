// ReportService (lib/src/pos/report_service.cpp) over a fake store: permissions, the checks of
// the parameters, ordering and totals; and the CSV and PDF forms (report_csv.cpp,
// report_pdf.cpp), the PDF read back with poppler's pdftotext.
#include "regal/pos/report_service.hpp"

#include <algorithm>
#include <boost/test/unit_test.hpp>

#include "regal/core/error.hpp"
#include "regal/ports/report_ports.hpp"
#include "support/error_code.hpp"
#include "support/pdf_text.hpp"

using namespace regal::pos;
using regal::Error;
using regal::FieldError;

namespace {

const std::string kBranch = "0190a1b2-0000-7000-8000-000000000001";

class FakeReportStore final : public regal::ports::ReportStore {
 public:
  std::optional<ReportBranch> branch(const std::string& id) override {
    if (id != kBranch) return std::nullopt;
    return ReportBranch{kBranch, "B1", "Main street", "JPY", 0, "Asia/Tokyo", "2026-03-04"};
  }
  DailyReport daily(const ReportBranch& b, const std::string& date, int top) override {
    asked_date = date;
    asked_top = top;
    DailyReport d = day;
    d.branch = b;
    d.date = date;
    return d;
  }
  SalesReport sales(const ReportBranch& b, const SalesReportQuery&) override {
    ++sales_calls;
    SalesReport r;
    r.branch = b;
    r.rows = rows;
    return r;
  }
  BalanceReport balances(BalanceKind, const std::string&) override {
    BalanceReport r;
    r.rows = balance_rows;
    return r;
  }
  StockValuation stock_valuation(const std::string&) override { return valuation; }

  DailyReport day;
  std::vector<ReportGroupRow> rows;
  std::vector<BalanceRow> balance_rows;
  StockValuation valuation;
  std::string asked_date;
  int asked_top = 0;
  int sales_calls = 0;
};

regal::auth::Actor actor_with(std::optional<regal::auth::PosRole> role) {
  regal::auth::Actor a;
  a.principal = regal::auth::Principal{"0190a1b2-0000-7000-8000-0000000000aa", role,
                                       regal::auth::DeskRole::kEndUser};
  return a;
}
const regal::auth::Actor kEmployee = actor_with(regal::auth::PosRole::kEmployee);

bool has_field(const Error& e, const std::string& field, const std::string& code) {
  return std::any_of(e.fields().begin(), e.fields().end(),
                     [&](const FieldError& f) { return f.field == field && f.code == code; });
}

// The validation error `fn` throws (fails the test when it throws none).
template <class Fn>
Error validation_of(Fn&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e;
  }
  BOOST_FAIL("no error thrown");
  return Error::internal();
}

ReportGroupRow row(const std::string& id, const std::string& name, std::int64_t net,
                   std::int64_t refunds_net = 0) {
  ReportGroupRow r;
  r.id = id;
  r.name = name;
  r.sales_count = 2;
  r.qty = 3;
  r.net = net;
  r.total = net + net / 10;
  r.cost = net / 2;
  r.refunds_net = refunds_net;
  r.refunds_cost = refunds_net / 2;
  return r;
}

struct Fixture {
  FakeReportStore store;
  ReportService service{store};
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(report_service, Fixture)

BOOST_AUTO_TEST_CASE(only_roles_with_reports_read_get_reports) {
  for (const auto role : {std::optional<regal::auth::PosRole>(regal::auth::PosRole::kCashier),
                          std::optional<regal::auth::PosRole>()}) {
    const auto a = actor_with(role);
    BOOST_TEST(regal::test::code_of([&] { service.daily(a, kBranch, ""); }) == "FORBIDDEN");
    BOOST_TEST(regal::test::code_of([&] {
                 service.sales(a, {SalesGrouping::kProduct, kBranch, "2026-01-01", "2026-01-31"});
               }) == "FORBIDDEN");
    BOOST_TEST(regal::test::code_of([&] { service.balances(a, BalanceKind::kVendor); }) ==
               "FORBIDDEN");
    BOOST_TEST(regal::test::code_of([&] { service.stock_valuation(a); }) == "FORBIDDEN");
  }
  BOOST_CHECK_NO_THROW(service.daily(actor_with(regal::auth::PosRole::kAdmin), kBranch, ""));
  BOOST_CHECK_NO_THROW(service.daily(kEmployee, kBranch, ""));
}

BOOST_AUTO_TEST_CASE(the_daily_report_defaults_to_the_branch_s_today_and_asks_for_ten_products) {
  const auto d = service.daily(kEmployee, kBranch, "");
  BOOST_TEST(store.asked_date == "2026-03-04");
  BOOST_TEST(d.date == "2026-03-04");
  BOOST_TEST(store.asked_top == kTopProducts);
  service.daily(kEmployee, kBranch, "2024-02-29");
  BOOST_TEST(store.asked_date == "2024-02-29");
}

BOOST_AUTO_TEST_CASE(the_daily_report_needs_a_known_branch_and_a_real_date) {
  auto e = validation_of([&] { service.daily(kEmployee, "", ""); });
  BOOST_TEST(has_field(e, "branch_id", "required"));
  e = validation_of([&] { service.daily(kEmployee, "B1", "2026-02-30"); });
  BOOST_TEST(has_field(e, "branch_id", "invalid_id"));
  BOOST_TEST(has_field(e, "date", "invalid_date"));
  BOOST_TEST(regal::test::code_of([&] {
               service.daily(kEmployee, "0190a1b2-0000-7000-8000-000000000002", "");
             }) == "NOT_FOUND");
}

BOOST_AUTO_TEST_CASE(a_sales_report_covers_at_most_366_days_and_never_runs_backwards) {
  const auto ask = [&](const std::string& from, const std::string& to) {
    return service.sales(kEmployee, {SalesGrouping::kCategory, kBranch, from, to});
  };
  BOOST_CHECK_NO_THROW(ask("2024-01-01", "2024-12-31"));  // 366 days, a leap year
  BOOST_CHECK_NO_THROW(ask("2026-05-05", "2026-05-05"));
  auto e = validation_of([&] { ask("2025-01-01", "2026-01-02"); });  // 367 days
  BOOST_TEST(has_field(e, "to", "range_too_long"));
  BOOST_TEST(e.code() == "VALIDATION_FAILED");
  e = validation_of([&] { ask("2026-05-05", "2026-05-04"); });
  BOOST_TEST(has_field(e, "to", "before_from"));
  e = validation_of([&] { ask("2026-13-01", ""); });
  BOOST_TEST(has_field(e, "from", "invalid_date"));
  BOOST_TEST(has_field(e, "to", "required"));
  BOOST_TEST(store.sales_calls == 2);  // refused ranges never reach the store
}

BOOST_AUTO_TEST_CASE(report_days_counts_both_ends) {
  BOOST_TEST(*report_days("2026-03-01", "2026-03-01") == 1);
  BOOST_TEST(*report_days("2024-02-28", "2024-03-01") == 3);
  BOOST_TEST(*report_days("2026-03-02", "2026-03-01") == 0);
  BOOST_TEST(!report_days("2026-3-1", "2026-03-01"));
}

BOOST_AUTO_TEST_CASE(groups_come_largest_net_after_refunds_first_with_summed_totals) {
  store.rows = {row("a", "Apples", 500), row("b", "Bread", 900, 600), row("c", "Cheese", 700),
                row("d", "Dates", 700)};
  const auto r =
      service.sales(kEmployee, {SalesGrouping::kCashier, kBranch, "2026-01-01", "2026-01-31"});
  std::vector<std::string> order;
  for (const auto& x : r.rows) order.push_back(x.name);
  BOOST_TEST(order == (std::vector<std::string>{"Cheese", "Dates", "Apples", "Bread"}),
             boost::test_tools::per_element());
  BOOST_TEST(r.totals.net == 2800);
  BOOST_TEST(r.totals.refunds_net == 600);
  BOOST_TEST(r.totals.sales_count == 8);
  BOOST_TEST(r.totals.margin() == (2800 - 600) - (1400 - 300));
  const auto c =
      service.sales(kEmployee, {SalesGrouping::kCategory, kBranch, "2026-01-01", "2026-01-31"});
  BOOST_TEST(c.totals.sales_count == 0);  // a sale counts once per category: no single total
}

BOOST_AUTO_TEST_CASE(balances_are_totalled_per_currency_and_sorted_largest_first) {
  store.balance_rows = {{"1", "Ann", "", "", "EUR", 2, 1500, false},
                        {"2", "Bob", "", "", "EUR", 2, -300, false},
                        {"3", "Cy", "", "", "CZK", 2, 700, true},
                        {"4", "Di", "", "", "EUR", 2, 2500, false}};
  const auto r = service.balances(kEmployee, BalanceKind::kCustomer);
  BOOST_TEST(r.rows.front().name == "Di");
  BOOST_TEST(r.rows.back().name == "Bob");
  BOOST_REQUIRE(r.totals.size() == 2u);
  BOOST_TEST(r.totals[0].currency == "CZK");
  BOOST_TEST(r.totals[1].count == 3);
  BOOST_TEST(r.totals[1].positive == 4000);
  BOOST_TEST(r.totals[1].negative == -300);
  BOOST_TEST(r.totals[1].net() == 3700);
  BOOST_TEST(
      has_field(validation_of([&] { service.balances(kEmployee, BalanceKind::kVendor, "x"); }),
                "branch_id", "invalid_id"));
}

BOOST_AUTO_TEST_CASE(stock_valuation_totals_each_branch_and_keeps_negative_stock_apart) {
  store.valuation.rows = {{kBranch, "B1", "Main", "EUR", 2, "c1", "Tea", 2, 10, 5000},
                          {kBranch, "B1", "Main", "EUR", 2, "", "", 1, 4, 800}};
  store.valuation.negatives = {{kBranch, "B1", "EUR", 2, "p9", "S9", "Mugs", -3, 250, -750}};
  const auto r = service.stock_valuation(kEmployee, kBranch);
  BOOST_REQUIRE(r.branches.size() == 1u);
  BOOST_TEST(r.branches[0].value == 5800);
  BOOST_TEST(r.branches[0].qty == 14);
  BOOST_TEST(r.branches[0].products == 3);
  BOOST_TEST(r.branches[0].negative_products == 1);
  BOOST_TEST(r.branches[0].negative_value == -750);
  BOOST_TEST(regal::test::code_of([&] {
               service.stock_valuation(kEmployee, "0190a1b2-0000-7000-8000-000000000009");
             }) == "NOT_FOUND");
}

BOOST_AUTO_TEST_CASE(groupings_and_kinds_parse_only_their_names) {
  BOOST_TEST(parse_sales_grouping("salesman").has_value());
  BOOST_TEST(std::string(to_string(*parse_sales_grouping("customer"))) == "customer");
  BOOST_TEST(!parse_sales_grouping("Product").has_value());
  BOOST_TEST(!parse_balance_kind("vendors").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(report_formats)

BOOST_AUTO_TEST_CASE(sales_csv_has_a_header_amounts_in_currency_digits_and_no_formulas) {
  SalesReport r;
  r.branch.currency_digits = 3;
  r.group_by = SalesGrouping::kSalesman;
  r.rows = {row("s1", "=cmd|' /C calc'!A0", 12345, 45), row("s2", "Smith, \"J\"", 5)};
  r.rows[0].commission = 1234;
  r.totals = r.rows[0];
  const std::string csv = sales_report_csv(r);
  const auto first_line = csv.substr(0, csv.find("\r\n"));
  BOOST_TEST(first_line ==
             "id,name,sku,sales_count,qty,net,total,cost,refunds_qty,refunds_net,refunds_total,"
             "refunds_cost,net_after_refunds,margin,commission");
  BOOST_TEST(csv.find("\r\ns1,'=cmd|' /C calc'!A0,,2,3,12.345,13.579,6.172,,0.045,0.000,0.022,"
                      "12.300,6.150,1.234\r\n") != std::string::npos);
  BOOST_TEST(csv.find(",\"Smith, \"\"J\"\"\",") != std::string::npos);
  BOOST_TEST(csv.find("\r\nTOTAL,") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(daily_csv_lists_one_figure_per_row_and_negative_amounts_stay_numbers) {
  DailyReport d;
  d.branch.currency_digits = 2;
  d.sales_net = 123456;
  d.cash_variance = -5;
  d.tenders = {{"cash", 1000, 250, 0}};
  const std::string csv = daily_report_csv(d);
  BOOST_TEST(csv.rfind("section,key,name,figure,value\r\n", 0) == 0);
  BOOST_TEST(csv.find("\r\nsales,,,net,1234.56\r\n") != std::string::npos);
  BOOST_TEST(csv.find("\r\nsummary,,,cash_over_short,-0.05\r\n") != std::string::npos);
  BOOST_TEST(csv.find("\r\ntender,cash,cash,net,7.50\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_daily_pdf_shows_the_figures_and_both_bar_charts) {
  DailyReport d;
  d.branch = {kBranch, "B1", "Main street", "EUR", 2, "Europe/Vienna", ""};
  d.date = "2026-03-04";
  d.sales_count = 3;
  d.sales_total = 4321;
  d.hours = {{9, 2, 3000}, {17, 1, 1321}};
  d.tenders = {{"card", 1321, 0, 0}, {"cash", 3000, 500, 0}};
  d.top_products = {row("p1", "Green tea", 2000)};
  const std::string text = regal::test::pdf_text(daily_report_pdf(d));
  for (const char* expected :
       {"Daily report 2026-03-04", "Main street (B1)", "Sales by hour", "09:00", "17:00",
        "Net takings by tender", "25.00", "13.21", "Green tea", "Gross margin"}) {
    BOOST_TEST(text.find(expected) != std::string::npos, expected << " in the PDF");
  }
}

BOOST_AUTO_TEST_SUITE_END()
