-- 0013: finer statistics for the products' search text, so the planner can tell a common
-- trigram from a rare one. `GET /products?q=tun&limit=20` is `search_text LIKE '%tun%' ORDER BY
-- id LIMIT 20`: for a term in ≥ 1 % of the rows the primary-key walk meets 20 matches within a
-- few thousand rows (≈ 1 ms); for a rare one the trigram bitmap is the fast plan. With the
-- default 100 histogram entries the estimate moves in steps of 1 %, and a term that hit none of
-- them (lag, pas, roo, pal, soa at 1,000,000 products: 11,000 matches each) was taken for rare:
-- bitmap heap scan of all 11,000 matches and a sort, 236–324 ms. 1,000 entries estimate them
-- right (docs/PERFORMANCE.md); planning a search costs ~0.1 ms more.
ALTER TABLE products ALTER COLUMN search_text SET STATISTICS 1000;
ANALYZE products;
