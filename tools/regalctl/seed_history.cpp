#include "seed_history.hpp"

#include <string>

// Past sales for regalctl seed-demo --history (see seed_demo.hpp). Every statement runs in the
// seeding transaction and reads the pg_temp helpers of seed_demo.cpp (rnd, hev).
namespace regal::tools {
namespace {

std::string replace_all(std::string text, const std::string& token, const std::string& value) {
  for (auto at = text.find(token); at != std::string::npos;
       at = text.find(token, at + value.size())) {
    text.replace(at, token.size(), value);
  }
  return text;
}

// The demo branches' tills, one demo cashier each (no usable password: '!' is no bcrypt hash,
// so a login is refused like a wrong password), and one shift per till and local day, opened at
// 07:00 and closed at 21:00 local time. Sales per till and day vary ±25 % around
// :per_day / tills, a third more on Saturdays; first_seq continues the till's numbering.
constexpr const char* kPlaces = R"SQL(
CREATE TEMP TABLE hist_register ON COMMIT DROP AS
SELECT (row_number() OVER (ORDER BY b.code, r.code) - 1)::int AS rn, r.id AS register_id,
       r.code AS register_code, b.id AS branch_id, b.code AS branch_code, b.name AS branch_name,
       b.currency, b.currency_digits, b.timezone
  FROM registers r JOIN branches b ON b.id = r.branch_id
 WHERE b.code >= 'DEMO-' AND b.code < 'DEMO.' AND b.deleted_at IS NULL
   AND r.code LIKE 'TILL-%' AND r.deleted_at IS NULL;
CREATE TEMP TABLE hist_cashier ON COMMIT DROP AS
SELECT r.rn, gen_random_uuid() AS id,
       w.f[1 + pg_temp.rnd(r.rn, 61, cardinality(w.f))] || ' ' ||
         w.l[1 + pg_temp.rnd(r.rn, 62, cardinality(w.l))] AS full_name
  FROM hist_register r, (SELECT :first_names AS f, :last_names AS l) w;
INSERT INTO users (id, full_name, email, username, password_hash, pos_role)
SELECT id, full_name, 'demo.cashier' || (rn + 1) || '@regal.example', 'demo.cashier' || (rn + 1),
       '!', 'cashier'
  FROM hist_cashier ORDER BY rn;
CREATE TEMP TABLE hist_shift ON COMMIT DROP AS
SELECT x.*, (sum(x.n) OVER (PARTITION BY x.rn ORDER BY x.day) - x.n + 1)::bigint AS first_seq,
       row_number() OVER (PARTITION BY x.rn ORDER BY x.day) AS z_seq
  FROM (SELECT r.rn, r.register_id, r.register_code, r.branch_id, r.branch_code, r.branch_name,
               r.currency, r.currency_digits, r.timezone, c.id AS cashier_id, d.day,
               (d.day + time '07:00') AT TIME ZONE r.timezone AS opened_at,
               (d.day + time '21:00') AT TIME ZONE r.timezone AS closed_at,
               r.rn::bigint * 100000 + (d.day - date '2000-01-01') AS g,
               greatest(1, (:per_day::bigint * (75 + pg_temp.rnd(r.rn::bigint * 100000 +
                   (d.day - date '2000-01-01'), 63, 51)) / 100
                 * CASE WHEN extract(isodow FROM d.day) = 6 THEN 4 ELSE 3 END / 3)
                 / (SELECT count(*) FROM hist_register)) AS n
          FROM hist_register r JOIN hist_cashier c ON c.rn = r.rn,
               LATERAL (SELECT (now() AT TIME ZONE r.timezone)::date - k AS day
                          FROM generate_series(1, :days) k) d) x;
ALTER TABLE hist_shift ADD COLUMN id uuid;
UPDATE hist_shift SET id = (lpad(to_hex((extract(epoch FROM opened_at) * 1000)::bigint), 12, '0')
  || '7' || substr(replace(gen_random_uuid()::text, '-', ''), 14, 19))::uuid;
)SQL";

// What the tills sell: active products sold in every branch, in a fixed pseudo-random order;
// a sale line draws index ⌊P·u²⌋, so the first hundredth of them makes about a tenth of the lines
// (a realistic long tail, and fewer product rows per day than uniform draws would give).
// Customers (on 12 % of sales) and the branch's salesmen (on 25 %).
constexpr const char* kPicks = R"SQL(
CREATE TEMP TABLE hist_product ON COMMIT DROP AS
SELECT (row_number() OVER (ORDER BY hashtext(p.sku), p.id) - 1)::int AS k, p.id, p.sku, p.name,
       p.unit_price, p.cost_price, p.tax_rate, p.tax_inclusive, p.category_id, p.discount
  FROM products p
 WHERE p.sku >= 'DEMO-' AND p.sku < 'DEMO.' AND p.deleted_at IS NULL AND p.is_active
   AND p.unit_price > 0 AND p.branch_ids IS NULL;
ALTER TABLE hist_product ADD PRIMARY KEY (k);
CREATE TEMP TABLE hist_customer ON COMMIT DROP AS
SELECT (row_number() OVER (ORDER BY id) - 1)::int AS k, id FROM customers WHERE deleted_at IS NULL;
ALTER TABLE hist_customer ADD PRIMARY KEY (k);
CREATE TEMP TABLE hist_salesman ON COMMIT DROP AS
SELECT branch_id, (row_number() OVER (PARTITION BY branch_id ORDER BY id) - 1)::int AS k, id,
       commission_rate
  FROM salesmen WHERE deleted_at IS NULL
   AND branch_id IN (SELECT branch_id FROM hist_register);
ANALYZE hist_product, hist_customer, hist_salesman, hist_shift;
)SQL";

// The sales' heads: times spread over 08:00–20:00 local (one slot of 12 h / n each, a random
// moment inside it), numbers "{branch}-{register}-{seq}" as the API formats them, UUIDv7-shaped
// ids from the sale's time (the API's kind). g is the sale's key for the pseudo-random draws.
constexpr const char* kSaleHeads = R"SQL(
CREATE TEMP TABLE hist_sale ON COMMIT DROP AS
SELECT sh.id AS shift_id, sh.rn, sh.branch_id, sh.register_id, sh.cashier_id, s.seq, s.g,
       s.created_at,
       (lpad(to_hex((extract(epoch FROM s.created_at) * 1000)::bigint), 12, '0') || '7' ||
        substr(replace(gen_random_uuid()::text, '-', ''), 14, 19))::uuid AS id,
       sh.branch_code || '-' || sh.register_code || '-' ||
         lpad(s.seq::text, greatest(6, length(s.seq::text)), '0') AS number,
       CASE WHEN pg_temp.rnd(s.g, 71, 100) < 12 THEN
         (SELECT c.id FROM hist_customer c
           WHERE c.k = pg_temp.rnd(s.g, 72, greatest(1, (SELECT count(*) FROM hist_customer))))
       END
         AS customer_id,
       m.id AS salesman_id, coalesce(m.commission_rate, 0) AS commission_rate,
       1 + pg_temp.rnd(s.g, 73, 5) AS line_count,
       pg_temp.rnd(s.g, 74, 10) < 7 AS cash, pg_temp.rnd(s.g, 75, 3) = 0 AS exact
  FROM hist_shift sh
  CROSS JOIN LATERAL (
    SELECT sh.first_seq + i - 1 AS seq, sh.rn::bigint * 1000000000 + sh.first_seq + i - 1 AS g,
           sh.opened_at + interval '1 hour' + make_interval(secs => ((i - 1) * 43200.0 / sh.n +
             pg_temp.rnd(sh.rn::bigint * 1000000000 + sh.first_seq + i, 76, 1000) * 43.2 / sh.n)
             ::float8)
             AS created_at
      FROM generate_series(1, sh.n) i) s
  LEFT JOIN hist_salesman m ON m.branch_id = sh.branch_id AND pg_temp.rnd(s.g, 77, 100) < 25
       AND m.k = pg_temp.rnd(s.g, 78, 3);
ANALYZE hist_sale;
)SQL";

// Lines: qty 1 (80 %), 2 or 3; the product's list price, its discount (when it has one) as the
// line discount on a third of its lines; figures as lib/pos/sale_calculator computes them: half-
// even, tax inside the price (net = amount − tax) or on top of it (total = amount + tax).
constexpr const char* kLines = R"SQL(
CREATE TEMP TABLE hist_pick ON COMMIT DROP AS
SELECT s.id AS sale_id, l AS line_no,
       CASE WHEN pg_temp.rnd(s.g * 8 + l, 83, 20) < 16 THEN 1
            WHEN pg_temp.rnd(s.g * 8 + l, 83, 20) < 19 THEN 2 ELSE 3 END::bigint AS qty,
       floor((pg_temp.rnd(s.g * 8 + l, 84, 1000000)::float8 / 1000000) ^ 2
             * (SELECT count(*) FROM hist_product))::int AS pk,
       pg_temp.rnd(s.g * 8 + l, 82, 3) = 0 AS discounted
  FROM hist_sale s CROSS JOIN generate_series(1, s.line_count) l;
ANALYZE hist_pick;
CREATE TEMP TABLE hist_line ON COMMIT DROP AS
SELECT y.*, CASE WHEN y.tax_inclusive THEN y.amount - y.tax ELSE y.amount END AS net,
       CASE WHEN y.tax_inclusive THEN y.amount ELSE y.amount + y.tax END AS total
  FROM (SELECT x.*, CASE WHEN x.tax_inclusive
                         THEN pg_temp.hev(x.amount * x.tax_rate, 10000 + x.tax_rate)
                         ELSE pg_temp.hev(x.amount * x.tax_rate, 10000) END AS tax
          FROM (SELECT w.*, w.gross - w.line_discount AS amount
                  FROM (SELECT v.*, pg_temp.hev(v.gross * v.discount_bp, 10000) AS line_discount
                          FROM (SELECT k.sale_id, k.line_no, p.id AS product_id, p.sku, p.name,
                                       p.unit_price, p.cost_price, p.tax_rate, p.tax_inclusive,
                                       p.category_id, k.qty, p.unit_price * k.qty AS gross,
                                       CASE WHEN k.discounted THEN coalesce(p.discount, 0)
                                            ELSE 0 END AS discount_bp
                                  FROM hist_pick k JOIN hist_product p ON p.k = k.pk) v) w) x)
       y;
)SQL";

// Heads with the sums of their lines, then sales, lines and one tender each: card (30 %) for the
// total, or cash — exact (a third) or rounded up to the next 100 minor units with change.
constexpr const char* kInsertSales = R"SQL(
CREATE TEMP TABLE hist_head ON COMMIT DROP AS
SELECT s.*, t.subtotal, t.discount_total, t.tax_total, t.total, t.net, t.cost, p.paid,
       CASE WHEN s.salesman_id IS NULL THEN 0 ELSE s.commission_rate END AS rate,
       CASE WHEN s.salesman_id IS NULL THEN 0
            ELSE pg_temp.hev(t.net * s.commission_rate, 10000) END AS commission
  FROM hist_sale s
  JOIN (SELECT sale_id, sum(gross)::bigint AS subtotal, sum(line_discount)::bigint AS discount_total,
               sum(tax)::bigint AS tax_total, sum(total)::bigint AS total, sum(net)::bigint AS net,
               sum(cost_price * qty)::bigint AS cost
          FROM hist_line GROUP BY sale_id) t ON t.sale_id = s.id,
       LATERAL (SELECT CASE WHEN s.cash AND NOT s.exact THEN (t.total + 99) / 100 * 100
                            ELSE t.total END AS paid) p;
INSERT INTO sales (id, request_hash, number, seq, branch_id, register_id, shift_id, cashier_id,
                   customer_id, salesman_id, status, subtotal, discount_total, tax_total, total,
                   paid, change, commission_rate, commission, created_at, updated_at)
SELECT id, 'seed-demo-history', number, seq, branch_id, register_id, shift_id, cashier_id,
       customer_id, salesman_id, 'completed', subtotal, discount_total, tax_total, total, paid,
       paid - total, rate, commission, created_at, created_at
  FROM hist_head ORDER BY created_at;
INSERT INTO sale_lines (id, sale_id, line_no, product_id, sku, description, qty, unit_price,
                        list_price, discount_bp, tax_rate, tax_inclusive, gross, line_discount,
                        order_discount, net, tax, total, unit_cost, category_id)
SELECT gen_random_uuid(), sale_id, line_no, product_id, sku, name, qty, unit_price, unit_price,
       discount_bp, tax_rate, tax_inclusive, gross, line_discount, 0, net, tax, total, cost_price,
       category_id
  FROM hist_line ORDER BY sale_id, line_no;
INSERT INTO sale_payments (sale_id, idx, method, amount)
SELECT id, 0, CASE WHEN cash THEN 'cash' ELSE 'card' END, paid FROM hist_head ORDER BY id;
)SQL";

// Shifts closed with their Z report; the running totals regal_apply_sale would have kept (shift
// and daily rows), built from the documents with one INSERT … SELECT … GROUP BY each; the cash
// over/short of one close in eight (±2.00) in the Z and in daily_register_totals.cash_variance,
// as the close writes it; the registers' series continued after the seeded numbers.
constexpr const char* kShifts = R"SQL(
INSERT INTO shifts (id, branch_id, register_id, cashier_id, status, opening_float, opened_at,
                    closed_at, closed_by, updated_at, version)
SELECT id, branch_id, register_id, cashier_id, 'closed', 10000, opened_at, closed_at, cashier_id,
       closed_at, 2
  FROM hist_shift ORDER BY opened_at;
CREATE TEMP TABLE hist_shift_sums ON COMMIT DROP AS
SELECT shift_id, count(*)::bigint AS sales_count, sum(subtotal)::bigint AS sales_gross,
       sum(discount_total)::bigint AS sales_discounts, sum(net)::bigint AS sales_net,
       sum(tax_total)::bigint AS sales_tax, sum(total)::bigint AS sales_total,
       sum(cost)::bigint AS sales_cost, min(seq) AS first_seq, max(seq) AS last_seq
  FROM hist_head GROUP BY shift_id;
INSERT INTO shift_totals (shift_id, sales_count, sales_gross, sales_discounts, sales_net,
                          sales_tax, sales_total, sales_cost, first_seq, first_number, last_seq,
                          last_number)
SELECT t.shift_id, t.sales_count, t.sales_gross, t.sales_discounts, t.sales_net, t.sales_tax,
       t.sales_total, t.sales_cost, t.first_seq,
       sh.branch_code || '-' || sh.register_code || '-' ||
         lpad(t.first_seq::text, greatest(6, length(t.first_seq::text)), '0'),
       t.last_seq,
       sh.branch_code || '-' || sh.register_code || '-' ||
         lpad(t.last_seq::text, greatest(6, length(t.last_seq::text)), '0')
  FROM hist_shift_sums t JOIN hist_shift sh ON sh.id = t.shift_id;
INSERT INTO shift_tender_totals (shift_id, method, sales)
SELECT shift_id, CASE WHEN cash THEN 'cash' ELSE 'card' END, sum(total)
  FROM hist_head GROUP BY shift_id, cash;
INSERT INTO shift_tax_totals (shift_id, rate_bp, sales_taxable, sales_tax)
SELECT h.shift_id, l.tax_rate, sum(l.net), sum(l.tax)
  FROM hist_line l JOIN hist_sale h ON h.id = l.sale_id GROUP BY h.shift_id, l.tax_rate;
CREATE TEMP TABLE hist_z ON COMMIT DROP AS
SELECT sh.*, t.sales_count, t.sales_gross, t.sales_discounts, t.sales_net, t.sales_tax,
       t.sales_total, t.sales_cost, 10000 + coalesce(c.sales, 0) AS expected_cash,
       coalesce(c.sales, 0) AS cash_sales, coalesce(k.sales, 0) AS card_sales,
       CASE WHEN pg_temp.rnd(sh.g, 91, 8) = 0 THEN pg_temp.rnd(sh.g, 92, 401) - 200 ELSE 0 END
         AS variance,
       sum(t.sales_total) OVER (PARTITION BY sh.rn ORDER BY sh.day) AS grand_total,
       (lpad(to_hex((extract(epoch FROM sh.closed_at) * 1000)::bigint), 12, '0') || '7' ||
        substr(replace(gen_random_uuid()::text, '-', ''), 14, 19))::uuid AS z_id
  FROM hist_shift sh JOIN hist_shift_sums t ON t.shift_id = sh.id
  LEFT JOIN shift_tender_totals c ON c.shift_id = sh.id AND c.method = 'cash'
  LEFT JOIN shift_tender_totals k ON k.shift_id = sh.id AND k.method = 'card';
INSERT INTO z_reports (id, shift_id, branch_id, register_id, seq, number, expected_cash,
                       counted_cash, variance, grand_total, body, closed_by, created_at)
SELECT z.z_id, z.id, z.branch_id, z.register_id, z.z_seq, z.num, z.expected_cash,
       z.expected_cash + z.variance, z.variance, z.grand_total,
       jsonb_build_object(
         'kind', 'Z', 'id', z.z_id, 'number', z.num, 'seq', z.z_seq,
         'shift', jsonb_build_object('id', z.id, 'branch_id', z.branch_id,
           'register_id', z.register_id, 'cashier_id', z.cashier_id, 'status', 'closed',
           'opening_float', 10000, 'opened_at', z.opened_iso, 'closed_at', z.closed_iso,
           'closed_by', z.cashier_id),
         'totals', jsonb_build_object('opening_float', 10000, 'sales_count', z.sales_count,
           'sales_gross', z.sales_gross, 'sales_discounts', z.sales_discounts,
           'sales_net', z.sales_net, 'sales_tax', z.sales_tax, 'sales_total', z.sales_total,
           'sales_cost', z.sales_cost, 'refunds_count', 0, 'refunds_net', 0, 'refunds_tax', 0,
           'refunds_total', 0, 'voids_count', 0, 'voids_total', 0, 'paid_in', 0, 'paid_out', 0,
           'drops', 0, 'no_sale_count', 0,
           'taxes', (SELECT jsonb_agg(jsonb_build_object('rate', x.rate_bp,
                       'sales_taxable', x.sales_taxable, 'sales_tax', x.sales_tax,
                       'refunds_taxable', 0, 'refunds_tax', 0) ORDER BY x.rate_bp)
                       FROM shift_tax_totals x WHERE x.shift_id = z.id)),
         'tenders', jsonb_build_array(
           jsonb_build_object('method', 'cash', 'sales', z.cash_sales, 'refunds', 0,
             'deposits', 0, 'expected', z.expected_cash, 'counted', z.expected_cash + z.variance,
             'variance', z.variance),
           jsonb_build_object('method', 'card', 'sales', z.card_sales, 'refunds', 0,
             'deposits', 0, 'expected', z.card_sales, 'counted', NULL, 'variance', NULL)),
         'expected_cash', z.expected_cash, 'counted_cash', z.expected_cash + z.variance,
         'variance', z.variance, 'gross_margin', z.sales_net - z.sales_cost,
         'grand_total', z.grand_total, 'created_at', z.closed_iso,
         'place', jsonb_build_object('branch_name', z.branch_name, 'branch_code', z.branch_code,
           'register_code', z.register_code, 'currency', z.currency,
           'currency_digits', z.currency_digits,
           'local_opened', to_char(z.opened_at AT TIME ZONE z.timezone, 'YYYY-MM-DD HH24:MI'),
           'local_closed', to_char(z.closed_at AT TIME ZONE z.timezone, 'YYYY-MM-DD HH24:MI'))),
       z.cashier_id, z.closed_at
  FROM (SELECT hz.*, hz.branch_code || '-' || hz.register_code || '-Z' ||
                 lpad(hz.z_seq::text, greatest(6, length(hz.z_seq::text)), '0') AS num,
               to_char(hz.opened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                 AS opened_iso,
               to_char(hz.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                 AS closed_iso
          FROM hist_z hz) z
 ORDER BY z.closed_at;
INSERT INTO document_series AS d (register_id, kind, next_number)
SELECT register_id, kind, next_number FROM (
  SELECT register_id, 'sale' AS kind, max(first_seq + n) AS next_number FROM hist_shift
   GROUP BY register_id
  UNION ALL
  SELECT register_id, 'z_report', max(z_seq) + 1 FROM hist_shift GROUP BY register_id) x
ON CONFLICT (register_id, kind) DO UPDATE SET next_number = EXCLUDED.next_number;
)SQL";

// The daily rows per (branch, local day, register, …), as regal_apply_sale adds them up;
// inserted day by day, so that a day's rows share pages as they do when the application writes
// them during that day (in GROUP BY's hash order, one day's 3,600 product rows were spread over
// the whole table: the daily report's product query read 3,600 heap pages, 150–240 ms).
constexpr const char* kDaily = R"SQL(
CREATE TEMP TABLE hist_doc ON COMMIT DROP AS
SELECT s.id, s.branch_id, s.register_id, s.cashier_id, s.salesman_id, s.customer_id, s.subtotal,
       s.discount_total, s.tax_total, s.total, s.net, s.cost, s.commission, s.cash,
       s.paid - s.total AS change,
       (s.created_at AT TIME ZONE h.timezone)::date AS day,
       extract(hour FROM s.created_at AT TIME ZONE h.timezone)::smallint AS hour
  FROM hist_head s JOIN hist_register h ON h.rn = s.rn;
CREATE TEMP TABLE hist_doc_lines ON COMMIT DROP AS
SELECT sale_id, sum(qty)::bigint AS qty FROM hist_line GROUP BY sale_id;
INSERT INTO daily_register_totals (branch_id, day, register_id, sales_count, sales_gross,
    sales_discounts, sales_net, sales_tax, sales_total, sales_cost, cash_variance)
SELECT d.branch_id, d.day, d.register_id, count(*), sum(d.subtotal), sum(d.discount_total),
       sum(d.net), sum(d.tax_total), sum(d.total), sum(d.cost),
       coalesce((SELECT z.variance FROM hist_z z JOIN hist_register r ON r.rn = z.rn
                  WHERE z.register_id = d.register_id
                    AND (z.closed_at AT TIME ZONE r.timezone)::date = d.day), 0)
  FROM hist_doc d
 GROUP BY d.branch_id, d.day, d.register_id
 ORDER BY d.day, d.branch_id, d.register_id;
INSERT INTO daily_tender_totals (branch_id, day, register_id, method, sales)
SELECT branch_id, day, register_id, CASE WHEN cash THEN 'cash' ELSE 'card' END, sum(total)
  FROM hist_doc GROUP BY branch_id, day, register_id, cash
 ORDER BY day, branch_id, register_id, cash;
INSERT INTO daily_tax_totals (branch_id, day, register_id, rate_bp, sales_taxable, sales_tax)
SELECT d.branch_id, d.day, d.register_id, l.tax_rate, sum(l.net), sum(l.tax)
  FROM hist_doc d JOIN hist_line l ON l.sale_id = d.id
 GROUP BY d.branch_id, d.day, d.register_id, l.tax_rate
 ORDER BY d.day, d.branch_id, d.register_id, l.tax_rate;
INSERT INTO daily_hour_totals (branch_id, day, register_id, hour, sales_count, sales_total)
SELECT branch_id, day, register_id, hour, count(*), sum(total)
  FROM hist_doc GROUP BY branch_id, day, register_id, hour
 ORDER BY day, branch_id, register_id, hour;
-- daily_branch_product_totals (0015) is kept from these rows by a row trigger, ≈ 26 µs a row
-- (14 days: this step 2.8 s without it, 6.4 s with it; two years: 424 s with it). The schema
-- owner switches it off for this load and adds the same sums set-based
-- (tests/infra/seed_history_recompute.sql checks they agree); anyone else goes through it.
DO $$
BEGIN
  IF pg_has_role(current_user, (SELECT relowner FROM pg_class
                                 WHERE oid = 'daily_product_totals'::regclass), 'USAGE') THEN
    ALTER TABLE daily_product_totals DISABLE TRIGGER daily_product_totals_rollup;
  END IF;
END $$;
INSERT INTO daily_product_totals (branch_id, day, register_id, product_id, qty, net, total, cost)
SELECT d.branch_id, d.day, d.register_id, l.product_id, sum(l.qty), sum(l.net), sum(l.total),
       sum(l.cost_price * l.qty)
  FROM hist_doc d JOIN hist_line l ON l.sale_id = d.id
 GROUP BY d.branch_id, d.day, d.register_id, l.product_id
 ORDER BY d.day, d.branch_id, d.register_id, l.product_id;
INSERT INTO daily_branch_product_totals AS t (branch_id, day, product_id, qty, net, total, cost)
SELECT d.branch_id, d.day, l.product_id, sum(l.qty), sum(l.net), sum(l.total),
       sum(l.cost_price * l.qty)
  FROM hist_doc d JOIN hist_line l ON l.sale_id = d.id
 WHERE EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'daily_product_totals_rollup'
                  AND tgrelid = 'daily_product_totals'::regclass AND tgenabled = 'D')
 GROUP BY d.branch_id, d.day, l.product_id
 ORDER BY d.day, d.branch_id, l.product_id
ON CONFLICT (branch_id, day, product_id) DO UPDATE
  SET qty = t.qty + EXCLUDED.qty, net = t.net + EXCLUDED.net,
      total = t.total + EXCLUDED.total, cost = t.cost + EXCLUDED.cost;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'daily_product_totals_rollup'
               AND tgrelid = 'daily_product_totals'::regclass AND tgenabled = 'D') THEN
    ALTER TABLE daily_product_totals ENABLE TRIGGER daily_product_totals_rollup;
  END IF;
END $$;
INSERT INTO daily_party_totals (branch_id, day, register_id, kind, party_id, sales_count, qty,
    net, total, cost, commission)
SELECT * FROM (
SELECT d.branch_id, d.day, d.register_id, x.kind, x.party_id, sum(x.sales_count), sum(x.qty),
       sum(x.net), sum(x.total), sum(x.cost), sum(x.commission)
  FROM hist_doc d JOIN hist_doc_lines l ON l.sale_id = d.id
  CROSS JOIN LATERAL (
    SELECT 'cashier' AS kind, d.cashier_id AS party_id, 1 AS sales_count, l.qty, d.net,
           d.total, d.cost, 0::bigint AS commission WHERE d.cashier_id IS NOT NULL
    UNION ALL
    SELECT 'salesman', d.salesman_id, 1, l.qty, d.net, d.total, d.cost, d.commission
     WHERE d.salesman_id IS NOT NULL
    UNION ALL
    SELECT 'customer', d.customer_id, 1, l.qty, d.net, d.total, d.cost, 0
     WHERE d.customer_id IS NOT NULL) x
 GROUP BY d.branch_id, d.day, d.register_id, x.kind, x.party_id
UNION ALL
SELECT d.branch_id, d.day, d.register_id, 'category',
       coalesce(l.category_id, '00000000-0000-0000-0000-000000000000'::uuid),
       count(DISTINCT d.id), sum(l.qty), sum(l.net), sum(l.total), sum(l.cost_price * l.qty), 0
  FROM hist_doc d JOIN hist_line l ON l.sale_id = d.id
 GROUP BY d.branch_id, d.day, d.register_id,
          coalesce(l.category_id, '00000000-0000-0000-0000-000000000000'::uuid)) x
 ORDER BY 2, 1, 3, 4, 5;
)SQL";

}  // namespace

std::vector<SeedStep> history_steps(const HistoryOptions& o) {
  const auto fill = [&](const char* sql) {
    std::string out = replace_all(sql, ":days", std::to_string(o.days));
    out = replace_all(out, ":per_day", std::to_string(o.sales_per_day));
    out = replace_all(out, ":first_names", o.first_names);
    return replace_all(out, ":last_names", o.last_names);
  };
  return {{"history: tills, cashiers, shifts", fill(kPlaces)},
          {"history: products, customers", fill(kPicks)},
          {"history: generate sales", fill(kSaleHeads)},
          {"history: generate lines", fill(kLines)},
          {"history: insert sales, lines, tenders", fill(kInsertSales)},
          {"history: shifts, totals, Z reports", fill(kShifts)},
          {"history: daily totals", fill(kDaily)}};
}

}  // namespace regal::tools
