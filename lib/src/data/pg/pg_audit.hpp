#pragma once
// Writing audit entries inside a caller's transaction (every identity change is audited in the
// transaction that makes it).

#include "regal/auth/user.hpp"

namespace Poco::Data {
class Session;
}

namespace regal::pg {

void insert_audit(Poco::Data::Session& session, const auth::AuditEntry& entry);

}  // namespace regal::pg
