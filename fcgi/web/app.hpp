#pragma once
// App — the request pipeline every request goes through, whatever the transport:
// route match (404/405) → authentication (401) and the route's permission (403) →
// body checks (413/415) → handler → error mapping → X-Request-Id →
// metrics → one access-log line. handle() never throws: a handler that throws anything gets
// the client a 500 envelope with the request id and the log the cause.

#include <cstddef>
#include <functional>
#include <string>

#include "regal/core/log.hpp"
#include "web/http.hpp"
#include "web/metrics.hpp"
#include "web/router.hpp"

namespace regal::web {

struct AppOptions {
  std::size_t max_body_bytes = 1024 * 1024;
};

// Turns a bearer token into the caller's identity; throws regal::Error kUnauthenticated.
using Authenticator = std::function<auth::AuthContext(const std::string& bearer_token)>;

class App {
 public:
  App(Router router, Metrics& metrics, const Logger& logger, AppOptions options,
      Authenticator authenticator);

  Response handle(Request& request) const noexcept;

  const Router& router() const { return router_; }
  const AppOptions& options() const { return options_; }
  // The largest body the request's route takes: its own limit (bulk routes) or the default.
  std::size_t body_limit(const Request& request) const noexcept;

 private:
  Response dispatch(Request& request) const;
  void authorize(const Route& route, Request& request) const;
  Response internal_error(const Request& request, std::string_view type,
                          std::string_view detail) const;

  Router router_;
  Metrics& metrics_;
  const Logger& logger_;
  AppOptions options_;
  Authenticator authenticator_;
};

}  // namespace regal::web
