#include "regal/core/config.hpp"

#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <cstdlib>

#include "regal/core/error.hpp"

namespace regal::config {
namespace {

Error invalid_config(const char* name, const std::string& why) {
  return Error::invalid("INVALID_CONFIG", std::string("Environment variable ") + name + " " + why);
}

}  // namespace

std::optional<std::string> lookup(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

std::string get_string(const char* name, const std::string& fallback) {
  return lookup(name).value_or(fallback);
}

std::int64_t get_int(const char* name, std::int64_t fallback, std::int64_t min, std::int64_t max) {
  const auto raw = lookup(name);
  if (!raw) return fallback;
  Poco::Int64 parsed = 0;
  if (!Poco::NumberParser::tryParse64(Poco::trim(*raw), parsed)) {
    throw invalid_config(name, "must be an integer.");
  }
  if (parsed < min || parsed > max) {
    throw invalid_config(
        name, "must be between " + std::to_string(min) + " and " + std::to_string(max) + ".");
  }
  return parsed;
}

bool get_bool(const char* name, bool fallback) {
  const auto raw = lookup(name);
  if (!raw) return fallback;
  const std::string v = Poco::toLower(Poco::trim(*raw));
  if (v == "1" || v == "true" || v == "yes" || v == "on") return true;
  if (v == "0" || v == "false" || v == "no" || v == "off") return false;
  throw invalid_config(name, "must be a boolean (true/false).");
}

}  // namespace regal::config
