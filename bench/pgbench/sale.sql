-- pgbench ceiling of POST /api/v1/sales with 3 lines and one cash tender: the statements the
-- endpoint runs against PostgreSQL, one pgbench transaction per sale (the session check of
-- authentication aside, as in product_by_id.sql):
--   SaleService::build      PgSalesStore::place and ::products (reads, before the transaction)
--   PgSalesStore::record    the open shift FOR SHARE (pg_shift_lock.cpp), the register's number
--                           (pg_documents.cpp: ensure + UPDATE … RETURNING), the sale, its 3 lines
--                           and 1 payment, per product in id order a conditional stock UPDATE and
--                           its stock_movements row (the stock trigger adds a `changes` row),
--                           regal_apply_sale (shift and daily running totals), the audit row, and
--                           the read-back of the stored sale (select_sale: head, lines, tenders).
-- No Idempotency-Key (the wrk scenarios send none either: no idempotency row on either side).
--
-- Defined by bench/run (-D): regs (bench_sale_registers rows, each an open shift of its own
-- register), first and k (the product range of bench_sale_products: hot or random). Client c
-- sells on register c % regs + 1, so no two clients wait on one register's number. Literal
-- values stand in for the figures the application computes; the line rows copy the product's
-- sku, name, price, tax and category from bench_sale_products so that regal_apply_sale
-- aggregates over as many tax rates and categories as the API's sales do.
\set r :client_id % :regs + 1
-- Three distinct products of the range, in id order (the store locks stock rows in id order;
-- bench_sale_products is numbered in id order).
\set x random(0, :k - 1)
\set y random(0, :k - 2)
\set z random(0, :k - 3)
\set y :y + CASE WHEN :y >= :x THEN 1 ELSE 0 END
\set z :z + CASE WHEN :z >= least(:x, :y) THEN 1 ELSE 0 END
\set z :z + CASE WHEN :z >= greatest(:x, :y) THEN 1 ELSE 0 END
\set lo :first + least(:x, :y, :z)
\set hi :first + greatest(:x, :y, :z)
\set mid :first + :x + :y + :z - least(:x, :y, :z) - greatest(:x, :y, :z)

SELECT b.code, b.negative_stock = 'allow', reg.code IS NOT NULL, coalesce(reg.code, ''),
       EXISTS (SELECT 1 FROM customers c WHERE c.id = NULLIF(''::text, '')::uuid AND c.deleted_at IS NULL),
       EXISTS (SELECT 1 FROM salesmen m WHERE m.id = NULLIF(''::text, '')::uuid AND m.deleted_at IS NULL AND m.is_active),
       coalesce((SELECT m.commission_rate FROM salesmen m WHERE m.id = NULLIF(''::text, '')::uuid), 0)
  FROM branches b LEFT JOIN registers reg
    ON reg.id = (SELECT register_id FROM bench_sale_registers WHERE n = :r)
   AND reg.branch_id = b.id AND reg.deleted_at IS NULL AND reg.is_active
 WHERE b.deleted_at IS NULL AND b.id = (SELECT branch_id FROM bench_sale_registers WHERE n = :r);
SELECT id::text, sku, name, unit_price, cost_price, tax_rate, tax_inclusive, limited_qty,
       is_active, coalesce(category_id::text, ''),
       (branch_ids IS NULL OR (SELECT branch_id FROM bench_sale_registers WHERE n = :r) = ANY(branch_ids))
  FROM products
 WHERE id = ANY(ARRAY[(SELECT id FROM bench_sale_products WHERE n = :lo),
                      (SELECT id FROM bench_sale_products WHERE n = :mid),
                      (SELECT id FROM bench_sale_products WHERE n = :hi)])
   AND deleted_at IS NULL;

BEGIN;
SELECT id::text AS shift_id, branch_id::text AS branch_id, register_id::text AS register_id,
       cashier_id::text AS cashier_id
  FROM shifts
 WHERE status = 'open' AND id = (SELECT shift_id FROM bench_sale_registers WHERE n = :r)
   FOR SHARE \gset
INSERT INTO document_series (register_id, kind) VALUES (:register_id::uuid, 'sale')
  ON CONFLICT DO NOTHING;
UPDATE document_series SET next_number = next_number + 1
 WHERE register_id = :register_id::uuid AND kind = 'sale'
RETURNING next_number - 1 AS seq \gset
INSERT INTO sales (id, client_id, request_hash, number, seq, branch_id, register_id, shift_id,
                   cashier_id, customer_id, salesman_id, discount_percent_bp, discount_amount,
                   subtotal, discount_total, tax_total, total, paid, change, commission_rate,
                   commission)
VALUES (gen_random_uuid(), NULL, '4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945',
        'PGBENCH-' || lpad((:seq)::bigint::text, 6, '0'), :seq::bigint, :branch_id::uuid,
        :register_id::uuid, :shift_id::uuid, :cashier_id::uuid, NULL, NULL, NULL, NULL,
        3000, 0, 520, 3520, 4000, 480, 0, 0)
ON CONFLICT (client_id) DO NOTHING RETURNING id::text AS sale_id \gset
INSERT INTO sale_lines (id, sale_id, line_no, product_id, sku, description, qty, unit_price,
                        list_price, discount_bp, tax_rate, tax_inclusive, gross, line_discount,
                        order_discount, net, tax, total, unit_cost, category_id)
SELECT gen_random_uuid(), :sale_id::uuid, 1, id, sku, name, 1, unit_price, unit_price, 0, tax_rate,
       tax_inclusive, gross, 0, 0, net, tax, total, cost_price, category_id
  FROM bench_sale_products WHERE n = :lo;
INSERT INTO sale_lines (id, sale_id, line_no, product_id, sku, description, qty, unit_price,
                        list_price, discount_bp, tax_rate, tax_inclusive, gross, line_discount,
                        order_discount, net, tax, total, unit_cost, category_id)
SELECT gen_random_uuid(), :sale_id::uuid, 2, id, sku, name, 1, unit_price, unit_price, 0, tax_rate,
       tax_inclusive, gross, 0, 0, net, tax, total, cost_price, category_id
  FROM bench_sale_products WHERE n = :mid;
INSERT INTO sale_lines (id, sale_id, line_no, product_id, sku, description, qty, unit_price,
                        list_price, discount_bp, tax_rate, tax_inclusive, gross, line_discount,
                        order_discount, net, tax, total, unit_cost, category_id)
SELECT gen_random_uuid(), :sale_id::uuid, 3, id, sku, name, 1, unit_price, unit_price, 0, tax_rate,
       tax_inclusive, gross, 0, 0, net, tax, total, cost_price, category_id
  FROM bench_sale_products WHERE n = :hi;
INSERT INTO sale_payments (sale_id, idx, method, amount) VALUES (:sale_id::uuid, 0, 'cash', 4000);
UPDATE stock SET qty = qty - 1, updated_at = now()
 WHERE product_id = (SELECT id FROM bench_sale_products WHERE n = :lo)
   AND branch_id = :branch_id::uuid AND qty >= 1
RETURNING qty AS left1 \gset
INSERT INTO stock_movements (product_id, branch_id, delta, qty_after, kind, ref_type, ref_id, actor_id)
VALUES ((SELECT id FROM bench_sale_products WHERE n = :lo), :branch_id::uuid, -1, :left1::bigint,
        'sale', 'sale', :sale_id, :cashier_id::uuid);
UPDATE stock SET qty = qty - 1, updated_at = now()
 WHERE product_id = (SELECT id FROM bench_sale_products WHERE n = :mid)
   AND branch_id = :branch_id::uuid AND qty >= 1
RETURNING qty AS left2 \gset
INSERT INTO stock_movements (product_id, branch_id, delta, qty_after, kind, ref_type, ref_id, actor_id)
VALUES ((SELECT id FROM bench_sale_products WHERE n = :mid), :branch_id::uuid, -1, :left2::bigint,
        'sale', 'sale', :sale_id, :cashier_id::uuid);
UPDATE stock SET qty = qty - 1, updated_at = now()
 WHERE product_id = (SELECT id FROM bench_sale_products WHERE n = :hi)
   AND branch_id = :branch_id::uuid AND qty >= 1
RETURNING qty AS left3 \gset
INSERT INTO stock_movements (product_id, branch_id, delta, qty_after, kind, ref_type, ref_id, actor_id)
VALUES ((SELECT id FROM bench_sale_products WHERE n = :hi), :branch_id::uuid, -1, :left3::bigint,
        'sale', 'sale', :sale_id, :cashier_id::uuid);
SELECT regal_apply_sale(:sale_id::uuid, 1);
INSERT INTO audit_log (actor_id, action, entity_type, entity_id, before, after, request_id, client_ip)
VALUES (NULLIF(:cashier_id, '')::uuid, 'sale.create', 'sale', NULLIF(:sale_id, ''),
        NULLIF('', '')::jsonb, NULLIF('{"number":"PGBENCH-000001","total":3520}', '')::jsonb,
        NULLIF('pgbench-request-id-0123456789abcdef', ''), NULLIF('127.0.0.1', ''));
SELECT s.id::text, coalesce(s.client_id::text, ''), s.request_hash, s.number, s.seq,
       s.branch_id::text, s.register_id::text, coalesce(s.shift_id::text, ''),
       coalesce(s.cashier_id::text, ''), coalesce(s.customer_id::text, ''),
       coalesce(s.salesman_id::text, ''), s.status, s.discount_percent_bp, s.discount_amount,
       s.subtotal, s.discount_total, s.tax_total, s.total, s.paid, s.change, s.reprint_count,
       (extract(epoch FROM s.created_at) * 1000)::bigint, s.version, s.commission_rate,
       s.commission, s.refunded_total, coalesce((extract(epoch FROM s.voided_at) * 1000)::bigint, 0),
       coalesce(s.voided_by::text, ''), s.void_reason
  FROM sales s WHERE s.id = :sale_id::uuid;
SELECT sale_id::text, id::text, line_no, coalesce(product_id::text, ''), sku, description, qty,
       unit_price, list_price, discount_bp, tax_rate, tax_inclusive, gross, line_discount,
       order_discount, net, tax, total, refunded_qty, unit_cost, coalesce(category_id::text, '')
  FROM sale_lines WHERE sale_id = ANY(ARRAY[:sale_id::uuid]) ORDER BY sale_id, line_no;
SELECT sale_id::text, method, amount FROM sale_payments
 WHERE sale_id = ANY(ARRAY[:sale_id::uuid]) ORDER BY sale_id, idx;
END;
