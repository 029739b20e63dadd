#pragma once
// JSON request bodies: parsing with Poco::JSON, with every failure turned into a client error
// (400 MALFORMED_JSON) instead of an exception escaping as a 500.

#include <Poco/JSON/Object.h>

#include <initializer_list>
#include <string>
#include <string_view>

#include "web/http.hpp"

namespace regal::web {

// Parses the body as a JSON object. Throws regal::Error MALFORMED_JSON (400) on empty input,
// invalid JSON, numbers out of range, or a top-level value that is not an object.
Poco::JSON::Object::Ptr parse_json_object(const Request& request);

// Rejects fields not in `allowed` (400 VALIDATION_FAILED, one field error each), so typos never
// silently drop data (DESIGN §2).
void reject_unknown_fields(const Poco::JSON::Object& object,
                           std::initializer_list<std::string_view> allowed,
                           const std::string& prefix = "");

std::string to_json(const Poco::Dynamic::Var& value);

}  // namespace regal::web
