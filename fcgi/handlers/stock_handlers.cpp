// POS stock routes (docs/STOCK.md): purchases and vendor payments, adjustments, transfers, the
// stock report with reorder levels, and the stock ledger.
#include "handlers/stock_handlers.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/NumberParser.h>

#include "handlers/identity_dto.hpp"
#include "handlers/stock_dto.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/pos/stock_service.hpp"
#include "web/envelope.hpp"
#include "web/json_body.hpp"
#include "web/json_fields.hpp"
#include "web/request_params.hpp"

namespace regal::handlers {
namespace {

using auth::Permission;
using Poco::JSON::Object;
using web::BodyFormat;
using web::Request;
using web::Response;
namespace sj = stock_json;

std::string key_of(const Request& r) { return r.header("idempotency-key").value_or(""); }

void throw_if(std::vector<FieldError>& errors) {
  if (!errors.empty()) throw Error::validation(std::move(errors));
}

template <class T, class Dto>
Response page(const std::vector<T>& items, int limit, Dto&& dto,
              const std::function<std::string(const T&)>& position) {
  Poco::JSON::Array out;
  for (const auto& item : items) out.add(dto(item));
  const bool more = static_cast<int>(items.size()) == limit;
  return web::ok_page(web::to_json(out), more ? web::encode_cursor(position(items.back())) : "",
                      limit);
}

// ----------------------------------------------------------------------------- purchases

pos::PurchaseRequest parse_purchase(const Request& req) {
  const auto body = web::parse_json_object(req);
  web::JsonFields f(body, {"vendor_id", "branch_id", "reference", "lines", "paid"});
  pos::PurchaseRequest r;
  r.vendor_id = f.required_string("vendor_id", 36);
  r.branch_id = f.required_string("branch_id", 36);
  r.reference = f.optional_string("reference", 100).value_or("");
  std::vector<FieldError> errors;
  sj::read_objects(*body, "lines", true, errors, [&](const Object::Ptr& o, const std::string& at) {
    web::JsonFields lf(o, {"product_id", "qty", "unit_cost"});
    pos::PurchaseLineRequest l;
    l.product_id = lf.required_string("product_id", 36);
    l.qty = sj::integer(lf, "qty", true).value_or(0);
    l.unit_cost = sj::integer(lf, "unit_cost", true).value_or(0);
    sj::collect(lf, at, errors);
    r.lines.push_back(std::move(l));
  });
  if (body->has("paid") && !body->isNull("paid")) {
    const auto paid = body->getObject("paid");
    if (!paid) {
      errors.push_back({"paid", "must_be_object", "Give {amount, method} or leave paid out."});
    } else {
      web::JsonFields pf(paid, {"amount", "method"});
      pos::PurchasePayment p;
      p.amount = sj::integer(pf, "amount", true).value_or(0);
      p.method = pf.required_string("method", 20);
      sj::collect(pf, "paid", errors);
      r.paid = p;
    }
  }
  sj::finish(f, errors);
  throw_if(errors);
  return r;
}

pos::StockDocumentQuery document_query(const Request& req, std::vector<FieldError>& errors) {
  pos::StockDocumentQuery q;
  q.limit = web::page_limit(req);
  q.before_id = sj::uuid_cursor(req);
  sj::date_filter(req, "from", q.from_date, errors);
  sj::date_filter(req, "to", q.to_date, errors);
  return q;
}

Response list_purchases(pos::StockService& svc, const Request& req) {
  std::vector<FieldError> errors;
  auto q = document_query(req, errors);
  sj::id_filter(req, "vendor_id", q.vendor_id, errors);
  sj::id_filter(req, "branch_id", q.branch_id, errors);
  throw_if(errors);
  return page<pos::Purchase>(svc.purchases(q), q.limit, sj::purchase_dto,
                             [](const pos::Purchase& p) { return p.id; });
}

Response pay_vendor(pos::StockService& svc, Request& req) {
  const auto body = web::parse_json_object(req);
  web::JsonFields f(body, {"amount", "method", "note"});
  pos::VendorPaymentRequest r;
  r.vendor_id = req.param("id");
  if (!is_uuid(r.vendor_id)) throw Error::not_found("Vendor");
  r.amount = sj::integer(f, "amount", true).value_or(0);
  r.method = f.required_string("method", 20);
  r.note = f.optional_string("note", 500, web::TextKind::kMultiline).value_or("");
  f.finish();
  const auto done = svc.pay_vendor(actor_of(req), r, key_of(req));
  return sj::created(sj::vendor_payment_dto(done.document), done.replayed,
                     "/api/v1/vendors/" + r.vendor_id + "/ledger");
}

// --------------------------------------------------------------------------- adjustments

pos::AdjustmentRequest parse_adjustment(const Request& req) {
  const auto body = web::parse_json_object(req);
  web::JsonFields f(body, {"branch_id", "kind", "reason", "lines"});
  pos::AdjustmentRequest r;
  r.branch_id = f.required_string("branch_id", 36);
  const std::string kind = f.required_string("kind", 20);
  r.kind = pos::parse_adjustment_kind(kind);
  if (!r.kind && !kind.empty()) {
    f.add_error("kind", "invalid_choice", "Use count, damage, loss or found.");
  }
  r.reason = f.required_string("reason", 500, web::TextKind::kMultiline);
  std::vector<FieldError> errors;
  sj::read_objects(*body, "lines", true, errors, [&](const Object::Ptr& o, const std::string& at) {
    web::JsonFields lf(o, {"product_id", "qty", "counted", "expected"});
    pos::AdjustmentLineRequest l;
    l.product_id = lf.required_string("product_id", 36);
    l.qty = sj::integer(lf, "qty", r.kind && *r.kind != pos::AdjustmentKind::kCount).value_or(0);
    const bool count = r.kind == pos::AdjustmentKind::kCount;
    l.counted = sj::integer(lf, "counted", count);
    l.expected = sj::integer(lf, "expected", count);
    sj::collect(lf, at, errors);
    r.lines.push_back(std::move(l));
  });
  sj::finish(f, errors);
  throw_if(errors);
  return r;
}

Response list_adjustments(pos::StockService& svc, const Request& req) {
  std::vector<FieldError> errors;
  auto q = document_query(req, errors);
  sj::id_filter(req, "branch_id", q.branch_id, errors);
  if (const auto kind = req.query_param("kind")) {
    if (pos::parse_adjustment_kind(*kind)) {
      q.kind = *kind;
    } else {
      errors.push_back({"kind", "invalid_choice", "Use count, damage, loss or found."});
    }
  }
  throw_if(errors);
  return page<pos::Adjustment>(svc.adjustments(q), q.limit, sj::adjustment_dto,
                               [](const pos::Adjustment& a) { return a.id; });
}

// ----------------------------------------------------------------------------- transfers

pos::TransferRequest parse_transfer(const Request& req) {
  const auto body = web::parse_json_object(req);
  web::JsonFields f(body, {"from_branch_id", "to_branch_id", "note", "lines"});
  pos::TransferRequest r;
  r.from_branch_id = f.required_string("from_branch_id", 36);
  r.to_branch_id = f.required_string("to_branch_id", 36);
  r.note = f.optional_string("note", 500, web::TextKind::kMultiline).value_or("");
  std::vector<FieldError> errors;
  sj::read_objects(*body, "lines", true, errors, [&](const Object::Ptr& o, const std::string& at) {
    web::JsonFields lf(o, {"product_id", "qty"});
    pos::TransferLineRequest l;
    l.product_id = lf.required_string("product_id", 36);
    l.qty = sj::integer(lf, "qty", true).value_or(0);
    sj::collect(lf, at, errors);
    r.lines.push_back(std::move(l));
  });
  sj::finish(f, errors);
  throw_if(errors);
  return r;
}

Response list_transfers(pos::StockService& svc, const Request& req) {
  std::vector<FieldError> errors;
  auto q = document_query(req, errors);
  sj::id_filter(req, "branch_id", q.branch_id, errors);
  sj::id_filter(req, "from_branch_id", q.from_branch_id, errors);
  sj::id_filter(req, "to_branch_id", q.to_branch_id, errors);
  throw_if(errors);
  return page<pos::Transfer>(svc.transfers(q), q.limit, sj::transfer_dto,
                             [](const pos::Transfer& t) { return t.id; });
}

// -------------------------------------------------------------------- report and ledger

Response list_stock(pos::StockService& svc, const Request& req) {
  std::vector<FieldError> errors;
  pos::StockQuery q;
  q.limit = web::page_limit(req);
  if (const auto cursor = req.query_param("cursor")) {
    const std::string position = web::decode_cursor(*cursor);
    const auto colon = position.find(':');
    if (colon == std::string::npos || !is_uuid(position.substr(0, colon)) ||
        !is_uuid(position.substr(colon + 1))) {
      throw Error::invalid("INVALID_CURSOR", "The cursor is not valid.");
    }
    q.after_product_id = position.substr(0, colon);
    q.after_branch_id = position.substr(colon + 1);
  }
  sj::id_filter(req, "branch_id", q.branch_id, errors);
  sj::id_filter(req, "product_id", q.product_id, errors);
  sj::id_filter(req, "category_id", q.category_id, errors);
  q.below_reorder = sj::bool_filter(req, "below_reorder", errors).value_or(false);
  throw_if(errors);
  return page<pos::StockRow>(svc.stock(q), q.limit, sj::stock_row_dto, [](const pos::StockRow& r) {
    return r.product_id + ":" + r.branch_id;
  });
}

Response set_reorder_level(pos::StockService& svc, Request& req) {
  const auto body = web::parse_json_object(req);
  web::JsonFields f(body, {"reorder_level"});
  const auto level = sj::integer(f, "reorder_level", true);
  f.finish();
  return web::ok(web::to_json(sj::stock_row_dto(svc.set_reorder_level(
      actor_of(req), req.param("branch_id"), req.param("product_id"), *level))));
}

Response list_movements(pos::StockService& svc, const Request& req) {
  std::vector<FieldError> errors;
  pos::MovementQuery q;
  q.limit = web::page_limit(req);
  if (const auto cursor = req.query_param("cursor")) {
    Poco::Int64 id = 0;
    if (!Poco::NumberParser::tryParse64(web::decode_cursor(*cursor), id) || id < 1) {
      throw Error::invalid("INVALID_CURSOR", "The cursor is not valid.");
    }
    q.before_id = id;
  }
  sj::id_filter(req, "product_id", q.product_id, errors);
  sj::id_filter(req, "branch_id", q.branch_id, errors);
  sj::date_filter(req, "from", q.from_date, errors);
  sj::date_filter(req, "to", q.to_date, errors);
  for (const auto& [name, target] : {std::pair{"kind", &q.kind}, std::pair{"ref_type", &q.ref_type},
                                     std::pair{"ref_id", &q.ref_id}}) {
    if (const auto v = req.query_param(name)) {
      if (v->empty() || v->size() > 64) {
        errors.push_back({name, "invalid_value", "Give 1–64 characters."});
      } else {
        *target = *v;
      }
    }
  }
  throw_if(errors);
  return page<pos::StockMovement>(svc.movements(q), q.limit, sj::movement_dto,
                                  [](const pos::StockMovement& m) { return std::to_string(m.id); });
}

}  // namespace

void add_stock_routes(web::Router& router, StockServices s) {
  auto& svc = s.stock;
  // clang-format off
  router.add({"POST", "/api/v1/purchases", Permission::kStockWrite, BodyFormat::kJson,
              [&svc](Request& r) {
                const auto done = svc.receive(actor_of(r), parse_purchase(r), key_of(r));
                return sj::created(sj::purchase_dto(done.document), done.replayed,
                                   "/api/v1/purchases/" + done.document.id);
              }});
  router.add({"GET", "/api/v1/purchases", Permission::kStockRead, BodyFormat::kNone,
              [&svc](Request& r) { return list_purchases(svc, r); }});
  router.add({"GET", "/api/v1/purchases/{id}", Permission::kStockRead, BodyFormat::kNone,
              [&svc](Request& r) { return web::ok(web::to_json(sj::purchase_dto(svc.purchase(r.param("id"))))); }});
  router.add({"POST", "/api/v1/vendors/{id}/payments", Permission::kVendorsWrite, BodyFormat::kJson,
              [&svc](Request& r) { return pay_vendor(svc, r); }});
  router.add({"POST", "/api/v1/stock/adjustments", Permission::kStockWrite, BodyFormat::kJson,
              [&svc](Request& r) {
                const auto done = svc.adjust(actor_of(r), parse_adjustment(r), key_of(r));
                return sj::created(sj::adjustment_dto(done.document), done.replayed,
                                   "/api/v1/stock/adjustments/" + done.document.id);
              }});
  router.add({"GET", "/api/v1/stock/adjustments", Permission::kStockRead, BodyFormat::kNone,
              [&svc](Request& r) { return list_adjustments(svc, r); }});
  router.add({"GET", "/api/v1/stock/adjustments/{id}", Permission::kStockRead, BodyFormat::kNone,
              [&svc](Request& r) { return web::ok(web::to_json(sj::adjustment_dto(svc.adjustment(r.param("id"))))); }});
  router.add({"POST", "/api/v1/stock/transfers", Permission::kStockWrite, BodyFormat::kJson,
              [&svc](Request& r) {
                const auto done = svc.transfer(actor_of(r), parse_transfer(r), key_of(r));
                return sj::created(sj::transfer_dto(done.document), done.replayed,
                                   "/api/v1/stock/transfers/" + done.document.id);
              }});
  router.add({"GET", "/api/v1/stock/transfers", Permission::kStockRead, BodyFormat::kNone,
              [&svc](Request& r) { return list_transfers(svc, r); }});
  router.add({"GET", "/api/v1/stock/transfers/{id}", Permission::kStockRead, BodyFormat::kNone,
              [&svc](Request& r) { return web::ok(web::to_json(sj::transfer_dto(svc.transfer(r.param("id"))))); }});
  router.add({"GET", "/api/v1/stock", Permission::kStockRead, BodyFormat::kNone,
              [&svc](Request& r) { return list_stock(svc, r); }});
  router.add({"GET", "/api/v1/stock/movements", Permission::kStockRead, BodyFormat::kNone,
              [&svc](Request& r) { return list_movements(svc, r); }});
  router.add({"GET", "/api/v1/stock/{branch_id}/{product_id}", Permission::kStockRead, BodyFormat::kNone,
              [&svc](Request& r) {
                return web::ok(web::to_json(sj::stock_row_dto(svc.stock_row(r.param("branch_id"), r.param("product_id")))));
              }});
  router.add({"PATCH", "/api/v1/stock/{branch_id}/{product_id}", Permission::kStockWrite, BodyFormat::kJson,
              [&svc](Request& r) { return set_reorder_level(svc, r); }});
  // clang-format on
}

}  // namespace regal::handlers
