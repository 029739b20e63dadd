// A Z report as a PDF: the same figures as the JSON, laid out for a printer and an archive.
#include "regal/pos/pdf.hpp"
#include "regal/pos/sale.hpp"
#include "regal/pos/shift.hpp"

namespace regal::pos {

std::string z_report_pdf(const ShiftReport& z) {
  const int d = z.currency_digits;
  const auto money = [d](std::int64_t v) { return format_money(v, d); };
  const ShiftTotals& t = z.totals;
  PdfDocument doc;
  doc.title = "Z report " + z.number;
  doc.subtitle = z.branch_name + " (" + z.branch_code + ") · register " + z.register_code + " · " +
                 z.local_opened + " – " + z.local_closed + " · " + z.currency;
  doc.footer = "Z " + z.number + " · immutable once written";

  PdfSection sales{"Sales", {}, std::nullopt, std::nullopt};
  sales.fields = {{"Opening float", money(z.shift.opening_float)},
                  {"Sales", std::to_string(t.sales_count)},
                  {"Gross", money(t.sales_gross)},
                  {"Discounts", money(t.sales_discounts)},
                  {"Net (without tax)", money(t.sales_net)},
                  {"Tax", money(t.sales_tax)},
                  {"Total", money(t.sales_total)},
                  {"Gross margin", money(z.gross_margin)},
                  {"Refunds", std::to_string(t.refunds_count) + " · " + money(t.refunds_total)},
                  {"Voids", std::to_string(t.voids_count) + " · " + money(t.voids_total)},
                  {"First invoice", t.first_number.empty() ? "—" : t.first_number},
                  {"Last invoice", t.last_number.empty() ? "—" : t.last_number},
                  {"Grand total", money(z.grand_total)}};
  doc.sections.push_back(std::move(sales));

  PdfSection taxes{"Tax by rate", {}, PdfTable{}, std::nullopt};
  taxes.table->header = {"Rate", "Sales taxable", "Sales tax", "Refunds taxable", "Refunds tax"};
  taxes.table->right_aligned = {true, true, true, true, true};
  for (const auto& x : t.taxes) {
    taxes.table->rows.push_back({format_money(x.rate_bp, 2) + " %", money(x.sales_taxable),
                                 money(x.sales_tax), money(x.refunds_taxable),
                                 money(x.refunds_tax)});
  }
  doc.sections.push_back(std::move(taxes));

  PdfSection tenders{"Tenders", {}, PdfTable{}, PdfBarChart{}};
  tenders.table->header = {"Tender", "Sales", "Refunds", "Deposits", "Expected", "Counted",
                           "Variance"};
  tenders.table->right_aligned = {false, true, true, true, true, true, true};
  tenders.chart->title = "Takings by tender";
  tenders.chart->value_digits = d;
  for (const auto& x : z.tenders) {
    tenders.table->rows.push_back({x.method, money(x.sales), money(x.refunds), money(x.deposits),
                                   money(x.expected), x.counted ? money(*x.counted) : "—",
                                   x.variance ? money(*x.variance) : "—"});
    tenders.chart->bars.push_back({x.method, x.sales + x.deposits - x.refunds});
  }
  doc.sections.push_back(std::move(tenders));

  PdfSection drawer{"Drawer", {}, std::nullopt, std::nullopt};
  drawer.fields = {{"Paid in", money(t.paid_in)},
                   {"Paid out", money(t.paid_out)},
                   {"Drops", money(t.drops)},
                   {"No-sale openings", std::to_string(t.no_sale_count)},
                   {"Expected cash", money(z.expected_cash)},
                   {"Counted cash", z.counted_cash ? money(*z.counted_cash) : "—"},
                   {"Over / short", z.variance ? money(*z.variance) : "—"}};
  doc.sections.push_back(std::move(drawer));

  if (!z.recounts.empty()) {
    PdfSection recounts{"Recounts (approved)", {}, PdfTable{}, std::nullopt};
    recounts.table->header = {"Counted cash", "Variance", "Approved by", "Reason"};
    recounts.table->right_aligned = {true, true, false, false};
    for (const auto& r : z.recounts) {
      recounts.table->rows.push_back(
          {money(r.counted_cash), money(r.variance), r.approved_by, r.reason});
    }
    doc.sections.push_back(std::move(recounts));
  }
  return render_pdf(doc);
}

}  // namespace regal::pos
