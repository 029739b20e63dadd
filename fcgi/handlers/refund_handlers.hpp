#pragma once
// POS refund routes: POST /api/v1/sales/{id}/refunds, GET /api/v1/refunds, GET
// /api/v1/refunds/{id}.

#include "web/router.hpp"

namespace regal::pos {
class RefundService;
}

namespace regal::handlers {

struct RefundServices {
  pos::RefundService& refunds;
};

void add_refund_routes(web::Router& router, RefundServices services);

}  // namespace regal::handlers
