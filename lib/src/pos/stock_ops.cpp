#include "regal/pos/stock_ops.hpp"

#include <array>
#include <set>

#include "regal/auth/auth_service.hpp"
#include "regal/core/id.hpp"
#include "regal/core/text.hpp"

namespace regal::pos {
namespace {

__extension__ using i128 = __int128;

constexpr std::array<std::string_view, 4> kPaymentMethods = {"cash", "card", "bank_transfer",
                                                             "other"};

std::string at(std::size_t i, const char* field) {
  return "lines[" + std::to_string(i) + "]." + field;
}

void check_id(const std::string& value, const std::string& field, bool required,
              std::vector<FieldError>& errors) {
  if (value.empty()) {
    if (required) errors.push_back({field, "required", "This field is required."});
  } else if (!is_uuid(value)) {
    errors.push_back({field, "invalid_id", "Give a UUID."});
  }
}

// Text of at most `max` characters without control characters (line breaks when multiline).
void check_text(const std::string& value, const char* field, std::size_t max, bool multiline,
                std::vector<FieldError>& errors) {
  if (code_points(value) > max) {
    errors.push_back({field, "too_long", "At most " + std::to_string(max) + " characters."});
  } else if (has_control_chars(value, multiline)) {
    errors.push_back({field, "invalid_character", "Control characters are not allowed."});
  }
}

void check_qty(std::int64_t qty, const std::string& field, std::vector<FieldError>& errors) {
  if (qty < 1 || qty > kMaxStockQty) {
    errors.push_back({field, "out_of_range", "Give a quantity of 1 to 1000000000."});
  }
}

void check_line_count(std::size_t n, std::vector<FieldError>& errors) {
  if (n == 0) errors.push_back({"lines", "required", "Give at least one line."});
  if (n > kMaxStockLines) errors.push_back({"lines", "too_many", "At most 500 lines."});
}

// Products may appear once per document (adjustments and transfers): a second line would make
// the compare-and-set and the per-line figures ambiguous.
void check_unique_products(const std::vector<std::string>& ids, std::vector<FieldError>& errors) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (ids[i].empty()) continue;
    if (!seen.insert(ids[i]).second) {
      errors.push_back(
          {at(i, "product_id"), "duplicate", "This product is already on another line."});
    }
  }
}

std::string n(std::int64_t v) { return std::to_string(v); }

// Length-prefixed, so no choice of text can collide with another request's canonical form.
std::string t(const std::string& s) { return n(static_cast<std::int64_t>(s.size())) + ":" + s; }

}  // namespace

bool is_vendor_payment_method(std::string_view method) {
  for (const auto m : kPaymentMethods) {
    if (m == method) return true;
  }
  return false;
}

std::optional<AdjustmentKind> parse_adjustment_kind(std::string_view text) {
  if (text == "count") return AdjustmentKind::kCount;
  if (text == "damage") return AdjustmentKind::kDamage;
  if (text == "loss") return AdjustmentKind::kLoss;
  if (text == "found") return AdjustmentKind::kFound;
  return std::nullopt;
}

std::string_view to_string(AdjustmentKind kind) {
  switch (kind) {
    case AdjustmentKind::kCount:
      return "count";
    case AdjustmentKind::kDamage:
      return "damage";
    case AdjustmentKind::kLoss:
      return "loss";
    case AdjustmentKind::kFound:
      return "found";
  }
  return "";
}

std::int64_t moving_average_cost(std::int64_t on_hand, std::int64_t cost, std::int64_t received_qty,
                                 std::int64_t received_value) {
  if (received_qty <= 0) throw Error::invalid("INVALID_QUANTITY", "Nothing was received.");
  const i128 held = on_hand > 0 ? i128{on_hand} : i128{0};
  const i128 units = held + received_qty;
  const i128 value = held * cost + received_value;
  // value / units rounded half-even; value ≥ 0 and units > 0.
  i128 q = value / units;
  const i128 twice_r = 2 * (value % units);
  if (twice_r > units || (twice_r == units && q % 2 != 0)) ++q;
  return static_cast<std::int64_t>(q);  // between the smallest and largest cost: fits
}

void check_purchase(const PurchaseRequest& r, std::vector<FieldError>& errors) {
  check_id(r.vendor_id, "vendor_id", true, errors);
  check_id(r.branch_id, "branch_id", true, errors);
  check_text(r.reference, "reference", 100, false, errors);
  check_line_count(r.lines.size(), errors);
  i128 total = 0;
  for (std::size_t i = 0; i < r.lines.size(); ++i) {
    const auto& l = r.lines[i];
    check_id(l.product_id, at(i, "product_id"), true, errors);
    check_qty(l.qty, at(i, "qty"), errors);
    if (l.unit_cost < 0 || l.unit_cost > kMaxStockMoney) {
      errors.push_back({at(i, "unit_cost"), "out_of_range", "Give a cost of 0 or more."});
    } else if (l.qty >= 1 && l.qty <= kMaxStockQty) {
      const i128 line = i128{l.qty} * l.unit_cost;
      if (line > kMaxStockMoney) {
        errors.push_back({at(i, "unit_cost"), "total_too_large", "The line total is too large."});
      }
      total += line;
    }
  }
  if (total > kMaxStockMoney) {
    errors.push_back({"lines", "total_too_large", "The purchase total is too large."});
  }
  if (r.paid) {
    if (!is_vendor_payment_method(r.paid->method)) {
      errors.push_back(
          {"paid.method", "invalid_choice", "Use cash, card, bank_transfer or other."});
    }
    if (r.paid->amount < 1) {
      errors.push_back({"paid.amount", "must_be_positive", "Give an amount of at least 1."});
    } else if (r.paid->amount > total) {
      errors.push_back(
          {"paid.amount", "exceeds_total", "A purchase cannot be paid more than its total."});
    }
  }
}

void check_vendor_payment(const VendorPaymentRequest& r, std::vector<FieldError>& errors) {
  check_id(r.vendor_id, "vendor_id", true, errors);
  if (r.amount < 1 || r.amount > kMaxStockMoney) {
    errors.push_back({"amount", "out_of_range", "Give an amount of at least 1."});
  }
  if (!is_vendor_payment_method(r.method)) {
    errors.push_back({"method", "invalid_choice", "Use cash, card, bank_transfer or other."});
  }
  check_text(r.note, "note", 500, true, errors);
}

void check_adjustment(const AdjustmentRequest& r, std::vector<FieldError>& errors) {
  check_id(r.branch_id, "branch_id", true, errors);
  if (!r.kind) errors.push_back({"kind", "required", "Give count, damage, loss or found."});
  if (is_blank(r.reason)) {
    errors.push_back({"reason", "required", "Say why the stock is adjusted."});
  } else {
    check_text(r.reason, "reason", 500, true, errors);
  }
  check_line_count(r.lines.size(), errors);
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < r.lines.size(); ++i) {
    const auto& l = r.lines[i];
    check_id(l.product_id, at(i, "product_id"), true, errors);
    ids.push_back(l.product_id);
    if (!r.kind) continue;
    if (*r.kind == AdjustmentKind::kCount) {
      if (l.qty != 0) {
        errors.push_back({at(i, "qty"), "not_allowed", "A count gives counted and expected."});
      }
      if (!l.counted) {
        errors.push_back({at(i, "counted"), "required", "Give the counted figure."});
      } else if (*l.counted < 0 || *l.counted > kMaxStockQty) {
        errors.push_back({at(i, "counted"), "out_of_range", "Give 0 to 1000000000."});
      }
      if (!l.expected) {
        errors.push_back(
            {at(i, "expected"), "required", "Give the figure on hand the count started from."});
      } else if (*l.expected < -kMaxStockQty || *l.expected > kMaxStockQty) {
        errors.push_back({at(i, "expected"), "out_of_range", "Out of range."});
      }
    } else {
      if (l.counted || l.expected) {
        errors.push_back({at(i, l.counted ? "counted" : "expected"), "not_allowed",
                          "Only a count gives counted and expected."});
      }
      check_qty(l.qty, at(i, "qty"), errors);
    }
  }
  check_unique_products(ids, errors);
}

void check_transfer(const TransferRequest& r, std::vector<FieldError>& errors) {
  check_id(r.from_branch_id, "from_branch_id", true, errors);
  check_id(r.to_branch_id, "to_branch_id", true, errors);
  if (!r.from_branch_id.empty() && r.from_branch_id == r.to_branch_id) {
    errors.push_back({"to_branch_id", "same_branch", "Transfer to another branch."});
  }
  check_text(r.note, "note", 500, true, errors);
  check_line_count(r.lines.size(), errors);
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < r.lines.size(); ++i) {
    check_id(r.lines[i].product_id, at(i, "product_id"), true, errors);
    check_qty(r.lines[i].qty, at(i, "qty"), errors);
    ids.push_back(r.lines[i].product_id);
  }
  check_unique_products(ids, errors);
}

std::string request_hash(const PurchaseRequest& r) {
  std::string c = "purchase|" + t(r.vendor_id) + t(r.branch_id) + t(r.reference);
  for (const auto& l : r.lines) c += "L" + t(l.product_id) + n(l.qty) + "," + n(l.unit_cost) + ";";
  if (r.paid) c += "P" + n(r.paid->amount) + t(r.paid->method);
  return auth::sha256_hex(c);
}

std::string request_hash(const VendorPaymentRequest& r) {
  return auth::sha256_hex("vendor_payment|" + t(r.vendor_id) + n(r.amount) + t(r.method) +
                          t(r.note));
}

std::string request_hash(const AdjustmentRequest& r) {
  std::string c = "adjustment|" + t(r.branch_id) +
                  t(r.kind ? std::string(to_string(*r.kind)) : "") + t(r.reason);
  for (const auto& l : r.lines) {
    c += "L" + t(l.product_id) + n(l.qty) + "," + (l.counted ? n(*l.counted) : "-") + "," +
         (l.expected ? n(*l.expected) : "-") + ";";
  }
  return auth::sha256_hex(c);
}

std::string request_hash(const TransferRequest& r) {
  std::string c = "transfer|" + t(r.from_branch_id) + t(r.to_branch_id) + t(r.note);
  for (const auto& l : r.lines) c += "L" + t(l.product_id) + n(l.qty) + ";";
  return auth::sha256_hex(c);
}

std::string stock_document_number(std::string_view prefix, std::string_view branch_code,
                                  std::int64_t seq) {
  std::string digits = n(seq);
  if (digits.size() < 6) digits.insert(0, 6 - digits.size(), '0');
  return std::string(prefix) + "-" + std::string(branch_code) + "-" + digits;
}

}  // namespace regal::pos
