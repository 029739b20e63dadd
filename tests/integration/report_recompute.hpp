#pragma once
// Full recomputations of the daily aggregate tables (migrations/0009, 0010, 0015) from the
// documents — sales, sale_lines, sale_payments, refunds, refund_lines, refund_payments,
// z_reports and expenses — written independently of the functions that keep them: sale and
// refund figures are summed from their lines, the commission a refund takes back is recomputed
// (half-even), and the cash over/short is read from the Z reports' bodies.
//
// Each check yields the same columns from the aggregate table and from the documents, so a
// difference in either direction is a row of EXCEPT ALL. Rows whose figures are all zero are
// left out on both sides (a sale and its void leave such rows behind).

#include <string>
#include <vector>

namespace regal::test::reports {

struct AggregateCheck {
  std::string table;
  std::vector<std::string> keys;    // the key columns, first in both queries
  std::vector<std::string> values;  // the figure columns, after the keys
  std::string aggregate;            // SELECT keys…, figures… FROM <table> …
  std::string recomputed;           // the same columns from the documents (uses the CTEs)
};

// The CTEs the recomputations read, for the branches in `ids` ("'uuid', 'uuid'"):
// s (sales), l (lines of completed sales), st (completed sales summed from their lines),
// f (refunds), fl (their lines), ft (refunds summed from their lines, with the sale's parties).
inline std::string document_ctes(const std::string& ids) {
  return "b AS (SELECT id, timezone FROM branches WHERE id IN (" + ids +
         ")),"
         " s AS (SELECT sa.id, sa.branch_id, sa.register_id, sa.status, sa.cashier_id,"
         " sa.salesman_id, sa.customer_id, sa.commission, sa.change, sa.total AS header_total,"
         " (sa.created_at AT TIME ZONE b.timezone)::date AS day,"
         " extract(hour FROM sa.created_at AT TIME ZONE b.timezone)::int AS hour"
         " FROM sales sa JOIN b ON b.id = sa.branch_id),"
         " l AS (SELECT s.branch_id, s.day, s.register_id, s.id AS sale_id, sl.product_id,"
         " sl.category_id, sl.qty, sl.gross, sl.line_discount + sl.order_discount AS discount,"
         " sl.net, sl.tax, sl.total, sl.unit_cost * sl.qty AS cost, sl.tax_rate"
         " FROM s JOIN sale_lines sl ON sl.sale_id = s.id WHERE s.status = 'completed'),"
         " st AS (SELECT s.id, s.branch_id, s.day, s.hour, s.register_id, s.cashier_id,"
         " s.salesman_id, s.customer_id, s.commission, sum(l.qty) AS qty, sum(l.gross) AS gross,"
         " sum(l.discount) AS discount, sum(l.net) AS net, sum(l.tax) AS tax,"
         " sum(l.total) AS total, sum(l.cost) AS cost FROM s JOIN l ON l.sale_id = s.id"
         " GROUP BY s.id, s.branch_id, s.day, s.hour, s.register_id, s.cashier_id,"
         " s.salesman_id, s.customer_id, s.commission),"
         " f AS (SELECT r.id, r.branch_id, r.register_id, r.sale_id,"
         " (r.created_at AT TIME ZONE b.timezone)::date AS day"
         " FROM refunds r JOIN b ON b.id = r.branch_id),"
         " fl AS (SELECT f.id AS refund_id, f.branch_id, f.day, f.register_id, rl.product_id,"
         " rl.category_id, rl.qty, rl.net, rl.tax, rl.total, rl.cost, rl.tax_rate"
         " FROM f JOIN refund_lines rl ON rl.refund_id = f.id),"
         " ft AS (SELECT f.id, f.branch_id, f.day, f.register_id, sa.cashier_id, sa.salesman_id,"
         " sa.customer_id, sa.commission_rate, sum(fl.net) AS net, sum(fl.tax) AS tax,"
         " sum(fl.total) AS total, sum(fl.cost) AS cost"
         " FROM f JOIN fl ON fl.refund_id = f.id JOIN sales sa ON sa.id = f.sale_id"
         " GROUP BY f.id, f.branch_id, f.day, f.register_id, sa.cashier_id, sa.salesman_id,"
         " sa.customer_id, sa.commission_rate)";
}

inline std::vector<AggregateCheck> aggregate_checks(const std::string& ids) {
  const std::string keys =
      "branch_id::text AS branch_id, day::text AS day, register_id::text AS register_id";
  const std::string where = " WHERE branch_id IN (" + ids + ")";
  const std::string group = " GROUP BY branch_id, day, register_id";
  const std::string nil = "'00000000-0000-0000-0000-000000000000'::uuid";
  // What a refund takes back of the salesman's commission: net × rate / 10000, half-even.
  const std::string x = "(net::bigint * commission_rate)";
  const std::string takeback = "(" + x + " / 10000 + CASE WHEN (" + x +
                               " % 10000) * 2 > 10000 OR ((" + x + " % 10000) * 2 = 10000 AND (" +
                               x + " / 10000) % 2 = 1) THEN 1 ELSE 0 END)";
  std::vector<AggregateCheck> checks;

  checks.push_back(
      {"daily_register_totals",
       {"branch_id", "day", "register_id"},
       {"sales_count", "sales_gross", "sales_discounts", "sales_net", "sales_tax", "sales_total",
        "sales_cost", "refunds_count", "refunds_net", "refunds_tax", "refunds_total",
        "refunds_cost", "voids_count", "voids_total", "cash_variance"},
       "SELECT " + keys +
           ", sales_count, sales_gross, sales_discounts, sales_net, sales_tax, sales_total,"
           " sales_cost, refunds_count, refunds_net, refunds_tax, refunds_total, refunds_cost,"
           " voids_count, voids_total, cash_variance FROM daily_register_totals" +
           where,
       "SELECT " + keys +
           ", sum(sc)::bigint, sum(gross)::bigint, sum(disc)::bigint, sum(net)::bigint,"
           " sum(tax)::bigint, sum(total)::bigint, sum(cost)::bigint, sum(rc)::bigint,"
           " sum(rnet)::bigint, sum(rtax)::bigint, sum(rtotal)::bigint, sum(rcost)::bigint,"
           " sum(vc)::bigint, sum(vt)::bigint, sum(cv)::bigint FROM ("
           " SELECT branch_id, day, register_id, 1 AS sc, gross, discount AS disc, net, tax, total,"
           " cost, 0 AS rc, 0 AS rnet, 0 AS rtax, 0 AS rtotal, 0 AS rcost, 0 AS vc, 0 AS vt,"
           " 0 AS cv FROM st"
           " UNION ALL SELECT branch_id, day, register_id, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,"
           " header_total, 0 FROM s WHERE status = 'void'"
           " UNION ALL SELECT branch_id, day, register_id, 0, 0, 0, 0, 0, 0, 0, 1, net, tax, total,"
           " cost, 0, 0, 0 FROM ft"
           " UNION ALL SELECT z.branch_id, (z.created_at AT TIME ZONE b.timezone)::date,"
           " z.register_id, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, coalesce((SELECT"
           " sum((t->>'variance')::bigint) FROM jsonb_array_elements(z.body->'tenders') t"
           " WHERE t->>'method' = 'cash' AND jsonb_typeof(t->'variance') = 'number'), 0)"
           " FROM z_reports z JOIN b ON b.id = z.branch_id) x" +
           group});

  checks.push_back(
      {"daily_tender_totals",
       {"branch_id", "day", "register_id", "method"},
       {"sales", "refunds", "deposits"},
       "SELECT " + keys + ", method, sales, refunds, deposits FROM daily_tender_totals" + where,
       "SELECT " + keys +
           ", method, sum(sales)::bigint, sum(refunds)::bigint, sum(deposits)::bigint FROM ("
           " SELECT s.branch_id, s.day, s.register_id, p.method, sum(p.amount) - CASE WHEN"
           " p.method = 'cash' THEN s.change ELSE 0 END AS sales, 0 AS refunds, 0 AS deposits"
           " FROM s JOIN sale_payments p ON p.sale_id = s.id WHERE s.status = 'completed'"
           " GROUP BY s.id, s.branch_id, s.day, s.register_id, p.method, s.change"
           " UNION ALL SELECT f.branch_id, f.day, f.register_id, p.method, 0, p.amount, 0"
           " FROM f JOIN refund_payments p ON p.refund_id = f.id) x" +
           group + ", method"});

  checks.push_back(
      {"daily_tax_totals",
       {"branch_id", "day", "register_id", "rate_bp"},
       {"sales_taxable", "sales_tax", "refunds_taxable", "refunds_tax"},
       "SELECT " + keys +
           ", rate_bp::bigint AS rate_bp, sales_taxable, sales_tax, refunds_taxable, refunds_tax"
           " FROM daily_tax_totals" +
           where,
       "SELECT " + keys +
           ", tax_rate::bigint, sum(a)::bigint, sum(b)::bigint, sum(c)::bigint, sum(d)::bigint"
           " FROM (SELECT branch_id, day, register_id, tax_rate, net AS a, tax AS b, 0 AS c,"
           " 0 AS d FROM l UNION ALL SELECT branch_id, day, register_id, tax_rate, 0, 0, net, tax"
           " FROM fl) x" +
           group + ", tax_rate"});

  checks.push_back(
      {"daily_hour_totals",
       {"branch_id", "day", "register_id", "hour"},
       {"sales_count", "sales_total"},
       "SELECT " + keys +
           ", hour::bigint AS hour, sales_count, sales_total FROM daily_hour_totals" + where,
       "SELECT " + keys + ", hour::bigint, count(*)::bigint, sum(total)::bigint FROM st" + group +
           ", hour"});

  checks.push_back(
      {"daily_product_totals",
       {"branch_id", "day", "register_id", "product_id"},
       {"qty", "net", "total", "cost", "refunds_qty", "refunds_net", "refunds_total",
        "refunds_cost"},
       "SELECT " + keys +
           ", product_id::text AS product_id, qty, net, total, cost, refunds_qty, refunds_net,"
           " refunds_total, refunds_cost FROM daily_product_totals" +
           where,
       "SELECT " + keys +
           ", product_id::text, sum(a)::bigint, sum(b)::bigint, sum(c)::bigint, sum(d)::bigint,"
           " sum(e)::bigint, sum(f)::bigint, sum(g)::bigint, sum(h)::bigint FROM ("
           " SELECT branch_id, day, register_id, product_id, qty AS a, net AS b, total AS c,"
           " cost AS d, 0 AS e, 0 AS f, 0 AS g, 0 AS h FROM l WHERE product_id IS NOT NULL"
           " UNION ALL SELECT branch_id, day, register_id, product_id, 0, 0, 0, 0, qty, net, total,"
           " cost FROM fl WHERE product_id IS NOT NULL) x" +
           group + ", product_id"});

  // migrations/0015: the same product figures per branch and day, over all registers.
  checks.push_back(
      {"daily_branch_product_totals",
       {"branch_id", "day", "product_id"},
       {"qty", "net", "total", "cost", "refunds_qty", "refunds_net", "refunds_total",
        "refunds_cost"},
       "SELECT branch_id::text AS branch_id, day::text AS day, product_id::text AS product_id,"
       " qty, net, total, cost, refunds_qty, refunds_net, refunds_total, refunds_cost"
       " FROM daily_branch_product_totals" +
           where,
       "SELECT branch_id::text, day::text, product_id::text, sum(a)::bigint, sum(b)::bigint,"
       " sum(c)::bigint, sum(d)::bigint, sum(e)::bigint, sum(f)::bigint, sum(g)::bigint,"
       " sum(h)::bigint FROM ("
       " SELECT branch_id, day, product_id, qty AS a, net AS b, total AS c, cost AS d, 0 AS e,"
       " 0 AS f, 0 AS g, 0 AS h FROM l WHERE product_id IS NOT NULL"
       " UNION ALL SELECT branch_id, day, product_id, 0, 0, 0, 0, qty, net, total, cost"
       " FROM fl WHERE product_id IS NOT NULL) x GROUP BY branch_id, day, product_id"});

  const std::string party = "SELECT branch_id, day, register_id, ";
  checks.push_back(
      {"daily_party_totals",
       {"branch_id", "day", "register_id", "kind", "party_id"},
       {"sales_count", "qty", "net", "total", "cost", "commission", "refunds_net", "refunds_total",
        "refunds_cost"},
       "SELECT " + keys +
           ", kind, party_id::text AS party_id, sales_count, qty, net, total, cost, commission,"
           " refunds_net, refunds_total, refunds_cost FROM daily_party_totals" +
           where,
       "SELECT " + keys +
           ", kind, party_id::text, sum(sc)::bigint, sum(qty)::bigint, sum(net)::bigint,"
           " sum(total)::bigint, sum(cost)::bigint, sum(cm)::bigint, sum(rnet)::bigint,"
           " sum(rtotal)::bigint, sum(rcost)::bigint FROM (" +
           party +
           "'cashier' AS kind, cashier_id AS party_id, 1 AS sc, qty, net, total, cost, 0 AS cm,"
           " 0 AS rnet, 0 AS rtotal, 0 AS rcost FROM st WHERE cashier_id IS NOT NULL"
           " UNION ALL " +
           party +
           "'salesman', salesman_id, 1, qty, net, total, cost, commission, 0, 0, 0 FROM st"
           " WHERE salesman_id IS NOT NULL"
           " UNION ALL " +
           party +
           "'customer', customer_id, 1, qty, net, total, cost, 0, 0, 0, 0 FROM st"
           " WHERE customer_id IS NOT NULL"
           " UNION ALL " +
           party + "'category', coalesce(category_id, " + nil +
           "), 1, sum(qty), sum(net), sum(total), sum(cost), 0, 0, 0, 0 FROM l"
           " GROUP BY sale_id, branch_id, day, register_id, coalesce(category_id, " +
           nil + ")" + " UNION ALL " + party +
           "'cashier', cashier_id, 0, 0, 0, 0, 0, 0, net, total, cost FROM ft"
           " WHERE cashier_id IS NOT NULL"
           " UNION ALL " +
           party + "'salesman', salesman_id, 0, 0, 0, 0, 0, -" + takeback +
           ", net, total, cost FROM ft WHERE salesman_id IS NOT NULL"
           " UNION ALL " +
           party +
           "'customer', customer_id, 0, 0, 0, 0, 0, 0, net, total, cost FROM ft"
           " WHERE customer_id IS NOT NULL"
           " UNION ALL " +
           party + "'category', coalesce(category_id, " + nil +
           "), 0, 0, 0, 0, 0, 0, sum(net), sum(total), sum(cost) FROM fl"
           " GROUP BY refund_id, branch_id, day, register_id, coalesce(category_id, " +
           nil + ")) x" + group + ", kind, party_id"});

  checks.push_back(
      {"daily_expense_totals",
       {"branch_id", "day", "category_id"},
       {"count", "amount"},
       "SELECT branch_id::text AS branch_id, day::text AS day, category_id::text AS category_id,"
       " count, amount FROM daily_expense_totals" +
           where,
       // An expense counts on its day; the reversal of the paid_out that paid it takes it back
       // on the reversal's day.
       "SELECT branch_id, day, category_id, sum(n)::bigint, sum(amount)::bigint FROM ("
       " SELECT e.branch_id::text AS branch_id,"
       " (e.created_at AT TIME ZONE b.timezone)::date::text AS day,"
       " e.category_id::text AS category_id, 1 AS n, e.amount"
       " FROM expenses e JOIN b ON b.id = e.branch_id"
       " UNION ALL SELECT e.branch_id::text, (m.created_at AT TIME ZONE b.timezone)::date::text,"
       " e.category_id::text, -1, -e.amount"
       " FROM cash_movements m JOIN expenses e ON e.id = m.expense_id JOIN b ON b.id = e.branch_id"
       " WHERE m.reverses_id IS NOT NULL) x GROUP BY 1, 2, 3"});
  return checks;
}

// One query listing every difference of `check` as text ("aggregate: {…}" for a row only the
// table has, "recomputed: {…}" for one only the documents give).
inline std::string difference_query(const std::string& ids, const AggregateCheck& check) {
  std::string nonzero = "NOT (";
  for (std::size_t i = 0; i < check.values.size(); ++i) {
    nonzero += (i ? " AND " : "") + check.values[i] + " = 0";
  }
  nonzero += ")";
  std::string columns;
  for (const auto& c : check.keys) columns += (columns.empty() ? "" : ", ") + c;
  for (const auto& c : check.values) columns += ", " + c;
  return "WITH " + document_ctes(ids) + ", agg AS (" + check.aggregate + "), rec(" + columns +
         ") AS (" + check.recomputed + "), a AS (SELECT * FROM agg WHERE " + nonzero +
         "), r AS (SELECT * FROM rec WHERE " + nonzero +
         ") SELECT 'aggregate: ' || row_to_json(d)::text FROM (SELECT * FROM a EXCEPT ALL"
         " SELECT * FROM r) d UNION ALL SELECT 'recomputed: ' || row_to_json(d)::text FROM"
         " (SELECT * FROM r EXCEPT ALL SELECT * FROM a) d";
}

}  // namespace regal::test::reports
