#include "regal/pos/report_service.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <tuple>

#include "regal/auth/permissions.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/ports/report_ports.hpp"

namespace regal::pos {
namespace {

void require_reports(const auth::Actor& actor) {
  if (!actor.principal || !auth::allows(auth::Permission::kReportsRead, &*actor.principal)) {
    throw Error(ErrorKind::kForbidden, "FORBIDDEN", "Your role may not read reports.");
  }
}

std::optional<std::chrono::sys_days> parse_day(const std::string& v) {
  if (v.size() != 10 || v[4] != '-' || v[7] != '-') return std::nullopt;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i != 4 && i != 7 && !std::isdigit(static_cast<unsigned char>(v[i]))) return std::nullopt;
  }
  const std::chrono::year_month_day day{
      std::chrono::year(std::stoi(v.substr(0, 4))),
      std::chrono::month(static_cast<unsigned>(std::stoi(v.substr(5, 2)))),
      std::chrono::day(static_cast<unsigned>(std::stoi(v.substr(8, 2))))};
  if (!day.ok() || day.year() < std::chrono::year(1900)) return std::nullopt;
  return std::chrono::sys_days(day);
}

void check_id(const std::string& id, const char* field, bool required,
              std::vector<FieldError>& errors) {
  if (id.empty()) {
    if (required) errors.push_back({field, "required", "Give the branch."});
  } else if (!is_uuid(id)) {
    errors.push_back({field, "invalid_id", "Give a UUID."});
  }
}

void check_date(const std::string& date, const char* field, std::vector<FieldError>& errors) {
  if (date.empty()) {
    errors.push_back({field, "required", "Give a date (YYYY-MM-DD)."});
  } else if (!parse_day(date)) {
    errors.push_back({field, "invalid_date", "Use YYYY-MM-DD."});
  }
}

// Largest net after refunds first; ties by name, then id, so the order never flickers.
void sort_rows(std::vector<ReportGroupRow>& rows) {
  std::sort(rows.begin(), rows.end(), [](const ReportGroupRow& a, const ReportGroupRow& b) {
    return std::make_tuple(-a.net_after_refunds(), a.name, a.id) <
           std::make_tuple(-b.net_after_refunds(), b.name, b.id);
  });
}

ReportGroupRow sum_rows(const std::vector<ReportGroupRow>& rows, bool count_sales) {
  ReportGroupRow t;
  for (const auto& r : rows) {
    if (count_sales) t.sales_count += r.sales_count;
    t.qty += r.qty;
    t.net += r.net;
    t.total += r.total;
    t.cost += r.cost;
    t.refunds_qty += r.refunds_qty;
    t.refunds_net += r.refunds_net;
    t.refunds_total += r.refunds_total;
    t.refunds_cost += r.refunds_cost;
    t.commission += r.commission;
  }
  return t;
}

}  // namespace

const char* to_string(SalesGrouping grouping) {
  switch (grouping) {
    case SalesGrouping::kProduct:
      return "product";
    case SalesGrouping::kCategory:
      return "category";
    case SalesGrouping::kCashier:
      return "cashier";
    case SalesGrouping::kSalesman:
      return "salesman";
    case SalesGrouping::kCustomer:
      return "customer";
  }
  return "product";
}

std::optional<SalesGrouping> parse_sales_grouping(const std::string& text) {
  for (const auto g : {SalesGrouping::kProduct, SalesGrouping::kCategory, SalesGrouping::kCashier,
                       SalesGrouping::kSalesman, SalesGrouping::kCustomer}) {
    if (text == to_string(g)) return g;
  }
  return std::nullopt;
}

const char* to_string(BalanceKind kind) {
  return kind == BalanceKind::kVendor ? "vendor" : "customer";
}

std::optional<BalanceKind> parse_balance_kind(const std::string& text) {
  if (text == "customer") return BalanceKind::kCustomer;
  if (text == "vendor") return BalanceKind::kVendor;
  return std::nullopt;
}

std::optional<int> report_days(const std::string& from, const std::string& to) {
  const auto a = parse_day(from);
  const auto b = parse_day(to);
  if (!a || !b) return std::nullopt;
  return static_cast<int>((*b - *a).count()) + 1;
}

ReportBranch ReportService::branch_of(const std::string& branch_id) {
  auto branch = store_.branch(branch_id);
  if (!branch) throw Error::not_found("Branch");
  return *branch;
}

DailyReport ReportService::daily(const auth::Actor& actor, const std::string& branch_id,
                                 const std::string& date) {
  require_reports(actor);
  std::vector<FieldError> errors;
  check_id(branch_id, "branch_id", true, errors);
  if (!date.empty()) check_date(date, "date", errors);
  if (!errors.empty()) throw Error::validation(std::move(errors));
  const ReportBranch branch = branch_of(branch_id);
  DailyReport report = store_.daily(branch, date.empty() ? branch.today : date, kTopProducts);
  sort_rows(report.cashiers);
  sort_rows(report.salesmen);
  std::sort(report.expenses.begin(), report.expenses.end(),
            [](const ReportExpense& a, const ReportExpense& b) {
              return std::tie(b.amount, a.name, a.category_id) <
                     std::tie(a.amount, b.name, b.category_id);
            });
  return report;
}

SalesReport ReportService::sales(const auth::Actor& actor, const SalesReportQuery& query) {
  require_reports(actor);
  std::vector<FieldError> errors;
  check_id(query.branch_id, "branch_id", true, errors);
  check_date(query.from, "from", errors);
  check_date(query.to, "to", errors);
  if (errors.empty()) {
    const int days = *report_days(query.from, query.to);
    if (days < 1) {
      errors.push_back({"to", "before_from", "The range ends before it starts."});
    } else if (days > kMaxReportDays) {
      errors.push_back({"to", "range_too_long",
                        "A report covers at most " + std::to_string(kMaxReportDays) + " days."});
    }
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  const ReportBranch branch = branch_of(query.branch_id);
  SalesReport report = store_.sales(branch, query);
  report.branch = branch;
  report.group_by = query.group_by;
  report.from = query.from;
  report.to = query.to;
  sort_rows(report.rows);
  // A sale with lines in three categories counts once in each: no sales count for the total.
  const bool once_per_sale = query.group_by == SalesGrouping::kCashier ||
                             query.group_by == SalesGrouping::kSalesman ||
                             query.group_by == SalesGrouping::kCustomer;
  report.totals = sum_rows(report.rows, once_per_sale);
  return report;
}

BalanceReport ReportService::balances(const auth::Actor& actor, BalanceKind kind,
                                      const std::string& branch_id) {
  require_reports(actor);
  std::vector<FieldError> errors;
  check_id(branch_id, "branch_id", false, errors);
  if (!errors.empty()) throw Error::validation(std::move(errors));
  BalanceReport report = store_.balances(kind, branch_id);
  report.kind = kind;
  report.branch_id = branch_id;
  std::sort(report.rows.begin(), report.rows.end(), [](const BalanceRow& a, const BalanceRow& b) {
    return std::make_tuple(-a.balance, a.name, a.id) < std::make_tuple(-b.balance, b.name, b.id);
  });
  report.totals.clear();
  for (const auto& r : report.rows) {
    auto it = std::find_if(report.totals.begin(), report.totals.end(),
                           [&](const BalanceTotal& t) { return t.currency == r.currency; });
    if (it == report.totals.end()) {
      report.totals.push_back({r.currency, r.currency_digits, 0, 0, 0});
      it = std::prev(report.totals.end());
    }
    ++it->count;
    (r.balance > 0 ? it->positive : it->negative) += r.balance;
  }
  std::sort(report.totals.begin(), report.totals.end(),
            [](const BalanceTotal& a, const BalanceTotal& b) { return a.currency < b.currency; });
  return report;
}

StockValuation ReportService::stock_valuation(const auth::Actor& actor,
                                              const std::string& branch_id) {
  require_reports(actor);
  std::vector<FieldError> errors;
  check_id(branch_id, "branch_id", false, errors);
  if (!errors.empty()) throw Error::validation(std::move(errors));
  if (!branch_id.empty()) branch_of(branch_id);
  StockValuation report = store_.stock_valuation(branch_id);
  report.branch_id = branch_id;
  report.branches.clear();
  const auto total_of = [&](const std::string& id, const std::string& code, const std::string& name,
                            const std::string& currency, int digits) -> StockValuationBranch& {
    for (auto& b : report.branches) {
      if (b.branch_id == id) return b;
    }
    report.branches.push_back({id, code, name, currency, digits});
    return report.branches.back();
  };
  for (const auto& r : report.rows) {
    auto& b = total_of(r.branch_id, r.branch_code, r.branch_name, r.currency, r.currency_digits);
    b.products += r.products;
    b.qty += r.qty;
    b.value += r.value;
  }
  for (const auto& n : report.negatives) {
    auto& b = total_of(n.branch_id, n.branch_code, "", n.currency, n.currency_digits);
    ++b.negative_products;
    b.negative_value += n.value;
  }
  std::sort(report.branches.begin(), report.branches.end(),
            [](const StockValuationBranch& a, const StockValuationBranch& b) {
              return std::tie(a.branch_code, a.branch_id) < std::tie(b.branch_code, b.branch_id);
            });
  return report;
}

}  // namespace regal::pos
