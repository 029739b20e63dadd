#include "regal/data/pg/conninfo.hpp"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include "regal/core/error.hpp"

namespace regal::pg {
namespace {

// Poco's PostgreSQL connector splits the string on blanks and '=' itself and knows no quoting,
// so values are written bare and ones it would mangle are refused up front.
void append_pair(std::string& out, const std::string& key, const std::string& value) {
  if (value.empty() || value.find_first_of(" \t\r\n'\\=") != std::string::npos) {
    throw Error::invalid("INVALID_CONFIG",
                         "DATABASE_URL: the " + key +
                             " must not be empty or contain blanks, quotes, '=' or backslashes.");
  }
  if (!out.empty()) out.push_back(' ');
  out += key;
  out += '=';
  out += value;
}

Error bad_url(const std::string& why) {
  return Error::invalid("INVALID_CONFIG", "DATABASE_URL is not a valid PostgreSQL URL: " + why);
}

}  // namespace

std::string conninfo_from_url(const std::string& url, int connect_timeout_s) {
  if (url.find("://") == std::string::npos) return url;
  Poco::URI uri;
  try {
    uri = Poco::URI(url);
  } catch (const Poco::Exception&) {
    throw bad_url("it cannot be parsed");
  }
  if (uri.getScheme() != "postgresql" && uri.getScheme() != "postgres") {
    throw bad_url("the scheme must be postgresql://");
  }
  std::string out;
  if (!uri.getHost().empty()) append_pair(out, "host", uri.getHost());
  if (uri.getPort() != 0) append_pair(out, "port", std::to_string(uri.getPort()));
  std::string db = uri.getPath();
  if (!db.empty() && db.front() == '/') db.erase(0, 1);
  if (!db.empty()) append_pair(out, "dbname", db);
  // Poco::URI keeps user info percent-encoded; split first, then decode each part.
  const std::string& info = uri.getUserInfo();
  const auto colon = info.find(':');
  const auto decoded = [](const std::string& raw) {
    std::string plain;
    Poco::URI::decode(raw, plain);
    return plain;
  };
  if (!info.empty()) append_pair(out, "user", decoded(info.substr(0, colon)));
  if (colon != std::string::npos) append_pair(out, "password", decoded(info.substr(colon + 1)));
  bool has_timeout = false;
  for (const auto& [key, value] : uri.getQueryParameters()) {
    if (key.empty()) continue;
    has_timeout = has_timeout || key == "connect_timeout";
    append_pair(out, key, value);
  }
  if (!has_timeout && connect_timeout_s > 0) {
    append_pair(out, "connect_timeout", std::to_string(connect_timeout_s));
  }
  return out;
}

std::string redact_url(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return "(key=value connection string)";
  const auto at = url.find('@', scheme_end);
  if (at == std::string::npos) return url;
  const auto colon = url.find(':', scheme_end + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace regal::pg
