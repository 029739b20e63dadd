#pragma once
// Shared readers of list and update parameters: page size, opaque keyset cursors and the
// version a mutation expects (If-Match header or "version" in the body).

#include <optional>
#include <string>
#include <vector>

#include "regal/core/error.hpp"

#include "web/http.hpp"

namespace regal::web {

inline constexpr int kDefaultLimit = 50;
inline constexpr int kMaxLimit = 200;

// ?limit= in [1, 200], default 50; 400 VALIDATION_FAILED otherwise.
int page_limit(const Request& request);

// Opaque cursors: base64url of the keyset position. decode throws 400 INVALID_CURSOR.
std::string encode_cursor(const std::string& position);
std::string decode_cursor(const std::string& cursor);

// The version from If-Match ("3", "\"3\"" or W/"3") or, failing that, `body_version`; throws
// 400 VALIDATION_FAILED (field "version", code required) when neither is given.
int expected_version(const Request& request, std::optional<std::int64_t> body_version);

// ?cursor= holding a UUID keyset position, "" when absent; 400 INVALID_CURSOR otherwise.
std::string uuid_cursor(const Request& request);

// ?name=YYYY-MM-DD into `target` (left alone when absent); a malformed date becomes a field
// error "invalid_date".
void date_param(const Request& request, const std::string& name, std::string& target,
                std::vector<FieldError>& errors);

// ?name=<uuid> into `target`; a malformed id becomes a field error "invalid_id".
void id_param(const Request& request, const std::string& name, std::string& target,
              std::vector<FieldError>& errors);

}  // namespace regal::web
