#pragma once
// A catalog field value as a Poco::JSON value — shared by the PostgreSQL adapter (rows travel as
// jsonb) and the responder (DTOs). Poco's JSON headers come with it, so only those two .cpp files
// include this header.

#include <Poco/Dynamic/Var.h>

#include "regal/pos/catalog.hpp"

namespace regal::pos {

// monostate → null, int64 → number, bool, string, string list → array, Json → parsed object.
Poco::Dynamic::Var to_json_value(const Value& value);

}  // namespace regal::pos
