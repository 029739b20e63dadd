#pragma once
// The POS catalog and parties: branches, registers, categories, products, customers, vendors and
// salesmen (docs/CATALOG.md).
//
// The seven entities share one shape — id, version, timestamps, soft delete and a set of typed
// fields — so each is described once by an EntitySpec (catalog_schema.cpp): its fields with type,
// limits and references. That one table drives validation here, the SQL of the PostgreSQL adapter
// and the JSON of the responder, so a field is added in one place and cannot be validated in one
// layer and forgotten in another.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "regal/core/error.hpp"

namespace regal::pos {

enum class Entity { kBranch, kRegister, kCategory, kProduct, kCustomer, kVendor, kSalesman };

inline constexpr Entity kAllEntities[] = {Entity::kBranch,  Entity::kRegister, Entity::kCategory,
                                          Entity::kProduct, Entity::kCustomer, Entity::kVendor,
                                          Entity::kSalesman};

enum class FieldType {
  kText,         // one line of text
  kMultiline,    // text that may hold tab and line breaks
  kMoney,        // int64 minor units, ≥ 0
  kBasisPoints,  // integer 0–10000
  kInteger,      // integer within [min, max]
  kBool,
  kRef,         // id (UUID) of a live row of `ref`
  kRefList,     // array of such ids
  kTextList,    // array of short strings (barcodes)
  kJsonObject,  // any JSON object
  kChoice,      // one of `choices` ("block|allow")
  kCurrency,    // ISO 4217 code: three capitals
  kTimezone,    // IANA zone name
};

struct FieldSpec {
  std::string_view name;    // API and domain name
  std::string_view column;  // database column
  FieldType type;
  bool required = false;          // must be given on create
  bool nullable = false;          // null is a valid value (refs, limited_qty, branch_ids)
  bool read_only = false;         // output only (balance): refused in input
  std::int64_t max = 200;         // max characters for text, max value for integers
  std::int64_t min = 0;           // min value for integers
  Entity ref = Entity::kBranch;   // kRef / kRefList: what the id names
  std::string_view choices = {};  // kChoice: "a|b|c"
};

struct EntitySpec {
  Entity entity;
  std::string_view name;        // "product" (change-feed type, audit entity type)
  std::string_view collection;  // "products" (URL segment)
  std::string_view table;       // "products"
  std::string_view search_sql;  // folded SQL text ?q= matches, on alias t ("t.search_text")
  std::vector<FieldSpec> fields;
  std::vector<std::string_view> filters;  // field names usable as ?name=value list filters

  const FieldSpec* field(std::string_view field_name) const;
};

const EntitySpec& spec(Entity entity);
std::optional<Entity> entity_by_name(std::string_view name);  // "product" → kProduct

// A field value. Json holds the text of a JSON object.
struct Json {
  std::string text;
  bool operator==(const Json&) const = default;
};
using Value =
    std::variant<std::monostate, std::int64_t, bool, std::string, std::vector<std::string>, Json>;
using Fields = std::map<std::string, Value, std::less<>>;

struct StockLevel {
  std::string branch_id;
  std::int64_t qty = 0;
  std::int64_t reorder_level = 0;
};

struct Record {
  Entity entity = Entity::kBranch;
  std::string id;
  int version = 0;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::optional<std::int64_t> deleted_at_ms;
  Fields fields;                  // every field of the spec (defaults filled in by the database)
  std::vector<StockLevel> stock;  // products only
};

// Checks `fields` against the spec: types, ranges, lengths, characters, choices, read-only and
// unknown names; on create also required fields and defaults. Appends one FieldError per problem
// (field names prefixed by `prefix`, e.g. "lines[3]."). References are checked by the service.
enum class WriteMode { kCreate, kUpdate };
void validate_fields(const EntitySpec& spec, const Fields& fields, WriteMode mode,
                     std::vector<FieldError>& errors, const std::string& prefix = "");

struct ListQuery {
  int limit = 50;
  std::string after_id;  // keyset: rows with a larger id
  bool include_deleted = false;
  std::string search;                                 // ?q=, folded substring
  std::vector<std::pair<std::string, Value>> equals;  // filter field → value (monostate = null)
  std::string stock_branch_id;  // products: only this branch's stock (and low_stock's branch)
  bool low_stock = false;       // products: qty ≤ reorder_level in stock_branch_id
};

struct LedgerEntry {
  std::int64_t id = 0;
  std::int64_t delta = 0;
  std::int64_t balance_after = 0;
  std::string kind;
  std::string ref_type;
  std::string ref_id;
  std::int64_t at_ms = 0;
};

struct Change {
  std::string type;               // "product", …, "stock"
  std::string id;                 // the row's id (the product's for "stock")
  std::string op;                 // "upsert" | "delete"
  std::optional<Record> record;   // the row as it is now (entity types)
  std::vector<StockLevel> stock;  // "stock": the product's levels in every branch
};

struct ChangePage {
  std::vector<Change> changes;
  std::string next_position;  // resume after this ("" = from the start)
  bool has_more = false;
};

struct ImportRow {
  int line = 0;  // CSV line (header = 1) or 1-based array index, for error messages
  Fields fields;
};

struct ImportResult {
  std::int64_t created = 0;
  std::int64_t updated = 0;
};

}  // namespace regal::pos
