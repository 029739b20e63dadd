#include "regal/core/log.hpp"

#include <Poco/UTF8String.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>

#include "regal/core/clock.hpp"
#include "regal/core/error.hpp"

namespace regal {
namespace {

const char* level_name(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

void write_all(int fd, const std::string& line) {
  std::size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(fd, line.data() + done, line.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // logging must never take the process down
    }
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  // Poco does the UTF-8-aware escaping; it also escapes '/' as "\/", which is valid JSON but
  // makes paths in logs ungreppable, so escape pairs are walked and that one is undone.
  const std::string escaped = Poco::UTF8::escape(std::string(text), true);
  out.reserve(out.size() + escaped.size() + 2);
  out.push_back('"');
  for (std::size_t i = 0; i < escaped.size(); ++i) {
    if (escaped[i] == '\\' && i + 1 < escaped.size()) {
      if (escaped[i + 1] != '/') out.push_back('\\');
      out.push_back(escaped[++i]);
    } else {
      out.push_back(escaped[i]);
    }
  }
  out.push_back('"');
}

void LogField::append_json(std::string& out) const {
  append_json_string(out, key_);
  out.push_back(':');
  switch (type_) {
    case Type::kText:
      append_json_string(out, text_);
      break;
    case Type::kInt:
      out += std::to_string(integer_);
      break;
    case Type::kBool:
      out += integer_ ? "true" : "false";
      break;
    case Type::kDouble:
      if (std::isfinite(real_)) {
        out += std::to_string(real_);
      } else {
        out += "null";
      }
      break;
  }
}

Logger::Logger(LogLevel min_level, int fd) : min_level_(min_level), fd_(fd) {}

void Logger::log(LogLevel level, std::string_view event,
                 std::initializer_list<LogField> fields) const {
  if (!enabled(level)) return;
  std::string line;
  line.reserve(256);
  line += "{\"ts\":\"";
  line += format_rfc3339_ms(SystemClock().now_ms());
  line += "\",\"level\":\"";
  line += level_name(level);
  line += "\",\"event\":";
  append_json_string(line, event);
  for (const auto& field : fields) {
    line.push_back(',');
    field.append_json(line);
  }
  line += "}\n";
  write_all(fd_, line);
}

LogLevel Logger::parse_level(std::string_view name) {
  if (name == "debug") return LogLevel::kDebug;
  if (name == "info") return LogLevel::kInfo;
  if (name == "warn") return LogLevel::kWarn;
  if (name == "error") return LogLevel::kError;
  throw Error::invalid("INVALID_CONFIG", "REGAL_LOG_LEVEL must be debug, info, warn or error.");
}

}  // namespace regal
