#pragma once
// Expenses and their categories (docs/STOCK.md, "Expenses"): what a request holds, what is
// stored, and the shape checks. An expense paid from a till drawer is also a paid_out cash
// movement on that drawer's open shift, written in the same transaction; the daily aggregate
// daily_expense_totals is kept in that transaction too.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "regal/core/error.hpp"

namespace regal::pos {

struct ExpenseCategory {
  std::string id;
  std::string name;  // 1–100 characters, unique ignoring case
  bool is_active = true;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  int version = 1;
};

struct ExpenseCategoryChanges {
  std::optional<std::string> name;
  std::optional<bool> is_active;
};

struct ExpenseRequest {
  std::string branch_id;
  std::string category_id;
  std::int64_t amount = 0;                     // 1 … 10^15 minor units
  std::string note;                            // ≤ 500 characters (tab and line breaks allowed)
  std::optional<std::string> drawer_shift_id;  // paid from the drawer of this open shift
};

struct Expense {
  std::string id;
  std::string branch_id;
  std::string category_id;
  std::string category_name;
  std::int64_t amount = 0;
  std::string note;
  std::string shift_id;          // "" unless paid from a drawer
  std::string cash_movement_id;  // the paid_out movement naming this expense, if any
  std::string actor_id;
  std::string request_hash;
  std::int64_t created_at_ms = 0;
  // The movement reversing the paid_out, if it was reversed: the expense is cancelled (it no
  // longer counts in the daily totals from the reversal's day on).
  std::string reversed_by_movement_id;
};

struct ExpenseQuery {
  int limit = 50;
  std::string before_id;  // keyset: newest first
  std::string branch_id;
  std::string category_id;
  std::string shift_id;
  std::string from_date, to_date;  // YYYY-MM-DD in the branch's time zone, inclusive
};

struct ExpenseCategoryQuery {
  int limit = 50;
  std::string after_id;  // keyset: ascending id
  std::optional<bool> is_active;
};

inline constexpr std::int64_t kMaxExpenseAmount = 1'000'000'000'000'000;  // 10^15

void check_expense(const ExpenseRequest& request, std::vector<FieldError>& errors);
// On create every field is required; on update at least one must be given.
void check_expense_category(const ExpenseCategoryChanges& changes, bool creating,
                            std::vector<FieldError>& errors);

std::string request_hash(const ExpenseRequest& request);
std::string request_hash(const ExpenseCategoryChanges& request);

// The reason written on the drawer's paid_out movement: the note, or "Expense: <category>"
// when the note is blank; at most 500 characters.
std::string paid_out_reason(const std::string& note, const std::string& category_name);

}  // namespace regal::pos
