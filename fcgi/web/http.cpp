#include "web/http.hpp"

#include <Poco/String.h>
#include <Poco/URI.h>

#include "regal/core/error.hpp"
#include "regal/core/text.hpp"

namespace regal::web {

std::optional<std::string> Request::header(const std::string& name) const {
  const auto it = headers.find(name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> Request::query_param(const std::string& name) const {
  std::size_t start = 0;
  while (start <= query.size()) {
    const auto end = std::min(query.find('&', start), query.size());
    const std::string_view pair(query.data() + start, end - start);
    const auto eq = pair.find('=');
    std::string key;
    Poco::URI::decode(std::string(pair.substr(0, eq)), key, true);
    if (key == name) {
      std::string value;
      if (eq != std::string_view::npos) {
        Poco::URI::decode(std::string(pair.substr(eq + 1)), value, true);
      }
      if (has_control_chars(value)) {
        throw Error::validation(
            {{name, "invalid_character", "Control characters are not allowed."}});
      }
      return value;
    }
    start = end + 1;
  }
  return std::nullopt;
}

std::string Request::media_type() const {
  const auto semi = content_type.find(';');
  return Poco::toLower(Poco::trim(content_type.substr(0, semi)));
}

}  // namespace regal::web
