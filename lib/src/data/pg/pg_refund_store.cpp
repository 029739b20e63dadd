#include <Poco/Data/Session.h>
#include <Poco/Data/Session.h>

#include <map>

#include "data/pg/pg_audit.hpp"
#include "data/pg/pg_documents.hpp"
#include "data/pg/pg_shift_lock.hpp"
#include "data/pg/rows.hpp"
#include "data/pg/sql.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/data/pg/database.hpp"
#include "regal/data/pg/pg_refunds.hpp"

namespace regal::pg {
namespace {

using pos::Refund;

std::string n(std::int64_t v) { return std::to_string(v); }

// ---------------------------------------------------------------- reading a sale to refund

std::optional<pos::RefundableSale> read_sale(Poco::Data::Session& session,
                                             const std::string& sale_id, bool lock) {
  Sql head(
      "SELECT id::text, number, status, branch_id::text, coalesce(customer_id::text, ''),"
      " coalesce(salesman_id::text, ''), commission_rate FROM sales WHERE id = ");
  head << head.bind(sale_id, "uuid") << (lock ? " FOR UPDATE" : "");
  const auto hs = head.run(session);
  if (hs.rowCount() == 0) return std::nullopt;
  const Row h(hs, 0);
  pos::RefundableSale sale{h.text(0), h.text(1), h.text(2),  h.text(3),
                           h.text(4), h.text(5), h.int64(6), {}};
  Sql lines(
      "SELECT id::text, coalesce(product_id::text, ''), coalesce(category_id::text, ''), sku,"
      " description, qty, refunded_qty, tax_rate, unit_cost, gross, line_discount,"
      " order_discount, net, tax, total FROM sale_lines WHERE sale_id = ");
  lines << lines.bind(sale_id, "uuid") << " ORDER BY line_no";
  const auto ls = lines.run(session);
  for (std::size_t i = 0; i < ls.rowCount(); ++i) {
    const Row r(ls, i);
    pos::RefundableLine l;
    l.id = r.text(0);
    l.product_id = r.text(1);
    l.category_id = r.text(2);
    l.sku = r.text(3);
    l.description = r.text(4);
    l.qty = r.int64(5);
    l.refunded_qty = r.int64(6);
    l.tax_rate_bp = r.int64(7);
    l.unit_cost = r.int64(8);
    l.figures = {r.int64(9), r.int64(10), r.int64(11), r.int64(12), r.int64(13), r.int64(14)};
    sale.lines.push_back(std::move(l));
  }
  return sale;
}

pos::RefundTill till_of(Poco::Data::Session& session, const OpenShift& shift) {
  Sql sql(
      "SELECT b.code, r.code FROM registers r JOIN branches b ON b.id = r.branch_id WHERE r.id = ");
  sql << sql.bind(shift.register_id, "uuid");
  const auto rs = sql.run(session);
  if (rs.rowCount() != 1) throw Error::internal();  // a shift's register always exists
  const Row r(rs, 0);
  return {shift.id, shift.branch_id, shift.register_id, shift.cashier_id, r.text(0), r.text(1)};
}

// ---------------------------------------------------------------- reading stored refunds

const std::string kRefundColumns =
    "f.id::text, coalesce(f.client_id::text, ''), f.request_hash, f.number, f.seq,"
    " f.sale_id::text, sa.number, f.branch_id::text, f.register_id::text, f.shift_id::text,"
    " coalesce(f.cashier_id::text, ''), coalesce(f.approved_by::text, ''),"
    " coalesce(f.customer_id::text, ''), f.reason, f.gross, f.discount_total, f.net, f.tax_total,"
    " f.total, f.cost, " +
    ms("f.created_at");

Refund to_refund(const Row& r) {
  Refund f;
  f.id = r.text(0);
  f.client_id = r.text(1);
  f.request_hash = r.text(2);
  f.number = r.text(3);
  f.seq = r.int64(4);
  f.sale_id = r.text(5);
  f.sale_number = r.text(6);
  f.branch_id = r.text(7);
  f.register_id = r.text(8);
  f.shift_id = r.text(9);
  f.cashier_id = r.text(10);
  f.approved_by = r.text(11);
  f.customer_id = r.text(12);
  f.reason = r.text(13);
  f.gross = r.int64(14);
  f.discount_total = r.int64(15);
  f.net = r.int64(16);
  f.tax_total = r.int64(17);
  f.total = r.int64(18);
  f.cost = r.int64(19);
  f.created_at_ms = r.int64(20);
  return f;
}

// Lines, tenders and the tax breakdown of `refunds`, read in two queries.
void attach_details(Poco::Data::Session& session, std::vector<Refund>& refunds) {
  if (refunds.empty()) return;
  std::vector<std::string> ids;
  std::map<std::string, Refund*> by_id;
  for (auto& f : refunds) {
    ids.push_back(f.id);
    by_id[f.id] = &f;
  }
  Sql lines(
      "SELECT l.refund_id::text, l.id::text, l.line_no, l.sale_line_id::text,"
      " coalesce(l.product_id::text, ''), coalesce(l.category_id::text, ''), sl.sku,"
      " sl.description, l.qty, l.disposition, l.tax_rate, l.gross, l.line_discount,"
      " l.order_discount, l.net, l.tax, l.total, l.cost FROM refund_lines l"
      " JOIN sale_lines sl ON sl.id = l.sale_line_id WHERE l.refund_id = ANY(");
  lines << lines.bind(pg_array(ids), "uuid[]") << ") ORDER BY l.refund_id, l.line_no";
  const auto ls = lines.run(session);
  for (std::size_t i = 0; i < ls.rowCount(); ++i) {
    const Row r(ls, i);
    pos::RefundLine l;
    l.id = r.text(1);
    l.line_no = static_cast<int>(r.int64(2));
    l.sale_line_id = r.text(3);
    l.product_id = r.text(4);
    l.category_id = r.text(5);
    l.sku = r.text(6);
    l.description = r.text(7);
    l.qty = r.int64(8);
    l.disposition = pos::parse_disposition(r.text(9)).value_or(pos::Disposition::kRestock);
    l.tax_rate_bp = r.int64(10);
    l.figures = {r.int64(11), r.int64(12), r.int64(13), r.int64(14), r.int64(15), r.int64(16)};
    l.cost = r.int64(17);
    by_id[r.text(0)]->lines.push_back(std::move(l));
  }
  Sql tenders("SELECT refund_id::text, method, amount FROM refund_payments WHERE refund_id = ANY(");
  tenders << tenders.bind(pg_array(ids), "uuid[]") << ") ORDER BY refund_id, idx";
  const auto ps = tenders.run(session);
  for (std::size_t i = 0; i < ps.rowCount(); ++i) {
    const Row r(ps, i);
    by_id[r.text(0)]->payments.push_back(
        {pos::parse_refund_method(r.text(1)).value_or(pos::RefundMethod::kOther), r.int64(2)});
  }
  for (auto& f : refunds) {
    std::map<std::int64_t, pos::TaxLine> taxes;
    for (const auto& l : f.lines) {
      auto& t = taxes[l.tax_rate_bp];
      t.rate_bp = l.tax_rate_bp;
      t.taxable += l.figures.net;
      t.tax += l.figures.tax;
    }
    for (const auto& [rate, t] : taxes) f.taxes.push_back(t);
  }
}

std::vector<Refund> select_refunds(Poco::Data::Session& session, Sql& sql) {
  const auto rs = sql.run(session);
  std::vector<Refund> out;
  for (std::size_t i = 0; i < rs.rowCount(); ++i) out.push_back(to_refund(Row(rs, i)));
  attach_details(session, out);
  return out;
}

std::optional<Refund> select_refund(Poco::Data::Session& session, const std::string& id) {
  Sql sql("SELECT " + kRefundColumns +
          " FROM refunds f JOIN sales sa ON sa.id = f.sale_id WHERE f.id = ");
  sql << sql.bind(id, "uuid");
  auto found = select_refunds(session, sql);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

// ---------------------------------------------------------------- writing a refund

// Records `key` of `scope` for the refund, in its transaction: a concurrent twin waits here for
// the first to commit and then finds the key taken (false).
bool claim(Poco::Data::Session& session, const std::string& scope, const std::string& key,
           const Refund& refund) {
  Sql sql("INSERT INTO idempotency_keys (scope, key, request_hash, document_id) VALUES (");
  sql << sql.bind(scope, "text") << ", " << sql.bind(key, "text") << ", "
      << sql.bind(refund.request_hash, "text") << ", " << sql.bind(refund.id, "uuid")
      << ") ON CONFLICT DO NOTHING RETURNING 1";
  return sql.run(session).rowCount() == 1;
}

bool insert_head(Poco::Data::Session& s, const Refund& f) {
  Sql head(
      "INSERT INTO refunds (id, client_id, request_hash, number, seq, sale_id, branch_id,"
      " register_id, shift_id, cashier_id, approved_by, customer_id, reason, gross,"
      " discount_total, net, tax_total, total, cost) VALUES (");
  head << head.bind(f.id, "uuid") << ", NULLIF(" << head.bind(f.client_id, "text")
       << ", '')::uuid, " << head.bind(f.request_hash, "text") << ", "
       << head.bind(f.number, "text") << ", " << head.bind(n(f.seq), "bigint") << ", "
       << head.bind(f.sale_id, "uuid") << ", " << head.bind(f.branch_id, "uuid") << ", "
       << head.bind(f.register_id, "uuid") << ", " << head.bind(f.shift_id, "uuid") << ", NULLIF("
       << head.bind(f.cashier_id, "text") << ", '')::uuid, NULLIF("
       << head.bind(f.approved_by, "text") << ", '')::uuid, NULLIF("
       << head.bind(f.customer_id, "text") << ", '')::uuid, " << head.bind(f.reason, "text") << ", "
       << head.bind(n(f.gross), "bigint") << ", " << head.bind(n(f.discount_total), "bigint")
       << ", " << head.bind(n(f.net), "bigint") << ", " << head.bind(n(f.tax_total), "bigint")
       << ", " << head.bind(n(f.total), "bigint") << ", " << head.bind(n(f.cost), "bigint")
       << ") ON CONFLICT DO NOTHING RETURNING 1";
  return head.run(s).rowCount() == 1;
}

void insert_line(Poco::Data::Session& s, const Refund& f, const pos::RefundLine& l) {
  const auto& x = l.figures;
  Sql line(
      "INSERT INTO refund_lines (id, refund_id, line_no, sale_line_id, product_id, category_id,"
      " qty, disposition, gross, line_discount, order_discount, net, tax_rate, tax, total, cost)"
      " VALUES (");
  line << line.bind(l.id, "uuid") << ", " << line.bind(f.id, "uuid") << ", "
       << line.bind(std::to_string(l.line_no), "integer") << ", "
       << line.bind(l.sale_line_id, "uuid") << ", NULLIF(" << line.bind(l.product_id, "text")
       << ", '')::uuid, NULLIF(" << line.bind(l.category_id, "text") << ", '')::uuid, "
       << line.bind(n(l.qty), "bigint") << ", " << line.bind(to_string(l.disposition), "text")
       << ", " << line.bind(n(x.gross), "bigint") << ", " << line.bind(n(x.line_discount), "bigint")
       << ", " << line.bind(n(x.order_discount), "bigint") << ", " << line.bind(n(x.net), "bigint")
       << ", " << line.bind(n(l.tax_rate_bp), "integer") << ", " << line.bind(n(x.tax), "bigint")
       << ", " << line.bind(n(x.total), "bigint") << ", " << line.bind(n(l.cost), "bigint") << ")";
  line.run(s);
  // The sale row is locked, so this always fits; the condition guards the invariant anyway.
  Sql take("UPDATE sale_lines SET refunded_qty = refunded_qty + ");
  const std::string qty = take.bind(n(l.qty), "bigint");
  take << qty << " WHERE id = " << take.bind(l.sale_line_id, "uuid")
       << " AND sale_id = " << take.bind(f.sale_id, "uuid") << " AND refunded_qty + " << qty
       << " <= qty RETURNING 1";
  if (take.run(s).rowCount() == 0) {
    throw Error(
        ErrorKind::kConflict, "REFUND_EXCEEDS_SOLD",
        "Line " + std::to_string(l.line_no) + " refunds more than is left of the sale line.",
        {{"lines[" + std::to_string(l.line_no - 1) + "].qty", "exceeds_refundable",
          "More than is left to refund."}});
  }
}

// Restocked units back into the branch, one upsert per product in id order (as sales take
// stock, so the two never deadlock), each with its movement.
void restock(Poco::Data::Session& s, const Refund& f) {
  std::map<std::string, std::int64_t> back;
  for (const auto& l : f.lines) {
    if (l.disposition == pos::Disposition::kRestock && !l.product_id.empty()) {
      back[l.product_id] += l.qty;
    }
  }
  for (const auto& [product_id, qty] : back) {
    Sql put("INSERT INTO stock (product_id, branch_id, qty) VALUES (");
    put << put.bind(product_id, "uuid") << ", " << put.bind(f.branch_id, "uuid") << ", "
        << put.bind(n(qty), "bigint")
        << ") ON CONFLICT (product_id, branch_id) DO UPDATE SET qty = stock.qty + EXCLUDED.qty,"
           " updated_at = now() RETURNING qty";
    const std::int64_t after = Row(put.run(s), 0).int64(0);
    Sql move(
        "INSERT INTO stock_movements (product_id, branch_id, delta, qty_after, kind, ref_type,"
        " ref_id, actor_id) VALUES (");
    move << move.bind(product_id, "uuid") << ", " << move.bind(f.branch_id, "uuid") << ", "
         << move.bind(n(qty), "bigint") << ", " << move.bind(n(after), "bigint")
         << ", 'refund', 'refund', " << move.bind(f.id, "text") << ", NULLIF("
         << move.bind(f.cashier_id, "text") << ", '')::uuid)";
    move.run(s);
  }
}

void insert_payments(Poco::Data::Session& s, const Refund& f) {
  std::int64_t credit = 0;
  for (std::size_t i = 0; i < f.payments.size(); ++i) {
    const auto& p = f.payments[i];
    if (p.method == pos::RefundMethod::kStoreCredit) credit += p.amount;
    Sql pay("INSERT INTO refund_payments (refund_id, idx, method, amount) VALUES (");
    pay << pay.bind(f.id, "uuid") << ", " << pay.bind(std::to_string(i), "integer") << ", "
        << pay.bind(to_string(p.method), "text") << ", " << pay.bind(n(p.amount), "bigint") << ")";
    pay.run(s);
  }
  if (credit == 0) return;
  Sql lower("UPDATE customers SET balance = balance - ");
  lower << lower.bind(n(credit), "bigint") << " WHERE id = NULLIF("
        << lower.bind(f.customer_id, "text") << ", '')::uuid RETURNING balance";
  const auto rs = lower.run(s);
  if (rs.rowCount() == 0) {
    throw Error::conflict("STORE_CREDIT_NEEDS_CUSTOMER", "The sale has no customer to credit.");
  }
  Sql entry(
      "INSERT INTO party_ledger (party_type, party_id, delta, balance_after, kind, ref_type,"
      " ref_id, actor_id) VALUES ('customer', ");
  entry << entry.bind(f.customer_id, "uuid") << ", " << entry.bind(n(-credit), "bigint") << ", "
        << entry.bind(n(Row(rs, 0).int64(0)), "bigint") << ", 'refund_store_credit', 'refund', "
        << entry.bind(f.id, "text") << ", NULLIF(" << entry.bind(f.cashier_id, "text")
        << ", '')::uuid)";
  entry.run(s);
}

}  // namespace

std::optional<ports::RefundReplay> PgRefundStore::replay(const std::string& scope,
                                                         const std::string& key,
                                                         const std::string& client_id) {
  return db_.with_session([&](Poco::Data::Session& s) -> std::optional<ports::RefundReplay> {
    Sql sql;
    if (!key.empty()) {
      sql << "SELECT document_id::text, request_hash FROM idempotency_keys WHERE scope = "
          << sql.bind(scope, "text") << " AND key = " << sql.bind(key, "text");
    } else {
      sql << "SELECT id::text, request_hash FROM refunds WHERE client_id = "
          << sql.bind(client_id, "uuid");
    }
    const auto rs = sql.run(s);
    if (rs.rowCount() == 0) return std::nullopt;
    return ports::RefundReplay{Row(rs, 0).text(0), Row(rs, 0).text(1)};
  });
}

std::optional<pos::RefundableSale> PgRefundStore::refundable(const std::string& sale_id) {
  return db_.with_session([&](Poco::Data::Session& s) { return read_sale(s, sale_id, false); });
}

std::optional<Refund> PgRefundStore::record(const ports::RefundWrite& w, const Compute& compute,
                                            const std::string& scope, const std::string& key,
                                            const auth::AuditEntry& audit) {
  return db_.transact([&](Transaction& tx) -> std::optional<Refund> {
    auto& s = tx.session();
    Refund claimed;
    claimed.id = w.id;
    claimed.request_hash = w.request_hash;
    // Twins (same key, or same client id) queue here, before anything is computed, so the second
    // replays the first instead of finding its units already refunded.
    if (!key.empty() && !claim(s, scope, key, claimed)) return std::nullopt;
    if (!w.client_id.empty() && !claim(s, "client:refund", w.client_id, claimed)) {
      return std::nullopt;
    }
    // The sale before the shift, as a void takes them: the sale row lock serialises every refund
    // and void of the sale, so each computes from what the others committed.
    const auto sale = read_sale(s, w.sale_id, true);
    if (!sale) throw Error::not_found("Sale");
    const OpenShift shift = lock_open_shift(s, w.shift_id, "", w.shift_owner_id);

    Refund f = compute(*sale, till_of(s, shift));
    f.id = w.id;
    f.client_id = w.client_id;
    f.request_hash = w.request_hash;
    f.sale_id = sale->id;
    f.branch_id = shift.branch_id;
    f.register_id = shift.register_id;
    f.shift_id = shift.id;
    f.cashier_id = w.cashier_id;
    f.reason = w.reason;
    for (auto& l : f.lines) l.id = new_uuid_v7();
    f.seq = take_document_number(s, f.register_id, "refund");
    f.number = format_document_number(f.number, f.seq);
    if (!insert_head(s, f)) return std::nullopt;  // same id committed first
    for (const auto& l : f.lines) insert_line(s, f, l);
    restock(s, f);
    insert_payments(s, f);
    Sql sale_total("UPDATE sales SET refunded_total = refunded_total + ");
    sale_total << sale_total.bind(n(f.total), "bigint")
               << " WHERE id = " << sale_total.bind(f.sale_id, "uuid");
    sale_total.run(s);
    auth::AuditEntry entry = audit;
    entry.after_json = "{\"number\":\"" + f.number + "\",\"sale_id\":\"" + f.sale_id +
                       "\",\"total\":" + n(f.total) + "}";
    insert_audit(s, entry);
    Sql totals("SELECT regal_apply_refund(");
    totals << totals.bind(f.id, "uuid") << ", " << totals.bind(n(f.commission_takeback), "bigint")
           << ")";
    totals.run(s);
    return select_refund(s, f.id);
  });
}

std::optional<Refund> PgRefundStore::find(const std::string& id) {
  return db_.with_session([&](Poco::Data::Session& s) { return select_refund(s, id); });
}

std::vector<Refund> PgRefundStore::list(const pos::RefundQuery& q) {
  return db_.with_session([&](Poco::Data::Session& s) {
    Sql sql("SELECT " + kRefundColumns +
            " FROM refunds f JOIN sales sa ON sa.id = f.sale_id"
            " JOIN branches b ON b.id = f.branch_id WHERE true");
    if (!q.before_id.empty()) sql << " AND f.id < " << sql.bind(q.before_id, "uuid");
    const std::pair<const char*, const std::string*> ids[] = {{"f.sale_id", &q.sale_id},
                                                              {"f.branch_id", &q.branch_id},
                                                              {"f.register_id", &q.register_id},
                                                              {"f.shift_id", &q.shift_id},
                                                              {"f.cashier_id", &q.cashier_id}};
    for (const auto& [column, value] : ids) {
      if (!value->empty()) sql << " AND " << column << " = " << sql.bind(*value, "uuid");
    }
    if (!q.from_date.empty()) {
      sql << " AND f.created_at >= (" << sql.bind(q.from_date, "date")
          << ")::timestamp AT TIME ZONE b.timezone";
    }
    if (!q.to_date.empty()) {
      sql << " AND f.created_at < (" << sql.bind(q.to_date, "date")
          << " + 1)::timestamp AT TIME ZONE b.timezone";
    }
    sql << " ORDER BY f.id DESC LIMIT " << std::to_string(q.limit);
    return select_refunds(s, sql);
  });
}

}  // namespace regal::pg
