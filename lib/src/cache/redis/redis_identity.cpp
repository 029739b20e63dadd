#include "regal/cache/redis/redis_identity.hpp"

#include <algorithm>
#include <optional>
#include <sstream>
#include <vector>

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

// Approval records as "v1|id|approver|action|requester|expires_at_ms": ids are UUIDs and the
// action one of a fixed list, so none holds the separator.
constexpr char kApprovalPrefix[] = "regal:approval:";

std::string encode(const ports::ApprovalRecord& r) {
  return "v1|" + r.id + "|" + r.approver_id + "|" + r.action + "|" + r.requester_id + "|" +
         std::to_string(r.expires_at_ms);
}

std::optional<ports::ApprovalRecord> decode(const std::string& text) {
  std::vector<std::string> parts;
  std::istringstream in(text);
  for (std::string part; std::getline(in, part, '|');) parts.push_back(part);
  if (parts.size() != 6 || parts[0] != "v1") return std::nullopt;
  ports::ApprovalRecord r{parts[1], parts[2], parts[3], parts[4], 0};
  try {
    std::size_t used = 0;
    r.expires_at_ms = std::stoll(parts[5], &used);
    if (used != parts[5].size()) return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return r;
}

}  // namespace

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

void RedisApprovalStore::put(const std::string& token_hash, const ports::ApprovalRecord& record,
                             int ttl_s) {
  const Reply r = checked(redis_.command({"SET", kApprovalPrefix + token_hash, encode(record), "NX",
                                          "EX", std::to_string(std::max(ttl_s, 1))}));
  // NX: a 256-bit token never collides; if it ever did, refuse rather than overwrite.
  if (r.is_nil()) throw Error::internal();
}

std::optional<ports::ApprovalRecord> RedisApprovalStore::take(const std::string& token_hash) {
  const Reply r = checked(redis_.command({"GETDEL", kApprovalPrefix + token_hash}));
  if (r.is_nil()) return std::nullopt;
  return decode(r.text);
}

}  // namespace regal::redis
