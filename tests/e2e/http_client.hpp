#pragma once
// A small real HTTP client (Poco::Net) for end-to-end tests against nginx.

#include <Poco/JSON/Object.h>

#include <map>
#include <string>

namespace regal::test {

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  std::string header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  Poco::JSON::Object::Ptr json() const;  // BOOST-fails when the body is not a JSON object
};

// `url` is relative to REGAL_TEST_BASE_URL ("/healthz").
HttpResult http(const std::string& method, const std::string& path, const std::string& body = "",
                const std::map<std::string, std::string>& headers = {});

}  // namespace regal::test
