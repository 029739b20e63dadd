#include "data/pg/pg_shift_lock.hpp"

#include "data/pg/rows.hpp"
#include "data/pg/sql.hpp"
#include "regal/core/error.hpp"

namespace regal::pg {

OpenShift lock_open_shift(Poco::Data::Session& session, const std::string& shift_id,
                          const std::string& register_id, const std::string& owner_id) {
  Sql sql(
      "SELECT id::text, branch_id::text, register_id::text, cashier_id::text FROM shifts"
      " WHERE status = 'open' AND id = ");
  sql << sql.bind(shift_id, "uuid") << " FOR SHARE";
  const auto rs = sql.run(session);
  if (rs.rowCount() == 0) {
    throw Error(ErrorKind::kConflict, "SHIFT_NOT_OPEN", "This shift is not open.",
                {{"shift_id", "not_open", "Open a shift on this register first."}});
  }
  const Row row(rs, 0);
  OpenShift shift{row.text(0), row.text(1), row.text(2), row.text(3)};
  if (!register_id.empty() && shift.register_id != register_id) {
    throw Error(ErrorKind::kConflict, "SHIFT_REGISTER_MISMATCH",
                "This shift is open on another register.",
                {{"shift_id", "other_register", "Name the open shift of this register."}});
  }
  if (!owner_id.empty() && shift.cashier_id != owner_id) {
    throw Error(ErrorKind::kForbidden, "SHIFT_NOT_YOURS", "This shift belongs to another cashier.");
  }
  return shift;
}

}  // namespace regal::pg
