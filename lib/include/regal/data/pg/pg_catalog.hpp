#pragma once
// PostgreSQL adapter of the catalog port (regal/ports/catalog_ports.hpp), schema in
// migrations/0004_catalog.sql. Rows travel as JSON: writes go through jsonb_populate_record, so
// one statement shape serves every entity and every subset of fields with the column types,
// defaults and NULLs PostgreSQL itself applies; reads come back as to_jsonb(row).

#include "regal/ports/catalog_ports.hpp"

namespace regal::pg {

class Database;

class PgCatalogStore final : public ports::CatalogStore {
 public:
  explicit PgCatalogStore(Database& db) : db_(db) {}

  std::optional<pos::Record> find(pos::Entity entity, const std::string& id) override;
  std::vector<pos::Record> list(pos::Entity entity, const pos::ListQuery& query) override;
  std::optional<pos::Record> find_by_barcode(const std::string& code) override;
  std::vector<std::string> missing(pos::Entity entity,
                                   const std::vector<std::string>& ids) override;
  bool known_timezone(const std::string& name) override;
  bool category_cycle(const std::string& id, const std::string& parent_id) override;
  std::optional<ports::StoredReplay> replay(const std::string& scope,
                                            const std::string& key) override;
  std::optional<pos::Record> insert(const pos::Record& record, const std::string& actor_id,
                                    const auth::AuditEntry& audit,
                                    const ports::IdempotencyClaim& claim) override;
  std::optional<pos::Record> update(pos::Entity entity, const std::string& id, int expected_version,
                                    const pos::Fields& changes,
                                    const auth::AuditEntry& audit) override;
  pos::Record remove(pos::Entity entity, const std::string& id,
                     const auth::AuditEntry& audit) override;
  std::vector<pos::LedgerEntry> ledger(pos::Entity party, const std::string& id,
                                       std::int64_t after_id, int limit) override;
  pos::ChangePage changes(const std::string& position, const std::vector<std::string>& types,
                          int limit) override;
  pos::ImportResult import_products(const std::vector<pos::ImportRow>& rows,
                                    const auth::AuditEntry& audit) override;
  void export_products(const pos::ListQuery& filter, const ports::RecordSink& sink) override;

 private:
  Database& db_;
};

}  // namespace regal::pg
