#include "web/app.hpp"

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <stdexcept>

#include "regal/auth/auth_service.hpp"
#include "regal/core/error.hpp"
#include "web/envelope.hpp"
#include "web/json_body.hpp"

using regal::web::BodyFormat;
using regal::web::Request;
using regal::web::Response;

namespace {

// An App over a few routes, logging to /dev/null-like pipe we drain.
struct Fixture {
  regal::web::Metrics metrics{"t"};
  int fds[2]{};
  regal::Logger logger;
  regal::web::App app;

  static regal::web::Router routes() {
    regal::web::Router r;
    r.add({"POST", "/json", regal::auth::Permission::kPublic, BodyFormat::kJson, [](Request& req) {
             const auto obj = regal::web::parse_json_object(req);
             regal::web::reject_unknown_fields(*obj, {"name", "qty"});
             return regal::web::ok(regal::web::to_json(obj));
           }});
    r.add({"POST", "/form", regal::auth::Permission::kPublic, BodyFormat::kJsonOrForm,
           [](Request&) { return regal::web::ok("1"); }});
    r.add({"GET", "/throws", regal::auth::Permission::kPublic, BodyFormat::kNone,
           [](Request&) -> Response { throw std::logic_error("boom"); }});
    r.add({"GET", "/throws-int", regal::auth::Permission::kPublic, BodyFormat::kNone,
           [](Request&) -> Response { throw 7; }});
    r.add({"GET", "/sell", regal::auth::Permission::kSalesCreate, BodyFormat::kNone,
           [](Request& req) { return regal::web::ok("\"" + req.user_id + "\""); }});
    r.add({"GET", "/manage", regal::auth::Permission::kUsersManage, BodyFormat::kNone,
           [](Request&) { return regal::web::ok("1"); }});
    r.add({"GET", "/conflict", regal::auth::Permission::kPublic, BodyFormat::kNone,
           [](Request&) -> Response {
             throw regal::Error::conflict("INSUFFICIENT_STOCK", "Only 2 left.");
           }});
    return r;
  }

  Fixture()
      : logger(regal::LogLevel::kError, open_pipe(fds)),
        app(routes(), metrics, logger, {64}, authenticate) {}

  static regal::auth::AuthContext authenticate(const std::string& token) {
    if (token != "good") {
      throw regal::Error(regal::ErrorKind::kUnauthenticated, "INVALID_TOKEN", "bad token");
    }
    regal::auth::AuthContext ctx;
    ctx.principal = {"user-1", regal::auth::PosRole::kCashier, std::nullopt};
    return ctx;
  }
  ~Fixture() {
    ::close(fds[0]);
    ::close(fds[1]);
  }
  static int open_pipe(int* p) {
    BOOST_REQUIRE(::pipe(p) == 0);
    return p[1];
  }

  Response call(const std::string& method, const std::string& path, const std::string& body = "",
                const std::string& content_type = "application/json",
                const std::string& authorization = "") {
    Request req;
    if (!authorization.empty()) req.headers["authorization"] = authorization;
    req.method = method;
    req.path = path;
    req.body = body;
    req.content_type = content_type;
    req.request_id = "rid-1";
    return app.handle(req);
  }
};

bool has_header(const Response& r, const std::string& name, const std::string& value) {
  for (const auto& [n, v] : r.headers) {
    if (n == name && v == value) return true;
  }
  return false;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(app, Fixture)

BOOST_AUTO_TEST_CASE(echoes_request_id_on_every_response) {
  BOOST_TEST(has_header(call("GET", "/missing"), "X-Request-Id", "rid-1"));
  BOOST_TEST(has_header(call("POST", "/json", "{\"name\":\"x\"}"), "X-Request-Id", "rid-1"));
}

BOOST_AUTO_TEST_CASE(unknown_path_is_404_envelope) {
  const auto r = call("GET", "/missing");
  BOOST_TEST(r.status == 404);
  BOOST_TEST(r.body.find("\"code\":\"NOT_FOUND\"") != std::string::npos);
  BOOST_TEST(r.body.find("\"request_id\":\"rid-1\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(wrong_method_is_405_with_allow) {
  const auto r = call("DELETE", "/json");
  BOOST_TEST(r.status == 405);
  BOOST_TEST(has_header(r, "Allow", "POST"));
}

BOOST_AUTO_TEST_CASE(wrong_content_type_is_415) {
  const auto r = call("POST", "/json", "name=x", "text/plain");
  BOOST_TEST(r.status == 415);
  BOOST_TEST(r.body.find("UNSUPPORTED_MEDIA_TYPE") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(json_content_type_with_charset_is_accepted) {
  BOOST_TEST(call("POST", "/json", "{}", "Application/JSON; charset=utf-8").status == 200);
}

BOOST_AUTO_TEST_CASE(form_route_accepts_urlencoded) {
  BOOST_TEST(call("POST", "/form", "a=b", "application/x-www-form-urlencoded").status == 200);
}

BOOST_AUTO_TEST_CASE(oversized_body_is_413) {
  Request req;
  req.method = "POST";
  req.path = "/json";
  req.body_too_large = true;
  req.request_id = "r";
  const auto r = app.handle(req);
  BOOST_TEST(r.status == 413);
  BOOST_TEST(r.body.find("PAYLOAD_TOO_LARGE") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(malformed_json_is_400_not_500) {
  for (const std::string body :
       {"{", "[1,2]", "   ", "{\"a\":1e999}", "{\"a\":123456789012345678901234}",
        "{\"a\":\"\\ud800\"}", "nul"}) {
    const auto r = call("POST", "/json", body);
    BOOST_TEST(r.status == 400, "body " << body << " gave " << r.status);
    BOOST_TEST(r.body.find("MALFORMED_JSON") != std::string::npos, body);
  }
}

BOOST_AUTO_TEST_CASE(unknown_fields_are_rejected_by_name) {
  const auto r = call("POST", "/json", "{\"name\":\"x\",\"nmae\":1}");
  BOOST_TEST(r.status == 400);
  BOOST_TEST(r.body.find("\"field\":\"nmae\"") != std::string::npos);
  BOOST_TEST(r.body.find("unknown_field") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(throwing_handler_becomes_500_without_details) {
  for (const char* path : {"/throws", "/throws-int"}) {
    const auto r = call("GET", path);
    BOOST_TEST(r.status == 500);
    BOOST_TEST(r.body.find("\"code\":\"INTERNAL\"") != std::string::npos);
    BOOST_TEST(r.body.find("boom") == std::string::npos);
    BOOST_TEST(r.body.find("rid-1") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(domain_errors_keep_their_code_and_status) {
  const auto r = call("GET", "/conflict");
  BOOST_TEST(r.status == 409);
  BOOST_TEST(r.body.find("INSUFFICIENT_STOCK") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(protected_route_without_token_is_401_with_challenge) {
  const auto r = call("GET", "/sell");
  BOOST_TEST(r.status == 401);
  BOOST_TEST(r.body.find("AUTHENTICATION_REQUIRED") != std::string::npos);
  BOOST_TEST(has_header(r, "WWW-Authenticate", "Bearer"));
  BOOST_TEST(call("GET", "/sell", "", "", "Basic abc").status == 401);
}

BOOST_AUTO_TEST_CASE(invalid_token_is_401_before_the_handler_runs) {
  const auto r = call("GET", "/sell", "", "", "Bearer nope");
  BOOST_TEST(r.status == 401);
  BOOST_TEST(r.body.find("INVALID_TOKEN") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(valid_token_reaches_handlers_its_role_allows) {
  const auto r = call("GET", "/sell", "", "", "bearer good");
  BOOST_TEST(r.status == 200);
  BOOST_TEST(r.body == "{\"data\":\"user-1\"}");
}

BOOST_AUTO_TEST_CASE(role_without_the_permission_is_403) {
  const auto r = call("GET", "/manage", "", "", "Bearer good");
  BOOST_TEST(r.status == 403);
  BOOST_TEST(r.body.find("\"FORBIDDEN\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(metrics_record_route_pattern_not_raw_path) {
  call("GET", "/missing/123");
  call("GET", "/conflict");
  const auto text = metrics.render();
  BOOST_TEST(text.find("route=\"(unmatched)\"") != std::string::npos);
  BOOST_TEST(text.find("route=\"/conflict\",method=\"GET\",status=\"409\"") != std::string::npos);
  BOOST_TEST(text.find("/missing/123") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
