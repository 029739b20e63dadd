#include "regal/pos/custom_order_service.hpp"

#include <algorithm>

#include "pos/idempotent_write.hpp"
#include "regal/auth/auth_service.hpp"
#include "regal/core/clock.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/core/text.hpp"
#include "regal/ports/custom_order_ports.hpp"
#include "regal/ports/sales_ports.hpp"
#include "regal/pos/sale_lines.hpp"

namespace regal::pos {
namespace {

constexpr std::size_t kMaxLines = 500;
constexpr std::size_t kMaxPayments = 20;

bool is_cashier(const auth::Actor& actor) {
  return actor.principal && actor.principal->pos_role == auth::PosRole::kCashier;
}

void check_id(const std::string& value, const std::string& field, bool required,
              std::vector<FieldError>& errors) {
  if (value.empty()) {
    if (required) errors.push_back({field, "required", "This field is required."});
  } else if (!is_uuid(value)) {
    errors.push_back({field, "invalid_id", "Give a UUID."});
  }
}

void check_key(const std::string& key) {
  if (key.size() > 200 || has_control_chars(key)) {
    throw Error::invalid("INVALID_IDEMPOTENCY_KEY",
                         "Idempotency-Key takes 1–200 printable characters.");
  }
}

void check_deposit_shape(const DepositRequest& d, const std::string& at,
                         std::vector<FieldError>& errors) {
  check_id(d.shift_id, at + "shift_id", true, errors);
  if (!d.method) {
    errors.push_back({at + "method", "required", "Use cash, card or other."});
  } else if (*d.method != PaymentMethod::kCash && *d.method != PaymentMethod::kCard &&
             *d.method != PaymentMethod::kOther) {
    errors.push_back({at + "method", "invalid_choice", "Use cash, card or other."});
  }
  if (d.amount <= 0) errors.push_back({at + "amount", "must_be_positive", "Give an amount > 0."});
}

void check_text(const std::string& text, const char* field, std::size_t max, bool required,
                std::vector<FieldError>& errors) {
  if (required && is_blank(text)) {
    errors.push_back({field, "required", "This field is required."});
  } else if (code_points(text) > max || has_control_chars(text, true)) {
    errors.push_back(
        {field, "invalid_text", "At most " + std::to_string(max) + " printable characters."});
  }
}

std::string deposit_text(const DepositRequest& d) {
  return d.shift_id + "," + (d.method ? to_string(*d.method) : "") + "," + std::to_string(d.amount);
}

std::string request_hash(const CustomOrderRequest& r) {
  std::string c = r.branch_id + "|" + r.customer_id + "|" + r.due_date + "|" +
                  std::to_string(r.note.size()) + ":" + r.note + "|" +
                  std::to_string(r.discount.percent_bp.value_or(-1)) + "|" +
                  std::to_string(r.discount.amount.value_or(-1)) + "|";
  for (const auto& l : r.lines) {
    c += "L" + l.product_id + "," + l.barcode + "," + std::to_string(l.qty) + "," +
         std::to_string(l.unit_price.value_or(-1)) + "," +
         std::to_string(l.discount_bp.value_or(-1)) + "," +
         std::to_string(l.tax_rate_bp.value_or(-1)) + "," + std::to_string(l.description.size()) +
         ":" + l.description + ";";
  }
  if (r.deposit) c += "D" + deposit_text(*r.deposit);
  return auth::sha256_hex(c);
}

std::string fill_branch(std::string format, const std::string& branch_code) {
  for (auto at = format.find("{branch}"); at != std::string::npos;
       at = format.find("{branch}", at + branch_code.size())) {
    format.replace(at, 8, branch_code);
  }
  return format;
}

}  // namespace

bool is_calendar_date(const std::string& v) {
  if (v.size() != 10 || v[4] != '-' || v[7] != '-') return false;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i != 4 && i != 7 && (v[i] < '0' || v[i] > '9')) return false;
  }
  const int y = std::stoi(v.substr(0, 4));
  const int m = std::stoi(v.substr(5, 2));
  const int d = std::stoi(v.substr(8, 2));
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

CustomOrderService::CustomOrderService(ports::CustomOrderStore& store, ports::SalesStore& sales,
                                       const Clock& clock, CustomOrderConfig config)
    : store_(store), sales_(sales), clock_(clock), config_(std::move(config)) {}

template <class Write>
Stored<CustomOrder> CustomOrderService::once(const auth::Actor& actor, const std::string& operation,
                                             const std::string& key, const std::string& hash,
                                             Write&& write) {
  const std::string scope = actor.user_id() + ":custom_order." + operation;
  return write_once<CustomOrder>(
      key, hash, [&] { return store_.replay(scope, key); },
      [&](const std::string& id) { return store_.find(id); },
      [&] {
        const ports::WriteContext context{
            scope, key,
            auth::AuditEntry{actor.user_id(), "custom_order." + operation, "custom_order", "", "",
                             "", actor.request_id, actor.client_ip}};
        return write(context);
      });
}

Stored<CustomOrder> CustomOrderService::create(const auth::Actor& actor,
                                               const CustomOrderRequest& r,
                                               const std::string& key) {
  check_key(key);
  std::vector<FieldError> errors;
  check_id(r.branch_id, "branch_id", true, errors);
  check_id(r.customer_id, "customer_id", true, errors);
  if (!r.due_date.empty() && !is_calendar_date(r.due_date)) {
    errors.push_back({"due_date", "invalid_date", "Use YYYY-MM-DD."});
  }
  check_text(r.note, "note", 1000, false, errors);
  if (r.lines.empty()) errors.push_back({"lines", "required", "An order needs at least one line."});
  if (r.lines.size() > kMaxLines) errors.push_back({"lines", "too_many", "At most 500 lines."});
  check_line_shapes(r.lines, errors);
  if (r.deposit) check_deposit_shape(*r.deposit, "deposit.", errors);
  if (!errors.empty()) throw Error::validation(std::move(errors));

  const ports::OrderPlace place = store_.place(r.branch_id, r.customer_id);
  if (!place.branch_live) {
    errors.push_back({"branch_id", "not_found", "No live branch has this id."});
  }
  if (!place.customer_live) {
    errors.push_back({"customer_id", "not_found", "No live customer has this id."});
  }
  PricedLines priced = price_lines(actor, sales_, clock_, r.lines, r.branch_id, errors);
  if (!errors.empty()) throw Error::validation(std::move(errors));
  const SaleFigures figures = calculate_sale(priced.inputs, r.discount);

  CustomOrder order;
  order.id = new_uuid_v7(clock_.now_ms());
  order.branch_id = r.branch_id;
  order.customer_id = r.customer_id;
  order.due_date = r.due_date;
  order.note = r.note;
  order.discount = r.discount;
  order.lines = std::move(priced.lines);
  for (std::size_t i = 0; i < order.lines.size(); ++i) order.lines[i].figures = figures.lines[i];
  order.taxes = figures.taxes;
  order.subtotal = figures.subtotal;
  order.discount_total = figures.discount_total;
  order.tax_total = figures.tax_total;
  order.total = figures.total;
  order.created_by = actor.user_id();
  order.request_hash = request_hash(r);
  if (r.deposit) check_deposit(order, r.deposit->amount);  // 409 before anything is stored

  const std::string owner = is_cashier(actor) ? actor.user_id() : "";
  const std::string format = fill_branch(config_.number_format, place.branch_code);
  return once(actor, "create", key, order.request_hash, [&](ports::WriteContext context) {
    context.audit.entity_id = order.id;
    return store_.create(order, r.deposit, format, owner, context);
  });
}

Stored<CustomOrder> CustomOrderService::deposit(const auth::Actor& actor,
                                                const std::string& order_id,
                                                const DepositRequest& request,
                                                const std::string& key) {
  check_key(key);
  if (!is_uuid(order_id)) throw Error::not_found("Custom order");
  std::vector<FieldError> errors;
  check_deposit_shape(request, "", errors);
  if (!errors.empty()) throw Error::validation(std::move(errors));
  const std::string hash = auth::sha256_hex(order_id + "|" + deposit_text(request));
  const std::string owner = is_cashier(actor) ? actor.user_id() : "";
  return once(actor, "deposit", key, hash, [&](ports::WriteContext context) {
    context.audit.entity_id = order_id;
    auto order = store_.add_deposit(order_id, request, owner, hash, context);
    if (!order && key.empty()) throw Error::not_found("Custom order");
    return order;
  });
}

Stored<CustomOrder> CustomOrderService::set_status(const auth::Actor& actor,
                                                   const std::string& order_id, OrderStatus to,
                                                   int expected_version, const std::string& note,
                                                   const std::string& key) {
  check_key(key);
  if (!is_uuid(order_id)) throw Error::not_found("Custom order");
  std::vector<FieldError> errors;
  check_text(note, "note", 500, false, errors);
  if (to != OrderStatus::kReady) {
    errors.push_back({"status", "invalid_choice",
                      "Only ready is set here; deliver and cancel have their own calls."});
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  const std::string hash = auth::sha256_hex(order_id + "|" + to_string(to) + "|" + note);
  return once(actor, "status", key, hash, [&](ports::WriteContext context) {
    context.audit.entity_id = order_id;
    auto order = store_.set_status(order_id, to, expected_version, note, hash, context);
    if (!order && key.empty()) throw Error::not_found("Custom order");
    return order;
  });
}

Stored<CustomOrder> CustomOrderService::deliver(const auth::Actor& actor,
                                                const std::string& order_id,
                                                const DeliverRequest& request, int expected_version,
                                                const std::string& key) {
  check_key(key);
  if (!is_uuid(order_id)) throw Error::not_found("Custom order");
  std::vector<FieldError> errors;
  check_id(request.shift_id, "shift_id", true, errors);
  if (request.payments.size() > kMaxPayments) {
    errors.push_back({"payments", "too_many", "At most 20 payments."});
  }
  for (std::size_t i = 0; i < request.payments.size(); ++i) {
    if (request.payments[i].method == PaymentMethod::kDeposit) {
      errors.push_back({"payments[" + std::to_string(i) + "].method", "invalid_choice",
                        "Use cash, card, other or on_account."});
    }
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  std::string text = order_id + "|" + request.shift_id + "|";
  for (const auto& p : request.payments) {
    text += std::string(to_string(p.method)) + "," + std::to_string(p.amount) + ";";
  }
  const std::string hash = auth::sha256_hex(text);
  const std::string owner = is_cashier(actor) ? actor.user_id() : "";
  const auto invoice = [&](const CustomOrder& order) {
    Sale sale = delivery_sale(order, request.payments);
    sale.id = new_uuid_v7(clock_.now_ms());
    for (auto& l : sale.lines) l.id = new_uuid_v7(clock_.now_ms());
    sale.shift_id = request.shift_id;
    sale.cashier_id = actor.user_id();
    sale.request_hash = hash;
    return sale;
  };
  return once(actor, "deliver", key, hash, [&](ports::WriteContext context) {
    context.audit.entity_id = order_id;
    auto order = store_.deliver(order_id, request.shift_id, owner, expected_version, invoice,
                                config_.sale_number_format, hash, context);
    if (!order && key.empty()) throw Error::not_found("Custom order");
    return order;
  });
}

Stored<CustomOrder> CustomOrderService::cancel(const auth::Actor& actor,
                                               const std::string& order_id,
                                               const CancelRequest& request, int expected_version,
                                               const std::string& key) {
  check_key(key);
  if (!is_uuid(order_id)) throw Error::not_found("Custom order");
  std::vector<FieldError> errors;
  check_id(request.shift_id, "shift_id", false, errors);
  check_text(request.reason, "reason", 500, true, errors);
  if (!errors.empty()) throw Error::validation(std::move(errors));
  const std::string hash =
      auth::sha256_hex(order_id + "|" + request.shift_id + "|" + request.reason);
  const std::string owner = is_cashier(actor) ? actor.user_id() : "";
  return once(actor, "cancel", key, hash, [&](ports::WriteContext context) {
    context.audit.entity_id = order_id;
    auto order = store_.cancel(order_id, request, owner, expected_version, hash, context);
    if (!order && key.empty()) throw Error::not_found("Custom order");
    return order;
  });
}

CustomOrder CustomOrderService::get(const std::string& id) {
  auto order = is_uuid(id) ? store_.find(id) : std::nullopt;
  if (!order) throw Error::not_found("Custom order");
  return *order;
}

std::vector<CustomOrder> CustomOrderService::list(const CustomOrderQuery& query) {
  return store_.list(query);
}

}  // namespace regal::pos
