#pragma once
// Ports of the identity services. Adapters: PostgreSQL (lib/src/data/pg) for the source of truth,
// Redis (lib/src/cache/redis) for login throttling, approval tokens
// and a read-through cache in front of the SessionStore. Each method is one transaction; an
// AuditEntry passed with a change is written in that same transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "regal/auth/user.hpp"

namespace regal::ports {

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  virtual std::optional<auth::User> find_by_id(const std::string& id) = 0;
  // Email or username, case-insensitive.
  virtual std::optional<auth::User> find_by_login(std::string_view login) = 0;
  // Throws regal::Error 409 DUPLICATE_EMAIL / DUPLICATE_USERNAME.
  virtual void insert(const auth::User& user, const auth::AuditEntry& audit) = 0;
  // Writes `user` if its stored version is still `expected_version` (false otherwise). Refuses
  // (409 LAST_ADMIN) a change that would leave no active POS admin; the check and the write
  // are serialised against concurrent changes of admins.
  virtual bool update(const auth::User& user, int expected_version,
                      const auth::AuditEntry& audit) = 0;
  virtual std::vector<auth::User> list(const auth::UserQuery& query) = 0;
};

struct SessionState {
  bool user_active = false;
  bool session_live = false;     // the session exists, belongs to the user and is not revoked
  bool session_revoked = false;  // it exists, belongs to the user and is revoked (for good)
  // The user's roles now (not as minted into the token), so a demotion takes effect at once.
  std::optional<auth::PosRole> pos_role;
  auth::DeskRole desk_role = auth::DeskRole::kEndUser;
};

struct RefreshRecord {
  std::string token_hash;
  std::string family_id;
  std::string user_id;
  std::int64_t expires_at_ms = 0;
};

enum class RotateOutcome { kRotated, kUnknown, kExpired, kReused, kRevoked };

struct RotateResult {
  RotateOutcome outcome = RotateOutcome::kUnknown;
  std::string user_id;
  std::string family_id;
};

// Implemented by PostgreSQL (the source of truth) and by redis::CachedSessionStore, a decorator
// that answers state() and the refusal of revoked families from Redis.
class SessionStore {
 public:
  virtual ~SessionStore() = default;
  // Opens a session (id = record.family_id) with its first refresh token.
  virtual void create(const RefreshRecord& record, const auth::AuditEntry& audit) = 0;
  // One indexed lookup per authenticated request: is the user active, the session live?
  virtual SessionState state(const std::string& user_id, const std::string& session_id) = 0;
  // Atomically: when `presented_hash` is live, marks it used and stores `successor` (whose
  // family and user are taken from the presented one); when it was already used, revokes its
  // whole family (kReused). Concurrent rotations of one token: exactly one succeeds.
  virtual RotateResult rotate(const std::string& presented_hash, RefreshRecord successor,
                              std::int64_t now_ms) = 0;
  virtual void revoke_family(const std::string& family_id, std::int64_t now_ms) = 0;
  // Revokes every family of the user except `keep_family` ("" = all).
  virtual void revoke_user(const std::string& user_id, const std::string& keep_family,
                           std::int64_t now_ms) = 0;
};

struct Mail {
  std::string id;
  std::string kind;
  std::string recipient;
  std::string subject;
  std::string body;
  int attempts = 0;
};

class PasswordResetStore {
 public:
  virtual ~PasswordResetStore() = default;
  // Stores the token hash and queues `mail` in the outbox, in one transaction.
  virtual void create(const std::string& token_hash, const std::string& user_id,
                      std::int64_t expires_at_ms, const Mail& mail,
                      const auth::AuditEntry& audit) = 0;
  // The user of a live token, without using it up; nullopt when unknown, used or expired.
  virtual std::optional<std::string> peek(const std::string& token_hash, std::int64_t now_ms) = 0;
  // Marks a live token used and returns its user; nullopt when unknown, used or expired.
  virtual std::optional<std::string> consume(const std::string& token_hash,
                                             std::int64_t now_ms) = 0;
};

class Outbox {
 public:
  virtual ~Outbox() = default;
  // Claims up to `limit` due messages (skipping ones another sender holds).
  virtual std::vector<Mail> claim_due(int limit, std::int64_t now_ms) = 0;
  virtual void mark_sent(const std::string& id, std::int64_t now_ms) = 0;
  virtual void mark_failed(const std::string& id, const std::string& error,
                           std::int64_t next_attempt_ms) = 0;
  virtual std::vector<Mail> pending(int limit) = 0;
};

class AuditLog {
 public:
  virtual ~AuditLog() = default;
  virtual void append(const auth::AuditEntry& entry) = 0;
  virtual std::vector<auth::AuditRecord> list(const auth::AuditQuery& query) = 0;
};

// A supervisor's approval, kept until used or expired (Redis, with the approval's lifetime as TTL).
struct ApprovalRecord {
  std::string id;  // names the approval in the audit log (never the token)
  std::string approver_id;
  std::string action;
  std::string requester_id;
  std::int64_t expires_at_ms = 0;
};

class ApprovalStore {
 public:
  virtual ~ApprovalStore() = default;
  // Keeps `record` under the token's hash for ttl_s seconds.
  virtual void put(const std::string& token_hash, const ApprovalRecord& record, int ttl_s) = 0;
  // Removes and returns the record in one atomic step, so a token is used at most once even by
  // concurrent callers; nullopt when unknown, already used or expired.
  virtual std::optional<ApprovalRecord> take(const std::string& token_hash) = 0;
};

// Counts failures in a fixed window per key (account, client IP).
class LoginThrottle {
 public:
  virtual ~LoginThrottle() = default;
  // Seconds until `key` may try again, 0 when it may now.
  virtual std::int64_t retry_after(const std::string& key) = 0;
  virtual void record_failure(const std::string& key) = 0;
  virtual void reset(const std::string& key) = 0;
};

}  // namespace regal::ports
