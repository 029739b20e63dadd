#pragma once
// Transport-neutral HTTP request and response as the responder sees them. Filled by the
// FastCGI server (server/fcgi_server.cpp) and consumed by the App pipeline and handlers.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace regal::auth {
struct AuthContext;
}

namespace regal::web {

struct Request {
  std::string method;        // "GET", "POST", …
  std::string path;          // URI path without the query string, percent-encoded as sent
  std::string query;         // raw query string, without '?'
  std::string content_type;  // as sent, e.g. "application/json; charset=utf-8"
  std::string body;
  std::string request_id;  // from nginx ($request_id) or generated
  std::string remote_addr;
  bool body_too_large = false;                    // Content-Length over the configured limit
  std::map<std::string, std::string> headers;     // lower-case names ("if-match")
  std::map<std::string, std::string> params;      // path parameters filled by the router
  std::string route;                              // matched route pattern, for logs and metrics
  std::string user_id;                            // authenticated account, once known
  std::shared_ptr<const auth::AuthContext> auth;  // set by App for routes that need a token

  // Header value or nullopt; `name` in lower case.
  std::optional<std::string> header(const std::string& name) const;
  // Path parameter (already percent-decoded); throws std::out_of_range when absent.
  const std::string& param(const std::string& name) const { return params.at(name); }
  // First value of a query parameter, percent-decoded, or nullopt. Throws a validation error
  // (400, code invalid_character) when the value holds a control character such as %00.
  std::optional<std::string> query_param(const std::string& name) const;
  // The media type without parameters, lower-cased ("application/json").
  std::string media_type() const;
};

// Sends one piece of a streamed body to the client; throws std::runtime_error when the client
// is gone (so the producer stops).
using BodyWriter = std::function<void(std::string_view piece)>;
// Produces a streamed body piece by piece through the writer.
using BodyStream = std::function<void(const BodyWriter& write)>;

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // When set, the body is not `body`: the transport sends status and headers (no
  // Content-Length; nginx answers chunked), then runs `stream`, writing each piece as it comes,
  // so a large body (an export) never sits in memory. Headers are gone by then: should the
  // stream throw, the transport cuts the connection so the client sees a truncated response
  // rather than a complete-looking one. Status, log line and metrics are those of the headers.
  BodyStream stream{};
};

}  // namespace regal::web
