// POS shift routes. The JSON of shifts, movements and reports is lib's (regal/pos/shift_json.hpp),
// the same form a Z report is stored in.
#include "handlers/shift_handlers.hpp"

#include "handlers/identity_dto.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/pos/shift_json.hpp"
#include "regal/pos/shift_service.hpp"
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

std::vector<pos::Denomination> read_denominations(const Poco::JSON::Object& body,
                                                  const std::string& name,
                                                  std::vector<FieldError>& errors) {
  std::vector<pos::Denomination> out;
  web::read_objects(body, name, errors, [&](const Poco::JSON::Object& o, const std::string& at) {
    web::JsonFields f(new Poco::JSON::Object(o), {"value", "count"});
    pos::Denomination d;
    d.value = f.optional_int("value", 1, 100'000'000).value_or(0);
    d.count = f.optional_int("count", 0, 1'000'000).value_or(0);
    if (!o.has("value")) f.add_error("value", "required", "Give the note or coin value.");
    if (!o.has("count")) f.add_error("count", "required", "Give how many.");
    web::collect(f, at, errors);
    out.push_back(d);
  });
  return out;
}

// A JSON array of `items`, each rendered by lib's JSON form.
template <class T, class Fn>
std::string json_array(const std::vector<T>& items, Fn&& to_json) {
  std::string out = "[";
  for (const auto& item : items) {
    if (out.size() > 1) out += ',';
    out += to_json(item);
  }
  return out + "]";
}

void finish(web::JsonFields& f, std::vector<FieldError>& errors) {
  web::prepend_errors(f, errors);
  if (!errors.empty()) throw Error::validation(std::move(errors));
}

Response open_shift(pos::ShiftService& svc, Request& req) {
  const auto body = web::parse_json_object(req);
  web::JsonFields f(body, {"register_id", "opening_float", "opening_counts", "note"});
  pos::OpenShiftRequest r;
  r.register_id = f.required_string("register_id", 36);
  r.opening_float = f.optional_int("opening_float", 0, kMaxAmount);
  r.note = f.optional_string("note", 500).value_or("");
  std::vector<FieldError> errors;
  r.opening_counts = read_denominations(*body, "opening_counts", errors);
  finish(f, errors);
  const auto opened = svc.open(actor_of(req), r, req.header("idempotency-key").value_or(""));
  Response response =
      web::ok(pos::shift_to_json(opened.shift), opened.replayed ? 200 : 201);
  if (opened.replayed) response.headers.emplace_back("Idempotent-Replayed", "true");
  response.headers.emplace_back("Location", "/api/v1/shifts/" + opened.shift.id);
  return response;
}

Response list_shifts(pos::ShiftService& svc, Request& req) {
  pos::ShiftQuery q;
  q.limit = web::page_limit(req);
  std::vector<FieldError> errors;
  q.before_id = web::uuid_cursor(req);
  web::id_param(req, "branch_id", q.branch_id, errors);
  web::id_param(req, "register_id", q.register_id, errors);
  web::id_param(req, "cashier_id", q.cashier_id, errors);
  if (auto status = req.query_param("status")) {
    if (*status == "open" || *status == "closed") {
      q.status = *status;
    } else {
      errors.push_back({"status", "invalid_choice", "Use open or closed."});
    }
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  const auto shifts = svc.list(actor_of(req), q);
  const std::string items =
      json_array(shifts, [](const pos::Shift& s) { return pos::shift_to_json(s); });
  const bool more = static_cast<int>(shifts.size()) == q.limit;
  return web::ok_page(items, more ? web::encode_cursor(shifts.back().id) : "", q.limit);
}

Response add_movement(pos::ShiftService& svc, Request& req) {
  const auto body = web::parse_json_object(req);
  web::JsonFields f(body, {"kind", "amount", "reason", "reverses_id", "expense_category_id"});
  pos::CashMovementRequest r;
  std::vector<FieldError> errors;
  if (const auto kind = f.optional_string("kind", 20)) {
    r.kind = pos::parse_cash_movement_kind(*kind);
    if (!r.kind) {
      errors.push_back({"kind", "invalid_choice", "Use paid_in, paid_out, drop or no_sale."});
    }
  }
  r.amount = f.optional_int("amount", 0, kMaxAmount).value_or(0);
  r.reason = f.optional_string("reason", 500).value_or("");
  r.reverses_id = f.optional_string("reverses_id", 36).value_or("");
  r.expense_category_id = f.optional_string("expense_category_id", 36).value_or("");
  if (!r.expense_category_id.empty() && !is_uuid(r.expense_category_id)) {
    errors.push_back({"expense_category_id", "invalid_id", "Give a UUID."});
  }
  finish(f, errors);
  const auto moved = svc.add_movement(actor_of(req), req.param("id"), r,
                                      req.header("idempotency-key").value_or(""));
  Response response =
      web::ok(pos::cash_movement_to_json(moved.movement), moved.replayed ? 200 : 201);
  if (moved.replayed) response.headers.emplace_back("Idempotent-Replayed", "true");
  return response;
}

Response list_movements(pos::ShiftService& svc, Request& req) {
  return web::ok(json_array(svc.movements(actor_of(req), req.param("id")),
                            [](const pos::CashMovement& m) { return pos::cash_movement_to_json(m); }));
}

Response close_shift(pos::ShiftService& svc, Request& req) {
  const auto body = web::parse_json_object(req);
  web::JsonFields f(body, {"counted", "approval_token", "reason"});
  const std::string token = f.optional_string("approval_token", 200).value_or("");
  const std::string reason = f.optional_string("reason", 500).value_or("");
  std::vector<FieldError> errors;
  std::vector<pos::CountedTender> counted;
  if (!body->has("counted")) {
    errors.push_back({"counted", "required", "Give what was counted per tender."});
  }
  web::read_objects(*body, "counted", errors,
                    [&](const Poco::JSON::Object& o, const std::string& at) {
                      web::JsonFields cf(new Poco::JSON::Object(o),
                                         {"method", "amount", "denominations"});
                      pos::CountedTender c;
                      c.method = cf.required_string("method", 20);
                      c.amount = cf.optional_int("amount", 0, kMaxAmount).value_or(0);
                      if (!o.has("amount") && !o.has("denominations")) {
                        cf.add_error("amount", "required", "Give the amount or the notes.");
                      }
                      web::collect(cf, at, errors);
                      c.denominations = read_denominations(o, "denominations", errors);
                      for (auto& e : errors) {
                        if (e.field.rfind("denominations", 0) == 0) e.field = at + "." + e.field;
                      }
                      counted.push_back(std::move(c));
                    });
  finish(f, errors);
  const auto z = svc.close(actor_of(req), req.param("id"), counted, token, reason);
  return web::ok(pos::shift_report_to_json(z));
}

Response list_z(pos::ShiftService& svc, Request& req) {
  pos::ZReportQuery q;
  q.limit = web::page_limit(req);
  std::vector<FieldError> errors;
  q.before_id = web::uuid_cursor(req);
  web::id_param(req, "branch_id", q.branch_id, errors);
  web::id_param(req, "register_id", q.register_id, errors);
  web::id_param(req, "register", q.register_id, errors);  // the short form
  web::date_param(req, "from", q.from_date, errors);
  web::date_param(req, "to", q.to_date, errors);
  if (!errors.empty()) throw Error::validation(std::move(errors));
  const auto reports = svc.z_reports(actor_of(req), q);
  const std::string items = json_array(
      reports, [](const pos::ShiftReport& z) { return pos::shift_report_to_json(z); });
  const bool more = static_cast<int>(reports.size()) == q.limit;
  return web::ok_page(items, more ? web::encode_cursor(reports.back().id) : "", q.limit);
}

}  // namespace

void add_shift_routes(web::Router& router, ShiftServices s) {
  auto& svc = s.shifts;
  // clang-format off
  router.add({"POST", "/api/v1/shifts", Permission::kShiftsOwn, BodyFormat::kJson,
              [&svc](Request& r) { return open_shift(svc, r); }});
  router.add({"GET", "/api/v1/shifts", Permission::kShiftsOwn, BodyFormat::kNone,
              [&svc](Request& r) { return list_shifts(svc, r); }});
  router.add({"GET", "/api/v1/shifts/{id}", Permission::kShiftsOwn, BodyFormat::kNone,
              [&svc](Request& r) {
                return web::ok(pos::shift_to_json(svc.get(actor_of(r), r.param("id"))));
              }});
  router.add({"POST", "/api/v1/shifts/{id}/cash-movements", Permission::kShiftsOwn, BodyFormat::kJson,
              [&svc](Request& r) { return add_movement(svc, r); }});
  router.add({"GET", "/api/v1/shifts/{id}/cash-movements", Permission::kShiftsOwn, BodyFormat::kNone,
              [&svc](Request& r) { return list_movements(svc, r); }});
  router.add({"GET", "/api/v1/shifts/{id}/x-report", Permission::kReportsOwnShift, BodyFormat::kNone,
              [&svc](Request& r) {
                const auto x = svc.x_report(actor_of(r), r.param("id"));
                return web::ok(pos::shift_report_to_json(x.report, x.blind));
              }});
  router.add({"POST", "/api/v1/shifts/{id}/close", Permission::kShiftsOwn, BodyFormat::kJson,
              [&svc](Request& r) { return close_shift(svc, r); }});
  router.add({"GET", "/api/v1/z-reports", Permission::kReportsOwnShift, BodyFormat::kNone,
              [&svc](Request& r) { return list_z(svc, r); }});
  router.add({"GET", "/api/v1/z-reports/{id}", Permission::kReportsOwnShift, BodyFormat::kNone,
              [&svc](Request& r) {
                const std::string format = r.query_param("format").value_or("json");
                if (format != "json" && format != "pdf") {
                  throw Error::validation({{"format", "invalid_choice", "Use format=json or pdf."}});
                }
                const auto z = svc.z_report(actor_of(r), r.param("id"));
                if (format == "pdf") return web::pdf_file(pos::z_report_pdf(z), z.number);
                return web::ok(pos::shift_report_to_json(z));
              }});
  // clang-format on
}

}  // namespace regal::handlers
