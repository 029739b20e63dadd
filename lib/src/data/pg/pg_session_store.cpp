#include "data/pg/pg_audit.hpp"
#include "data/pg/rows.hpp"
#include "regal/data/pg/database.hpp"
#include "regal/data/pg/pg_identity.hpp"

namespace regal::pg {
namespace {

constexpr const char* kInsertSession =
    "INSERT INTO sessions (id, user_id) VALUES ($1::uuid, $2::uuid)";
constexpr const char* kInsertRefresh =
    "INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at)"
    " VALUES ($1, $2::uuid, $3::uuid, to_timestamp($4::bigint / 1000.0))";
constexpr const char* kSessionState =
    "SELECT u.is_active, s.revoked_at IS NULL, u.pos_role, u.desk_role"
    " FROM sessions s JOIN users u ON u.id = s.user_id"
    " WHERE s.id = $1::uuid AND s.user_id = $2::uuid";
// Locks the presented token's row so concurrent rotations of one token are decided in turn.
constexpr const char* kLockToken =
    "SELECT t.family_id::text, t.user_id::text, t.used_at IS NOT NULL,"
    " t.expires_at <= to_timestamp($2::bigint / 1000.0), s.revoked_at IS NOT NULL"
    " FROM refresh_tokens t JOIN sessions s ON s.id = t.family_id"
    " WHERE t.token_hash = $1 FOR UPDATE OF t";
constexpr const char* kMarkUsed =
    "UPDATE refresh_tokens SET used_at = to_timestamp($2::bigint / 1000.0) WHERE token_hash = $1";
constexpr const char* kRevokeFamily =
    "UPDATE sessions SET revoked_at = to_timestamp($2::bigint / 1000.0)"
    " WHERE id = $1::uuid AND revoked_at IS NULL";
constexpr const char* kRevokeUser =
    "UPDATE sessions SET revoked_at = to_timestamp($3::bigint / 1000.0)"
    " WHERE user_id = $1::uuid AND revoked_at IS NULL AND id::text <> $2";

}  // namespace

void PgSessionStore::create(const ports::RefreshRecord& record, const auth::AuditEntry& audit) {
  db_.transact([&](Transaction& tx) {
    const ports::RefreshRecord& r = record;
    exec(tx.session(), kInsertSession, {r.family_id, r.user_id});
    exec(tx.session(), kInsertRefresh,
         {r.token_hash, r.family_id, r.user_id, std::to_string(r.expires_at_ms)});
    insert_audit(tx.session(), audit);
  });
}

ports::SessionState PgSessionStore::state(const std::string& user_id,
                                          const std::string& session_id) {
  return db_.with_session([&](Poco::Data::Session& s) {
    const Result rs = exec(s, kSessionState, {session_id, user_id});
    ports::SessionState state;
    if (rs.rowCount() == 0) return state;
    const Row row(rs, 0);
    state.user_active = row.boolean(0);
    state.session_live = row.boolean(1);
    state.session_revoked = !state.session_live;
    state.pos_role = row.is_null(2) ? std::nullopt : auth::parse_pos_role(row.text(2));
    state.desk_role = auth::parse_desk_role(row.text(3)).value_or(auth::DeskRole::kEndUser);
    return state;
  });
}

ports::RotateResult PgSessionStore::rotate(const std::string& presented_hash,
                                           ports::RefreshRecord successor, std::int64_t now_ms) {
  return db_.transact([&](Transaction& tx) {
    const std::string& hash = presented_hash;
    const std::string when = std::to_string(now_ms);
    const Result rs = exec(tx.session(), kLockToken, {hash, when});
    ports::RotateResult result;
    if (rs.rowCount() == 0) return result;  // kUnknown
    const Row row(rs, 0);
    result.family_id = row.text(0);
    result.user_id = row.text(1);
    if (row.boolean(4)) {
      result.outcome = ports::RotateOutcome::kRevoked;
    } else if (row.boolean(2)) {
      // A rotated token came back: someone holds a copy. Revoke the whole session.
      exec(tx.session(), kRevokeFamily, {result.family_id, when});
      result.outcome = ports::RotateOutcome::kReused;
    } else if (row.boolean(3)) {
      result.outcome = ports::RotateOutcome::kExpired;
    } else {
      exec(tx.session(), kMarkUsed, {hash, when});
      successor.family_id = result.family_id;
      successor.user_id = result.user_id;
      exec(tx.session(), kInsertRefresh,
           {successor.token_hash, successor.family_id, successor.user_id,
            std::to_string(successor.expires_at_ms)});
      result.outcome = ports::RotateOutcome::kRotated;
    }
    return result;
  });
}

void PgSessionStore::revoke_family(const std::string& family_id, std::int64_t now_ms) {
  db_.transact([&](Transaction& tx) {
    exec(tx.session(), kRevokeFamily, {family_id, std::to_string(now_ms)});
  });
}

void PgSessionStore::revoke_user(const std::string& user_id, const std::string& keep_family,
                                 std::int64_t now_ms) {
  db_.transact([&](Transaction& tx) {
    exec(tx.session(), kRevokeUser, {user_id, keep_family, std::to_string(now_ms)});
  });
}

}  // namespace regal::pg
