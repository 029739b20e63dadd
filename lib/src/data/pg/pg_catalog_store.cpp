#include <Poco/Data/Session.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <charconv>
#include <deque>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "data/pg/pg_audit.hpp"
#include "data/pg/pg_error.hpp"
#include "data/pg/pg_stock_rows.hpp"
#include "data/pg/rows.hpp"
#include "data/pg/sql.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/data/pg/database.hpp"
#include "regal/data/pg/pg_catalog.hpp"
#include "regal/pos/catalog_json.hpp"

namespace regal::pg {
namespace {

using pos::Entity;
using pos::EntitySpec;
using pos::FieldSpec;
using pos::FieldType;
using pos::Record;
using pos::Value;

std::string to_text(const Poco::JSON::Object& o) {
  std::ostringstream out;
  o.stringify(out);
  return out.str();
}

// The given fields as a JSON object keyed by column, for jsonb_populate_record.
std::string columns_json(const EntitySpec& spec, const pos::Fields& fields,
                         const std::string& id = "") {
  Poco::JSON::Object o;
  if (!id.empty()) o.set("id", id);
  for (const auto& [name, value] : fields) {
    if (const FieldSpec* f = spec.field(name))
      o.set(std::string(f->column), pos::to_json_value(value));
  }
  return to_text(o);
}

std::string column_list(const EntitySpec& spec, const pos::Fields& fields, const char* prefix) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (const FieldSpec* f = spec.field(name)) {
      if (!out.empty()) out += ", ";
      out += prefix;
      out += f->column;
    }
  }
  return out;
}

Value from_var(const FieldSpec& f, const Poco::Dynamic::Var& v) {
  if (v.isEmpty()) return std::monostate{};
  switch (f.type) {
    case FieldType::kMoney:
    case FieldType::kBasisPoints:
    case FieldType::kInteger:
      return std::int64_t{v.convert<Poco::Int64>()};
    case FieldType::kBool:
      return v.convert<bool>();
    case FieldType::kRefList:
    case FieldType::kTextList: {
      std::vector<std::string> items;
      if (const auto a = v.extract<Poco::JSON::Array::Ptr>()) {
        for (unsigned i = 0; i < a->size(); ++i) items.push_back(a->getElement<std::string>(i));
      }
      return items;
    }
    case FieldType::kJsonObject: {
      if (const auto o = v.extract<Poco::JSON::Object::Ptr>()) return pos::Json{to_text(*o)};
      return pos::Json{"{}"};
    }
    default:
      return v.convert<std::string>();
  }
}

// Columns every record query selects, in this order (see to_record).
std::string record_columns(const char* alias) {
  const std::string a(alias);
  return "to_jsonb(" + a + ")::text, " + ms(a + ".created_at") + ", " + ms(a + ".updated_at") +
         ", " + ms(a + ".deleted_at");
}

Record to_record(const EntitySpec& spec, const Row& row, std::size_t first_col = 0) {
  const auto json =
      Poco::JSON::Parser().parse(row.text(first_col)).extract<Poco::JSON::Object::Ptr>();
  Record r;
  r.entity = spec.entity;
  r.id = json->getValue<std::string>("id");
  r.version = json->getValue<int>("version");
  r.created_at_ms = row.int64(first_col + 1);
  r.updated_at_ms = row.int64(first_col + 2);
  if (!row.is_null(first_col + 3)) r.deleted_at_ms = row.int64(first_col + 3);
  for (const auto& f : spec.fields) {
    r.fields.emplace(std::string(f.name), from_var(f, json->get(std::string(f.column))));
  }
  return r;
}

// A product's stock rows packed into one text column of the record query, so a product is read
// in one statement (one round trip) instead of two: "branch:qty:reorder,…" in branch order,
// only `branch` (a placeholder) when given; NULL when there are none. UUIDs and integers hold
// neither ':' nor ','.
std::string stock_column(const std::string& alias, const std::string& branch = "") {
  std::string sql =
      "(SELECT string_agg(st.branch_id::text || ':' || st.qty || ':' || st.reorder_level, ','"
      " ORDER BY st.branch_id) FROM stock st WHERE st.product_id = " +
      alias + ".id";
  if (!branch.empty()) sql += " AND st.branch_id = " + branch;
  return sql + ")";
}

std::int64_t packed_int(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    throw std::runtime_error("malformed stock column");
  }
  return value;
}

std::vector<pos::StockLevel> unpack_stock(std::string_view packed) {
  std::vector<pos::StockLevel> levels;
  while (!packed.empty()) {
    const auto comma = std::min(packed.find(','), packed.size());
    const std::string_view item = packed.substr(0, comma);
    const auto first = item.find(':');
    const auto second = item.find(':', first == std::string_view::npos ? first : first + 1);
    if (second == std::string_view::npos) throw std::runtime_error("malformed stock column");
    levels.push_back({std::string(item.substr(0, first)),
                      packed_int(item.substr(first + 1, second - first - 1)),
                      packed_int(item.substr(second + 1))});
    packed.remove_prefix(std::min(comma + 1, packed.size()));
  }
  return levels;
}

// The record columns, plus the packed stock (column 4) for products.
std::string entity_columns(const EntitySpec& spec, const char* alias,
                           const std::string& branch = "") {
  std::string columns = record_columns(alias);
  if (spec.entity == Entity::kProduct) columns += ", " + stock_column(alias, branch);
  return columns;
}

// Rows of entity_columns(): products get their stock from column 4.
std::vector<Record> to_records(const EntitySpec& spec, const Result& rs) {
  std::vector<Record> out;
  out.reserve(rs.rowCount());
  for (std::size_t i = 0; i < rs.rowCount(); ++i) {
    const Row row(rs, i);
    Record r = to_record(spec, row);
    if (spec.entity == Entity::kProduct && !row.is_null(4)) r.stock = unpack_stock(row.view(4));
    out.push_back(std::move(r));
  }
  return out;
}

// The stock levels of the products `ids` (the change feed's stock entries), read through the
// same packed column as the records; a product without stock rows is absent.
std::map<std::string, std::vector<pos::StockLevel>> stock_of(Poco::Data::Session& session,
                                                             const std::vector<std::string>& ids) {
  std::map<std::string, std::vector<pos::StockLevel>> levels;
  if (ids.empty()) return levels;
  Sql sql("SELECT p.id::text, " + stock_column("p") + " FROM products p WHERE p.id = ANY(");
  sql << sql.bind(pg_array(ids), "uuid[]") << ")";
  const auto rs = sql.run(session);
  for (std::size_t i = 0; i < rs.rowCount(); ++i) {
    const Row r(rs, i);
    if (!r.is_null(1)) levels[r.text(0)] = unpack_stock(r.view(1));
  }
  return levels;
}

std::vector<Record> select_by_ids(Poco::Data::Session& session, const EntitySpec& spec,
                                  const std::vector<std::string>& ids) {
  Sql sql("SELECT " + entity_columns(spec, "t") + " FROM " + std::string(spec.table) + " t WHERE ");
  sql << "t.id = ANY(" << sql.bind(pg_array(ids), "uuid[]") << ") ORDER BY t.id";
  return to_records(spec, sql.run(session));
}

std::optional<Record> select_one(Poco::Data::Session& session, const EntitySpec& spec,
                                 const std::string& id, bool for_update = false) {
  Sql sql("SELECT " + entity_columns(spec, "t") + " FROM " + std::string(spec.table) + " t WHERE ");
  sql << "t.id = " << sql.bind(id, "uuid") << (for_update ? " FOR UPDATE OF t" : "");
  auto records = to_records(spec, sql.run(session));
  if (records.empty()) return std::nullopt;
  return std::move(records.front());
}

std::string record_json(const Record& r) {
  Poco::JSON::Object o;
  o.set("id", r.id);
  o.set("version", r.version);
  for (const auto& [name, value] : r.fields) o.set(name, pos::to_json_value(value));
  return to_text(o);
}

// The live product holding one of `codes` other than `self`, as "code → product id".
std::optional<std::pair<std::string, std::string>> barcode_owner(
    Poco::Data::Session& session, const std::vector<std::string>& codes, const std::string& self) {
  if (codes.empty()) return std::nullopt;
  Sql sql("SELECT code, product_id::text FROM product_barcodes WHERE code = ANY(");
  sql << sql.bind(pg_array(codes), "text[]") << ")";
  if (!self.empty()) sql << " AND product_id <> " << sql.bind(self, "uuid");
  sql << " LIMIT 1";
  const auto rs = sql.run(session);
  if (rs.rowCount() == 0) return std::nullopt;
  return std::make_pair(Row(rs, 0).text(0), Row(rs, 0).text(1));
}

void check_unique(Poco::Data::Session& session, const EntitySpec& spec, const pos::Fields& f,
                  const std::string& self) {
  if (spec.entity == Entity::kProduct) {
    if (const auto it = f.find("sku"); it != f.end()) {
      Sql sql("SELECT id::text FROM products WHERE deleted_at IS NULL AND sku = ");
      sql << sql.bind(std::get<std::string>(it->second), "text") << " AND id <> "
          << sql.bind(self, "uuid");
      const auto rs = sql.run(session);
      if (rs.rowCount() > 0) {
        throw Error::conflict("DUPLICATE_SKU",
                              "Product " + Row(rs, 0).text(0) + " already has this sku.");
      }
    }
    if (const auto it = f.find("barcodes"); it != f.end()) {
      if (const auto* codes = std::get_if<std::vector<std::string>>(&it->second)) {
        if (auto owner = barcode_owner(session, *codes, self)) {
          throw Error::conflict(
              "DUPLICATE_BARCODE",
              "Barcode " + owner->first + " already belongs to product " + owner->second + ".");
        }
      }
    }
  }
}

void write_barcodes(Poco::Data::Session& session, const std::string& product_id,
                    const std::vector<std::string>& codes) {
  Sql remove("DELETE FROM product_barcodes WHERE product_id = ");
  remove << remove.bind(product_id, "uuid");
  remove.run(session);
  if (codes.empty()) return;
  Sql add("INSERT INTO product_barcodes (code, product_id) SELECT unnest(");
  add << add.bind(pg_array(codes), "text[]") << "), " << add.bind(product_id, "uuid");
  add.run(session);
}

// Unique violations that slipped past check_unique (a concurrent writer) → 409.
template <class Fn>
auto translating_conflicts(Fn&& fn) {
  try {
    return fn();
  } catch (const Poco::Exception& e) {
    if (classify(e) != PgFailure::kUniqueViolation) throw;
    const std::string c = violated_constraint(e);
    if (c == "products_sku")
      throw Error::conflict("DUPLICATE_SKU", "Another product has this sku.");
    if (c == "product_barcodes_pkey") {
      throw Error::conflict("DUPLICATE_BARCODE", "Another product has this barcode.");
    }
    if (c == "branches_code" || c == "registers_code") {
      throw Error::conflict("DUPLICATE_CODE", "Another record already uses this code.");
    }
    if (c.size() > 5 && c.substr(c.size() - 5) == "_pkey") {
      throw Error::conflict("ALREADY_EXISTS", "A record with this id already exists.");
    }
    throw;
  }
}

void check_code_unique(Poco::Data::Session& session, const EntitySpec& spec, const Record& after) {
  if (spec.entity != Entity::kBranch && spec.entity != Entity::kRegister) return;
  Sql sql("SELECT 1 FROM " + std::string(spec.table) + " WHERE deleted_at IS NULL AND code = ");
  sql << sql.bind(std::get<std::string>(after.fields.at("code")), "text") << " AND id <> "
      << sql.bind(after.id, "uuid");
  if (spec.entity == Entity::kRegister) {
    sql << " AND branch_id = "
        << sql.bind(std::get<std::string>(after.fields.at("branch_id")), "uuid");
  }
  if (sql.run(session).rowCount() > 0) {
    throw Error::conflict("DUPLICATE_CODE",
                          spec.entity == Entity::kBranch
                              ? "Another branch already uses this code."
                              : "Another register of this branch uses this code.");
  }
}

// True when `parent_id` is `id` or below it.
bool closes_cycle(Poco::Data::Session& session, const std::string& id,
                  const std::string& parent_id) {
  Sql sql("WITH RECURSIVE up(id) AS (SELECT ");
  sql << sql.bind(parent_id, "uuid")
      << " UNION SELECT c.parent_id FROM categories c JOIN up ON c.id = up.id"
         " WHERE c.parent_id IS NOT NULL) SELECT 1 FROM up WHERE id = "
      << sql.bind(id, "uuid");
  return sql.run(session).rowCount() > 0;
}

// The new parent a change sets, or nullptr.
const std::string* new_parent(const pos::Fields& changes) {
  const auto it = changes.find("parent_id");
  return it == changes.end() ? nullptr : std::get_if<std::string>(&it->second);
}

// Two concurrent moves (A under B, B under A) would each pass a check made alone: parent changes
// are serialised by a transaction-level advisory lock, taken before any row lock (the moved row
// is locked next, and the new parent's foreign-key check takes a share lock on the other's row:
// taking the advisory lock in between deadlocked two crossing moves).
void lock_category_tree(Poco::Data::Session& session, const pos::Fields& changes) {
  if (new_parent(changes) == nullptr) return;
  Sql lock("SELECT pg_advisory_xact_lock(hashtext('regal.categories.tree'))");
  lock.run(session);
}

// Checked under lock_category_tree.
void check_no_cycle(Poco::Data::Session& session, const std::string& id,
                    const pos::Fields& changes) {
  const std::string* parent = new_parent(changes);
  if (parent == nullptr) return;
  if (closes_cycle(session, id, *parent)) {
    throw Error::validation({{"parent_id", "cycle", "A category cannot be inside itself."}});
  }
}

// Why `id` may not be deleted, or "" when it may.
std::string in_use(Poco::Data::Session& session, Entity entity, const std::string& id) {
  static const std::map<Entity, std::vector<std::pair<const char*, const char*>>> kChecks = {
      {Entity::kBranch,
       {{"SELECT 1 FROM registers WHERE deleted_at IS NULL AND branch_id = $1::uuid LIMIT 1",
         "The branch still has registers."},
        {"SELECT 1 FROM stock WHERE qty <> 0 AND branch_id = $1::uuid LIMIT 1",
         "The branch still holds stock."}}},
      {Entity::kCategory,
       {{"SELECT 1 FROM categories WHERE deleted_at IS NULL AND parent_id = $1::uuid LIMIT 1",
         "The category still has sub-categories."},
        {"SELECT 1 FROM products WHERE deleted_at IS NULL AND category_id = $1::uuid LIMIT 1",
         "Products are still in this category."}}},
      {Entity::kVendor,
       {{"SELECT 1 FROM products WHERE deleted_at IS NULL AND vendor_id = $1::uuid LIMIT 1",
         "Products still name this vendor."},
        {"SELECT 1 FROM vendors WHERE balance <> 0 AND id = $1::uuid",
         "The vendor's balance is not zero."}}},
      {Entity::kCustomer,
       {{"SELECT 1 FROM customers WHERE balance <> 0 AND id = $1::uuid",
         "The customer's balance is not zero."}}},
      {Entity::kProduct,
       {{"SELECT 1 FROM stock WHERE qty <> 0 AND product_id = $1::uuid LIMIT 1",
         "The product still has stock on hand."}}},
  };
  const auto it = kChecks.find(entity);
  if (it == kChecks.end()) return "";
  for (const auto& [query, reason] : it->second) {
    Sql sql(query);
    (void)sql.bind(id, "uuid");
    if (sql.run(session).rowCount() > 0) return reason;
  }
  return "";
}

// The list filters of `q` (search, field equals, products' branch and low stock) on alias t.
void append_filters(Sql& sql, const EntitySpec& spec, const pos::ListQuery& q) {
  if (!q.search.empty() && !spec.search_sql.empty()) {
    sql << " AND " << spec.search_sql << " LIKE '%' || "
        << "replace(replace(replace(regal_fold(" << sql.bind(q.search, "text")
        << "), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'";
  }
  for (const auto& [name, value] : q.equals) {
    const FieldSpec* f = spec.field(name);
    if (f == nullptr) continue;
    sql << " AND t." << f->column;
    if (std::holds_alternative<std::monostate>(value)) {
      sql << " IS NULL";
    } else if (const auto* b = std::get_if<bool>(&value)) {
      sql << " = " << sql.bind(*b ? "true" : "false", "boolean");
    } else {
      sql << " = " << sql.bind(std::get<std::string>(value), "uuid");
    }
  }
  if (spec.entity == Entity::kProduct && !q.stock_branch_id.empty()) {
    const std::string branch = sql.bind(q.stock_branch_id, "uuid");
    sql << " AND (t.branch_ids IS NULL OR " << branch << " = ANY(t.branch_ids))";
    if (q.low_stock) {
      sql << " AND EXISTS (SELECT 1 FROM stock st WHERE st.product_id = t.id AND st.branch_id = "
          << branch << " AND st.qty <= st.reorder_level)";
    }
  }
}

}  // namespace

std::optional<Record> PgCatalogStore::find(Entity entity, const std::string& id) {
  return db_.with_session(
      [&](Poco::Data::Session& s) { return select_one(s, pos::spec(entity), id); });
}

std::vector<Record> PgCatalogStore::list(Entity entity, const pos::ListQuery& q) {
  const EntitySpec& spec = pos::spec(entity);
  return db_.with_session([&](Poco::Data::Session& s) {
    // The page is chosen in a subquery and only its rows are turned into JSON: with the
    // to_jsonb in the same query level, PostgreSQL builds it for every match before the top-N
    // sort (1,136 rows for "tun" at 100k products: 28 ms against 2.4 ms; docs/PERFORMANCE.md).
    Sql sql("SELECT ");
    sql << entity_columns(spec, "t",
                          q.stock_branch_id.empty() ? "" : sql.bind(q.stock_branch_id, "uuid"))
        << " FROM (SELECT * FROM " << spec.table << " t WHERE true";
    if (!q.include_deleted) sql << " AND t.deleted_at IS NULL";
    if (!q.after_id.empty()) sql << " AND t.id > " << sql.bind(q.after_id, "uuid");
    append_filters(sql, spec, q);
    sql << " ORDER BY t.id LIMIT " << std::to_string(q.limit) << ") t ORDER BY t.id";
    return to_records(spec, sql.run(s));
  });
}

std::optional<Record> PgCatalogStore::find_by_barcode(const std::string& code) {
  const EntitySpec& spec = pos::spec(Entity::kProduct);
  return db_.with_session([&](Poco::Data::Session& s) -> std::optional<Record> {
    Sql sql("SELECT " + entity_columns(spec, "t") +
            " FROM product_barcodes b JOIN products t ON t.id = b.product_id"
            " WHERE t.deleted_at IS NULL AND b.code = ");
    sql << sql.bind(code, "text");
    auto records = to_records(spec, sql.run(s));
    if (records.empty()) return std::nullopt;
    return std::move(records.front());
  });
}

std::vector<std::string> PgCatalogStore::missing(Entity entity,
                                                 const std::vector<std::string>& ids) {
  if (ids.empty()) return {};
  return db_.with_session([&](Poco::Data::Session& s) {
    Sql sql("SELECT x::text FROM unnest(");
    sql << sql.bind(pg_array(ids), "uuid[]") << ") x WHERE NOT EXISTS (SELECT 1 FROM "
        << pos::spec(entity).table << " t WHERE t.id = x AND t.deleted_at IS NULL)";
    const auto rs = sql.run(s);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < rs.rowCount(); ++i) out.push_back(Row(rs, i).text(0));
    return out;
  });
}

bool PgCatalogStore::known_timezone(const std::string& name) {
  return db_.with_session([&](Poco::Data::Session& s) {
    Sql sql("SELECT 1 FROM pg_timezone_names WHERE name = ");
    sql << sql.bind(name, "text");
    return sql.run(s).rowCount() > 0;
  });
}

bool PgCatalogStore::category_cycle(const std::string& id, const std::string& parent_id) {
  return db_.with_session([&](Poco::Data::Session& s) { return closes_cycle(s, id, parent_id); });
}

std::optional<ports::StoredReplay> PgCatalogStore::replay(const std::string& scope,
                                                          const std::string& key) {
  return db_.with_session(
      [&](Poco::Data::Session& s) { return find_idempotency_key(s, scope, key); });
}

std::optional<Record> PgCatalogStore::insert(const Record& record, const std::string& actor_id,
                                             const auth::AuditEntry& audit,
                                             const ports::IdempotencyClaim& claim) {
  const EntitySpec& spec = pos::spec(record.entity);
  return translating_conflicts([&] {
    return db_.transact([&](Transaction& tx) -> std::optional<Record> {
      auto& s = tx.session();
      // First: a twin holding the same key makes this wait here, then find the key taken.
      if (!claim_idempotency_key(s, claim.scope, claim.key, claim.request_hash, record.id)) {
        return std::nullopt;
      }
      check_unique(s, spec, record.fields, record.id);
      const std::string table(spec.table);
      const std::string columns = column_list(spec, record.fields, "");
      Sql sql("INSERT INTO " + table + " (id" + (columns.empty() ? "" : ", " + columns) +
              ") SELECT r.id" +
              (columns.empty() ? "" : ", " + column_list(spec, record.fields, "r.")) +
              " FROM jsonb_populate_record(NULL::" + table + ", ");
      sql << sql.bind(columns_json(spec, record.fields, record.id), "jsonb") << ") r";
      sql.run(s);
      Record created = *select_one(s, spec, record.id);
      check_code_unique(s, spec, created);
      if (spec.entity == Entity::kProduct) {
        if (const auto* codes =
                std::get_if<std::vector<std::string>>(&created.fields.at("barcodes"))) {
          write_barcodes(s, created.id, *codes);
        }
        for (const auto& level : record.stock) {
          Sql put("INSERT INTO stock (product_id, branch_id, qty, reorder_level) VALUES (");
          put << put.bind(created.id, "uuid") << ", " << put.bind(level.branch_id, "uuid") << ", "
              << put.bind(std::to_string(level.qty), "bigint") << ", "
              << put.bind(std::to_string(level.reorder_level), "bigint") << ")";
          put.run(s);
          Sql move(
              "INSERT INTO stock_movements (product_id, branch_id, delta, qty_after, kind,"
              " actor_id) VALUES (");
          move << move.bind(created.id, "uuid") << ", " << move.bind(level.branch_id, "uuid")
               << ", " << move.bind(std::to_string(level.qty), "bigint") << ", "
               << move.bind(std::to_string(level.qty), "bigint") << ", 'opening', "
               << "NULLIF(" << move.bind(actor_id, "text") << ", '')::uuid)";
          move.run(s);
        }
        created = *select_one(s, spec, record.id);
      }
      auth::AuditEntry entry = audit;
      entry.after_json = record_json(created);
      insert_audit(s, entry);
      return created;
    });
  });
}

std::optional<Record> PgCatalogStore::update(Entity entity, const std::string& id,
                                             int expected_version, const pos::Fields& changes,
                                             const auth::AuditEntry& audit) {
  const EntitySpec& spec = pos::spec(entity);
  return translating_conflicts([&] {
    return db_.transact([&](Transaction& tx) -> std::optional<Record> {
      auto& s = tx.session();
      if (entity == Entity::kCategory) lock_category_tree(s, changes);
      const auto before = select_one(s, spec, id, true);
      if (!before || before->version != expected_version || before->deleted_at_ms) {
        return std::nullopt;
      }
      check_unique(s, spec, changes, id);
      if (entity == Entity::kCategory) check_no_cycle(s, id, changes);
      const std::string table(spec.table);
      const std::string columns = column_list(spec, changes, "");
      Sql sql("UPDATE " + table + " AS t SET ");
      if (columns.empty()) {
        sql << "version = t.version";  // nothing to change: the touch trigger still bumps it
      } else {
        sql << "(" << columns << ") = (SELECT " << column_list(spec, changes, "r.")
            << " FROM jsonb_populate_record(NULL::" << table << ", "
            << sql.bind(columns_json(spec, changes), "jsonb") << ") r)";
      }
      sql << " WHERE t.id = " << sql.bind(id, "uuid");
      sql.run(s);
      Record after = *select_one(s, spec, id);
      check_code_unique(s, spec, after);
      if (entity == Entity::kProduct && changes.count("barcodes") > 0) {
        if (const auto* codes =
                std::get_if<std::vector<std::string>>(&after.fields.at("barcodes"))) {
          write_barcodes(s, id, *codes);
        }
      }
      auth::AuditEntry entry = audit;
      entry.before_json = record_json(*before);
      entry.after_json = record_json(after);
      insert_audit(s, entry);
      return after;
    });
  });
}

Record PgCatalogStore::remove(Entity entity, const std::string& id, const auth::AuditEntry& audit) {
  const EntitySpec& spec = pos::spec(entity);
  return db_.transact([&](Transaction& tx) {
    auto& s = tx.session();
    const auto before = select_one(s, spec, id, true);
    if (!before) throw Error::not_found(std::string(spec.name));
    if (before->deleted_at_ms) return *before;
    if (const std::string reason = in_use(s, entity, id); !reason.empty()) {
      throw Error::conflict("IN_USE", reason);
    }
    Sql sql("UPDATE " + std::string(spec.table) + " SET deleted_at = now() WHERE id = ");
    sql << sql.bind(id, "uuid");
    sql.run(s);
    if (entity == Entity::kProduct) write_barcodes(s, id, {});
    Record after = *select_one(s, spec, id);
    auth::AuditEntry entry = audit;
    entry.before_json = record_json(*before);
    insert_audit(s, entry);
    return after;
  });
}

std::vector<pos::LedgerEntry> PgCatalogStore::ledger(Entity party, const std::string& id,
                                                     std::int64_t after_id, int limit) {
  return db_.with_session([&](Poco::Data::Session& s) {
    Sql sql(
        "SELECT id, delta, balance_after, kind, coalesce(ref_type, ''),"
        " coalesce(ref_id, ''), " +
        ms("at") + " FROM party_ledger WHERE party_type = ");
    sql << sql.bind(std::string(pos::spec(party).name), "text")
        << " AND party_id = " << sql.bind(id, "uuid") << " AND id > "
        << sql.bind(std::to_string(after_id), "bigint") << " ORDER BY id LIMIT "
        << std::to_string(limit);
    const auto rs = sql.run(s);
    std::vector<pos::LedgerEntry> out;
    for (std::size_t i = 0; i < rs.rowCount(); ++i) {
      const Row r(rs, i);
      out.push_back(
          {r.int64(0), r.int64(1), r.int64(2), r.text(3), r.text(4), r.text(5), r.int64(6)});
    }
    return out;
  });
}

// Position "xid:seq". Only changes of transactions older than the snapshot's xmin are read:
// every one of those has finished, so no later commit can land behind the returned position.
pos::ChangePage PgCatalogStore::changes(const std::string& position,
                                        const std::vector<std::string>& types, int limit) {
  std::string xid = "0";
  std::string seq = "0";
  if (!position.empty()) {
    const auto colon = position.find(':');
    xid = position.substr(0, colon);
    seq = colon == std::string::npos ? "0" : position.substr(colon + 1);
  }
  return db_.transact([&](Transaction& tx) {
    auto& s = tx.session();
    Sql sql(
        "SELECT c.xid::text, c.seq, c.entity, c.entity_id::text, c.op FROM changes c"
        " WHERE (c.xid, c.seq) > (");
    sql << sql.bind(xid, "xid8") << ", " << sql.bind(seq, "bigint")
        << ") AND c.xid < pg_snapshot_xmin(pg_current_snapshot())";
    if (!types.empty()) sql << " AND c.entity = ANY(" << sql.bind(pg_array(types), "text[]") << ")";
    sql << " ORDER BY c.xid, c.seq LIMIT " << std::to_string(limit);
    const auto rs = sql.run(s);
    pos::ChangePage page;
    page.next_position = position;
    std::map<std::string, std::set<std::string>> ids_by_type;
    for (std::size_t i = 0; i < rs.rowCount(); ++i) {
      const Row r(rs, i);
      page.changes.push_back({r.text(2), r.text(3), r.text(4), std::nullopt, {}});
      ids_by_type[r.text(2)].insert(r.text(3));
      page.next_position = r.text(0) + ":" + r.text(1);
    }
    page.has_more = static_cast<int>(rs.rowCount()) == limit;
    // The rows as they are now, read in the same snapshot.
    std::map<std::string, Record> records;
    std::map<std::string, std::vector<pos::StockLevel>> stock;
    for (const auto& [type, id_set] : ids_by_type) {
      const std::vector<std::string> ids(id_set.begin(), id_set.end());
      if (type == "stock") {
        for (auto& [id, levels] : stock_of(s, ids)) stock[id] = std::move(levels);
        continue;
      }
      const auto entity = pos::entity_by_name(type);
      if (!entity) continue;
      for (auto& r : select_by_ids(s, pos::spec(*entity), ids)) records[type + r.id] = std::move(r);
    }
    for (auto& c : page.changes) {
      if (c.type == "stock") {
        c.stock = stock[c.id];
      } else if (const auto it = records.find(c.type + c.id); it != records.end()) {
        c.record = it->second;
        // The row as it is now decides the op, so a client applying "newest version wins"
        // never keeps an older upsert over the tombstone of the same version.
        c.op = c.record->deleted_at_ms ? "delete" : "upsert";
      }
    }
    return page;
  });
}

pos::ImportResult PgCatalogStore::import_products(const std::vector<pos::ImportRow>& rows,
                                                  const auth::AuditEntry& audit) {
  const EntitySpec& spec = pos::spec(Entity::kProduct);
  // Rows with the same set of fields go in one statement (a CSV file is one group).
  std::map<std::string, std::vector<const pos::ImportRow*>> groups;
  for (const auto& row : rows) groups[column_list(spec, row.fields, "")].push_back(&row);
  std::map<std::string, int> line_of_sku;
  for (const auto& row : rows) line_of_sku[std::get<std::string>(row.fields.at("sku"))] = row.line;

  return translating_conflicts([&] {
    return db_.transact([&](Transaction& tx) {
      auto& s = tx.session();
      pos::ImportResult result;
      for (const auto& [columns, group] : groups) {
        Poco::JSON::Array batch;
        for (const auto* row : group) {
          batch.add(Poco::JSON::Parser().parse(columns_json(spec, row->fields, new_uuid_v7())));
        }
        std::ostringstream json;
        batch.stringify(json);
        const std::string doc = json.str();
        // A barcode may only move between rows of this import, never away from another product.
        Sql clash("SELECT r.sku, x.code FROM jsonb_to_recordset(");
        clash
            << clash.bind(doc, "jsonb")
            << ") AS r(sku text, barcodes text[]), unnest(r.barcodes) x(code)"
               " JOIN product_barcodes b ON b.code = x.code JOIN products p ON p.id = b.product_id"
               " WHERE p.sku <> r.sku LIMIT 100";
        const auto clashes = clash.run(s);
        if (clashes.rowCount() > 0) {
          std::vector<FieldError> errors;
          for (std::size_t i = 0; i < clashes.rowCount(); ++i) {
            const Row r(clashes, i);
            errors.push_back({"lines[" + std::to_string(line_of_sku[r.text(0)]) + "].barcodes",
                              "duplicate",
                              "Barcode " + r.text(1) + " belongs to another product."});
          }
          throw Error(ErrorKind::kInvalid, "IMPORT_FAILED",
                      "Some rows are invalid; nothing was imported.", std::move(errors));
        }
        const std::string set_list = column_list(spec, group.front()->fields, "");
        std::string excluded;
        for (std::size_t start = 0; start < set_list.size();) {
          const auto end = std::min(set_list.find(", ", start), set_list.size());
          if (!excluded.empty()) excluded += ", ";
          excluded += "EXCLUDED." + set_list.substr(start, end - start);
          start = end + 2;
        }
        Sql upsert("INSERT INTO products AS t (id, " + set_list + ") SELECT r.id, " +
                   column_list(spec, group.front()->fields, "r.") +
                   " FROM jsonb_populate_recordset(NULL::products, ");
        upsert << upsert.bind(doc, "jsonb")
               << ") r ON CONFLICT (sku) WHERE deleted_at IS NULL DO UPDATE SET (" << set_list
               << ") = ROW(" << excluded << ") RETURNING t.id::text, (t.xmax = 0)";
        const auto done = upsert.run(s);
        std::vector<std::string> ids;
        for (std::size_t i = 0; i < done.rowCount(); ++i) {
          const Row r(done, i);
          ids.push_back(r.text(0));
          (r.boolean(1) ? result.created : result.updated) += 1;
        }
        if (group.front()->fields.count("barcodes") > 0) {
          Sql drop("DELETE FROM product_barcodes WHERE product_id = ANY(");
          drop << drop.bind(pg_array(ids), "uuid[]") << ")";
          drop.run(s);
          Sql add(
              "INSERT INTO product_barcodes (code, product_id) SELECT unnest(barcodes), id"
              " FROM products WHERE id = ANY(");
          add << add.bind(pg_array(ids), "uuid[]") << ")";
          add.run(s);
        }
      }
      auth::AuditEntry entry = audit;
      entry.after_json = "{\"created\":" + std::to_string(result.created) +
                         ",\"updated\":" + std::to_string(result.updated) + "}";
      insert_audit(s, entry);
      return result;
    });
  });
}

// Keyset pages by sku (the live-sku unique index) in one REPEATABLE READ, READ ONLY transaction,
// so every page sees the same snapshot. Each page goes to the sink before the next is read. The
// position lives outside the transaction: should the connection die and the transaction be run
// again (Database::transact), it resumes after the last row already handed out, never repeats it.
void PgCatalogStore::export_products(const pos::ListQuery& filter, const ports::RecordSink& sink) {
  constexpr int kPageRows = 1000;
  const EntitySpec& spec = pos::spec(Entity::kProduct);
  std::string after;
  db_.transact([&](Transaction& tx) {
    auto& s = tx.session();
    Sql snapshot("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    snapshot.run(s);
    for (;;) {
      Sql sql("SELECT " + record_columns("t") + " FROM products t WHERE t.deleted_at IS NULL");
      if (!after.empty()) sql << " AND t.sku > " << sql.bind(after, "text");
      append_filters(sql, spec, filter);
      sql << " ORDER BY t.sku LIMIT " << std::to_string(kPageRows);
      const auto rs = sql.run(s);
      std::vector<Record> page;
      page.reserve(rs.rowCount());
      for (std::size_t i = 0; i < rs.rowCount(); ++i) page.push_back(to_record(spec, Row(rs, i)));
      if (page.empty()) return;
      sink(page);
      after = std::get<std::string>(page.back().fields.at("sku"));
      if (static_cast<int>(page.size()) < kPageRows) return;
    }
  });
}

}  // namespace regal::pg
