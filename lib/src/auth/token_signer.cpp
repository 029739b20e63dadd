#include "regal/auth/token_signer.hpp"

#include <Poco/Crypto/OpenSSLInitializer.h>
#include <Poco/JWT/JWTException.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>

#include <mutex>
#include <optional>
#include <stdexcept>
#include <unordered_map>

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

// Longer strings are not remembered (ours are ≈ 400 bytes): the memory stays bounded in bytes.
constexpr std::size_t kLongestRemembered = 2048;

}  // namespace

// What the signature vouches for: the claims and the not-before time, checked per call.
struct TokenSigner::Verified {
  AccessClaims claims;
  std::optional<std::int64_t> not_before;
};

class TokenSigner::VerifiedCache {
 public:
  std::optional<Verified> find(const std::string& jwt) {
    const std::lock_guard lock(mutex_);
    const auto it = entries_.find(jwt);
    if (it == entries_.end()) return std::nullopt;
    return it->second;
  }

  void remember(const std::string& jwt, const Verified& v) {
    if (jwt.size() > kLongestRemembered) return;
    const std::lock_guard lock(mutex_);
    if (entries_.size() >= kVerifiedEntries) entries_.clear();
    entries_.emplace(jwt, v);
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, Verified> entries_;
};

TokenSigner::TokenSigner(std::string secret, std::string issuer, std::string audience, int ttl_s,
                         int skew_s)
    : secret_(std::move(secret)),
      issuer_(std::move(issuer)),
      audience_(std::move(audience)),
      ttl_s_(ttl_s),
      skew_s_(skew_s),
      verified_(std::make_shared<VerifiedCache>()) {
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
  std::optional<Verified> v = verified_->find(jwt);
  if (!v) {
    v = check_signature(jwt);
    verified_->remember(jwt, *v);
  }
  check_times(*v, now_s);
  return std::move(v->claims);
}

TokenSigner::Verified TokenSigner::check_signature(const std::string& jwt) const {
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
  Verified v;
  AccessClaims& c = v.claims;
  try {
    c.subject = token.getSubject();
    c.jti = token.getId();
    c.session = payload.optValue<std::string>("sid", "");
    c.pos_role = payload.optValue<std::string>("pos_role", "");
    c.desk_role = payload.optValue<std::string>("desk_role", "");
    c.issued_at = seconds_of(token.getIssuedAt());
    c.expires_at = seconds_of(token.getExpiration());
    if (payload.has("nbf")) v.not_before = seconds_of(token.getNotBefore());
  } catch (const Poco::Exception&) {
    throw invalid_token();
  }
  if (c.subject.empty() || c.jti.empty()) throw invalid_token();
  return v;
}

void TokenSigner::check_times(const Verified& v, std::int64_t now_s) const {
  if (v.not_before && *v.not_before > now_s + skew_s_) throw invalid_token();
  if (v.claims.issued_at > now_s + skew_s_) throw invalid_token();
  if (v.claims.expires_at + skew_s_ <= now_s) {
    throw Error(ErrorKind::kUnauthenticated, "TOKEN_EXPIRED", "The access token has expired.");
  }
}

}  // namespace regal::auth
