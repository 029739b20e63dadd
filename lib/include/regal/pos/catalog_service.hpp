#pragma once
// CatalogService — the rules of the catalog on top of a CatalogStore: field validation against
// the entity specs, references to live rows, category cycles, opening stock, the import of
// products by sku, and audit entries. Route permissions are checked before it is called (the
// responder's route table); it answers with regal::Error for every client mistake.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "regal/auth/user.hpp"
#include "regal/pos/catalog.hpp"
#include "regal/pos/stock_service.hpp"

namespace regal {
class Clock;
}
namespace regal::ports {
class CatalogStore;
}

namespace regal::pos {

class CatalogService {
 public:
  CatalogService(ports::CatalogStore& store, const Clock& clock);

  // 404 NOT_FOUND for an unknown or malformed id (deleted rows are returned, marked).
  Record get(Entity entity, const std::string& id);
  std::vector<Record> list(Entity entity, const ListQuery& query);
  Record by_barcode(const std::string& code);

  // `id` may be given by the client (an offline till); otherwise a UUIDv7 is made. `opening`
  // (products only) becomes opening stock movements. With an Idempotency-Key (per caller and
  // entity) a retry of the same request answers the record it created (replayed = true, the
  // record as it is now), the same key with another request is 422 IDEMPOTENCY_KEY_REUSED and
  // concurrent twins create one row; 400 INVALID_IDEMPOTENCY_KEY for an unusable key.
  Stored<Record> create(const auth::Actor& actor, Entity entity, const Fields& fields,
                        const std::optional<std::string>& id,
                        const std::vector<StockLevel>& opening,
                        const std::string& idempotency_key);
  // The same without an Idempotency-Key.
  Record create(const auth::Actor& actor, Entity entity, const Fields& fields,
                const std::optional<std::string>& id, const std::vector<StockLevel>& opening);
  // 412 VERSION_MISMATCH when `expected_version` is stale.
  Record update(const auth::Actor& actor, Entity entity, const std::string& id,
                int expected_version, const Fields& changes);
  Record remove(const auth::Actor& actor, Entity entity, const std::string& id);

  // `party` is kCustomer or kVendor; 404 when the party is unknown.
  std::vector<LedgerEntry> ledger(Entity party, const std::string& id, std::int64_t after_id,
                                  int limit);
  ChangePage changes(const std::string& position, const std::vector<std::string>& types, int limit);

  // Validates every row first (400 IMPORT_FAILED with lines[N].field errors, nothing applied),
  // then upserts all of them in one transaction. `parse_errors` are problems the caller found
  // while reading the file (a cell that is no number): reported together with the rest.
  ImportResult import_products(const auth::Actor& actor, const std::vector<ImportRow>& rows,
                               std::vector<FieldError> parse_errors = {});
  // Every live product matching `filter` (as the list filters it), in sku order, handed to
  // `sink` a page at a time as it is read, all from one snapshot. A throwing sink stops it.
  void export_products(const ListQuery& filter,
                       const std::function<void(const std::vector<Record>&)>& sink);

 private:
  void check_references(Entity entity, const Fields& fields, std::vector<FieldError>& errors,
                        const std::string& prefix = "");
  void check_timezone(Entity entity, const Fields& fields, std::vector<FieldError>& errors);
  void check_opening(const std::vector<StockLevel>& opening, std::vector<FieldError>& errors);
  auth::AuditEntry audit(const auth::Actor& actor, std::string action, Entity entity,
                         const std::string& id) const;

  ports::CatalogStore& store_;
  const Clock& clock_;
};

}  // namespace regal::pos
