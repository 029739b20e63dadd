// POS custom-order routes (docs/SALES.md, "Custom orders").
#include "handlers/custom_order_handlers.hpp"

#include <Poco/JSON/Array.h>

#include "handlers/identity_dto.hpp"
#include "regal/core/clock.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/pos/custom_order_service.hpp"
#include "web/envelope.hpp"
#include "web/json_body.hpp"
#include "web/json_fields.hpp"
#include "web/request_params.hpp"

namespace regal::handlers {
namespace {

using auth::Permission;
using web::BodyFormat;
using web::collect;
using web::read_objects;
using web::Request;
using web::Response;

constexpr std::int64_t kMaxAmount = 1'000'000'000'000'000;  // 10^15 minor units
constexpr std::int64_t kMaxQty = 1'000'000'000;

Poco::Dynamic::Var nullable(const std::string& text) {
  return text.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(text);
}

Poco::Dynamic::Var time_or_null(std::int64_t ms) {
  return ms != 0 ? Poco::Dynamic::Var(format_rfc3339_ms(ms)) : Poco::Dynamic::Var();
}

std::string key_of(const Request& req) { return req.header("idempotency-key").value_or(""); }

// If-Match or "version" when given (412 on a stale one), else 0: not checked.
int version_of(const Request& req, std::optional<std::int64_t> body_version) {
  if (!req.header("if-match") && !body_version) return 0;
  return web::expected_version(req, body_version);
}

std::optional<pos::PaymentMethod> deposit_method(web::JsonFields& f) {
  const std::string method = f.required_string("method", 20);
  const auto m = pos::parse_payment_method(method);
  if (m && (*m == pos::PaymentMethod::kCash || *m == pos::PaymentMethod::kCard ||
            *m == pos::PaymentMethod::kOther)) {
    return m;
  }
  if (!method.empty()) f.add_error("method", "invalid_choice", "Use cash, card or other.");
  return std::nullopt;
}

pos::DepositRequest read_deposit(web::JsonFields& f, const Poco::JSON::Object& o) {
  pos::DepositRequest d;
  d.shift_id = f.required_string("shift_id", 36);
  d.method = deposit_method(f);
  d.amount = f.optional_int("amount", 1, kMaxAmount).value_or(0);
  if (!o.has("amount")) f.add_error("amount", "required", "Give the amount.");
  return d;
}

pos::CustomOrderRequest parse_order(const Request& req) {
  const auto body = web::parse_json_object(req);
  web::JsonFields f(
      body, {"branch_id", "customer_id", "due_date", "note", "lines", "discount", "deposit"});
  pos::CustomOrderRequest r;
  r.branch_id = f.required_string("branch_id", 36);
  r.customer_id = f.required_string("customer_id", 36);
  r.due_date = f.optional_string("due_date", 10).value_or("");
  r.note = f.optional_string("note", 1000, web::TextKind::kMultiline).value_or("");
  std::vector<FieldError> errors;
  if (!body->has("lines")) errors.push_back({"lines", "required", "An order needs lines."});
  read_objects(*body, "lines", errors, [&](const Poco::JSON::Object& o, const std::string& at) {
    web::JsonFields lf(new Poco::JSON::Object(o), {"product_id", "barcode", "qty", "unit_price",
                                                   "discount", "description", "tax_rate"});
    pos::SaleLineRequest line;
    line.product_id = lf.optional_string("product_id", 36).value_or("");
    line.barcode = lf.optional_string("barcode", 64).value_or("");
    line.qty = lf.optional_int("qty", 1, kMaxQty).value_or(0);
    if (!o.has("qty")) lf.add_error("qty", "required", "Give a quantity of at least 1.");
    line.unit_price = lf.optional_int("unit_price", 0, kMaxAmount);
    line.discount_bp = lf.optional_int("discount", 0, 10000);
    line.description = lf.optional_string("description", 200).value_or("");
    line.tax_rate_bp = lf.optional_int("tax_rate", 0, 10000);
    collect(lf, at, errors);
    r.lines.push_back(std::move(line));
  });
  if (body->has("discount")) {
    const auto d = body->getObject("discount");
    if (!d) {
      errors.push_back({"discount", "must_be_object", "Give {percent_bp} or {amount}."});
    } else {
      web::JsonFields df(d, {"percent_bp", "amount"});
      r.discount.percent_bp = df.optional_int("percent_bp", 0, 10000);
      r.discount.amount = df.optional_int("amount", 0, kMaxAmount);
      collect(df, "discount", errors);
    }
  }
  if (body->has("deposit") && !body->isNull("deposit")) {
    const auto d = body->getObject("deposit");
    if (!d) {
      errors.push_back({"deposit", "must_be_object", "Give {shift_id, method, amount}."});
    } else {
      web::JsonFields df(d, {"shift_id", "method", "amount"});
      r.deposit = read_deposit(df, *d);
      collect(df, "deposit", errors);
    }
  }
  web::prepend_errors(f, errors);
  if (!errors.empty()) throw Error::validation(std::move(errors));
  return r;
}

Poco::JSON::Object::Ptr line_dto(const pos::SaleLine& l) {
  Poco::JSON::Object::Ptr x = new Poco::JSON::Object;
  x->set("id", l.id);
  x->set("line_no", l.line_no);
  x->set("product_id", nullable(l.product_id));
  x->set("sku", l.sku);
  x->set("description", l.description);
  x->set("qty", Poco::Int64(l.qty));
  x->set("unit_price", Poco::Int64(l.unit_price));
  x->set("list_price", Poco::Int64(l.list_price));
  x->set("discount", Poco::Int64(l.discount_bp));
  x->set("tax_rate", Poco::Int64(l.tax_rate_bp));
  x->set("tax_inclusive", l.tax_inclusive);
  x->set("gross", Poco::Int64(l.figures.gross));
  x->set("line_discount", Poco::Int64(l.figures.line_discount));
  x->set("order_discount", Poco::Int64(l.figures.order_discount));
  x->set("net", Poco::Int64(l.figures.net));
  x->set("tax", Poco::Int64(l.figures.tax));
  x->set("total", Poco::Int64(l.figures.total));
  return x;
}

Poco::JSON::Object::Ptr order_dto(const pos::CustomOrder& o) {
  Poco::JSON::Object::Ptr x = new Poco::JSON::Object;
  x->set("id", o.id);
  x->set("number", o.number);
  x->set("status", std::string(pos::to_string(o.status)));
  x->set("branch_id", o.branch_id);
  x->set("customer_id", o.customer_id);
  x->set("due_date", nullable(o.due_date));
  x->set("note", o.note);
  Poco::JSON::Array::Ptr lines = new Poco::JSON::Array;
  for (const auto& l : o.lines) lines->add(line_dto(l));
  x->set("lines", lines);
  Poco::JSON::Array::Ptr taxes = new Poco::JSON::Array;
  for (const auto& t : o.taxes) {
    Poco::JSON::Object::Ptr y = new Poco::JSON::Object;
    y->set("rate", Poco::Int64(t.rate_bp));
    y->set("taxable", Poco::Int64(t.taxable));
    y->set("tax", Poco::Int64(t.tax));
    taxes->add(y);
  }
  x->set("taxes", taxes);
  Poco::JSON::Object::Ptr discount = new Poco::JSON::Object;
  discount->set("percent_bp", o.discount.percent_bp
                                  ? Poco::Dynamic::Var(Poco::Int64(*o.discount.percent_bp))
                                  : Poco::Dynamic::Var());
  discount->set("amount", o.discount.amount ? Poco::Dynamic::Var(Poco::Int64(*o.discount.amount))
                                            : Poco::Dynamic::Var());
  x->set("discount", discount);
  x->set("subtotal", Poco::Int64(o.subtotal));
  x->set("discount_total", Poco::Int64(o.discount_total));
  x->set("tax_total", Poco::Int64(o.tax_total));
  x->set("total", Poco::Int64(o.total));
  x->set("paid", Poco::Int64(o.paid));
  x->set("balance_due", Poco::Int64(o.balance_due()));
  Poco::JSON::Array::Ptr deposits = new Poco::JSON::Array;
  for (const auto& d : o.deposits) {
    Poco::JSON::Object::Ptr y = new Poco::JSON::Object;
    y->set("id", d.id);
    y->set("kind", d.kind);
    y->set("method", d.method);
    y->set("amount", Poco::Int64(d.amount));
    y->set("shift_id", d.shift_id);
    y->set("register_id", d.register_id);
    y->set("sale_id", nullable(d.sale_id));
    y->set("actor_id", nullable(d.actor_id));
    y->set("created_at", time_or_null(d.created_at_ms));
    deposits->add(y);
  }
  x->set("deposits", deposits);
  Poco::JSON::Array::Ptr history = new Poco::JSON::Array;
  for (const auto& e : o.history) {
    Poco::JSON::Object::Ptr y = new Poco::JSON::Object;
    y->set("from", nullable(e.from_status));
    y->set("to", e.to_status);
    y->set("actor_id", nullable(e.actor_id));
    y->set("note", e.note);
    y->set("at", time_or_null(e.created_at_ms));
    history->add(y);
  }
  x->set("history", history);
  x->set("sale_id", nullable(o.sale_id));
  x->set("created_by", nullable(o.created_by));
  x->set("created_at", time_or_null(o.created_at_ms));
  x->set("updated_at", time_or_null(o.updated_at_ms));
  x->set("version", o.version);
  return x;
}

Response answer(const pos::Stored<pos::CustomOrder>& stored, int created_status) {
  Response response =
      web::ok(web::to_json(order_dto(stored.document)), stored.replayed ? 200 : created_status);
  if (stored.replayed) response.headers.emplace_back("Idempotent-Replayed", "true");
  return response;
}

Response create_order(pos::CustomOrderService& svc, Request& req) {
  const auto stored = svc.create(actor_of(req), parse_order(req), key_of(req));
  Response response = answer(stored, 201);
  response.headers.emplace_back("Location", "/api/v1/custom-orders/" + stored.document.id);
  return response;
}

Response add_deposit(pos::CustomOrderService& svc, Request& req) {
  const auto body = web::parse_json_object(req);
  web::JsonFields f(body, {"shift_id", "method", "amount"});
  const pos::DepositRequest d = read_deposit(f, *body);
  f.finish();
  return answer(svc.deposit(actor_of(req), req.param("id"), d, key_of(req)), 201);
}

Response set_status(pos::CustomOrderService& svc, Request& req) {
  const auto body = web::parse_json_object(req);
  web::JsonFields f(body, {"status", "note", "version"});
  const std::string status = f.required_string("status", 20);
  const std::string note = f.optional_string("note", 500).value_or("");
  const auto body_version = f.optional_int("version", 1, 1'000'000'000);
  const auto to = pos::parse_order_status(status);
  if (!to && !status.empty()) {
    f.add_error("status", "invalid_choice", "Use ready (deliver and cancel have their calls).");
  }
  f.finish();
  return answer(svc.set_status(actor_of(req), req.param("id"), *to, version_of(req, body_version),
                               note, key_of(req)),
                200);
}

Response deliver(pos::CustomOrderService& svc, Request& req) {
  const auto body = web::parse_json_object(req);
  web::JsonFields f(body, {"shift_id", "payments", "version"});
  pos::DeliverRequest d;
  d.shift_id = f.required_string("shift_id", 36);
  const auto body_version = f.optional_int("version", 1, 1'000'000'000);
  std::vector<FieldError> errors;
  read_objects(*body, "payments", errors, [&](const Poco::JSON::Object& o, const std::string& at) {
    web::JsonFields pf(new Poco::JSON::Object(o), {"method", "amount"});
    pos::PaymentInput p;
    const std::string method = pf.required_string("method", 20);
    const auto m = pos::parse_payment_method(method);
    if (m && *m != pos::PaymentMethod::kDeposit) {
      p.method = *m;
    } else if (!method.empty()) {
      pf.add_error("method", "invalid_choice", "Use cash, card, other or on_account.");
    }
    p.amount = pf.optional_int("amount", 1, kMaxAmount).value_or(0);
    if (!o.has("amount")) pf.add_error("amount", "required", "Give the amount.");
    collect(pf, at, errors);
    d.payments.push_back(p);
  });
  web::prepend_errors(f, errors);
  if (!errors.empty()) throw Error::validation(std::move(errors));
  return answer(
      svc.deliver(actor_of(req), req.param("id"), d, version_of(req, body_version), key_of(req)),
      200);
}

Response cancel(pos::CustomOrderService& svc, Request& req) {
  const auto body = web::parse_json_object(req);
  web::JsonFields f(body, {"shift_id", "reason", "version"});
  pos::CancelRequest c;
  c.shift_id = f.optional_string("shift_id", 36).value_or("");
  c.reason = f.required_string("reason", 500);
  const auto body_version = f.optional_int("version", 1, 1'000'000'000);
  f.finish();
  return answer(
      svc.cancel(actor_of(req), req.param("id"), c, version_of(req, body_version), key_of(req)),
      200);
}

Response list_orders(pos::CustomOrderService& svc, Request& req) {
  pos::CustomOrderQuery q;
  q.limit = web::page_limit(req);
  q.before_id = web::uuid_cursor(req);
  std::vector<FieldError> errors;
  web::id_param(req, "branch_id", q.branch_id, errors);
  web::id_param(req, "customer_id", q.customer_id, errors);
  if (auto status = req.query_param("status")) {
    if (pos::parse_order_status(*status)) {
      q.status = *status;
    } else {
      errors.push_back({"status", "invalid_choice", "Use open, ready, delivered or cancelled."});
    }
  }
  if (auto number = req.query_param("number")) q.number = number->substr(0, 64);
  web::date_param(req, "from", q.from_date, errors);
  web::date_param(req, "to", q.to_date, errors);
  if (!errors.empty()) throw Error::validation(std::move(errors));
  const auto orders = svc.list(q);
  Poco::JSON::Array items;
  for (const auto& o : orders) items.add(order_dto(o));
  const bool more = static_cast<int>(orders.size()) == q.limit;
  return web::ok_page(web::to_json(items), more ? web::encode_cursor(orders.back().id) : "",
                      q.limit);
}

}  // namespace

void add_custom_order_routes(web::Router& router, CustomOrderServices s) {
  auto& svc = s.orders;
  // clang-format off
  router.add({"POST", "/api/v1/custom-orders", Permission::kOrdersWrite, BodyFormat::kJson,
              [&svc](Request& r) { return create_order(svc, r); }});
  router.add({"GET", "/api/v1/custom-orders", Permission::kOrdersRead, BodyFormat::kNone,
              [&svc](Request& r) { return list_orders(svc, r); }});
  router.add({"GET", "/api/v1/custom-orders/{id}", Permission::kOrdersRead, BodyFormat::kNone,
              [&svc](Request& r) { return web::ok(web::to_json(order_dto(svc.get(r.param("id"))))); }});
  router.add({"POST", "/api/v1/custom-orders/{id}/deposits", Permission::kOrdersWrite, BodyFormat::kJson,
              [&svc](Request& r) { return add_deposit(svc, r); }});
  router.add({"POST", "/api/v1/custom-orders/{id}/status", Permission::kOrdersWrite, BodyFormat::kJson,
              [&svc](Request& r) { return set_status(svc, r); }});
  router.add({"POST", "/api/v1/custom-orders/{id}/deliver", Permission::kOrdersWrite, BodyFormat::kJson,
              [&svc](Request& r) { return deliver(svc, r); }});
  router.add({"POST", "/api/v1/custom-orders/{id}/cancel", Permission::kOrdersCancel, BodyFormat::kJson,
              [&svc](Request& r) { return cancel(svc, r); }});
  // clang-format on
}

}  // namespace regal::handlers
