// POS catalog routes (docs/CATALOG.md): CRUD of the seven catalog entities, barcode lookup,
// ledgers, the change feed, and product import/export.
#include "handlers/catalog_handlers.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/NumberParser.h>

#include "handlers/catalog_dto.hpp"
#include "handlers/identity_dto.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/pos/catalog_service.hpp"
#include "web/envelope.hpp"
#include "web/json_body.hpp"
#include "web/request_params.hpp"

namespace regal::handlers {
namespace {

using auth::Permission;
using pos::Entity;
using web::BodyFormat;
using web::Request;
using web::Response;

constexpr std::size_t kImportMaxBodyBytes = 32u << 20;

struct Permissions {
  Permission read;
  Permission create;
  Permission write;
};

Permissions permissions_of(Entity entity) {
  switch (entity) {
    case Entity::kBranch:
    case Entity::kRegister:
      return {Permission::kCatalogRead, Permission::kSettingsManage, Permission::kSettingsManage};
    case Entity::kCustomer:
      return {Permission::kCustomersRead, Permission::kCustomersCreate,
              Permission::kCustomersWrite};
    case Entity::kVendor:
      return {Permission::kVendorsRead, Permission::kVendorsWrite, Permission::kVendorsWrite};
    default:
      return {Permission::kCatalogRead, Permission::kCatalogWrite, Permission::kCatalogWrite};
  }
}

std::optional<bool> bool_param(const Request& req, const std::string& name,
                               std::vector<FieldError>& errors) {
  const auto raw = req.query_param(name);
  if (!raw) return std::nullopt;
  if (*raw == "true" || *raw == "false") return *raw == "true";
  errors.push_back({name, "must_be_boolean", "Use true or false."});
  return std::nullopt;
}


pos::ListQuery list_query(Entity entity, const Request& req) {
  const pos::EntitySpec& spec = pos::spec(entity);
  std::vector<FieldError> errors;
  pos::ListQuery q;
  q.limit = web::page_limit(req);
  q.after_id = web::uuid_cursor(req);
  q.include_deleted = bool_param(req, "include_deleted", errors).value_or(false);
  if (auto search = req.query_param("q")) {
    if (spec.search_sql.empty()) {
      errors.push_back({"q", "not_supported", "This list cannot be searched."});
    } else if (search->size() > 200) {
      errors.push_back({"q", "too_long", "Search with at most 200 characters."});
    } else {
      q.search = *search;
    }
  }
  for (const auto& name : spec.filters) {
    const pos::FieldSpec& f = *spec.field(name);
    const std::string key(name);
    if (f.type == pos::FieldType::kBool) {
      if (auto b = bool_param(req, key, errors)) q.equals.emplace_back(key, *b);
    } else if (auto raw = req.query_param(key)) {
      if (*raw == "null" && f.nullable) {
        q.equals.emplace_back(key, std::monostate{});
      } else if (is_uuid(*raw)) {
        q.equals.emplace_back(key, *raw);
      } else {
        errors.push_back(
            {key, "invalid_id", "Give a UUID" + std::string(f.nullable ? " or null." : ".")});
      }
    }
  }
  if (entity == Entity::kProduct) {
    if (auto branch = req.query_param("branch_id")) {
      if (is_uuid(*branch)) {
        q.stock_branch_id = *branch;
      } else {
        errors.push_back({"branch_id", "invalid_id", "Give a UUID."});
      }
    }
    q.low_stock = bool_param(req, "low_stock", errors).value_or(false);
    if (q.low_stock && q.stock_branch_id.empty() && errors.empty()) {
      errors.push_back({"low_stock", "needs_branch", "low_stock needs branch_id."});
    }
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  return q;
}

Response list_records(pos::CatalogService& svc, Entity entity, Request& req) {
  const pos::ListQuery q = list_query(entity, req);
  const auto records = svc.list(entity, q);
  Poco::JSON::Array items;
  for (const auto& r : records) items.add(record_dto(r));
  const bool more = static_cast<int>(records.size()) == q.limit;
  return web::ok_page(web::to_json(items), more ? web::encode_cursor(records.back().id) : "",
                      q.limit);
}

std::vector<pos::StockLevel> opening_stock(const Poco::JSON::Object& body,
                                           std::vector<FieldError>& errors) {
  std::vector<pos::StockLevel> levels;
  if (!body.has("stock")) return levels;
  const auto array = body.getArray("stock");
  if (!array) {
    errors.push_back({"stock", "must_be_array", "Give an array of {branch_id, qty}."});
    return levels;
  }
  for (unsigned i = 0; i < array->size(); ++i) {
    const std::string at = "stock[" + std::to_string(i) + "]";
    const auto item = array->getObject(i);
    if (!item) {
      errors.push_back({at, "must_be_object", "Give {branch_id, qty, reorder_level?}."});
      continue;
    }
    pos::StockLevel level;
    for (const auto& [name, value] : *item) {
      if (name == "branch_id" && value.isString()) {
        level.branch_id = value.convert<std::string>();
      } else if ((name == "qty" || name == "reorder_level") && value.isInteger()) {
        try {
          (name == "qty" ? level.qty : level.reorder_level) = value.convert<Poco::Int64>();
        } catch (const Poco::Exception&) {
          errors.push_back({at + "." + name, "out_of_range", "The number is out of range."});
        }
      } else if (name == "branch_id" || name == "qty" || name == "reorder_level") {
        errors.push_back({at + "." + name,
                          name == "branch_id" ? "must_be_string" : "must_be_integer",
                          "Wrong type."});
      } else {
        errors.push_back({at + "." + name, "unknown_field", "This field is not accepted here."});
      }
    }
    if (!item->has("branch_id")) errors.push_back({at + ".branch_id", "required", "Required."});
    levels.push_back(std::move(level));
  }
  return levels;
}

Response create_record(pos::CatalogService& svc, Entity entity, Request& req) {
  const auto body = web::parse_json_object(req);
  std::vector<FieldError> errors;
  const pos::Fields fields = fields_from_json(
      pos::spec(entity), *body,
      {"id", "stock", "version", "created_at", "updated_at", "deleted_at"}, errors);
  for (const char* fixed : {"version", "created_at", "updated_at", "deleted_at"}) {
    if (body->has(fixed)) errors.push_back({fixed, "read_only", "This field cannot be set."});
  }
  std::optional<std::string> id;
  if (body->has("id")) {
    const auto v = body->get("id");
    if (v.isString()) {
      id = v.convert<std::string>();
    } else {
      errors.push_back({"id", "invalid_id", "Give a UUID or leave id out."});
    }
  }
  const auto opening =
      entity == Entity::kProduct ? opening_stock(*body, errors) : std::vector<pos::StockLevel>{};
  if (entity != Entity::kProduct && body->has("stock")) {
    errors.push_back({"stock", "unknown_field", "This field is not accepted here."});
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  const auto created = svc.create(actor_of(req), entity, fields, id, opening,
                                  req.header("idempotency-key").value_or(""));
  // A replay answers what the first request answered, as sales do: 200 and the header.
  Response response =
      web::ok(web::to_json(record_dto(created.document)), created.replayed ? 200 : 201);
  if (created.replayed) response.headers.emplace_back("Idempotent-Replayed", "true");
  return response;
}

Response update_record(pos::CatalogService& svc, Entity entity, Request& req) {
  const auto body = web::parse_json_object(req);
  std::vector<FieldError> errors;
  const pos::Fields fields = fields_from_json(
      pos::spec(entity), *body,
      {"version", "id", "created_at", "updated_at", "deleted_at", "stock"}, errors);
  for (const char* fixed : {"id", "created_at", "updated_at", "deleted_at", "stock"}) {
    if (body->has(fixed)) errors.push_back({fixed, "read_only", "This field cannot be changed."});
  }
  std::optional<std::int64_t> body_version;
  if (body->has("version")) {
    const auto v = body->get("version");
    if (v.isInteger()) {
      body_version = v.convert<Poco::Int64>();
    } else {
      errors.push_back({"version", "must_be_integer", "Must be a whole number."});
    }
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  const int version = web::expected_version(req, body_version);
  return web::ok(web::to_json(
      record_dto(svc.update(actor_of(req), entity, req.param("id"), version, fields))));
}

Response ledger(pos::CatalogService& svc, Entity party, Request& req) {
  const int limit = web::page_limit(req);
  std::int64_t after = 0;
  if (const auto cursor = req.query_param("cursor")) {
    Poco::Int64 n = 0;
    if (!Poco::NumberParser::tryParse64(web::decode_cursor(*cursor), n) || n < 0) {
      throw Error::invalid("INVALID_CURSOR", "The cursor is not valid.");
    }
    after = n;
  }
  const auto entries = svc.ledger(party, req.param("id"), after, limit);
  Poco::JSON::Array items;
  for (const auto& e : entries) items.add(ledger_dto(e));
  const bool more = static_cast<int>(entries.size()) == limit;
  return web::ok_page(web::to_json(items),
                      more ? web::encode_cursor(std::to_string(entries.back().id)) : "", limit);
}

Response sync_changes(pos::CatalogService& svc, Request& req) {
  const int limit = web::page_limit(req);
  std::string position;
  if (const auto since = req.query_param("since"); since && !since->empty()) {
    position = web::decode_cursor(*since);
    const auto colon = position.find(':');
    Poco::UInt64 a = 0;
    Poco::UInt64 b = 0;
    if (colon == std::string::npos ||
        !Poco::NumberParser::tryParseUnsigned64(position.substr(0, colon), a) ||
        !Poco::NumberParser::tryParseUnsigned64(position.substr(colon + 1), b) ||
        b > static_cast<Poco::UInt64>(INT64_MAX)) {
      throw Error::invalid("INVALID_CURSOR", "The cursor is not valid.");
    }
  }
  std::vector<std::string> types;
  if (const auto raw = req.query_param("types"); raw && !raw->empty()) {
    for (std::size_t start = 0; start <= raw->size();) {
      const auto end = std::min(raw->find(',', start), raw->size());
      if (end > start) types.push_back(raw->substr(start, end - start));
      start = end + 1;
    }
  }
  const pos::ChangePage page = svc.changes(position, types, limit);
  Poco::JSON::Array items;
  for (const auto& c : page.changes) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("type", c.type);
    o->set("id", c.id);
    o->set("op", c.op);
    if (c.record) {
      o->set("version", c.record->version);
      o->set("data", record_dto(*c.record));
    } else if (c.type == "stock") {
      pos::Record holder;
      holder.entity = Entity::kProduct;
      holder.stock = c.stock;
      Poco::JSON::Object::Ptr data = new Poco::JSON::Object;
      data->set("product_id", c.id);
      data->set("stock", record_dto(holder)->get("stock"));
      o->set("data", data);
    }
    items.add(o);
  }
  std::string body = "{\"data\":" + web::to_json(items) + ",\"page\":{\"next_cursor\":\"" +
                     (page.next_position.empty() ? "" : web::encode_cursor(page.next_position)) +
                     "\",\"limit\":" + std::to_string(limit) +
                     ",\"has_more\":" + (page.has_more ? "true" : "false") + "}}";
  return {200, "application/json", {}, std::move(body)};
}

Response import_products(pos::CatalogService& svc, Request& req) {
  std::vector<FieldError> errors;
  std::vector<pos::ImportRow> rows;
  if (req.media_type() == "text/csv") {
    rows = products_from_csv(req.body, errors);
  } else {
    const auto body = web::parse_json_object(req);
    const auto array = body->getArray("products");
    if (!array || body->size() != 1) {
      throw Error::validation(
          {{"products", "required", "Send {\"products\": [ … ]} (and nothing else)."}});
    }
    for (unsigned i = 0; i < array->size(); ++i) {
      const std::string at = "lines[" + std::to_string(i + 1) + "]";
      const auto item = array->getObject(i);
      if (!item) {
        errors.push_back({at, "must_be_object", "Each product is a JSON object."});
        continue;
      }
      rows.push_back({static_cast<int>(i + 1),
                      fields_from_json(pos::spec(Entity::kProduct), *item, {}, errors, at + ".")});
    }
  }
  const pos::ImportResult result = svc.import_products(actor_of(req), rows, std::move(errors));
  return web::ok("{\"created\":" + std::to_string(result.created) +
                 ",\"updated\":" + std::to_string(result.updated) + "}");
}

// Streamed: each page of products is turned into CSV and written out before the next page is
// read, so the responder holds one page, whatever the size of the catalog. The filters are
// checked (400) before the headers go out.
Response export_products(pos::CatalogService& svc, Request& req) {
  pos::ListQuery filter = list_query(Entity::kProduct, req);
  filter.include_deleted = false;
  Response response{200,
                    "text/csv; charset=utf-8",
                    {{"Content-Disposition", "attachment; filename=\"products.csv\""}},
                    {}};
  response.stream = [&svc, filter](const web::BodyWriter& write) {
    write(products_csv_header());
    std::string chunk;
    svc.export_products(filter, [&](const std::vector<pos::Record>& page) {
      chunk.clear();
      for (const auto& p : page) append_product_csv(p, chunk);
      write(chunk);
    });
  };
  return response;
}

}  // namespace

void add_catalog_routes(web::Router& router, CatalogServices s) {
  auto& svc = s.catalog;
  for (const Entity entity : pos::kAllEntities) {
    const std::string base = "/api/v1/" + std::string(pos::spec(entity).collection);
    const Permissions p = permissions_of(entity);
    // clang-format off
    router.add({"GET", base, p.read, BodyFormat::kNone,
                [&svc, entity](Request& r) { return list_records(svc, entity, r); }});
    router.add({"POST", base, p.create, BodyFormat::kJson,
                [&svc, entity](Request& r) { return create_record(svc, entity, r); }});
    router.add({"GET", base + "/{id}", p.read, BodyFormat::kNone,
                [&svc, entity](Request& r) {
                  return web::ok(web::to_json(record_dto(svc.get(entity, r.param("id")))));
                }});
    router.add({"PATCH", base + "/{id}", p.write, BodyFormat::kJson,
                [&svc, entity](Request& r) { return update_record(svc, entity, r); }});
    router.add({"DELETE", base + "/{id}", p.write, BodyFormat::kNone,
                [&svc, entity](Request& r) {
                  return web::ok(web::to_json(record_dto(svc.remove(actor_of(r), entity, r.param("id")))));
                }});
    // clang-format on
  }
  // clang-format off
  router.add({"GET", "/api/v1/products/by-barcode/{code}", Permission::kCatalogRead, BodyFormat::kNone,
              [&svc](Request& r) { return web::ok(web::to_json(record_dto(svc.by_barcode(r.param("code"))))); }});
  router.add({"GET", "/api/v1/customers/{id}/ledger", Permission::kCustomersRead, BodyFormat::kNone,
              [&svc](Request& r) { return ledger(svc, Entity::kCustomer, r); }});
  router.add({"GET", "/api/v1/vendors/{id}/ledger", Permission::kVendorsRead, BodyFormat::kNone,
              [&svc](Request& r) { return ledger(svc, Entity::kVendor, r); }});
  router.add({"GET", "/api/v1/sync/changes", Permission::kCatalogRead, BodyFormat::kNone,
              [&svc](Request& r) { return sync_changes(svc, r); }});
  router.add({"POST", "/api/v1/products/import", Permission::kCatalogWrite, BodyFormat::kJsonOrCsv,
              [&svc](Request& r) { return import_products(svc, r); }, kImportMaxBodyBytes});
  router.add({"GET", "/api/v1/products/export", Permission::kCatalogRead, BodyFormat::kNone,
              [&svc](Request& r) { return export_products(svc, r); }});
  // clang-format on
}

}  // namespace regal::handlers
