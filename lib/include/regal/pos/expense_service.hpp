#pragma once
// ExpenseService — expense categories and expenses (docs/STOCK.md, "Expenses").
//
// Rights: expenses.write (admin, employee) creates expenses and manages categories; a cashier
// records an expense only through a drawer paid-out (the shift's cash-movement route, which
// calls pg::insert_expense_row in its own transaction). An expense paid from a drawer names an
// open shift of its branch; an admin may use any such shift, anyone else only one they opened.

#include <string>
#include <vector>

#include "regal/auth/user.hpp"
#include "regal/pos/expenses.hpp"
#include "regal/pos/stock_service.hpp"

namespace regal::ports {
class ExpenseStore;
}

namespace regal::pos {

class ExpenseService {
 public:
  ExpenseService(ports::ExpenseStore& store, const Clock& clock);

  Stored<ExpenseCategory> create_category(const auth::Actor& actor,
                                          const ExpenseCategoryChanges& request,
                                          const std::string& idempotency_key);
  ExpenseCategory update_category(const auth::Actor& actor, const std::string& id,
                                  int expected_version, const ExpenseCategoryChanges& changes);
  ExpenseCategory category(const std::string& id);  // 404 NOT_FOUND
  std::vector<ExpenseCategory> categories(const ExpenseCategoryQuery& query);

  Stored<Expense> record(const auth::Actor& actor, const ExpenseRequest& request,
                         const std::string& idempotency_key);
  Expense expense(const std::string& id);  // 404 NOT_FOUND
  std::vector<Expense> expenses(const ExpenseQuery& query);

 private:
  ports::ExpenseStore& store_;
  const Clock& clock_;
};

}  // namespace regal::pos
