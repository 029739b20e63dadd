#!/usr/bin/env bash
# regalctl seed-demo against the test stack's PostgreSQL, in two throw-away databases (never the
# suites' own "regal" database): database A seeded as the schema owner (the bulk path that drops
# and re-creates indexes and foreign keys), database B as the application role (the plain path).
# Checks counts, unique SKUs, valid EAN-13 barcodes mirrored in product_barcodes, opening stock
# with its movements, the change feed rows the triggers wrote, accented names, that every index
# and constraint is back exactly as migrated, that a second run changes nothing, and that both
# databases got the same catalog (the generator is deterministic).
# Then --history and --tickets on a small size in database A: the rows exist, sales are valid
# documents (unique gap-free numbers per till, totals = Σ lines = tenders − change, shifts closed
# with a Z report), the seeded running totals equal what the application's own functions compute
# from the same documents (seed_history_recompute.sql), stock = Σ movements still, tickets carry
# their creation history, and a second run changes nothing.
# Needs the environment of ./scripts/test (REGAL_MIGRATE_URL, REGAL_TEST_REGALCTL, REGAL_SRC_DIR).
set -euo pipefail

: "${REGAL_MIGRATE_URL:?run through ./scripts/test}" "${REGAL_TEST_REGALCTL:?run through ./scripts/test}"
psql_bin=${REGAL_PG_BIN:-/usr/lib/postgresql/15/bin}/psql
migrations=${REGAL_MIGRATIONS_DIR:-${REGAL_SRC_DIR:?}/migrations}
suffix=$$
db_a=regal_seed_a_$suffix
db_b=regal_seed_b_$suffix
db_c=regal_seed_c_$suffix
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
  for db in "$db_a" "$db_b" "$db_c"; do
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

# ----------------------------------------------------------------------- history and tickets
# History before the catalog is refused.
sql "$REGAL_MIGRATE_URL" -c "CREATE DATABASE $db_c OWNER regal_owner"
REGAL_MIGRATE_URL=$(url_of "$db_c") REGAL_MIGRATIONS_DIR=$migrations "$REGAL_TEST_REGALCTL" migrate >/dev/null
if out=$(REGAL_MIGRATE_URL=$(url_of "$db_c") "$REGAL_TEST_REGALCTL" seed-demo --history 3 2>&1); then
  fail "history without a catalog was not refused: $out"
else
  [[ $out == *"no demo branches"* ]] || fail "history without a catalog: unexpected answer: $out"
  expect "history without a catalog writes nothing" 0 \
    "$(sql "$(url_of "$db_c")" -c "SELECT (SELECT count(*) FROM sales) + (SELECT count(*) FROM users)")"
fi
out=$(REGAL_MIGRATE_URL=$url "$REGAL_TEST_REGALCTL" seed-demo --history 4 \
  --history-sales-per-day 120 --tickets 400)
echo "$out"
expect "history sales" t "$(sql "$url" -c "SELECT count(*) BETWEEN 240 AND 960 FROM sales
  WHERE request_hash = 'seed-demo-history'")"
expect "one closed shift with a Z report per till and day" "16/16/16" "$(sql "$url" -c "
  SELECT count(*) || '/' || count(*) FILTER (WHERE s.status = 'closed') || '/' || count(z.id)
    FROM shifts s LEFT JOIN z_reports z ON z.shift_id = s.id")"
expect "numbers unique and gap-free per till, series continue after them" 0 "$(sql "$url" -c "
  SELECT count(*) FROM (SELECT register_id, count(*) AS n, count(DISTINCT number) AS u,
         min(seq) AS lo, max(seq) AS hi FROM sales GROUP BY register_id) x
    LEFT JOIN document_series d ON d.register_id = x.register_id AND d.kind = 'sale'
   WHERE x.n <> x.u OR x.lo <> 1 OR x.hi <> x.n OR d.next_number IS DISTINCT FROM x.hi + 1")"
expect "sale totals = Σ lines, paid − change = total = Σ tenders" 0 "$(sql "$url" -c "
  SELECT count(*) FROM sales s,
         LATERAL (SELECT sum(gross) AS g, sum(line_discount + order_discount) AS d,
                         sum(tax) AS t, sum(total) AS tot,
                         bool_and(total = net + tax AND gross = qty * unit_price) AS ok
                    FROM sale_lines WHERE sale_id = s.id) l,
         LATERAL (SELECT sum(amount) AS paid FROM sale_payments WHERE sale_id = s.id) p
   WHERE l.g IS DISTINCT FROM s.subtotal OR l.d IS DISTINCT FROM s.discount_total
      OR l.t IS DISTINCT FROM s.tax_total OR l.tot IS DISTINCT FROM s.total
      OR p.paid IS DISTINCT FROM s.paid OR s.paid - s.change <> s.total OR NOT l.ok
      OR s.created_at NOT BETWEEN (SELECT opened_at FROM shifts WHERE id = s.shift_id)
                              AND (SELECT closed_at FROM shifts WHERE id = s.shift_id)")"
recompute=$(sql "$url" -f "$(dirname "${BASH_SOURCE[0]}")/seed_history_recompute.sql")
echo "$recompute" | sed 's/^/  recomputed: /'
expect "seeded totals = the application's recomputation (rows differing)" 0 \
  "$(awk '{ s += $2 } END { print s + 0 }' <<<"$recompute")"
expect "every totals table compared" 10 "$(wc -l <<<"$recompute")"
expect "the branch product totals trigger is on again after the owner's bulk load" O \
  "$(sql "$url" -c "SELECT tgenabled FROM pg_trigger WHERE tgname = 'daily_product_totals_rollup'")"
expect "totals rows exist" t "$(sql "$url" -c "SELECT (SELECT count(*) FROM daily_register_totals) = 16
  AND (SELECT count(*) FROM daily_party_totals WHERE kind = 'category') > 0
  AND (SELECT sum(sales_count) FROM daily_register_totals) = (SELECT count(*) FROM sales)")"
expect "stock = Σ movements still" 0 "$(sql "$url" -c "
  SELECT count(*) FROM stock s WHERE s.qty <> coalesce((SELECT sum(delta) FROM stock_movements m
   WHERE m.product_id = s.product_id AND m.branch_id = s.branch_id), 0)")"
expect "tickets with a creation history row" "400/400" "$(sql "$url" -c "
  SELECT count(*) || '/' || count(*) FILTER (WHERE EXISTS (SELECT 1 FROM ticket_history h
   WHERE h.ticket_id = t.id AND h.field = 'status' AND h.from_value IS NULL
     AND h.to_value = 'OPEN' AND h.at = t.created_at)) FROM tickets t")"
expect "final tickets have their times, staff replies set first_response_at" 0 "$(sql "$url" -c "
  SELECT count(*) FROM tickets WHERE (status = 'CLOSED' AND (closed_at IS NULL OR resolved_at IS NULL))
      OR (status = 'OPEN' AND first_response_at IS NOT NULL)
      OR (first_response_at IS DISTINCT FROM (SELECT min(m.created_at) FROM ticket_messages m
          JOIN staff s ON s.user_id = m.author_id WHERE m.ticket_id = tickets.id
           AND m.visibility = 'public'))")"
expect "status history ends at the ticket's status" 0 "$(sql "$url" -c "
  SELECT count(*) FROM tickets t WHERE t.status <> (SELECT to_value FROM ticket_history h
   WHERE h.ticket_id = t.id AND h.field = 'status' ORDER BY h.at DESC, h.id DESC LIMIT 1)")"
expect "agents placed in departments and teams" t "$(sql "$url" -c "
  SELECT count(*) = 40 AND bool_and(EXISTS (SELECT 1 FROM staff_teams x WHERE x.user_id = s.user_id))
    FROM staff s")"
counts=$(sql "$url" -c "SELECT (SELECT count(*) FROM sales) || '/' || (SELECT count(*) FROM tickets)")
out=$(REGAL_MIGRATE_URL=$url "$REGAL_TEST_REGALCTL" seed-demo --history 4 --tickets 400)
[[ $(grep -c "already there" <<<"$out") == 2 ]] || fail "a second history/tickets run did not skip: $out"
expect "a second history/tickets run changes nothing" "$counts" \
  "$(sql "$url" -c "SELECT (SELECT count(*) FROM sales) || '/' || (SELECT count(*) FROM tickets)")"

if ((failures > 0)); then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "seed-demo: all checks passed"
