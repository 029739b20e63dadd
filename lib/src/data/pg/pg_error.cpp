#include "data/pg/pg_error.hpp"

#include <Poco/Data/DataException.h>
#include <Poco/Data/PostgreSQL/PostgreSQLException.h>

#include <array>
#include <string_view>

namespace regal::pg {
namespace {

bool contains(const std::string& text, std::string_view needle) {
  return text.find(needle) != std::string::npos;
}

constexpr std::array<std::string_view, 9> kConnectionMarkers = {
    "server closed the connection",
    "terminating connection",
    "no connection to the server",
    "could not receive data",
    "could not send data",
    "connection to server",
    "could not connect",
    "Connection refused",
    "the database system is",
};

}  // namespace

PgFailure classify(const Poco::Exception& e) {
  if (dynamic_cast<const Poco::Data::ConnectionFailedException*>(&e) != nullptr ||
      dynamic_cast<const Poco::Data::NotConnectedException*>(&e) != nullptr) {
    return PgFailure::kConnection;
  }
  const std::string text = e.displayText();
  if (contains(text, "duplicate key value violates unique constraint")) {
    return PgFailure::kUniqueViolation;
  }
  if (contains(text, "violates foreign key constraint")) return PgFailure::kForeignKeyViolation;
  if (contains(text, "violates check constraint")) return PgFailure::kCheckViolation;
  if (contains(text, "could not serialize access") || contains(text, "deadlock detected")) {
    return PgFailure::kSerialization;
  }
  for (const auto marker : kConnectionMarkers) {
    if (contains(text, marker)) return PgFailure::kConnection;
  }
  return PgFailure::kOther;
}

std::string violated_constraint(const Poco::Exception& e) {
  const std::string text = e.displayText();
  const auto pos = text.find("constraint \"");
  if (pos == std::string::npos) return {};
  const auto start = pos + 12;
  const auto end = text.find('"', start);
  if (end == std::string::npos) return {};
  return text.substr(start, end - start);
}

}  // namespace regal::pg
