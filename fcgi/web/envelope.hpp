#pragma once
// The API envelope (DESIGN §2), in one place:
//   success  {"data": …}            lists add "page": {"next_cursor": …, "limit": N}
//   error    {"error": {"code", "message", "request_id", "fields"?: [{field, code, message}]}}
// and the mapping from regal::ErrorKind to HTTP status.

#include <string>

#include "regal/core/error.hpp"
#include "web/http.hpp"

namespace regal::web {

int http_status(ErrorKind kind);

// `data_json` is already-serialised JSON (object, array or scalar).
Response ok(const std::string& data_json, int status = 200);

// A list page; `next_cursor` empty means null.
Response ok_page(const std::string& items_json, const std::string& next_cursor, int limit);

Response no_content();

// A PDF document (binary: sent by its length) shown inline as "<name>.pdf"; characters of `name`
// other than letters, digits, '-', '_' and '.' become '_' so the header stays plain.
Response pdf_file(std::string bytes, const std::string& name);

Response error_response(const Error& error, const std::string& request_id);

}  // namespace regal::web
