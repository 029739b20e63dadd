#include "regal/cache/redis/cached_session_store.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/SHA1Engine.h>

#include <algorithm>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "regal/cache/redis/redis_client.hpp"
#include "regal/core/clock.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/core/log.hpp"

namespace regal::redis {
namespace {

// Keys. Session and family ids are the same UUID (a session is a refresh-token family).
std::string generation_key(const std::string& user_id) { return "regal:sc:gen:" + user_id; }
std::string revoked_key(const std::string& family_id) { return "regal:sc:rev:" + family_id; }
std::string state_key(const std::string& session_id) { return "regal:sc:st:" + session_id; }
std::string token_key(const std::string& token_hash) { return "regal:sc:rt:" + token_hash; }

// A Lua script run with EVALSHA (falling back to EVAL once Redis has forgotten it), so each
// step is one round trip and atomic.
struct Script {
  explicit Script(std::string source) : text(std::move(source)) {
    Poco::SHA1Engine sha1;
    sha1.update(text);
    sha = Poco::DigestEngine::digestToHex(sha1.digest());
  }
  std::string text;
  std::string sha;
};

// KEYS: generation, revoked marker, state entry. ARGV: a fresh generation (used when the user
// has none), generation TTL. → {"revoked"} | {"hit", value} | {"miss", generation}.
const Script kReadState(R"lua(
if redis.call('EXISTS', KEYS[2]) == 1 then return {'revoked'} end
local g = redis.call('GET', KEYS[1])
if not g then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  return {'miss', ARGV[1]}
end
local v = redis.call('GET', KEYS[3])
if v then
  local sep = string.find(v, '|', 1, true)
  if sep and string.sub(v, 1, sep - 1) == g then return {'hit', string.sub(v, sep + 1)} end
end
return {'miss', g}
)lua");

// KEYS: generation, revoked marker, state entry. ARGV: the generation read before PostgreSQL
// was asked, the state, its TTL, the generation's TTL. Stores nothing when the family was
// revoked or the user changed since.
const Script kStoreState(R"lua(
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[3], ARGV[1] .. '|' .. ARGV[2], 'EX', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1
)lua");

// KEYS: revoked marker, state entry. ARGV: marker TTL.
const Script kRevoke(R"lua(
redis.call('SET', KEYS[1], '1', 'EX', ARGV[1])
redis.call('DEL', KEYS[2])
return 1
)lua");

Reply eval(RedisClient& redis, const Script& script, const std::vector<std::string>& keys,
           const std::vector<std::string>& args) {
  std::vector<std::string> command{"EVALSHA", script.sha, std::to_string(keys.size())};
  command.insert(command.end(), keys.begin(), keys.end());
  command.insert(command.end(), args.begin(), args.end());
  Reply reply = redis.command(command);
  if (reply.is_error() && reply.text.find("NOSCRIPT") != std::string::npos) {
    command[0] = "EVAL";
    command[1] = script.text;
    reply = redis.command(command);
  }
  if (reply.is_error()) throw Error::unavailable("Redis");
  return reply;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::istringstream in(text);
  for (std::string part; std::getline(in, part, separator);) parts.push_back(part);
  if (!text.empty() && text.back() == separator) parts.emplace_back();
  return parts;
}

// A cached state: "user_id|active|pos_role|desk_role" (pos_role "" = none).
std::string encode_state(const std::string& user_id, const ports::SessionState& s) {
  return user_id + "|" + (s.user_active ? "1" : "0") + "|" +
         (s.pos_role ? std::string(auth::to_string(*s.pos_role)) : "") + "|" +
         std::string(auth::to_string(s.desk_role));
}

std::optional<ports::SessionState> decode_state(const std::string& text,
                                                const std::string& user_id) {
  const auto parts = split(text, '|');
  if (parts.size() != 4 || parts[0] != user_id || (parts[1] != "0" && parts[1] != "1")) {
    return std::nullopt;
  }
  const auto desk = auth::parse_desk_role(parts[3]);
  const auto pos = auth::parse_pos_role(parts[2]);
  if (!desk || (!parts[2].empty() && !pos)) return std::nullopt;
  ports::SessionState state;
  state.user_active = parts[1] == "1";
  state.session_live = true;  // only live sessions are cached
  state.pos_role = pos;
  state.desk_role = *desk;
  return state;
}

}  // namespace

CachedSessionStore::CachedSessionStore(ports::SessionStore& inner, RedisClient& redis,
                                       SessionCacheOptions options)
    : inner_(inner), redis_(redis), options_(options) {
  if (options_.ttl_s < 1) throw std::invalid_argument("session cache ttl must be ≥ 1 s");
  // A revoked marker must outlive every state entry it hides (written before it, ≤ ttl_s).
  options_.revoked_ttl_s = std::max(options_.revoked_ttl_s, options_.ttl_s * 2);
}

void CachedSessionStore::count_error(const char* step, const std::exception& e) {
  ++errors_;
  if (options_.logger != nullptr) {
    options_.logger->warn("session_cache_error", {{"step", step}, {"detail", e.what()}});
  }
}

bool CachedSessionStore::trusted() const { return monotonic_ns() >= distrust_until_ns_.load(); }

void CachedSessionStore::distrust(const char* step) {
  ++errors_;
  distrust_until_ns_.store(monotonic_ns() + std::int64_t{options_.ttl_s} * 1'000'000'000);
  if (options_.logger != nullptr) {
    options_.logger->error("session_cache_invalidation_failed",
                           {{"step", step}, {"stale_for_at_most_s", options_.ttl_s}});
  }
}

void CachedSessionStore::create(const ports::RefreshRecord& record, const auth::AuditEntry& audit) {
  inner_.create(record, audit);
  remember_token(record.token_hash, record.family_id, record.user_id);
}

ports::SessionState CachedSessionStore::state(const std::string& user_id,
                                              const std::string& session_id) {
  std::optional<std::string> generation;
  if (trusted()) {
    try {
      const std::string fresh = random_hex(8);
      const Reply r =
          eval(redis_, kReadState,
               {generation_key(user_id), revoked_key(session_id), state_key(session_id)},
               {fresh, std::to_string(options_.ttl_s * 2)});
      if (r.type == Reply::Type::kArray && !r.elements.empty()) {
        const std::string& kind = r.elements[0].text;
        if (kind == "revoked") {
          ++hits_;
          ports::SessionState revoked;
          revoked.session_revoked = true;
          return revoked;
        }
        if (kind == "hit" && r.elements.size() == 2) {
          if (auto cached = decode_state(r.elements[1].text, user_id)) {
            ++hits_;
            return *cached;
          }
        }
        if (kind == "miss" && r.elements.size() == 2) generation = r.elements[1].text;
      }
    } catch (const std::exception& e) {
      count_error("state_read", e);
    }
  }
  ++misses_;
  const ports::SessionState state = inner_.state(user_id, session_id);
  if (!generation || !trusted()) return state;
  try {
    if (state.session_revoked) {
      mark_revoked(session_id);
    } else if (state.session_live) {
      eval(redis_, kStoreState,
           {generation_key(user_id), revoked_key(session_id), state_key(session_id)},
           {*generation, encode_state(user_id, state), std::to_string(options_.ttl_s),
            std::to_string(options_.ttl_s * 2)});
    }
  } catch (const std::exception& e) {
    count_error("state_store", e);
  }
  return state;
}

ports::RotateResult CachedSessionStore::rotate(const std::string& presented_hash,
                                               ports::RefreshRecord successor,
                                               std::int64_t now_ms) {
  if (trusted()) {
    try {
      const Reply record = redis_.command({"GET", token_key(presented_hash)});
      const auto parts = record.type == Reply::Type::kString ? split(record.text, '|')
                                                             : std::vector<std::string>{};
      if (parts.size() == 2) {
        const Reply revoked = redis_.command({"EXISTS", revoked_key(parts[0])});
        if (revoked.type == Reply::Type::kInteger && revoked.integer == 1) {
          ++hits_;
          return {ports::RotateOutcome::kRevoked, parts[1], parts[0]};
        }
      }
    } catch (const std::exception& e) {
      count_error("token_read", e);
    }
  }
  ++misses_;
  const std::string successor_hash = successor.token_hash;
  const ports::RotateResult result = inner_.rotate(presented_hash, std::move(successor), now_ms);
  if (result.outcome == ports::RotateOutcome::kRotated) {
    remember_token(successor_hash, result.family_id, result.user_id);
  } else if (result.outcome == ports::RotateOutcome::kReused ||
             result.outcome == ports::RotateOutcome::kRevoked) {
    try {
      mark_revoked(result.family_id);
    } catch (const std::exception&) {
      distrust("rotate");
    }
  }
  return result;
}

void CachedSessionStore::revoke_family(const std::string& family_id, std::int64_t now_ms) {
  inner_.revoke_family(family_id, now_ms);
  try {
    mark_revoked(family_id);
  } catch (const std::exception&) {
    distrust("revoke_family");
  }
}

void CachedSessionStore::revoke_user(const std::string& user_id, const std::string& keep_family,
                                     std::int64_t now_ms) {
  inner_.revoke_user(user_id, keep_family, now_ms);
  user_changed(user_id);
}

void CachedSessionStore::user_changed(const std::string& user_id) {
  try {
    new_generation(user_id);
  } catch (const std::exception&) {
    distrust("user_changed");
  }
}

void CachedSessionStore::new_generation(const std::string& user_id) {
  const Reply r = redis_.command(
      {"SET", generation_key(user_id), random_hex(8), "EX", std::to_string(options_.ttl_s * 2)});
  if (r.is_error()) throw Error::unavailable("Redis");
}

void CachedSessionStore::mark_revoked(const std::string& family_id) {
  eval(redis_, kRevoke, {revoked_key(family_id), state_key(family_id)},
       {std::to_string(options_.revoked_ttl_s)});
}

void CachedSessionStore::remember_token(const std::string& token_hash, const std::string& family_id,
                                        const std::string& user_id) {
  // Only used to find a presented token's family (to refuse revoked ones early): losing it
  // costs a PostgreSQL round trip, never correctness.
  try {
    const Reply r = redis_.command({"SET", token_key(token_hash), family_id + "|" + user_id, "EX",
                                    std::to_string(options_.revoked_ttl_s)});
    if (r.is_error()) throw Error::unavailable("Redis");
  } catch (const std::exception& e) {
    count_error("token_store", e);
  }
}

SessionCacheStats CachedSessionStore::stats() const {
  return {hits_.load(), misses_.load(), errors_.load()};
}

}  // namespace regal::redis
