#include "web/json_fields.hpp"

#include <algorithm>
#include <sstream>

#include "regal/core/text.hpp"

namespace regal::web {

JsonFields::JsonFields(Poco::JSON::Object::Ptr object, const std::vector<std::string_view>& allowed)
    : object_(std::move(object)) {
  for (const auto& [name, value] : *object_) {
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      add_error(name, "unknown_field", "This field is not accepted here.");
    }
  }
}

bool JsonFields::has(const std::string& name) const { return object_->has(name); }

bool JsonFields::is_null(const std::string& name) const {
  return object_->has(name) && object_->isNull(name);
}

void JsonFields::add_error(std::string field, std::string code, std::string message) {
  errors_.push_back({std::move(field), std::move(code), std::move(message)});
}

std::optional<std::string> JsonFields::optional_string(const std::string& name,
                                                       std::size_t max_length, TextKind kind) {
  if (!object_->has(name)) return std::nullopt;
  const Poco::Dynamic::Var value = object_->get(name);
  if (!value.isString()) {
    add_error(name, "must_be_string", "Must be a string.");
    return std::nullopt;
  }
  std::string text = value.extract<std::string>();
  if (code_points(text) > max_length) {
    add_error(name, "too_long", "Must be at most " + std::to_string(max_length) + " characters.");
    return std::nullopt;
  }
  if (has_control_chars(text, kind == TextKind::kMultiline)) {
    add_error(name, "invalid_character",
              kind == TextKind::kMultiline
                  ? "Control characters other than tab and line breaks are not allowed."
                  : "Control characters (such as NUL, tab or line breaks) are not allowed.");
    return std::nullopt;
  }
  return text;
}

std::string JsonFields::required_string(const std::string& name, std::size_t max_length,
                                        TextKind kind) {
  if (!object_->has(name) || object_->isNull(name)) {
    add_error(name, "required", "This field is required.");
    return {};
  }
  return optional_string(name, max_length, kind).value_or("");
}

std::optional<bool> JsonFields::optional_bool(const std::string& name) {
  if (!object_->has(name)) return std::nullopt;
  const Poco::Dynamic::Var value = object_->get(name);
  if (value.type() != typeid(bool)) {
    add_error(name, "must_be_boolean", "Must be true or false.");
    return std::nullopt;
  }
  return value.extract<bool>();
}

std::optional<std::int64_t> JsonFields::optional_int(const std::string& name, std::int64_t min,
                                                     std::int64_t max) {
  if (!object_->has(name)) return std::nullopt;
  const Poco::Dynamic::Var value = object_->get(name);
  if (!value.isInteger()) {
    add_error(name, "must_be_integer", "Must be a whole number.");
    return std::nullopt;
  }
  std::int64_t n = 0;
  try {
    n = value.convert<Poco::Int64>();
  } catch (const Poco::Exception&) {
    add_error(name, "out_of_range", "The number is out of range.");
    return std::nullopt;
  }
  if (n < min || n > max) {
    add_error(name, "out_of_range",
              "Must be between " + std::to_string(min) + " and " + std::to_string(max) + ".");
    return std::nullopt;
  }
  return n;
}

std::optional<std::string> JsonFields::optional_object_json(const std::string& name) {
  if (!object_->has(name)) return std::nullopt;
  const auto nested = object_->getObject(name);
  if (!nested) {
    add_error(name, "must_be_object", "Must be a JSON object.");
    return std::nullopt;
  }
  std::ostringstream out;
  nested->stringify(out);
  return out.str();
}

void JsonFields::finish() {
  if (!errors_.empty()) throw Error::validation(std::move(errors_));
}

void read_objects(const Poco::JSON::Object& body, const std::string& name,
                  std::vector<FieldError>& errors,
                  const std::function<void(const Poco::JSON::Object&, const std::string&)>& read) {
  if (!body.has(name)) return;
  const auto array = body.getArray(name);
  if (!array) {
    errors.push_back({name, "must_be_array", "Must be an array of objects."});
    return;
  }
  for (unsigned i = 0; i < array->size(); ++i) {
    const std::string at = name + "[" + std::to_string(i) + "]";
    const auto item = array->getObject(i);
    if (!item) {
      errors.push_back({at, "must_be_object", "Must be an object."});
      continue;
    }
    read(*item, at);
  }
}

void prepend_errors(JsonFields& top, std::vector<FieldError>& errors) {
  try {
    top.finish();
  } catch (const Error& e) {
    errors.insert(errors.begin(), e.fields().begin(), e.fields().end());
  }
}

void collect(JsonFields& nested, const std::string& prefix, std::vector<FieldError>& errors) {
  try {
    nested.finish();
  } catch (const Error& e) {
    for (auto fe : e.fields()) {
      fe.field = prefix + "." + fe.field;
      errors.push_back(std::move(fe));
    }
  }
}

}  // namespace regal::web
