#include "data/pg/pg_stock_rows.hpp"

#include <algorithm>

#include "data/pg/rows.hpp"
#include "data/pg/sql.hpp"
#include "regal/core/error.hpp"

namespace regal::pg {
namespace {

std::string n(std::int64_t v) { return std::to_string(v); }

}  // namespace

bool claim_idempotency_key(Poco::Data::Session& session, const std::string& scope,
                           const std::string& key, const std::string& request_hash,
                           const std::string& document_id) {
  if (key.empty()) return true;
  Sql claim("INSERT INTO idempotency_keys (scope, key, request_hash, document_id) VALUES (");
  claim << claim.bind(scope, "text") << ", " << claim.bind(key, "text") << ", "
        << claim.bind(request_hash, "text") << ", " << claim.bind(document_id, "uuid")
        << ") ON CONFLICT DO NOTHING RETURNING 1";
  return claim.run(session).rowCount() == 1;
}

std::optional<ports::StoredReplay> find_idempotency_key(Poco::Data::Session& session,
                                                        const std::string& scope,
                                                        const std::string& key) {
  Sql sql("SELECT document_id::text, request_hash FROM idempotency_keys WHERE scope = ");
  sql << sql.bind(scope, "text") << " AND key = " << sql.bind(key, "text");
  const auto rs = sql.run(session);
  if (rs.rowCount() == 0) return std::nullopt;
  const Row row(rs, 0);
  return ports::StoredReplay{row.text(0), row.text(1)};
}

std::int64_t take_branch_number(Poco::Data::Session& session, const std::string& branch_id,
                                const std::string& kind) {
  Sql take("INSERT INTO branch_document_series AS s (branch_id, kind, next_number) VALUES (");
  take << take.bind(branch_id, "uuid") << ", " << take.bind(kind, "text")
       << ", 2) ON CONFLICT (branch_id, kind) DO UPDATE SET next_number = s.next_number + 1"
       << " RETURNING next_number - 1";
  return Row(take.run(session), 0).int64(0);
}

std::optional<LiveBranch> live_branch(Poco::Data::Session& session, const std::string& id) {
  Sql sql("SELECT code, negative_stock = 'allow' FROM branches WHERE deleted_at IS NULL AND id = ");
  sql << sql.bind(id, "uuid");
  const auto rs = sql.run(session);
  if (rs.rowCount() == 0) return std::nullopt;
  const Row row(rs, 0);
  return LiveBranch{row.text(0), row.boolean(1)};
}

std::map<std::string, LiveProduct> live_products(Poco::Data::Session& session,
                                                 const std::vector<std::string>& ids) {
  std::map<std::string, LiveProduct> out;
  if (ids.empty()) return out;
  Sql sql(
      "SELECT id::text, sku, name, cost_price FROM products WHERE deleted_at IS NULL AND id = "
      "ANY(");
  sql << sql.bind(pg_array(ids), "uuid[]") << ")";
  const auto rs = sql.run(session);
  for (std::size_t i = 0; i < rs.rowCount(); ++i) {
    const Row r(rs, i);
    out[r.text(0)] = LiveProduct{r.text(1), r.text(2), r.int64(3)};
  }
  return out;
}

std::int64_t add_stock(Poco::Data::Session& session, const std::string& product_id,
                       const std::string& branch_id, std::int64_t delta) {
  Sql sql("INSERT INTO stock AS s (product_id, branch_id, qty) VALUES (");
  const std::string d = sql.bind(n(delta), "bigint");
  sql << sql.bind(product_id, "uuid") << ", " << sql.bind(branch_id, "uuid") << ", " << d
      << ") ON CONFLICT (product_id, branch_id) DO UPDATE SET qty = s.qty + " << d
      << ", updated_at = now() RETURNING qty";
  return Row(sql.run(session), 0).int64(0);
}

std::int64_t stock_on_hand(Poco::Data::Session& session, const std::string& product_id,
                           const std::string& branch_id) {
  Sql have("SELECT qty FROM stock WHERE product_id = ");
  have << have.bind(product_id, "uuid") << " AND branch_id = " << have.bind(branch_id, "uuid");
  const auto rs = have.run(session);
  return rs.rowCount() == 1 ? Row(rs, 0).int64(0) : 0;
}

std::int64_t take_stock(Poco::Data::Session& session, const std::string& product_id,
                        const std::string& branch_id, std::int64_t qty, bool allow_negative,
                        const std::string& field, const std::string& label) {
  if (allow_negative) return add_stock(session, product_id, branch_id, -qty);
  Sql sql("UPDATE stock SET qty = qty - ");
  const std::string want = sql.bind(n(qty), "bigint");
  sql << want << ", updated_at = now() WHERE product_id = " << sql.bind(product_id, "uuid")
      << " AND branch_id = " << sql.bind(branch_id, "uuid") << " AND qty >= " << want
      << " RETURNING qty";
  const auto rs = sql.run(session);
  if (rs.rowCount() == 1) return Row(rs, 0).int64(0);
  const std::int64_t available =
      std::max<std::int64_t>(stock_on_hand(session, product_id, branch_id), 0);
  throw Error(ErrorKind::kConflict, "INSUFFICIENT_STOCK",
              "Only " + n(available) + " of " + label + " on hand; " + n(qty) + " are needed.",
              {{field, "insufficient_stock", "Available: " + n(available) + "."}});
}

void insert_movement(Poco::Data::Session& session, const MovementRow& m) {
  Sql move(
      "INSERT INTO stock_movements (product_id, branch_id, delta, qty_after, kind, ref_type,"
      " ref_id, actor_id) VALUES (");
  move << move.bind(m.product_id, "uuid") << ", " << move.bind(m.branch_id, "uuid") << ", "
       << move.bind(n(m.delta), "bigint") << ", " << move.bind(n(m.qty_after), "bigint") << ", "
       << move.bind(m.kind, "text") << ", " << move.bind(m.ref_type, "text") << ", "
       << move.bind(m.ref_id, "text") << ", NULLIF(" << move.bind(m.actor_id, "text")
       << ", '')::uuid)";
  move.run(session);
}

}  // namespace regal::pg
