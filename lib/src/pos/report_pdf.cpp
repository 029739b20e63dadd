// The daily report as a PDF: the figures of the JSON, laid out for a manager's desk, with bar
// charts of sales by hour and takings by tender where a picture reads faster than a column.
#include "regal/pos/pdf.hpp"
#include "regal/pos/reports.hpp"
#include "regal/pos/sale.hpp"

namespace regal::pos {
namespace {

std::string hour_label(int hour) {
  const auto two = [](int h) { return (h < 10 ? "0" : "") + std::to_string(h); };
  return two(hour) + ":00–" + two((hour + 1) % 24) + ":00";
}

PdfTable group_table(const std::vector<ReportGroupRow>& rows, bool products, bool commission,
                     int d) {
  PdfTable t;
  t.header = {products ? "Product" : "Name", products ? "Qty" : "Sales", "Net", "Refunds",
              "Margin"};
  t.right_aligned = {false, true, true, true, true};
  if (commission) {
    t.header.push_back("Commission");
    t.right_aligned.push_back(true);
  }
  for (const auto& r : rows) {
    std::string name = r.name.empty() ? (r.sku.empty() ? "(unknown)" : r.sku) : r.name;
    if (products && !r.sku.empty() && !r.name.empty()) name += " (" + r.sku + ")";
    std::vector<std::string> row = {
        name, std::to_string(products ? r.qty - r.refunds_qty : r.sales_count),
        format_money(r.net, d), format_money(r.refunds_net, d), format_money(r.margin(), d)};
    if (commission) row.push_back(format_money(r.commission, d));
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace

std::string daily_report_pdf(const DailyReport& r, const PdfOptions& options) {
  const int d = r.branch.currency_digits;
  const auto money = [d](std::int64_t v) { return format_money(v, d); };
  PdfDocument doc;
  doc.title = "Daily report " + r.date;
  doc.subtitle =
      r.branch.name + " (" + r.branch.code + ") · " + r.branch.timezone + " · " + r.branch.currency;
  doc.footer = "Daily report " + r.branch.code + " " + r.date;

  PdfSection summary{"Summary", {}, std::nullopt, std::nullopt};
  summary.fields = {
      {"Sales", std::to_string(r.sales_count)},
      {"Gross", money(r.sales_gross)},
      {"Discounts", money(r.sales_discounts)},
      {"Net (without tax)", money(r.sales_net)},
      {"Tax", money(r.sales_tax)},
      {"Total", money(r.sales_total)},
      {"Refunds", std::to_string(r.refunds_count) + " · " + money(r.refunds_total)},
      {"Voids", std::to_string(r.voids_count) + " · " + money(r.voids_total)},
      {"Net after refunds", money(r.net_after_refunds())},
      {"Gross margin", money(r.gross_margin())},
      {"Expenses", std::to_string(r.expenses_count) + " · " + money(r.expenses_total)},
      {"Cash over / short", money(r.cash_variance)}};
  doc.sections.push_back(std::move(summary));

  PdfSection hours{"Sales by hour", {}, std::nullopt, PdfBarChart{}};
  hours.chart->title = "Sales total by hour (" + r.branch.currency + ")";
  hours.chart->value_digits = d;
  for (const auto& h : r.hours) hours.chart->bars.push_back({hour_label(h.hour), h.sales_total});
  doc.sections.push_back(std::move(hours));

  PdfSection tenders{"Payments by tender", {}, PdfTable{}, PdfBarChart{}};
  tenders.table->header = {"Tender", "Sales", "Deposits", "Refunds", "Net"};
  tenders.table->right_aligned = {false, true, true, true, true};
  tenders.chart->title = "Net takings by tender (" + r.branch.currency + ")";
  tenders.chart->value_digits = d;
  for (const auto& t : r.tenders) {
    tenders.table->rows.push_back(
        {t.method, money(t.sales), money(t.deposits), money(t.refunds), money(t.net())});
    tenders.chart->bars.push_back({t.method, t.net()});
  }
  doc.sections.push_back(std::move(tenders));

  PdfSection taxes{"Tax by rate", {}, PdfTable{}, std::nullopt};
  taxes.table->header = {"Rate", "Sales taxable", "Sales tax", "Refunds taxable", "Refunds tax"};
  taxes.table->right_aligned = {true, true, true, true, true};
  for (const auto& t : r.taxes) {
    taxes.table->rows.push_back({format_money(t.rate_bp, 2) + " %", money(t.sales_taxable),
                                 money(t.sales_tax), money(t.refunds_taxable),
                                 money(t.refunds_tax)});
  }
  doc.sections.push_back(std::move(taxes));

  PdfSection products{
      "Top products", {}, group_table(r.top_products, true, false, d), std::nullopt};
  doc.sections.push_back(std::move(products));
  PdfSection cashiers{"By cashier", {}, group_table(r.cashiers, false, false, d), std::nullopt};
  doc.sections.push_back(std::move(cashiers));
  PdfSection salesmen{"By salesman", {}, group_table(r.salesmen, false, true, d), std::nullopt};
  doc.sections.push_back(std::move(salesmen));

  PdfSection expenses{"Expenses", {}, PdfTable{}, std::nullopt};
  expenses.table->header = {"Category", "Count", "Amount"};
  expenses.table->right_aligned = {false, true, true};
  for (const auto& e : r.expenses) {
    expenses.table->rows.push_back({e.name, std::to_string(e.count), money(e.amount)});
  }
  doc.sections.push_back(std::move(expenses));
  return render_pdf(doc, options);
}

}  // namespace regal::pos
