#include "regal/auth/password_hasher.hpp"

#include <crypt.h>

#include <memory>
#include <stdexcept>

namespace regal::auth {
namespace {

bool is_bcrypt(const std::string& h) {
  return h.size() == 60 &&
         (h.rfind("$2b$", 0) == 0 || h.rfind("$2a$", 0) == 0 || h.rfind("$2y$", 0) == 0);
}

// crypt_r with a heap crypt_data (it is ~32 KiB); "" on failure.
std::string crypt_bcrypt(std::string_view password, const std::string& setting) {
  const auto data = std::make_unique<crypt_data>();
  const std::string phrase(password);
  const char* out = crypt_r(phrase.c_str(), setting.c_str(), data.get());
  if (out == nullptr || out[0] == '*') return {};
  return out;
}

bool constant_time_equal(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff = static_cast<unsigned char>(diff | (a[i] ^ b[i]));
  }
  return diff == 0;
}

}  // namespace

PasswordHasher::PasswordHasher(int cost) : cost_(cost) {
  if (cost < 4 || cost > 31) throw std::invalid_argument("bcrypt cost must be 4..31");
  dummy_hash_ = hash("regal-dummy-password-for-timing");
}

std::string PasswordHasher::hash(std::string_view password) const {
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  if (crypt_gensalt_rn("$2b$", static_cast<unsigned long>(cost_), nullptr, 0, setting,
                       sizeof setting) == nullptr) {
    throw std::runtime_error("crypt_gensalt_rn failed");
  }
  std::string out = crypt_bcrypt(password, setting);
  if (!is_bcrypt(out)) throw std::runtime_error("bcrypt hashing failed");
  return out;
}

bool PasswordHasher::verify(std::string_view password, const std::string& stored_hash) const {
  if (!is_bcrypt(stored_hash)) return false;
  return constant_time_equal(crypt_bcrypt(password, stored_hash), stored_hash);
}

void PasswordHasher::verify_dummy(std::string_view password) const {
  (void)verify(password, dummy_hash_);
}

}  // namespace regal::auth
