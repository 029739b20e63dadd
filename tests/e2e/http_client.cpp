#include "e2e/http_client.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <boost/test/unit_test.hpp>

#include "support/test_env.hpp"

namespace regal::test {

Poco::JSON::Object::Ptr HttpResult::json() const {
  try {
    Poco::JSON::Parser parser;
    return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
    BOOST_FAIL("response body is not a JSON object: " + body.substr(0, 300));
  }
  return {};
}

HttpResult http(const std::string& method, const std::string& path, const std::string& body,
                const std::map<std::string, std::string>& headers) {
  const Poco::URI base(env("REGAL_TEST_BASE_URL"));
  Poco::Net::HTTPClientSession session(base.getHost(), base.getPort());
  session.setTimeout(Poco::Timespan(30, 0));
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  bool has_type = false;
  for (const auto& [name, value] : headers) {
    request.set(name, value);
    has_type = has_type || Poco::icompare(name, "Content-Type") == 0;
  }
  if (!body.empty() || method == "POST" || method == "PATCH" || method == "PUT") {
    if (!has_type) request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
  }
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  HttpResult result;
  result.status = static_cast<int>(response.getStatus());
  for (const auto& [name, value] : response) result.headers[Poco::toLower(name)] = value;
  Poco::StreamCopier::copyToString(in, result.body);
  return result;
}

}  // namespace regal::test
