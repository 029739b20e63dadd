#pragma once
// Lines of a sale or a custom order, priced from the catalog: the one place that resolves
// barcodes, checks products (live, sold in the branch, limited quantity) and the caller's rights
// (quick sell, price override, below cost), so an order is priced exactly as a sale would be.

#include <string>
#include <vector>

#include "regal/auth/user.hpp"
#include "regal/core/error.hpp"
#include "regal/pos/sale.hpp"

namespace regal {
class Clock;
}
namespace regal::ports {
class SalesStore;
}

namespace regal::pos {

// Shape of each line ("lines[i].…" field errors): product_id or barcode, not both; a line
// without a product needs description, unit_price and tax_rate; only such a line takes them.
void check_line_shapes(const std::vector<SaleLineRequest>& lines, std::vector<FieldError>& errors);

struct PricedLines {
  std::vector<SaleLine> lines;    // new ids, line_no from 1; figures not yet computed
  std::vector<LineInput> inputs;  // for calculate_sale, same order
};

// Reads the products once and prices every line; field errors are appended to `errors` (the
// lines in error are left out), 403 FORBIDDEN (quick sell) and PRICE_OVERRIDE_FORBIDDEN thrown.
PricedLines price_lines(const auth::Actor& actor, ports::SalesStore& store, const Clock& clock,
                        const std::vector<SaleLineRequest>& lines, const std::string& branch_id,
                        std::vector<FieldError>& errors);

}  // namespace regal::pos
