#include "handlers/report_dto.hpp"

#include <cstdint>
#include <string_view>

#include "regal/core/log.hpp"

namespace regal::handlers::report_json {
namespace {

// Appends members to one JSON object; values are numbers, strings, null or ready JSON.
class ObjectWriter {
 public:
  ObjectWriter& num(std::string_view name, std::int64_t v) { return raw(name, std::to_string(v)); }
  ObjectWriter& str(std::string_view name, std::string_view v) {
    key(name);
    append_json_string(out_, v);
    return *this;
  }
  ObjectWriter& id(std::string_view name, std::string_view v) {
    return v.empty() ? raw(name, "null") : str(name, v);
  }
  ObjectWriter& boolean(std::string_view name, bool v) { return raw(name, v ? "true" : "false"); }
  ObjectWriter& raw(std::string_view name, std::string_view json) {
    key(name);
    out_ += json;
    return *this;
  }
  std::string done() { return out_ + "}"; }

 private:
  void key(std::string_view name) {
    if (out_.size() > 1) out_ += ',';
    append_json_string(out_, name);
    out_ += ':';
  }
  std::string out_ = "{";
};

template <class Item, class Fn>
std::string array_of(const std::vector<Item>& items, Fn&& fn) {
  std::string out = "[";
  for (const auto& item : items) {
    if (out.size() > 1) out += ',';
    out += fn(item);
  }
  return out + "]";
}

std::string branch_json(const pos::ReportBranch& b) {
  return ObjectWriter()
      .str("id", b.id)
      .str("code", b.code)
      .str("name", b.name)
      .str("currency", b.currency)
      .num("currency_digits", b.currency_digits)
      .str("timezone", b.timezone)
      .done();
}

enum class GroupShape { kProduct, kParty, kSalesman };

// A row of a group, or (total) the totals of a report: no id or name there, and no sales count
// where a sale counts once per group (products, categories).
std::string group_json(const pos::ReportGroupRow& r, GroupShape shape, bool total = false,
                       bool counts_sales = true) {
  ObjectWriter o;
  if (!total) o.id("id", r.id).str("name", r.name);
  if (shape == GroupShape::kProduct) {
    if (!total) o.str("sku", r.sku);
  } else if (counts_sales) {
    o.num("sales_count", r.sales_count);
  } else {
    o.raw("sales_count", "null");
  }
  o.num("qty", r.qty).num("net", r.net).num("total", r.total).num("cost", r.cost);
  if (shape == GroupShape::kProduct) o.num("refunds_qty", r.refunds_qty);
  o.num("refunds_net", r.refunds_net)
      .num("refunds_total", r.refunds_total)
      .num("refunds_cost", r.refunds_cost)
      .num("net_after_refunds", r.net_after_refunds())
      .num("margin", r.margin());
  if (shape == GroupShape::kSalesman) o.num("commission", r.commission);
  return o.done();
}

GroupShape shape_of(pos::SalesGrouping g) {
  if (g == pos::SalesGrouping::kProduct) return GroupShape::kProduct;
  if (g == pos::SalesGrouping::kSalesman) return GroupShape::kSalesman;
  return GroupShape::kParty;
}

}  // namespace

std::string daily(const pos::DailyReport& r) {
  const auto rows = [](const std::vector<pos::ReportGroupRow>& items, GroupShape shape) {
    return array_of(items, [shape](const pos::ReportGroupRow& x) { return group_json(x, shape); });
  };
  std::vector<pos::ReportTender> refunded;
  for (const auto& t : r.tenders) {
    if (t.refunds != 0) refunded.push_back(t);
  }
  const std::string sales = ObjectWriter()
                                .num("count", r.sales_count)
                                .num("gross", r.sales_gross)
                                .num("discounts", r.sales_discounts)
                                .num("net", r.sales_net)
                                .num("tax", r.sales_tax)
                                .num("total", r.sales_total)
                                .num("cost", r.sales_cost)
                                .done();
  const std::string refunds =
      ObjectWriter()
          .num("count", r.refunds_count)
          .num("net", r.refunds_net)
          .num("tax", r.refunds_tax)
          .num("total", r.refunds_total)
          .num("cost", r.refunds_cost)
          .raw("by_tender",
               array_of(
                   refunded,
                   [](const pos::ReportTender& t) {
                     return ObjectWriter().str("method", t.method).num("amount", t.refunds).done();
                   }))
          .done();
  const std::string expenses =
      ObjectWriter()
          .num("count", r.expenses_count)
          .num("total", r.expenses_total)
          .raw("by_category", array_of(r.expenses,
                                       [](const pos::ReportExpense& e) {
                                         return ObjectWriter()
                                             .id("category_id", e.category_id)
                                             .str("name", e.name)
                                             .num("count", e.count)
                                             .num("amount", e.amount)
                                             .done();
                                       }))
          .done();
  return ObjectWriter()
      .raw("branch", branch_json(r.branch))
      .str("date", r.date)
      .raw("sales", sales)
      .raw("refunds", refunds)
      .raw("voids", ObjectWriter().num("count", r.voids_count).num("total", r.voids_total).done())
      .num("net_after_refunds", r.net_after_refunds())
      .num("gross_margin", r.gross_margin())
      .num("cash_over_short", r.cash_variance)
      .raw("expenses", expenses)
      .raw("taxes", array_of(r.taxes,
                             [](const pos::ReportTax& t) {
                               return ObjectWriter()
                                   .num("rate_bp", t.rate_bp)
                                   .num("sales_taxable", t.sales_taxable)
                                   .num("sales_tax", t.sales_tax)
                                   .num("refunds_taxable", t.refunds_taxable)
                                   .num("refunds_tax", t.refunds_tax)
                                   .done();
                             }))
      .raw("tenders", array_of(r.tenders,
                               [](const pos::ReportTender& t) {
                                 return ObjectWriter()
                                     .str("method", t.method)
                                     .num("sales", t.sales)
                                     .num("refunds", t.refunds)
                                     .num("deposits", t.deposits)
                                     .num("net", t.net())
                                     .done();
                               }))
      .raw("hours", array_of(r.hours,
                             [](const pos::ReportHour& h) {
                               return ObjectWriter()
                                   .num("hour", h.hour)
                                   .num("sales_count", h.sales_count)
                                   .num("sales_total", h.sales_total)
                                   .done();
                             }))
      .raw("top_products", rows(r.top_products, GroupShape::kProduct))
      .raw("cashiers", rows(r.cashiers, GroupShape::kParty))
      .raw("salesmen", rows(r.salesmen, GroupShape::kSalesman))
      .done();
}

std::string sales(const pos::SalesReport& r) {
  const GroupShape shape = shape_of(r.group_by);
  const std::string totals =
      group_json(r.totals, shape, true, r.group_by != pos::SalesGrouping::kCategory);
  return ObjectWriter()
      .raw("branch", branch_json(r.branch))
      .str("group_by", pos::to_string(r.group_by))
      .str("from", r.from)
      .str("to", r.to)
      .raw("rows",
           array_of(r.rows, [shape](const pos::ReportGroupRow& x) { return group_json(x, shape); }))
      .raw("totals", totals)
      .done();
}

std::string balances(const pos::BalanceReport& r) {
  return ObjectWriter()
      .str("kind", pos::to_string(r.kind))
      .id("branch_id", r.branch_id)
      .raw("rows", array_of(r.rows,
                            [](const pos::BalanceRow& x) {
                              return ObjectWriter()
                                  .str("id", x.id)
                                  .str("name", x.name)
                                  .str("phone", x.phone)
                                  .id("branch_id", x.branch_id)
                                  .str("currency", x.currency)
                                  .num("balance", x.balance)
                                  .boolean("deleted", x.deleted)
                                  .done();
                            }))
      .raw("totals", array_of(r.totals,
                              [](const pos::BalanceTotal& t) {
                                return ObjectWriter()
                                    .str("currency", t.currency)
                                    .num("currency_digits", t.currency_digits)
                                    .num("count", t.count)
                                    .num("positive", t.positive)
                                    .num("negative", t.negative)
                                    .num("net", t.net())
                                    .done();
                              }))
      .done();
}

std::string stock_valuation(const pos::StockValuation& r) {
  return ObjectWriter()
      .id("branch_id", r.branch_id)
      .raw("rows", array_of(r.rows,
                            [](const pos::StockValuationRow& x) {
                              return ObjectWriter()
                                  .str("branch_id", x.branch_id)
                                  .str("branch_code", x.branch_code)
                                  .str("currency", x.currency)
                                  .id("category_id", x.category_id)
                                  .str("category_name", x.category_name)
                                  .num("products", x.products)
                                  .num("qty", x.qty)
                                  .num("value", x.value)
                                  .done();
                            }))
      .raw("negative_stock", array_of(r.negatives,
                                      [](const pos::NegativeStockRow& x) {
                                        return ObjectWriter()
                                            .str("branch_id", x.branch_id)
                                            .str("branch_code", x.branch_code)
                                            .str("currency", x.currency)
                                            .str("product_id", x.product_id)
                                            .str("sku", x.sku)
                                            .str("name", x.name)
                                            .num("qty", x.qty)
                                            .num("cost_price", x.cost_price)
                                            .num("value", x.value)
                                            .done();
                                      }))
      .raw("branches", array_of(r.branches,
                                [](const pos::StockValuationBranch& b) {
                                  return ObjectWriter()
                                      .str("branch_id", b.branch_id)
                                      .str("branch_code", b.branch_code)
                                      .str("branch_name", b.branch_name)
                                      .str("currency", b.currency)
                                      .num("currency_digits", b.currency_digits)
                                      .num("products", b.products)
                                      .num("qty", b.qty)
                                      .num("value", b.value)
                                      .num("negative_products", b.negative_products)
                                      .num("negative_value", b.negative_value)
                                      .done();
                                }))
      .done();
}

}  // namespace regal::handlers::report_json
