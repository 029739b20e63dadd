#pragma once
// PostgreSQL adapters of the identity ports (regal/ports/identity_ports.hpp).

#include "regal/ports/identity_ports.hpp"

namespace regal::pg {

class Database;

class PgUserRepository final : public ports::UserRepository {
 public:
  explicit PgUserRepository(Database& db) : db_(db) {}
  std::optional<auth::User> find_by_id(const std::string& id) override;
  std::optional<auth::User> find_by_login(std::string_view login) override;
  void insert(const auth::User& user, const auth::AuditEntry& audit) override;
  bool update(const auth::User& user, int expected_version, const auth::AuditEntry& audit) override;
  std::vector<auth::User> list(const auth::UserQuery& query) override;

 private:
  Database& db_;
};

class PgSessionStore final : public ports::SessionStore {
 public:
  explicit PgSessionStore(Database& db) : db_(db) {}
  void create(const ports::RefreshRecord& record, const auth::AuditEntry& audit) override;
  ports::SessionState state(const std::string& user_id, const std::string& session_id) override;
  ports::RotateResult rotate(const std::string& presented_hash, ports::RefreshRecord successor,
                             std::int64_t now_ms) override;
  void revoke_family(const std::string& family_id, std::int64_t now_ms) override;
  void revoke_user(const std::string& user_id, const std::string& keep_family,
                   std::int64_t now_ms) override;

 private:
  Database& db_;
};

class PgPasswordResetStore final : public ports::PasswordResetStore {
 public:
  explicit PgPasswordResetStore(Database& db) : db_(db) {}
  void create(const std::string& token_hash, const std::string& user_id, std::int64_t expires_at_ms,
              const ports::Mail& mail, const auth::AuditEntry& audit) override;
  std::optional<std::string> peek(const std::string& token_hash, std::int64_t now_ms) override;
  std::optional<std::string> consume(const std::string& token_hash, std::int64_t now_ms) override;

 private:
  Database& db_;
};

class PgOutbox final : public ports::Outbox {
 public:
  explicit PgOutbox(Database& db) : db_(db) {}
  std::vector<ports::Mail> claim_due(int limit, std::int64_t now_ms) override;
  void mark_sent(const std::string& id, std::int64_t now_ms) override;
  void mark_failed(const std::string& id, const std::string& error,
                   std::int64_t next_attempt_ms) override;
  std::vector<ports::Mail> pending(int limit) override;

 private:
  Database& db_;
};

class PgAuditLog final : public ports::AuditLog {
 public:
  explicit PgAuditLog(Database& db) : db_(db) {}
  void append(const auth::AuditEntry& entry) override;
  std::vector<auth::AuditRecord> list(const auth::AuditQuery& query) override;

 private:
  Database& db_;
};

}  // namespace regal::pg
