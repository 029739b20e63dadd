#include "data/pg/pg_audit.hpp"
#include "data/pg/rows.hpp"
#include "regal/data/pg/database.hpp"
#include "regal/data/pg/pg_identity.hpp"

namespace regal::pg {
namespace {

constexpr const char* kInsertReset =
    "INSERT INTO password_resets (token_hash, user_id, expires_at)"
    " VALUES ($1, $2::uuid, to_timestamp($3::bigint / 1000.0))";
constexpr const char* kInsertMail =
    "INSERT INTO outbox (id, kind, recipient, subject, body) VALUES ($1::uuid, $2, $3, $4, $5)";
constexpr const char* kPeekReset =
    "SELECT user_id::text FROM password_resets WHERE token_hash = $1 AND used_at IS NULL"
    " AND expires_at > to_timestamp($2::bigint / 1000.0)";
constexpr const char* kConsumeReset =
    "UPDATE password_resets SET used_at = to_timestamp($2::bigint / 1000.0) WHERE token_hash = $1"
    " AND used_at IS NULL AND expires_at > to_timestamp($2::bigint / 1000.0) RETURNING user_id::text";

std::optional<std::string> single_text(Database& db, const char* sql, const std::string& hash,
                                       std::int64_t now_ms) {
  return db.transact([&](Transaction& tx) -> std::optional<std::string> {
    const Result rs = exec(tx.session(), sql, {hash, std::to_string(now_ms)});
    if (rs.rowCount() == 0) return std::nullopt;
    return Row(rs, 0).text(0);
  });
}

}  // namespace

void PgPasswordResetStore::create(const std::string& token_hash, const std::string& user_id,
                                  std::int64_t expires_at_ms, const ports::Mail& mail,
                                  const auth::AuditEntry& audit) {
  db_.transact([&](Transaction& tx) {
    exec(tx.session(), kInsertReset, {token_hash, user_id, std::to_string(expires_at_ms)});
    exec(tx.session(), kInsertMail, {mail.id, mail.kind, mail.recipient, mail.subject, mail.body});
    insert_audit(tx.session(), audit);
  });
}

std::optional<std::string> PgPasswordResetStore::peek(const std::string& token_hash,
                                                      std::int64_t now_ms) {
  return single_text(db_, kPeekReset, token_hash, now_ms);
}

std::optional<std::string> PgPasswordResetStore::consume(const std::string& token_hash,
                                                         std::int64_t now_ms) {
  return single_text(db_, kConsumeReset, token_hash, now_ms);
}

}  // namespace regal::pg
