#pragma once
// CachedSessionStore — a Redis read-through cache in front of the PostgreSQL SessionStore
// (a decorator: it implements the same port and owns no truth).
//
// What Redis answers without PostgreSQL:
// - state(): the per-request "is the user active, the session live, which roles" check, from a
//   cached entry per session, valid only under the user's current generation (see below).
// - rotate() of a refresh token whose family is known revoked: kRevoked, as PostgreSQL would
//   answer (its first check; revocation is for good). Every other rotation — and so every
//   accepted refresh and every reuse detection — goes through PostgreSQL's row lock, so two
//   concurrent refreshes of one token still end in exactly one winner and one kReused.
//
// Invalidation (always after the PostgreSQL change committed, before the call returns):
// - revoke_family and a kReused/kRevoked rotation set a "revoked" marker for the family; no
//   state entry is ever written for a family holding one.
// - revoke_user (password change or reset, deactivation) and user_changed (roles, active
//   flag: called by SessionCacheUserRepository on every user update) give the user a new random
//   generation, which orphans every cached state of it. A reader reads the generation before
//   it reads PostgreSQL and stores its result only if the generation is unchanged, so a state
//   read before a change can never be stored where readers after the change look.
//
// Failure: Redis errors never fail a call and never let anything through: reads fall back to
// PostgreSQL, cache writes are skipped. If an invalidation cannot reach Redis, the process
// stops trusting the cache for `ttl_s` and logs session_cache_invalidation_failed; other
// processes may serve the stale state until it expires — `ttl_s` bounds that window.

#include <atomic>
#include <cstdint>
#include <exception>
#include <string>

#include "regal/ports/identity_ports.hpp"

namespace regal {
class Logger;
}

namespace regal::redis {

class RedisClient;

struct SessionCacheOptions {
  int ttl_s = 60;             // a cached session state lives this long (and bounds staleness)
  int revoked_ttl_s = 86400;  // revoked-family markers and refresh-token records; ≥ ttl_s
  const Logger* logger = nullptr;
};

struct SessionCacheStats {
  std::uint64_t hits = 0;    // answered from Redis
  std::uint64_t misses = 0;  // asked PostgreSQL
  std::uint64_t errors = 0;  // Redis failed (the call was answered by PostgreSQL)
};

class CachedSessionStore final : public ports::SessionStore {
 public:
  CachedSessionStore(ports::SessionStore& inner, RedisClient& redis, SessionCacheOptions options);

  void create(const ports::RefreshRecord& record, const auth::AuditEntry& audit) override;
  ports::SessionState state(const std::string& user_id, const std::string& session_id) override;
  ports::RotateResult rotate(const std::string& presented_hash, ports::RefreshRecord successor,
                             std::int64_t now_ms) override;
  void revoke_family(const std::string& family_id, std::int64_t now_ms) override;
  void revoke_user(const std::string& user_id, const std::string& keep_family,
                   std::int64_t now_ms) override;

  // The user's roles or active flag changed (committed): forget every cached state of it.
  void user_changed(const std::string& user_id);

  SessionCacheStats stats() const;

 private:
  bool trusted() const;
  void distrust(const char* step);
  void new_generation(const std::string& user_id);
  void mark_revoked(const std::string& family_id);
  void remember_token(const std::string& token_hash, const std::string& family_id,
                      const std::string& user_id);
  void count_error(const char* step, const std::exception& e);

  ports::SessionStore& inner_;
  RedisClient& redis_;
  SessionCacheOptions options_;
  std::atomic<std::int64_t> distrust_until_ns_{0};
  std::atomic<std::uint64_t> hits_{0};
  std::atomic<std::uint64_t> misses_{0};
  std::atomic<std::uint64_t> errors_{0};
};

// Decorates the UserRepository so that every committed update tells the session cache (a role
// change or a deactivation applies to live sessions at once).
class SessionCacheUserRepository final : public ports::UserRepository {
 public:
  SessionCacheUserRepository(ports::UserRepository& inner, CachedSessionStore& cache)
      : inner_(inner), cache_(cache) {}

  std::optional<auth::User> find_by_id(const std::string& id) override {
    return inner_.find_by_id(id);
  }
  std::optional<auth::User> find_by_login(std::string_view login) override {
    return inner_.find_by_login(login);
  }
  void insert(const auth::User& user, const auth::AuditEntry& audit) override {
    inner_.insert(user, audit);
  }
  bool update(const auth::User& user, int expected_version,
              const auth::AuditEntry& audit) override {
    bool updated = false;
    try {
      updated = inner_.update(user, expected_version, audit);
    } catch (...) {
      cache_.user_changed(user.id);  // the outcome may be unknown (lost COMMIT): forget anyway
      throw;
    }
    if (updated) cache_.user_changed(user.id);
    return updated;
  }
  std::vector<auth::User> list(const auth::UserQuery& query) override { return inner_.list(query); }

 private:
  ports::UserRepository& inner_;
  CachedSessionStore& cache_;
};

}  // namespace regal::redis
