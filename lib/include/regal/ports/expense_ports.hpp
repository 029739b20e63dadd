#pragma once
// The expenses port: expense categories and expenses. Adapter: PostgreSQL
// (lib/src/data/pg/pg_expense_store.cpp, schema in migrations/0010_stock_ops_expenses.sql).

#include <optional>
#include <string>
#include <vector>

#include "regal/auth/user.hpp"
#include "regal/ports/stock_ports.hpp"
#include "regal/pos/expenses.hpp"

namespace regal::ports {

class ExpenseStore {
 public:
  virtual ~ExpenseStore() = default;

  virtual std::optional<StoredReplay> replay(const std::string& scope, const std::string& key) = 0;

  // 409 DUPLICATE_NAME when a category has this name (ignoring case). nullopt: a twin request
  // with the same key committed first.
  virtual std::optional<pos::ExpenseCategory> create_category(const pos::ExpenseCategory& category,
                                                              const WriteContext& context) = 0;
  // nullopt when unknown; 412 VERSION_MISMATCH when `expected_version` is not the stored one.
  virtual std::optional<pos::ExpenseCategory> update_category(
      const std::string& id, int expected_version, const pos::ExpenseCategoryChanges& changes,
      const auth::AuditEntry& audit) = 0;
  virtual std::optional<pos::ExpenseCategory> find_category(const std::string& id) = 0;
  virtual std::vector<pos::ExpenseCategory> list_categories(
      const pos::ExpenseCategoryQuery& query) = 0;

  // One transaction: the expense and its daily aggregate; with a drawer shift, also a paid_out
  // movement on that shift (locked open: 409 SHIFT_NOT_OPEN; 403 SHIFT_NOT_YOURS when
  // `drawer_owner_id` is set and did not open it; 409 SHIFT_BRANCH_MISMATCH when the shift is
  // of another branch) added to the shift's totals. Unknown or inactive category, unknown branch:
  // 400 naming the field.
  virtual std::optional<pos::Expense> record_expense(const pos::Expense& draft,
                                                     const std::string& drawer_owner_id,
                                                     const WriteContext& context) = 0;
  virtual std::optional<pos::Expense> find_expense(const std::string& id) = 0;
  virtual std::vector<pos::Expense> list_expenses(const pos::ExpenseQuery& query) = 0;
};

}  // namespace regal::ports
