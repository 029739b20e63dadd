#pragma once
// Redis adapters of the identity ports: login throttling and approval tokens. Both fail closed:
// when Redis is down they throw regal::Error kUnavailable rather than let an unthrottled
// attacker or an unchecked approval through.

#include <cstdint>
#include <string>

#include "regal/ports/identity_ports.hpp"

namespace regal::redis {

class RedisClient;

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

// Approval tokens under regal:approval:<sha256>, expiring with the approval (SET NX EX); taken
// with GETDEL (Redis ≥ 6.2), so exactly one of several concurrent callers gets the record.
class RedisApprovalStore final : public ports::ApprovalStore {
 public:
  explicit RedisApprovalStore(RedisClient& redis) : redis_(redis) {}
  void put(const std::string& token_hash, const ports::ApprovalRecord& record, int ttl_s) override;
  std::optional<ports::ApprovalRecord> take(const std::string& token_hash) override;

 private:
  RedisClient& redis_;
};

}  // namespace regal::redis
