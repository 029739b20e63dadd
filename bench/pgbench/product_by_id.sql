-- pgbench ceiling of GET /api/v1/products/{id}: the statements the endpoint runs
-- (lib/src/data/pg/pg_catalog_store.cpp: select_one + attach_stock), one pgbench transaction per
-- request. bench_product_ids (n → id, made by bench/run from the seeded products) supplies a
-- random existing id inside the same statement, so each request stays one round trip per query.
\set n random(1, :ids)
SELECT to_jsonb(t)::text,
       (extract(epoch FROM t.created_at) * 1000)::bigint,
       (extract(epoch FROM t.updated_at) * 1000)::bigint,
       (extract(epoch FROM t.deleted_at) * 1000)::bigint
  FROM products t WHERE t.id = (SELECT id FROM bench_product_ids WHERE n = :n);
SELECT product_id::text, branch_id::text, qty, reorder_level FROM stock
 WHERE product_id = ANY(ARRAY[(SELECT id FROM bench_product_ids WHERE n = :n)])
 ORDER BY product_id, branch_id;
