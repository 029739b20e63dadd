// The reports as CSV (regal/pos/reports.hpp): one header row, RFC 4180 quoting, amounts as
// decimal strings with the currency's digits. The daily report mixes figures of different
// shapes, so it is written long: one figure per row (section, key, name, figure, value) — the
// form a spreadsheet pivots and a script filters without knowing the layout.
#include <initializer_list>

#include "regal/pos/reports.hpp"
#include "regal/pos/sale.hpp"

namespace regal::pos {
namespace {

// Quoted when needed; text that a spreadsheet would evaluate (=, +, -, @, tab, CR first) gets a
// leading apostrophe so that a product called "=HYPERLINK(…)" stays text.
std::string text_field(const std::string& value) {
  std::string v = value;
  if (!v.empty() &&
      (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r')) {
    v.insert(v.begin(), '\'');
  }
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (const char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

class CsvWriter {
 public:
  explicit CsvWriter(std::initializer_list<const char*> header) {
    for (const char* h : header) cell(h);
    end_row();
  }
  CsvWriter& text(const std::string& v) { return cell(text_field(v)); }
  CsvWriter& count(std::int64_t v) { return cell(std::to_string(v)); }
  CsvWriter& money(std::int64_t v, int digits) { return cell(format_money(v, digits)); }
  CsvWriter& empty() { return cell(""); }
  void end_row() {
    out_ += "\r\n";
    first_ = true;
  }
  std::string take() { return std::move(out_); }

 private:
  CsvWriter& cell(const std::string& v) {
    if (!first_) out_ += ',';
    first_ = false;
    out_ += v;
    return *this;
  }
  std::string out_;
  bool first_ = true;
};

// Daily report rows: section, key, name, figure, value.
class DailyRows {
 public:
  explicit DailyRows(int digits) : digits_(digits) {}
  void money(const std::string& section, const std::string& key, const std::string& name,
             const char* figure, std::int64_t v) {
    csv_.text(section).text(key).text(name).text(figure).money(v, digits_);
    csv_.end_row();
  }
  void count(const std::string& section, const std::string& key, const std::string& name,
             const char* figure, std::int64_t v) {
    csv_.text(section).text(key).text(name).text(figure).count(v);
    csv_.end_row();
  }
  void group(const std::string& section, const ReportGroupRow& r, bool products) {
    const std::string& name = products && r.name.empty() ? r.sku : r.name;
    if (products) {
      count(section, r.id, name, "qty", r.qty);
      count(section, r.id, name, "refunds_qty", r.refunds_qty);
    } else {
      count(section, r.id, name, "sales_count", r.sales_count);
    }
    money(section, r.id, name, "net", r.net);
    money(section, r.id, name, "total", r.total);
    money(section, r.id, name, "refunds_net", r.refunds_net);
    money(section, r.id, name, "margin", r.margin());
    if (section == "salesman") money(section, r.id, name, "commission", r.commission);
  }
  std::string take() { return csv_.take(); }

 private:
  int digits_;
  CsvWriter csv_{{"section", "key", "name", "figure", "value"}};
};

}  // namespace

std::string daily_report_csv(const DailyReport& r) {
  DailyRows rows(r.branch.currency_digits);
  rows.count("sales", "", "", "count", r.sales_count);
  rows.money("sales", "", "", "gross", r.sales_gross);
  rows.money("sales", "", "", "discounts", r.sales_discounts);
  rows.money("sales", "", "", "net", r.sales_net);
  rows.money("sales", "", "", "tax", r.sales_tax);
  rows.money("sales", "", "", "total", r.sales_total);
  rows.money("sales", "", "", "cost", r.sales_cost);
  rows.count("refunds", "", "", "count", r.refunds_count);
  rows.money("refunds", "", "", "net", r.refunds_net);
  rows.money("refunds", "", "", "tax", r.refunds_tax);
  rows.money("refunds", "", "", "total", r.refunds_total);
  rows.money("refunds", "", "", "cost", r.refunds_cost);
  rows.count("voids", "", "", "count", r.voids_count);
  rows.money("voids", "", "", "total", r.voids_total);
  rows.money("summary", "", "", "net_after_refunds", r.net_after_refunds());
  rows.money("summary", "", "", "gross_margin", r.gross_margin());
  rows.money("summary", "", "", "cash_over_short", r.cash_variance);
  rows.count("expenses", "", "", "count", r.expenses_count);
  rows.money("expenses", "", "", "total", r.expenses_total);
  for (const auto& t : r.taxes) {
    const std::string key = std::to_string(t.rate_bp);
    const std::string name = format_money(t.rate_bp, 2) + " %";
    rows.money("tax", key, name, "sales_taxable", t.sales_taxable);
    rows.money("tax", key, name, "sales_tax", t.sales_tax);
    rows.money("tax", key, name, "refunds_taxable", t.refunds_taxable);
    rows.money("tax", key, name, "refunds_tax", t.refunds_tax);
  }
  for (const auto& t : r.tenders) {
    rows.money("tender", t.method, t.method, "sales", t.sales);
    rows.money("tender", t.method, t.method, "refunds", t.refunds);
    rows.money("tender", t.method, t.method, "deposits", t.deposits);
    rows.money("tender", t.method, t.method, "net", t.net());
  }
  for (const auto& e : r.expenses) {
    rows.count("expense", e.category_id, e.name, "count", e.count);
    rows.money("expense", e.category_id, e.name, "amount", e.amount);
  }
  for (const auto& h : r.hours) {
    const std::string key = std::to_string(h.hour);
    const std::string name = (h.hour < 10 ? "0" : "") + key + ":00";
    rows.count("hour", key, name, "sales_count", h.sales_count);
    rows.money("hour", key, name, "sales_total", h.sales_total);
  }
  for (const auto& p : r.top_products) rows.group("product", p, true);
  for (const auto& c : r.cashiers) rows.group("cashier", c, false);
  for (const auto& s : r.salesmen) rows.group("salesman", s, false);
  return rows.take();
}

std::string sales_report_csv(const SalesReport& r) {
  const int d = r.branch.currency_digits;
  const bool products = r.group_by == SalesGrouping::kProduct;
  const bool salesmen = r.group_by == SalesGrouping::kSalesman;
  CsvWriter csv{"id",
                "name",
                "sku",
                "sales_count",
                "qty",
                "net",
                "total",
                "cost",
                "refunds_qty",
                "refunds_net",
                "refunds_total",
                "refunds_cost",
                "net_after_refunds",
                "margin",
                "commission"};
  const auto row = [&](const ReportGroupRow& x, bool total) {
    csv.text(total ? "TOTAL" : x.id).text(x.name).text(x.sku);
    if (products || (total && r.group_by == SalesGrouping::kCategory)) {
      csv.empty();
    } else {
      csv.count(x.sales_count);
    }
    csv.count(x.qty).money(x.net, d).money(x.total, d).money(x.cost, d);
    if (products) {
      csv.count(x.refunds_qty);
    } else {
      csv.empty();
    }
    csv.money(x.refunds_net, d).money(x.refunds_total, d).money(x.refunds_cost, d);
    csv.money(x.net_after_refunds(), d).money(x.margin(), d);
    if (salesmen) {
      csv.money(x.commission, d);
    } else {
      csv.empty();
    }
    csv.end_row();
  };
  for (const auto& x : r.rows) row(x, false);
  row(r.totals, true);
  return csv.take();
}

std::string balance_report_csv(const BalanceReport& r) {
  CsvWriter csv{"id", "name", "phone", "branch_id", "currency", "balance", "deleted"};
  for (const auto& x : r.rows) {
    csv.text(x.id).text(x.name).text(x.phone).text(x.branch_id).text(x.currency);
    csv.money(x.balance, x.currency_digits).text(x.deleted ? "true" : "false");
    csv.end_row();
  }
  return csv.take();
}

std::string stock_valuation_csv(const StockValuation& r) {
  CsvWriter csv{"section",  "branch_id",  "branch_code", "currency", "category_id",
                "category", "product_id", "sku",         "name",     "products",
                "qty",      "cost_price", "value"};
  for (const auto& x : r.rows) {
    csv.text("valuation").text(x.branch_id).text(x.branch_code).text(x.currency);
    csv.text(x.category_id).text(x.category_name).empty().empty().empty();
    csv.count(x.products).count(x.qty).empty().money(x.value, x.currency_digits);
    csv.end_row();
  }
  for (const auto& x : r.negatives) {
    csv.text("negative").text(x.branch_id).text(x.branch_code).text(x.currency);
    csv.empty().empty().text(x.product_id).text(x.sku).text(x.name).empty();
    csv.count(x.qty).money(x.cost_price, x.currency_digits).money(x.value, x.currency_digits);
    csv.end_row();
  }
  return csv.take();
}

}  // namespace regal::pos
