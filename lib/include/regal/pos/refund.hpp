#pragma once
// Refunds (returns) of invoice lines — the pure part: what a till sends, the refundable state of
// a sale as the store reads it under lock, the stored document, and the one function that turns
// a request and that state into a refund's figures. The rules (docs/SALES.md, "Refunds"):
//
// - Each line names a sale line (`line_id`) and refunds `qty` more of its units; the line's stored
//   price, discount and tax are kept: refunding k units after r gives each amount's share
//   F(r + k) − F(r) (refund_share, docs/MONEY.md). The tax is split off the refunded total the
//   same way (tax = the total's share of the line's tax), so net = total − tax on every refund
//   line and document, both never negative, and refunding every unit returns the line exactly.
// - A sale line may be named more than once (2 restocked and 1 damaged); the units add up.
// - Never more than is still refundable (409 REFUND_EXCEEDS_SOLD naming the line and what is
//   left); a void sale refunds nothing (409 SALE_VOID); a line id of another sale is 422
//   UNKNOWN_SALE_LINE.
// - Tenders: none given = cash for the whole total; otherwise they must add up exactly to the
//   total (400 REFUND_PAYMENTS_MISMATCH). store_credit needs a sale with a customer (409
//   STORE_CREDIT_NEEDS_CUSTOMER).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "regal/pos/sale_calculator.hpp"

namespace regal::pos {

enum class Disposition { kRestock, kDamaged };
const char* to_string(Disposition disposition);  // "restock" | "damaged"
std::optional<Disposition> parse_disposition(const std::string& text);

enum class RefundMethod { kCash, kCard, kOther, kStoreCredit };
const char* to_string(RefundMethod method);  // "cash" | "card" | "other" | "store_credit"
std::optional<RefundMethod> parse_refund_method(const std::string& text);

struct RefundPayment {
  RefundMethod method = RefundMethod::kCash;
  std::int64_t amount = 0;  // > 0
};

struct RefundLineRequest {
  std::string line_id;  // the sale line's id
  std::int64_t qty = 0;
  Disposition disposition = Disposition::kRestock;
};

struct RefundRequest {
  std::string sale_id;   // from the path
  std::string shift_id;  // the open shift of the till paying the refund
  std::string client_id;
  std::vector<RefundLineRequest> lines;
  std::vector<RefundPayment> payments;  // empty = cash for the whole refund
  std::string reason;
  std::string approval_token;  // a credential: never part of the request hash
};

// A sale line as a refund needs it, read with the sale row locked.
struct RefundableLine {
  std::string id;
  std::string product_id;   // "" for a quick-sell line (no stock comes back)
  std::string category_id;  // as filed when sold
  std::string sku;
  std::string description;
  std::int64_t qty = 0;
  std::int64_t refunded_qty = 0;
  std::int64_t tax_rate_bp = 0;
  std::int64_t unit_cost = 0;
  LineFigures figures;
};

struct RefundableSale {
  std::string id;
  std::string number;
  std::string status;  // completed | void
  std::string branch_id;
  std::string customer_id;
  std::string salesman_id;
  std::int64_t commission_rate_bp = 0;
  std::vector<RefundableLine> lines;
};

// The till a refund is paid at: the open shift named by the request, locked for the transaction.
struct RefundTill {
  std::string shift_id;
  std::string branch_id;
  std::string register_id;
  std::string shift_cashier_id;
  std::string branch_code;
  std::string register_code;
};

struct RefundLine {
  std::string id;
  int line_no = 0;
  std::string sale_line_id;
  std::string product_id;
  std::string category_id;
  std::string sku;
  std::string description;
  std::int64_t qty = 0;
  Disposition disposition = Disposition::kRestock;
  std::int64_t tax_rate_bp = 0;
  LineFigures figures;
  std::int64_t cost = 0;  // unit cost when sold × qty
};

struct Refund {
  std::string id;
  std::string client_id;
  std::string request_hash;
  std::string number;
  std::int64_t seq = 0;
  std::string sale_id;
  std::string sale_number;
  std::string branch_id;
  std::string register_id;
  std::string shift_id;
  std::string cashier_id;   // who made the refund
  std::string approved_by;  // who approved it, when it needed approval
  std::string customer_id;  // the sale's
  std::string reason;
  std::vector<RefundLine> lines;
  std::vector<RefundPayment> payments;
  std::vector<TaxLine> taxes;  // ascending rate
  std::int64_t gross = 0;
  std::int64_t discount_total = 0;
  std::int64_t net = 0;
  std::int64_t tax_total = 0;
  std::int64_t total = 0;  // = net + tax_total
  std::int64_t cost = 0;
  std::int64_t commission_takeback = 0;  // of the salesman's commission (not stored on the refund)
  std::int64_t created_at_ms = 0;
};

struct RefundQuery {
  int limit = 50;
  std::string before_id;  // keyset: newest first
  std::string sale_id, branch_id, register_id, shift_id, cashier_id;
  std::string from_date, to_date;  // YYYY-MM-DD in the branch's time zone, inclusive
};

// What refunding `qty` more units of a sold line returns after `already` units: refund_share's
// gross, discounts and total; the tax is the total's share of the line's tax and net = total − tax
// (see the header comment). Throws std::invalid_argument like refund_share.
LineFigures refund_line_figures(const LineFigures& sold, std::int64_t line_qty,
                                std::int64_t already, std::int64_t qty);

// Checks the shape of a request (ids, quantities, tenders, reason) without the sale: throws
// regal::Error VALIDATION_FAILED with every field error.
void check_refund_request(const RefundRequest& request);

// The refund `request` makes of `sale` in its locked state: lines with their figures and cost
// (ids and numbers are left to the caller), totals, taxes by rate, tenders, and the salesman's
// commission take-back (refund net × the sale's commission rate, half-even). Throws the errors
// listed in the header comment, and 409 NOTHING_TO_REFUND when the units return 0.00.
Refund compute_refund(const RefundRequest& request, const RefundableSale& sale);

// SHA-256 of a canonical text form of the request (without the approval token), for idempotency.
std::string refund_request_hash(const RefundRequest& request);

}  // namespace regal::pos
