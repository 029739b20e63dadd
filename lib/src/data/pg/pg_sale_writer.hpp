#pragma once
// Writing a sale inside the caller's transaction: the one path every invoice takes — a till's
// sale (PgSalesStore::record) and the invoice that delivers a custom order
// (PgCustomOrderStore::deliver).

#include <Poco/Data/Session.h>

#include <optional>
#include <string>

#include "data/pg/rows.hpp"
#include "regal/pos/sale.hpp"

namespace regal::pg {

// Takes the open shift the sale names (lock_open_shift with `shift_owner`), the next number of
// the register's series (`number_format` has {seq}; sale.seq and sale.number are set), stores
// the sale, its lines and tenders, takes each product's stock (409 INSUFFICIENT_STOCK unless
// `allow_negative`), charges on-account tenders (409 CREDIT_LIMIT_EXCEEDED) and adds the sale to
// the shift and daily totals (regal_apply_sale). False when the sale's client id is taken.
bool write_sale(Poco::Data::Session& session, pos::Sale& sale, bool allow_negative,
                const std::string& number_format, const std::string& shift_owner);

// The stored sale with its lines, tenders and taxes.
std::optional<pos::Sale> find_sale(Poco::Data::Session& session, const std::string& id);

// The columns of a stored invoice or order line (sale_lines, custom_order_lines), in the order
// read_sale_line reads them from column `first` on.
inline constexpr const char* kSaleLineColumns =
    "id::text, line_no, coalesce(product_id::text, ''), sku, description, qty, unit_price,"
    " list_price, discount_bp, tax_rate, tax_inclusive, gross, line_discount, order_discount,"
    " net, tax, total, unit_cost, coalesce(category_id::text, '')";
inline constexpr std::size_t kSaleLineColumnCount = 19;
pos::SaleLine read_sale_line(const Row& r, std::size_t first);

}  // namespace regal::pg
