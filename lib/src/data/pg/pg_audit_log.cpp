#include "data/pg/pg_audit.hpp"
#include "data/pg/rows.hpp"
#include "regal/data/pg/database.hpp"
#include "regal/data/pg/pg_identity.hpp"

namespace regal::pg {
namespace {

const std::string kListAudit =
    "SELECT id, " + ms("at") +
    ", coalesce(actor_id::text, ''), action, entity_type, coalesce(entity_id, ''),"
    " coalesce(before::text, ''), coalesce(after::text, ''), coalesce(request_id, ''),"
    " coalesce(client_ip, '') FROM audit_log"
    " WHERE ($1::bigint = 0 OR id < $1::bigint) AND ($2::text = '' OR actor_id::text = $2::text)"
    " AND ($3::text = '' OR action = $3::text) AND ($4::text = '' OR entity_type = $4::text)"
    " AND ($5::text = '' OR entity_id = $5::text)"
    " AND ($6::bigint = 0 OR at >= to_timestamp($6::bigint / 1000.0))"
    " AND ($7::bigint = 0 OR at < to_timestamp($7::bigint / 1000.0))"
    " ORDER BY id DESC LIMIT $8::bigint";

}  // namespace

void PgAuditLog::append(const auth::AuditEntry& entry) {
  db_.transact([&](Transaction& tx) { insert_audit(tx.session(), entry); });
}

std::vector<auth::AuditRecord> PgAuditLog::list(const auth::AuditQuery& query) {
  const auth::AuditQuery& q = query;
  return db_.with_session([&](Poco::Data::Session& s) {
    const Result rs = exec(s, kListAudit,
                           {std::to_string(q.before_id), q.actor_id, q.action, q.entity_type,
                            q.entity_id, std::to_string(q.from_ms), std::to_string(q.to_ms),
                            std::to_string(q.limit)});
    std::vector<auth::AuditRecord> out;
    for (std::size_t i = 0; i < rs.rowCount(); ++i) {
      const Row r(rs, i);
      out.push_back({r.int64(0),
                     r.int64(1),
                     {r.text(2), r.text(3), r.text(4), r.text(5), r.text(6), r.text(7), r.text(8),
                      r.text(9)}});
    }
    return out;
  });
}

}  // namespace regal::pg
