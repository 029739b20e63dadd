#include "regal/pos/custom_order.hpp"

#include <map>

#include "regal/core/error.hpp"

namespace regal::pos {

const char* to_string(OrderStatus status) {
  switch (status) {
    case OrderStatus::kOpen:
      return "open";
    case OrderStatus::kReady:
      return "ready";
    case OrderStatus::kDelivered:
      return "delivered";
    case OrderStatus::kCancelled:
      return "cancelled";
  }
  return "open";
}

std::optional<OrderStatus> parse_order_status(const std::string& text) {
  for (const OrderStatus s : {OrderStatus::kOpen, OrderStatus::kReady, OrderStatus::kDelivered,
                              OrderStatus::kCancelled}) {
    if (text == to_string(s)) return s;
  }
  return std::nullopt;
}

bool order_transition_allowed(OrderStatus from, OrderStatus to) {
  switch (from) {
    case OrderStatus::kOpen:
      return to == OrderStatus::kReady || to == OrderStatus::kCancelled;
    case OrderStatus::kReady:
      return to == OrderStatus::kDelivered || to == OrderStatus::kCancelled;
    case OrderStatus::kDelivered:
    case OrderStatus::kCancelled:
      return false;
  }
  return false;
}

void check_order_transition(OrderStatus from, OrderStatus to) {
  if (order_transition_allowed(from, to)) return;
  throw Error::conflict(
      "ORDER_STATUS_CONFLICT",
      std::string("An order that is ") + to_string(from) + " cannot become " + to_string(to) + ".");
}

std::int64_t CustomOrder::balance_due() const {
  if (status == OrderStatus::kDelivered || status == OrderStatus::kCancelled) return 0;
  return total - paid;
}

void check_deposit(const CustomOrder& order, std::int64_t amount) {
  if (order.status != OrderStatus::kOpen && order.status != OrderStatus::kReady) {
    throw Error::conflict(
        "ORDER_NOT_OPEN",
        std::string("This order is ") + to_string(order.status) + "; it takes no more deposits.");
  }
  if (amount > order.total - order.paid) {
    throw Error(ErrorKind::kConflict, "DEPOSIT_EXCEEDS_BALANCE",
                "The balance due is " + std::to_string(order.total - order.paid) +
                    "; a deposit cannot exceed it.",
                {{"amount", "exceeds_balance",
                  "At most " + std::to_string(order.total - order.paid) + "."}});
  }
}

std::vector<PaymentInput> invoice_payments(const CustomOrder& order,
                                           const std::vector<PaymentInput>& balance) {
  std::vector<PaymentInput> out;
  if (order.paid > 0) out.push_back({PaymentMethod::kDeposit, order.paid});
  out.insert(out.end(), balance.begin(), balance.end());
  return out;
}

std::vector<PaymentInput> deposits_to_return(const CustomOrder& order) {
  std::map<std::string, std::int64_t> net;
  for (const auto& d : order.deposits) {
    if (d.kind == "deposit" || d.kind == "return") net[d.method] += d.amount;
  }
  std::vector<PaymentInput> out;
  for (const auto& [method, amount] : net) {
    const auto m = parse_payment_method(method);
    if (m && amount > 0) out.push_back({*m, amount});
  }
  return out;
}

Sale delivery_sale(const CustomOrder& order, const std::vector<PaymentInput>& balance) {
  std::vector<LineInput> inputs;
  for (const auto& l : order.lines) {
    inputs.push_back({l.qty, l.unit_price, l.discount_bp, l.tax_rate_bp, l.tax_inclusive});
  }
  const SaleFigures figures = calculate_sale(inputs, order.discount);
  Sale sale;
  sale.payments = invoice_payments(order, balance);
  const PaymentFigures paid = settle_payments(figures.total, sale.payments);
  sale.lines = order.lines;
  for (std::size_t i = 0; i < sale.lines.size(); ++i) {
    sale.lines[i].figures = figures.lines[i];
    sale.lines[i].refunded_qty = 0;
  }
  sale.branch_id = order.branch_id;
  sale.customer_id = order.customer_id;
  sale.discount = order.discount;
  sale.taxes = figures.taxes;
  sale.subtotal = figures.subtotal;
  sale.discount_total = figures.discount_total;
  sale.tax_total = figures.tax_total;
  sale.total = figures.total;
  sale.paid = paid.paid;
  sale.change = paid.change;
  return sale;
}

}  // namespace regal::pos
