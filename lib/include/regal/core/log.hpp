#pragma once
// Structured logging: one JSON object per line on a file descriptor (stderr by default).
//
// The logger writes only the fields it is given. Callers must never pass secrets, tokens,
// passwords, Authorization headers or request bodies (DESIGN §4); the request log in fcgi/ is
// the one place that logs requests and it logs none of those.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace regal {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

// One key/value of a log line. Holds views: valid only for the duration of the log call.
class LogField {
 public:
  LogField(std::string_view key, std::string_view value) : key_(key), text_(value) {}
  LogField(std::string_view key, const char* value) : key_(key), text_(value) {}
  LogField(std::string_view key, const std::string& value) : key_(key), text_(value) {}
  LogField(std::string_view key, std::int64_t value)
      : key_(key), type_(Type::kInt), integer_(value) {}
  LogField(std::string_view key, int value) : LogField(key, static_cast<std::int64_t>(value)) {}
  LogField(std::string_view key, double value) : key_(key), type_(Type::kDouble), real_(value) {}
  LogField(std::string_view key, bool value) : key_(key), type_(Type::kBool), integer_(value) {}

  void append_json(std::string& out) const;

 private:
  enum class Type { kText, kInt, kDouble, kBool };
  std::string_view key_;
  Type type_ = Type::kText;
  std::string_view text_;
  std::int64_t integer_ = 0;
  double real_ = 0;
};

class Logger {
 public:
  explicit Logger(LogLevel min_level = LogLevel::kInfo, int fd = 2);

  bool enabled(LogLevel level) const { return level >= min_level_; }

  // Writes {"ts":…,"level":…,"event":…,<fields>} with a single write(2), so concurrent lines
  // from many threads never interleave.
  void log(LogLevel level, std::string_view event, std::initializer_list<LogField> fields) const;

  void info(std::string_view event, std::initializer_list<LogField> fields = {}) const {
    log(LogLevel::kInfo, event, fields);
  }
  void warn(std::string_view event, std::initializer_list<LogField> fields = {}) const {
    log(LogLevel::kWarn, event, fields);
  }
  void error(std::string_view event, std::initializer_list<LogField> fields = {}) const {
    log(LogLevel::kError, event, fields);
  }

  // "debug" | "info" | "warn" | "error"; throws regal::Error INVALID_CONFIG otherwise.
  static LogLevel parse_level(std::string_view name);

 private:
  LogLevel min_level_;
  int fd_;
};

// Appends `text` to `out` as a JSON string literal (quotes included).
void append_json_string(std::string& out, std::string_view text);

}  // namespace regal
