#pragma once
// Access tokens: JWT HS256 through Poco::JWT with the algorithm pinned.
//
// Promises of verify():
// - only HS256 signed with our secret passes ("alg":"none", HS384, RS256 … are refused);
// - exp, nbf and iat are checked against `now` with at most `skew_s` seconds of tolerance
//   (Poco::JWT checks none of them, STACK-NOTES), and iss and aud must be ours;
// - every failure throws regal::Error kUnauthenticated with code INVALID_TOKEN or
//   TOKEN_EXPIRED and a message that says nothing about the token's content.
// A token whose signature, issuer and audience checked out is remembered (exactly that string,
// up to kVerifiedEntries of them, shared by copies of the signer), so a client's next requests
// skip the HMAC and JSON parsing; the times are checked again on every call. Thread-safe.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace regal::auth {

struct AccessClaims {
  std::string subject;          // user id
  std::string jti;              // unique token id
  std::string session;          // refresh-token family id, "sid"
  std::string pos_role;         // "" when none
  std::string desk_role;        // "" when none
  std::int64_t issued_at = 0;   // seconds since epoch
  std::int64_t expires_at = 0;  // seconds since epoch
};

class TokenSigner {
 public:
  // Throws std::invalid_argument when the secret is empty.
  TokenSigner(std::string secret, std::string issuer, std::string audience, int ttl_s = 900,
              int skew_s = 30);

  // Signs `claims` with iat = now and exp = now + ttl (both written back into `claims`).
  std::string sign(AccessClaims& claims, std::int64_t now_s) const;

  AccessClaims verify(const std::string& jwt, std::int64_t now_s) const;

  int ttl_seconds() const { return ttl_s_; }

  // Tokens remembered as verified; at the limit the memory is emptied and refilled.
  static constexpr std::size_t kVerifiedEntries = 4096;

 private:
  struct Verified;
  class VerifiedCache;
  Verified check_signature(const std::string& jwt) const;
  void check_times(const Verified& v, std::int64_t now_s) const;

  std::string secret_;
  std::string issuer_;
  std::string audience_;
  int ttl_s_;
  int skew_s_;
  std::shared_ptr<VerifiedCache> verified_;
};

}  // namespace regal::auth
