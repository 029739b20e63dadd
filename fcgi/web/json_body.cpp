#include "web/json_body.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <sstream>
#include <vector>

#include "regal/core/error.hpp"

namespace regal::web {
namespace {

Error malformed(const std::string& why) {
  return Error::invalid("MALFORMED_JSON", "The request body is not valid JSON: " + why);
}

// Poco::JSON wraps integers at 2^64 to 0 without an error (STACK-NOTES), so integer literals
// longer than any int64 (19 digits) are refused before parsing. String contents are skipped.
bool has_oversized_integer(const std::string& body) {
  bool in_string = false;
  std::size_t digits = 0;
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
      digits = 0;
    } else if (c >= '0' && c <= '9') {
      if (++digits > 19) return true;
    } else {
      digits = 0;
    }
  }
  return false;
}

}  // namespace

Poco::JSON::Object::Ptr parse_json_object(const Request& request) {
  if (request.body.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw malformed("the body is empty.");
  }
  if (has_oversized_integer(request.body)) throw malformed("a number is out of range.");
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser;
    parsed = parser.parse(request.body);
  } catch (const Poco::Exception&) {
    // JSONException for syntax, SyntaxException for numbers ≥ 1e20 (STACK-NOTES), and any
    // other Poco failure: never the parser's text, which may echo the body.
    throw malformed("check the syntax.");
  }
  if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
    throw malformed("the top-level value must be an object.");
  }
  return parsed.extract<Poco::JSON::Object::Ptr>();
}

void reject_unknown_fields(const Poco::JSON::Object& object,
                           std::initializer_list<std::string_view> allowed,
                           const std::string& prefix) {
  std::vector<FieldError> errors;
  for (const auto& [name, value] : object) {
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      errors.push_back({prefix + name, "unknown_field", "This field is not accepted here."});
    }
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
}

std::string to_json(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(value, out);
  return out.str();
}

}  // namespace regal::web
