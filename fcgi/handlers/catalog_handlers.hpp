#pragma once
// POS catalog routes: /api/v1/{branches,registers,categories,products,customers,vendors,salesmen},
// barcode lookup, ledgers, /api/v1/sync/changes and product import/export (docs/CATALOG.md).

#include "web/router.hpp"

namespace regal::pos {
class CatalogService;
}

namespace regal::handlers {

struct CatalogServices {
  pos::CatalogService& catalog;
};

void add_catalog_routes(web::Router& router, CatalogServices services);

}  // namespace regal::handlers
