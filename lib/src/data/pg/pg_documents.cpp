#include "data/pg/pg_documents.hpp"

#include "data/pg/rows.hpp"
#include "data/pg/sql.hpp"

namespace regal::pg {

std::int64_t take_document_number(Poco::Data::Session& session, const std::string& register_id,
                                  const std::string& kind) {
  Sql ensure("INSERT INTO document_series (register_id, kind) VALUES (");
  ensure << ensure.bind(register_id, "uuid") << ", " << ensure.bind(kind, "text")
         << ") ON CONFLICT DO NOTHING";
  ensure.run(session);
  Sql take("UPDATE document_series SET next_number = next_number + 1 WHERE register_id = ");
  take << take.bind(register_id, "uuid") << " AND kind = " << take.bind(kind, "text")
       << " RETURNING next_number - 1";
  return Row(take.run(session), 0).int64(0);
}

std::string format_document_number(std::string format, std::int64_t seq) {
  std::string digits = std::to_string(seq);
  if (digits.size() < 6) digits.insert(0, 6 - digits.size(), '0');
  const auto at = format.find("{seq}");
  if (at == std::string::npos) return format + "-" + digits;
  return format.replace(at, 5, digits);
}

}  // namespace regal::pg
