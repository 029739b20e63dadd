#include "handlers/catalog_dto.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/NumberParser.h>

#include <algorithm>
#include <array>

#include "regal/core/clock.hpp"
#include "regal/pos/catalog_json.hpp"

namespace regal::handlers {
namespace {

using pos::FieldType;
using pos::Value;

// The CSV columns, in order (barcodes joined with '|').
constexpr std::array<const char*, 14> kCsvColumns = {
    "sku",      "name",          "desc",         "unit_price",  "cost_price",
    "tax_rate", "tax_inclusive", "vendor_id",    "category_id", "barcodes",
    "discount", "limited_qty",   "brand_action", "is_active"};

std::optional<Value> from_var(const Poco::Dynamic::Var& v) {
  if (v.isEmpty()) return Value{std::monostate{}};
  if (v.type() == typeid(bool)) return Value{v.extract<bool>()};
  if (v.isString()) return Value{v.convert<std::string>()};
  if (v.isInteger()) {
    try {
      return Value{std::int64_t{v.convert<Poco::Int64>()}};
    } catch (const Poco::Exception&) {
      return std::nullopt;
    }
  }
  if (v.type() == typeid(Poco::JSON::Object::Ptr)) {
    std::ostringstream out;
    v.extract<Poco::JSON::Object::Ptr>()->stringify(out);
    return Value{pos::Json{out.str()}};
  }
  if (v.type() == typeid(Poco::JSON::Array::Ptr)) {
    const auto a = v.extract<Poco::JSON::Array::Ptr>();
    std::vector<std::string> items;
    for (unsigned i = 0; i < a->size(); ++i) {
      const auto item = a->get(i);
      if (!item.isString()) return std::nullopt;
      items.push_back(item.convert<std::string>());
    }
    return Value{std::move(items)};
  }
  return std::nullopt;  // a float, or something else without a field form
}

std::string time_or_null(const std::optional<std::int64_t>& ms) {
  return ms ? format_rfc3339_ms(*ms) : std::string();
}

void append_csv_cell(const std::string& cell, std::string& out) {
  if (cell.find_first_of(",\"\r\n") == std::string::npos) {
    out += cell;
    return;
  }
  out += '"';
  for (const char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string cell_text(const Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  if (const auto* list = std::get_if<std::vector<std::string>>(&v)) {
    std::string joined;
    for (const auto& item : *list) joined += (joined.empty() ? "" : "|") + item;
    return joined;
  }
  return "";
}

// One CSV record per call; false at the end of input.
bool next_csv_record(const std::string& text, std::size_t& pos, std::vector<std::string>& cells,
                     int& line, bool& bad_quote) {
  cells.clear();
  if (pos >= text.size()) return false;
  std::string cell;
  bool quoted = false;
  while (pos < text.size()) {
    const char c = text[pos++];
    if (quoted) {
      if (c == '"') {
        if (pos < text.size() && text[pos] == '"') {
          cell += '"';
          ++pos;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        cell += c;
      }
    } else if (c == '"' && cell.empty()) {
      quoted = true;
    } else if (c == ',') {
      cells.push_back(std::move(cell));
      cell.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && pos < text.size() && text[pos] == '\n') ++pos;
      ++line;
      cells.push_back(std::move(cell));
      return true;
    } else {
      cell += c;
    }
  }
  bad_quote = quoted;
  cells.push_back(std::move(cell));
  return true;
}

}  // namespace

pos::Fields fields_from_json(const pos::EntitySpec& spec, const Poco::JSON::Object& object,
                             const std::vector<std::string>& skip, std::vector<FieldError>& errors,
                             const std::string& prefix) {
  pos::Fields fields;
  for (const auto& [name, value] : object) {
    if (std::find(skip.begin(), skip.end(), name) != skip.end()) continue;
    if (auto v = from_var(value)) {
      fields.emplace(name, std::move(*v));
    } else if (const pos::FieldSpec* f = spec.field(name);
               f != nullptr && (f->type == FieldType::kMoney || f->type == FieldType::kInteger ||
                                f->type == FieldType::kBasisPoints)) {
      errors.push_back(
          {prefix + name, value.isNumeric() ? "must_be_integer" : "out_of_range",
           value.isNumeric() ? "Must be a whole number." : "The number is out of range."});
    } else {
      errors.push_back({prefix + name, "invalid_type",
                        "Use a string, a whole number, true/false, an array of strings, an "
                        "object or null, as this field takes."});
    }
  }
  return fields;
}

Poco::JSON::Object::Ptr record_dto(const pos::Record& record) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
  o->set("id", record.id);
  for (const auto& [name, value] : record.fields) o->set(name, pos::to_json_value(value));
  if (record.entity == pos::Entity::kProduct) {
    Poco::JSON::Array::Ptr stock = new Poco::JSON::Array;
    for (const auto& level : record.stock) {
      Poco::JSON::Object::Ptr s = new Poco::JSON::Object;
      s->set("branch_id", level.branch_id);
      s->set("qty", Poco::Int64(level.qty));
      s->set("reorder_level", Poco::Int64(level.reorder_level));
      stock->add(s);
    }
    o->set("stock", stock);
  }
  o->set("version", record.version);
  o->set("created_at", format_rfc3339_ms(record.created_at_ms));
  o->set("updated_at", format_rfc3339_ms(record.updated_at_ms));
  const std::string deleted = time_or_null(record.deleted_at_ms);
  o->set("deleted_at", deleted.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(deleted));
  return o;
}

Poco::JSON::Object::Ptr ledger_dto(const pos::LedgerEntry& e) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
  o->set("id", Poco::Int64(e.id));
  o->set("delta", Poco::Int64(e.delta));
  o->set("balance_after", Poco::Int64(e.balance_after));
  o->set("kind", e.kind);
  o->set("ref_type", e.ref_type.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(e.ref_type));
  o->set("ref_id", e.ref_id.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(e.ref_id));
  o->set("at", format_rfc3339_ms(e.at_ms));
  return o;
}

std::string products_csv_header() {
  std::string out;
  for (const char* column : kCsvColumns) out += (out.empty() ? "" : ",") + std::string(column);
  return out + "\r\n";
}

void append_product_csv(const pos::Record& product, std::string& out) {
  bool first = true;
  for (const char* column : kCsvColumns) {
    if (!first) out += ',';
    first = false;
    const auto it = product.fields.find(column);
    if (it != product.fields.end()) append_csv_cell(cell_text(it->second), out);
  }
  out += "\r\n";
}

std::vector<pos::ImportRow> products_from_csv(const std::string& text,
                                              std::vector<FieldError>& errors) {
  const pos::EntitySpec& spec = pos::spec(pos::Entity::kProduct);
  std::size_t pos = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;  // a spreadsheet's BOM
  int line = 1;
  bool bad_quote = false;
  std::vector<std::string> header;
  if (!next_csv_record(text, pos, header, line, bad_quote) || header.empty()) {
    errors.push_back({"lines[1]", "missing_header", "The first line must name the columns."});
    return {};
  }
  std::vector<const pos::FieldSpec*> columns;
  for (const auto& name : header) {
    const pos::FieldSpec* f = spec.field(name);
    if (f == nullptr) {
      errors.push_back({"lines[1]." + name, "unknown_field", "This column is not accepted."});
    }
    columns.push_back(f);
  }
  if (!errors.empty()) return {};
  std::vector<pos::ImportRow> rows;
  std::vector<std::string> cells;
  for (;;) {
    const int row_line = line;
    if (!next_csv_record(text, pos, cells, line, bad_quote)) break;
    if (cells.size() == 1 && cells[0].empty()) continue;  // a blank line
    const std::string at = "lines[" + std::to_string(row_line) + "]";
    if (bad_quote) {
      errors.push_back({at, "unterminated_quote", "A quoted cell is not closed."});
      break;
    }
    if (cells.size() != columns.size()) {
      errors.push_back({at, "wrong_cell_count",
                        "Expected " + std::to_string(columns.size()) + " cells, found " +
                            std::to_string(cells.size()) + "."});
      continue;
    }
    pos::ImportRow row;
    row.line = row_line;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const pos::FieldSpec& f = *columns[i];
      const std::string& cell = cells[i];
      const std::string field = at + "." + std::string(f.name);
      switch (f.type) {
        case FieldType::kMoney:
        case FieldType::kBasisPoints:
        case FieldType::kInteger: {
          Poco::Int64 n = 0;
          if (cell.empty() && f.nullable) {
            row.fields.emplace(f.name, std::monostate{});
          } else if (Poco::NumberParser::tryParse64(cell, n)) {
            row.fields.emplace(f.name, std::int64_t{n});
          } else {
            row.fields.emplace(f.name, cell);  // validation reports must_be_integer
          }
          break;
        }
        case FieldType::kBool:
          if (cell == "true" || cell == "1") {
            row.fields.emplace(f.name, true);
          } else if (cell == "false" || cell == "0") {
            row.fields.emplace(f.name, false);
          } else {
            row.fields.emplace(f.name, cell);  // validation reports must_be_boolean
          }
          break;
        case FieldType::kRef:
          row.fields.emplace(f.name, cell.empty() ? Value{std::monostate{}} : Value{cell});
          break;
        case FieldType::kTextList:
        case FieldType::kRefList: {
          std::vector<std::string> items;
          for (std::size_t start = 0; !cell.empty() && start <= cell.size();) {
            const auto end = std::min(cell.find('|', start), cell.size());
            items.push_back(cell.substr(start, end - start));
            start = end + 1;
          }
          row.fields.emplace(f.name, std::move(items));
          break;
        }
        case FieldType::kJsonObject:
          errors.push_back({field, "not_in_csv", "This field cannot be imported from CSV."});
          break;
        default:
          row.fields.emplace(f.name, cell);
      }
    }
    rows.push_back(std::move(row));
    if (errors.size() > 1000) break;
  }
  return rows;
}

}  // namespace regal::handlers
