// End-to-end tests of the foundation through nginx → regal-fcgi → PostgreSQL/Redis.
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "e2e/http_client.hpp"
#include "regal/core/id.hpp"
#include "support/test_env.hpp"

using regal::test::http;
using regal::test::HttpResult;

namespace {

// Every error body carries the same request id as the X-Request-Id header.
void check_error_envelope(const HttpResult& r, int status, const std::string& code) {
  BOOST_TEST(r.status == status);
  BOOST_TEST(r.header("content-type").find("application/json") == 0);
  const auto err = r.json()->getObject("error");
  BOOST_REQUIRE(err);
  BOOST_TEST(err->getValue<std::string>("code") == code);
  BOOST_TEST(!err->getValue<std::string>("message").empty());
  const auto rid = err->getValue<std::string>("request_id");
  BOOST_TEST(rid.size() == 32u);
  BOOST_TEST(r.header("x-request-id") == rid);
}

std::string read_logs() {
  std::string all;
  for (const auto& entry :
       std::filesystem::directory_iterator(regal::test::env("REGAL_TEST_LOG_DIR"))) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path());
    std::stringstream ss;
    ss << in.rdbuf();
    all += ss.str();
  }
  return all;
}

// Waits until the responders' log lines for a request have been flushed.
bool logs_contain(const std::string& needle) {
  for (int i = 0; i < 50; ++i) {
    if (read_logs().find(needle) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

HttpResult wait_for_status(const std::string& path, int status) {
  HttpResult r;
  for (int i = 0; i < 100; ++i) {
    r = http("GET", path);
    if (r.status == status) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(foundation)

BOOST_AUTO_TEST_CASE(healthz_answers_ok_with_a_request_id) {
  const auto r = http("GET", "/healthz");
  BOOST_TEST(r.status == 200);
  BOOST_TEST(r.json()->getObject("data")->getValue<std::string>("status") == "ok");
  BOOST_TEST(r.header("x-request-id").size() == 32u);
}

BOOST_AUTO_TEST_CASE(unknown_route_is_404_envelope) {
  check_error_envelope(http("GET", "/api/v1/no-such-thing"), 404, "NOT_FOUND");
}

BOOST_AUTO_TEST_CASE(wrong_method_is_405_with_allow) {
  const auto r = http("DELETE", "/api/v1/_test/echo");
  check_error_envelope(r, 405, "METHOD_NOT_ALLOWED");
  BOOST_TEST(r.header("allow") == "POST");
}

BOOST_AUTO_TEST_CASE(oversized_body_is_413_json_from_nginx) {
  const std::string big(1024 * 1024 + 10, 'x');
  check_error_envelope(http("POST", "/api/v1/_test/echo", big), 413, "PAYLOAD_TOO_LARGE");
}

BOOST_AUTO_TEST_CASE(wrong_content_type_is_415) {
  check_error_envelope(http("POST", "/api/v1/_test/echo", "a=b", {{"Content-Type", "text/plain"}}),
                       415, "UNSUPPORTED_MEDIA_TYPE");
}

BOOST_AUTO_TEST_CASE(malformed_json_is_400) {
  for (const std::string body : {"{\"a\":", "not json", "[1]", "{\"n\":1e400}"}) {
    check_error_envelope(http("POST", "/api/v1/_test/echo", body), 400, "MALFORMED_JSON");
  }
}

BOOST_AUTO_TEST_CASE(json_body_round_trips) {
  const auto r = http("POST", "/api/v1/_test/echo", "{\"name\":\"Zoë\",\"qty\":3}");
  BOOST_TEST(r.status == 200);
  const auto data = r.json()->getObject("data");
  BOOST_TEST(data->getValue<std::string>("name") == "Zoë");
  BOOST_TEST(data->getValue<int>("qty") == 3);
}

BOOST_AUTO_TEST_CASE(request_id_reaches_the_responder_log) {
  const auto r = http("GET", "/healthz");
  const auto rid = r.header("x-request-id");
  BOOST_REQUIRE_EQUAL(rid.size(), 32u);
  BOOST_TEST(logs_contain("\"request_id\":\"" + rid + "\""));
}

BOOST_AUTO_TEST_CASE(throwing_handlers_never_take_a_responder_down) {
  for (int i = 0; i < 20; ++i) {
    check_error_envelope(http("GET", "/api/v1/_test/throw"), 500, "INTERNAL");
    check_error_envelope(http("GET", "/api/v1/_test/throw-unknown"), 500, "INTERNAL");
  }
  const auto r = http("GET", "/api/v1/_test/throw");
  BOOST_TEST(r.body.find("test route failure") == std::string::npos);
  BOOST_TEST(logs_contain("test route failure"));  // the cause is logged, not sent
  for (int i = 0; i < 10; ++i) BOOST_TEST(http("GET", "/healthz").status == 200);
}

BOOST_AUTO_TEST_CASE(metrics_count_requests_by_route_and_status) {
  http("GET", "/healthz");
  http("GET", "/api/v1/nothing-here");
  // Each responder keeps its own series; ask until both kinds of line have been seen.
  bool route_seen = false;
  bool histogram_seen = false;
  for (int i = 0; i < 10 && !(route_seen && histogram_seen); ++i) {
    const auto r = http("GET", "/metrics");
    BOOST_REQUIRE_EQUAL(r.status, 200);
    BOOST_TEST(r.header("content-type").find("text/plain") == 0);
    route_seen = route_seen || r.body.find("route=\"/healthz\",method=\"GET\",status=\"200\"") !=
                                   std::string::npos;
    histogram_seen = histogram_seen || r.body.find("regal_http_request_duration_seconds_bucket{") !=
                                           std::string::npos;
  }
  BOOST_TEST(route_seen);
  BOOST_TEST(histogram_seen);
}

// /metrics reaches any responder; /metrics/<n> always the n-th (scripts/test starts two), so a
// scraper sees each instance's own series every time.
BOOST_AUTO_TEST_CASE(each_responder_has_its_own_scrape_path) {
  for (const std::string n : {"0", "1"}) {
    for (int i = 0; i < 4; ++i) {
      const auto r = http("GET", "/metrics/" + n);
      BOOST_REQUIRE_EQUAL(r.status, 200);
      BOOST_TEST(r.header("content-type").find("text/plain") == 0);
      BOOST_TEST(r.body.find("instance=\"" + n + "\"") != std::string::npos, n);
      const std::string other = n == "0" ? "1" : "0";
      BOOST_TEST(r.body.find("instance=\"" + other + "\"") == std::string::npos, n);
    }
  }
  BOOST_TEST(http("GET", "/metrics/2").status == 404);
  BOOST_TEST(http("GET", "/metrics/x").status == 404);
}

BOOST_AUTO_TEST_CASE(readyz_reports_each_dependency) {
  const auto up = wait_for_status("/readyz", 200);
  BOOST_REQUIRE_EQUAL(up.status, 200);
  BOOST_TEST(up.json()->getObject("data")->getObject("checks")->getValue<std::string>("redis") ==
             "up");

  for (const std::string service : {"redis", "pg"}) {
    const std::string name = service == "pg" ? "postgres" : "redis";
    regal::test::service("stop", service);
    {
      regal::test::ServiceGuard guard(service);
      const auto down = http("GET", "/readyz");
      check_error_envelope(down, 503, "NOT_READY");
      const auto fields = down.json()->getObject("error")->getArray("fields");
      BOOST_REQUIRE(fields);
      BOOST_REQUIRE_EQUAL(fields->size(), 1u);
      BOOST_TEST(fields->getObject(0)->getValue<std::string>("field") == name);
      BOOST_TEST(http("GET", "/healthz").status == 200);  // alive, just not ready
      regal::test::service("start", service);
    }
    BOOST_TEST(wait_for_status("/readyz", 200).status == 200);
  }
}

BOOST_AUTO_TEST_CASE(secrets_never_reach_the_logs) {
  const std::string token = "tok" + regal::random_hex(12);
  const std::string password = "pw" + regal::random_hex(12);
  const auto r =
      http("POST", "/api/v1/_test/echo", "{\"login\":\"a\",\"password\":\"" + password + "\"}",
           {{"Authorization", "Bearer " + token}});
  BOOST_TEST(r.status == 200);
  const auto rid = r.header("x-request-id");
  BOOST_REQUIRE(logs_contain(rid));  // the request was logged, so the check below can fail
  const auto logs = read_logs();
  BOOST_TEST(logs.find(token) == std::string::npos);
  BOOST_TEST(logs.find(password) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(nginx_rate_limit_answers_429_json_with_retry_after) {
  HttpResult limited;
  for (int i = 0; i < 200 && limited.status != 429; ++i) {
    limited = http("POST", "/api/v1/auth/login", "{}");
  }
  check_error_envelope(limited, 429, "RATE_LIMITED");
  BOOST_TEST(!limited.header("retry-after").empty());
}

BOOST_AUTO_TEST_CASE(https_listener_serves_the_api) {
  const std::string cmd = "curl -sk -o /dev/null -w '%{http_code} %{http_version}' " +
                          regal::test::env("REGAL_TEST_HTTPS_URL") + "/healthz";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  BOOST_REQUIRE(pipe != nullptr);
  char buf[64] = {};
  const auto n = std::fread(buf, 1, sizeof buf - 1, pipe);
  ::pclose(pipe);
  BOOST_TEST(std::string(buf, n) == "200 2");
}

BOOST_AUTO_TEST_SUITE_END()
