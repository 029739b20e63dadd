#pragma once
// A catalog field value as a Poco JSON value — shared by the PostgreSQL adapter (rows travel as
// jsonb) and the responder (DTOs). Poco stays out of this header (lib's public headers are
// Poco-free): callers include <Poco/Dynamic/Var.h> themselves.

#include "regal/pos/catalog.hpp"

namespace Poco::Dynamic {
class Var;
}

namespace regal::pos {

// monostate → null, int64 → number, bool, string, string list → array, Json → parsed object.
Poco::Dynamic::Var to_json_value(const Value& value);

}  // namespace regal::pos
