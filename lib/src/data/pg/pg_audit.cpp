#include "data/pg/pg_audit.hpp"

#include "data/pg/pq.hpp"

namespace regal::pg {
namespace {

// Empty strings become NULL, so optional values need no NULL binding.
constexpr const char* kInsertAudit =
    "INSERT INTO audit_log (actor_id, action, entity_type, entity_id, before, after, request_id,"
    " client_ip) VALUES (NULLIF($1, '')::uuid, $2, $3, NULLIF($4, ''),"
    " NULLIF($5, '')::jsonb, NULLIF($6, '')::jsonb, NULLIF($7, ''), NULLIF($8, ''))";

}  // namespace

void insert_audit(Poco::Data::Session& session, const auth::AuditEntry& e) {
  exec(session, kInsertAudit,
       {e.actor_id, e.action, e.entity_type, e.entity_id, e.before_json, e.after_json,
        e.request_id, e.client_ip});
}

}  // namespace regal::pg
