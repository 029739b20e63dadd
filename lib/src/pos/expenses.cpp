#include "regal/pos/expenses.hpp"

#include "regal/auth/auth_service.hpp"
#include "regal/core/id.hpp"
#include "regal/core/text.hpp"

namespace regal::pos {
namespace {

void check_id(const std::string& value, const char* field, std::vector<FieldError>& errors) {
  if (value.empty()) {
    errors.push_back({field, "required", "This field is required."});
  } else if (!is_uuid(value)) {
    errors.push_back({field, "invalid_id", "Give a UUID."});
  }
}

std::string t(const std::string& s) { return std::to_string(s.size()) + ":" + s; }

// The first `max` code points of UTF-8 text.
std::string cut(const std::string& text, std::size_t max) {
  std::size_t points = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0U) != 0x80U && points++ == max) return text.substr(0, i);
  }
  return text;
}

}  // namespace

void check_expense(const ExpenseRequest& r, std::vector<FieldError>& errors) {
  check_id(r.branch_id, "branch_id", errors);
  check_id(r.category_id, "category_id", errors);
  if (r.amount < 1 || r.amount > kMaxExpenseAmount) {
    errors.push_back({"amount", "out_of_range", "Give an amount of at least 1."});
  }
  if (code_points(r.note) > 500) {
    errors.push_back({"note", "too_long", "At most 500 characters."});
  } else if (has_control_chars(r.note, true)) {
    errors.push_back({"note", "invalid_character", "Control characters are not allowed."});
  }
  if (r.drawer_shift_id) {
    if (r.drawer_shift_id->empty()) {
      errors.push_back({"paid_from_drawer.shift_id", "required", "Name the open shift."});
    } else if (!is_uuid(*r.drawer_shift_id)) {
      errors.push_back({"paid_from_drawer.shift_id", "invalid_id", "Give a UUID."});
    }
  }
}

void check_expense_category(const ExpenseCategoryChanges& c, bool creating,
                            std::vector<FieldError>& errors) {
  if (c.name) {
    if (is_blank(*c.name)) {
      errors.push_back({"name", "required", "Give a name of 1–100 characters."});
    } else if (code_points(*c.name) > 100) {
      errors.push_back({"name", "too_long", "At most 100 characters."});
    } else if (has_control_chars(*c.name)) {
      errors.push_back({"name", "invalid_character", "Control characters are not allowed."});
    }
  } else if (creating) {
    errors.push_back({"name", "required", "Give a name of 1–100 characters."});
  }
  if (!creating && !c.name && !c.is_active) {
    errors.push_back({"name", "required", "Change the name or is_active."});
  }
}

std::string request_hash(const ExpenseRequest& r) {
  return auth::sha256_hex("expense|" + t(r.branch_id) + t(r.category_id) +
                          std::to_string(r.amount) + "|" + t(r.note) +
                          (r.drawer_shift_id ? "D" + t(*r.drawer_shift_id) : "-"));
}

std::string request_hash(const ExpenseCategoryChanges& r) {
  return auth::sha256_hex("expense_category|" + (r.name ? t(*r.name) : "-") +
                          (r.is_active ? (*r.is_active ? "1" : "0") : "-"));
}

std::string paid_out_reason(const std::string& note, const std::string& category_name) {
  return cut(is_blank(note) ? "Expense: " + category_name : note, 500);
}

}  // namespace regal::pos
