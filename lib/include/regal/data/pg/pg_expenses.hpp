#pragma once
// PostgreSQL adapter of the expenses port (regal/ports/expense_ports.hpp), schema in
// migrations/0010_stock_ops_expenses.sql. The row-level insert other adapters reuse in their own
// transactions (a cashier's drawer paid-out) is lib/src/data/pg/pg_expense_rows.hpp.

#include "regal/ports/expense_ports.hpp"

namespace regal::pg {

class Database;

class PgExpenseStore final : public ports::ExpenseStore {
 public:
  explicit PgExpenseStore(Database& db) : db_(db) {}

  std::optional<ports::StoredReplay> replay(const std::string& scope,
                                            const std::string& key) override;
  std::optional<pos::ExpenseCategory> create_category(const pos::ExpenseCategory& category,
                                                      const ports::WriteContext& context) override;
  std::optional<pos::ExpenseCategory> update_category(const std::string& id, int expected_version,
                                                      const pos::ExpenseCategoryChanges& changes,
                                                      const auth::AuditEntry& audit) override;
  std::optional<pos::ExpenseCategory> find_category(const std::string& id) override;
  std::vector<pos::ExpenseCategory> list_categories(
      const pos::ExpenseCategoryQuery& query) override;
  std::optional<pos::Expense> record_expense(const pos::Expense& draft,
                                             const std::string& drawer_owner_id,
                                             const ports::WriteContext& context) override;
  std::optional<pos::Expense> find_expense(const std::string& id) override;
  std::vector<pos::Expense> list_expenses(const pos::ExpenseQuery& query) override;

 private:
  Database& db_;
};

}  // namespace regal::pg
