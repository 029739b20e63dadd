// POS refund routes (docs/SALES.md, "Refunds"): POST /api/v1/sales/{id}/refunds,
// GET /api/v1/refunds and GET /api/v1/refunds/{id}.
#include "handlers/refund_handlers.hpp"

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <cctype>

#include "handlers/identity_dto.hpp"
#include "regal/core/clock.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/pos/refund_service.hpp"
#include "web/envelope.hpp"
#include "web/json_body.hpp"
#include "web/json_fields.hpp"
#include "web/request_params.hpp"

namespace regal::handlers {
namespace {

using auth::Permission;
using web::BodyFormat;
using web::Request;
using web::Response;

constexpr std::int64_t kMaxAmount = 1'000'000'000'000'000;  // 10^15 minor units
constexpr std::int64_t kMaxQty = 1'000'000'000;

Poco::Dynamic::Var nullable(const std::string& text) {
  return text.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(text);
}

// Shared with the other handlers (web/json_fields.hpp).
using web::collect;
using web::read_objects;

pos::RefundRequest parse_refund(const Request& req) {
  const auto body = web::parse_json_object(req);
  web::JsonFields f(body,
                    {"shift_id", "client_id", "lines", "payments", "reason", "approval_token"});
  pos::RefundRequest r;
  r.sale_id = req.param("id");
  r.shift_id = f.required_string("shift_id", 36);
  r.client_id = f.optional_string("client_id", 36).value_or("");
  r.reason = f.optional_string("reason", 500).value_or("");
  r.approval_token = f.optional_string("approval_token", 200).value_or("");
  std::vector<FieldError> errors;
  if (!body->has("lines")) errors.push_back({"lines", "required", "A refund needs lines."});
  read_objects(*body, "lines", errors, [&](const Poco::JSON::Object& o, const std::string& at) {
    web::JsonFields lf(new Poco::JSON::Object(o), {"line_id", "qty", "disposition"});
    pos::RefundLineRequest line;
    line.line_id = lf.required_string("line_id", 36);
    line.qty = lf.optional_int("qty", 1, kMaxQty).value_or(0);
    if (!o.has("qty")) lf.add_error("qty", "required", "Give a quantity of at least 1.");
    const std::string disposition = lf.optional_string("disposition", 20).value_or("restock");
    if (auto d = pos::parse_disposition(disposition)) {
      line.disposition = *d;
    } else {
      lf.add_error("disposition", "invalid_choice", "Use restock or damaged.");
    }
    collect(lf, at, errors);
    r.lines.push_back(std::move(line));
  });
  read_objects(*body, "payments", errors, [&](const Poco::JSON::Object& o, const std::string& at) {
    web::JsonFields pf(new Poco::JSON::Object(o), {"method", "amount"});
    pos::RefundPayment p;
    const std::string method = pf.required_string("method", 20);
    if (auto m = pos::parse_refund_method(method)) {
      p.method = *m;
    } else if (!method.empty()) {
      pf.add_error("method", "invalid_choice", "Use cash, card, other or store_credit.");
    }
    p.amount = pf.optional_int("amount", 1, kMaxAmount).value_or(0);
    if (!o.has("amount")) pf.add_error("amount", "required", "Give the amount.");
    collect(pf, at, errors);
    r.payments.push_back(p);
  });
  web::prepend_errors(f, errors);
  if (!errors.empty()) throw Error::validation(std::move(errors));
  return r;
}

Poco::JSON::Object::Ptr figures_into(Poco::JSON::Object::Ptr o, const pos::LineFigures& f) {
  o->set("gross", Poco::Int64(f.gross));
  o->set("line_discount", Poco::Int64(f.line_discount));
  o->set("order_discount", Poco::Int64(f.order_discount));
  o->set("net", Poco::Int64(f.net));
  o->set("tax", Poco::Int64(f.tax));
  o->set("total", Poco::Int64(f.total));
  return o;
}

Poco::JSON::Object::Ptr refund_dto(const pos::Refund& f) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
  o->set("id", f.id);
  o->set("client_id", nullable(f.client_id));
  o->set("number", f.number);
  o->set("status", std::string("completed"));
  o->set("sale_id", f.sale_id);
  o->set("sale_number", f.sale_number);
  o->set("branch_id", f.branch_id);
  o->set("register_id", f.register_id);
  o->set("shift_id", f.shift_id);
  o->set("cashier_id", nullable(f.cashier_id));
  o->set("approved_by", nullable(f.approved_by));
  o->set("customer_id", nullable(f.customer_id));
  o->set("reason", f.reason);
  Poco::JSON::Array::Ptr lines = new Poco::JSON::Array;
  for (const auto& l : f.lines) {
    Poco::JSON::Object::Ptr x = new Poco::JSON::Object;
    x->set("id", l.id);
    x->set("line_no", l.line_no);
    x->set("line_id", l.sale_line_id);
    x->set("product_id", nullable(l.product_id));
    x->set("sku", l.sku);
    x->set("description", l.description);
    x->set("qty", Poco::Int64(l.qty));
    x->set("disposition", std::string(pos::to_string(l.disposition)));
    x->set("tax_rate", Poco::Int64(l.tax_rate_bp));
    lines->add(figures_into(x, l.figures));
  }
  o->set("lines", lines);
  Poco::JSON::Array::Ptr payments = new Poco::JSON::Array;
  for (const auto& p : f.payments) {
    Poco::JSON::Object::Ptr x = new Poco::JSON::Object;
    x->set("method", std::string(pos::to_string(p.method)));
    x->set("amount", Poco::Int64(p.amount));
    payments->add(x);
  }
  o->set("payments", payments);
  Poco::JSON::Array::Ptr taxes = new Poco::JSON::Array;
  for (const auto& t : f.taxes) {
    Poco::JSON::Object::Ptr x = new Poco::JSON::Object;
    x->set("rate", Poco::Int64(t.rate_bp));
    x->set("taxable", Poco::Int64(t.taxable));
    x->set("tax", Poco::Int64(t.tax));
    taxes->add(x);
  }
  o->set("taxes", taxes);
  o->set("gross", Poco::Int64(f.gross));
  o->set("discount_total", Poco::Int64(f.discount_total));
  o->set("net", Poco::Int64(f.net));
  o->set("tax_total", Poco::Int64(f.tax_total));
  o->set("total", Poco::Int64(f.total));
  o->set("created_at", f.created_at_ms != 0 ? Poco::Dynamic::Var(format_rfc3339_ms(f.created_at_ms))
                                            : Poco::Dynamic::Var());
  return o;
}

Response create_refund(pos::RefundService& svc, Request& req) {
  const pos::RefundRequest r = parse_refund(req);
  const auto outcome = svc.create(actor_of(req), r, req.header("idempotency-key").value_or(""));
  Response response =
      web::ok(web::to_json(refund_dto(outcome.refund)), outcome.replayed ? 200 : 201);
  if (outcome.replayed) response.headers.emplace_back("Idempotent-Replayed", "true");
  response.headers.emplace_back("Location", "/api/v1/refunds/" + outcome.refund.id);
  return response;
}

bool is_date(const std::string& v) {
  return v.size() == 10 && v[4] == '-' && v[7] == '-' &&
         std::all_of(v.begin(), v.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c)) || c == '-';
         });
}

Response list_refunds(pos::RefundService& svc, Request& req) {
  pos::RefundQuery q;
  q.limit = web::page_limit(req);
  std::vector<FieldError> errors;
  q.before_id = web::uuid_cursor(req);
  const std::pair<const char*, std::string*> ids[] = {{"sale_id", &q.sale_id},
                                                      {"branch_id", &q.branch_id},
                                                      {"register_id", &q.register_id},
                                                      {"shift_id", &q.shift_id},
                                                      {"cashier_id", &q.cashier_id}};
  for (const auto& [name, target] : ids) {
    if (auto v = req.query_param(name)) {
      if (is_uuid(*v)) {
        *target = *v;
      } else {
        errors.push_back({name, "invalid_id", "Give a UUID."});
      }
    }
  }
  for (const auto& [name, target] :
       {std::pair{"from", &q.from_date}, std::pair{"to", &q.to_date}}) {
    if (auto v = req.query_param(name)) {
      if (is_date(*v)) {
        *target = *v;
      } else {
        errors.push_back({name, "invalid_date", "Use YYYY-MM-DD."});
      }
    }
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  const auto refunds = svc.list(q);
  Poco::JSON::Array items;
  for (const auto& f : refunds) items.add(refund_dto(f));
  const bool more = static_cast<int>(refunds.size()) == q.limit;
  return web::ok_page(web::to_json(items), more ? web::encode_cursor(refunds.back().id) : "",
                      q.limit);
}

}  // namespace

void add_refund_routes(web::Router& router, RefundServices s) {
  auto& svc = s.refunds;
  // clang-format off
  router.add({"POST", "/api/v1/sales/{id}/refunds", Permission::kRefundsCreate, BodyFormat::kJson,
              [&svc](Request& r) { return create_refund(svc, r); }});
  router.add({"GET", "/api/v1/refunds", Permission::kSalesRead, BodyFormat::kNone,
              [&svc](Request& r) { return list_refunds(svc, r); }});
  router.add({"GET", "/api/v1/refunds/{id}", Permission::kSalesRead, BodyFormat::kNone,
              [&svc](Request& r) { return web::ok(web::to_json(refund_dto(svc.get(r.param("id"))))); }});
  // clang-format on
}

}  // namespace regal::handlers
