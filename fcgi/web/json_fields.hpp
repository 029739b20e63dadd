#pragma once
// JsonFields — reads a request object field by field, collecting every problem as a field error
// (wrong type, missing, too long, control characters, unknown field) and throwing them together
// from finish(), so a client learns about all its mistakes at once (400 VALIDATION_FAILED).

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "regal/core/error.hpp"

namespace regal::web {

// Which characters a text field takes: every string refuses control characters (NUL, which
// PostgreSQL cannot store, and the rest); multi-line fields allow tab, CR and LF.
enum class TextKind { kLine, kMultiline };

class JsonFields {
 public:
  JsonFields(Poco::JSON::Object::Ptr object, const std::vector<std::string_view>& allowed);

  bool has(const std::string& name) const;
  bool is_null(const std::string& name) const;

  std::string required_string(const std::string& name, std::size_t max_length = 1000,
                              TextKind kind = TextKind::kLine);
  std::optional<std::string> optional_string(const std::string& name, std::size_t max_length = 1000,
                                             TextKind kind = TextKind::kLine);
  std::optional<bool> optional_bool(const std::string& name);
  std::optional<std::int64_t> optional_int(const std::string& name, std::int64_t min,
                                           std::int64_t max);
  // A JSON object member, re-serialised.
  std::optional<std::string> optional_object_json(const std::string& name);

  void add_error(std::string field, std::string code, std::string message);
  // Throws regal::Error::validation with every collected error, if any.
  void finish();

 private:
  Poco::JSON::Object::Ptr object_;
  std::vector<FieldError> errors_;
};

// Reads an array member of objects, each through `read(object, "name[i]")`; a member that is
// not an array, or an item that is not an object, becomes a field error.
void read_objects(const Poco::JSON::Object& body, const std::string& name,
                  std::vector<FieldError>& errors,
                  const std::function<void(const Poco::JSON::Object&, const std::string&)>& read);

// The top-level object's own field errors (JsonFields::finish()), put before `errors`, which
// hold those of its nested items; does not throw.
void prepend_errors(JsonFields& top, std::vector<FieldError>& errors);

// The field errors of a nested JsonFields, re-prefixed with the item's path ("lines[0].qty").
void collect(JsonFields& nested, const std::string& prefix, std::vector<FieldError>& errors);

}  // namespace regal::web
