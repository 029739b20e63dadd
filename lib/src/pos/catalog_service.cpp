#include "regal/pos/catalog_service.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <string_view>
#include <type_traits>
#include <variant>

#include "pos/idempotent_write.hpp"
#include "regal/auth/auth_service.hpp"
#include "regal/core/clock.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/ports/catalog_ports.hpp"

namespace regal::pos {
namespace {

constexpr std::size_t kMaxImportRows = 100'000;

Error not_found(Entity entity) {
  std::string what(spec(entity).name);
  what[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(what[0])));
  return Error::not_found(what);
}

Error version_mismatch() {
  return Error(ErrorKind::kPreconditionFailed, "VERSION_MISMATCH",
               "The record was changed by someone else; reload it.");
}

// Every id a set of fields refers to, grouped by the entity it names, with the field it is in.
using References = std::map<Entity, std::vector<std::pair<std::string, std::string>>>;

References references_of(const EntitySpec& s, const Fields& fields) {
  References refs;
  for (const auto& [name, value] : fields) {
    const FieldSpec* f = s.field(name);
    if (f == nullptr) continue;
    if (f->type == FieldType::kRef) {
      if (const auto* id = std::get_if<std::string>(&value); id != nullptr && is_uuid(*id)) {
        refs[f->ref].emplace_back(name, *id);
      }
    } else if (f->type == FieldType::kRefList) {
      if (const auto* ids = std::get_if<std::vector<std::string>>(&value)) {
        for (std::size_t i = 0; i < ids->size(); ++i) {
          if (is_uuid((*ids)[i])) {
            refs[f->ref].emplace_back(name + "[" + std::to_string(i) + "]", (*ids)[i]);
          }
        }
      }
    }
  }
  return refs;
}

// Length-prefixed pieces, so no two different requests encode alike.
void put(std::string& out, std::string_view text) {
  out += std::to_string(text.size());
  out += ':';
  out += text;
}

// What identifies a create request for its Idempotency-Key: the entity, the client's id (when it
// sent one), every field as parsed and the opening stock.
std::string create_request_hash(Entity entity, const Fields& fields,
                                const std::optional<std::string>& id,
                                const std::vector<StockLevel>& opening) {
  std::string c = "create|";
  put(c, spec(entity).name);
  c += id ? "I" : "-";
  if (id) put(c, *id);
  for (const auto& [name, value] : fields) {
    put(c, name);
    std::visit(
        [&c](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::monostate>) {
            c += 'n';
          } else if constexpr (std::is_same_v<T, std::int64_t>) {
            c += 'i';
            put(c, std::to_string(v));
          } else if constexpr (std::is_same_v<T, bool>) {
            c += v ? "b1" : "b0";
          } else if constexpr (std::is_same_v<T, std::string>) {
            c += 's';
            put(c, v);
          } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
            c += 'l';
            put(c, std::to_string(v.size()));
            for (const auto& item : v) put(c, item);
          } else {
            c += 'j';
            put(c, v.text);
          }
        },
        value);
  }
  c += "|stock";
  for (const auto& level : opening) {
    put(c, level.branch_id);
    put(c, std::to_string(level.qty));
    put(c, std::to_string(level.reorder_level));
  }
  return auth::sha256_hex(c);
}

}  // namespace

CatalogService::CatalogService(ports::CatalogStore& store, const Clock& clock)
    : store_(store), clock_(clock) {}

auth::AuditEntry CatalogService::audit(const auth::Actor& actor, std::string action, Entity entity,
                                       const std::string& id) const {
  return {actor.user_id(),  std::move(action), std::string(spec(entity).name), id, "", "",
          actor.request_id, actor.client_ip};
}

Record CatalogService::get(Entity entity, const std::string& id) {
  auto record = is_uuid(id) ? store_.find(entity, id) : std::nullopt;
  if (!record) throw not_found(entity);
  return *record;
}

std::vector<Record> CatalogService::list(Entity entity, const ListQuery& query) {
  return store_.list(entity, query);
}

Record CatalogService::by_barcode(const std::string& code) {
  auto record = code.empty() || code.size() > 256 ? std::nullopt : store_.find_by_barcode(code);
  if (!record) throw Error::not_found("Product");
  return *record;
}

void CatalogService::check_references(Entity entity, const Fields& fields,
                                      std::vector<FieldError>& errors, const std::string& prefix) {
  for (const auto& [target, named] : references_of(spec(entity), fields)) {
    std::vector<std::string> ids;
    for (const auto& [field, id] : named) ids.push_back(id);
    const auto missing = store_.missing(target, ids);
    for (const auto& [field, id] : named) {
      if (std::find(missing.begin(), missing.end(), id) != missing.end()) {
        errors.push_back({prefix + field, "not_found",
                          "No live " + std::string(spec(target).name) + " has this id."});
      }
    }
  }
}

void CatalogService::check_timezone(Entity entity, const Fields& fields,
                                    std::vector<FieldError>& errors) {
  if (entity != Entity::kBranch) return;
  const auto it = fields.find("timezone");
  if (it == fields.end()) return;
  if (const auto* zone = std::get_if<std::string>(&it->second);
      zone && !store_.known_timezone(*zone)) {
    errors.push_back({"timezone", "invalid_timezone",
                      "Unknown time zone; use an IANA name such as Europe/Prague."});
  }
}

void CatalogService::check_opening(const std::vector<StockLevel>& opening,
                                   std::vector<FieldError>& errors) {
  std::vector<std::string> branches;
  for (std::size_t i = 0; i < opening.size(); ++i) {
    const std::string at = "stock[" + std::to_string(i) + "]";
    const StockLevel& level = opening[i];
    if (!is_uuid(level.branch_id)) {
      errors.push_back({at + ".branch_id", "invalid_id", "Give the id of an existing branch."});
      continue;
    }
    if (std::find(branches.begin(), branches.end(), level.branch_id) != branches.end()) {
      errors.push_back({at + ".branch_id", "duplicate", "This branch is listed twice."});
    }
    branches.push_back(level.branch_id);
    if (level.qty < 0) errors.push_back({at + ".qty", "out_of_range", "Must be at least 0."});
    if (level.reorder_level < 0) {
      errors.push_back({at + ".reorder_level", "out_of_range", "Must be at least 0."});
    }
  }
  const auto missing = store_.missing(Entity::kBranch, branches);
  for (std::size_t i = 0; i < opening.size(); ++i) {
    if (std::find(missing.begin(), missing.end(), opening[i].branch_id) != missing.end()) {
      errors.push_back({"stock[" + std::to_string(i) + "].branch_id", "not_found",
                        "No live branch has this id."});
    }
  }
}

Stored<Record> CatalogService::create(const auth::Actor& actor, Entity entity,
                                      const Fields& fields, const std::optional<std::string>& id,
                                      const std::vector<StockLevel>& opening,
                                      const std::string& key) {
  check_idempotency_key(key);
  std::vector<FieldError> errors;
  if (id && !is_uuid(*id)) errors.push_back({"id", "invalid_id", "Give a UUID or leave id out."});
  validate_fields(spec(entity), fields, WriteMode::kCreate, errors);
  if (entity != Entity::kProduct && !opening.empty()) {
    errors.push_back({"stock", "unknown_field", "This field is not accepted here."});
  }
  if (errors.empty()) {
    check_references(entity, fields, errors);
    check_opening(opening, errors);
    check_timezone(entity, fields, errors);
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));

  Record record;
  record.entity = entity;
  record.id = id.value_or(new_uuid_v7(clock_.now_ms()));
  record.fields = fields;
  record.stock = opening;
  const std::string action = std::string(spec(entity).name) + ".create";
  const ports::IdempotencyClaim claim{actor.user_id() + ":" + action, key,
                                      create_request_hash(entity, fields, id, opening)};
  return write_once<Record>(
      key, claim.request_hash, [&] { return store_.replay(claim.scope, key); },
      [&](const std::string& created) { return store_.find(entity, created); },
      [&] {
        return store_.insert(record, actor.user_id(), audit(actor, action, entity, record.id),
                             claim);
      });
}

Record CatalogService::create(const auth::Actor& actor, Entity entity, const Fields& fields,
                              const std::optional<std::string>& id,
                              const std::vector<StockLevel>& opening) {
  return create(actor, entity, fields, id, opening, "").document;
}

Record CatalogService::update(const auth::Actor& actor, Entity entity, const std::string& id,
                              int expected_version, const Fields& changes) {
  const Record before = get(entity, id);
  if (before.deleted_at_ms) {
    throw Error::conflict("DELETED", "The record is deleted and can no longer be changed.");
  }
  std::vector<FieldError> errors;
  validate_fields(spec(entity), changes, WriteMode::kUpdate, errors);
  if (errors.empty()) {
    check_references(entity, changes, errors);
    check_timezone(entity, changes, errors);
  }
  if (errors.empty() && entity == Entity::kCategory) {
    const auto parent = changes.find("parent_id");
    if (parent != changes.end()) {
      if (const auto* p = std::get_if<std::string>(&parent->second);
          p != nullptr && (*p == id || store_.category_cycle(id, *p))) {
        errors.push_back({"parent_id", "cycle", "A category cannot be inside itself."});
      }
    }
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  if (before.version != expected_version) throw version_mismatch();
  const std::string action = std::string(spec(entity).name) + ".update";
  auto after =
      store_.update(entity, id, expected_version, changes, audit(actor, action, entity, id));
  if (!after) throw version_mismatch();
  return *after;
}

Record CatalogService::remove(const auth::Actor& actor, Entity entity, const std::string& id) {
  const Record before = get(entity, id);
  if (before.deleted_at_ms) return before;
  const std::string action = std::string(spec(entity).name) + ".delete";
  return store_.remove(entity, id, audit(actor, action, entity, id));
}

std::vector<LedgerEntry> CatalogService::ledger(Entity party, const std::string& id,
                                                std::int64_t after_id, int limit) {
  (void)get(party, id);
  return store_.ledger(party, id, after_id, limit);
}

ChangePage CatalogService::changes(const std::string& position,
                                   const std::vector<std::string>& types, int limit) {
  std::vector<FieldError> errors;
  for (const auto& type : types) {
    if (type != "stock" && !entity_by_name(type)) {
      errors.push_back({"types", "invalid_choice",
                        "Unknown type '" + type +
                            "'; use branch, register, category, product, customer, vendor, "
                            "salesman or stock."});
      break;
    }
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  return store_.changes(position, types, limit);
}

ImportResult CatalogService::import_products(const auth::Actor& actor,
                                             const std::vector<ImportRow>& rows,
                                             std::vector<FieldError> parse_errors) {
  if (rows.empty() && parse_errors.empty()) return {};  // an empty file changes nothing
  if (rows.size() > kMaxImportRows) {
    throw Error::invalid("IMPORT_TOO_LARGE", "Import at most 100000 rows per call.");
  }
  const EntitySpec& product = spec(Entity::kProduct);
  std::vector<FieldError> errors = std::move(parse_errors);
  std::map<std::string, int> sku_line;
  std::map<std::string, int> barcode_line;
  References refs;  // across all rows, so each referenced entity is checked in one query
  std::vector<std::pair<const ImportRow*, References>> row_refs;
  for (const auto& row : rows) {
    const std::string prefix = "lines[" + std::to_string(row.line) + "].";
    const std::size_t before = errors.size();
    validate_fields(product, row.fields, WriteMode::kCreate, errors, prefix);
    if (errors.size() > 1000) break;  // enough to fix a file; don't build a megabyte of errors
    if (errors.size() != before) continue;
    const auto& sku = std::get<std::string>(row.fields.at("sku"));
    if (!sku_line.emplace(sku, row.line).second) {
      errors.push_back({prefix + "sku", "duplicate",
                        "This sku is also on line " + std::to_string(sku_line[sku]) + "."});
    }
    if (const auto it = row.fields.find("barcodes"); it != row.fields.end()) {
      if (const auto* codes = std::get_if<std::vector<std::string>>(&it->second)) {
        for (const auto& code : *codes) {
          if (!barcode_line.emplace(code, row.line).second) {
            errors.push_back({prefix + "barcodes", "duplicate",
                              "Barcode " + code + " is also on line " +
                                  std::to_string(barcode_line[code]) + "."});
          }
        }
      }
    }
    References mine = references_of(product, row.fields);
    for (const auto& [target, named] : mine) {
      auto& all = refs[target];
      all.insert(all.end(), named.begin(), named.end());
    }
    if (!mine.empty()) row_refs.emplace_back(&row, std::move(mine));
  }
  for (const auto& [target, named] : refs) {
    std::vector<std::string> ids;
    for (const auto& [field, id] : named) ids.push_back(id);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    const auto missing = store_.missing(target, ids);
    if (missing.empty()) continue;
    for (const auto& [row, mine] : row_refs) {
      const auto it = mine.find(target);
      if (it == mine.end()) continue;
      for (const auto& [field, id] : it->second) {
        if (std::find(missing.begin(), missing.end(), id) != missing.end()) {
          errors.push_back({"lines[" + std::to_string(row->line) + "]." + field, "not_found",
                            "No live " + std::string(spec(target).name) + " has this id."});
        }
      }
    }
  }
  if (!errors.empty()) {
    throw Error(ErrorKind::kInvalid, "IMPORT_FAILED",
                "Some rows are invalid; nothing was imported.", std::move(errors));
  }
  return store_.import_products(rows, audit(actor, "product.import", Entity::kProduct, ""));
}

void CatalogService::export_products(const ListQuery& filter,
                                     const std::function<void(const std::vector<Record>&)>& sink) {
  store_.export_products(filter, sink);
}

}  // namespace regal::pos
