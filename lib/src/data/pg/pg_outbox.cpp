#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>

#include "data/pg/rows.hpp"
#include "regal/data/pg/database.hpp"
#include "regal/data/pg/pg_identity.hpp"

namespace regal::pg {
namespace {

using namespace Poco::Data::Keywords;

// Claims due mail by leasing it for two minutes: another sender skips locked and leased rows,
// and a sender that dies mid-send leaves the lease to expire (at-least-once delivery).
constexpr const char* kClaimDue =
    "UPDATE outbox SET attempts = attempts + 1,"
    " next_attempt_at = to_timestamp($2 / 1000.0) + interval '2 minutes'"
    " WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL"
    " AND next_attempt_at <= to_timestamp($2 / 1000.0) ORDER BY next_attempt_at"
    " LIMIT $1 FOR UPDATE SKIP LOCKED)"
    " RETURNING id::text, kind, recipient, subject, body, attempts";
constexpr const char* kMarkSent =
    "UPDATE outbox SET sent_at = to_timestamp($2 / 1000.0), last_error = NULL,"
    " body = CASE WHEN kind = 'password_reset' THEN '' ELSE body END"  // the token leaves with it
    " WHERE id = $1::uuid";
constexpr const char* kMarkFailed =
    "UPDATE outbox SET last_error = left($2, 500), next_attempt_at = to_timestamp($3 / 1000.0)"
    " WHERE id = $1::uuid";
constexpr const char* kPending =
    "SELECT id::text, kind, recipient, subject, body, attempts FROM outbox"
    " WHERE sent_at IS NULL ORDER BY created_at LIMIT $1";

std::vector<ports::Mail> to_mails(const Poco::Data::RecordSet& rs) {
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
    int n = limit;
    Poco::Int64 when = now_ms;
    Poco::Data::Statement stmt(tx.session());
    stmt << kClaimDue, use(n), use(when), now;
    return to_mails(Poco::Data::RecordSet(stmt));
  });
}

void PgOutbox::mark_sent(const std::string& id, std::int64_t now_ms) {
  db_.transact([&](Transaction& tx) {
    std::string i = id;
    Poco::Int64 when = now_ms;
    tx.session() << kMarkSent, use(i), use(when), now;
  });
}

void PgOutbox::mark_failed(const std::string& id, const std::string& error,
                           std::int64_t next_attempt_ms) {
  db_.transact([&](Transaction& tx) {
    std::string i = id;
    std::string e = error;
    Poco::Int64 next = next_attempt_ms;
    tx.session() << kMarkFailed, use(i), use(e), use(next), now;
  });
}

std::vector<ports::Mail> PgOutbox::pending(int limit) {
  return db_.with_session([&](Poco::Data::Session& s) {
    int n = limit;
    Poco::Data::Statement stmt(s);
    stmt << kPending, use(n), now;
    return to_mails(Poco::Data::RecordSet(stmt));
  });
}

}  // namespace regal::pg
