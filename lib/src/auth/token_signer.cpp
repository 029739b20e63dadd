#include "regal/auth/token_signer.hpp"

#include <Poco/Crypto/OpenSSLInitializer.h>
#include <Poco/JWT/JWTException.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>

#include <stdexcept>

#include "regal/core/error.hpp"

namespace regal::auth {
namespace {

Error invalid_token() {
  return Error(ErrorKind::kUnauthenticated, "INVALID_TOKEN", "The access token is not valid.");
}

Poco::Timestamp at_seconds(std::int64_t s) {
  return Poco::Timestamp(static_cast<Poco::Timestamp::TimeVal>(s) * 1000000);
}

std::int64_t seconds_of(const Poco::Timestamp& ts) { return ts.epochTime(); }

}  // namespace

TokenSigner::TokenSigner(std::string secret, std::string issuer, std::string audience, int ttl_s,
                         int skew_s)
    : secret_(std::move(secret)),
      issuer_(std::move(issuer)),
      audience_(std::move(audience)),
      ttl_s_(ttl_s),
      skew_s_(skew_s) {
  if (secret_.empty()) throw std::invalid_argument("JWT secret must not be empty");
  // Every Poco::Crypto digest (JWT HMAC) initialises OpenSSL on construction and un-initialises
  // it on destruction; with no lasting reference the count falls to zero between requests and
  // concurrent threads tear OpenSSL's state down under each other (and under libpq, which shares
  // it) — measured as SIGSEGVs under wrk. One reference held for the life of the process stops it.
  static const bool kOpenSslHeld = (Poco::Crypto::OpenSSLInitializer::initialize(), true);
  (void)kOpenSslHeld;
}

std::string TokenSigner::sign(AccessClaims& claims, std::int64_t now_s) const {
  claims.issued_at = now_s;
  claims.expires_at = now_s + ttl_s_;
  Poco::JWT::Token token;
  token.setType("JWT");
  token.setIssuer(issuer_);
  token.setAudience(audience_);
  token.setSubject(claims.subject);
  token.setId(claims.jti);
  token.setIssuedAt(at_seconds(claims.issued_at));
  token.setNotBefore(at_seconds(claims.issued_at));
  token.setExpiration(at_seconds(claims.expires_at));
  token.payload().set("sid", claims.session);
  if (!claims.pos_role.empty()) token.payload().set("pos_role", claims.pos_role);
  if (!claims.desk_role.empty()) token.payload().set("desk_role", claims.desk_role);
  const Poco::JWT::Signer signer(secret_);  // allows HS256 only
  return signer.sign(token, Poco::JWT::Signer::ALGO_HS256);
}

AccessClaims TokenSigner::verify(const std::string& jwt, std::int64_t now_s) const {
  Poco::JWT::Token token;
  try {
    const Poco::JWT::Signer signer(secret_);
    token = signer.verify(jwt);
  } catch (const Poco::Exception&) {
    throw invalid_token();
  }
  if (token.getAlgorithm() != Poco::JWT::Signer::ALGO_HS256 || token.getIssuer() != issuer_) {
    throw invalid_token();
  }
  const auto audience = token.getAudience();
  if (audience.size() != 1 || audience.front() != audience_) throw invalid_token();
  const auto& payload = token.payload();
  if (!payload.has("exp") || !payload.has("iat") || !payload.has("sub") || !payload.has("jti")) {
    throw invalid_token();
  }
  AccessClaims c;
  try {
    c.subject = token.getSubject();
    c.jti = token.getId();
    c.session = payload.optValue<std::string>("sid", "");
    c.pos_role = payload.optValue<std::string>("pos_role", "");
    c.desk_role = payload.optValue<std::string>("desk_role", "");
    c.issued_at = seconds_of(token.getIssuedAt());
    c.expires_at = seconds_of(token.getExpiration());
    if (payload.has("nbf") && seconds_of(token.getNotBefore()) > now_s + skew_s_) {
      throw invalid_token();
    }
  } catch (const Poco::Exception&) {
    throw invalid_token();
  }
  if (c.issued_at > now_s + skew_s_ || c.subject.empty() || c.jti.empty()) throw invalid_token();
  if (c.expires_at + skew_s_ <= now_s) {
    throw Error(ErrorKind::kUnauthenticated, "TOKEN_EXPIRED", "The access token has expired.");
  }
  return c;
}

}  // namespace regal::auth
