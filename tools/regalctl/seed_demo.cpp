#include "seed_demo.hpp"

#include <libpq-fe.h>

#include <chrono>
#include <iomanip>
#include <memory>
#include <sstream>
#include <vector>

#include "regal/core/error.hpp"
#include "regal/data/pg/conninfo.hpp"
#include "seed_demo_words.hpp"
#include "seed_history.hpp"

namespace regal::tools {
namespace {

using seed_words::departments;
using seed_words::kBranches;
using seed_words::kFirstNames;
using seed_words::kLastNames;
using seed_words::kSizes;
using seed_words::kVariants;

// ------------------------------------------------------------------------------ SQL helpers

std::string quote(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string text_array(const std::vector<const char*>& words) {
  std::string out = "ARRAY[";
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += ',';
    out += quote(words[i]);
  }
  out += "]::text[]";
  return out;
}

struct ConnCloser {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct ResultCloser {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Conn = std::unique_ptr<PGconn, ConnCloser>;
using Result = std::unique_ptr<PGresult, ResultCloser>;

class Session {
 public:
  explicit Session(const std::string& url)
      : conn_(PQconnectdb(pg::conninfo_from_url(url, 5).c_str())) {
    if (!conn_ || PQstatus(conn_.get()) != CONNECTION_OK) {
      const std::string why = conn_ ? PQerrorMessage(conn_.get()) : "out of memory";
      throw Error(ErrorKind::kUnavailable, "DEPENDENCY_UNAVAILABLE",
                  "Cannot connect to PostgreSQL: " + why);
    }
  }
  Result exec(const std::string& sql) {
    Result r(PQexec(conn_.get(), sql.c_str()));
    const auto st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      throw Error(ErrorKind::kConflict, "SEED_FAILED", PQerrorMessage(conn_.get()));
    }
    return r;
  }
  // Every row's columns, as text.
  std::vector<std::vector<std::string>> rows(const std::string& sql) {
    const Result r = exec(sql);
    std::vector<std::vector<std::string>> out(static_cast<std::size_t>(PQntuples(r.get())));
    for (int i = 0; i < PQntuples(r.get()); ++i) {
      for (int j = 0; j < PQnfields(r.get()); ++j) {
        out[static_cast<std::size_t>(i)].emplace_back(PQgetvalue(r.get(), i, j));
      }
    }
    return out;
  }
  std::string scalar(const std::string& sql) {
    const Result r = exec(sql);
    return PQntuples(r.get()) > 0 ? PQgetvalue(r.get(), 0, 0) : "";
  }

 private:
  Conn conn_;
};

// Runs one step and prints "  <what> … 1.23 s".
class Steps {
 public:
  Steps(Session& db, std::ostream& out) : db_(db), out_(out) {}
  void run(const std::string& what, const std::string& sql) {
    const auto start = std::chrono::steady_clock::now();
    out_ << "  " << std::left << std::setw(34) << what << std::flush;
    db_.exec(sql);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    out_ << std::fixed << std::setprecision(2) << took.count() << " s\n" << std::flush;
  }

 private:
  Session& db_;
  std::ostream& out_;
};

// --------------------------------------------------------------------------- the steps' SQL

// pg_temp helpers. rnd(g, salt, n): a deterministic pseudo-random integer in [0, n).
// ean13(body): 12 digits plus the EAN-13 check digit (weights 1,3,1,3… from the left).
// hev(n, d): n / d rounded half-even, n >= 0, d > 0 (lib/pos/sale_calculator's rounding).
constexpr const char* kHelpers = R"SQL(
CREATE OR REPLACE FUNCTION pg_temp.hev(n bigint, d bigint) RETURNS bigint
  LANGUAGE sql IMMUTABLE AS $$ SELECT n / d + CASE WHEN 2 * (n % d) > d
    OR (2 * (n % d) = d AND (n / d) % 2 = 1) THEN 1 ELSE 0 END $$;
CREATE OR REPLACE FUNCTION pg_temp.rnd(g bigint, salt bigint, n bigint) RETURNS bigint
  LANGUAGE sql IMMUTABLE AS $$ SELECT (hashint8extended(g, salt) & 9223372036854775807) % n $$;
CREATE OR REPLACE FUNCTION pg_temp.ean13(b bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT lpad(b::text, 12, '0') || ((10 - (
      (b / 100000000000) % 10 + 3 * ((b / 10000000000) % 10) + (b / 1000000000) % 10
    + 3 * ((b / 100000000) % 10) + (b / 10000000) % 10 + 3 * ((b / 1000000) % 10)
    + (b / 100000) % 10 + 3 * ((b / 10000) % 10) + (b / 1000) % 10
    + 3 * ((b / 100) % 10) + (b / 10) % 10 + 3 * (b % 10)) % 10) % 10)::text $$;
)SQL";

std::string branches_sql(int count) {
  std::ostringstream values;
  for (int i = 0; i < count; ++i) {
    const auto& b = kBranches[static_cast<std::size_t>(i) % kBranches.size()];
    const int round = i / static_cast<int>(kBranches.size());
    const std::string number = round == 0 ? std::string() : std::to_string(round + 1);
    std::string code = "DEMO-";
    code.append(b.code).append(number);
    std::string name = b.name;
    if (!number.empty()) name.append(" ").append(number);
    values << (i ? ",\n" : "") << "(" << i << "," << quote(code) << "," << quote(name) << ","
           << quote(b.address) << "," << quote(b.phone) << "," << quote(b.currency) << ","
           << b.digits << "," << quote(b.timezone) << "," << quote(i % 4 == 3 ? "allow" : "block")
           << ")";
  }
  return "CREATE TEMP TABLE seed_branch ON COMMIT DROP AS SELECT gen_random_uuid() AS id, v.* FROM "
         "(VALUES " +
         values.str() +
         ") AS v(n, code, name, address, phone, currency, digits, timezone, negative_stock);\n"
         "INSERT INTO branches (id, code, name, address, phone, currency, currency_digits, "
         "timezone, negative_stock, receipt_header, receipt_footer) "
         "SELECT id, code, name, address, phone, currency, digits, timezone, negative_stock, "
         "'Regal Demo Market' || chr(10) || name, 'Děkujeme – thank you!' || chr(10) || "
         "'Returns within 14 days with this receipt.' FROM seed_branch ORDER BY n;\n"
         "INSERT INTO registers (id, branch_id, code, name) SELECT gen_random_uuid(), b.id, "
         "'TILL-' || r, 'Till ' || r FROM seed_branch b, generate_series(1, 2) r;\n"
         "INSERT INTO salesmen (id, name, phone, branch_id, commission_rate) "
         "SELECT gen_random_uuid(), f[1 + pg_temp.rnd(b.n * 10 + s, 11, cardinality(f))] || ' ' || "
         "l[1 + pg_temp.rnd(b.n * 10 + s, 12, cardinality(l))], b.phone, b.id, 100 * s "
         "FROM seed_branch b, generate_series(1, 3) s, (SELECT " +
         text_array(kFirstNames) + " AS f, " + text_array(kLastNames) + " AS l) w;\n";
}

std::string catalog_sql() {
  std::ostringstream cats;
  std::ostringstream brands;
  std::ostringstream kinds;
  int d = 0;
  int k = 0;
  static const char* kSuffix[] = {" s.r.o.", " GmbH", " Ltd", " S.A."};
  for (const auto& dep : departments()) {
    cats << (d ? "," : "") << "(" << quote(dep.name) << ",NULL," << d << ")";
    for (const auto* leaf : dep.leaves)
      cats << ",(" << quote(leaf) << "," << quote(dep.name) << "," << d << ")";
    for (int j = 0; j < 4; ++j) {
      brands << (d || j ? "," : "") << "(" << d << "," << j << ","
             << quote(dep.brands[static_cast<std::size_t>(j)]) << ","
             << quote(std::string(dep.brands[static_cast<std::size_t>(j)]) + kSuffix[(d + j) % 4])
             << ")";
    }
    for (const auto& kind : dep.kinds) {
      kinds << (k ? "," : "") << "(" << k << "," << quote(kind.name) << "," << quote(kind.leaf)
            << "," << d << "," << kind.size_group << "," << kind.base_price << "," << kind.tax_rate
            << ")";
      ++k;
    }
    ++d;
  }
  std::ostringstream sizes;
  std::vector<int> index_in_group(3, 0);
  for (std::size_t i = 0; i < kSizes.size(); ++i) {
    const auto& s = kSizes[i];
    sizes << (i ? "," : "") << "(" << s.group << ","
          << index_in_group[static_cast<std::size_t>(s.group)]++ << "," << quote(s.label) << ","
          << s.factor << ")";
  }
  std::ostringstream variants;
  for (std::size_t i = 0; i < kVariants.size(); ++i)
    variants << (i ? "," : "") << "(" << i << "," << quote(kVariants[i]) << ")";
  return "CREATE TEMP TABLE seed_category ON COMMIT DROP AS SELECT gen_random_uuid() AS id, v.* "
         "FROM (VALUES " +
         cats.str() +
         ") AS v(name, parent_name, dept);\n"
         "INSERT INTO categories (id, name, parent_id) SELECT c.id, c.name, p.id FROM "
         "seed_category c "
         "LEFT JOIN seed_category p ON p.name = c.parent_name ORDER BY c.parent_name NULLS FIRST;\n"
         "CREATE TEMP TABLE seed_brand ON COMMIT DROP AS SELECT gen_random_uuid() AS vendor_id, "
         "v.* "
         "FROM (VALUES " +
         brands.str() +
         ") AS v(dept, j, name, vendor_name);\n"
         "INSERT INTO vendors (id, name, phone, email, address, payment_terms) "
         "SELECT vendor_id, vendor_name, '+420 800 ' || lpad((dept * 4 + j)::text, 3, '0') || ' "
         "000', "
         "'orders@' || regexp_replace(regal_fold(name), '[^a-z0-9]+', '', 'g') || '.example', "
         "'Industriestraße ' || (dept * 4 + j + 1), (ARRAY['Net 14','Net 30','Net 60'])[1 + j % 3] "
         "FROM seed_brand ORDER BY dept, j;\n"
         "CREATE TEMP TABLE seed_kind ON COMMIT DROP AS SELECT v.*, c.id AS category_id, "
         "(SELECT count(*) FROM (VALUES " +
         sizes.str() +
         ") s(g) WHERE s.g = v.grp) AS nsizes "
         "FROM (VALUES " +
         kinds.str() +
         ") AS v(k, name, leaf, dept, grp, base, tax) "
         "JOIN seed_category c ON c.name = v.leaf AND c.parent_name IS NOT NULL;\n"
         "CREATE TEMP TABLE seed_size ON COMMIT DROP AS SELECT * FROM (VALUES " +
         sizes.str() +
         ") AS v(grp, j, label, factor);\n"
         "CREATE TEMP TABLE seed_variant ON COMMIT DROP AS SELECT * FROM (VALUES " +
         variants.str() + ") AS v(j, word);\n";
}

// One row per product, every column computed from g alone (plus the word lists). Ids are
// UUIDv7-shaped (the API's kind): a millisecond timestamp of now − N + g, then random bits.
std::string products_sql(std::int64_t n) {
  const std::string count = std::to_string(n);
  return R"SQL(
CREATE TEMP TABLE seed_product ON COMMIT DROP AS
SELECT x.g,
       (lpad(to_hex(x.base_ms + x.g), 12, '0') || '7' || substr(x.r, 14, 19))::uuid AS id,
       'DEMO-' || lpad(x.g::text, 7, '0') AS sku,
       concat_ws(' ', b.name, NULLIF(v.word, ''), k.name, s.label) AS name,
       b.name || ' ' || k.name || ', ' || s.label || '. ' ||
         (ARRAY['Store in a cool, dry place.', 'Keep refrigerated after opening.',
                'Best before: see the pack.', 'Made in small batches.'])[1 + pg_temp.rnd(x.g, 6, 4)]
         AS description,
       greatest(k.base * s.factor / 100 * (80 + pg_temp.rnd(x.g, 7, 50)) / 100 / 10 * 10 + 9, 19)
         AS unit_price,
       k.tax AS tax_rate, pg_temp.rnd(x.g, 8, 20) <> 0 AS tax_inclusive,
       b.vendor_id, k.category_id,
       jsonb_build_object('size', s.label, 'brand', b.name,
         'origin', (ARRAY['CZ','DE','AT','IT','FR','ES','PL','JP'])[1 + pg_temp.rnd(x.g, 9, 8)])
         AS attributes,
       859000000000 + (x.g * 387420489) % 1000000000 AS barcode1,
       CASE WHEN pg_temp.rnd(x.g, 10, 3) = 0 THEN 400000000000 + (x.g * 1162261467) % 1000000000 END
         AS barcode2,
       (ARRAY[0, 0, 0, 0, 0, 0, 0, 0, 500, 1000])[1 + pg_temp.rnd(x.g, 11, 10)] AS discount,
       CASE WHEN pg_temp.rnd(x.g, 12, 33) = 0 THEN 0 END AS only_branch,
       CASE WHEN pg_temp.rnd(x.g, 13, 50) = 0 THEN 6 END AS limited_qty,
       (ARRAY['2 for 1', 'Weekend −20 %', 'New', 'Local favourite'])[1 + pg_temp.rnd(x.g, 14, 100)]
         AS brand_action,
       pg_temp.rnd(x.g, 15, 100) <> 0 AS is_active,
       pg_temp.rnd(x.g, 16, 26) + 55 AS cost_percent
FROM (SELECT g, pg_temp.rnd(g, 1, (SELECT count(*) FROM seed_kind)) AS rk,
             pg_temp.rnd(g, 2, 4) AS rb, pg_temp.rnd(g, 3, 1000) AS rs,
             pg_temp.rnd(g, 4, (SELECT count(*) FROM seed_variant)) AS rv,
             replace(gen_random_uuid()::text, '-', '') AS r,
             (extract(epoch FROM now()) * 1000)::bigint - )SQL" +
         count + R"SQL( AS base_ms
        FROM generate_series(1::bigint, )SQL" +
         count + R"SQL() AS g) x
JOIN seed_kind k ON k.k = x.rk
JOIN seed_brand b ON b.dept = k.dept AND b.j = x.rb
JOIN seed_size s ON s.grp = k.grp AND s.j = x.rs % k.nsizes
JOIN seed_variant v ON v.j = x.rv;
)SQL";
}

constexpr const char* kInsertProducts = R"SQL(
INSERT INTO products (id, sku, name, description, unit_price, cost_price, tax_rate, tax_inclusive,
                      vendor_id, category_id, attributes, barcodes, discount, branch_ids,
                      limited_qty, brand_action, is_active)
SELECT p.id, p.sku, p.name, p.description, p.unit_price, p.unit_price * p.cost_percent / 100,
       p.tax_rate, p.tax_inclusive, p.vendor_id, p.category_id, p.attributes,
       CASE WHEN p.barcode2 IS NULL THEN ARRAY[pg_temp.ean13(p.barcode1)]
            ELSE ARRAY[pg_temp.ean13(p.barcode1), pg_temp.ean13(p.barcode2)] END,
       p.discount,
       CASE WHEN p.only_branch IS NOT NULL THEN ARRAY[(SELECT id FROM seed_branch WHERE n = 0)] END,
       p.limited_qty, coalesce(p.brand_action, ''), p.is_active
FROM seed_product p ORDER BY p.g;
)SQL";

constexpr const char* kInsertBarcodes = R"SQL(
INSERT INTO product_barcodes (code, product_id)
SELECT pg_temp.ean13(barcode1), id FROM seed_product
UNION ALL
SELECT pg_temp.ean13(barcode2), id FROM seed_product WHERE barcode2 IS NOT NULL;
)SQL";

// Opening stock: most rows 1…200 units, one in ten empty; reorder levels 5…24, so a few percent
// are "low". Products sold only in the first branch get a row there only.
constexpr const char* kStockRows = R"SQL(
CREATE TEMP TABLE seed_stock ON COMMIT DROP AS
SELECT p.id AS product_id, b.id AS branch_id,
       CASE WHEN pg_temp.rnd(p.g * 64 + b.n, 20, 10) = 0 THEN 0
            ELSE 1 + pg_temp.rnd(p.g * 64 + b.n, 21, 200) END AS qty,
       5 + pg_temp.rnd(p.g * 64 + b.n, 22, 20) AS reorder_level
FROM seed_product p JOIN seed_branch b ON p.only_branch IS NULL OR b.n = p.only_branch;
)SQL";

// In primary-key order: the index grows at its right edge instead of at random pages.
constexpr const char* kInsertStock = R"SQL(
INSERT INTO stock (product_id, branch_id, qty, reorder_level)
SELECT product_id, branch_id, qty, reorder_level FROM seed_stock ORDER BY product_id, branch_id;
)SQL";

constexpr const char* kInsertMovements = R"SQL(
INSERT INTO stock_movements (product_id, branch_id, delta, qty_after, kind, ref_type)
SELECT product_id, branch_id, qty, qty, 'opening', 'seed-demo' FROM seed_stock WHERE qty <> 0
ORDER BY product_id, branch_id;
)SQL";

std::string customers_sql(std::int64_t n) {
  return "INSERT INTO customers (id, name, phone, email, address, branch_id, credit_limit, notes) "
         "SELECT gen_random_uuid(), f || ' ' || l, "
         "'+420 ' || lpad(pg_temp.rnd(g, 31, 1000000000)::text, 9, '0'), "
         "regexp_replace(regal_fold(f), '[^a-z0-9]+', '', 'g') || '.' || "
         "regexp_replace(regal_fold(l), '[^a-z0-9]+', '', 'g') || '.' || g || '@example.com', "
         "'Demo Street ' || (1 + pg_temp.rnd(g, 32, 200)), "
         "(SELECT id FROM seed_branch WHERE n = pg_temp.rnd(g, 33, (SELECT count(*) FROM "
         "seed_branch))), "
         "CASE WHEN pg_temp.rnd(g, 34, 10) = 0 THEN 50000 ELSE 0 END, '' "
         "FROM (SELECT g, w.f[1 + pg_temp.rnd(g, 35, cardinality(w.f))] AS f, "
         "w.l[1 + pg_temp.rnd(g, 36, cardinality(w.l))] AS l "
         "FROM generate_series(1, " +
         std::to_string(n) + ") g, (SELECT " + text_array(kFirstNames) + " AS f, " +
         text_array(kLastNames) + " AS l) w) c ORDER BY g;\n";
}

constexpr const char* kAlreadySeeded =
    "SELECT EXISTS (SELECT 1 FROM branches WHERE code >= 'DEMO-' AND code < 'DEMO.' AND "
    "deleted_at IS NULL) OR EXISTS (SELECT 1 FROM products WHERE sku >= 'DEMO-' AND "
    "sku < 'DEMO.' AND deleted_at IS NULL)";

constexpr const char* kHistorySeeded =
    "SELECT EXISTS (SELECT 1 FROM users WHERE lower(username) = 'demo.cashier1') OR EXISTS "
    "(SELECT 1 FROM sales WHERE request_hash = 'seed-demo-history')";
// History needs the demo tills, and tills that have never sold nor opened a shift (the seeded
// numbers start at 1 and the daily rows are inserted, not added to).
constexpr const char* kHistoryBlocked =
    "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM registers r JOIN branches b ON b.id = r.branch_id "
    "WHERE b.code >= 'DEMO-' AND b.code < 'DEMO.' AND b.deleted_at IS NULL AND r.code LIKE "
    "'TILL-%') THEN 'there are no demo branches with TILL- registers (seed the catalog with "
    "--products first)' WHEN NOT EXISTS (SELECT 1 FROM products WHERE sku >= 'DEMO-' AND sku < "
    "'DEMO.' AND deleted_at IS NULL AND is_active AND unit_price > 0 AND branch_ids IS NULL) "
    "THEN 'there are no sellable demo products' WHEN EXISTS (SELECT 1 FROM shifts s JOIN "
    "registers r ON r.id = s.register_id JOIN branches b ON b.id = r.branch_id WHERE b.code >= "
    "'DEMO-' AND b.code < 'DEMO.' AND r.code LIKE 'TILL-%') OR EXISTS (SELECT 1 FROM sales s "
    "JOIN registers r ON r.id = s.register_id JOIN branches b ON b.id = r.branch_id WHERE "
    "b.code >= 'DEMO-' AND b.code < 'DEMO.' AND r.code LIKE 'TILL-%') THEN 'the demo tills "
    "already have shifts or sales' ELSE '' END";
constexpr const char* kTicketsSeeded =
    "SELECT EXISTS (SELECT 1 FROM departments WHERE lower(name) = 'demo it support') OR EXISTS "
    "(SELECT 1 FROM users WHERE lower(username) = 'demo.agent1')";

// Bulk loading the way pg_restore does it: when we own the big tables, their foreign keys and
// secondary indexes are dropped for the load and re-created afterwards in the same transaction,
// which re-validates every row set-based (a join, an index build) instead of one lookup and one
// index insertion per row. Definitions are read from the catalog, so whatever a later migration
// adds is restored exactly; primary keys (which others reference) stay. Row triggers (the change
// feed) stay enabled. Without ownership the rows go in with everything in place, only slower.
constexpr const char* kCatalogTables =
    "ARRAY['products', 'product_barcodes', 'stock', 'stock_movements']::regclass[]";
constexpr const char* kHistoryTables =
    "ARRAY['sales', 'sale_lines', 'sale_payments']::regclass[]";
constexpr const char* kTicketTables =
    "ARRAY['tickets', 'ticket_history', 'ticket_messages']::regclass[]";

std::string owns_bulk_tables_sql(const std::string& tables) {
  return std::string(
             "SELECT bool_and(pg_has_role(current_user, relowner, 'USAGE')) FROM pg_class "
             "WHERE oid = ANY(") +
         tables + ")";
}

// Rows of (drop statement, re-create statement): indexes first, then foreign keys.
std::string deferred_ddl_sql(const std::string& tables) {
  return std::string(
             "SELECT format('DROP INDEX %s', i.indexrelid::regclass), "
             "pg_get_indexdef(i.indexrelid), 0 AS phase FROM pg_index i WHERE i.indrelid = ANY(") +
         tables +
         ") AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
         "UNION ALL SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, "
         "conname), format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, "
         "pg_get_constraintdef(oid)), 1 FROM pg_constraint WHERE contype = 'f' AND conrelid = "
         "ANY(" +
         tables + ") ORDER BY 3, 1";
}

// One part of the seed in its own transaction: skipped (with a line saying so) when
// `seeded_sql` answers true; with `tables` loaded the bulk way when we own them.
class Part {
 public:
  Part(Session& db, std::ostream& out) : db_(db), out_(out), steps_(db, out) {}

  // Returns false when the part was there already (nothing changed).
  bool run(const std::string& what, int lock, const std::string& seeded_sql,
           const std::string& blocked_sql, const std::string& tables,
           const std::vector<SeedStep>& steps, const std::string& vacuum) {
    db_.exec("BEGIN");
    db_.exec(
        "SET LOCAL statement_timeout = 0; SET LOCAL work_mem = '256MB'; "
        "SET LOCAL maintenance_work_mem = '512MB'; SELECT pg_advisory_xact_lock(" +
        std::to_string(lock) + ")");
    if (db_.scalar(seeded_sql) == "t") {
      db_.exec("ROLLBACK");
      out_ << what << ": demo data is already there: nothing changed\n";
      return false;
    }
    if (!blocked_sql.empty()) {
      const std::string why = db_.scalar(blocked_sql);
      if (!why.empty()) {
        db_.exec("ROLLBACK");
        throw Error(ErrorKind::kConflict, "SEED_FAILED", what + ": " + why);
      }
    }
    out_ << "seeding " << what << "\n";
    std::string drops;
    std::string creates;
    const bool owner = db_.scalar(owns_bulk_tables_sql(tables)) == "t";
    if (owner) {
      for (const auto& row : db_.rows(deferred_ddl_sql(tables))) {
        drops += row[0] + ";\n";
        creates += row[1] + ";\n";
      }
    } else {
      out_ << "  (not the owner of the tables: loading with every index and foreign key in "
              "place, which is slower; use REGAL_MIGRATE_URL)\n";
    }
    if (!drops.empty()) steps_.run("drop secondary indexes and FKs", drops);
    steps_.run("helpers", kHelpers);
    for (const auto& step : steps) steps_.run(step.what, step.sql);
    if (!creates.empty()) steps_.run("rebuild indexes, re-check FKs", creates);
    steps_.run("commit", "COMMIT");
    // Fresh statistics, a clean GIN pending list and a visibility map for index-only scans (only
    // the owner may; otherwise autovacuum gets there later).
    if (owner) steps_.run("vacuum analyze", "VACUUM (ANALYZE) " + vacuum);
    return true;
  }

 private:
  Session& db_;
  std::ostream& out_;
  Steps steps_;
};

}  // namespace

bool seed_demo(const std::string& url, const SeedDemoOptions& options, std::ostream& progress) {
  const auto start = std::chrono::steady_clock::now();
  Session db(url);
  // Temp tables of a million rows: keep them in memory (must be set before their first use).
  db.exec("SET client_min_messages = warning; SET temp_buffers = '1GB'");
  Part part(db, progress);
  bool seeded = false;
  if (options.products > 0) {
    std::ostringstream what;
    what << "catalog (" << options.products << " products, " << options.branches
         << " branches, " << options.customers << " customers)";
    seeded |= part.run(
        what.str(), 7262002, kAlreadySeeded, "", kCatalogTables,
        {{"branches, registers, salesmen", branches_sql(options.branches)},
         {"categories, vendors, word lists", catalog_sql()},
         {"generate products", products_sql(options.products)},
         {"insert products", kInsertProducts},
         {"insert barcodes", kInsertBarcodes},
         {"opening stock (rows)", kStockRows},
         {"insert stock", kInsertStock},
         {"insert stock movements", kInsertMovements},
         {"customers", customers_sql(options.customers)}},
        "products, product_barcodes, stock, stock_movements, customers, vendors, categories, "
        "branches, changes");
  }
  if (options.history_days > 0) {
    std::ostringstream what;
    what << "history (" << options.history_days << " days, about "
         << options.history_sales_per_day << " sales a day)";
    seeded |= part.run(what.str(), 7262002, kHistorySeeded, kHistoryBlocked, kHistoryTables,
                       history_steps({.days = options.history_days,
                                      .sales_per_day = options.history_sales_per_day,
                                      .first_names = text_array(kFirstNames),
                                      .last_names = text_array(kLastNames)}),
                       "sales, sale_lines, sale_payments, shifts, shift_totals, "
                       "shift_tender_totals, shift_tax_totals, z_reports, document_series, "
                       "daily_register_totals, daily_tender_totals, daily_tax_totals, "
                       "daily_hour_totals, daily_product_totals, daily_branch_product_totals, "
                       "daily_party_totals, users");
  }
  if (options.tickets > 0) {
    std::ostringstream what;
    what << "help desk (" << options.tickets << " tickets)";
    seeded |= part.run(what.str(), 7262003, kTicketsSeeded, "", kTicketTables,
                       ticket_steps({.tickets = options.tickets,
                                     .first_names = text_array(kFirstNames),
                                     .last_names = text_array(kLastNames)}),
                       "tickets, ticket_history, ticket_messages, departments, teams, staff, "
                       "staff_teams, users");
  }
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  progress << (seeded ? "seeded in " : "nothing seeded, ") << std::fixed << std::setprecision(1)
           << took.count() << " s\n";
  return seeded;
}

}  // namespace regal::tools
