#include "regal/pos/expense_service.hpp"

#include "pos/idempotent_write.hpp"
#include "regal/auth/permissions.hpp"
#include "regal/core/clock.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/ports/expense_ports.hpp"

namespace regal::pos {
namespace {

bool holds(const auth::Actor& actor, auth::Permission p) {
  return actor.principal && auth::allows(p, &*actor.principal);
}

void require(const auth::Actor& actor, auth::Permission p) {
  if (!holds(actor, p)) {
    throw Error(ErrorKind::kForbidden, "FORBIDDEN", "Your role may not do this.");
  }
}

auth::AuditEntry audit_of(const auth::Actor& actor, const char* action, const char* entity,
                          const std::string& id) {
  return {actor.user_id(), action, entity, id, "", "", actor.request_id, actor.client_ip};
}

}  // namespace

ExpenseService::ExpenseService(ports::ExpenseStore& store, const Clock& clock)
    : store_(store), clock_(clock) {}

Stored<ExpenseCategory> ExpenseService::create_category(const auth::Actor& actor,
                                                        const ExpenseCategoryChanges& r,
                                                        const std::string& key) {
  require(actor, auth::Permission::kExpensesWrite);
  check_idempotency_key(key);
  std::vector<FieldError> errors;
  check_expense_category(r, true, errors);
  if (!errors.empty()) throw Error::validation(std::move(errors));
  ExpenseCategory draft;
  draft.id = new_uuid_v7(clock_.now_ms());
  draft.name = *r.name;
  draft.is_active = r.is_active.value_or(true);
  const ports::WriteContext ctx{
      actor.user_id() + ":expense_category", key,
      audit_of(actor, "expense_category.create", "expense_category", draft.id)};
  // The hash of the request as stored (is_active filled in), the figure the store records.
  const std::string hash = request_hash(ExpenseCategoryChanges{draft.name, draft.is_active});
  return write_once<ExpenseCategory>(
      key, hash, [&] { return store_.replay(ctx.idempotency_scope, key); },
      [&](const std::string& id) { return store_.find_category(id); },
      [&] { return store_.create_category(draft, ctx); });
}

ExpenseCategory ExpenseService::update_category(const auth::Actor& actor, const std::string& id,
                                                int expected_version,
                                                const ExpenseCategoryChanges& changes) {
  require(actor, auth::Permission::kExpensesWrite);
  std::vector<FieldError> errors;
  check_expense_category(changes, false, errors);
  if (!errors.empty()) throw Error::validation(std::move(errors));
  auto updated = is_uuid(id) ? store_.update_category(id, expected_version, changes,
                                                      audit_of(actor, "expense_category.update",
                                                               "expense_category", id))
                             : std::nullopt;
  if (!updated) throw Error::not_found("Expense category");
  return *updated;
}

ExpenseCategory ExpenseService::category(const std::string& id) {
  auto found = is_uuid(id) ? store_.find_category(id) : std::nullopt;
  if (!found) throw Error::not_found("Expense category");
  return *found;
}

std::vector<ExpenseCategory> ExpenseService::categories(const ExpenseCategoryQuery& query) {
  return store_.list_categories(query);
}

Stored<Expense> ExpenseService::record(const auth::Actor& actor, const ExpenseRequest& r,
                                       const std::string& key) {
  require(actor, auth::Permission::kExpensesWrite);
  check_idempotency_key(key);
  std::vector<FieldError> errors;
  check_expense(r, errors);
  if (!errors.empty()) throw Error::validation(std::move(errors));
  Expense draft;
  draft.id = new_uuid_v7(clock_.now_ms());
  draft.branch_id = r.branch_id;
  draft.category_id = r.category_id;
  draft.amount = r.amount;
  draft.note = r.note;
  draft.shift_id = r.drawer_shift_id.value_or("");
  draft.actor_id = actor.user_id();
  draft.request_hash = request_hash(r);
  // Admins may pay out of any open drawer of the branch; everyone else out of their own.
  const std::string owner =
      holds(actor, auth::Permission::kShiftsManage) ? std::string() : actor.user_id();
  const ports::WriteContext ctx{actor.user_id() + ":expense", key,
                                audit_of(actor, "expense.create", "expense", draft.id)};
  return write_once<Expense>(
      key, draft.request_hash, [&] { return store_.replay(ctx.idempotency_scope, key); },
      [&](const std::string& id) { return store_.find_expense(id); },
      [&] { return store_.record_expense(draft, owner, ctx); });
}

Expense ExpenseService::expense(const std::string& id) {
  auto found = is_uuid(id) ? store_.find_expense(id) : std::nullopt;
  if (!found) throw Error::not_found("Expense");
  return *found;
}

std::vector<Expense> ExpenseService::expenses(const ExpenseQuery& query) {
  return store_.list_expenses(query);
}

}  // namespace regal::pos
