#include "regal/auth/token_signer.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>

#include <boost/test/unit_test.hpp>
#include <sstream>
#include <vector>

#include "regal/core/error.hpp"

using regal::auth::AccessClaims;
using regal::auth::TokenSigner;

namespace {

constexpr std::int64_t kNow = 1'800'000'000;
const std::string kSecret = "0123456789abcdef0123456789abcdef";

TokenSigner signer() { return TokenSigner(kSecret, "regal", "regal-api", 900, 30); }

std::string sign_sample(std::int64_t now = kNow) {
  AccessClaims c{"user-1", "jti-1", "fam-1", "cashier", "AGENT", 0, 0};
  return signer().sign(c, now);
}

std::string code_of(const std::string& jwt, std::int64_t now = kNow) {
  try {
    signer().verify(jwt, now);
  } catch (const regal::Error& e) {
    return e.code();
  }
  return "OK";
}

std::string b64url(const std::string& text) {
  std::ostringstream out;
  Poco::Base64Encoder enc(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  enc.rdbuf()->setLineLength(0);
  enc << text;
  enc.close();
  return out.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(token_signer)

BOOST_AUTO_TEST_CASE(signed_token_verifies_with_all_claims) {
  const auto c = signer().verify(sign_sample(), kNow + 10);
  BOOST_TEST(c.subject == "user-1");
  BOOST_TEST(c.jti == "jti-1");
  BOOST_TEST(c.session == "fam-1");
  BOOST_TEST(c.pos_role == "cashier");
  BOOST_TEST(c.desk_role == "AGENT");
  BOOST_TEST(c.expires_at == kNow + 900);
}

BOOST_AUTO_TEST_CASE(expired_token_is_refused_after_the_skew) {
  const auto jwt = sign_sample();
  BOOST_TEST(code_of(jwt, kNow + 900 + 29) == "OK");
  BOOST_TEST(code_of(jwt, kNow + 900 + 31) == "TOKEN_EXPIRED");
}

BOOST_AUTO_TEST_CASE(token_from_the_future_is_refused) {
  BOOST_TEST(code_of(sign_sample(kNow + 120), kNow) == "INVALID_TOKEN");
}

BOOST_AUTO_TEST_CASE(tampered_payload_or_signature_is_refused) {
  auto jwt = sign_sample();
  const auto dot1 = jwt.find('.');
  const auto dot2 = jwt.find('.', dot1 + 1);
  std::string tampered = jwt;
  tampered[dot1 + 5] = tampered[dot1 + 5] == 'A' ? 'B' : 'A';
  BOOST_TEST(code_of(tampered) == "INVALID_TOKEN");
  std::string bad_sig = jwt;
  bad_sig[dot2 + 3] = bad_sig[dot2 + 3] == 'A' ? 'B' : 'A';
  BOOST_TEST(code_of(bad_sig) == "INVALID_TOKEN");
  BOOST_TEST(code_of("not.a.jwt") == "INVALID_TOKEN");
  BOOST_TEST(code_of("") == "INVALID_TOKEN");
}

BOOST_AUTO_TEST_CASE(alg_none_is_refused) {
  const auto jwt = sign_sample();
  const auto dot1 = jwt.find('.');
  const auto dot2 = jwt.find('.', dot1 + 1);
  const std::string payload = jwt.substr(dot1 + 1, dot2 - dot1 - 1);
  const std::string none = b64url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + ".";
  BOOST_TEST(code_of(none) == "INVALID_TOKEN");
}

BOOST_AUTO_TEST_CASE(other_algorithms_with_the_same_secret_are_refused) {
  Poco::JWT::Token token;
  token.setIssuer("regal");
  token.setAudience("regal-api");
  token.setSubject("user-1");
  token.setId("j");
  token.setIssuedAt(Poco::Timestamp(kNow * 1000000));
  token.setExpiration(Poco::Timestamp((kNow + 60) * 1000000));
  Poco::JWT::Signer other(kSecret);
  other.addAlgorithm(Poco::JWT::Signer::ALGO_HS384);
  BOOST_TEST(code_of(other.sign(token, Poco::JWT::Signer::ALGO_HS384)) == "INVALID_TOKEN");
  // Same algorithm, same claims, but signed with another secret.
  Poco::JWT::Signer stranger("another-secret-another-secret-123");
  BOOST_TEST(code_of(stranger.sign(token, Poco::JWT::Signer::ALGO_HS256)) == "INVALID_TOKEN");
  // Our secret and algorithm, but another audience.
  token.setAudience("someone-else");
  BOOST_TEST(code_of(Poco::JWT::Signer(kSecret).sign(token, "HS256")) == "INVALID_TOKEN");
}

// One signer verifying the same string again answers from its memory of verified tokens:
// the times must still be checked on every call, and nothing else may slip through with it.
std::string code_with(const TokenSigner& s, const std::string& jwt, std::int64_t now) {
  try {
    s.verify(jwt, now);
  } catch (const regal::Error& e) {
    return e.code();
  }
  return "OK";
}

BOOST_AUTO_TEST_CASE(a_remembered_token_still_expires) {
  const TokenSigner s = signer();
  const auto jwt = sign_sample();
  BOOST_TEST(code_with(s, jwt, kNow) == "OK");
  BOOST_TEST(code_with(s, jwt, kNow + 900 + 29) == "OK");
  BOOST_TEST(code_with(s, jwt, kNow + 900 + 31) == "TOKEN_EXPIRED");
  // A copy of the signer shares the memory and the same rules.
  const TokenSigner copy = s;
  BOOST_TEST(code_with(copy, jwt, kNow + 900 + 31) == "TOKEN_EXPIRED");
}

BOOST_AUTO_TEST_CASE(a_remembered_future_token_becomes_valid_only_at_its_time) {
  const TokenSigner s = signer();
  const auto jwt = sign_sample(kNow + 120);
  BOOST_TEST(code_with(s, jwt, kNow) == "INVALID_TOKEN");
  BOOST_TEST(code_with(s, jwt, kNow) == "INVALID_TOKEN");
  BOOST_TEST(code_with(s, jwt, kNow + 120) == "OK");
}

BOOST_AUTO_TEST_CASE(a_tampered_copy_of_a_remembered_token_is_refused) {
  const TokenSigner s = signer();
  const auto jwt = sign_sample();
  BOOST_TEST(code_with(s, jwt, kNow) == "OK");
  const auto dot2 = jwt.find('.', jwt.find('.') + 1);
  std::string bad_sig = jwt;
  bad_sig[dot2 + 3] = bad_sig[dot2 + 3] == 'A' ? 'B' : 'A';
  BOOST_TEST(code_with(s, bad_sig, kNow) == "INVALID_TOKEN");
  BOOST_TEST(code_with(s, bad_sig, kNow) == "INVALID_TOKEN");
  BOOST_TEST(code_with(s, jwt + "x", kNow) == "INVALID_TOKEN");
  BOOST_TEST(code_with(s, jwt, kNow) == "OK");
}

BOOST_AUTO_TEST_CASE(more_tokens_than_the_memory_holds_all_verify_with_their_claims) {
  const TokenSigner s = signer();
  std::vector<std::string> tokens;
  for (std::size_t i = 0; i < TokenSigner::kVerifiedEntries + 10; ++i) {
    AccessClaims c{"user-" + std::to_string(i), "jti-" + std::to_string(i), "fam", "", "", 0, 0};
    tokens.push_back(s.sign(c, kNow));
  }
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    BOOST_TEST_REQUIRE(s.verify(tokens[i], kNow).subject == "user-" + std::to_string(i));
  }
  // The first ones were forgotten when the memory filled up; they verify again all the same.
  BOOST_TEST(s.verify(tokens[0], kNow).jti == "jti-0");
  BOOST_TEST(s.verify(tokens.back(), kNow).jti ==
             "jti-" + std::to_string(TokenSigner::kVerifiedEntries + 9));
}

BOOST_AUTO_TEST_SUITE_END()
