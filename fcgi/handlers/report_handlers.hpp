#pragma once
// POS report routes (docs/REPORTS.md): /api/v1/reports/daily, /sales, /balances and
// /stock-valuation, each as JSON or ?format=csv (the daily report also ?format=pdf).

#include <string>

#include "web/router.hpp"

namespace regal::pos {
class ReportService;
}

namespace regal::handlers {

struct ReportServices {
  pos::ReportService& reports;
  std::string pdf_font;  // REGAL_PDF_FONT ("" = lib's default)
};

void add_report_routes(web::Router& router, ReportServices services);

}  // namespace regal::handlers
