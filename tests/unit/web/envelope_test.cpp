#include "web/envelope.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>

using regal::Error;
using regal::ErrorKind;

namespace {

Poco::JSON::Object::Ptr parse(const std::string& body) {
  Poco::JSON::Parser parser;
  return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(envelope)

BOOST_AUTO_TEST_CASE(success_wraps_data) {
  const auto r = regal::web::ok("{\"a\":1}", 201);
  BOOST_TEST(r.status == 201);
  BOOST_TEST(r.body == "{\"data\":{\"a\":1}}");
  BOOST_TEST(r.content_type == "application/json");
}

BOOST_AUTO_TEST_CASE(pages_carry_cursor_and_limit) {
  BOOST_TEST(regal::web::ok_page("[]", "", 50).body ==
             "{\"data\":[],\"page\":{\"next_cursor\":null,\"limit\":50}}");
  BOOST_TEST(regal::web::ok_page("[1]", "abc", 2).body ==
             "{\"data\":[1],\"page\":{\"next_cursor\":\"abc\",\"limit\":2}}");
}

BOOST_AUTO_TEST_CASE(error_has_code_message_request_id_and_fields) {
  const auto r = regal::web::error_response(
      Error::validation({{"lines[0].qty", "must_be_positive", "Quantity must be \"> 0\"."}}),
      "req-1");
  BOOST_TEST(r.status == 400);
  const auto err = parse(r.body)->getObject("error");
  BOOST_TEST(err->getValue<std::string>("code") == "VALIDATION_FAILED");
  BOOST_TEST(err->getValue<std::string>("request_id") == "req-1");
  const auto field = err->getArray("fields")->getObject(0);
  BOOST_TEST(field->getValue<std::string>("field") == "lines[0].qty");
  BOOST_TEST(field->getValue<std::string>("message") == "Quantity must be \"> 0\".");
}

BOOST_AUTO_TEST_CASE(error_without_fields_omits_the_list) {
  const auto r = regal::web::error_response(Error::not_found("Ticket"), "r");
  BOOST_TEST(r.status == 404);
  BOOST_TEST(!parse(r.body)->getObject("error")->has("fields"));
}

BOOST_AUTO_TEST_CASE(every_error_kind_maps_to_its_documented_status) {
  const std::vector<std::pair<ErrorKind, int>> expected = {{ErrorKind::kInvalid, 400},
                                                           {ErrorKind::kUnauthenticated, 401},
                                                           {ErrorKind::kForbidden, 403},
                                                           {ErrorKind::kNotFound, 404},
                                                           {ErrorKind::kMethodNotAllowed, 405},
                                                           {ErrorKind::kConflict, 409},
                                                           {ErrorKind::kPreconditionFailed, 412},
                                                           {ErrorKind::kPayloadTooLarge, 413},
                                                           {ErrorKind::kUnsupportedMediaType, 415},
                                                           {ErrorKind::kUnprocessable, 422},
                                                           {ErrorKind::kRateLimited, 429},
                                                           {ErrorKind::kUnavailable, 503},
                                                           {ErrorKind::kInternal, 500}};
  for (const auto& [kind, status] : expected) BOOST_TEST(regal::web::http_status(kind) == status);
}

BOOST_AUTO_TEST_SUITE_END()
