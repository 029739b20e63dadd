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
// - --history (history_days > 0): for every demo branch's TILL- registers, one shift a day over
//   the last `history_days` local days (opened 07:00, closed 21:00 with a Z report, by one demo
//   cashier per till), about `history_sales_per_day` completed sales a day over all of them
//   (1–5 lines of sellable demo products, figures as lib/pos/sale_calculator computes them, one
//   cash or card tender, some with a customer or a salesman's commission), numbered per till as
//   the API numbers them; the running totals regal_apply_sale keeps (shift_* and daily_* rows),
//   built set-based from those documents; the tills' series continue after the seeded numbers.
//   Stock and its movements are not touched (the opening stock stands for the count after the
//   history) and no audit rows are written. Refuses (SEED_FAILED) without the demo catalog or
//   when the tills already have shifts or sales.
// - --tickets (tickets > 0): five demo departments of three teams, eight staff each (AGENT or
//   TEAM_LEAD), one end user per 20 tickets, and `tickets` tickets over the last year with the
//   history rows and messages the desk writes for their status, assignee and first response.
// - Each part (catalog, history, tickets) is its own transaction and is skipped, saying so, when
//   it is there already; the catalog and history parts serialise on one advisory lock, tickets
//   on another, so a tickets seed may run beside a catalog seed.
// Throws regal::Error (DEPENDENCY_UNAVAILABLE when PostgreSQL cannot be reached, SEED_FAILED
// with PostgreSQL's message when a statement fails, e.g. a barcode already used by a product
// that was not seeded).

#include <cstdint>
#include <ostream>
#include <string>

namespace regal::tools {

struct SeedDemoOptions {
  std::int64_t products = 1000;   // 1 … 100,000,000; 0: no catalog
  int branches = 3;               // 1 … 64
  std::int64_t customers = 1000;  // 0 … 10,000,000
  int history_days = 0;           // 0 … 3660
  std::int64_t history_sales_per_day = 2740;  // ≈ 2,000,000 sales over 730 days
  std::int64_t tickets = 0;       // 0 … 10,000,000
};

// Seeds the database at `url` (postgresql:// URL or libpq key=value), writing one progress line
// per step to `progress`. Returns false when every part asked for was there already.
bool seed_demo(const std::string& url, const SeedDemoOptions& options, std::ostream& progress);

}  // namespace regal::tools
