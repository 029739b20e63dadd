-- tests/infra/seed_history_recompute.sql — in a throw-away database seeded by
-- `regalctl seed-demo --history`: keeps the seeded running totals, recomputes them the way the
-- application does (regal_apply_sale(id, 1) for every sale in time order, as the sale
-- transaction calls it, and each Z report's cash over/short added to daily_register_totals as
-- the shift close adds it), then prints one line per totals table: "<table> <rows differing>",
-- the rows of EXCEPT ALL in both directions (0 when the seed equals the app's own figures).
\set ON_ERROR_STOP on
SET client_min_messages = warning;
CREATE TEMP TABLE seeded_shift_totals AS SELECT * FROM shift_totals;
CREATE TEMP TABLE seeded_shift_tender_totals AS SELECT * FROM shift_tender_totals;
CREATE TEMP TABLE seeded_shift_tax_totals AS SELECT * FROM shift_tax_totals;
CREATE TEMP TABLE seeded_daily_register_totals AS SELECT * FROM daily_register_totals;
CREATE TEMP TABLE seeded_daily_tender_totals AS SELECT * FROM daily_tender_totals;
CREATE TEMP TABLE seeded_daily_tax_totals AS SELECT * FROM daily_tax_totals;
CREATE TEMP TABLE seeded_daily_hour_totals AS SELECT * FROM daily_hour_totals;
CREATE TEMP TABLE seeded_daily_product_totals AS SELECT * FROM daily_product_totals;
CREATE TEMP TABLE seeded_daily_branch_product_totals AS SELECT * FROM daily_branch_product_totals;
CREATE TEMP TABLE seeded_daily_party_totals AS SELECT * FROM daily_party_totals;
BEGIN;
DELETE FROM shift_tender_totals;
DELETE FROM shift_tax_totals;
DELETE FROM shift_totals;
INSERT INTO shift_totals (shift_id) SELECT id FROM shifts;
TRUNCATE daily_register_totals, daily_tender_totals, daily_tax_totals, daily_hour_totals,
         daily_product_totals, daily_party_totals;
SELECT count(regal_apply_sale(id, 1)) FROM (SELECT id FROM sales ORDER BY created_at, id) s \g /dev/null
INSERT INTO daily_register_totals AS t (branch_id, day, register_id, cash_variance)
SELECT z.branch_id, (z.created_at AT TIME ZONE b.timezone)::date, z.register_id,
       coalesce((SELECT sum((x->>'variance')::bigint) FROM jsonb_array_elements(z.body->'tenders') x
                  WHERE x->>'method' = 'cash' AND jsonb_typeof(x->'variance') = 'number'), 0)
  FROM z_reports z JOIN branches b ON b.id = z.branch_id
ON CONFLICT (branch_id, day, register_id) DO UPDATE
  SET cash_variance = t.cash_variance + EXCLUDED.cash_variance;
COMMIT;
SELECT 'shift_totals ' || count(*) FROM ((TABLE shift_totals EXCEPT ALL TABLE seeded_shift_totals)
  UNION ALL (TABLE seeded_shift_totals EXCEPT ALL TABLE shift_totals)) d;
SELECT 'shift_tender_totals ' || count(*) FROM ((TABLE shift_tender_totals EXCEPT ALL
  TABLE seeded_shift_tender_totals) UNION ALL (TABLE seeded_shift_tender_totals EXCEPT ALL
  TABLE shift_tender_totals)) d;
SELECT 'shift_tax_totals ' || count(*) FROM ((TABLE shift_tax_totals EXCEPT ALL
  TABLE seeded_shift_tax_totals) UNION ALL (TABLE seeded_shift_tax_totals EXCEPT ALL
  TABLE shift_tax_totals)) d;
SELECT 'daily_register_totals ' || count(*) FROM ((TABLE daily_register_totals EXCEPT ALL
  TABLE seeded_daily_register_totals) UNION ALL (TABLE seeded_daily_register_totals EXCEPT ALL
  TABLE daily_register_totals)) d;
SELECT 'daily_tender_totals ' || count(*) FROM ((TABLE daily_tender_totals EXCEPT ALL
  TABLE seeded_daily_tender_totals) UNION ALL (TABLE seeded_daily_tender_totals EXCEPT ALL
  TABLE daily_tender_totals)) d;
SELECT 'daily_tax_totals ' || count(*) FROM ((TABLE daily_tax_totals EXCEPT ALL
  TABLE seeded_daily_tax_totals) UNION ALL (TABLE seeded_daily_tax_totals EXCEPT ALL
  TABLE daily_tax_totals)) d;
SELECT 'daily_hour_totals ' || count(*) FROM ((TABLE daily_hour_totals EXCEPT ALL
  TABLE seeded_daily_hour_totals) UNION ALL (TABLE seeded_daily_hour_totals EXCEPT ALL
  TABLE daily_hour_totals)) d;
SELECT 'daily_product_totals ' || count(*) FROM ((TABLE daily_product_totals EXCEPT ALL
  TABLE seeded_daily_product_totals) UNION ALL (TABLE seeded_daily_product_totals EXCEPT ALL
  TABLE daily_product_totals)) d;
SELECT 'daily_branch_product_totals ' || count(*) FROM ((TABLE daily_branch_product_totals
  EXCEPT ALL TABLE seeded_daily_branch_product_totals) UNION ALL
  (TABLE seeded_daily_branch_product_totals EXCEPT ALL TABLE daily_branch_product_totals)) d;
SELECT 'daily_party_totals ' || count(*) FROM ((TABLE daily_party_totals EXCEPT ALL
  TABLE seeded_daily_party_totals) UNION ALL (TABLE seeded_daily_party_totals EXCEPT ALL
  TABLE daily_party_totals)) d;
