#include "handlers/system_handlers.hpp"

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "regal/cache/redis/redis_client.hpp"
#include "regal/core/error.hpp"
#include "regal/data/pg/database.hpp"
#include "web/envelope.hpp"
#include "web/json_body.hpp"

namespace regal::handlers {
namespace {

using web::BodyFormat;
using web::Request;
using web::Response;

// Runs one readiness probe; records a field error naming the dependency when it fails.
template <class Probe>
void probe(const char* name, Probe&& check, std::vector<FieldError>& failed,
           std::string& checks_json) {
  bool up = true;
  try {
    check();
  } catch (const std::exception&) {
    up = false;
    failed.push_back({name, "unavailable", std::string(name) + " does not answer."});
  }
  if (checks_json.size() > 1) checks_json += ',';
  checks_json += std::string("\"") + name + "\":\"" + (up ? "up" : "down") + "\"";
}

Response readyz(const SystemDeps& deps) {
  std::vector<FieldError> failed;
  std::string checks = "{";
  probe(
      "postgres", [&] { deps.database.ping(); }, failed, checks);
  probe(
      "redis", [&] { deps.redis.ping(); }, failed, checks);
  checks += '}';
  if (!failed.empty()) {
    std::string names;
    for (const auto& f : failed) names += (names.empty() ? "" : ", ") + f.field;
    throw Error(ErrorKind::kUnavailable, "NOT_READY", "Not ready: " + names + " down.",
                std::move(failed));
  }
  return web::ok("{\"status\":\"ready\",\"checks\":" + checks + "}");
}

}  // namespace

void add_system_routes(web::Router& router, SystemDeps deps) {
  router.add({"GET", "/healthz", auth::Permission::kPublic, BodyFormat::kNone,
              [](Request&) { return web::ok("{\"status\":\"ok\"}"); }});
  router.add({"GET", "/readyz", auth::Permission::kInternal, BodyFormat::kNone,
              [deps](Request&) { return readyz(deps); }});
  router.add({"GET", "/metrics", auth::Permission::kInternal, BodyFormat::kNone, [deps](Request&) {
                Response r;
                r.content_type = "text/plain; version=0.0.4; charset=utf-8";
                r.body = deps.metrics.render();
                return r;
              }});
}

void add_test_routes(web::Router& router) {
  router.add({"POST", "/api/v1/_test/echo", auth::Permission::kPublic, BodyFormat::kJson,
              [](Request& req) { return web::ok(web::to_json(web::parse_json_object(req))); }});
  router.add({"GET", "/api/v1/_test/throw", auth::Permission::kPublic, BodyFormat::kNone,
              [](Request&) -> Response { throw std::runtime_error("test route failure"); }});
  router.add({"GET", "/api/v1/_test/throw-unknown", auth::Permission::kPublic, BodyFormat::kNone,
              [](Request&) -> Response { throw 42; }});
  router.add({"GET", "/api/v1/_test/sleep", auth::Permission::kPublic, BodyFormat::kNone,
              [](Request& req) {
                const int ms = std::stoi(req.query_param("ms").value_or("100"));
                std::this_thread::sleep_for(std::chrono::milliseconds(std::min(ms, 10000)));
                return web::ok("{\"slept_ms\":" + std::to_string(ms) + "}");
              }});
  // The route table itself, so the e2e suite can walk every route × every role. Built from the
  // routes registered so far: call add_test_routes last.
  const auto entry = [](const std::string& method, const std::string& pattern,
                        auth::Permission permission) {
    return "{\"method\":\"" + method + "\",\"pattern\":\"" + pattern + "\",\"permission\":\"" +
           std::string(auth::to_string(permission)) + "\"}";
  };
  std::string listing = "[" + entry("GET", "/api/v1/_test/routes", auth::Permission::kPublic);
  for (const auto& r : router.routes()) listing += "," + entry(r.method, r.pattern, r.permission);
  listing += "]";
  router.add({"GET", "/api/v1/_test/routes", auth::Permission::kPublic, BodyFormat::kNone,
              [listing](Request&) { return web::ok(listing); }});
}

}  // namespace regal::handlers
