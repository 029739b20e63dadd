#pragma once
// Back-office reports — the pure part: what each report holds, and its CSV and PDF forms.
//
// Every figure comes from the daily aggregate rows that the sale, refund, close and expense
// transactions keep (migrations/0009 and 0010; docs/REPORTS.md), never from a scan of the
// documents. Amounts are integer minor units of the branch's currency; sales figures are net of
// voids; refunds count on the day and at the register they were paid; "net" is without tax.
//
// CSV: UTF-8, a header row, RFC 4180 quoting, amounts as decimal strings with the currency's
// digits ("12.30"); text that a spreadsheet would run as a formula (=, +, -, @ first) is
// prefixed with a single quote. PDF: A4 through render_pdf (pdf.hpp).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "regal/pos/pdf.hpp"

namespace regal::pos {

// The branch a report is about, as it is printed.
struct ReportBranch {
  std::string id;
  std::string code;
  std::string name;
  std::string currency;
  int currency_digits = 2;
  std::string timezone;
  std::string today;  // YYYY-MM-DD in the branch's time zone when read
};

struct ReportTax {
  std::int64_t rate_bp = 0;
  std::int64_t sales_taxable = 0, sales_tax = 0;
  std::int64_t refunds_taxable = 0, refunds_tax = 0;
};

struct ReportTender {
  std::string method;         // cash | card | other | on_account | store_credit
  std::int64_t sales = 0;     // taken for sales (cash net of change)
  std::int64_t refunds = 0;   // paid back
  std::int64_t deposits = 0;  // custom-order deposits
  std::int64_t net() const { return sales + deposits - refunds; }
};

struct ReportExpense {
  std::string category_id;
  std::string name;
  std::int64_t count = 0;
  std::int64_t amount = 0;
};

struct ReportHour {
  int hour = 0;  // 0–23, branch time
  std::int64_t sales_count = 0;
  std::int64_t sales_total = 0;
};

// The figures of one group — a product, category, cashier, salesman or customer — over a day
// or a period. Refunds count against the group that made the sale.
struct ReportGroupRow {
  std::string id;                // "" = lines without a category (and quick-sell lines)
  std::string name;              // "" when the row it names is gone
  std::string sku;               // products only
  std::int64_t sales_count = 0;  // sales involving the group (not kept per product)
  std::int64_t qty = 0;
  std::int64_t net = 0;
  std::int64_t total = 0;
  std::int64_t cost = 0;         // unit cost when sold × qty
  std::int64_t refunds_qty = 0;  // products only
  std::int64_t refunds_net = 0;
  std::int64_t refunds_total = 0;
  std::int64_t refunds_cost = 0;
  std::int64_t commission = 0;  // salesmen: earned, less what refunds took back
  // Net of refunds, and what the shop kept of it over cost.
  std::int64_t net_after_refunds() const { return net - refunds_net; }
  std::int64_t margin() const { return (net - refunds_net) - (cost - refunds_cost); }
};

struct DailyReport {
  ReportBranch branch;
  std::string date;  // YYYY-MM-DD, branch time zone
  std::int64_t sales_count = 0;
  std::int64_t sales_gross = 0;      // Σ qty × price
  std::int64_t sales_discounts = 0;  // line and order discounts
  std::int64_t sales_net = 0;        // without tax
  std::int64_t sales_tax = 0;
  std::int64_t sales_total = 0;
  std::int64_t sales_cost = 0;
  std::int64_t refunds_count = 0, refunds_net = 0, refunds_tax = 0, refunds_total = 0,
               refunds_cost = 0;
  std::int64_t voids_count = 0, voids_total = 0;
  std::int64_t cash_variance = 0;  // over (+) / short (−) of the shifts closed that day
  std::int64_t expenses_count = 0, expenses_total = 0;
  std::vector<ReportTax> taxes;              // ascending rate
  std::vector<ReportTender> tenders;         // ascending method
  std::vector<ReportExpense> expenses;       // descending amount
  std::vector<ReportHour> hours;             // ascending hour; hours without sales left out
  std::vector<ReportGroupRow> top_products;  // ≤ kTopProducts, by net after refunds
  std::vector<ReportGroupRow> cashiers;      // by net after refunds
  std::vector<ReportGroupRow> salesmen;      // by net after refunds, with commission

  std::int64_t net_after_refunds() const { return sales_net - refunds_net; }
  // (net − cost) of the sales, less that of the refunds: cost as it was when sold.
  std::int64_t gross_margin() const {
    return (sales_net - refunds_net) - (sales_cost - refunds_cost);
  }
};

inline constexpr int kTopProducts = 10;

enum class SalesGrouping { kProduct, kCategory, kCashier, kSalesman, kCustomer };
const char* to_string(SalesGrouping grouping);  // "product" | "category" | … | "customer"
std::optional<SalesGrouping> parse_sales_grouping(const std::string& text);

// At most this many days, both ends included (a leap year).
inline constexpr int kMaxReportDays = 366;

struct SalesReportQuery {
  SalesGrouping group_by = SalesGrouping::kProduct;
  std::string branch_id;
  std::string from;  // YYYY-MM-DD, branch time zone, inclusive
  std::string to;
};

struct SalesReport {
  ReportBranch branch;
  SalesGrouping group_by = SalesGrouping::kProduct;
  std::string from, to;
  std::vector<ReportGroupRow> rows;  // by net after refunds, then name
  ReportGroupRow totals;             // Σ rows (sales_count only where each sale counts once)
};

enum class BalanceKind { kCustomer, kVendor };
const char* to_string(BalanceKind kind);  // "customer" | "vendor"
std::optional<BalanceKind> parse_balance_kind(const std::string& text);

// A customer's balance is what they owe the shop (negative: store credit the shop owes them);
// a vendor's is what the shop owes the vendor.
struct BalanceRow {
  std::string id;
  std::string name;
  std::string phone;
  std::string branch_id;  // "" = every branch
  std::string currency;   // the party's branch's, else the one most branches use
  int currency_digits = 2;
  std::int64_t balance = 0;
  bool deleted = false;
};

struct BalanceTotal {
  std::string currency;
  int currency_digits = 2;
  std::int64_t count = 0;
  std::int64_t positive = 0;  // Σ balances > 0
  std::int64_t negative = 0;  // Σ balances < 0
  std::int64_t net() const { return positive + negative; }
};

struct BalanceReport {
  BalanceKind kind = BalanceKind::kCustomer;
  std::string branch_id;             // "" = all
  std::vector<BalanceRow> rows;      // non-zero balances, largest first
  std::vector<BalanceTotal> totals;  // per currency
};

// Stock on hand valued at the products' current cost price, per branch and category.
struct StockValuationRow {
  std::string branch_id, branch_code, branch_name, currency;
  int currency_digits = 2;
  std::string category_id;  // "" = no category
  std::string category_name;
  std::int64_t products = 0;  // with stock > 0
  std::int64_t qty = 0;
  std::int64_t value = 0;  // Σ qty × cost_price over stock > 0
};

// Stock below zero (sold ahead of receiving) is listed on its own and left out of the value.
struct NegativeStockRow {
  std::string branch_id, branch_code, currency;
  int currency_digits = 2;
  std::string product_id, sku, name;
  std::int64_t qty = 0;
  std::int64_t cost_price = 0;
  std::int64_t value = 0;  // qty × cost_price (negative)
};

struct StockValuationBranch {
  std::string branch_id, branch_code, branch_name, currency;
  int currency_digits = 2;
  std::int64_t products = 0, qty = 0, value = 0;
  std::int64_t negative_products = 0, negative_value = 0;
};

struct StockValuation {
  std::string branch_id;                       // "" = every branch
  std::vector<StockValuationRow> rows;         // by branch code, then value
  std::vector<NegativeStockRow> negatives;     // by branch code, then qty
  std::vector<StockValuationBranch> branches;  // totals per branch
};

// CSV forms (see the header comment). Each starts with its header row.
std::string daily_report_csv(const DailyReport& report);
std::string sales_report_csv(const SalesReport& report);
std::string balance_report_csv(const BalanceReport& report);
std::string stock_valuation_csv(const StockValuation& report);

// The daily report as a PDF: figures, tables and bar charts of sales by hour and by tender.
std::string daily_report_pdf(const DailyReport& report, const PdfOptions& options = {});

}  // namespace regal::pos
