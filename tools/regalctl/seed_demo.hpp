#pragma once
// regalctl seed-demo — a realistic demo catalog, generated inside PostgreSQL.
//
// Promises:
// - Creates `branches` demo branches (codes DEMO-…, each with its currency and time zone, two
//   registers and three salesmen), a two-level category tree, one vendor per brand, `products`
//   products and `customers` customers. Every product has a unique SKU (DEMO-0000001 …), a name
//   made of brand × variant × kind × size (some accented: "Crème", "Café", "Dvořák"), one or two
//   unique EAN-13 barcodes with a valid check digit, prices, cost, tax, and an opening stock row
//   per branch it is sold in (with an `opening` stock movement when the quantity is not zero).
// - Deterministic: the same N gives the same names, SKUs, barcodes, prices and quantities (ids
//   are random UUIDs).
// - All or nothing: one transaction. The change feed (`changes`) is filled by the schema's own
//   triggers, exactly as for rows written through the API.
// - Skips (returns false, changes nothing) when the database already holds a live DEMO- branch
//   or a live DEMO- SKU; two concurrent runs serialise on an advisory lock.
// - Afterwards VACUUM ANALYZE the seeded tables (needs the schema owner: REGAL_MIGRATE_URL;
//   with another role PostgreSQL skips it with a warning and autovacuum catches up later).
// Throws regal::Error (DEPENDENCY_UNAVAILABLE when PostgreSQL cannot be reached, SEED_FAILED
// with PostgreSQL's message when a statement fails, e.g. a barcode already used by a product
// that was not seeded).

#include <cstdint>
#include <ostream>
#include <string>

namespace regal::tools {

struct SeedDemoOptions {
  std::int64_t products = 1000;   // 1 … 100,000,000
  int branches = 3;               // 1 … 64
  std::int64_t customers = 1000;  // 0 … 10,000,000
};

// Seeds the database at `url` (postgresql:// URL or libpq key=value), writing one progress line
// per step to `progress`. Returns false when the demo data was there already.
bool seed_demo(const std::string& url, const SeedDemoOptions& options, std::ostream& progress);

}  // namespace regal::tools
