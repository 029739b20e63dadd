#include "handlers/stock_dto.hpp"

#include <Poco/JSON/Array.h>

#include <chrono>
#include <limits>

#include "regal/core/clock.hpp"
#include "regal/core/id.hpp"
#include "web/envelope.hpp"
#include "web/json_body.hpp"
#include "web/request_params.hpp"

namespace regal::handlers::stock_json {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;
using Var = Poco::Dynamic::Var;

Var nullable(const std::string& text) { return text.empty() ? Var() : Var(text); }
Var time_of(std::int64_t ms) { return ms != 0 ? Var(format_rfc3339_ms(ms)) : Var(); }
Var opt(const std::optional<std::int64_t>& v) { return v ? Var(Poco::Int64(*v)) : Var(); }

}  // namespace

void read_objects(const Object& body, const std::string& name, bool required,
                  std::vector<FieldError>& errors,
                  const std::function<void(const Object::Ptr&, const std::string&)>& read) {
  if (required && !body.has(name)) errors.push_back({name, "required", "This field is required."});
  web::read_objects(body, name, errors, [&](const Object& item, const std::string& at) {
    read(new Object(item), at);
  });
}

std::optional<std::int64_t> integer(web::JsonFields& f, const std::string& name, bool required) {
  if (!f.has(name) || f.is_null(name)) {
    if (required) f.add_error(name, "required", "This field is required.");
    if (f.is_null(name) && !required) f.add_error(name, "must_be_integer", "Must be a number.");
    return std::nullopt;
  }
  return f.optional_int(name, std::numeric_limits<std::int64_t>::min(),
                        std::numeric_limits<std::int64_t>::max());
}

void id_filter(const web::Request& req, const std::string& name, std::string& target,
               std::vector<FieldError>& errors) {
  web::id_param(req, name, target, errors);
}

void date_filter(const web::Request& req, const std::string& name, std::string& target,
                 std::vector<FieldError>& errors) {
  web::date_param(req, name, target, errors);
}

std::optional<bool> bool_filter(const web::Request& req, const std::string& name,
                                std::vector<FieldError>& errors) {
  const auto v = req.query_param(name);
  if (!v) return std::nullopt;
  if (*v == "true" || *v == "false") return *v == "true";
  errors.push_back({name, "must_be_boolean", "Use true or false."});
  return std::nullopt;
}

web::Response created(const Object::Ptr& data, bool replayed, const std::string& location) {
  web::Response r = web::ok(web::to_json(data), replayed ? 200 : 201);
  if (replayed) r.headers.emplace_back("Idempotent-Replayed", "true");
  r.headers.emplace_back("Location", location);
  return r;
}

Object::Ptr purchase_dto(const pos::Purchase& p) {
  Object::Ptr o = new Object;
  o->set("id", p.id);
  o->set("number", p.number);
  o->set("vendor_id", p.vendor_id);
  o->set("branch_id", p.branch_id);
  o->set("reference", p.reference);
  Array::Ptr lines = new Array;
  for (const auto& l : p.lines) {
    Object::Ptr x = new Object;
    x->set("line_no", l.line_no);
    x->set("product_id", l.product_id);
    x->set("sku", l.sku);
    x->set("name", l.name);
    x->set("qty", Poco::Int64(l.qty));
    x->set("unit_cost", Poco::Int64(l.unit_cost));
    x->set("total", Poco::Int64(l.total));
    x->set("cost_before", Poco::Int64(l.cost_before));
    x->set("cost_after", Poco::Int64(l.cost_after));
    lines->add(x);
  }
  o->set("lines", lines);
  o->set("total", Poco::Int64(p.total));
  if (p.paid_amount > 0) {
    Object::Ptr paid = new Object;
    paid->set("amount", Poco::Int64(p.paid_amount));
    paid->set("method", p.paid_method);
    o->set("paid", paid);
  } else {
    o->set("paid", Var());
  }
  o->set("unpaid", Poco::Int64(p.unpaid()));
  o->set("vendor_balance_after", Poco::Int64(p.vendor_balance_after));
  o->set("actor_id", nullable(p.actor_id));
  o->set("created_at", time_of(p.created_at_ms));
  return o;
}

Object::Ptr vendor_payment_dto(const pos::VendorPayment& p) {
  Object::Ptr o = new Object;
  o->set("id", p.id);
  o->set("vendor_id", p.vendor_id);
  o->set("amount", Poco::Int64(p.amount));
  o->set("method", p.method);
  o->set("note", p.note);
  o->set("balance_after", Poco::Int64(p.balance_after));
  o->set("actor_id", nullable(p.actor_id));
  o->set("created_at", time_of(p.created_at_ms));
  return o;
}

Object::Ptr adjustment_dto(const pos::Adjustment& a) {
  Object::Ptr o = new Object;
  o->set("id", a.id);
  o->set("number", a.number);
  o->set("branch_id", a.branch_id);
  o->set("kind", std::string(pos::to_string(a.kind)));
  o->set("reason", a.reason);
  Array::Ptr lines = new Array;
  for (const auto& l : a.lines) {
    Object::Ptr x = new Object;
    x->set("line_no", l.line_no);
    x->set("product_id", l.product_id);
    x->set("sku", l.sku);
    x->set("name", l.name);
    x->set("delta", Poco::Int64(l.delta));
    x->set("counted", opt(l.counted));
    x->set("expected", opt(l.expected));
    x->set("qty_after", Poco::Int64(l.qty_after));
    lines->add(x);
  }
  o->set("lines", lines);
  o->set("actor_id", nullable(a.actor_id));
  o->set("created_at", time_of(a.created_at_ms));
  return o;
}

Object::Ptr transfer_dto(const pos::Transfer& t) {
  Object::Ptr o = new Object;
  o->set("id", t.id);
  o->set("number", t.number);
  o->set("from_branch_id", t.from_branch_id);
  o->set("to_branch_id", t.to_branch_id);
  o->set("note", t.note);
  Array::Ptr lines = new Array;
  for (const auto& l : t.lines) {
    Object::Ptr x = new Object;
    x->set("line_no", l.line_no);
    x->set("product_id", l.product_id);
    x->set("sku", l.sku);
    x->set("name", l.name);
    x->set("qty", Poco::Int64(l.qty));
    x->set("from_qty_after", Poco::Int64(l.from_qty_after));
    x->set("to_qty_after", Poco::Int64(l.to_qty_after));
    lines->add(x);
  }
  o->set("lines", lines);
  o->set("actor_id", nullable(t.actor_id));
  o->set("created_at", time_of(t.created_at_ms));
  return o;
}

Object::Ptr stock_row_dto(const pos::StockRow& r) {
  Object::Ptr o = new Object;
  o->set("product_id", r.product_id);
  o->set("sku", r.sku);
  o->set("name", r.name);
  o->set("branch_id", r.branch_id);
  o->set("qty", Poco::Int64(r.qty));
  o->set("reorder_level", Poco::Int64(r.reorder_level));
  o->set("below_reorder", r.below_reorder);
  o->set("cost_price", Poco::Int64(r.cost_price));
  o->set("updated_at", time_of(r.updated_at_ms));
  return o;
}

Object::Ptr movement_dto(const pos::StockMovement& m) {
  Object::Ptr o = new Object;
  o->set("id", Poco::Int64(m.id));
  o->set("product_id", m.product_id);
  o->set("branch_id", m.branch_id);
  o->set("delta", Poco::Int64(m.delta));
  o->set("qty_after", Poco::Int64(m.qty_after));
  o->set("kind", m.kind);
  o->set("ref_type", nullable(m.ref_type));
  o->set("ref_id", nullable(m.ref_id));
  o->set("actor_id", nullable(m.actor_id));
  o->set("at", time_of(m.at_ms));
  return o;
}

Object::Ptr expense_category_dto(const pos::ExpenseCategory& c) {
  Object::Ptr o = new Object;
  o->set("id", c.id);
  o->set("name", c.name);
  o->set("is_active", c.is_active);
  o->set("created_at", time_of(c.created_at_ms));
  o->set("updated_at", time_of(c.updated_at_ms));
  o->set("version", c.version);
  return o;
}

Object::Ptr expense_dto(const pos::Expense& e) {
  Object::Ptr o = new Object;
  o->set("id", e.id);
  o->set("branch_id", e.branch_id);
  o->set("category_id", e.category_id);
  o->set("category_name", e.category_name);
  o->set("amount", Poco::Int64(e.amount));
  o->set("note", e.note);
  if (e.shift_id.empty()) {
    o->set("paid_from_drawer", Var());
  } else {
    Object::Ptr drawer = new Object;
    drawer->set("shift_id", e.shift_id);
    drawer->set("cash_movement_id", nullable(e.cash_movement_id));
    o->set("paid_from_drawer", drawer);
  }
  o->set("cancelled", !e.reversed_by_movement_id.empty());
  o->set("reversed_by_movement_id", nullable(e.reversed_by_movement_id));
  o->set("actor_id", nullable(e.actor_id));
  o->set("created_at", time_of(e.created_at_ms));
  return o;
}

}  // namespace regal::handlers::stock_json
