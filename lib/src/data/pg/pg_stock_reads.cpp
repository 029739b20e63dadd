// Reads of the stock adapter: documents, the stock report, the ledger.
#include "data/pg/pg_stock_reads.hpp"

#include <Poco/Data/Session.h>

#include <map>

#include "data/pg/pg_stock_rows.hpp"
#include "data/pg/rows.hpp"
#include "data/pg/sql.hpp"
#include "regal/data/pg/database.hpp"
#include "regal/data/pg/pg_stock.hpp"

namespace regal::pg {
namespace {

using Session = Poco::Data::Session;

std::string n(std::int64_t v) { return std::to_string(v); }

// " AND <time> >= first day … < day after last day", days in the time zone column `zone`.
void date_range(Sql& sql, const std::string& time, const std::string& zone, const std::string& from,
                const std::string& to) {
  if (!from.empty()) {
    sql << " AND " << time << " >= (" << sql.bind(from, "date") << ")::timestamp AT TIME ZONE "
        << zone;
  }
  if (!to.empty()) {
    sql << " AND " << time << " < (" << sql.bind(to, "date") << " + 1)::timestamp AT TIME ZONE "
        << zone;
  }
}

void equals(Sql& sql, const std::string& column, const std::string& value, const char* cast) {
  if (!value.empty()) sql << " AND " << column << " = " << sql.bind(value, cast);
}

std::vector<std::string> ids_of(const auto& docs) {
  std::vector<std::string> ids;
  for (const auto& d : docs) ids.push_back(d.id);
  return ids;
}

// ---------------------------------------------------------------------------- purchases

const std::string kPurchaseColumns =
    "p.id::text, p.number, p.vendor_id::text, p.branch_id::text, p.reference, p.total,"
    " p.paid_amount, coalesce(p.paid_method, ''), p.vendor_balance_after,"
    " coalesce(p.actor_id::text, ''), p.request_hash, " +
    ms("p.created_at");

std::vector<pos::Purchase> select_purchases(Session& s, Sql& sql) {
  const auto rs = sql.run(s);
  std::vector<pos::Purchase> out;
  std::map<std::string, std::size_t> at;
  for (std::size_t i = 0; i < rs.rowCount(); ++i) {
    const Row r(rs, i);
    pos::Purchase p;
    p.id = r.text(0);
    p.number = r.text(1);
    p.vendor_id = r.text(2);
    p.branch_id = r.text(3);
    p.reference = r.text(4);
    p.total = r.int64(5);
    p.paid_amount = r.int64(6);
    p.paid_method = r.text(7);
    p.vendor_balance_after = r.int64(8);
    p.actor_id = r.text(9);
    p.request_hash = r.text(10);
    p.created_at_ms = r.int64(11);
    at[p.id] = out.size();
    out.push_back(std::move(p));
  }
  if (out.empty()) return out;
  Sql lines(
      "SELECT l.purchase_id::text, l.line_no, l.product_id::text, pr.sku, pr.name, l.qty,"
      " l.unit_cost, l.total, l.cost_before, l.cost_after FROM purchase_lines l"
      " JOIN products pr ON pr.id = l.product_id WHERE l.purchase_id = ANY(");
  lines << lines.bind(pg_array(ids_of(out)), "uuid[]") << ") ORDER BY l.purchase_id, l.line_no";
  const auto ls = lines.run(s);
  for (std::size_t i = 0; i < ls.rowCount(); ++i) {
    const Row r(ls, i);
    out[at[r.text(0)]].lines.push_back({static_cast<int>(r.int64(1)), r.text(2), r.text(3),
                                        r.text(4), r.int64(5), r.int64(6), r.int64(7), r.int64(8),
                                        r.int64(9)});
  }
  return out;
}

// -------------------------------------------------------------------------- adjustments

const std::string kAdjustmentColumns =
    "a.id::text, a.number, a.branch_id::text, a.kind, a.reason, coalesce(a.actor_id::text, ''),"
    " a.request_hash, " +
    ms("a.created_at");

std::vector<pos::Adjustment> select_adjustments(Session& s, Sql& sql) {
  const auto rs = sql.run(s);
  std::vector<pos::Adjustment> out;
  std::map<std::string, std::size_t> at;
  for (std::size_t i = 0; i < rs.rowCount(); ++i) {
    const Row r(rs, i);
    pos::Adjustment a;
    a.id = r.text(0);
    a.number = r.text(1);
    a.branch_id = r.text(2);
    a.kind = pos::parse_adjustment_kind(r.text(3)).value_or(pos::AdjustmentKind::kCount);
    a.reason = r.text(4);
    a.actor_id = r.text(5);
    a.request_hash = r.text(6);
    a.created_at_ms = r.int64(7);
    at[a.id] = out.size();
    out.push_back(std::move(a));
  }
  if (out.empty()) return out;
  Sql lines(
      "SELECT l.adjustment_id::text, l.line_no, l.product_id::text, pr.sku, pr.name, l.delta,"
      " l.counted, l.expected, l.qty_after FROM stock_adjustment_lines l"
      " JOIN products pr ON pr.id = l.product_id WHERE l.adjustment_id = ANY(");
  lines << lines.bind(pg_array(ids_of(out)), "uuid[]") << ") ORDER BY l.adjustment_id, l.line_no";
  const auto ls = lines.run(s);
  for (std::size_t i = 0; i < ls.rowCount(); ++i) {
    const Row r(ls, i);
    pos::AdjustmentLine l;
    l.line_no = static_cast<int>(r.int64(1));
    l.product_id = r.text(2);
    l.sku = r.text(3);
    l.name = r.text(4);
    l.delta = r.int64(5);
    if (!r.is_null(6)) l.counted = r.int64(6);
    if (!r.is_null(7)) l.expected = r.int64(7);
    l.qty_after = r.int64(8);
    out[at[r.text(0)]].lines.push_back(std::move(l));
  }
  return out;
}

// ---------------------------------------------------------------------------- transfers

const std::string kTransferColumns =
    "t.id::text, t.number, t.from_branch_id::text, t.to_branch_id::text, t.note,"
    " coalesce(t.actor_id::text, ''), t.request_hash, " +
    ms("t.created_at");

std::vector<pos::Transfer> select_transfers(Session& s, Sql& sql) {
  const auto rs = sql.run(s);
  std::vector<pos::Transfer> out;
  std::map<std::string, std::size_t> at;
  for (std::size_t i = 0; i < rs.rowCount(); ++i) {
    const Row r(rs, i);
    pos::Transfer t;
    t.id = r.text(0);
    t.number = r.text(1);
    t.from_branch_id = r.text(2);
    t.to_branch_id = r.text(3);
    t.note = r.text(4);
    t.actor_id = r.text(5);
    t.request_hash = r.text(6);
    t.created_at_ms = r.int64(7);
    at[t.id] = out.size();
    out.push_back(std::move(t));
  }
  if (out.empty()) return out;
  Sql lines(
      "SELECT l.transfer_id::text, l.line_no, l.product_id::text, pr.sku, pr.name, l.qty,"
      " l.from_qty_after, l.to_qty_after FROM stock_transfer_lines l"
      " JOIN products pr ON pr.id = l.product_id WHERE l.transfer_id = ANY(");
  lines << lines.bind(pg_array(ids_of(out)), "uuid[]") << ") ORDER BY l.transfer_id, l.line_no";
  const auto ls = lines.run(s);
  for (std::size_t i = 0; i < ls.rowCount(); ++i) {
    const Row r(ls, i);
    out[at[r.text(0)]].lines.push_back({static_cast<int>(r.int64(1)), r.text(2), r.text(3),
                                        r.text(4), r.int64(5), r.int64(6), r.int64(7)});
  }
  return out;
}

template <class T>
std::optional<T> first(std::vector<T> items) {
  if (items.empty()) return std::nullopt;
  return std::move(items.front());
}

// -------------------------------------------------------------------------- stock rows

const std::string kStockColumns =
    "s.product_id::text, p.sku, p.name, s.branch_id::text, s.qty, s.reorder_level,"
    " s.qty <= s.reorder_level, p.cost_price, " +
    ms("s.updated_at");

std::vector<pos::StockRow> select_stock(Session& s, Sql& sql) {
  const auto rs = sql.run(s);
  std::vector<pos::StockRow> out;
  for (std::size_t i = 0; i < rs.rowCount(); ++i) {
    const Row r(rs, i);
    out.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.int64(4), r.int64(5), r.boolean(6),
                   r.int64(7), r.int64(8)});
  }
  return out;
}

}  // namespace

std::optional<pos::Purchase> select_purchase(Session& s, const std::string& id) {
  Sql sql("SELECT " + kPurchaseColumns + " FROM purchases p WHERE p.id = ");
  sql << sql.bind(id, "uuid");
  return first(select_purchases(s, sql));
}

std::optional<pos::VendorPayment> select_vendor_payment(Session& s, const std::string& id) {
  Sql sql(
      "SELECT id::text, vendor_id::text, amount, method, note, balance_after,"
      " coalesce(actor_id::text, ''), request_hash, " +
      ms("created_at") + " FROM vendor_payments WHERE id = ");
  sql << sql.bind(id, "uuid");
  const auto rs = sql.run(s);
  if (rs.rowCount() == 0) return std::nullopt;
  const Row r(rs, 0);
  return pos::VendorPayment{r.text(0),  r.text(1), r.int64(2), r.text(3), r.text(4),
                            r.int64(5), r.text(6), r.text(7),  r.int64(8)};
}

std::optional<pos::Adjustment> select_adjustment(Session& s, const std::string& id) {
  Sql sql("SELECT " + kAdjustmentColumns + " FROM stock_adjustments a WHERE a.id = ");
  sql << sql.bind(id, "uuid");
  return first(select_adjustments(s, sql));
}

std::optional<pos::Transfer> select_transfer(Session& s, const std::string& id) {
  Sql sql("SELECT " + kTransferColumns + " FROM stock_transfers t WHERE t.id = ");
  sql << sql.bind(id, "uuid");
  return first(select_transfers(s, sql));
}

std::optional<ports::StoredReplay> PgStockStore::replay(const std::string& scope,
                                                        const std::string& key) {
  return db_.with_session([&](Session& s) { return find_idempotency_key(s, scope, key); });
}

std::optional<pos::Purchase> PgStockStore::find_purchase(const std::string& id) {
  return db_.with_session([&](Session& s) { return select_purchase(s, id); });
}

std::optional<pos::VendorPayment> PgStockStore::find_vendor_payment(const std::string& id) {
  return db_.with_session([&](Session& s) { return select_vendor_payment(s, id); });
}

std::optional<pos::Adjustment> PgStockStore::find_adjustment(const std::string& id) {
  return db_.with_session([&](Session& s) { return select_adjustment(s, id); });
}

std::optional<pos::Transfer> PgStockStore::find_transfer(const std::string& id) {
  return db_.with_session([&](Session& s) { return select_transfer(s, id); });
}

std::vector<pos::Purchase> PgStockStore::list_purchases(const pos::StockDocumentQuery& q) {
  return db_.with_session([&](Session& s) {
    Sql sql("SELECT " + kPurchaseColumns +
            " FROM purchases p JOIN branches b ON b.id = p.branch_id WHERE true");
    equals(sql, "p.branch_id", q.branch_id, "uuid");
    equals(sql, "p.vendor_id", q.vendor_id, "uuid");
    if (!q.before_id.empty()) sql << " AND p.id < " << sql.bind(q.before_id, "uuid");
    date_range(sql, "p.created_at", "b.timezone", q.from_date, q.to_date);
    sql << " ORDER BY p.id DESC LIMIT " << n(q.limit);
    return select_purchases(s, sql);
  });
}

std::vector<pos::Adjustment> PgStockStore::list_adjustments(const pos::StockDocumentQuery& q) {
  return db_.with_session([&](Session& s) {
    Sql sql("SELECT " + kAdjustmentColumns +
            " FROM stock_adjustments a JOIN branches b ON b.id = a.branch_id WHERE true");
    equals(sql, "a.branch_id", q.branch_id, "uuid");
    equals(sql, "a.kind", q.kind, "text");
    if (!q.before_id.empty()) sql << " AND a.id < " << sql.bind(q.before_id, "uuid");
    date_range(sql, "a.created_at", "b.timezone", q.from_date, q.to_date);
    sql << " ORDER BY a.id DESC LIMIT " << n(q.limit);
    return select_adjustments(s, sql);
  });
}

std::vector<pos::Transfer> PgStockStore::list_transfers(const pos::StockDocumentQuery& q) {
  return db_.with_session([&](Session& s) {
    Sql sql("SELECT " + kTransferColumns +
            " FROM stock_transfers t JOIN branches b ON b.id = t.from_branch_id WHERE true");
    if (!q.branch_id.empty()) {
      const std::string branch = sql.bind(q.branch_id, "uuid");
      sql << " AND (t.from_branch_id = " << branch << " OR t.to_branch_id = " << branch << ")";
    }
    equals(sql, "t.from_branch_id", q.from_branch_id, "uuid");
    equals(sql, "t.to_branch_id", q.to_branch_id, "uuid");
    if (!q.before_id.empty()) sql << " AND t.id < " << sql.bind(q.before_id, "uuid");
    date_range(sql, "t.created_at", "b.timezone", q.from_date, q.to_date);
    sql << " ORDER BY t.id DESC LIMIT " << n(q.limit);
    return select_transfers(s, sql);
  });
}

std::vector<pos::StockRow> PgStockStore::stock(const pos::StockQuery& q) {
  return db_.with_session([&](Session& s) {
    Sql sql("SELECT " + kStockColumns +
            " FROM stock s JOIN products p ON p.id = s.product_id"
            " JOIN branches b ON b.id = s.branch_id"
            " WHERE p.deleted_at IS NULL AND b.deleted_at IS NULL");
    equals(sql, "s.branch_id", q.branch_id, "uuid");
    equals(sql, "s.product_id", q.product_id, "uuid");
    equals(sql, "p.category_id", q.category_id, "uuid");
    if (q.below_reorder) sql << " AND s.qty <= s.reorder_level";
    if (!q.after_product_id.empty()) {
      sql << " AND (s.product_id, s.branch_id) > (" << sql.bind(q.after_product_id, "uuid") << ", "
          << sql.bind(q.after_branch_id, "uuid") << ")";
    }
    sql << " ORDER BY s.product_id, s.branch_id LIMIT " << n(q.limit);
    return select_stock(s, sql);
  });
}

std::optional<pos::StockRow> PgStockStore::stock_row(const std::string& branch_id,
                                                     const std::string& product_id) {
  return db_.with_session([&](Session& s) -> std::optional<pos::StockRow> {
    Sql sql("SELECT " + kStockColumns +
            " FROM stock s JOIN products p ON p.id = s.product_id"
            " JOIN branches b ON b.id = s.branch_id"
            " WHERE p.deleted_at IS NULL AND b.deleted_at IS NULL");
    equals(sql, "s.branch_id", branch_id, "uuid");
    equals(sql, "s.product_id", product_id, "uuid");
    return first(select_stock(s, sql));
  });
}

std::vector<pos::StockMovement> PgStockStore::movements(const pos::MovementQuery& q) {
  return db_.with_session([&](Session& s) {
    Sql sql(
        "SELECT m.id, m.product_id::text, m.branch_id::text, m.delta, m.qty_after, m.kind,"
        " coalesce(m.ref_type, ''), coalesce(m.ref_id, ''), coalesce(m.actor_id::text, ''), " +
        ms("m.at") + " FROM stock_movements m JOIN branches b ON b.id = m.branch_id WHERE true");
    equals(sql, "m.product_id", q.product_id, "uuid");
    equals(sql, "m.branch_id", q.branch_id, "uuid");
    equals(sql, "m.kind", q.kind, "text");
    equals(sql, "m.ref_type", q.ref_type, "text");
    equals(sql, "m.ref_id", q.ref_id, "text");
    if (q.before_id > 0) sql << " AND m.id < " << sql.bind(n(q.before_id), "bigint");
    date_range(sql, "m.at", "b.timezone", q.from_date, q.to_date);
    sql << " ORDER BY m.id DESC LIMIT " << n(q.limit);
    const auto rs = sql.run(s);
    std::vector<pos::StockMovement> out;
    for (std::size_t i = 0; i < rs.rowCount(); ++i) {
      const Row r(rs, i);
      out.push_back({r.int64(0), r.text(1), r.text(2), r.int64(3), r.int64(4), r.text(5), r.text(6),
                     r.text(7), r.text(8), r.int64(9)});
    }
    return out;
  });
}

}  // namespace regal::pg
