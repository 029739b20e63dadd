// POS report routes. Parameters are read here (ids, dates, choices); the rules — permission,
// required branch, the length of a range — are the service's (regal/pos/report_service.hpp).
#include "handlers/report_handlers.hpp"

#include <cctype>
#include <initializer_list>
#include <memory>

#include "handlers/identity_dto.hpp"
#include "handlers/report_dto.hpp"
#include "regal/core/error.hpp"
#include "regal/pos/report_service.hpp"
#include "regal/pos/reports.hpp"
#include "web/envelope.hpp"
#include "web/request_params.hpp"

namespace regal::handlers {
namespace {

using auth::Permission;
using web::BodyFormat;
using web::Request;
using web::Response;

// ?format= among `allowed` (the first is the default); 400 invalid_choice otherwise.
std::string format_of(const Request& req, std::initializer_list<const char*> allowed,
                      std::vector<FieldError>& errors) {
  const std::string format = req.query_param("format").value_or(*allowed.begin());
  std::string choices;
  for (const char* a : allowed) {
    if (format == a) return format;
    choices += (choices.empty() ? "" : ", ") + std::string(a);
  }
  errors.push_back({"format", "invalid_choice", "Use format=" + choices + "."});
  return *allowed.begin();
}

Response csv_file(std::string body, std::string name) {
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
  }
  return {200,
          "text/csv; charset=utf-8",
          {{"Content-Disposition", "attachment; filename=\"" + name + ".csv\""}},
          std::move(body)};
}

void throw_if(std::vector<FieldError>& errors) {
  if (!errors.empty()) throw Error::validation(std::move(errors));
}

Response daily(const ReportServices& s, Request& req) {
  std::vector<FieldError> errors;
  std::string branch_id, date;
  web::id_param(req, "branch_id", branch_id, errors);
  web::date_param(req, "date", date, errors);
  const std::string format = format_of(req, {"json", "csv", "pdf"}, errors);
  throw_if(errors);
  const auto report = s.reports.daily(actor_of(req), branch_id, date);
  const std::string name = "daily-" + report.branch.code + "-" + report.date;
  if (format == "csv") return csv_file(pos::daily_report_csv(report), name);
  if (format == "pdf") {
    return web::pdf_file(pos::daily_report_pdf(report, {.font_path = s.pdf_font}), name);
  }
  return web::ok(report_json::daily(report));
}

Response sales(const ReportServices& s, Request& req) {
  std::vector<FieldError> errors;
  pos::SalesReportQuery q;
  const auto group = req.query_param("group_by");
  if (!group) {
    errors.push_back({"group_by", "required",
                      "Give group_by: product, category, cashier, salesman or customer."});
  } else if (const auto g = pos::parse_sales_grouping(*group)) {
    q.group_by = *g;
  } else {
    errors.push_back(
        {"group_by", "invalid_choice", "Use product, category, cashier, salesman or customer."});
  }
  web::id_param(req, "branch_id", q.branch_id, errors);
  web::date_param(req, "from", q.from, errors);
  web::date_param(req, "to", q.to, errors);
  const std::string format = format_of(req, {"json", "csv"}, errors);
  throw_if(errors);
  const auto report = s.reports.sales(actor_of(req), q);
  if (format == "csv") {
    return csv_file(pos::sales_report_csv(report),
                    std::string("sales-by-") + pos::to_string(q.group_by) + "-" +
                        report.branch.code + "-" + q.from + "-" + q.to);
  }
  return web::ok(report_json::sales(report));
}

Response balances(const ReportServices& s, Request& req) {
  std::vector<FieldError> errors;
  pos::BalanceKind kind = pos::BalanceKind::kCustomer;
  const auto k = req.query_param("kind");
  if (!k) {
    errors.push_back({"kind", "required", "Give kind: customer or vendor."});
  } else if (const auto parsed = pos::parse_balance_kind(*k)) {
    kind = *parsed;
  } else {
    errors.push_back({"kind", "invalid_choice", "Use customer or vendor."});
  }
  std::string branch_id;
  web::id_param(req, "branch_id", branch_id, errors);
  const std::string format = format_of(req, {"json", "csv"}, errors);
  throw_if(errors);
  const auto report = s.reports.balances(actor_of(req), kind, branch_id);
  if (format == "csv") {
    return csv_file(pos::balance_report_csv(report),
                    std::string(pos::to_string(kind)) + "-balances");
  }
  return web::ok(report_json::balances(report));
}

Response stock_valuation(const ReportServices& s, Request& req) {
  std::vector<FieldError> errors;
  std::string branch_id;
  web::id_param(req, "branch_id", branch_id, errors);
  const std::string format = format_of(req, {"json", "csv"}, errors);
  throw_if(errors);
  const auto report = s.reports.stock_valuation(actor_of(req), branch_id);
  if (format == "csv") return csv_file(pos::stock_valuation_csv(report), "stock-valuation");
  return web::ok(report_json::stock_valuation(report));
}

}  // namespace

void add_report_routes(web::Router& router, ReportServices services) {
  // Copied into each route: the handlers outlive this call.
  const auto s = std::make_shared<const ReportServices>(std::move(services));
  // clang-format off
  router.add({"GET", "/api/v1/reports/daily", Permission::kReportsRead, BodyFormat::kNone,
              [s](Request& r) { return daily(*s, r); }});
  router.add({"GET", "/api/v1/reports/sales", Permission::kReportsRead, BodyFormat::kNone,
              [s](Request& r) { return sales(*s, r); }});
  router.add({"GET", "/api/v1/reports/balances", Permission::kReportsRead, BodyFormat::kNone,
              [s](Request& r) { return balances(*s, r); }});
  router.add({"GET", "/api/v1/reports/stock-valuation", Permission::kReportsRead, BodyFormat::kNone,
              [s](Request& r) { return stock_valuation(*s, r); }});
  // clang-format on
}

}  // namespace regal::handlers
