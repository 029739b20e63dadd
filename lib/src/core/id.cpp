#include "regal/core/id.hpp"

#include <sys/random.h>

#include <array>
#include <cerrno>
#include <stdexcept>

#include "regal/core/clock.hpp"

namespace regal {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void fill_random(unsigned char* out, std::size_t n) {
  std::size_t done = 0;
  while (done < n) {
    const ssize_t got = ::getrandom(out + done, n - done, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("getrandom failed");
    }
    done += static_cast<std::size_t>(got);
  }
}

std::string to_hex(const unsigned char* bytes, std::size_t n) {
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0x0f]);
  }
  return out;
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

std::string new_uuid_v7(std::int64_t epoch_ms) {
  std::array<unsigned char, 16> b{};
  fill_random(b.data(), b.size());
  const auto ms = static_cast<std::uint64_t>(epoch_ms);
  for (int i = 0; i < 6; ++i) {
    b[static_cast<std::size_t>(i)] = static_cast<unsigned char>(ms >> (8 * (5 - i)));
  }
  b[6] = static_cast<unsigned char>(0x70 | (b[6] & 0x0f));  // version 7
  b[8] = static_cast<unsigned char>(0x80 | (b[8] & 0x3f));  // variant 10
  const std::string hex = to_hex(b.data(), b.size());
  return hex.substr(0, 8) + '-' + hex.substr(8, 4) + '-' + hex.substr(12, 4) + '-' +
         hex.substr(16, 4) + '-' + hex.substr(20, 12);
}

std::string new_uuid_v7() { return new_uuid_v7(SystemClock().now_ms()); }

bool is_uuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !is_hex(text[i])) return false;
  }
  return true;
}

std::string random_hex(std::size_t n) {
  std::string bytes(n, '\0');
  fill_random(reinterpret_cast<unsigned char*>(bytes.data()), n);
  return to_hex(reinterpret_cast<const unsigned char*>(bytes.data()), n);
}

}  // namespace regal
