#pragma once
// The JSON of the reports (docs/openapi.yaml, schemas DailyReport, SalesReport, BalanceReport,
// StockValuation). Amounts are integer minor units of the currency named beside them; ids of
// rows that name nothing (lines without a category) are null.

#include <string>

#include "regal/pos/reports.hpp"

namespace regal::handlers::report_json {

std::string daily(const pos::DailyReport& report);
std::string sales(const pos::SalesReport& report);
std::string balances(const pos::BalanceReport& report);
std::string stock_valuation(const pos::StockValuation& report);

}  // namespace regal::handlers::report_json
