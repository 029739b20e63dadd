#pragma once
// Statements built at run time (optional filters, column lists): placeholders are numbered as
// values are bound, values are text cast in SQL ("$3::uuid"), and they live in a deque so the
// references Poco keeps stay valid until the statement has run.

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include <deque>
#include <string>
#include <string_view>
#include <vector>

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
  Poco::Data::RecordSet run(Poco::Data::Session& session) {
    using Poco::Data::Keywords::use;
    Poco::Data::Statement stmt(session);
    stmt << text_;
    for (auto& v : values_) stmt.addBind(use(v));
    stmt.execute();
    return Poco::Data::RecordSet(stmt);
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
