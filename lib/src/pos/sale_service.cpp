#include "regal/pos/sale_service.hpp"

#include <algorithm>
#include <map>

#include "regal/auth/auth_service.hpp"
#include "regal/auth/permissions.hpp"
#include "regal/core/clock.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/core/text.hpp"
#include "regal/ports/sales_ports.hpp"
#include "regal/pos/receipt_pdf.hpp"
#include "regal/pos/sale_lines.hpp"

namespace regal::pos {
namespace {

constexpr std::size_t kMaxLines = 500;
constexpr std::size_t kMaxPayments = 20;

bool holds(const auth::Actor& actor, auth::Permission p) {
  return actor.principal && auth::allows(p, &*actor.principal);
}

bool is_admin(const auth::Actor& actor) {
  return actor.principal && actor.principal->pos_role == auth::PosRole::kAdmin;
}

void check_id(const std::string& value, const char* field, bool required,
              std::vector<FieldError>& errors) {
  if (value.empty()) {
    if (required) errors.push_back({field, "required", "This field is required."});
  } else if (!is_uuid(value)) {
    errors.push_back({field, "invalid_id", "Give a UUID."});
  }
}

void check_shape(const SaleRequest& r, bool needs_shift, std::vector<FieldError>& errors) {
  check_id(r.branch_id, "branch_id", true, errors);
  check_id(r.register_id, "register_id", true, errors);
  check_id(r.shift_id, "shift_id", needs_shift, errors);
  check_id(r.customer_id, "customer_id", false, errors);
  check_id(r.salesman_id, "salesman_id", false, errors);
  check_id(r.client_id, "client_id", false, errors);
  if (r.lines.empty()) errors.push_back({"lines", "required", "A sale needs at least one line."});
  if (r.lines.size() > kMaxLines) errors.push_back({"lines", "too_many", "At most 500 lines."});
  if (r.payments.size() > kMaxPayments) {
    errors.push_back({"payments", "too_many", "At most 20 payments."});
  }
  check_line_shapes(r.lines, errors);
  for (std::size_t i = 0; i < r.payments.size(); ++i) {
    if (r.payments[i].method == PaymentMethod::kDeposit) {  // only delivering an order applies it
      errors.push_back({"payments[" + std::to_string(i) + "].method", "invalid_choice",
                        "Use cash, card, other or on_account."});
    }
  }
  if (r.payments.empty()) errors.push_back({"payments", "required", "Give at least one payment."});
}

std::string fmt_number(std::string format, const std::string& branch, const std::string& reg) {
  auto put = [&](const std::string& key, const std::string& value) {
    for (auto at = format.find(key); at != std::string::npos;
         at = format.find(key, at + value.size())) {
      format.replace(at, key.size(), value);
    }
  };
  put("{branch}", branch);
  put("{register}", reg);
  return format;  // {seq} is filled by the store with the number it takes
}

}  // namespace

void check_line_shapes(const std::vector<SaleLineRequest>& lines, std::vector<FieldError>& errors) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const SaleLineRequest& l = lines[i];
    const std::string at = "lines[" + std::to_string(i) + "].";
    if (!l.product_id.empty() && !l.barcode.empty()) {
      errors.push_back({at + "barcode", "conflict", "Give product_id or barcode, not both."});
    }
    if (!l.product_id.empty() && !is_uuid(l.product_id)) {
      errors.push_back({at + "product_id", "invalid_id", "Give a UUID."});
    }
    if (l.barcode.size() > 64 || has_control_chars(l.barcode)) {
      errors.push_back({at + "barcode", "invalid_code", "Not a barcode."});
    }
    const bool quick = l.product_id.empty() && l.barcode.empty();
    if (quick) {
      if (is_blank(l.description) || code_points(l.description) > 200 ||
          has_control_chars(l.description)) {
        errors.push_back({at + "description", "required",
                          "A line without a product needs a description of 1–200 characters."});
      }
      if (!l.unit_price) {
        errors.push_back(
            {at + "unit_price", "required", "A line without a product needs a price."});
      }
      if (!l.tax_rate_bp) {
        errors.push_back(
            {at + "tax_rate", "required", "A line without a product needs a tax rate."});
      }
    } else if (!l.description.empty() || l.tax_rate_bp) {
      errors.push_back({at + (l.tax_rate_bp ? "tax_rate" : "description"), "not_allowed",
                        "Only a line without a product takes a description or tax rate."});
    }
  }
}

PricedLines price_lines(const auth::Actor& actor, ports::SalesStore& store, const Clock& clock,
                        const std::vector<SaleLineRequest>& lines, const std::string& branch_id,
                        std::vector<FieldError>& errors) {
  // Resolve barcodes, then read every product once.
  std::vector<std::string> product_ids(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& l = lines[i];
    if (!l.barcode.empty()) {
      if (auto id = store.product_by_barcode(l.barcode)) {
        product_ids[i] = *id;
      } else {
        errors.push_back({"lines[" + std::to_string(i) + "].barcode", "not_found",
                          "No live product has this barcode."});
      }
    } else {
      product_ids[i] = l.product_id;
    }
  }
  std::vector<std::string> wanted;
  for (const auto& id : product_ids) {
    if (!id.empty()) wanted.push_back(id);
  }
  std::map<std::string, SaleProduct> products;
  for (auto& p : store.products(wanted, branch_id)) products.emplace(p.id, std::move(p));

  PricedLines out;
  std::map<std::string, std::int64_t> qty_of;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& l = lines[i];
    const std::string at = "lines[" + std::to_string(i) + "].";
    SaleLine line;
    line.id = new_uuid_v7(clock.now_ms());
    line.line_no = static_cast<int>(i + 1);
    line.qty = l.qty;
    line.discount_bp = l.discount_bp.value_or(0);
    if (product_ids[i].empty() && l.barcode.empty()) {  // quick sell
      if (!holds(actor, auth::Permission::kQuickSell)) {
        throw Error(ErrorKind::kForbidden, "FORBIDDEN",
                    "Your role may not sell without a product.");
      }
      line.description = l.description;
      line.unit_price = line.list_price = l.unit_price.value_or(0);
      line.tax_rate_bp = l.tax_rate_bp.value_or(0);
      line.tax_inclusive = true;
    } else if (!product_ids[i].empty()) {
      const auto it = products.find(product_ids[i]);
      if (it == products.end() || !it->second.is_active || !it->second.sold_in_branch) {
        errors.push_back({at + (l.barcode.empty() ? "product_id" : "barcode"), "not_for_sale",
                          it == products.end() ? "No live product has this id."
                                               : "This product is not sold in this branch."});
        continue;
      }
      const SaleProduct& p = it->second;
      line.product_id = p.id;
      line.sku = p.sku;
      line.description = p.name;
      line.list_price = p.unit_price;
      line.unit_cost = p.cost_price;
      line.category_id = p.category_id;
      line.unit_price = l.unit_price.value_or(p.unit_price);
      line.tax_rate_bp = p.tax_rate_bp;
      line.tax_inclusive = p.tax_inclusive;
      if (line.unit_price != p.unit_price) {
        if (!holds(actor, auth::Permission::kPriceOverride)) {
          throw Error(ErrorKind::kForbidden, "PRICE_OVERRIDE_FORBIDDEN",
                      "Your role may not change prices.");
        }
        if (line.unit_price < p.cost_price && !is_admin(actor)) {
          errors.push_back({at + "unit_price", "below_cost", "Only an admin may sell below cost."});
        }
      }
      qty_of[p.id] += std::max<std::int64_t>(l.qty, 0);
      if (p.limited_qty && qty_of[p.id] > *p.limited_qty) {
        errors.push_back(
            {at + "qty", "over_limit", "At most " + std::to_string(*p.limited_qty) + " per sale."});
      }
    } else {
      continue;  // unknown barcode, reported above
    }
    out.inputs.push_back(
        {line.qty, line.unit_price, line.discount_bp, line.tax_rate_bp, line.tax_inclusive});
    out.lines.push_back(std::move(line));
  }
  return out;
}

std::string sale_request_hash(const SaleRequest& r) {
  std::string c = r.branch_id + "|" + r.register_id + "|" + r.shift_id + "|" + r.customer_id + "|" +
                  r.salesman_id + "|" + r.client_id + "|";
  c += std::to_string(r.discount.percent_bp.value_or(-1)) + "|" +
       std::to_string(r.discount.amount.value_or(-1)) + "|";
  for (const auto& l : r.lines) {
    c += "L" + l.product_id + "," + l.barcode + "," + std::to_string(l.qty) + "," +
         std::to_string(l.unit_price.value_or(-1)) + "," +
         std::to_string(l.discount_bp.value_or(-1)) + "," +
         std::to_string(l.tax_rate_bp.value_or(-1)) + "," + std::to_string(l.description.size()) +
         ":" + l.description + ";";
  }
  for (const auto& p : r.payments) {
    c += std::string("P") + to_string(p.method) + "," + std::to_string(p.amount) + ";";
  }
  return auth::sha256_hex(c);
}

SaleService::SaleService(ports::SalesStore& store, const Clock& clock, SaleConfig config)
    : store_(store), clock_(clock), config_(std::move(config)) {}

Sale SaleService::build(const auth::Actor& actor, const SaleRequest& r, bool needs_shift,
                        bool& allow_negative) {
  std::vector<FieldError> errors;
  check_shape(r, needs_shift, errors);
  if (!errors.empty()) throw Error::validation(std::move(errors));

  const ports::SalePlace place = store_.place(r);
  if (!place.branch_live)
    errors.push_back({"branch_id", "not_found", "No live branch has this id."});
  if (place.branch_live && !place.register_in_branch) {
    errors.push_back(
        {"register_id", "not_found", "No active register of this branch has this id."});
  }
  if (!r.customer_id.empty() && !place.customer_live) {
    errors.push_back({"customer_id", "not_found", "No live customer has this id."});
  }
  if (!r.salesman_id.empty() && !place.salesman_live) {
    errors.push_back({"salesman_id", "not_found", "No live salesman has this id."});
  }
  allow_negative = place.allow_negative_stock;

  PricedLines priced = price_lines(actor, store_, clock_, r.lines, r.branch_id, errors);
  Sale sale;
  sale.lines = std::move(priced.lines);
  const std::vector<LineInput>& inputs = priced.inputs;
  const bool on_account = std::any_of(r.payments.begin(), r.payments.end(), [](const auto& p) {
    return p.method == PaymentMethod::kOnAccount;
  });
  if (on_account && r.customer_id.empty()) {
    errors.push_back({"customer_id", "required", "A payment on account needs a customer."});
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));

  const SaleFigures figures = calculate_sale(inputs, r.discount);
  const PaymentFigures paid = settle_payments(figures.total, r.payments);
  for (std::size_t i = 0; i < sale.lines.size(); ++i) sale.lines[i].figures = figures.lines[i];
  sale.branch_id = r.branch_id;
  sale.register_id = r.register_id;
  sale.shift_id = r.shift_id;
  sale.customer_id = r.customer_id;
  sale.salesman_id = r.salesman_id;
  sale.client_id = r.client_id;
  sale.cashier_id = actor.user_id();
  sale.discount = r.discount;
  sale.payments = r.payments;
  sale.taxes = figures.taxes;
  sale.subtotal = figures.subtotal;
  sale.discount_total = figures.discount_total;
  sale.tax_total = figures.tax_total;
  sale.total = figures.total;
  sale.paid = paid.paid;
  sale.change = paid.change;
  sale.number = fmt_number(config_.number_format, place.branch_code, place.register_code);
  if (!r.salesman_id.empty()) {
    std::int64_t net = 0;
    for (const auto& l : sale.lines) net += l.figures.net;
    sale.commission_rate_bp = place.salesman_commission_bp;
    sale.commission = mul_div_half_even(net, place.salesman_commission_bp, 10000);
  }
  return sale;
}

Sale SaleService::preview(const auth::Actor& actor, const SaleRequest& request) {
  bool allow_negative = false;
  Sale sale = build(actor, request, false, allow_negative);
  sale.number.clear();
  return sale;
}

std::optional<SaleService::Outcome> SaleService::replay(const auth::Actor& actor,
                                                        const SaleRequest& request,
                                                        const std::string& key,
                                                        const std::string& hash) {
  const auto earlier = store_.replay(actor.user_id() + ":sale", key, request.client_id);
  if (!earlier) return std::nullopt;
  if (earlier->request_hash != hash) {
    throw Error(ErrorKind::kUnprocessable, "IDEMPOTENCY_KEY_REUSED",
                key.empty() ? "This client_id was already used for another sale."
                            : "This Idempotency-Key was already used for another request.");
  }
  return Outcome{get(earlier->sale_id), true};
}

SaleService::Outcome SaleService::create(const auth::Actor& actor, const SaleRequest& request,
                                         const std::string& key) {
  if (key.size() > 200 || has_control_chars(key)) {
    throw Error::invalid("INVALID_IDEMPOTENCY_KEY",
                         "Idempotency-Key takes 1–200 printable characters.");
  }
  const std::string hash = sale_request_hash(request);
  const bool keyed = !key.empty() || (!request.client_id.empty() && is_uuid(request.client_id));
  if (keyed) {
    if (auto done = replay(actor, request, key, hash)) return *done;
  }
  bool allow_negative = false;
  Sale sale = build(actor, request, true, allow_negative);
  sale.id = request.client_id.empty() ? new_uuid_v7(clock_.now_ms()) : request.client_id;
  sale.request_hash = hash;
  const auth::AuditEntry audit{actor.user_id(),  "sale.create",  "sale", sale.id, "", "",
                               actor.request_id, actor.client_ip};
  // A cashier sells into their own shift; an employee or admin may step in at any open shift of
  // the register (a price override or a manager's sale at a busy till).
  const bool own_shift_only =
      actor.principal && actor.principal->pos_role == auth::PosRole::kCashier;
  auto stored = store_.record(sale, allow_negative, sale.number, actor.user_id() + ":sale", key,
                              own_shift_only ? actor.user_id() : std::string(), audit);
  if (stored) return {std::move(*stored), false};
  if (auto done = replay(actor, request, key, hash)) return *done;  // a concurrent twin won
  throw Error::conflict("SALE_CONFLICT", "The sale could not be recorded; retry it.");
}

Sale SaleService::get(const std::string& id) {
  auto sale = is_uuid(id) ? store_.find(id) : std::nullopt;
  if (!sale) throw Error::not_found("Sale");
  return *sale;
}

std::vector<Sale> SaleService::list(const SaleQuery& query) { return store_.list(query); }

Sale SaleService::void_sale(const auth::Actor& actor, const std::string& id,
                            const std::string& reason) {
  if (is_blank(reason) || code_points(reason) > 500 || has_control_chars(reason)) {
    throw Error::validation(
        {{"reason", "required", "Say why the sale is voided (1–500 characters)."}});
  }
  get(id);  // 404 first
  auto sale = store_.void_sale(
      id, reason,
      {actor.user_id(), "sale.void", "sale", id, "", "", actor.request_id, actor.client_ip});
  if (!sale) throw Error::not_found("Sale");
  return *sale;
}

PrintedReceipt SaleService::receipt(const std::string& id, ReceiptFormat format) {
  const Sale sale = get(id);
  const ReceiptContext context = store_.receipt_context(id).value_or(ReceiptContext{});
  return {sale.number, format == ReceiptFormat::kPdf
                           ? receipt_pdf(sale, context, 0, config_.receipt_pdf)
                           : format_receipt_text(sale, context, 0)};
}

PrintedReceipt SaleService::reprint(const auth::Actor& actor, const std::string& id,
                                    ReceiptFormat format) {
  Sale sale = get(id);
  const int count = store_.mark_reprinted(
      id, {actor.user_id(), "sale.reprint", "sale", id, "", "", actor.request_id, actor.client_ip});
  sale.reprint_count = count;
  const ReceiptContext context = store_.receipt_context(id).value_or(ReceiptContext{});
  return {sale.number, format == ReceiptFormat::kPdf
                           ? receipt_pdf(sale, context, count, config_.receipt_pdf)
                           : format_receipt_text(sale, context, count)};
}

}  // namespace regal::pos
