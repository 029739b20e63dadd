#include "web/request_params.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>
#include <Poco/NumberParser.h>

#include <sstream>

#include "regal/core/error.hpp"

namespace regal::web {

int page_limit(const Request& request) {
  const auto raw = request.query_param("limit");
  if (!raw) return kDefaultLimit;
  int limit = 0;
  if (!Poco::NumberParser::tryParse(*raw, limit) || limit < 1 || limit > kMaxLimit) {
    throw Error::validation({{"limit", "out_of_range", "limit must be between 1 and 200."}});
  }
  return limit;
}

std::string encode_cursor(const std::string& position) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  encoder << position;
  encoder.close();
  return out.str();
}

std::string decode_cursor(const std::string& cursor) {
  try {
    std::istringstream in(cursor);
    Poco::Base64Decoder decoder(in, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    std::string position((std::istreambuf_iterator<char>(decoder)), {});
    if (position.empty() || position.size() > 200) throw Poco::DataFormatException();
    return position;
  } catch (const Poco::Exception&) {
    throw Error::invalid("INVALID_CURSOR", "The cursor is not valid; start from the first page.");
  }
}

int expected_version(const Request& request, std::optional<std::int64_t> body_version) {
  if (auto header = request.header("if-match")) {
    std::string v = *header;
    if (v.rfind("W/", 0) == 0) v.erase(0, 2);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    int version = 0;
    if (!Poco::NumberParser::tryParse(v, version) || version < 1) {
      throw Error::validation({{"If-Match", "invalid_version", "If-Match must be a version."}});
    }
    return version;
  }
  if (body_version) return static_cast<int>(*body_version);
  throw Error::validation(
      {{"version", "required", "Send the version you read, as If-Match or \"version\"."}});
}

}  // namespace regal::web
