#pragma once
// Recognising PostgreSQL failures. Poco's PostgreSQL exceptions carry no SQLSTATE field
// (STACK-NOTES), so the classes we act on are recognised here, in one place, from the message
// libpq produced.

#include <string>

namespace Poco {
class Exception;
}

namespace regal::pg {

enum class PgFailure {
  kConnection,           // the connection is gone or could not be made
  kUniqueViolation,      // 23505
  kForeignKeyViolation,  // 23503
  kCheckViolation,       // 23514
  kSerialization,        // 40001 / 40P01: retryable
  kOther,
};

PgFailure classify(const Poco::Exception& e);

// The constraint named in a violation message ("… constraint \"users_email_key\""), or "".
std::string violated_constraint(const Poco::Exception& e);

}  // namespace regal::pg
