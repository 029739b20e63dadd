#pragma once
// The catalog store port. Adapter: PostgreSQL (lib/src/data/pg/pg_catalog_store.cpp); a desktop
// till can implement it over SQLite. Each method is one transaction; the AuditEntry passed with a
// change is written in that same transaction.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "regal/auth/user.hpp"
#include "regal/pos/catalog.hpp"
#include "regal/ports/stock_ports.hpp"

namespace regal::ports {

// The Idempotency-Key a create claims in its own transaction (key "" = none). Stored in the
// same table as the sales' and stock documents' keys; scope is "<user id>:<entity>.create".
struct IdempotencyClaim {
  std::string scope;
  std::string key;
  std::string request_hash;
};

// Receives the rows of an export page by page; a throw stops the export.
using RecordSink = std::function<void(const std::vector<pos::Record>&)>;

class CatalogStore {
 public:
  virtual ~CatalogStore() = default;

  virtual std::optional<pos::Record> find(pos::Entity entity, const std::string& id) = 0;
  virtual std::vector<pos::Record> list(pos::Entity entity, const pos::ListQuery& query) = 0;
  virtual std::optional<pos::Record> find_by_barcode(const std::string& code) = 0;

  // The ids of `ids` that name no live row of `entity`.
  virtual std::vector<std::string> missing(pos::Entity entity,
                                           const std::vector<std::string>& ids) = 0;
  // True when the IANA time zone name is known to the database (it converts branch-local times).
  virtual bool known_timezone(const std::string& name) = 0;
  // True when making `parent_id` the parent of category `id` would close a cycle.
  virtual bool category_cycle(const std::string& id, const std::string& parent_id) = 0;

  // The create an earlier request with this Idempotency-Key made, if any.
  virtual std::optional<StoredReplay> replay(const std::string& scope, const std::string& key) = 0;

  // Claims `claim` (first, so a concurrent twin waits on the key), then inserts `record` (id
  // set, only the given fields; the rest take their defaults) and, for a product, its barcodes
  // and opening stock. nullopt when the key was taken by a twin that committed first (nothing is
  // written; the caller replays the twin's record). Throws 409 DUPLICATE_SKU /
  // DUPLICATE_BARCODE / DUPLICATE_CODE / ALREADY_EXISTS naming the other row.
  virtual std::optional<pos::Record> insert(const pos::Record& record, const std::string& actor_id,
                                            const auth::AuditEntry& audit,
                                            const IdempotencyClaim& claim) = 0;
  // Applies `changes` when the stored version is `expected_version`; nullopt when it is not
  // (or the row does not exist). Same 409s as insert.
  virtual std::optional<pos::Record> update(pos::Entity entity, const std::string& id,
                                            int expected_version, const pos::Fields& changes,
                                            const auth::AuditEntry& audit) = 0;
  // Soft delete (idempotent). Throws 409 IN_USE when documents or live rows still need it.
  virtual pos::Record remove(pos::Entity entity, const std::string& id,
                             const auth::AuditEntry& audit) = 0;

  // Balance movements of a customer or vendor, oldest first, after `after_id`.
  virtual std::vector<pos::LedgerEntry> ledger(pos::Entity party, const std::string& id,
                                               std::int64_t after_id, int limit) = 0;

  // Changes committed after `position` ("" = from the start), in a stable order that no late
  // commit can slip behind; `types` empty = every type.
  virtual pos::ChangePage changes(const std::string& position,
                                  const std::vector<std::string>& types, int limit) = 0;

  // Upserts products by sku in one transaction (all or nothing). Rows are pre-validated; a
  // duplicate barcode throws 400 IMPORT_FAILED naming the row's line.
  virtual pos::ImportResult import_products(const std::vector<pos::ImportRow>& rows,
                                            const auth::AuditEntry& audit) = 0;
  // Every live product matching `filter` (its search, equals and branch filters; limit, cursor
  // and include_deleted are ignored), in sku order, handed to `sink` a page at a time as the
  // pages are read — never the whole catalog in memory — from one read-only snapshot.
  virtual void export_products(const pos::ListQuery& filter, const RecordSink& sink) = 0;
};

}  // namespace regal::ports
