#include "web/request_params.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>
#include <Poco/NumberParser.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <sstream>

#include "regal/core/error.hpp"
#include "regal/core/id.hpp"

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

void date_param(const Request& request, const std::string& name, std::string& target,
                std::vector<FieldError>& errors) {
  const auto v = request.query_param(name);
  if (!v) return;
  // A real calendar date (2026-02-31 is refused here, not by the database).
  bool ok = v->size() == 10 && (*v)[4] == '-' && (*v)[7] == '-' &&
            std::all_of(v->begin(), v->end(), [](char c) {
              return std::isdigit(static_cast<unsigned char>(c)) || c == '-';
            });
  if (ok) {
    const std::chrono::year_month_day day{std::chrono::year(std::stoi(v->substr(0, 4))),
                                          std::chrono::month(static_cast<unsigned>(std::stoi(v->substr(5, 2)))),
                                          std::chrono::day(static_cast<unsigned>(std::stoi(v->substr(8, 2))))};
    ok = day.ok() && day.year() >= std::chrono::year(1900);
  }
  if (ok) {
    target = *v;
  } else {
    errors.push_back({name, "invalid_date", "Use YYYY-MM-DD."});
  }
}

void id_param(const Request& request, const std::string& name, std::string& target,
              std::vector<FieldError>& errors) {
  const auto v = request.query_param(name);
  if (!v) return;
  if (is_uuid(*v)) {
    target = *v;
  } else {
    errors.push_back({name, "invalid_id", "Give a UUID."});
  }
}

std::string uuid_cursor(const Request& request) {
  const auto cursor = request.query_param("cursor");
  if (!cursor) return "";
  std::string id = decode_cursor(*cursor);
  if (!is_uuid(id)) throw Error::invalid("INVALID_CURSOR", "The cursor is not valid.");
  return id;
}

}  // namespace regal::web
