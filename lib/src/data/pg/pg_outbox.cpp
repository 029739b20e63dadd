#include "data/pg/rows.hpp"
#include "regal/data/pg/database.hpp"
#include "regal/data/pg/pg_identity.hpp"

namespace regal::pg {
namespace {

// Claims due mail by leasing it for two minutes: another sender skips locked and leased rows,
// and a sender that dies mid-send leaves the lease to expire (at-least-once delivery).
constexpr const char* kClaimDue =
    "UPDATE outbox SET attempts = attempts + 1,"
    " next_attempt_at = to_timestamp($2::bigint / 1000.0) + interval '2 minutes'"
    " WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL"
    " AND next_attempt_at <= to_timestamp($2::bigint / 1000.0) ORDER BY next_attempt_at"
    " LIMIT $1::int FOR UPDATE SKIP LOCKED)"
    " RETURNING id::text, kind, recipient, subject, body, attempts";
constexpr const char* kMarkSent =
    "UPDATE outbox SET sent_at = to_timestamp($2::bigint / 1000.0), last_error = NULL,"
    " body = CASE WHEN kind = 'password_reset' THEN '' ELSE body END"  // the token leaves with it
    " WHERE id = $1::uuid";
constexpr const char* kMarkFailed =
    "UPDATE outbox SET last_error = left($2, 500), next_attempt_at = to_timestamp($3::bigint / 1000.0)"
    " WHERE id = $1::uuid";
constexpr const char* kPending =
    "SELECT id::text, kind, recipient, subject, body, attempts FROM outbox"
    " WHERE sent_at IS NULL ORDER BY created_at LIMIT $1::int";

std::vector<ports::Mail> to_mails(const Result& rs) {
  std::vector<ports::Mail> out;
  for (std::size_t i = 0; i < rs.rowCount(); ++i) {
    const Row r(rs, i);
    out.push_back(
        {r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), static_cast<int>(r.int64(5))});
  }
  return out;
}

}  // namespace

std::vector<ports::Mail> PgOutbox::claim_due(int limit, std::int64_t now_ms) {
  return db_.transact([&](Transaction& tx) {
    return to_mails(
        exec(tx.session(), kClaimDue, {std::to_string(limit), std::to_string(now_ms)}));
  });
}

void PgOutbox::mark_sent(const std::string& id, std::int64_t now_ms) {
  db_.transact([&](Transaction& tx) {
    exec(tx.session(), kMarkSent, {id, std::to_string(now_ms)});
  });
}

void PgOutbox::mark_failed(const std::string& id, const std::string& error,
                           std::int64_t next_attempt_ms) {
  db_.transact([&](Transaction& tx) {
    exec(tx.session(), kMarkFailed, {id, error, std::to_string(next_attempt_ms)});
  });
}

std::vector<ports::Mail> PgOutbox::pending(int limit) {
  return db_.with_session([&](Poco::Data::Session& s) {
    return to_mails(exec(s, kPending, {std::to_string(limit)}));
  });
}

}  // namespace regal::pg
