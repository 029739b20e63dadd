#pragma once
// Stock operations (docs/STOCK.md): receiving from vendors (purchases), vendor payments,
// adjustments (count, damage, loss, found), transfers between branches, the stock report and the
// stock ledger — the requests, the stored documents, and the pure rules (shape checks, the
// moving-average cost, request hashes for idempotency).
//
// Quantities are integer units, money int64 minor units. Every stored document changed `stock`
// through stock movements in one transaction (movement kinds purchase, count, damage, loss,
// found, transfer_out, transfer_in; ref_type purchase | adjustment | transfer, ref_id the
// document's id).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "regal/core/error.hpp"

namespace regal::pos {

inline constexpr std::int64_t kMaxStockQty = 1'000'000'000;            // per line
inline constexpr std::int64_t kMaxStockMoney = 1'000'000'000'000'000;  // 10^15 minor units
inline constexpr std::size_t kMaxStockLines = 500;

// How a vendor was (or is) paid: "cash" | "card" | "bank_transfer" | "other".
bool is_vendor_payment_method(std::string_view method);

// ----------------------------------------------------------------------------- purchases

struct PurchaseLineRequest {
  std::string product_id;
  std::int64_t qty = 0;        // 1 … kMaxStockQty
  std::int64_t unit_cost = 0;  // ≥ 0; qty × unit_cost ≤ kMaxStockMoney
};

struct PurchasePayment {
  std::int64_t amount = 0;  // 1 … the purchase total
  std::string method;
};

struct PurchaseRequest {
  std::string vendor_id;
  std::string branch_id;
  std::string reference;  // the vendor's delivery note or invoice number, ≤ 100 characters
  std::vector<PurchaseLineRequest> lines;
  std::optional<PurchasePayment> paid;
};

struct PurchaseLine {
  int line_no = 0;
  std::string product_id;
  std::string sku;  // as the product is named now
  std::string name;
  std::int64_t qty = 0;
  std::int64_t unit_cost = 0;
  std::int64_t total = 0;        // qty × unit_cost
  std::int64_t cost_before = 0;  // the product's cost_price before and after this purchase
  std::int64_t cost_after = 0;
};

struct Purchase {
  std::string id;
  std::string number;  // "PO-{branch code}-000001", per branch
  std::string vendor_id;
  std::string branch_id;
  std::string reference;
  std::vector<PurchaseLine> lines;
  std::int64_t total = 0;
  std::int64_t paid_amount = 0;
  std::string paid_method;  // "" when nothing was paid
  std::int64_t vendor_balance_after = 0;
  std::string actor_id;
  std::string request_hash;
  std::int64_t created_at_ms = 0;

  std::int64_t unpaid() const { return total - paid_amount; }
};

struct VendorPaymentRequest {
  std::string vendor_id;
  std::int64_t amount = 0;  // 1 … the vendor's balance (409 VENDOR_OVERPAYMENT above it)
  std::string method;
  std::string note;  // ≤ 500 characters
};

struct VendorPayment {
  std::string id;
  std::string vendor_id;
  std::int64_t amount = 0;
  std::string method;
  std::string note;
  std::int64_t balance_after = 0;
  std::string actor_id;
  std::string request_hash;
  std::int64_t created_at_ms = 0;
};

// --------------------------------------------------------------------------- adjustments

enum class AdjustmentKind { kCount, kDamage, kLoss, kFound };
std::optional<AdjustmentKind> parse_adjustment_kind(std::string_view text);
std::string_view to_string(AdjustmentKind kind);  // "count" | "damage" | "loss" | "found"

struct AdjustmentLineRequest {
  std::string product_id;
  std::int64_t qty = 0;                  // damage, loss, found: 1 … kMaxStockQty
  std::optional<std::int64_t> counted;   // count: the figure counted, ≥ 0
  std::optional<std::int64_t> expected;  // count: the figure the counter saw before counting
};

struct AdjustmentRequest {
  std::string branch_id;
  std::optional<AdjustmentKind> kind;
  std::string reason;  // required, 1–500 characters
  std::vector<AdjustmentLineRequest> lines;
};

struct AdjustmentLine {
  int line_no = 0;
  std::string product_id;
  std::string sku;
  std::string name;
  std::int64_t delta = 0;  // what the line changed the stock by
  std::optional<std::int64_t> counted;
  std::optional<std::int64_t> expected;
  std::int64_t qty_after = 0;
};

struct Adjustment {
  std::string id;
  std::string number;  // "ADJ-{branch code}-000001"
  std::string branch_id;
  AdjustmentKind kind = AdjustmentKind::kCount;
  std::string reason;
  std::vector<AdjustmentLine> lines;
  std::string actor_id;
  std::string request_hash;
  std::int64_t created_at_ms = 0;
};

// ----------------------------------------------------------------------------- transfers

struct TransferLineRequest {
  std::string product_id;
  std::int64_t qty = 0;  // 1 … kMaxStockQty
};

struct TransferRequest {
  std::string from_branch_id;
  std::string to_branch_id;
  std::string note;  // ≤ 500 characters
  std::vector<TransferLineRequest> lines;
};

struct TransferLine {
  int line_no = 0;
  std::string product_id;
  std::string sku;
  std::string name;
  std::int64_t qty = 0;
  std::int64_t from_qty_after = 0;
  std::int64_t to_qty_after = 0;
};

struct Transfer {
  std::string id;
  std::string number;  // "TR-{sending branch code}-000001"
  std::string from_branch_id;
  std::string to_branch_id;
  std::string note;
  std::vector<TransferLine> lines;
  std::string actor_id;
  std::string request_hash;
  std::int64_t created_at_ms = 0;
};

// ------------------------------------------------------------------------ report, ledger

struct StockRow {
  std::string product_id;
  std::string sku;
  std::string name;
  std::string branch_id;
  std::int64_t qty = 0;
  std::int64_t reorder_level = 0;
  bool below_reorder = false;  // qty ≤ reorder_level (the catalog's low_stock rule)
  std::int64_t cost_price = 0;
  std::int64_t updated_at_ms = 0;
};

struct StockQuery {
  int limit = 50;
  std::string branch_id;    // "" = every branch
  std::string product_id;   // "" = every product
  std::string category_id;  // products filed directly under it
  bool below_reorder = false;
  std::string after_product_id;  // keyset: (product_id, branch_id) ascending
  std::string after_branch_id;
};

struct StockMovement {
  std::int64_t id = 0;
  std::string product_id;
  std::string branch_id;
  std::int64_t delta = 0;
  std::int64_t qty_after = 0;
  std::string kind;
  std::string ref_type;
  std::string ref_id;
  std::string actor_id;
  std::int64_t at_ms = 0;
};

struct MovementQuery {
  int limit = 50;
  std::int64_t before_id = 0;  // keyset: newest first; 0 = from the newest
  std::string product_id, branch_id, kind, ref_type, ref_id;
  std::string from_date, to_date;  // YYYY-MM-DD in the branch's time zone, inclusive
};

// Lists of purchases, adjustments and transfers: newest first.
struct StockDocumentQuery {
  int limit = 50;
  std::string before_id;  // keyset cursor
  std::string branch_id;  // purchases and adjustments: the branch; transfers: either side
  std::string vendor_id;  // purchases
  std::string kind;       // adjustments
  std::string from_branch_id, to_branch_id;  // transfers
  std::string from_date, to_date;            // YYYY-MM-DD in the (sending) branch's time zone
};

// ------------------------------------------------------------------------------- rules

// The product's new cost price after receiving `received_qty` units worth `received_value`
// (Σ qty × unit_cost) when `on_hand` units were held at `cost`: the average weighted by
// quantity, rounded half-even. Units below zero on hand were already sold at the old cost, so a
// negative `on_hand` counts as zero (and then the new cost is the received average). Exact in
// 128 bits; received_qty must be > 0.
std::int64_t moving_average_cost(std::int64_t on_hand, std::int64_t cost, std::int64_t received_qty,
                                 std::int64_t received_value);

// Shape checks (ids, ranges, required fields, duplicates); each problem appended as a field
// error. References to live rows are checked by the store in the writing transaction.
void check_purchase(const PurchaseRequest& request, std::vector<FieldError>& errors);
void check_vendor_payment(const VendorPaymentRequest& request, std::vector<FieldError>& errors);
void check_adjustment(const AdjustmentRequest& request, std::vector<FieldError>& errors);
void check_transfer(const TransferRequest& request, std::vector<FieldError>& errors);

// SHA-256 of a canonical text of the request, for Idempotency-Key replays.
std::string request_hash(const PurchaseRequest& request);
std::string request_hash(const VendorPaymentRequest& request);
std::string request_hash(const AdjustmentRequest& request);
std::string request_hash(const TransferRequest& request);

// "PO-B1-000042": prefix, branch code and the number with at least six digits.
std::string stock_document_number(std::string_view prefix, std::string_view branch_code,
                                  std::int64_t seq);

}  // namespace regal::pos
