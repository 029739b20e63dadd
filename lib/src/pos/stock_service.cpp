#include "regal/pos/stock_service.hpp"

#include "pos/idempotent_write.hpp"
#include "regal/auth/permissions.hpp"
#include "regal/core/clock.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/core/text.hpp"
#include "regal/ports/stock_ports.hpp"

namespace regal::pos {
namespace {

void require(const auth::Actor& actor, auth::Permission p) {
  if (!actor.principal || !auth::allows(p, &*actor.principal)) {
    throw Error(ErrorKind::kForbidden, "FORBIDDEN", "Your role may not do this.");
  }
}

void throw_if(std::vector<FieldError>& errors) {
  if (!errors.empty()) throw Error::validation(std::move(errors));
}

ports::WriteContext context(const auth::Actor& actor, const char* operation, const std::string& key,
                            const char* action, const char* entity, const std::string& id) {
  return {actor.user_id() + ":" + operation, key,
          auth::AuditEntry{actor.user_id(), action, entity, id, "", "", actor.request_id,
                           actor.client_ip}};
}

template <class T>
T found(std::optional<T> value, const char* what) {
  if (!value) throw Error::not_found(what);
  return std::move(*value);
}

}  // namespace

void check_idempotency_key(const std::string& key) {
  if (key.size() > 200 || has_control_chars(key)) {
    throw Error::invalid("INVALID_IDEMPOTENCY_KEY",
                         "Idempotency-Key takes 1–200 printable characters.");
  }
}

StockService::StockService(ports::StockStore& store, const Clock& clock)
    : store_(store), clock_(clock) {}

Stored<Purchase> StockService::receive(const auth::Actor& actor, const PurchaseRequest& r,
                                       const std::string& key) {
  require(actor, auth::Permission::kStockWrite);
  check_idempotency_key(key);
  std::vector<FieldError> errors;
  check_purchase(r, errors);
  throw_if(errors);
  Purchase draft;
  draft.id = new_uuid_v7(clock_.now_ms());
  draft.vendor_id = r.vendor_id;
  draft.branch_id = r.branch_id;
  draft.reference = r.reference;
  for (std::size_t i = 0; i < r.lines.size(); ++i) {
    PurchaseLine line;
    line.line_no = static_cast<int>(i + 1);
    line.product_id = r.lines[i].product_id;
    line.qty = r.lines[i].qty;
    line.unit_cost = r.lines[i].unit_cost;
    line.total = line.qty * line.unit_cost;  // bounded by check_purchase
    draft.total += line.total;
    draft.lines.push_back(std::move(line));
  }
  if (r.paid) {
    draft.paid_amount = r.paid->amount;
    draft.paid_method = r.paid->method;
  }
  draft.actor_id = actor.user_id();
  draft.request_hash = request_hash(r);
  const auto ctx = context(actor, "purchase", key, "purchase.create", "purchase", draft.id);
  return write_once<Purchase>(
      key, draft.request_hash, [&] { return store_.replay(ctx.idempotency_scope, key); },
      [&](const std::string& id) { return store_.find_purchase(id); },
      [&] { return store_.record_purchase(draft, ctx); });
}

Stored<VendorPayment> StockService::pay_vendor(const auth::Actor& actor,
                                               const VendorPaymentRequest& r,
                                               const std::string& key) {
  require(actor, auth::Permission::kVendorsWrite);
  check_idempotency_key(key);
  std::vector<FieldError> errors;
  check_vendor_payment(r, errors);
  throw_if(errors);
  VendorPayment draft;
  draft.id = new_uuid_v7(clock_.now_ms());
  draft.vendor_id = r.vendor_id;
  draft.amount = r.amount;
  draft.method = r.method;
  draft.note = r.note;
  draft.actor_id = actor.user_id();
  draft.request_hash = request_hash(r);
  const auto ctx =
      context(actor, "vendor_payment", key, "vendor.payment", "vendor_payment", draft.id);
  return write_once<VendorPayment>(
      key, draft.request_hash, [&] { return store_.replay(ctx.idempotency_scope, key); },
      [&](const std::string& id) { return store_.find_vendor_payment(id); },
      [&] { return store_.record_vendor_payment(draft, ctx); });
}

Stored<Adjustment> StockService::adjust(const auth::Actor& actor, const AdjustmentRequest& r,
                                        const std::string& key) {
  require(actor, auth::Permission::kStockWrite);
  check_idempotency_key(key);
  std::vector<FieldError> errors;
  check_adjustment(r, errors);
  throw_if(errors);
  Adjustment draft;
  draft.id = new_uuid_v7(clock_.now_ms());
  draft.branch_id = r.branch_id;
  draft.kind = *r.kind;
  draft.reason = r.reason;
  for (std::size_t i = 0; i < r.lines.size(); ++i) {
    const auto& l = r.lines[i];
    AdjustmentLine line;
    line.line_no = static_cast<int>(i + 1);
    line.product_id = l.product_id;
    switch (draft.kind) {
      case AdjustmentKind::kCount:
        line.counted = l.counted;
        line.expected = l.expected;
        line.delta = *l.counted - *l.expected;
        break;
      case AdjustmentKind::kDamage:
      case AdjustmentKind::kLoss:
        line.delta = -l.qty;
        break;
      case AdjustmentKind::kFound:
        line.delta = l.qty;
        break;
    }
    draft.lines.push_back(std::move(line));
  }
  draft.actor_id = actor.user_id();
  draft.request_hash = request_hash(r);
  const auto ctx =
      context(actor, "stock_adjustment", key, "stock.adjust", "stock_adjustment", draft.id);
  return write_once<Adjustment>(
      key, draft.request_hash, [&] { return store_.replay(ctx.idempotency_scope, key); },
      [&](const std::string& id) { return store_.find_adjustment(id); },
      [&] { return store_.record_adjustment(draft, ctx); });
}

Stored<Transfer> StockService::transfer(const auth::Actor& actor, const TransferRequest& r,
                                        const std::string& key) {
  require(actor, auth::Permission::kStockWrite);
  check_idempotency_key(key);
  std::vector<FieldError> errors;
  check_transfer(r, errors);
  throw_if(errors);
  Transfer draft;
  draft.id = new_uuid_v7(clock_.now_ms());
  draft.from_branch_id = r.from_branch_id;
  draft.to_branch_id = r.to_branch_id;
  draft.note = r.note;
  for (std::size_t i = 0; i < r.lines.size(); ++i) {
    TransferLine line;
    line.line_no = static_cast<int>(i + 1);
    line.product_id = r.lines[i].product_id;
    line.qty = r.lines[i].qty;
    draft.lines.push_back(std::move(line));
  }
  draft.actor_id = actor.user_id();
  draft.request_hash = request_hash(r);
  const auto ctx =
      context(actor, "stock_transfer", key, "stock.transfer", "stock_transfer", draft.id);
  return write_once<Transfer>(
      key, draft.request_hash, [&] { return store_.replay(ctx.idempotency_scope, key); },
      [&](const std::string& id) { return store_.find_transfer(id); },
      [&] { return store_.record_transfer(draft, ctx); });
}

Purchase StockService::purchase(const std::string& id) {
  return found(is_uuid(id) ? store_.find_purchase(id) : std::nullopt, "Purchase");
}

Adjustment StockService::adjustment(const std::string& id) {
  return found(is_uuid(id) ? store_.find_adjustment(id) : std::nullopt, "Stock adjustment");
}

Transfer StockService::transfer(const std::string& id) {
  return found(is_uuid(id) ? store_.find_transfer(id) : std::nullopt, "Stock transfer");
}

std::vector<Purchase> StockService::purchases(const StockDocumentQuery& q) {
  return store_.list_purchases(q);
}

std::vector<Adjustment> StockService::adjustments(const StockDocumentQuery& q) {
  return store_.list_adjustments(q);
}

std::vector<Transfer> StockService::transfers(const StockDocumentQuery& q) {
  return store_.list_transfers(q);
}

std::vector<StockRow> StockService::stock(const StockQuery& q) { return store_.stock(q); }

StockRow StockService::stock_row(const std::string& branch_id, const std::string& product_id) {
  const bool ids = is_uuid(branch_id) && is_uuid(product_id);
  return found(ids ? store_.stock_row(branch_id, product_id) : std::nullopt, "Stock row");
}

StockRow StockService::set_reorder_level(const auth::Actor& actor, const std::string& branch_id,
                                         const std::string& product_id, std::int64_t level) {
  require(actor, auth::Permission::kStockWrite);
  if (level < 0 || level > kMaxStockQty) {
    throw Error::validation({{"reorder_level", "out_of_range", "Give 0 to 1000000000."}});
  }
  if (!is_uuid(branch_id) || !is_uuid(product_id)) throw Error::not_found("Stock row");
  const auth::AuditEntry audit{
      actor.user_id(),  "stock.reorder_level", "stock", product_id + "@" + branch_id, "", "",
      actor.request_id, actor.client_ip};
  return found(store_.set_reorder_level(branch_id, product_id, level, audit), "Stock row");
}

std::vector<StockMovement> StockService::movements(const MovementQuery& q) {
  return store_.movements(q);
}

}  // namespace regal::pos
