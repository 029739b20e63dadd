#include "web/router.hpp"

#include <boost/test/unit_test.hpp>
#include <stdexcept>

using regal::web::BodyFormat;
using regal::web::Request;
using regal::web::Response;
using regal::web::RouteMatch;
using regal::web::Router;

namespace {

regal::web::Route route(const char* method, const char* pattern) {
  return {method, pattern, regal::auth::Permission::kPublic, BodyFormat::kNone,
          [](Request&) { return Response{}; }};
}

Router sample() {
  Router r;
  r.add(route("GET", "/api/v1/tickets"));
  r.add(route("POST", "/api/v1/tickets"));
  r.add(route("GET", "/api/v1/tickets/{id}"));
  r.add(route("PATCH", "/api/v1/tickets/{id}"));
  r.add(route("GET", "/api/v1/tickets/stats"));
  r.add(route("GET", "/api/v1/tickets/{id}/messages/{message_id}"));
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(router)

BOOST_AUTO_TEST_CASE(matches_literal_paths) {
  const Router r = sample();
  std::map<std::string, std::string> params;
  const auto m = r.match("POST", "/api/v1/tickets", params);
  BOOST_REQUIRE(m.outcome == RouteMatch::Outcome::kFound);
  BOOST_TEST(m.route->pattern == "/api/v1/tickets");
  BOOST_TEST(m.route->method == "POST");
  BOOST_TEST(params.empty());
}

BOOST_AUTO_TEST_CASE(extracts_and_decodes_path_parameters) {
  const Router r = sample();
  std::map<std::string, std::string> params;
  const auto m = r.match("GET", "/api/v1/tickets/a%20b/messages/42", params);
  BOOST_REQUIRE(m.outcome == RouteMatch::Outcome::kFound);
  BOOST_TEST(params.at("id") == "a b");
  BOOST_TEST(params.at("message_id") == "42");
}

BOOST_AUTO_TEST_CASE(literal_segment_beats_parameter) {
  const Router r = sample();
  std::map<std::string, std::string> params;
  const auto m = r.match("GET", "/api/v1/tickets/stats", params);
  BOOST_REQUIRE(m.outcome == RouteMatch::Outcome::kFound);
  BOOST_TEST(m.route->pattern == "/api/v1/tickets/stats");
}

BOOST_AUTO_TEST_CASE(trailing_slash_is_ignored) {
  const Router r = sample();
  std::map<std::string, std::string> params;
  BOOST_TEST((r.match("GET", "/api/v1/tickets/", params).outcome == RouteMatch::Outcome::kFound));
}

BOOST_AUTO_TEST_CASE(unknown_path_is_not_found) {
  const Router r = sample();
  std::map<std::string, std::string> params;
  BOOST_TEST((r.match("GET", "/api/v1/nothing", params).outcome == RouteMatch::Outcome::kNotFound));
  BOOST_TEST(
      (r.match("GET", "/api/v1/tickets/1/2", params).outcome == RouteMatch::Outcome::kNotFound));
}

BOOST_AUTO_TEST_CASE(known_path_with_other_method_lists_allowed_methods) {
  const Router r = sample();
  std::map<std::string, std::string> params;
  const auto m = r.match("DELETE", "/api/v1/tickets/7", params);
  BOOST_REQUIRE(m.outcome == RouteMatch::Outcome::kMethodNotAllowed);
  BOOST_TEST(m.allow == (std::vector<std::string>{"GET", "PATCH"}));
}

BOOST_AUTO_TEST_CASE(duplicate_and_malformed_routes_are_refused) {
  Router r = sample();
  BOOST_CHECK_THROW(r.add(route("GET", "/api/v1/tickets/{other}")), std::invalid_argument);
  BOOST_CHECK_THROW(r.add(route("GET", "/api/v1/{bad")), std::invalid_argument);
  BOOST_CHECK_THROW(r.add(route("GET", "relative")), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
