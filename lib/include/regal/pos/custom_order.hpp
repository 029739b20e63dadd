#pragma once
// Custom orders ("Custom Invoice"): goods to be prepared or delivered later, for a named customer,
// priced once at order time by sale_calculator, paid for in deposits, and delivered by a regular
// invoice for the balance. This header holds the types and the pure rules (status transitions,
// deposit caps, the delivering invoice's tenders, what a cancellation gives back); the service
// and the store apply them (docs/SALES.md, "Custom orders").
//
//   open ──► ready ──► delivered
//     │        │
//     └────────┴─────► cancelled   (deposits returned)

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "regal/pos/sale.hpp"

namespace regal::pos {

enum class OrderStatus { kOpen, kReady, kDelivered, kCancelled };
const char* to_string(OrderStatus status);  // "open" | "ready" | "delivered" | "cancelled"
std::optional<OrderStatus> parse_order_status(const std::string& text);

// True for open → ready, open → cancelled, ready → cancelled and ready → delivered.
bool order_transition_allowed(OrderStatus from, OrderStatus to);
// Throws 409 ORDER_STATUS_CONFLICT naming both states when the transition is not allowed.
void check_order_transition(OrderStatus from, OrderStatus to);

struct DepositRequest {
  std::string shift_id;                 // an open shift of a register of the order's branch
  std::optional<PaymentMethod> method;  // cash | card | other
  std::int64_t amount = 0;              // > 0
};

struct CustomOrderRequest {
  std::string branch_id;
  std::string customer_id;
  std::string due_date;  // "" or YYYY-MM-DD
  std::string note;
  std::vector<SaleLineRequest> lines;  // catalog lines or free text, as a sale's
  OrderDiscount discount;
  std::optional<DepositRequest> deposit;  // the first deposit, taken with the order
};

struct DeliverRequest {
  std::string shift_id;
  std::vector<PaymentInput> payments;  // the balance: cash | card | other | on_account
};

struct CancelRequest {
  std::string shift_id;  // required when deposits are to be returned
  std::string reason;    // 1–500 characters
};

struct OrderDeposit {
  std::string id;
  std::string kind;         // deposit | return | applied
  std::string method;       // cash | card | other | deposit (applied)
  std::int64_t amount = 0;  // > 0 deposit, < 0 return and applied
  std::string shift_id;
  std::string register_id;
  std::string sale_id;  // applied: the invoice
  std::string actor_id;
  std::int64_t created_at_ms = 0;
};

struct OrderEvent {
  std::string from_status;  // "" for the creation
  std::string to_status;
  std::string actor_id;
  std::string note;
  std::int64_t created_at_ms = 0;
};

struct CustomOrder {
  std::string id;
  std::string number;
  std::int64_t seq = 0;
  std::string branch_id;
  std::string customer_id;
  OrderStatus status = OrderStatus::kOpen;
  std::string due_date;
  std::string note;
  OrderDiscount discount;
  std::vector<SaleLine> lines;
  std::vector<TaxLine> taxes;
  std::int64_t subtotal = 0;
  std::int64_t discount_total = 0;
  std::int64_t tax_total = 0;
  std::int64_t total = 0;
  std::int64_t paid = 0;  // Σ deposits − Σ returns (kept after delivery: what the invoice applied)
  std::vector<OrderDeposit> deposits;
  std::vector<OrderEvent> history;
  std::string sale_id;  // the invoice, once delivered
  std::string created_by;
  std::string request_hash;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  int version = 1;

  // What is still to pay: total − paid while open or ready, 0 once delivered or cancelled.
  std::int64_t balance_due() const;
};

// A deposit of `amount` on the order as it is now: 409 ORDER_NOT_OPEN unless open or ready,
// 409 DEPOSIT_EXCEEDS_BALANCE when paid + amount would exceed the total.
void check_deposit(const CustomOrder& order, std::int64_t amount);

// The delivering invoice's tenders: the deposits (method deposit, when paid > 0) first, then
// the balance as tendered. Checked by settle_payments against the order's total.
std::vector<PaymentInput> invoice_payments(const CustomOrder& order,
                                           const std::vector<PaymentInput>& balance);

// What a cancellation gives back, per tender (cash, card, other, ascending; only amounts > 0):
// Σ deposits − Σ returns of each tender.
std::vector<PaymentInput> deposits_to_return(const CustomOrder& order);

// The invoice that delivers the order: its lines as priced at order time (figures recomputed by
// calculate_sale — the same cents, since the inputs are the stored ones), the order's discount,
// the customer, and the tenders of invoice_payments (settled). Ids, number, register and shift
// are the caller's.
Sale delivery_sale(const CustomOrder& order, const std::vector<PaymentInput>& balance);

struct CustomOrderQuery {
  int limit = 50;
  std::string before_id;  // keyset: newest first
  std::string branch_id, customer_id, status, number;
  std::string from_date, to_date;  // YYYY-MM-DD in the branch's time zone, inclusive
};

}  // namespace regal::pos
