#pragma once
// Access tokens: JWT HS256 through Poco::JWT with the algorithm pinned.
//
// Promises of verify():
// - only HS256 signed with our secret passes ("alg":"none", HS384, RS256 … are refused);
// - exp, nbf and iat are checked against `now` with at most `skew_s` seconds of tolerance
//   (Poco::JWT checks none of them, STACK-NOTES), and iss and aud must be ours;
// - every failure throws regal::Error kUnauthenticated with code INVALID_TOKEN or
//   TOKEN_EXPIRED and a message that says nothing about the token's content.

#include <cstdint>
#include <string>

namespace regal::auth {

struct AccessClaims {
  std::string subject;          // user id
  std::string jti;              // unique token id (denylisted on logout)
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

 private:
  std::string secret_;
  std::string issuer_;
  std::string audience_;
  int ttl_s_;
  int skew_s_;
};

}  // namespace regal::auth
