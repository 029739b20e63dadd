// The expenses adapter: categories (versioned, unique names) and expenses, optionally paid from a
// till drawer (a paid_out cash movement on the open shift, in the same transaction).
#include <Poco/Data/Session.h>
#include <Poco/Exception.h>

#include "data/pg/pg_audit.hpp"
#include "data/pg/pg_error.hpp"
#include "data/pg/pg_expense_rows.hpp"
#include "data/pg/pg_shift_lock.hpp"
#include "data/pg/pg_stock_rows.hpp"
#include "data/pg/rows.hpp"
#include "data/pg/sql.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/data/pg/database.hpp"
#include "regal/data/pg/pg_expenses.hpp"

namespace regal::pg {
namespace {

using Session = Poco::Data::Session;

std::string n(std::int64_t v) { return std::to_string(v); }

std::string json_text(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// Unique names: a concurrent twin can get past the check and fail on the index instead.
template <class Fn>
auto translating_duplicates(Fn&& fn) {
  try {
    return fn();
  } catch (const Poco::Exception& e) {
    if (classify(e) == PgFailure::kUniqueViolation &&
        violated_constraint(e) == "expense_categories_name") {
      throw Error(ErrorKind::kConflict, "DUPLICATE_NAME",
                  "An expense category has this name already.",
                  {{"name", "duplicate", "Choose another name."}});
    }
    throw;
  }
}

const std::string kCategoryColumns =
    "id::text, name, is_active, " + ms("created_at") + ", " + ms("updated_at") + ", version";

pos::ExpenseCategory to_category(const Row& r) {
  return {r.text(0), r.text(1), r.boolean(2), r.int64(3), r.int64(4), static_cast<int>(r.int64(5))};
}

std::optional<pos::ExpenseCategory> select_category(Session& s, const std::string& id) {
  Sql sql("SELECT " + kCategoryColumns + " FROM expense_categories WHERE id = ");
  sql << sql.bind(id, "uuid");
  const auto rs = sql.run(s);
  if (rs.rowCount() == 0) return std::nullopt;
  return to_category(Row(rs, 0));
}

std::string category_json(const pos::ExpenseCategory& c) {
  return "{\"name\":" + json_text(c.name) + ",\"is_active\":" + (c.is_active ? "true" : "false") +
         ",\"version\":" + n(c.version) + "}";
}

const std::string kExpenseColumns =
    "e.id::text, e.branch_id::text, e.category_id::text, c.name, e.amount, e.note,"
    " coalesce(e.shift_id::text, ''), coalesce((SELECT m.id::text FROM cash_movements m"
    " WHERE m.expense_id = e.id AND m.reverses_id IS NULL ORDER BY m.created_at LIMIT 1), ''),"
    " coalesce(e.actor_id::text, ''), e.request_hash, " +
    ms("e.created_at") +
    ", coalesce((SELECT m.id::text FROM cash_movements m"
    " WHERE m.expense_id = e.id AND m.reverses_id IS NOT NULL LIMIT 1), '')";

std::vector<pos::Expense> select_expenses(Session& s, Sql& sql) {
  const auto rs = sql.run(s);
  std::vector<pos::Expense> out;
  for (std::size_t i = 0; i < rs.rowCount(); ++i) {
    const Row r(rs, i);
    out.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.int64(4), r.text(5), r.text(6),
                   r.text(7), r.text(8), r.text(9), r.int64(10), r.text(11)});
  }
  return out;
}

std::optional<pos::Expense> select_expense(Session& s, const std::string& id) {
  Sql sql("SELECT " + kExpenseColumns +
          " FROM expenses e JOIN expense_categories c ON c.id = e.category_id WHERE e.id = ");
  sql << sql.bind(id, "uuid");
  auto all = select_expenses(s, sql);
  if (all.empty()) return std::nullopt;
  return std::move(all.front());
}

// Takes `amount` out of the shift's drawer as a paid_out naming the expense; the shift must be
// open and of the expense's branch, and (as for any paid-out) its drawer must hold the amount:
// opening float + cash sales + cash deposits − cash refunds + paid-ins − paid-outs − drops, the
// figure pos::expected_cash computes from the same running totals.
void pay_from_drawer(Session& s, const pos::Expense& e, const std::string& owner_id,
                     const std::string& reason) {
  if (e.actor_id.empty()) {  // a cash movement names the user who handled the cash
    throw Error(ErrorKind::kForbidden, "FORBIDDEN", "A drawer paid-out needs a signed-in user.");
  }
  const OpenShift shift = lock_open_shift(s, e.shift_id, "", owner_id);
  if (shift.branch_id != e.branch_id) {
    throw Error(ErrorKind::kConflict, "SHIFT_BRANCH_MISMATCH",
                "This shift is open in another branch.",
                {{"paid_from_drawer.shift_id", "other_branch",
                  "Name an open shift of the expense's branch."}});
  }
  pos::CashMovement m;
  m.id = new_uuid_v7();
  m.shift_id = e.shift_id;
  m.kind = pos::CashMovementKind::kPaidOut;
  m.amount = e.amount;
  m.reason = reason;
  m.expense_id = e.id;
  m.actor_id = e.actor_id;
  write_cash_movement(s, m, e.request_hash);
}

}  // namespace

std::optional<ports::StoredReplay> PgExpenseStore::replay(const std::string& scope,
                                                          const std::string& key) {
  return db_.with_session([&](Session& s) { return find_idempotency_key(s, scope, key); });
}

std::optional<pos::ExpenseCategory> PgExpenseStore::create_category(
    const pos::ExpenseCategory& c, const ports::WriteContext& ctx) {
  return translating_duplicates([&] {
    return db_.transact([&](Transaction& tx) -> std::optional<pos::ExpenseCategory> {
      auto& s = tx.session();
      const pos::ExpenseCategoryChanges as_request{c.name, c.is_active};
      if (!claim_idempotency_key(s, ctx.idempotency_scope, ctx.idempotency_key,
                                 pos::request_hash(as_request), c.id)) {
        return std::nullopt;
      }
      Sql sql("INSERT INTO expense_categories (id, name, is_active) VALUES (");
      sql << sql.bind(c.id, "uuid") << ", " << sql.bind(c.name, "text") << ", "
          << sql.bind(c.is_active ? "true" : "false", "boolean") << ")";
      sql.run(s);
      auto created = select_category(s, c.id);
      auth::AuditEntry entry = ctx.audit;
      entry.after_json = category_json(*created);
      insert_audit(s, entry);
      return created;
    });
  });
}

std::optional<pos::ExpenseCategory> PgExpenseStore::update_category(
    const std::string& id, int expected_version, const pos::ExpenseCategoryChanges& changes,
    const auth::AuditEntry& audit) {
  return translating_duplicates([&] {
    return db_.transact([&](Transaction& tx) -> std::optional<pos::ExpenseCategory> {
      auto& s = tx.session();
      Sql lock("SELECT " + kCategoryColumns + " FROM expense_categories WHERE id = ");
      lock << lock.bind(id, "uuid") << " FOR UPDATE";
      const auto rs = lock.run(s);
      if (rs.rowCount() == 0) return std::nullopt;
      const pos::ExpenseCategory before = to_category(Row(rs, 0));
      if (before.version != expected_version) {
        throw Error(ErrorKind::kPreconditionFailed, "VERSION_MISMATCH",
                    "The expense category was changed by someone else (version " +
                        n(before.version) + "); reload it.");
      }
      Sql sql("UPDATE expense_categories SET updated_at = now()");
      if (changes.name) sql << ", name = " << sql.bind(*changes.name, "text");
      if (changes.is_active) {
        sql << ", is_active = " << sql.bind(*changes.is_active ? "true" : "false", "boolean");
      }
      sql << " WHERE id = " << sql.bind(id, "uuid");
      sql.run(s);
      auto after = select_category(s, id);
      auth::AuditEntry entry = audit;
      entry.before_json = category_json(before);
      entry.after_json = category_json(*after);
      insert_audit(s, entry);
      return after;
    });
  });
}

std::optional<pos::ExpenseCategory> PgExpenseStore::find_category(const std::string& id) {
  return db_.with_session([&](Session& s) { return select_category(s, id); });
}

std::vector<pos::ExpenseCategory> PgExpenseStore::list_categories(
    const pos::ExpenseCategoryQuery& q) {
  return db_.with_session([&](Session& s) {
    Sql sql("SELECT " + kCategoryColumns + " FROM expense_categories WHERE true");
    if (!q.after_id.empty()) sql << " AND id > " << sql.bind(q.after_id, "uuid");
    if (q.is_active)
      sql << " AND is_active = " << sql.bind(*q.is_active ? "true" : "false", "boolean");
    sql << " ORDER BY id LIMIT " << n(q.limit);
    const auto rs = sql.run(s);
    std::vector<pos::ExpenseCategory> out;
    for (std::size_t i = 0; i < rs.rowCount(); ++i) out.push_back(to_category(Row(rs, i)));
    return out;
  });
}

std::optional<pos::Expense> PgExpenseStore::record_expense(const pos::Expense& e,
                                                           const std::string& drawer_owner_id,
                                                           const ports::WriteContext& ctx) {
  return db_.transact([&](Transaction& tx) -> std::optional<pos::Expense> {
    auto& s = tx.session();
    if (!claim_idempotency_key(s, ctx.idempotency_scope, ctx.idempotency_key, e.request_hash,
                               e.id)) {
      return std::nullopt;
    }
    // References first (400), then the drawer (409), then the expense row: the same lock order
    // (shift, shift totals, daily aggregate) as a cashier's paid-out that records an expense.
    if (!live_branch(s, e.branch_id)) {
      throw Error::validation({{"branch_id", "not_found", "No live branch has this id."}});
    }
    const std::string category = active_expense_category(s, e.category_id);
    if (!e.shift_id.empty()) {
      pay_from_drawer(s, e, drawer_owner_id, pos::paid_out_reason(e.note, category));
    }
    insert_expense_row(s, {e.id, e.branch_id, e.category_id, e.amount, e.note, e.shift_id,
                           e.actor_id, e.request_hash});
    auth::AuditEntry entry = ctx.audit;
    entry.after_json =
        "{\"amount\":" + n(e.amount) + ",\"category_id\":\"" + e.category_id +
        "\",\"shift_id\":" + (e.shift_id.empty() ? "null" : "\"" + e.shift_id + "\"") + "}";
    insert_audit(s, entry);
    return select_expense(s, e.id);
  });
}

std::optional<pos::Expense> PgExpenseStore::find_expense(const std::string& id) {
  return db_.with_session([&](Session& s) { return select_expense(s, id); });
}

std::vector<pos::Expense> PgExpenseStore::list_expenses(const pos::ExpenseQuery& q) {
  return db_.with_session([&](Session& s) {
    Sql sql("SELECT " + kExpenseColumns +
            " FROM expenses e JOIN expense_categories c ON c.id = e.category_id"
            " JOIN branches b ON b.id = e.branch_id WHERE true");
    if (!q.before_id.empty()) sql << " AND e.id < " << sql.bind(q.before_id, "uuid");
    if (!q.branch_id.empty()) sql << " AND e.branch_id = " << sql.bind(q.branch_id, "uuid");
    if (!q.category_id.empty()) {
      sql << " AND e.category_id = " << sql.bind(q.category_id, "uuid");
    }
    if (!q.shift_id.empty()) sql << " AND e.shift_id = " << sql.bind(q.shift_id, "uuid");
    if (!q.from_date.empty()) {
      sql << " AND e.created_at >= (" << sql.bind(q.from_date, "date")
          << ")::timestamp AT TIME ZONE b.timezone";
    }
    if (!q.to_date.empty()) {
      sql << " AND e.created_at < (" << sql.bind(q.to_date, "date")
          << " + 1)::timestamp AT TIME ZONE b.timezone";
    }
    sql << " ORDER BY e.id DESC LIMIT " << n(q.limit);
    return select_expenses(s, sql);
  });
}

}  // namespace regal::pg
