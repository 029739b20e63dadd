#!/usr/bin/env bash
# regalctl seed-demo against the test stack's PostgreSQL, in two throw-away databases (never the
# suites' own "regal" database): database A seeded as the schema owner (the bulk path that drops
# and re-creates indexes and foreign keys), database B as the application role (the plain path).
# Checks counts, unique SKUs, valid EAN-13 barcodes mirrored in product_barcodes, opening stock
# with its movements, the change feed rows the triggers wrote, accented names, that every index
# and constraint is back exactly as migrated, that a second run changes nothing, and that both
# databases got the same catalog (the generator is deterministic).
# Needs the environment of ./scripts/test (REGAL_MIGRATE_URL, REGAL_TEST_REGALCTL, REGAL_SRC_DIR).
set -euo pipefail

: "${REGAL_MIGRATE_URL:?run through ./scripts/test}" "${REGAL_TEST_REGALCTL:?run through ./scripts/test}"
psql_bin=${REGAL_PG_BIN:-/usr/lib/postgresql/15/bin}/psql
migrations=${REGAL_MIGRATIONS_DIR:-${REGAL_SRC_DIR:?}/migrations}
suffix=$$
db_a=regal_seed_a_$suffix
db_b=regal_seed_b_$suffix
url_of() { printf '%s/%s\n' "${REGAL_MIGRATE_URL%/*}" "$1"; }
app_url_of() { printf '%s/%s\n' "${DATABASE_URL%/*}" "$1"; }
sql() {
  local url=$1
  shift
  "$psql_bin" -X -q -At -v ON_ERROR_STOP=1 "$url" "$@"
}
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
expect() { # expect WHAT EXPECTED ACTUAL
  if [[ $2 != "$3" ]]; then fail "$1: expected '$2', got '$3'"; else echo "ok: $1 ($3)"; fi
}

cleanup() {
  local db
  for db in "$db_a" "$db_b"; do
    sql "$REGAL_MIGRATE_URL" -c "DROP DATABASE IF EXISTS $db" 2>/dev/null || true
  done
}
trap cleanup EXIT

schema_snapshot() {
  sql "$1" -c "SELECT indexrelid::regclass || ' ' || pg_get_indexdef(indexrelid) FROM pg_index
                WHERE indrelid::regclass::text IN ('products','product_barcodes','stock','stock_movements')
               UNION ALL
               SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
                 FROM pg_constraint WHERE conrelid::regclass::text IN
                      ('products','product_barcodes','stock','stock_movements')
               ORDER BY 1"
}

# Everything the generator decides, without the random ids.
catalog_digest() {
  sql "$1" -c "SELECT md5(string_agg(p.sku || '|' || p.name || '|' || p.unit_price || '|' ||
                 p.cost_price || '|' || p.tax_rate || '|' || array_to_string(p.barcodes, ',') || '|' ||
                 c.name || '|' || v.name || '|' || (SELECT string_agg(s.qty::text, ',' ORDER BY b.code)
                   FROM stock s JOIN branches b ON b.id = s.branch_id WHERE s.product_id = p.id),
                 E'\n' ORDER BY p.sku))
               FROM products p JOIN categories c ON c.id = p.category_id
               JOIN vendors v ON v.id = p.vendor_id"
}

for db in "$db_a" "$db_b"; do
  sql "$REGAL_MIGRATE_URL" -c "CREATE DATABASE $db OWNER regal_owner"
  REGAL_MIGRATE_URL=$(url_of "$db") REGAL_MIGRATIONS_DIR=$migrations "$REGAL_TEST_REGALCTL" migrate >/dev/null
done
url=$(url_of "$db_a")
before=$(schema_snapshot "$url")

REGAL_MIGRATE_URL=$url "$REGAL_TEST_REGALCTL" seed-demo --products 500 --branches 2 --customers 50
# The application role: no REGAL_MIGRATE_URL, so DATABASE_URL is used.
env -u REGAL_MIGRATE_URL DATABASE_URL="$(app_url_of "$db_b")" "$REGAL_TEST_REGALCTL" seed-demo \
  --products 500 --branches 2 --customers 50

after=$(schema_snapshot "$url")
if [[ $before != "$after" ]]; then
  fail "indexes and constraints differ after seeding: $(diff <(echo "$before") <(echo "$after") || true)"
else
  echo "ok: indexes and constraints restored ($(wc -l <<<"$after") definitions)"
fi
expect "products" 500 "$(sql "$url" -c "SELECT count(*) FROM products")"
expect "unique skus" 500 "$(sql "$url" -c "SELECT count(DISTINCT sku) FROM products")"
expect "branches with currency and time zone" 2 \
  "$(sql "$url" -c "SELECT count(*) FROM branches WHERE code LIKE 'DEMO-%' AND currency ~ '^[A-Z]{3}$' AND timezone LIKE '%/%'")"
expect "customers" 50 "$(sql "$url" -c "SELECT count(*) FROM customers")"
expect "1 or 2 barcodes each" 0 \
  "$(sql "$url" -c "SELECT count(*) FROM products WHERE cardinality(barcodes) NOT IN (1, 2)")"
expect "barcodes mirrored in product_barcodes" 0 "$(sql "$url" -c "
  (SELECT unnest(barcodes), id FROM products EXCEPT SELECT code, product_id FROM product_barcodes)
  UNION ALL
  (SELECT code, product_id FROM product_barcodes EXCEPT SELECT unnest(barcodes), id FROM products)" | wc -l)"
expect "valid EAN-13 check digits" 0 "$(sql "$url" -c "
  SELECT count(*) FROM product_barcodes, LATERAL (SELECT sum(substr(code, i, 1)::int *
         CASE WHEN i % 2 = 0 THEN 3 ELSE 1 END) AS s FROM generate_series(1, 12) i) w
   WHERE code !~ '^[0-9]{13}$' OR (10 - w.s % 10) % 10 <> substr(code, 13, 1)::int")"
expect "stock row per product and branch it is sold in" 0 "$(sql "$url" -c "
  SELECT count(*) FROM products p CROSS JOIN branches b
   WHERE (p.branch_ids IS NULL OR b.id = ANY(p.branch_ids))
     AND NOT EXISTS (SELECT 1 FROM stock s WHERE s.product_id = p.id AND s.branch_id = b.id)")"
expect "opening movements match stock" "t" "$(sql "$url" -c "
  SELECT (SELECT count(*) FROM stock WHERE qty <> 0) = (SELECT count(*) FROM stock_movements WHERE kind = 'opening')
     AND (SELECT sum(qty) FROM stock) = (SELECT sum(delta) FROM stock_movements WHERE kind = 'opening')")"
expect "change feed rows for products and stock" "t" "$(sql "$url" -c "
  SELECT (SELECT count(*) FROM changes WHERE entity = 'product') = 500
     AND (SELECT count(*) FROM changes WHERE entity = 'stock') = (SELECT count(*) FROM stock)")"
expect "UUIDv7-shaped product ids" 0 \
  "$(sql "$url" -c "SELECT count(*) FROM products WHERE substr(id::text, 15, 1) <> '7'")"
accented=$(sql "$url" -c "SELECT count(*) FROM products WHERE name ~ '[éèâçäöüčřšžý]'")
if ((accented == 0)); then fail "no accented product names"; else echo "ok: accented names ($accented)"; fi
expect "names found by accent-free search" "t" "$(sql "$url" -c "
  SELECT count(*) > 0 FROM products WHERE regal_fold(name || ' ' || sku) LIKE '%creme%'")"

counts=$(sql "$url" -c "SELECT (SELECT count(*) FROM products) || '/' || (SELECT count(*) FROM changes)")
out=$(REGAL_MIGRATE_URL=$url "$REGAL_TEST_REGALCTL" seed-demo --products 500)
[[ $out == *"already there"* ]] || fail "a second run did not say it skipped: $out"
expect "a second run changes nothing" "$counts" \
  "$(sql "$url" -c "SELECT (SELECT count(*) FROM products) || '/' || (SELECT count(*) FROM changes)")"

expect "owner and application role seed the same catalog" "$(catalog_digest "$url")" \
  "$(catalog_digest "$(url_of "$db_b")")"

if ((failures > 0)); then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "seed-demo: all checks passed"
