#include "web/envelope.hpp"

#include <cctype>

#include "regal/core/log.hpp"

namespace regal::web {

int http_status(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalid:
      return 400;
    case ErrorKind::kUnauthenticated:
      return 401;
    case ErrorKind::kForbidden:
      return 403;
    case ErrorKind::kNotFound:
      return 404;
    case ErrorKind::kMethodNotAllowed:
      return 405;
    case ErrorKind::kConflict:
      return 409;
    case ErrorKind::kPreconditionFailed:
      return 412;
    case ErrorKind::kPayloadTooLarge:
      return 413;
    case ErrorKind::kUnsupportedMediaType:
      return 415;
    case ErrorKind::kUnprocessable:
      return 422;
    case ErrorKind::kRateLimited:
      return 429;
    case ErrorKind::kUnavailable:
      return 503;
    case ErrorKind::kInternal:
      return 500;
  }
  return 500;
}

Response pdf_file(std::string bytes, const std::string& name) {
  std::string file = name.empty() ? "document" : name;
  for (char& c : file) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
  }
  return {200,
          "application/pdf",
          {{"Content-Disposition", "inline; filename=\"" + file + ".pdf\""}},
          std::move(bytes)};
}

Response ok(const std::string& data_json, int status) {
  Response r;
  r.status = status;
  r.body.reserve(data_json.size() + 10);
  r.body += "{\"data\":";
  r.body += data_json;
  r.body += '}';
  return r;
}

Response ok_page(const std::string& items_json, const std::string& next_cursor, int limit) {
  Response r;
  r.body += "{\"data\":";
  r.body += items_json;
  r.body += ",\"page\":{\"next_cursor\":";
  if (next_cursor.empty()) {
    r.body += "null";
  } else {
    append_json_string(r.body, next_cursor);
  }
  r.body += ",\"limit\":" + std::to_string(limit) + "}}";
  return r;
}

Response no_content() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

Response error_response(const Error& error, const std::string& request_id) {
  Response r;
  r.status = http_status(error.kind());
  std::string& b = r.body;
  b += "{\"error\":{\"code\":";
  append_json_string(b, error.code());
  b += ",\"message\":";
  append_json_string(b, error.what());
  b += ",\"request_id\":";
  append_json_string(b, request_id);
  if (!error.fields().empty()) {
    b += ",\"fields\":[";
    bool first = true;
    for (const auto& f : error.fields()) {
      if (!first) b += ',';
      first = false;
      b += "{\"field\":";
      append_json_string(b, f.field);
      b += ",\"code\":";
      append_json_string(b, f.code);
      b += ",\"message\":";
      append_json_string(b, f.message);
      b += '}';
    }
    b += ']';
  }
  b += "}}";
  if (error.kind() == ErrorKind::kUnauthenticated)
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
  if (error.retry_after_s() > 0)
    r.headers.emplace_back("Retry-After", std::to_string(error.retry_after_s()));
  return r;
}

}  // namespace regal::web
