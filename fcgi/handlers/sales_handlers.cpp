// POS sales routes: /api/v1/sales (create, list, read) and /api/v1/sales/calculate.
#include "handlers/sales_handlers.hpp"

#include <Poco/JSON/Array.h>

#include <cctype>

#include "handlers/identity_dto.hpp"
#include "regal/core/clock.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/pos/sale_service.hpp"
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

Poco::Dynamic::Var nullable(const std::string& text) {
  return text.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(text);
}

using web::collect;
using web::read_objects;

constexpr std::int64_t kMaxAmount = 1'000'000'000'000'000;  // 10^15 minor units
constexpr std::int64_t kMaxQty = 1'000'000'000;

pos::SaleRequest parse_sale(const Request& req) {
  const auto body = web::parse_json_object(req);
  web::JsonFields f(body, {"branch_id", "register_id", "shift_id", "customer_id", "salesman_id",
                           "client_id", "lines", "discount", "payments"});
  pos::SaleRequest r;
  r.branch_id = f.required_string("branch_id", 36);
  r.register_id = f.required_string("register_id", 36);
  r.shift_id = f.optional_string("shift_id", 36).value_or("");
  r.customer_id = f.optional_string("customer_id", 36).value_or("");
  r.salesman_id = f.optional_string("salesman_id", 36).value_or("");
  r.client_id = f.optional_string("client_id", 36).value_or("");
  std::vector<FieldError> errors;
  if (!body->has("lines")) errors.push_back({"lines", "required", "A sale needs lines."});
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
  read_objects(*body, "payments", errors, [&](const Poco::JSON::Object& o, const std::string& at) {
    web::JsonFields pf(new Poco::JSON::Object(o), {"method", "amount"});
    pos::PaymentInput p;
    const std::string method = pf.required_string("method", 20);
    const auto m = pos::parse_payment_method(method);
    if (m && *m != pos::PaymentMethod::kDeposit) {  // deposits are applied by delivery only
      p.method = *m;
    } else if (!method.empty()) {
      pf.add_error("method", "invalid_choice", "Use cash, card, other or on_account.");
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

Poco::JSON::Object::Ptr sale_dto(const pos::Sale& s) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
  o->set("id", nullable(s.id));
  o->set("client_id", nullable(s.client_id));
  o->set("number", nullable(s.number));
  o->set("status", s.status);
  o->set("branch_id", s.branch_id);
  o->set("register_id", s.register_id);
  o->set("shift_id", nullable(s.shift_id));
  o->set("cashier_id", nullable(s.cashier_id));
  o->set("customer_id", nullable(s.customer_id));
  o->set("salesman_id", nullable(s.salesman_id));
  Poco::JSON::Array::Ptr lines = new Poco::JSON::Array;
  for (const auto& l : s.lines) {
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
    x->set("refunded_qty", Poco::Int64(l.refunded_qty));
    lines->add(x);
  }
  o->set("lines", lines);
  Poco::JSON::Array::Ptr payments = new Poco::JSON::Array;
  for (const auto& p : s.payments) {
    Poco::JSON::Object::Ptr x = new Poco::JSON::Object;
    x->set("method", std::string(pos::to_string(p.method)));
    x->set("amount", Poco::Int64(p.amount));
    payments->add(x);
  }
  o->set("payments", payments);
  Poco::JSON::Array::Ptr taxes = new Poco::JSON::Array;
  for (const auto& t : s.taxes) {
    Poco::JSON::Object::Ptr x = new Poco::JSON::Object;
    x->set("rate", Poco::Int64(t.rate_bp));
    x->set("taxable", Poco::Int64(t.taxable));
    x->set("tax", Poco::Int64(t.tax));
    taxes->add(x);
  }
  o->set("taxes", taxes);
  Poco::JSON::Object::Ptr discount = new Poco::JSON::Object;
  discount->set("percent_bp", s.discount.percent_bp
                                  ? Poco::Dynamic::Var(Poco::Int64(*s.discount.percent_bp))
                                  : Poco::Dynamic::Var());
  discount->set("amount", s.discount.amount ? Poco::Dynamic::Var(Poco::Int64(*s.discount.amount))
                                            : Poco::Dynamic::Var());
  o->set("discount", discount);
  o->set("subtotal", Poco::Int64(s.subtotal));
  o->set("discount_total", Poco::Int64(s.discount_total));
  o->set("tax_total", Poco::Int64(s.tax_total));
  o->set("total", Poco::Int64(s.total));
  o->set("paid", Poco::Int64(s.paid));
  o->set("change", Poco::Int64(s.change));
  o->set("reprint_count", s.reprint_count);
  o->set("commission_rate", Poco::Int64(s.commission_rate_bp));
  o->set("commission", Poco::Int64(s.commission));
  o->set("refunded_total", Poco::Int64(s.refunded_total));
  o->set("voided_at", s.voided_at_ms != 0 ? Poco::Dynamic::Var(format_rfc3339_ms(s.voided_at_ms))
                                          : Poco::Dynamic::Var());
  o->set("voided_by", nullable(s.voided_by));
  o->set("void_reason", nullable(s.void_reason));
  o->set("created_at", s.created_at_ms != 0 ? Poco::Dynamic::Var(format_rfc3339_ms(s.created_at_ms))
                                            : Poco::Dynamic::Var());
  o->set("version", s.version);
  return o;
}

Response create_sale(pos::SaleService& svc, Request& req) {
  const pos::SaleRequest r = parse_sale(req);
  const auto outcome = svc.create(actor_of(req), r, req.header("idempotency-key").value_or(""));
  Response response = web::ok(web::to_json(sale_dto(outcome.sale)), outcome.replayed ? 200 : 201);
  if (outcome.replayed) response.headers.emplace_back("Idempotent-Replayed", "true");
  response.headers.emplace_back("Location", "/api/v1/sales/" + outcome.sale.id);
  return response;
}

Response list_sales(pos::SaleService& svc, Request& req) {
  pos::SaleQuery q;
  q.limit = web::page_limit(req);
  std::vector<FieldError> errors;
  q.before_id = web::uuid_cursor(req);
  const std::pair<const char*, std::string*> ids[] = {{"branch_id", &q.branch_id},
                                                      {"register_id", &q.register_id},
                                                      {"cashier_id", &q.cashier_id},
                                                      {"customer_id", &q.customer_id},
                                                      {"salesman_id", &q.salesman_id}};
  for (const auto& [name, target] : ids) {
    if (auto v = req.query_param(name)) {
      if (is_uuid(*v)) {
        *target = *v;
      } else {
        errors.push_back({name, "invalid_id", "Give a UUID."});
      }
    }
  }
  if (auto status = req.query_param("status")) {
    if (*status == "completed" || *status == "void") {
      q.status = *status;
    } else {
      errors.push_back({"status", "invalid_choice", "Use completed or void."});
    }
  }
  if (auto number = req.query_param("number")) q.number = number->substr(0, 64);
  web::date_param(req, "from", q.from_date, errors);
  web::date_param(req, "to", q.to_date, errors);
  if (!errors.empty()) throw Error::validation(std::move(errors));
  const auto sales = svc.list(q);
  Poco::JSON::Array items;
  for (const auto& s : sales) items.add(sale_dto(s));
  const bool more = static_cast<int>(sales.size()) == q.limit;
  return web::ok_page(web::to_json(items), more ? web::encode_cursor(sales.back().id) : "",
                      q.limit);
}

// ?format=text (the default) or ?format=pdf; read before the service runs, so that a bad format
// neither reads nor counts a reprint.
pos::ReceiptFormat receipt_format(const Request& req) {
  const std::string format = req.query_param("format").value_or("text");
  if (format == "text") return pos::ReceiptFormat::kText;
  if (format == "pdf") return pos::ReceiptFormat::kPdf;
  throw Error::validation({{"format", "invalid_choice", "Use format=text or format=pdf."}});
}

// Text as text/plain; a PDF (binary: the body is sent by its length) inline as <number>.pdf.
Response receipt(pos::PrintedReceipt printed, pos::ReceiptFormat format) {
  if (format == pos::ReceiptFormat::kText) {
    return {200, "text/plain; charset=utf-8", {}, std::move(printed.content)};
  }
  return web::pdf_file(std::move(printed.content),
                       printed.number.empty() ? "receipt" : printed.number);
}

}  // namespace

void add_sales_routes(web::Router& router, SalesServices s) {
  auto& svc = s.sales;
  // clang-format off
  router.add({"POST", "/api/v1/sales/calculate", Permission::kSalesCreate, BodyFormat::kJson,
              [&svc](Request& r) {
                return web::ok(web::to_json(sale_dto(svc.preview(actor_of(r), parse_sale(r)))));
              }});
  router.add({"POST", "/api/v1/sales", Permission::kSalesCreate, BodyFormat::kJson,
              [&svc](Request& r) { return create_sale(svc, r); }});
  router.add({"GET", "/api/v1/sales", Permission::kSalesRead, BodyFormat::kNone,
              [&svc](Request& r) { return list_sales(svc, r); }});
  router.add({"GET", "/api/v1/sales/{id}/receipt", Permission::kSalesRead, BodyFormat::kNone,
              [&svc](Request& r) {
                const auto format = receipt_format(r);
                return receipt(svc.receipt(r.param("id"), format), format);
              }});
  router.add({"POST", "/api/v1/sales/{id}/reprint", Permission::kReprint, BodyFormat::kNone,
              [&svc](Request& r) {
                const auto format = receipt_format(r);
                return receipt(svc.reprint(actor_of(r), r.param("id"), format), format);
              }});
  router.add({"POST", "/api/v1/sales/{id}/void", Permission::kSalesVoid, BodyFormat::kJson,
              [&svc](Request& r) {
                const auto body = web::parse_json_object(r);
                web::JsonFields f(body, {"reason"});
                const std::string reason = f.required_string("reason", 500);
                f.finish();
                return web::ok(web::to_json(sale_dto(svc.void_sale(actor_of(r), r.param("id"), reason))));
              }});
  router.add({"GET", "/api/v1/sales/{id}", Permission::kSalesRead, BodyFormat::kNone,
              [&svc](Request& r) { return web::ok(web::to_json(sale_dto(svc.get(r.param("id"))))); }});
  // clang-format on
}

}  // namespace regal::handlers
