// The field tables of the catalog entities and their validation (see catalog.hpp).
#include <algorithm>
#include <array>
#include <cctype>

#include "regal/core/id.hpp"
#include "regal/core/text.hpp"
#include "regal/pos/catalog.hpp"

namespace regal::pos {
namespace {

using F = FieldType;

FieldSpec field(std::string_view name, FieldType type, std::int64_t max = 200) {
  return {.name = name, .column = name, .type = type, .max = max};
}
FieldSpec text(std::string_view name, std::int64_t max, bool required = false) {
  FieldSpec f = field(name, F::kText, max);
  f.required = required;
  return f;
}
FieldSpec multiline(std::string_view name, std::string_view column, std::int64_t max) {
  FieldSpec f = field(name, F::kMultiline, max);
  f.column = column;
  return f;
}
FieldSpec ref(std::string_view name, Entity target, bool required = false) {
  FieldSpec f = field(name, F::kRef);
  f.required = required;
  f.nullable = !required;
  f.ref = target;
  return f;
}
FieldSpec money(std::string_view name, bool required = false) {
  FieldSpec f = field(name, F::kMoney, INT64_MAX);
  f.required = required;
  return f;
}
FieldSpec bps(std::string_view name) { return field(name, F::kBasisPoints, 10000); }
FieldSpec flag(std::string_view name) { return field(name, F::kBool); }
FieldSpec balance() {
  FieldSpec f = money("balance");
  f.read_only = true;
  return f;
}
FieldSpec required(FieldSpec f) {
  f.required = true;
  return f;
}
FieldSpec integer(std::string_view name, std::int64_t min, std::int64_t max, bool nullable) {
  FieldSpec f = field(name, F::kInteger, max);
  f.min = min;
  f.nullable = nullable;
  return f;
}

std::vector<EntitySpec> make_specs() {
  std::vector<EntitySpec> s;
  s.push_back({Entity::kBranch,
               "branch",
               "branches",
               "branches",
               "regal_fold(t.code || ' ' || t.name)",
               {text("code", 32, true),
                text("name", 200, true),
                text("address", 500),
                text("phone", 40),
                required(field("currency", F::kCurrency)),
                integer("currency_digits", 0, 4, false),
                required(field("timezone", F::kTimezone, 64)),
                {.name = "negative_stock",
                 .column = "negative_stock",
                 .type = F::kChoice,
                 .choices = "block|allow"},
                multiline("receipt_header", "receipt_header", 2000),
                multiline("receipt_footer", "receipt_footer", 2000)},
               {}});
  s.push_back({Entity::kRegister,
               "register",
               "registers",
               "registers",
               "",
               {ref("branch_id", Entity::kBranch, true), text("code", 32, true),
                text("name", 200, true), flag("is_active")},
               {"branch_id", "is_active"}});
  s.push_back({Entity::kCategory,
               "category",
               "categories",
               "categories",
               "regal_fold(t.name)",
               {text("name", 200, true), ref("parent_id", Entity::kCategory)},
               {"parent_id"}});
  s.push_back({Entity::kProduct,
               "product",
               "products",
               "products",
               "t.search_text",
               {text("sku", 64, true),
                text("name", 200, true),
                multiline("desc", "description", 4000),
                money("unit_price", true),
                money("cost_price"),
                bps("tax_rate"),
                flag("tax_inclusive"),
                ref("vendor_id", Entity::kVendor),
                ref("category_id", Entity::kCategory),
                field("attributes", F::kJsonObject),
                field("barcodes", F::kTextList, 64),
                bps("discount"),
                {.name = "branch_ids",
                 .column = "branch_ids",
                 .type = F::kRefList,
                 .nullable = true,
                 .ref = Entity::kBranch},
                integer("limited_qty", 1, INT64_MAX, true),
                text("brand_action", 200),
                flag("is_active")},
               {"category_id", "vendor_id", "is_active"}});
  s.push_back({Entity::kCustomer,
               "customer",
               "customers",
               "customers",
               "t.search_text",
               {text("name", 200, true), text("phone", 40), text("email", 254),
                text("address", 500), ref("branch_id", Entity::kBranch), money("credit_limit"),
                balance(), multiline("notes", "notes", 4000)},
               {"branch_id"}});
  s.push_back(
      {Entity::kVendor,
       "vendor",
       "vendors",
       "vendors",
       "t.search_text",
       {text("name", 200, true), text("phone", 40), text("email", 254), text("address", 500),
        ref("branch_id", Entity::kBranch), text("payment_terms", 200), balance()},
       {"branch_id"}});
  s.push_back({Entity::kSalesman,
               "salesman",
               "salesmen",
               "salesmen",
               "regal_fold(t.name)",
               {text("name", 200, true), text("phone", 40), ref("branch_id", Entity::kBranch),
                bps("commission_rate"), flag("is_active")},
               {"branch_id", "is_active"}});
  return s;
}

const std::vector<EntitySpec>& specs() {
  static const std::vector<EntitySpec> kSpecs = make_specs();
  return kSpecs;
}

bool valid_timezone(const std::string& zone) {
  // IANA names: Area/Location[/More] or UTC; letters, digits, '_', '-', '+', '/'.
  if (zone == "UTC") return true;
  if (zone.empty() || zone.size() > 64 || zone.find('/') == std::string::npos) return false;
  if (zone.front() == '/' || zone.back() == '/' || zone.find("..") != std::string::npos) {
    return false;
  }
  return std::all_of(zone.begin(), zone.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '+' ||
           c == '/';
  });
}

bool in_choices(std::string_view choices, const std::string& value) {
  std::size_t start = 0;
  while (start <= choices.size()) {
    const auto end = std::min(choices.find('|', start), choices.size());
    if (choices.substr(start, end - start) == value) return true;
    start = end + 1;
  }
  return false;
}

class Checker {
 public:
  Checker(std::vector<FieldError>& errors, const std::string& prefix)
      : errors_(errors), prefix_(prefix) {}

  void fail(std::string_view field, std::string code, std::string message) {
    errors_.push_back({prefix_ + std::string(field), std::move(code), std::move(message)});
  }

  void check(const FieldSpec& f, const Value& value) {
    if (std::holds_alternative<std::monostate>(value)) {
      if (!f.nullable) fail(f.name, "required", "This field may not be null.");
      return;
    }
    switch (f.type) {
      case F::kText:
      case F::kMultiline:
      case F::kChoice:
      case F::kCurrency:
      case F::kTimezone:
        return check_text(f, value);
      case F::kMoney:
      case F::kBasisPoints:
      case F::kInteger:
        return check_integer(f, value);
      case F::kBool:
        if (!std::holds_alternative<bool>(value))
          fail(f.name, "must_be_boolean", "Use true or false.");
        return;
      case F::kRef:
        if (const auto* id = std::get_if<std::string>(&value); id == nullptr || !is_uuid(*id)) {
          fail(f.name, "invalid_id", "Give the id (a UUID) of an existing record.");
        }
        return;
      case F::kRefList:
      case F::kTextList:
        return check_list(f, value);
      case F::kJsonObject:
        if (!std::holds_alternative<Json>(value)) {
          fail(f.name, "must_be_object", "Must be a JSON object.");
        } else if (std::get<Json>(value).text.size() > 16384) {
          fail(f.name, "too_long", "The object is larger than 16 KiB.");
        }
        return;
    }
  }

 private:
  void check_text(const FieldSpec& f, const Value& value) {
    const auto* text = std::get_if<std::string>(&value);
    if (text == nullptr) return fail(f.name, "must_be_string", "Must be a string.");
    if (has_control_chars(*text, f.type == F::kMultiline)) {
      return fail(f.name, "invalid_character", "Control characters are not allowed here.");
    }
    if (f.required && is_blank(*text))
      return fail(f.name, "required", "This field may not be blank.");
    if (f.type == F::kCurrency) {
      const bool ok = text->size() == 3 && std::all_of(text->begin(), text->end(),
                                                       [](char c) { return c >= 'A' && c <= 'Z'; });
      if (!ok) fail(f.name, "invalid_currency", "Use an ISO 4217 code such as EUR.");
      return;
    }
    if (f.type == F::kTimezone) {
      if (!valid_timezone(*text))
        fail(f.name, "invalid_timezone", "Use an IANA zone name such as Europe/Prague.");
      return;
    }
    if (f.type == F::kChoice) {
      if (!in_choices(f.choices, *text)) {
        std::string list(f.choices);
        std::replace(list.begin(), list.end(), '|', ',');
        fail(f.name, "invalid_choice", "Use one of: " + list + ".");
      }
      return;
    }
    if (static_cast<std::int64_t>(code_points(*text)) > f.max) {
      fail(f.name, "too_long", "Use at most " + std::to_string(f.max) + " characters.");
    }
  }

  void check_integer(const FieldSpec& f, const Value& value) {
    const auto* n = std::get_if<std::int64_t>(&value);
    if (n == nullptr) return fail(f.name, "must_be_integer", "Must be a whole number.");
    if (*n < f.min || *n > f.max) {
      fail(f.name, "out_of_range",
           f.max == INT64_MAX ? "Must be at least " + std::to_string(f.min) + "."
                              : "Must be between " + std::to_string(f.min) + " and " +
                                    std::to_string(f.max) + ".");
    }
  }

  void check_list(const FieldSpec& f, const Value& value) {
    const auto* items = std::get_if<std::vector<std::string>>(&value);
    if (items == nullptr) return fail(f.name, "must_be_array", "Must be an array of strings.");
    if (items->size() > 50) return fail(f.name, "too_many", "Give at most 50 entries.");
    std::vector<std::string> seen;
    for (std::size_t i = 0; i < items->size(); ++i) {
      const std::string& item = (*items)[i];
      const std::string name = std::string(f.name) + "[" + std::to_string(i) + "]";
      if (f.type == F::kRefList) {
        if (!is_uuid(item)) fail(name, "invalid_id", "Give the id (a UUID) of an existing record.");
      } else if (item.empty() || is_blank(item) || has_control_chars(item) ||
                 static_cast<std::int64_t>(code_points(item)) > f.max) {
        fail(name, "invalid_code", "Use 1 to " + std::to_string(f.max) + " printable characters.");
      }
      if (std::find(seen.begin(), seen.end(), item) != seen.end()) {
        fail(name, "duplicate", "This value is listed twice.");
      }
      seen.push_back(item);
    }
  }

  std::vector<FieldError>& errors_;
  const std::string& prefix_;
};

}  // namespace

const FieldSpec* EntitySpec::field(std::string_view field_name) const {
  for (const auto& f : fields) {
    if (f.name == field_name) return &f;
  }
  return nullptr;
}

const EntitySpec& spec(Entity entity) {
  for (const auto& s : specs()) {
    if (s.entity == entity) return s;
  }
  return specs().front();  // unreachable: every Entity has a spec
}

std::optional<Entity> entity_by_name(std::string_view name) {
  for (const auto& s : specs()) {
    if (s.name == name) return s.entity;
  }
  return std::nullopt;
}

void validate_fields(const EntitySpec& spec, const Fields& fields, WriteMode mode,
                     std::vector<FieldError>& errors, const std::string& prefix) {
  Checker checker(errors, prefix);
  for (const auto& [name, value] : fields) {
    const FieldSpec* f = spec.field(name);
    if (f == nullptr) {
      checker.fail(name, "unknown_field", "This field is not accepted here.");
    } else if (f->read_only) {
      checker.fail(name, "read_only", "This field cannot be set.");
    } else {
      checker.check(*f, value);
    }
  }
  if (mode == WriteMode::kCreate) {
    for (const auto& f : spec.fields) {
      if (f.required && fields.find(f.name) == fields.end()) {
        checker.fail(f.name, "required", "This field is required.");
      }
    }
  }
}

}  // namespace regal::pos
