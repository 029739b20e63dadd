#pragma once
// POS shift routes: /api/v1/shifts (open, list, read), cash movements, X report, close (Z
// report, recount) and /api/v1/z-reports.

#include "web/router.hpp"

namespace regal::pos {
class ShiftService;
}

namespace regal::handlers {

struct ShiftServices {
  pos::ShiftService& shifts;
};

void add_shift_routes(web::Router& router, ShiftServices services);

}  // namespace regal::handlers
