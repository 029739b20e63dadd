#pragma once
// Writing an expense inside a caller's transaction — the one way an expense row is made, by the
// expense store (POST /api/v1/expenses) and by the shift store when a cashier's paid_out names an
// expense category (a cashier records expenses only that way).
//
// insert_expense_row() checks that the branch is live and the category exists and is active
// (else throws regal::Error 400 VALIDATION_FAILED naming branch_id / category_id, code not_found
// or inactive), inserts the expense and adds it to daily_expense_totals (regal_apply_expense) in
// the same transaction. It does not write a cash movement or an audit entry: a drawer paid-out
// is the caller's movement, which names the returned id in cash_movements.expense_id (a
// deferred foreign key, so the movement may be inserted before or after the expense).

#include <Poco/Data/Session.h>

#include <cstdint>
#include <string>

namespace regal::pg {

struct ExpenseRow {
  std::string id;  // "" = a new UUIDv7
  std::string branch_id;
  std::string category_id;
  std::int64_t amount = 0;  // > 0
  std::string note;         // ≤ 500 characters
  std::string shift_id;     // "" unless paid from that shift's drawer
  std::string actor_id;     // "" = none
  std::string request_hash;
};

// Returns the expense's id.
std::string insert_expense_row(Poco::Data::Session& session, const ExpenseRow& row);

// The category's name when it exists and is active, else throws as insert_expense_row does.
std::string active_expense_category(Poco::Data::Session& session, const std::string& category_id);

}  // namespace regal::pg
