#include "regal/core/text.hpp"

#include <algorithm>
#include <array>

namespace regal {

std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool has_control_chars(std::string_view text, bool allow_layout) {
  return std::any_of(text.begin(), text.end(), [allow_layout](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    if (allow_layout && (c == '\t' || c == '\n' || c == '\r')) return false;
    return c < 0x20 || c == 0x7F;
  });
}

bool is_blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  });
}

namespace {

bool names_identifier(std::string_view before) {
  static constexpr std::array<std::string_view, 9> kKinds = {
      "constraint ", "relation ", "column ", "table ",    "type ",
      "function ",   "index ",    "schema ", "server at "};
  return std::any_of(kKinds.begin(), kKinds.end(), [&](std::string_view kind) {
    return before.size() >= kind.size() && before.substr(before.size() - kind.size()) == kind;
  });
}

}  // namespace

std::string redact_driver_message(std::string_view message) {
  const auto line_end = std::min({message.find('\n'), message.find("DETAIL"), message.size()});
  const std::string_view line = message.substr(0, line_end);
  std::string out;
  for (std::size_t i = 0; i < line.size() && out.size() < 300; ++i) {
    const char c = line[i];
    if (c != '"' && c != '\'') {
      out += c;
      continue;
    }
    const std::size_t end = line.find(c, i + 1);
    if (end == std::string_view::npos) {
      out += "…";
      break;
    }
    if (names_identifier(line.substr(0, i))) {
      out.append(line.substr(i, end - i + 1));
    } else {
      out.append({c}).append("…").append({c});
    }
    i = end;
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\r')) out.pop_back();
  return out;
}

}  // namespace regal
