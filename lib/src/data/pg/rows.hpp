#pragma once
// Reading result rows safely: every nullable column is checked with is_null() first, and
// numbers are parsed strictly — a value that is not what the code expects throws instead of
// silently becoming 0 (STACK-NOTES: Poco's extraction turned NULL/numeric/garbage into 0).

#include <charconv>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "data/pg/pq.hpp"

namespace regal::pg {

class Row {
 public:
  Row(const Result& rs, std::size_t row) : rs_(rs), row_(row) {}

  bool is_null(std::size_t col) const { return rs_.is_null(row_, col); }
  std::string_view view(std::size_t col) const { return rs_.view(row_, col); }
  std::string text(std::size_t col) const { return std::string(view(col)); }
  std::optional<std::string> opt_text(std::size_t col) const {
    if (is_null(col)) return std::nullopt;
    return text(col);
  }
  // NULL reads as 0; anything but a plain integer throws.
  std::int64_t int64(std::size_t col) const {
    const std::string_view v = view(col);
    if (is_null(col)) return 0;
    std::int64_t out = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc() || end != v.data() + v.size()) {
      throw std::runtime_error("column " + std::to_string(col) + " is not an integer");
    }
    return out;
  }
  // NULL reads as false.
  bool boolean(std::size_t col) const {
    const std::string_view v = view(col);
    return !v.empty() && (v[0] == 't' || v[0] == 'T' || v[0] == '1' || v[0] == 'y' || v[0] == 'Y');
  }

 private:
  const Result& rs_;
  std::size_t row_;
};

// Epoch milliseconds of a timestamptz column, as SQL: ms(created_at).
inline std::string ms(const std::string& column) {
  return "(extract(epoch FROM " + column + ") * 1000)::bigint";
}

}  // namespace regal::pg
