#pragma once
// Redis adapters of the identity ports: the access-token denylist and login throttling.
// Both fail closed: when Redis is down they throw regal::Error kUnavailable rather than let a
// revoked token or an unthrottled attacker through.

#include <cstdint>
#include <string>

#include "regal/ports/identity_ports.hpp"

namespace regal::redis {

class RedisClient;

class RedisTokenDenylist final : public ports::TokenDenylist {
 public:
  explicit RedisTokenDenylist(RedisClient& redis) : redis_(redis) {}
  void deny(const std::string& jti, std::int64_t ttl_s) override;
  bool is_denied(const std::string& jti) override;

 private:
  RedisClient& redis_;
};

// Fixed-window counting: the first failure starts a window of `window_s`; `max_failures`
// failures inside it block the key until the window ends.
class RedisLoginThrottle final : public ports::LoginThrottle {
 public:
  RedisLoginThrottle(RedisClient& redis, int max_failures, int window_s)
      : redis_(redis), max_failures_(max_failures), window_s_(window_s) {}
  std::int64_t retry_after(const std::string& key) override;
  void record_failure(const std::string& key) override;
  void reset(const std::string& key) override;

 private:
  RedisClient& redis_;
  int max_failures_;
  int window_s_;
};

}  // namespace regal::redis
