-- 0014: a bigint sum for the reports. PostgreSQL's sum(bigint) accumulates in numeric, and
-- the daily report's top-products statement sums eight bigint columns over a day's product
-- rows (one per register and product, ≈ 3,300 at the bench's 2,740 sales a day): 8.8 ms, of
-- which ≈ 6 ms is numeric arithmetic in the HashAggregate; with this aggregate 4.2 ms
-- (EXPLAIN ANALYZE, docs/PERFORMANCE.md). int8pl is the bigint + operator: it raises
-- "bigint out of range" on overflow instead of wrapping, so a total can never be silently
-- wrong; like sum() it is NULL over no rows. Every figure summed is in minor units or counts.
CREATE AGGREGATE regal_sum(bigint) (
  SFUNC = int8pl,
  STYPE = bigint,
  COMBINEFUNC = int8pl,
  PARALLEL = SAFE
);
