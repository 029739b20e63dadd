#include "data/pg/pg_audit.hpp"

#include <Poco/Data/Session.h>

namespace regal::pg {
namespace {

using namespace Poco::Data::Keywords;

// Empty strings become NULL, so optional values need no NULL binding.
constexpr const char* kInsertAudit =
    "INSERT INTO audit_log (actor_id, action, entity_type, entity_id, before, after, request_id,"
    " client_ip) VALUES (NULLIF($1, '')::uuid, $2, $3, NULLIF($4, ''),"
    " NULLIF($5, '')::jsonb, NULLIF($6, '')::jsonb, NULLIF($7, ''), NULLIF($8, ''))";

}  // namespace

void insert_audit(Poco::Data::Session& session, const auth::AuditEntry& e) {
  auth::AuditEntry copy = e;  // Poco binds by non-const reference
  session << kInsertAudit, use(copy.actor_id), use(copy.action), use(copy.entity_type),
      use(copy.entity_id), use(copy.before_json), use(copy.after_json), use(copy.request_id),
      use(copy.client_ip), now;
}

}  // namespace regal::pg
