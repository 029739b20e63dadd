#pragma once
// Reading configuration from environment variables (the only configuration source, DESIGN §4).
// Every getter takes the documented safe default; a value that is present but malformed is an
// error (regal::Error INVALID_CONFIG naming the variable), never silently replaced.

#include <cstdint>
#include <optional>
#include <string>

namespace regal::config {

// The variable's value, or nullopt when unset or empty.
std::optional<std::string> lookup(const char* name);

std::string get_string(const char* name, const std::string& fallback);

// Parses a decimal integer in [min, max]; throws regal::Error INVALID_CONFIG otherwise.
std::int64_t get_int(const char* name, std::int64_t fallback, std::int64_t min, std::int64_t max);

// Accepts 1/0, true/false, yes/no, on/off (case-insensitive).
bool get_bool(const char* name, bool fallback);

}  // namespace regal::config
