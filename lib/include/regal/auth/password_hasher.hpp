#pragma once
// Password hashing with bcrypt ($2b$) through libxcrypt.
//
// Promises:
// - hash() makes a fresh "$2b$<cost>$…" hash with a salt from the OS CSPRNG.
// - verify() accepts existing $2a$/$2b$/$2y$ hashes unchanged and returns false — never falls
//   back to DES — for anything else (libxcrypt silently does DES otherwise, STACK-NOTES).
// - verify_dummy() costs what a real verify costs, so an unknown account answers as slowly as
//   a wrong password and accounts cannot be enumerated by timing.
// - bcrypt reads at most 72 bytes: a longer password is first reduced to base64(SHA-256), so no
//   byte is ignored. Passwords of up to 72 bytes are hashed as they are (interchangeable with
//   other bcrypt systems; a hash made elsewhere from a longer, truncated password will not verify).
// - A password holding NUL is never hashed (std::invalid_argument) and never verifies.

#include <string>
#include <string_view>

namespace regal::auth {

inline constexpr std::size_t kBcryptMaxBytes = 72;

class PasswordHasher {
 public:
  // cost: bcrypt log2 rounds, 4–31 (throws std::invalid_argument otherwise).
  explicit PasswordHasher(int cost);

  std::string hash(std::string_view password) const;
  bool verify(std::string_view password, const std::string& stored_hash) const;
  void verify_dummy(std::string_view password) const;

  int cost() const { return cost_; }

 private:
  int cost_;
  std::string dummy_hash_;
};

}  // namespace regal::auth
