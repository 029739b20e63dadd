-- bench/sql/fill_shift.sql — puts :sales completed sales (3 lines each, one exact cash tender)
-- into the open shift :'shift_id' of a register without sales, for bench/run's shift close:
--   psql -v shift_id=<uuid> -v sales=10000 -v first=11 -v k=10000 -f bench/sql/fill_shift.sql
-- Faster than 10,000 requests, but the shift's running totals come from the same function the
-- API's sale transaction calls: regal_apply_sale(id, 1) once per sale, in number order. The
-- rows are shaped like the API's (lines copy product, price, tax and category from
-- bench_sale_products n = :first … :first + :k − 1; figures are consistent: total = Σ lines =
-- paid). Left out, because shift close never reads them: stock and its movements, audit rows.
-- The register's sale series continues after the filled numbers. Run as the schema owner.
--
-- The rows go in in one transaction; then each sale's totals are applied and committed on
-- their own, as the API's sale transactions do. (Applied in one transaction, each update of the
-- same totals rows gets slower with the row versions the transaction left behind — measured at
-- load ≈ 15: 2 ms a sale over 1,000 sales, 14 ms over 10,000; 2¼–3 minutes for one shift
-- instead of 15–25 s.) Commits are asynchronous: a bench fill needs no durability.
\set ON_ERROR_STOP on
CREATE TEMP TABLE fill_sales AS
  SELECT g AS seq, gen_random_uuid() AS id FROM generate_series(1, :sales) g;
BEGIN;
CREATE TEMP TABLE fill_lines ON COMMIT DROP AS
  SELECT f.id AS sale_id, f.seq, k AS line_no, p.*
    FROM fill_sales f CROSS JOIN generate_series(1, 3) k
    JOIN bench_sale_products p ON p.n = :first + ((f.seq * 3 + k) * 7919) % :k;
INSERT INTO sales (id, request_hash, number, seq, branch_id, register_id, shift_id, cashier_id,
                   subtotal, discount_total, tax_total, total, paid, change)
  SELECT l.sale_id, 'bench-fill', r.code || '-' || lpad(l.seq::text, 6, '0'), l.seq, sh.branch_id,
         sh.register_id, sh.id, sh.cashier_id, sum(l.gross), 0, sum(l.tax), sum(l.total),
         sum(l.total), 0
    FROM fill_lines l
    JOIN shifts sh ON sh.id = :'shift_id' AND sh.status = 'open'
    JOIN registers r ON r.id = sh.register_id
   GROUP BY l.sale_id, l.seq, r.code, sh.branch_id, sh.register_id, sh.id, sh.cashier_id;
INSERT INTO sale_lines (id, sale_id, line_no, product_id, sku, description, qty, unit_price,
                        list_price, discount_bp, tax_rate, tax_inclusive, gross, line_discount,
                        order_discount, net, tax, total, unit_cost, category_id)
  SELECT gen_random_uuid(), sale_id, line_no, id, sku, name, 1, unit_price, unit_price, 0,
         tax_rate, tax_inclusive, gross, 0, 0, net, tax, total, cost_price, category_id
    FROM fill_lines;
INSERT INTO sale_payments (sale_id, idx, method, amount)
  SELECT sale_id, 0, 'cash', sum(total) FROM fill_lines GROUP BY sale_id;
INSERT INTO document_series (register_id, kind, next_number)
  SELECT register_id, 'sale', :sales + 1 FROM shifts WHERE id = :'shift_id'
  ON CONFLICT (register_id, kind) DO UPDATE SET next_number = EXCLUDED.next_number;
COMMIT;
-- Statistics of the filled tables for the plans regal_apply_sale makes in this session.
ANALYZE sales, sale_lines, sale_payments;
SET synchronous_commit = off;
DO $$
DECLARE
  sale record;
BEGIN
  FOR sale IN SELECT id FROM fill_sales ORDER BY seq LOOP
    PERFORM regal_apply_sale(sale.id, 1);
    COMMIT;
  END LOOP;
END $$;
