// POS expense routes (docs/STOCK.md, "Expenses"): expense categories and expenses, optionally
// paid from a till drawer.
#include "handlers/expense_handlers.hpp"

#include <Poco/JSON/Array.h>

#include "handlers/identity_dto.hpp"
#include "handlers/stock_dto.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/pos/expense_service.hpp"
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

void throw_if(std::vector<FieldError>& errors) {
  if (!errors.empty()) throw Error::validation(std::move(errors));
}

pos::ExpenseCategoryChanges parse_category(web::JsonFields& f) {
  pos::ExpenseCategoryChanges c;
  c.name = f.optional_string("name", 100);
  c.is_active = f.optional_bool("is_active");
  if (f.is_null("name")) f.add_error("name", "required", "Give a name of 1–100 characters.");
  return c;
}

Response create_category(pos::ExpenseService& svc, Request& req) {
  const auto body = web::parse_json_object(req);
  web::JsonFields f(body, {"name", "is_active"});
  const auto c = parse_category(f);
  if (!body->has("name")) f.add_error("name", "required", "Give a name of 1–100 characters.");
  f.finish();
  const auto done =
      svc.create_category(actor_of(req), c, req.header("idempotency-key").value_or(""));
  return sj::created(sj::expense_category_dto(done.document), done.replayed,
                     "/api/v1/expense-categories/" + done.document.id);
}

Response update_category(pos::ExpenseService& svc, Request& req) {
  const auto body = web::parse_json_object(req);
  web::JsonFields f(body, {"name", "is_active", "version"});
  const auto c = parse_category(f);
  const auto version = f.optional_int("version", 1, INT32_MAX);
  f.finish();
  const int expected = web::expected_version(req, version);
  return web::ok(web::to_json(
      sj::expense_category_dto(svc.update_category(actor_of(req), req.param("id"), expected, c))));
}

Response list_categories(pos::ExpenseService& svc, const Request& req) {
  std::vector<FieldError> errors;
  pos::ExpenseCategoryQuery q;
  q.limit = web::page_limit(req);
  q.after_id = sj::uuid_cursor(req);
  q.is_active = sj::bool_filter(req, "is_active", errors);
  throw_if(errors);
  const auto items = svc.categories(q);
  Poco::JSON::Array out;
  for (const auto& c : items) out.add(sj::expense_category_dto(c));
  const bool more = static_cast<int>(items.size()) == q.limit;
  return web::ok_page(web::to_json(out), more ? web::encode_cursor(items.back().id) : "", q.limit);
}

Response create_expense(pos::ExpenseService& svc, Request& req) {
  const auto body = web::parse_json_object(req);
  web::JsonFields f(body, {"branch_id", "category_id", "amount", "note", "paid_from_drawer"});
  pos::ExpenseRequest r;
  r.branch_id = f.required_string("branch_id", 36);
  r.category_id = f.required_string("category_id", 36);
  r.amount = sj::integer(f, "amount", true).value_or(0);
  r.note = f.optional_string("note", 500, web::TextKind::kMultiline).value_or("");
  std::vector<FieldError> errors;
  if (body->has("paid_from_drawer") && !body->isNull("paid_from_drawer")) {
    const auto drawer = body->getObject("paid_from_drawer");
    if (!drawer) {
      errors.push_back({"paid_from_drawer", "must_be_object", "Give {shift_id}."});
    } else {
      web::JsonFields df(drawer, {"shift_id"});
      r.drawer_shift_id = df.required_string("shift_id", 36);
      sj::collect(df, "paid_from_drawer", errors);
    }
  }
  sj::finish(f, errors);
  throw_if(errors);
  const auto done = svc.record(actor_of(req), r, req.header("idempotency-key").value_or(""));
  return sj::created(sj::expense_dto(done.document), done.replayed,
                     "/api/v1/expenses/" + done.document.id);
}

Response list_expenses(pos::ExpenseService& svc, const Request& req) {
  std::vector<FieldError> errors;
  pos::ExpenseQuery q;
  q.limit = web::page_limit(req);
  q.before_id = sj::uuid_cursor(req);
  sj::id_filter(req, "branch_id", q.branch_id, errors);
  sj::id_filter(req, "category_id", q.category_id, errors);
  sj::id_filter(req, "shift_id", q.shift_id, errors);
  sj::date_filter(req, "from", q.from_date, errors);
  sj::date_filter(req, "to", q.to_date, errors);
  throw_if(errors);
  const auto items = svc.expenses(q);
  Poco::JSON::Array out;
  for (const auto& e : items) out.add(sj::expense_dto(e));
  const bool more = static_cast<int>(items.size()) == q.limit;
  return web::ok_page(web::to_json(out), more ? web::encode_cursor(items.back().id) : "", q.limit);
}

}  // namespace

void add_expense_routes(web::Router& router, ExpenseServices s) {
  auto& svc = s.expenses;
  // clang-format off
  router.add({"GET", "/api/v1/expense-categories", Permission::kCatalogRead, BodyFormat::kNone,
              [&svc](Request& r) { return list_categories(svc, r); }});
  router.add({"POST", "/api/v1/expense-categories", Permission::kExpensesWrite, BodyFormat::kJson,
              [&svc](Request& r) { return create_category(svc, r); }});
  router.add({"GET", "/api/v1/expense-categories/{id}", Permission::kCatalogRead, BodyFormat::kNone,
              [&svc](Request& r) { return web::ok(web::to_json(sj::expense_category_dto(svc.category(r.param("id"))))); }});
  router.add({"PATCH", "/api/v1/expense-categories/{id}", Permission::kExpensesWrite, BodyFormat::kJson,
              [&svc](Request& r) { return update_category(svc, r); }});
  router.add({"POST", "/api/v1/expenses", Permission::kExpensesWrite, BodyFormat::kJson,
              [&svc](Request& r) { return create_expense(svc, r); }});
  router.add({"GET", "/api/v1/expenses", Permission::kReportsRead, BodyFormat::kNone,
              [&svc](Request& r) { return list_expenses(svc, r); }});
  router.add({"GET", "/api/v1/expenses/{id}", Permission::kReportsRead, BodyFormat::kNone,
              [&svc](Request& r) { return web::ok(web::to_json(sj::expense_dto(svc.expense(r.param("id"))))); }});
  // clang-format on
}

}  // namespace regal::handlers
