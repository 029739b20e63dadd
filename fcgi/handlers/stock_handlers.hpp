#pragma once
// POS stock routes (docs/STOCK.md): /api/v1/purchases, /api/v1/vendors/{id}/payments,
// /api/v1/stock (report, reorder levels), /api/v1/stock/adjustments, /api/v1/stock/transfers
// and /api/v1/stock/movements.

#include "web/router.hpp"

namespace regal::pos {
class StockService;
}

namespace regal::handlers {

struct StockServices {
  pos::StockService& stock;
};

void add_stock_routes(web::Router& router, StockServices services);

}  // namespace regal::handlers
