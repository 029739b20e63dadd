#pragma once
// Reading result rows safely. Poco::Data::PostgreSQL silently turns NULL into 0/"" when
// extracting into plain variables (STACK-NOTES), so rows are read through a RecordSet and
// every nullable column is checked with isNull() first.

#include <Poco/Data/RecordSet.h>

#include <cstdint>
#include <optional>
#include <string>

namespace regal::pg {

class Row {
 public:
  Row(const Poco::Data::RecordSet& rs, std::size_t row) : rs_(rs), row_(row) {}

  bool is_null(std::size_t col) const { return rs_.isNull(col, row_); }
  std::string text(std::size_t col) const {
    return is_null(col) ? std::string() : rs_.value(col, row_).convert<std::string>();
  }
  std::optional<std::string> opt_text(std::size_t col) const {
    if (is_null(col)) return std::nullopt;
    return rs_.value(col, row_).convert<std::string>();
  }
  std::int64_t int64(std::size_t col) const {
    return is_null(col) ? 0 : rs_.value(col, row_).convert<Poco::Int64>();
  }
  bool boolean(std::size_t col) const {
    return !is_null(col) && rs_.value(col, row_).convert<bool>();
  }

 private:
  const Poco::Data::RecordSet& rs_;
  std::size_t row_;
};

// Epoch milliseconds of a timestamptz column, as SQL: ms(created_at).
inline std::string ms(const std::string& column) {
  return "(extract(epoch FROM " + column + ") * 1000)::bigint";
}

}  // namespace regal::pg
