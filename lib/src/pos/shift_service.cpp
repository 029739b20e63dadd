#include "regal/pos/shift_service.hpp"

#include <algorithm>

#include "regal/auth/approval_service.hpp"
#include "regal/auth/auth_service.hpp"
#include "regal/auth/permissions.hpp"
#include "regal/core/clock.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/core/text.hpp"
#include "regal/ports/shift_ports.hpp"

namespace regal::pos {
namespace {

constexpr std::int64_t kMaxAmount = 1'000'000'000'000'000;  // 10^15 minor units
constexpr std::size_t kMaxDenominations = 50;

void check_key(const std::string& key) {
  if (key.size() > 200 || has_control_chars(key)) {
    throw Error::invalid("INVALID_IDEMPOTENCY_KEY",
                         "Idempotency-Key takes 1–200 printable characters.");
  }
}

void check_text(const std::string& text, const char* field, bool required, std::size_t max,
                std::vector<FieldError>& errors) {
  if (required && is_blank(text)) {
    errors.push_back({field, "required", "This field is required."});
  } else if (code_points(text) > max || has_control_chars(text)) {
    errors.push_back({field, "invalid_text",
                      "At most " + std::to_string(max) + " characters, no control characters."});
  }
}

// Σ value × count, or a field error when a value or count is out of range.
std::optional<std::int64_t> sum_denominations(const std::vector<Denomination>& ds,
                                              const std::string& field,
                                              std::vector<FieldError>& errors) {
  if (ds.size() > kMaxDenominations) {
    errors.push_back({field, "too_many", "At most 50 denominations."});
    return std::nullopt;
  }
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < ds.size(); ++i) {
    const auto& d = ds[i];
    if (d.value < 1 || d.value > 100'000'000 || d.count < 0 || d.count > 1'000'000) {
      errors.push_back({field + "[" + std::to_string(i) + "]", "out_of_range",
                        "A denomination is 1–100000000 minor units, a count 0–1000000."});
      return std::nullopt;
    }
    sum += d.value * d.count;
  }
  return sum;
}

std::string hash_open(const OpenShiftRequest& r) {
  std::string c = r.register_id + "|" + std::to_string(r.opening_float.value_or(-1)) + "|" +
                  std::to_string(r.note.size()) + ":" + r.note + "|";
  for (const auto& d : r.opening_counts) {
    c += std::to_string(d.value) + "x" + std::to_string(d.count) + ";";
  }
  return auth::sha256_hex(c);
}

std::string hash_movement(const std::string& shift_id, const CashMovementRequest& r) {
  return auth::sha256_hex(shift_id + "|" + (r.kind ? to_string(*r.kind) : "") + "|" +
                          std::to_string(r.amount) + "|" + r.reverses_id + "|" +
                          r.expense_category_id + "|" + std::to_string(r.reason.size()) + ":" +
                          r.reason);
}

void refuse_replay(const ports::IdempotentReplay& earlier, const std::string& hash) {
  if (earlier.request_hash != hash) {
    throw Error(ErrorKind::kUnprocessable, "IDEMPOTENCY_KEY_REUSED",
                "This Idempotency-Key was already used for another request.");
  }
}

}  // namespace

ShiftService::ShiftService(ports::ShiftStore& store, const Clock& clock,
                           auth::ApprovalService* approvals, ShiftConfig config)
    : store_(store), clock_(clock), approvals_(approvals), config_(std::move(config)) {}

bool ShiftService::manages(const auth::Actor& actor) const {
  return actor.principal && auth::allows(auth::Permission::kShiftsManage, &*actor.principal);
}

std::string ShiftService::owner_scope(const auth::Actor& actor) const {
  return manages(actor) ? std::string() : actor.user_id();
}

ShiftService::Opened ShiftService::open(const auth::Actor& actor, const OpenShiftRequest& r,
                                        const std::string& key) {
  check_key(key);
  const std::string hash = hash_open(r);
  const std::string scope = actor.user_id() + ":shift.open";
  auto replayed = [&]() -> std::optional<Opened> {
    if (key.empty()) return std::nullopt;
    const auto earlier = store_.replay(scope, key);
    if (!earlier) return std::nullopt;
    refuse_replay(*earlier, hash);
    return Opened{get(actor, earlier->document_id), true};
  };
  if (auto done = replayed()) return *done;

  std::vector<FieldError> errors;
  if (r.register_id.empty()) {
    errors.push_back({"register_id", "required", "This field is required."});
  } else if (!is_uuid(r.register_id)) {
    errors.push_back({"register_id", "invalid_id", "Give a UUID."});
  }
  check_text(r.note, "note", false, 500, errors);
  std::int64_t opening = r.opening_float.value_or(0);
  if (!r.opening_counts.empty()) {
    const auto sum = sum_denominations(r.opening_counts, "opening_counts", errors);
    if (sum && r.opening_float && *sum != *r.opening_float) {
      errors.push_back({"opening_float", "mismatch",
                        "The opening float must equal the counted denominations (" +
                            std::to_string(*sum) + ")."});
    }
    if (sum) opening = *sum;
  } else if (!r.opening_float) {
    errors.push_back({"opening_float", "required", "Give the opening float or its count."});
  } else if (*r.opening_float < 0 || *r.opening_float > kMaxAmount) {
    errors.push_back({"opening_float", "out_of_range", "Give 0 or more minor units."});
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  const auto branch = store_.register_branch(r.register_id);
  if (!branch) {
    throw Error::validation(
        {{"register_id", "not_found", "No live, active register has this id."}});
  }

  Shift shift;
  shift.id = new_uuid_v7(clock_.now_ms());
  shift.branch_id = *branch;
  shift.register_id = r.register_id;
  shift.cashier_id = actor.user_id();
  shift.opening_float = opening;
  shift.opening_counts = r.opening_counts;
  shift.note = r.note;
  const auth::AuditEntry audit{actor.user_id(),  "shift.open",    "shift", shift.id, "", "",
                               actor.request_id, actor.client_ip};
  if (auto stored = store_.open(shift, scope, key, hash, audit)) return {*stored, false};
  if (auto done = replayed()) return *done;
  throw Error::conflict("SHIFT_CONFLICT", "The shift could not be opened; retry.");
}

Shift ShiftService::get(const auth::Actor& actor, const std::string& id) {
  auto shift = is_uuid(id) ? store_.find(id) : std::nullopt;
  if (!shift || (!manages(actor) && shift->cashier_id != actor.user_id())) {
    throw Error::not_found("Shift");
  }
  return *shift;
}

std::vector<Shift> ShiftService::list(const auth::Actor& actor, ShiftQuery query) {
  if (!manages(actor)) query.cashier_id = actor.user_id();
  return store_.list(query);
}

ShiftService::Moved ShiftService::add_movement(const auth::Actor& actor,
                                               const std::string& shift_id,
                                               const CashMovementRequest& r,
                                               const std::string& key) {
  check_key(key);
  get(actor, shift_id);  // 404 outside the caller's scope
  const std::string hash = hash_movement(shift_id, r);
  const std::string scope = actor.user_id() + ":cash_movement";
  auto replayed = [&]() -> std::optional<Moved> {
    if (key.empty()) return std::nullopt;
    const auto earlier = store_.replay(scope, key);
    if (!earlier) return std::nullopt;
    refuse_replay(*earlier, hash);
    auto m = store_.movement(earlier->document_id);
    if (!m) throw Error::not_found("Cash movement");
    return Moved{*m, true};
  };
  if (auto done = replayed()) return *done;

  std::vector<FieldError> errors;
  check_text(r.reason, "reason", true, 500, errors);
  CashMovement m;
  if (!r.reverses_id.empty()) {
    if (!is_uuid(r.reverses_id)) errors.push_back({"reverses_id", "invalid_id", "Give a UUID."});
    if (r.kind || r.amount != 0 || !r.expense_category_id.empty()) {
      errors.push_back({"reverses_id", "conflict",
                        "A reversal takes the kind and amount of the movement it reverses."});
    }
    m.reverses_id = r.reverses_id;
  } else if (!r.kind) {
    errors.push_back({"kind", "required", "Use paid_in, paid_out, drop or no_sale."});
  } else {
    m.kind = *r.kind;
    m.amount = r.amount;
    if (m.kind == CashMovementKind::kNoSale) {
      if (r.amount != 0) errors.push_back({"amount", "not_allowed", "A no-sale moves no money."});
    } else if (r.amount < 1 || r.amount > kMaxAmount) {
      errors.push_back({"amount", "out_of_range", "Give 1 or more minor units."});
    }
    if (!r.expense_category_id.empty() && m.kind != CashMovementKind::kPaidOut) {
      errors.push_back(
          {"expense_category_id", "not_allowed", "Only a paid_out pays an expense."});
    }
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  m.id = new_uuid_v7(clock_.now_ms());
  m.shift_id = shift_id;
  m.reason = r.reason;
  m.actor_id = actor.user_id();
  m.expense_id = r.expense_category_id;  // the store turns a category into an expense
  const auth::AuditEntry audit{actor.user_id(),  "cash_movement.create", "cash_movement", m.id,
                               "",               "",
                               actor.request_id, actor.client_ip};
  if (auto stored = store_.add_movement(m, owner_scope(actor), scope, key, hash, audit)) {
    return {*stored, false};
  }
  if (auto done = replayed()) return *done;
  throw Error::conflict("CASH_MOVEMENT_CONFLICT", "The movement could not be recorded; retry.");
}

std::vector<CashMovement> ShiftService::movements(const auth::Actor& actor,
                                                  const std::string& shift_id) {
  get(actor, shift_id);
  return store_.movements(shift_id);
}

ShiftService::XReport ShiftService::x_report(const auth::Actor& actor,
                                             const std::string& shift_id) {
  get(actor, shift_id);
  auto snap = store_.snapshot(shift_id);
  if (!snap) throw Error::not_found("Shift");
  if (snap->first.status == "closed") {
    if (auto z = store_.z_report_of_shift(shift_id)) return {z_report(actor, *z), false};
  }
  XReport x{compute_shift_report(snap->first, snap->second, {}), false};
  if (!manages(actor) && snap->first.status == "open") {
    // Blind: nothing that reveals what the drawer should hold before the count.
    x.blind = true;
    x.report.expected_cash = 0;
    x.report.totals.opening_float = 0;
    for (auto& t : x.report.tenders) t.expected = 0;
    for (auto& t : x.report.totals.tenders) {
      if (t.method == "cash") t.sales = t.refunds = t.deposits = 0;
    }
    for (auto& t : x.report.tenders) {
      if (t.method == "cash") t.sales = t.refunds = t.deposits = 0;
    }
    x.report.totals.paid_in = x.report.totals.paid_out = x.report.totals.drops = 0;
  }
  return x;
}

ShiftReport ShiftService::close(const auth::Actor& actor, const std::string& shift_id,
                                const std::vector<CountedTender>& counted,
                                const std::string& approval_token, const std::string& reason) {
  const Shift shift = get(actor, shift_id);
  std::vector<FieldError> errors;
  std::vector<CountedTender> counts = counted;
  bool cash = false;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    auto& c = counts[i];
    const std::string at = "counted[" + std::to_string(i) + "]";
    if (c.method == "cash") cash = true;
    if (c.method != "cash" && c.method != "card" && c.method != "other") {
      errors.push_back({at + ".method", "invalid_choice",
                        "Count cash, card or other (on_account and store_credit are never in "
                        "the drawer)."});
      continue;
    }
    if (!c.denominations.empty()) {
      if (c.method != "cash") {
        errors.push_back({at + ".denominations", "not_allowed", "Only cash is counted in notes."});
      }
      if (auto sum = sum_denominations(c.denominations, at + ".denominations", errors)) {
        if (c.amount != 0 && c.amount != *sum) {
          errors.push_back({at + ".amount", "mismatch", "The amount must equal the notes."});
        }
        c.amount = *sum;
      }
    } else if (c.amount < 0 || c.amount > kMaxAmount) {
      errors.push_back({at + ".amount", "out_of_range", "Give 0 or more minor units."});
    }
  }
  if (!cash) errors.push_back({"counted", "cash_required", "Count the cash in the drawer."});
  check_text(reason, "reason", false, 500, errors);
  if (!errors.empty()) throw Error::validation(std::move(errors));

  const auth::AuditEntry audit{actor.user_id(),  "shift.close",   "shift", shift_id, "", "",
                               actor.request_id, actor.client_ip};
  if (shift.status == "closed") {
    // A recount: never changes the Z report, needs a supervisor's approval.
    if (approval_token.empty()) {
      throw Error(ErrorKind::kConflict, "SHIFT_CLOSED",
                  "This shift is closed; a recount needs an approval token.");
    }
    if (!approvals_) throw Error::unavailable("approvals");
    const auto approval = approvals_->consume(actor, approval_token, "shift.recount");
    const auto z_id = store_.z_report_of_shift(shift_id);
    if (!z_id) throw Error::not_found("Z report");
    const ShiftReport z = z_report(actor, *z_id);
    const ShiftReport recomputed = compute_shift_report(z.shift, z.totals, counts);
    ShiftReport::Recount recount;
    recount.id = new_uuid_v7(clock_.now_ms());
    recount.counted = counts;
    recount.counted_cash = recomputed.counted_cash.value_or(0);
    recount.variance = recomputed.variance.value_or(0);
    recount.approved_by = approval.approver_id;
    recount.actor_id = actor.user_id();
    recount.reason = reason;
    auth::AuditEntry entry = audit;
    entry.action = "shift.recount";
    store_.add_recount(*z_id, recount, entry);
    return z_report(actor, *z_id);
  }
  if (!approval_token.empty()) {
    throw Error::validation(
        {{"approval_token", "not_allowed", "An approval is only needed for a recount."}});
  }
  const auto compute = [&counts](const Shift& s, const ShiftTotals& t) {
    return compute_shift_report(s, t, counts);
  };
  return store_.close(shift_id, owner_scope(actor), actor.user_id(), compute,
                      config_.z_number_format, audit);
}

ShiftReport ShiftService::z_report(const auth::Actor& actor, const std::string& id) {
  auto z = is_uuid(id) ? store_.z_report(id) : std::nullopt;
  if (!z || (!manages(actor) && z->shift.cashier_id != actor.user_id())) {
    throw Error::not_found("Z report");
  }
  return *z;
}

std::vector<ShiftReport> ShiftService::z_reports(const auth::Actor& actor, ZReportQuery query) {
  if (!manages(actor)) query.cashier_id = actor.user_id();
  return store_.z_reports(query);
}

}  // namespace regal::pos
