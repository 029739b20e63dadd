#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>

#include "data/pg/pg_audit.hpp"
#include "data/pg/rows.hpp"
#include "regal/data/pg/database.hpp"
#include "regal/data/pg/pg_identity.hpp"

namespace regal::pg {
namespace {

using namespace Poco::Data::Keywords;

const std::string kListAudit =
    "SELECT id, " + ms("at") +
    ", coalesce(actor_id::text, ''), action, entity_type, coalesce(entity_id, ''),"
    " coalesce(before::text, ''), coalesce(after::text, ''), coalesce(request_id, ''),"
    " coalesce(client_ip, '') FROM audit_log"
    " WHERE ($1 = 0 OR id < $1) AND ($2 = '' OR actor_id::text = $2)"
    " AND ($3 = '' OR action = $3) AND ($4 = '' OR entity_type = $4)"
    " AND ($5 = '' OR entity_id = $5)"
    " AND ($6 = 0 OR at >= to_timestamp($6 / 1000.0))"
    " AND ($7 = 0 OR at < to_timestamp($7 / 1000.0))"
    " ORDER BY id DESC LIMIT $8";

}  // namespace

void PgAuditLog::append(const auth::AuditEntry& entry) {
  db_.transact([&](Transaction& tx) { insert_audit(tx.session(), entry); });
}

std::vector<auth::AuditRecord> PgAuditLog::list(const auth::AuditQuery& query) {
  auth::AuditQuery q = query;
  return db_.with_session([&](Poco::Data::Session& s) {
    Poco::Data::Statement stmt(s);
    stmt << kListAudit, use(q.before_id), use(q.actor_id), use(q.action), use(q.entity_type),
        use(q.entity_id), use(q.from_ms), use(q.to_ms), use(q.limit), now;
    const Poco::Data::RecordSet rs(stmt);
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
