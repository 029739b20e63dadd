#include "regal/cache/redis/redis_identity.hpp"

#include "regal/auth/auth_service.hpp"
#include "regal/cache/redis/redis_client.hpp"
#include "regal/core/error.hpp"

namespace regal::redis {
namespace {

// Keys never hold a raw login or token: a hash keeps them bounded and free of personal data.
std::string throttle_key(const std::string& key) {
  return "regal:login_fail:" + auth::sha256_hex(key).substr(0, 32);
}

Reply checked(const Reply& reply) {
  if (reply.is_error()) throw Error::unavailable("Redis");
  return reply;
}

}  // namespace

void RedisTokenDenylist::deny(const std::string& jti, std::int64_t ttl_s) {
  checked(redis_.command({"SET", "regal:deny:" + jti, "1", "EX", std::to_string(ttl_s)}));
}

bool RedisTokenDenylist::is_denied(const std::string& jti) {
  return !checked(redis_.command({"GET", "regal:deny:" + jti})).is_nil();
}

std::int64_t RedisLoginThrottle::retry_after(const std::string& key) {
  const std::string k = throttle_key(key);
  const Reply count = checked(redis_.command({"GET", k}));
  if (count.is_nil() || std::stoll(count.text) < max_failures_) return 0;
  const Reply ttl = checked(redis_.command({"TTL", k}));
  return ttl.integer > 0 ? ttl.integer : 1;
}

void RedisLoginThrottle::record_failure(const std::string& key) {
  const std::string k = throttle_key(key);
  // SET NX EX starts the window once; INCR counts within it (STACK-NOTES: build SET NX by hand).
  checked(redis_.command({"SET", k, "0", "NX", "EX", std::to_string(window_s_)}));
  checked(redis_.command({"INCR", k}));
}

void RedisLoginThrottle::reset(const std::string& key) {
  checked(redis_.command({"DEL", throttle_key(key)}));
}

}  // namespace regal::redis
