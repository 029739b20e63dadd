#include "web/app.hpp"

#include <Poco/Exception.h>
#include <Poco/String.h>

#include <algorithm>

#include "regal/auth/auth_service.hpp"
#include "regal/core/clock.hpp"
#include "regal/core/error.hpp"
#include "regal/core/text.hpp"
#include "web/envelope.hpp"

namespace regal::web {
namespace {

constexpr const char* kUnmatchedRoute = "(unmatched)";

bool body_format_accepts(BodyFormat format, const std::string& media_type) {
  switch (format) {
    case BodyFormat::kNone:
      return true;  // the body is ignored
    case BodyFormat::kJson:
      return media_type == "application/json";
    case BodyFormat::kJsonOrForm:
      return media_type == "application/json" || media_type == "application/x-www-form-urlencoded";
    case BodyFormat::kJsonOrCsv:
      return media_type == "application/json" || media_type == "text/csv";
  }
  return false;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

}  // namespace

App::App(Router router, Metrics& metrics, const Logger& logger, AppOptions options,
         Authenticator authenticator)
    : router_(std::move(router)),
      metrics_(metrics),
      logger_(logger),
      options_(options),
      authenticator_(std::move(authenticator)) {}

void App::authorize(const Route& route, Request& request) const {
  using auth::Permission;
  if (route.permission == Permission::kPublic || route.permission == Permission::kInternal) {
    return;
  }
  const std::string header = request.header("authorization").value_or("");
  constexpr std::string_view kBearer = "Bearer ";
  if (header.size() <= kBearer.size() ||
      Poco::icompare(header.substr(0, kBearer.size()), std::string(kBearer)) != 0) {
    throw Error(ErrorKind::kUnauthenticated, "AUTHENTICATION_REQUIRED",
                "Send an access token as 'Authorization: Bearer <token>'.");
  }
  auto context =
      std::make_shared<const auth::AuthContext>(authenticator_(header.substr(kBearer.size())));
  request.user_id = context->principal.user_id;
  if (!auth::allows(route.permission, &context->principal)) {
    throw Error(ErrorKind::kForbidden, "FORBIDDEN", "Your role does not allow this action.");
  }
  request.auth = std::move(context);
}

Response App::dispatch(Request& request) const {
  const RouteMatch match = router_.match(request.method, request.path, request.params);
  if (match.outcome == RouteMatch::Outcome::kNotFound) {
    request.route = kUnmatchedRoute;
    throw Error(ErrorKind::kNotFound, "NOT_FOUND", "No such resource.");
  }
  if (match.outcome == RouteMatch::Outcome::kMethodNotAllowed) {
    request.route = kUnmatchedRoute;
    Response r =
        error_response(Error(ErrorKind::kMethodNotAllowed, "METHOD_NOT_ALLOWED",
                             "Method " + request.method +
                                 " is not allowed here; allowed: " + join(match.allow) + "."),
                       request.request_id);
    r.headers.emplace_back("Allow", join(match.allow));
    return r;
  }
  const Route& route = *match.route;
  request.route = route.pattern;
  authorize(route, request);
  if (request.body_too_large) {
    const std::size_t limit =
        route.max_body_bytes != 0 ? route.max_body_bytes : options_.max_body_bytes;
    throw Error(ErrorKind::kPayloadTooLarge, "PAYLOAD_TOO_LARGE",
                "The request body is larger than " + std::to_string(limit) + " bytes.");
  }
  if (!request.body.empty() && !body_format_accepts(route.body, request.media_type())) {
    throw Error(ErrorKind::kUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE",
                route.body == BodyFormat::kJsonOrForm
                    ? "Send the body as application/json or application/x-www-form-urlencoded."
                : route.body == BodyFormat::kJsonOrCsv
                    ? "Send the body as application/json or text/csv."
                    : "Send the body as application/json.");
  }
  return route.handler(request);
}

std::size_t App::body_limit(const Request& request) const noexcept {
  try {
    std::map<std::string, std::string> params;
    const RouteMatch match = router_.match(request.method, request.path, params);
    if (match.outcome == RouteMatch::Outcome::kFound && match.route->max_body_bytes != 0) {
      return match.route->max_body_bytes;
    }
  } catch (...) {  // runs outside handle(): never let it end the worker; dispatch reports it
  }
  return options_.max_body_bytes;
}

Response App::internal_error(const Request& request, std::string_view type,
                             std::string_view detail) const {
  logger_.error("handler_exception", {{"request_id", request.request_id},
                                      {"route", request.route},
                                      {"exception", type},
                                      {"detail", redact_driver_message(detail)}});
  return error_response(Error::internal(), request.request_id);
}

Response App::handle(Request& request) const noexcept {
  const std::int64_t started = monotonic_ns();
  Response response;
  try {
    try {
      response = dispatch(request);
    } catch (const Error& e) {
      if (e.kind() == ErrorKind::kInternal || e.kind() == ErrorKind::kUnavailable) {
        logger_.warn(
            "request_failed",
            {{"request_id", request.request_id}, {"route", request.route}, {"code", e.code()}});
      }
      response = error_response(e, request.request_id);
    } catch (const Poco::Exception& e) {
      response = internal_error(request, e.className(), e.displayText());
    } catch (const std::exception& e) {
      response = internal_error(request, "std::exception", e.what());
    } catch (...) {
      response = internal_error(request, "unknown", "a non-standard exception was thrown");
    }
    response.headers.emplace_back("X-Request-Id", request.request_id);
    const double seconds = static_cast<double>(monotonic_ns() - started) / 1e9;
    const std::string& route = request.route.empty() ? std::string(kUnmatchedRoute) : request.route;
    metrics_.observe_request(route, request.method, response.status, seconds);
    logger_.info("request", {{"request_id", request.request_id},
                             {"method", request.method},
                             {"route", route},
                             {"status", response.status},
                             {"duration_ms", seconds * 1000.0},
                             {"user_id", request.user_id}});
  } catch (...) {
    // Only allocation failure can land here; answer without touching anything else.
    response = Response{500,
                        "application/json",
                        {},
                        "{\"error\":{\"code\":\"INTERNAL\",\"message\":\"An internal error "
                        "occurred.\",\"request_id\":\"\"}}"};
  }
  return response;
}

}  // namespace regal::web
