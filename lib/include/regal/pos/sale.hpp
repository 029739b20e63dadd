#pragma once
// Sales (invoices): what a till sends, what is stored, and how the list is filtered.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "regal/pos/sale_calculator.hpp"

namespace regal::pos {

struct SaleLineRequest {
  std::string product_id;  // or barcode; both empty = a quick-sell line
  std::string barcode;
  std::int64_t qty = 0;
  std::optional<std::int64_t> unit_price;  // override of the catalog price
  std::optional<std::int64_t> discount_bp;
  // Quick sell (no catalog product):
  std::string description;
  std::optional<std::int64_t> tax_rate_bp;
};

struct SaleRequest {
  std::string branch_id;
  std::string register_id;
  std::string shift_id;
  std::string customer_id;
  std::string salesman_id;
  std::string client_id;
  std::vector<SaleLineRequest> lines;
  OrderDiscount discount;
  std::vector<PaymentInput> payments;
};

struct SaleLine {
  std::string id;
  int line_no = 0;
  std::string product_id;  // "" for quick sell
  std::string sku;
  std::string description;
  std::int64_t qty = 0;
  std::int64_t unit_price = 0;
  std::int64_t list_price = 0;
  std::int64_t discount_bp = 0;
  std::int64_t tax_rate_bp = 0;
  bool tax_inclusive = true;
  LineFigures figures;
  std::int64_t refunded_qty = 0;
  std::int64_t unit_cost = 0;  // the product's cost price when sold (margin reports)
  std::string category_id;     // the product's category when sold ("" = none)
};

struct Sale {
  std::string id;
  std::string client_id;
  std::string request_hash;
  std::string number;
  std::int64_t seq = 0;
  std::string branch_id;
  std::string register_id;
  std::string shift_id;
  std::string cashier_id;
  std::string customer_id;
  std::string salesman_id;
  std::string status = "completed";
  OrderDiscount discount;
  std::vector<SaleLine> lines;
  std::vector<PaymentInput> payments;
  std::vector<TaxLine> taxes;
  std::int64_t subtotal = 0;
  std::int64_t discount_total = 0;
  std::int64_t tax_total = 0;
  std::int64_t total = 0;
  std::int64_t paid = 0;
  std::int64_t change = 0;
  int reprint_count = 0;
  std::int64_t commission_rate_bp = 0;  // the salesman's rate when sold
  std::int64_t commission = 0;          // round(Σ line net × rate)
  std::int64_t refunded_total = 0;
  std::int64_t voided_at_ms = 0;
  std::string voided_by;
  std::string void_reason;
  std::int64_t created_at_ms = 0;
  int version = 1;
};

// What a sale needs to know of a product, read before the sale is computed.
struct SaleProduct {
  std::string id;
  std::string sku;
  std::string name;
  std::int64_t unit_price = 0;
  std::int64_t cost_price = 0;
  std::string category_id;
  std::int64_t tax_rate_bp = 0;
  bool tax_inclusive = true;
  std::optional<std::int64_t> limited_qty;
  bool is_active = true;
  bool sold_in_branch = true;  // branch_ids is null or holds the branch
};

// What a receipt prints besides the sale itself.
struct ReceiptContext {
  std::string branch_name;
  std::string branch_address;
  std::string branch_phone;
  std::string header;  // receipt_header / receipt_footer of the branch
  std::string footer;
  std::string currency;
  int currency_digits = 2;
  std::string local_time;  // "2026-11-23 14:05" in the branch's time zone
  std::string register_code;
};

// A 42-column plain-text receipt for thermal printers. `duplicate` > 0 marks a reprint
// ("DUPLICATE #n"); the numbers and amounts are the stored ones, never recomputed.
std::string format_receipt_text(const Sale& sale, const ReceiptContext& context, int duplicate);

// 12345 with 2 digits → "123.45"; -5 → "-0.05".
std::string format_money(std::int64_t amount, int digits);

struct SaleQuery {
  int limit = 50;
  std::string before_id;  // keyset: newest first
  std::string branch_id, register_id, cashier_id, customer_id, salesman_id, status, number;
  std::string from_date, to_date;  // YYYY-MM-DD in the branch's time zone, inclusive
};

}  // namespace regal::pos
