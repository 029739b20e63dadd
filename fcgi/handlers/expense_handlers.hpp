#pragma once
// POS expense routes (docs/STOCK.md, "Expenses"): /api/v1/expense-categories and
// /api/v1/expenses.

#include "web/router.hpp"

namespace regal::pos {
class ExpenseService;
}

namespace regal::handlers {

struct ExpenseServices {
  pos::ExpenseService& expenses;
};

void add_expense_routes(web::Router& router, ExpenseServices services);

}  // namespace regal::handlers
