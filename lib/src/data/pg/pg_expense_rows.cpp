#include "data/pg/pg_expense_rows.hpp"

#include "data/pg/rows.hpp"
#include "data/pg/sql.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"

namespace regal::pg {

std::string active_expense_category(Poco::Data::Session& session, const std::string& category_id) {
  if (!is_uuid(category_id)) {
    throw Error::validation({{"category_id", "invalid_id", "Give a UUID."}});
  }
  Sql sql("SELECT name, is_active FROM expense_categories WHERE id = ");
  sql << sql.bind(category_id, "uuid");
  const auto rs = sql.run(session);
  if (rs.rowCount() == 0) {
    throw Error::validation({{"category_id", "not_found", "No expense category has this id."}});
  }
  if (!Row(rs, 0).boolean(1)) {
    throw Error::validation({{"category_id", "inactive", "This expense category is retired."}});
  }
  return Row(rs, 0).text(0);
}

std::string insert_expense_row(Poco::Data::Session& session, const ExpenseRow& row) {
  if (row.amount <= 0) {
    throw Error::validation({{"amount", "out_of_range", "Give an amount of at least 1."}});
  }
  if (!is_uuid(row.branch_id)) {
    throw Error::validation({{"branch_id", "invalid_id", "Give a UUID."}});
  }
  if (!row.shift_id.empty() && !is_uuid(row.shift_id)) {
    throw Error::validation({{"shift_id", "invalid_id", "Give a UUID."}});
  }
  active_expense_category(session, row.category_id);
  const std::string id = row.id.empty() ? new_uuid_v7() : row.id;
  Sql sql(
      "INSERT INTO expenses (id, branch_id, category_id, amount, note, shift_id, actor_id,"
      " request_hash) SELECT ");
  sql << sql.bind(id, "uuid") << ", b.id, " << sql.bind(row.category_id, "uuid") << ", "
      << sql.bind(std::to_string(row.amount), "bigint") << ", " << sql.bind(row.note, "text")
      << ", NULLIF(" << sql.bind(row.shift_id, "text") << ", '')::uuid, NULLIF("
      << sql.bind(row.actor_id, "text") << ", '')::uuid, " << sql.bind(row.request_hash, "text")
      << " FROM branches b WHERE b.deleted_at IS NULL AND b.id = "
      << sql.bind(row.branch_id, "uuid") << " RETURNING 1";
  if (sql.run(session).rowCount() == 0) {
    throw Error::validation({{"branch_id", "not_found", "No live branch has this id."}});
  }
  Sql apply("SELECT regal_apply_expense(");
  apply << apply.bind(id, "uuid") << ")";
  apply.run(session);
  return id;
}

}  // namespace regal::pg
