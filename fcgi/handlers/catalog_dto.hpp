#pragma once
// JSON and CSV shapes of the catalog API (docs/CATALOG.md), mapped field by field from the
// entity specs: input objects become pos::Fields (type checks are left to validate_fields, so a
// wrong type gets the same field error from JSON, CSV or a desktop caller), records become
// output objects.

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

#include "regal/core/error.hpp"
#include "regal/pos/catalog.hpp"

namespace regal::handlers {

// Members of `object` other than `skip` as Fields. JSON values that have no field form (floats,
// arrays holding non-strings, numbers beyond int64) are reported in `errors` under their name.
pos::Fields fields_from_json(const pos::EntitySpec& spec, const Poco::JSON::Object& object,
                             const std::vector<std::string>& skip, std::vector<FieldError>& errors,
                             const std::string& prefix = "");

Poco::JSON::Object::Ptr record_dto(const pos::Record& record);
Poco::JSON::Object::Ptr ledger_dto(const pos::LedgerEntry& entry);

// Products as CSV (the import/export format): the header and one line per record.
std::string products_csv_header();
void append_product_csv(const pos::Record& product, std::string& out);

// Parses CSV text (RFC 4180: quoted fields, "" escapes, CRLF or LF) into import rows typed by
// the product spec. Cell problems (a number that is not one) go to `errors` as lines[N].field.
std::vector<pos::ImportRow> products_from_csv(const std::string& text,
                                              std::vector<FieldError>& errors);

}  // namespace regal::handlers
