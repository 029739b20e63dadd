#pragma once
// Statements built at run time (optional filters, column lists): placeholders are numbered as
// values are bound, values are text cast in SQL ("$3::uuid").

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "data/pg/pq.hpp"

namespace regal::pg {

class Sql {
 public:
  explicit Sql(std::string text = {}) : text_(std::move(text)) {}

  // Appends nothing; returns "$n::cast" for `value`, to be put into the text.
  std::string bind(std::string value, std::string_view cast) {
    values_.push_back(std::move(value));
    return "$" + std::to_string(values_.size()) + "::" + std::string(cast);
  }
  Sql& operator<<(std::string_view part) {
    text_ += part;
    return *this;
  }
  // One round trip once the text has been prepared on the connection (see pq.hpp).
  Result run(Poco::Data::Session& session) const {
    return exec(session, text_, std::vector<Param>(values_.begin(), values_.end()));
  }

 private:
  std::string text_;
  std::deque<std::string> values_;
};

// A PostgreSQL array literal of text items ('{"a","b"}'), for "$n::text[]" / "$n::uuid[]".
inline std::string pg_array(const std::vector<std::string>& items) {
  std::string out = "{";
  for (const auto& item : items) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (const char c : item) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

}  // namespace regal::pg
