#include "regal/auth/password_hasher.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/SHA2Engine.h>
#include <crypt.h>

#include <memory>
#include <sstream>
#include <stdexcept>

namespace regal::auth {
namespace {

bool is_bcrypt(const std::string& h) {
  return h.size() == 60 &&
         (h.rfind("$2b$", 0) == 0 || h.rfind("$2a$", 0) == 0 || h.rfind("$2y$", 0) == 0);
}

// bcrypt reads at most 72 bytes of the password. Longer passwords (the policy allows 128
// characters, up to 512 bytes) are replaced by base64(SHA-256(password)), 44 bytes, so every byte
// counts; passwords of up to 72 bytes go in unchanged, which keeps hashes interchangeable with
// other bcrypt systems.
std::string bcrypt_input(std::string_view password) {
  if (password.size() <= kBcryptMaxBytes) return std::string(password);
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(password.data(), static_cast<unsigned>(password.size()));
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  const auto& digest = sha.digest();
  encoder.write(reinterpret_cast<const char*>(digest.data()),
                static_cast<std::streamsize>(digest.size()));
  encoder.close();
  return out.str();
}

// crypt_r with a heap crypt_data (it is ~32 KiB); "" on failure. The password must hold no NUL
// (crypt_r would stop there): callers refuse such input first.
std::string crypt_bcrypt(std::string_view password, const std::string& setting) {
  const auto data = std::make_unique<crypt_data>();
  const std::string phrase = bcrypt_input(password);
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

// A fresh "$2b$<cost>$<22 salt characters>" setting from the OS CSPRNG (cheap: no hashing).
std::string bcrypt_setting(int cost) {
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  if (crypt_gensalt_rn("$2b$", static_cast<unsigned long>(cost), nullptr, 0, setting,
                       sizeof setting) == nullptr) {
    throw std::runtime_error("crypt_gensalt_rn failed");
  }
  return setting;
}

}  // namespace

// The dummy "hash" is a real setting (cost and salt) followed by 31 checksum characters no
// password produces on purpose: verifying against it runs the full bcrypt key schedule at the
// configured cost — what a wrong password costs — but making it costs nothing, so the responder
// does not spend a whole bcrypt (≈ 250 ms at cost 12) before it can listen.
PasswordHasher::PasswordHasher(int cost) : cost_(cost) {
  if (cost < 4 || cost > 31) throw std::invalid_argument("bcrypt cost must be 4..31");
  dummy_hash_ = bcrypt_setting(cost) + std::string(31, '.');
}

std::string PasswordHasher::hash(std::string_view password) const {
  if (password.find('\0') != std::string_view::npos) {
    throw std::invalid_argument("a password must not contain NUL");
  }
  std::string out = crypt_bcrypt(password, bcrypt_setting(cost_));
  if (!is_bcrypt(out)) throw std::runtime_error("bcrypt hashing failed");
  return out;
}

bool PasswordHasher::verify(std::string_view password, const std::string& stored_hash) const {
  if (!is_bcrypt(stored_hash)) return false;
  if (password.find('\0') != std::string_view::npos) {
    verify_dummy("");  // no password with NUL can be set; spend the same time and refuse
    return false;
  }
  return constant_time_equal(crypt_bcrypt(password, stored_hash), stored_hash);
}

void PasswordHasher::verify_dummy(std::string_view password) const {
  (void)verify(password, dummy_hash_);
}

}  // namespace regal::auth
