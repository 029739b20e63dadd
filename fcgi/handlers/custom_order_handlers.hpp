#pragma once
// POS custom-order routes (docs/SALES.md, "Custom orders"): /api/v1/custom-orders and its
// deposits, status, deliver and cancel actions.

#include "web/router.hpp"

namespace regal::pos {
class CustomOrderService;
}

namespace regal::handlers {

struct CustomOrderServices {
  pos::CustomOrderService& orders;
};

void add_custom_order_routes(web::Router& router, CustomOrderServices services);

}  // namespace regal::handlers
