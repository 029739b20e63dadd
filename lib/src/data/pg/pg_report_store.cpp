// The reports adapter: read-only queries over the daily aggregates (migrations/0009, 0010), by
// the (branch_id, day) prefix of their primary keys. Sums are regal_sum (migrations/0014): bigint
// arithmetic that raises on overflow, where sum(bigint) would add in numeric — the slower half
// of the daily report — and Poco would read a numeric into an integer as 0 without a word
// (STACK-NOTES); the ::bigint casts stay for the one numeric sum (stock valuation). Rows whose
// figures cancel out (a sale and its void) are left out with HAVING, so a report lists what
// happened, not what was undone.
#include <Poco/Data/Session.h>

#include "data/pg/rows.hpp"
#include "data/pg/sql.hpp"
#include "regal/data/pg/database.hpp"
#include "regal/data/pg/pg_reports.hpp"

namespace regal::pg {
namespace {

using Session = Poco::Data::Session;

const std::string kNilUuid = "00000000-0000-0000-0000-000000000000";

// First statement of every report transaction: one snapshot, and never a write (also refused
// by the read pool's sessions; allowed on a hot standby).
const std::string kSnapshot = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";

const std::string kSelectBranch =
    "SELECT id::text, code, name, currency, currency_digits, timezone,"
    " to_char((now() AT TIME ZONE timezone)::date, 'YYYY-MM-DD') FROM branches WHERE id = ";

const std::string kSelectDayTotals =
    "SELECT coalesce(regal_sum(sales_count), 0)::bigint, coalesce(regal_sum(sales_gross), "
    "0)::bigint,"
    " coalesce(regal_sum(sales_discounts), 0)::bigint, coalesce(regal_sum(sales_net), 0)::bigint,"
    " coalesce(regal_sum(sales_tax), 0)::bigint, coalesce(regal_sum(sales_total), 0)::bigint,"
    " coalesce(regal_sum(sales_cost), 0)::bigint, coalesce(regal_sum(refunds_count), 0)::bigint,"
    " coalesce(regal_sum(refunds_net), 0)::bigint, coalesce(regal_sum(refunds_tax), 0)::bigint,"
    " coalesce(regal_sum(refunds_total), 0)::bigint, coalesce(regal_sum(refunds_cost), 0)::bigint,"
    " coalesce(regal_sum(voids_count), 0)::bigint, coalesce(regal_sum(voids_total), 0)::bigint,"
    " coalesce(regal_sum(cash_variance), 0)::bigint"
    " FROM daily_register_totals WHERE branch_id = ";

const std::string kSelectDayTaxes =
    "SELECT rate_bp, regal_sum(sales_taxable)::bigint, regal_sum(sales_tax)::bigint,"
    " regal_sum(refunds_taxable)::bigint, regal_sum(refunds_tax)::bigint FROM daily_tax_totals"
    " WHERE branch_id = ";
const std::string kGroupTaxes =
    " GROUP BY rate_bp HAVING regal_sum(sales_taxable) <> 0 OR regal_sum(sales_tax) <> 0"
    " OR regal_sum(refunds_taxable) <> 0 OR regal_sum(refunds_tax) <> 0 ORDER BY rate_bp";

const std::string kSelectDayTenders =
    "SELECT method, regal_sum(sales)::bigint, regal_sum(refunds)::bigint, "
    "regal_sum(deposits)::bigint"
    " FROM daily_tender_totals WHERE branch_id = ";
const std::string kGroupTenders =
    " GROUP BY method HAVING regal_sum(sales) <> 0 OR regal_sum(refunds) <> 0 OR "
    "regal_sum(deposits) <> 0"
    " ORDER BY method";

const std::string kSelectDayHours =
    "SELECT hour, regal_sum(sales_count)::bigint, regal_sum(sales_total)::bigint FROM "
    "daily_hour_totals"
    " WHERE branch_id = ";
const std::string kGroupHours =
    " GROUP BY hour HAVING regal_sum(sales_count) <> 0 OR regal_sum(sales_total) <> 0 ORDER BY "
    "hour";

const std::string kSelectDayExpenses =
    "SELECT e.category_id::text, coalesce(c.name, ''), e.count, e.amount FROM (SELECT"
    " category_id, regal_sum(count)::bigint AS count, regal_sum(amount)::bigint AS amount"
    " FROM daily_expense_totals WHERE branch_id = ";
const std::string kGroupExpenses =
    " GROUP BY category_id HAVING regal_sum(count) <> 0 OR regal_sum(amount) <> 0) e"
    " LEFT JOIN expense_categories c ON c.id = e.category_id";

// Products read the branch-level rows (migrations/0015: the register rows summed by a trigger).
const std::string kProductSums =
    "SELECT product_id, regal_sum(qty) AS qty, regal_sum(net) AS net,"
    " regal_sum(total) AS total, regal_sum(cost) AS cost,"
    " regal_sum(refunds_qty) AS refunds_qty, regal_sum(refunds_net) AS refunds_net,"
    " regal_sum(refunds_total) AS refunds_total, regal_sum(refunds_cost) AS refunds_cost"
    " FROM daily_branch_product_totals WHERE branch_id = ";
const std::string kProductGroup =
    " GROUP BY product_id HAVING regal_sum(qty) <> 0 OR regal_sum(net) <> 0 OR regal_sum(total) <> "
    "0"
    " OR regal_sum(refunds_qty) <> 0 OR regal_sum(refunds_total) <> 0";
// One day's rows need no grouping: its top products are the first entries of
// daily_branch_product_totals_top.
const std::string kProductDay =
    "SELECT product_id, qty, net, total, cost, refunds_qty, refunds_net, refunds_total,"
    " refunds_cost FROM daily_branch_product_totals WHERE branch_id = ";
const std::string kProductDayLive =
    " AND (qty <> 0 OR net <> 0 OR total <> 0 OR refunds_qty <> 0 OR refunds_total <> 0)";
const std::string kProductColumns =
    "SELECT t.product_id::text, coalesce(p.name, ''), coalesce(p.sku, ''), t.qty, t.net, t.total,"
    " t.cost, t.refunds_qty, t.refunds_net, t.refunds_total, t.refunds_cost FROM (";
const std::string kProductOrder = "t.net - t.refunds_net DESC, p.name, t.product_id";

const std::string kPartySums =
    "SELECT party_id, regal_sum(sales_count)::bigint AS sales_count, regal_sum(qty)::bigint AS qty,"
    " regal_sum(net)::bigint AS net, regal_sum(total)::bigint AS total, regal_sum(cost)::bigint AS "
    "cost,"
    " regal_sum(commission)::bigint AS commission, regal_sum(refunds_net)::bigint AS refunds_net,"
    " regal_sum(refunds_total)::bigint AS refunds_total, regal_sum(refunds_cost)::bigint AS "
    "refunds_cost"
    " FROM daily_party_totals WHERE branch_id = ";
const std::string kPartyGroup =
    " GROUP BY party_id HAVING regal_sum(sales_count) <> 0 OR regal_sum(qty) <> 0 OR "
    "regal_sum(net) <> 0"
    " OR regal_sum(total) <> 0 OR regal_sum(commission) <> 0 OR regal_sum(refunds_total) <> 0";

const std::string kBalanceColumns =
    "SELECT x.id::text, x.name, x.phone, coalesce(x.branch_id::text, ''),"
    " coalesce(b.currency, d.currency, ''), coalesce(b.currency_digits, d.currency_digits, 2),"
    " x.balance, x.deleted_at IS NOT NULL FROM ";
// A party without a branch is shown in the currency most branches use.
const std::string kBalanceJoins =
    " x LEFT JOIN branches b ON b.id = x.branch_id LEFT JOIN (SELECT currency, currency_digits"
    " FROM branches WHERE deleted_at IS NULL GROUP BY currency, currency_digits"
    " ORDER BY count(*) DESC, currency LIMIT 1) d ON true WHERE x.balance <> 0";

const std::string kSelectValuation =
    "SELECT s.branch_id::text, b.code, b.name, b.currency, b.currency_digits,"
    " coalesce(p.category_id::text, ''), coalesce(c.name, ''), count(*)::bigint,"
    " sum(s.qty)::bigint, sum(s.qty * p.cost_price)::bigint"
    " FROM stock s JOIN products p ON p.id = s.product_id JOIN branches b ON b.id = s.branch_id"
    " LEFT JOIN categories c ON c.id = p.category_id WHERE s.qty > 0";
const std::string kGroupValuation =
    " GROUP BY s.branch_id, b.code, b.name, b.currency, b.currency_digits, p.category_id, c.name"
    " ORDER BY b.code, s.branch_id, 10 DESC, 7";

const std::string kSelectNegativeStock =
    "SELECT s.branch_id::text, b.code, b.currency, b.currency_digits, p.id::text, p.sku, p.name,"
    " s.qty, p.cost_price, (s.qty * p.cost_price)::bigint"
    " FROM stock s JOIN products p ON p.id = s.product_id JOIN branches b ON b.id = s.branch_id"
    " WHERE s.qty < 0";

// " = $b AND day BETWEEN $from AND $to" after "WHERE branch_id".
void branch_days(Sql& sql, const std::string& branch_id, const std::string& from,
                 const std::string& to) {
  sql << sql.bind(branch_id, "uuid") << " AND day BETWEEN " << sql.bind(from, "date") << " AND "
      << sql.bind(to, "date");
}

template <class Fn>
auto snapshot(Database& db, Fn&& fn) {
  return db.transact([&](Transaction& tx) {
    exec(tx.session(), kSnapshot);
    return fn(tx.session());
  });
}

std::vector<pos::ReportGroupRow> select_products(Session& s, const std::string& branch_id,
                                                 const std::string& from, const std::string& to,
                                                 int limit) {
  Sql sql(kProductColumns);
  if (from == to && limit > 0) {
    sql << kProductDay << sql.bind(branch_id, "uuid") << " AND day = " << sql.bind(from, "date")
        << kProductDayLive << " ORDER BY net - refunds_net DESC, product_id LIMIT "
        << sql.bind(std::to_string(limit), "integer");
  } else {
    sql << kProductSums;
    branch_days(sql, branch_id, from, to);
    sql << kProductGroup;
    if (limit > 0) {
      sql << " ORDER BY regal_sum(net) - regal_sum(refunds_net) DESC, product_id LIMIT "
          << sql.bind(std::to_string(limit), "integer");
    }
  }
  sql << ") t LEFT JOIN products p ON p.id = t.product_id ORDER BY " << kProductOrder;
  const auto rs = sql.run(s);
  std::vector<pos::ReportGroupRow> out;
  for (std::size_t i = 0; i < rs.rowCount(); ++i) {
    const Row r(rs, i);
    pos::ReportGroupRow g;
    g.id = r.text(0);
    g.name = r.text(1);
    g.sku = r.text(2);
    g.qty = r.int64(3);
    g.net = r.int64(4);
    g.total = r.int64(5);
    g.cost = r.int64(6);
    g.refunds_qty = r.int64(7);
    g.refunds_net = r.int64(8);
    g.refunds_total = r.int64(9);
    g.refunds_cost = r.int64(10);
    out.push_back(std::move(g));
  }
  return out;
}

// The table and column that name a party of `kind`.
std::pair<const char*, const char*> name_source(pos::SalesGrouping kind) {
  switch (kind) {
    case pos::SalesGrouping::kCashier:
      return {"users", "full_name"};
    case pos::SalesGrouping::kSalesman:
      return {"salesmen", "name"};
    case pos::SalesGrouping::kCustomer:
      return {"customers", "name"};
    case pos::SalesGrouping::kCategory:
    case pos::SalesGrouping::kProduct:
      break;
  }
  return {"categories", "name"};
}

std::vector<pos::ReportGroupRow> select_parties(Session& s, pos::SalesGrouping kind,
                                                const std::string& branch_id,
                                                const std::string& from, const std::string& to) {
  const auto [table, column] = name_source(kind);
  Sql sql("SELECT CASE WHEN t.party_id = '" + kNilUuid + "' THEN '' ELSE t.party_id::text END," +
          " coalesce(n." + column + ", ''), t.sales_count, t.qty, t.net, t.total, t.cost," +
          " t.commission, t.refunds_net, t.refunds_total, t.refunds_cost FROM (" + kPartySums);
  branch_days(sql, branch_id, from, to);
  sql << " AND kind = " << sql.bind(pos::to_string(kind), "text") << kPartyGroup << ") t LEFT JOIN "
      << table << " n ON n.id = t.party_id";
  const auto rs = sql.run(s);
  std::vector<pos::ReportGroupRow> out;
  for (std::size_t i = 0; i < rs.rowCount(); ++i) {
    const Row r(rs, i);
    pos::ReportGroupRow g;
    g.id = r.text(0);
    g.name = r.text(1);
    g.sales_count = r.int64(2);
    g.qty = r.int64(3);
    g.net = r.int64(4);
    g.total = r.int64(5);
    g.cost = r.int64(6);
    g.commission = r.int64(7);
    g.refunds_net = r.int64(8);
    g.refunds_total = r.int64(9);
    g.refunds_cost = r.int64(10);
    out.push_back(std::move(g));
  }
  return out;
}

void read_day_totals(Session& s, pos::DailyReport& d) {
  Sql sql(kSelectDayTotals);
  branch_days(sql, d.branch.id, d.date, d.date);
  const auto rs = sql.run(s);
  const Row r(rs, 0);
  d.sales_count = r.int64(0);
  d.sales_gross = r.int64(1);
  d.sales_discounts = r.int64(2);
  d.sales_net = r.int64(3);
  d.sales_tax = r.int64(4);
  d.sales_total = r.int64(5);
  d.sales_cost = r.int64(6);
  d.refunds_count = r.int64(7);
  d.refunds_net = r.int64(8);
  d.refunds_tax = r.int64(9);
  d.refunds_total = r.int64(10);
  d.refunds_cost = r.int64(11);
  d.voids_count = r.int64(12);
  d.voids_total = r.int64(13);
  d.cash_variance = r.int64(14);
}

void read_day_breakdowns(Session& s, pos::DailyReport& d) {
  Sql taxes(kSelectDayTaxes);
  branch_days(taxes, d.branch.id, d.date, d.date);
  taxes << kGroupTaxes;
  const auto ts = taxes.run(s);
  for (std::size_t i = 0; i < ts.rowCount(); ++i) {
    const Row r(ts, i);
    d.taxes.push_back({r.int64(0), r.int64(1), r.int64(2), r.int64(3), r.int64(4)});
  }
  Sql tenders(kSelectDayTenders);
  branch_days(tenders, d.branch.id, d.date, d.date);
  tenders << kGroupTenders;
  const auto ps = tenders.run(s);
  for (std::size_t i = 0; i < ps.rowCount(); ++i) {
    const Row r(ps, i);
    d.tenders.push_back({r.text(0), r.int64(1), r.int64(2), r.int64(3)});
  }
  Sql hours(kSelectDayHours);
  branch_days(hours, d.branch.id, d.date, d.date);
  hours << kGroupHours;
  const auto hs = hours.run(s);
  for (std::size_t i = 0; i < hs.rowCount(); ++i) {
    const Row r(hs, i);
    d.hours.push_back({static_cast<int>(r.int64(0)), r.int64(1), r.int64(2)});
  }
  Sql expenses(kSelectDayExpenses);
  branch_days(expenses, d.branch.id, d.date, d.date);
  expenses << kGroupExpenses;
  const auto es = expenses.run(s);
  for (std::size_t i = 0; i < es.rowCount(); ++i) {
    const Row r(es, i);
    d.expenses.push_back({r.text(0), r.text(1), r.int64(2), r.int64(3)});
    d.expenses_count += r.int64(2);
    d.expenses_total += r.int64(3);
  }
}

}  // namespace

std::optional<pos::ReportBranch> PgReportStore::branch(const std::string& branch_id) {
  return snapshot(db_, [&](Session& s) -> std::optional<pos::ReportBranch> {
    Sql sql(kSelectBranch);
    sql << sql.bind(branch_id, "uuid");
    const auto rs = sql.run(s);
    if (rs.rowCount() == 0) return std::nullopt;
    const Row r(rs, 0);
    return pos::ReportBranch{
        r.text(0), r.text(1), r.text(2), r.text(3), static_cast<int>(r.int64(4)),
        r.text(5), r.text(6)};
  });
}

pos::DailyReport PgReportStore::daily(const pos::ReportBranch& branch, const std::string& date,
                                      int top_products) {
  return snapshot(db_, [&](Session& s) {
    pos::DailyReport d;
    d.branch = branch;
    d.date = date;
    read_day_totals(s, d);
    read_day_breakdowns(s, d);
    d.top_products = select_products(s, branch.id, date, date, top_products);
    d.cashiers = select_parties(s, pos::SalesGrouping::kCashier, branch.id, date, date);
    d.salesmen = select_parties(s, pos::SalesGrouping::kSalesman, branch.id, date, date);
    return d;
  });
}

pos::SalesReport PgReportStore::sales(const pos::ReportBranch& branch,
                                      const pos::SalesReportQuery& q) {
  return snapshot(db_, [&](Session& s) {
    pos::SalesReport r;
    r.branch = branch;
    r.group_by = q.group_by;
    r.from = q.from;
    r.to = q.to;
    r.rows = q.group_by == pos::SalesGrouping::kProduct
                 ? select_products(s, branch.id, q.from, q.to, 0)
                 : select_parties(s, q.group_by, branch.id, q.from, q.to);
    return r;
  });
}

pos::BalanceReport PgReportStore::balances(pos::BalanceKind kind, const std::string& branch_id) {
  return snapshot(db_, [&](Session& s) {
    Sql sql(kBalanceColumns + (kind == pos::BalanceKind::kVendor ? "vendors" : "customers") +
            kBalanceJoins);
    if (!branch_id.empty()) sql << " AND x.branch_id = " << sql.bind(branch_id, "uuid");
    const auto rs = sql.run(s);
    pos::BalanceReport report;
    report.kind = kind;
    report.branch_id = branch_id;
    for (std::size_t i = 0; i < rs.rowCount(); ++i) {
      const Row r(rs, i);
      report.rows.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4),
                             static_cast<int>(r.int64(5)), r.int64(6), r.boolean(7)});
    }
    return report;
  });
}

pos::StockValuation PgReportStore::stock_valuation(const std::string& branch_id) {
  return snapshot(db_, [&](Session& s) {
    pos::StockValuation report;
    report.branch_id = branch_id;
    Sql rows(kSelectValuation);
    if (!branch_id.empty()) rows << " AND s.branch_id = " << rows.bind(branch_id, "uuid");
    rows << kGroupValuation;
    const auto rs = rows.run(s);
    for (std::size_t i = 0; i < rs.rowCount(); ++i) {
      const Row r(rs, i);
      report.rows.push_back({r.text(0), r.text(1), r.text(2), r.text(3),
                             static_cast<int>(r.int64(4)), r.text(5), r.text(6), r.int64(7),
                             r.int64(8), r.int64(9)});
    }
    Sql negatives(kSelectNegativeStock);
    if (!branch_id.empty()) {
      negatives << " AND s.branch_id = " << negatives.bind(branch_id, "uuid");
    }
    negatives << " ORDER BY b.code, s.branch_id, s.qty, p.sku";
    const auto ns = negatives.run(s);
    for (std::size_t i = 0; i < ns.rowCount(); ++i) {
      const Row r(ns, i);
      report.negatives.push_back({r.text(0), r.text(1), r.text(2), static_cast<int>(r.int64(3)),
                                  r.text(4), r.text(5), r.text(6), r.int64(7), r.int64(8),
                                  r.int64(9)});
    }
    return report;
  });
}

}  // namespace regal::pg
