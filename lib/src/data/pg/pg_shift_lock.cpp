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

pos::ShiftTotals read_shift_totals(Poco::Data::Session& session, const std::string& shift_id,
                                   bool lock) {
  pos::ShiftTotals t;
  Sql head(
      "SELECT sales_count, sales_gross, sales_discounts, sales_net, sales_tax, sales_total,"
      " sales_cost, refunds_count, refunds_net, refunds_tax, refunds_total, voids_count,"
      " voids_total, paid_in, paid_out, drops, no_sale_count, coalesce(first_number, ''),"
      " coalesce(last_number, ''), (SELECT opening_float FROM shifts WHERE id = shift_id)"
      " FROM shift_totals WHERE shift_id = ");
  head << head.bind(shift_id, "uuid") << (lock ? " FOR UPDATE" : "");
  const auto rs = head.run(session);
  if (rs.rowCount() == 0) throw Error::internal();
  const Row r(rs, 0);
  std::int64_t* figures[] = {&t.sales_count,   &t.sales_gross,   &t.sales_discounts,
                             &t.sales_net,     &t.sales_tax,     &t.sales_total,
                             &t.sales_cost,    &t.refunds_count, &t.refunds_net,
                             &t.refunds_tax,   &t.refunds_total, &t.voids_count,
                             &t.voids_total,   &t.paid_in,       &t.paid_out,
                             &t.drops,         &t.no_sale_count};
  for (std::size_t i = 0; i < std::size(figures); ++i) *figures[i] = r.int64(i);
  t.first_number = r.text(17);
  t.last_number = r.text(18);
  t.opening_float = r.int64(19);
  Sql tenders(
      "SELECT method, sales, refunds, deposits FROM shift_tender_totals WHERE shift_id = ");
  tenders << tenders.bind(shift_id, "uuid") << " ORDER BY method";
  const auto ts = tenders.run(session);
  for (std::size_t i = 0; i < ts.rowCount(); ++i) {
    const Row x(ts, i);
    t.tenders.push_back({x.text(0), x.int64(1), x.int64(2), x.int64(3)});
  }
  Sql taxes(
      "SELECT rate_bp, sales_taxable, sales_tax, refunds_taxable, refunds_tax FROM"
      " shift_tax_totals WHERE shift_id = ");
  taxes << taxes.bind(shift_id, "uuid") << " ORDER BY rate_bp";
  const auto xs = taxes.run(session);
  for (std::size_t i = 0; i < xs.rowCount(); ++i) {
    const Row x(xs, i);
    t.taxes.push_back({x.int64(0), x.int64(1), x.int64(2), x.int64(3), x.int64(4)});
  }
  return t;
}

void write_cash_movement(Poco::Data::Session& s, const pos::CashMovement& m,
                         const std::string& request_hash) {
  pos::check_drawer_can_pay(read_shift_totals(s, m.shift_id, true), m);
  Sql insert(
      "INSERT INTO cash_movements (id, shift_id, kind, amount, reason, reverses_id, actor_id,"
      " request_hash, expense_id) VALUES (");
  insert << insert.bind(m.id, "uuid") << ", " << insert.bind(m.shift_id, "uuid") << ", "
         << insert.bind(pos::to_string(m.kind), "text") << ", "
         << insert.bind(std::to_string(m.amount), "bigint") << ", " << insert.bind(m.reason, "text")
         << ", NULLIF(" << insert.bind(m.reverses_id, "text") << ", '')::uuid, "
         << insert.bind(m.actor_id, "uuid") << ", " << insert.bind(request_hash, "text")
         << ", NULLIF(" << insert.bind(m.expense_id, "text") << ", '')::uuid)"
         << " ON CONFLICT (reverses_id) DO NOTHING RETURNING 1";
  if (insert.run(s).rowCount() == 0) {
    throw Error::conflict("ALREADY_REVERSED", "This movement was already reversed.");
  }
  Sql apply("SELECT regal_apply_cash_movement(");
  apply << apply.bind(m.id, "uuid") << ")";
  apply.run(s);
}

}  // namespace regal::pg
