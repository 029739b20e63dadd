#pragma once
// Small text rules shared by every layer: counting characters, refusing control characters, and
// cutting data out of driver messages before they reach a log.

#include <cstddef>
#include <string>
#include <string_view>

namespace regal {

// Unicode code points in UTF-8 text (continuation bytes are not counted).
std::size_t code_points(std::string_view text);

// True when text holds a C0 control character (U+0000–U+001F) or DEL. With allow_layout, tab,
// line feed and carriage return are allowed (multi-line fields such as descriptions).
bool has_control_chars(std::string_view text, bool allow_layout = false);

// True when text is empty or only ASCII whitespace.
bool is_blank(std::string_view text);

// A driver or server message made safe to log: the first line only (no DETAIL, which carries
// row values), quoted values replaced by "…" (identifiers after "constraint", "relation", "column",
// "table", "type", "function", "index", "schema" and "server at" are kept), at most 300 bytes.
std::string redact_driver_message(std::string_view message);

}  // namespace regal
