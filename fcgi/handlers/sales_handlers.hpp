#pragma once
// POS sales routes: /api/v1/sales, /api/v1/sales/{id}, /api/v1/sales/calculate.

#include "web/router.hpp"

namespace regal::pos {
class SaleService;
}

namespace regal::handlers {

struct SalesServices {
  pos::SaleService& sales;
};

void add_sales_routes(web::Router& router, SalesServices services);

}  // namespace regal::handlers
