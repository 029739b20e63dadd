#include <Poco/Data/Session.h>
#include <Poco/Data/Session.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

#include "data/pg/pg_audit.hpp"
#include "data/pg/pg_documents.hpp"
#include "data/pg/pg_expense_rows.hpp"
#include "data/pg/pg_shift_lock.hpp"
#include "data/pg/rows.hpp"
#include "data/pg/sql.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/data/pg/database.hpp"
#include "regal/data/pg/pg_shifts.hpp"
#include "regal/pos/shift_json.hpp"

namespace regal::pg {
namespace {

using pos::Shift;
using pos::ShiftTotals;

std::string n(std::int64_t v) { return std::to_string(v); }

const std::string kShiftColumns =
    "sh.id::text, sh.branch_id::text, sh.register_id::text, sh.cashier_id::text, sh.status,"
    " sh.opening_float, coalesce(sh.opening_counts::text, '[]'), sh.note, " +
    ms("sh.opened_at") + ", coalesce(" + ms("sh.closed_at") +
    ", 0), coalesce(sh.closed_by::text, ''),"
    " coalesce((SELECT z.id::text FROM z_reports z WHERE z.shift_id = sh.id), ''), sh.version";

// Denominations as stored: [{"value": 500, "count": 3}, …] (integers only).
std::string denominations_json(const std::vector<pos::Denomination>& ds) {
  std::string out = "[";
  for (const auto& d : ds) {
    if (out.size() > 1) out += ',';
    out += "{\"value\":" + n(d.value) + ",\"count\":" + n(d.count) + "}";
  }
  return out + "]";
}

std::vector<pos::Denomination> parse_denominations(const std::string& json) {
  std::vector<pos::Denomination> out;
  Poco::JSON::Parser parser;
  const auto array = parser.parse(json).extract<Poco::JSON::Array::Ptr>();
  for (unsigned i = 0; array && i < array->size(); ++i) {
    const auto o = array->getObject(i);
    if (!o) continue;
    out.push_back({o->getValue<Poco::Int64>("value"), o->getValue<Poco::Int64>("count")});
  }
  return out;
}

Shift to_shift(const Row& r) {
  Shift s;
  s.id = r.text(0);
  s.branch_id = r.text(1);
  s.register_id = r.text(2);
  s.cashier_id = r.text(3);
  s.status = r.text(4);
  s.opening_float = r.int64(5);
  s.opening_counts = parse_denominations(r.text(6));
  s.note = r.text(7);
  s.opened_at_ms = r.int64(8);
  s.closed_at_ms = r.int64(9);
  s.closed_by = r.text(10);
  s.z_report_id = r.text(11);
  s.version = static_cast<int>(r.int64(12));
  return s;
}

std::optional<Shift> select_shift(Poco::Data::Session& session, const std::string& id) {
  Sql sql("SELECT " + kShiftColumns + " FROM shifts sh WHERE sh.id = ");
  sql << sql.bind(id, "uuid");
  const auto rs = sql.run(session);
  if (rs.rowCount() == 0) return std::nullopt;
  return to_shift(Row(rs, 0));
}


// Claims an Idempotency-Key for `document_id` in the current transaction; false when a twin
// request committed it first.
bool claim_key(Poco::Data::Session& s, const std::string& scope, const std::string& key,
               const std::string& hash, const std::string& document_id) {
  if (key.empty()) return true;
  Sql claim("INSERT INTO idempotency_keys (scope, key, request_hash, document_id) VALUES (");
  claim << claim.bind(scope, "text") << ", " << claim.bind(key, "text") << ", "
        << claim.bind(hash, "text") << ", " << claim.bind(document_id, "uuid")
        << ") ON CONFLICT DO NOTHING RETURNING 1";
  return claim.run(s).rowCount() == 1;
}

const std::string kMovementColumns =
    "m.id::text, m.shift_id::text, m.kind, m.amount, m.reason, coalesce(m.reverses_id::text, ''),"
    " coalesce(m.expense_id::text, ''), m.actor_id::text, " +
    ms("m.created_at");

pos::CashMovement to_movement(const Row& r) {
  pos::CashMovement m;
  m.id = r.text(0);
  m.shift_id = r.text(1);
  m.kind = pos::parse_cash_movement_kind(r.text(2)).value_or(pos::CashMovementKind::kPaidIn);
  m.amount = r.int64(3);
  m.reason = r.text(4);
  m.reverses_id = r.text(5);
  m.expense_id = r.text(6);
  m.actor_id = r.text(7);
  m.created_at_ms = r.int64(8);
  return m;
}

std::optional<pos::CashMovement> select_movement(Poco::Data::Session& s, const std::string& id) {
  Sql sql("SELECT " + kMovementColumns + " FROM cash_movements m WHERE m.id = ");
  sql << sql.bind(id, "uuid");
  const auto rs = sql.run(s);
  if (rs.rowCount() == 0) return std::nullopt;
  return to_movement(Row(rs, 0));
}

std::string counted_json(const std::vector<pos::CountedTender>& counted) {
  std::string out = "[";
  for (const auto& c : counted) {
    if (out.size() > 1) out += ',';
    // Methods are validated (cash | card | other) before they get here.
    out += "{\"method\":\"" + c.method + "\",\"amount\":" + n(c.amount) +
           ",\"denominations\":" + denominations_json(c.denominations) + "}";
  }
  return out + "]";
}

std::vector<pos::CountedTender> parse_counted(const std::string& json) {
  std::vector<pos::CountedTender> out;
  Poco::JSON::Parser parser;
  const auto array = parser.parse(json).extract<Poco::JSON::Array::Ptr>();
  for (unsigned i = 0; array && i < array->size(); ++i) {
    const auto o = array->getObject(i);
    if (!o) continue;
    pos::CountedTender c;
    c.method = o->getValue<std::string>("method");
    c.amount = o->getValue<Poco::Int64>("amount");
    std::ostringstream ds;
    if (auto d = o->getArray("denominations")) d->stringify(ds);
    if (!ds.str().empty()) c.denominations = parse_denominations(ds.str());
    out.push_back(std::move(c));
  }
  return out;
}

const std::string kZColumns =
    "z.id::text, z.number, z.seq, z.grand_total, z.body::text, " + ms("z.created_at") +
    ", z.shift_id::text";

std::vector<pos::ShiftReport> select_z(Poco::Data::Session& s, Sql& sql) {
  const auto rs = sql.run(s);
  std::vector<pos::ShiftReport> out;
  for (std::size_t i = 0; i < rs.rowCount(); ++i) {
    const Row r(rs, i);
    pos::ShiftReport z = pos::shift_report_from_json(r.text(4));
    z.kind = "Z";
    z.id = r.text(0);
    z.number = r.text(1);
    z.seq = r.int64(2);
    z.grand_total = r.int64(3);
    z.created_at_ms = r.int64(5);
    if (auto shift = select_shift(s, r.text(6))) z.shift = *shift;
    Sql recounts(
        "SELECT id::text, counted::text, counted_cash, variance, approved_by::text,"
        " actor_id::text, reason, " +
        ms("created_at") + " FROM z_report_recounts WHERE z_report_id = ");
    recounts << recounts.bind(z.id, "uuid") << " ORDER BY created_at, id";
    const auto cs = recounts.run(s);
    for (std::size_t k = 0; k < cs.rowCount(); ++k) {
      const Row c(cs, k);
      z.recounts.push_back({c.text(0), parse_counted(c.text(1)), c.int64(2), c.int64(3),
                            c.text(4), c.text(5), c.text(6), c.int64(7)});
    }
    out.push_back(std::move(z));
  }
  return out;
}

}  // namespace

std::optional<std::string> PgShiftStore::register_branch(const std::string& register_id) {
  return db_.with_session([&](Poco::Data::Session& s) -> std::optional<std::string> {
    Sql sql(
        "SELECT r.branch_id::text FROM registers r JOIN branches b ON b.id = r.branch_id"
        " WHERE r.deleted_at IS NULL AND r.is_active AND b.deleted_at IS NULL AND r.id = ");
    sql << sql.bind(register_id, "uuid");
    const auto rs = sql.run(s);
    if (rs.rowCount() == 0) return std::nullopt;
    return Row(rs, 0).text(0);
  });
}

std::optional<ports::IdempotentReplay> PgShiftStore::replay(const std::string& scope,
                                                            const std::string& key) {
  return db_.with_session([&](Poco::Data::Session& s) -> std::optional<ports::IdempotentReplay> {
    Sql sql("SELECT document_id::text, request_hash FROM idempotency_keys WHERE scope = ");
    sql << sql.bind(scope, "text") << " AND key = " << sql.bind(key, "text");
    const auto rs = sql.run(s);
    if (rs.rowCount() == 0) return std::nullopt;
    return ports::IdempotentReplay{Row(rs, 0).text(0), Row(rs, 0).text(1)};
  });
}

std::optional<Shift> PgShiftStore::open(const Shift& shift, const std::string& scope,
                                        const std::string& key, const std::string& hash,
                                        const auth::AuditEntry& audit) {
  return db_.transact([&](Transaction& tx) -> std::optional<Shift> {
    auto& s = tx.session();
    if (!claim_key(s, scope, key, hash, shift.id)) return std::nullopt;
    Sql insert(
        "INSERT INTO shifts (id, branch_id, register_id, cashier_id, opening_float,"
        " opening_counts, note, request_hash) VALUES (");
    insert << insert.bind(shift.id, "uuid") << ", " << insert.bind(shift.branch_id, "uuid")
           << ", " << insert.bind(shift.register_id, "uuid") << ", "
           << insert.bind(shift.cashier_id, "uuid") << ", "
           << insert.bind(n(shift.opening_float), "bigint") << ", "
           << (shift.opening_counts.empty()
                   ? std::string("NULL")
                   : insert.bind(denominations_json(shift.opening_counts), "jsonb"))
           << ", " << insert.bind(shift.note, "text") << ", " << insert.bind(hash, "text")
           << ") ON CONFLICT (register_id) WHERE status = 'open' DO NOTHING RETURNING 1";
    if (insert.run(s).rowCount() == 0) {
      throw Error::conflict("SHIFT_ALREADY_OPEN",
                            "This register already has an open shift; close it first.");
    }
    Sql totals("INSERT INTO shift_totals (shift_id) VALUES (");
    totals << totals.bind(shift.id, "uuid") << ")";
    totals.run(s);
    auth::AuditEntry entry = audit;
    entry.after_json = "{\"register_id\":\"" + shift.register_id +
                       "\",\"opening_float\":" + n(shift.opening_float) + "}";
    insert_audit(s, entry);
    return select_shift(s, shift.id);
  });
}

std::optional<Shift> PgShiftStore::find(const std::string& id) {
  return db_.with_session([&](Poco::Data::Session& s) { return select_shift(s, id); });
}

std::vector<Shift> PgShiftStore::list(const pos::ShiftQuery& q) {
  return db_.with_session([&](Poco::Data::Session& s) {
    Sql sql("SELECT " + kShiftColumns + " FROM shifts sh WHERE true");
    if (!q.before_id.empty()) sql << " AND sh.id < " << sql.bind(q.before_id, "uuid");
    const std::pair<const char*, const std::string*> ids[] = {{"sh.branch_id", &q.branch_id},
                                                              {"sh.register_id", &q.register_id},
                                                              {"sh.cashier_id", &q.cashier_id}};
    for (const auto& [column, value] : ids) {
      if (!value->empty()) sql << " AND " << column << " = " << sql.bind(*value, "uuid");
    }
    if (!q.status.empty()) sql << " AND sh.status = " << sql.bind(q.status, "text");
    sql << " ORDER BY sh.id DESC LIMIT " << std::to_string(q.limit);
    const auto rs = sql.run(s);
    std::vector<Shift> out;
    for (std::size_t i = 0; i < rs.rowCount(); ++i) out.push_back(to_shift(Row(rs, i)));
    return out;
  });
}

std::optional<std::pair<Shift, ShiftTotals>> PgShiftStore::snapshot(const std::string& id) {
  // One snapshot: the shift row and its totals read in one repeatable-read transaction.
  return db_.transact([&](Transaction& tx) -> std::optional<std::pair<Shift, ShiftTotals>> {
    auto& s = tx.session();
    Sql iso("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    iso.run(s);
    auto shift = select_shift(s, id);
    if (!shift) return std::nullopt;
    return std::make_pair(*shift, read_shift_totals(s, id, false));
  });
}

std::optional<pos::CashMovement> PgShiftStore::add_movement(
    pos::CashMovement m, const std::string& owner_id, const std::string& scope, const std::string& key, const std::string& hash,
    const auth::AuditEntry& audit) {
  return db_.transact([&](Transaction& tx) -> std::optional<pos::CashMovement> {
    auto& s = tx.session();
    if (!claim_key(s, scope, key, hash, m.id)) return std::nullopt;
    lock_open_shift(s, m.shift_id, "", owner_id);
    // The expense a reversed paid_out paid: the reversal names it too and cancels it.
    std::string reversed_expense;
    if (!m.reverses_id.empty()) {
      Sql orig(
          "SELECT m.shift_id::text, m.kind, m.amount, m.reverses_id IS NOT NULL,"
          " EXISTS (SELECT 1 FROM cash_movements r WHERE r.reverses_id = m.id),"
          " coalesce(m.expense_id::text, '')"
          " FROM cash_movements m WHERE m.id = ");
      // No row lock (the table is append-only for the application role): a concurrent second
      // reversal is stopped by the unique reverses_id below.
      orig << orig.bind(m.reverses_id, "uuid");
      const auto rs = orig.run(s);
      if (rs.rowCount() == 0 || Row(rs, 0).text(0) != m.shift_id) {
        throw Error::validation(
            {{"reverses_id", "not_found", "No movement of this shift has this id."}});
      }
      const Row r(rs, 0);
      if (r.boolean(3)) {
        throw Error::validation(
            {{"reverses_id", "is_reversal", "A reversal cannot itself be reversed."}});
      }
      if (r.text(1) == "no_sale") {
        throw Error::validation(
            {{"reverses_id", "not_reversible", "A no-sale opened the drawer; it stays."}});
      }
      if (r.boolean(4)) {
        throw Error::conflict("ALREADY_REVERSED", "This movement was already reversed.");
      }
      m.kind = pos::parse_cash_movement_kind(r.text(1)).value_or(pos::CashMovementKind::kPaidIn);
      m.amount = -r.int64(2);
      reversed_expense = r.text(5);
    }
    if (!m.expense_id.empty()) {
      // A paid-out that pays an expense (how a cashier records one): the expense is written in
      // this transaction and the movement names it. `expense_id` holds the category until here.
      ExpenseRow row;
      Sql branch("SELECT branch_id::text FROM shifts WHERE id = ");
      branch << branch.bind(m.shift_id, "uuid");
      row.branch_id = Row(branch.run(s), 0).text(0);
      row.category_id = m.expense_id;
      row.amount = m.amount;
      row.note = m.reason;
      row.shift_id = m.shift_id;
      row.actor_id = m.actor_id;
      row.request_hash = hash;
      try {
        m.expense_id = insert_expense_row(s, row);
      } catch (const Error& e) {
        // Name the movement's own field, not the expense's.
        std::vector<FieldError> fields;
        for (auto f : e.fields()) {
          if (f.field == "category_id") f.field = "expense_category_id";
          fields.push_back(std::move(f));
        }
        throw Error(e.kind(), e.code(), e.what(), std::move(fields));
      }
    }
    if (!reversed_expense.empty()) m.expense_id = reversed_expense;
    write_cash_movement(s, m, hash);
    if (!reversed_expense.empty()) {
      Sql cancel("SELECT regal_reverse_expense(");
      cancel << cancel.bind(reversed_expense, "uuid") << ", now())";
      cancel.run(s);
    }
    auth::AuditEntry entry = audit;
    entry.after_json = std::string("{\"kind\":\"") + pos::to_string(m.kind) +
                       "\",\"amount\":" + n(m.amount) + "}";
    insert_audit(s, entry);
    return select_movement(s, m.id);
  });
}

std::optional<pos::CashMovement> PgShiftStore::movement(const std::string& id) {
  return db_.with_session([&](Poco::Data::Session& s) { return select_movement(s, id); });
}

std::vector<pos::CashMovement> PgShiftStore::movements(const std::string& shift_id) {
  return db_.with_session([&](Poco::Data::Session& s) {
    Sql sql("SELECT " + kMovementColumns + " FROM cash_movements m WHERE m.shift_id = ");
    sql << sql.bind(shift_id, "uuid") << " ORDER BY m.created_at, m.id";
    const auto rs = sql.run(s);
    std::vector<pos::CashMovement> out;
    for (std::size_t i = 0; i < rs.rowCount(); ++i) out.push_back(to_movement(Row(rs, i)));
    return out;
  });
}

pos::ShiftReport PgShiftStore::close(const std::string& shift_id, const std::string& owner_id,
                                     const std::string& closed_by, const ReportCompute& compute,
                                     const std::string& number_format,
                                     const auth::AuditEntry& audit) {
  return db_.transact([&](Transaction& tx) {
    auto& s = tx.session();
    // Taking the row's exclusive lock waits for every document being written into the shift
    // (they hold it FOR SHARE); the totals read next include all of them.
    Sql update(
        "UPDATE shifts SET status = 'closed', closed_at = now(), closed_by = ");
    update << update.bind(closed_by, "uuid") << " WHERE status = 'open' AND id = "
           << update.bind(shift_id, "uuid") << " AND (" << update.bind(owner_id, "text")
           << " = '' OR cashier_id::text = " << update.bind(owner_id, "text")
           << ") RETURNING id";
    if (update.run(s).rowCount() == 0) {
      Sql why("SELECT status, cashier_id::text FROM shifts WHERE id = ");
      why << why.bind(shift_id, "uuid");
      const auto rs = why.run(s);
      if (rs.rowCount() == 1 && Row(rs, 0).text(0) == "open") {
        throw Error(ErrorKind::kForbidden, "SHIFT_NOT_YOURS",
                    "This shift belongs to another cashier.");
      }
      throw Error::conflict("SHIFT_NOT_OPEN", "This shift is not open.");
    }
    const auto shift = select_shift(s, shift_id);
    if (!shift) throw Error::internal();
    const ShiftTotals totals = read_shift_totals(s, shift_id, false);
    pos::ShiftReport z = compute(*shift, totals);
    z.kind = "Z";
    z.id = new_uuid_v7();
    z.seq = take_document_number(s, shift->register_id, "z_report");
    Sql codes(
        "SELECT b.code, r.code, coalesce((SELECT grand_total FROM z_reports WHERE register_id ="
        " r.id ORDER BY seq DESC LIMIT 1), 0), b.timezone, b.name, b.currency, b.currency_digits,"
        " to_char(sh.opened_at AT TIME ZONE b.timezone, 'YYYY-MM-DD HH24:MI'),"
        " to_char(now() AT TIME ZONE b.timezone, 'YYYY-MM-DD HH24:MI')"
        " FROM registers r JOIN branches b ON b.id = r.branch_id JOIN shifts sh ON sh.id = ");
    codes << codes.bind(shift_id, "uuid") << " WHERE r.id = " << codes.bind(shift->register_id, "uuid");
    const auto cs = codes.run(s);
    const Row c(cs, 0);
    std::string format = number_format;
    for (const auto& [token, value] : {std::pair<std::string, std::string>{"{branch}", c.text(0)},
                                       {"{register}", c.text(1)}}) {
      for (auto at = format.find(token); at != std::string::npos;
           at = format.find(token, at + value.size())) {
        format.replace(at, token.size(), value);
      }
    }
    z.number = format_document_number(format, z.seq);
    z.grand_total = c.int64(2) + totals.sales_total;
    z.branch_code = c.text(0);
    z.register_code = c.text(1);
    z.branch_name = c.text(4);
    z.currency = c.text(5);
    z.currency_digits = static_cast<int>(c.int64(6));
    z.local_opened = c.text(7);
    z.local_closed = c.text(8);
    std::int64_t cash_variance = 0;
    for (const auto& t : z.tenders) {
      if (t.method == "cash" && t.variance) cash_variance = *t.variance;
    }
    Sql insert(
        "INSERT INTO z_reports (id, shift_id, branch_id, register_id, seq, number, expected_cash,"
        " counted_cash, variance, grand_total, body, closed_by) VALUES (");
    insert << insert.bind(z.id, "uuid") << ", " << insert.bind(shift_id, "uuid") << ", "
           << insert.bind(shift->branch_id, "uuid") << ", "
           << insert.bind(shift->register_id, "uuid") << ", " << insert.bind(n(z.seq), "bigint")
           << ", " << insert.bind(z.number, "text") << ", "
           << insert.bind(n(z.expected_cash), "bigint") << ", "
           << insert.bind(n(z.counted_cash.value_or(0)), "bigint") << ", "
           << insert.bind(n(z.variance.value_or(0)), "bigint") << ", "
           << insert.bind(n(z.grand_total), "bigint") << ", "
           << insert.bind(pos::shift_report_to_json(z), "jsonb") << ", "
           << insert.bind(closed_by, "uuid") << ")";
    insert.run(s);
    Sql day(
        "INSERT INTO daily_register_totals AS t (branch_id, day, register_id, cash_variance)"
        " VALUES (");
    day << day.bind(shift->branch_id, "uuid") << ", (now() AT TIME ZONE "
        << day.bind(c.text(3), "text") << ")::date, " << day.bind(shift->register_id, "uuid")
        << ", " << day.bind(n(cash_variance), "bigint")
        << ") ON CONFLICT (branch_id, day, register_id) DO UPDATE SET cash_variance ="
           " t.cash_variance + EXCLUDED.cash_variance";
    day.run(s);
    auth::AuditEntry entry = audit;
    entry.after_json = "{\"z_report\":\"" + z.number + "\",\"variance\":" +
                       n(z.variance.value_or(0)) + "}";
    insert_audit(s, entry);
    Sql read("SELECT " + kZColumns + " FROM z_reports z WHERE z.id = ");
    read << read.bind(z.id, "uuid");
    auto stored = select_z(s, read);
    if (stored.empty()) throw Error::internal();
    return stored.front();
  });
}

pos::ShiftReport::Recount PgShiftStore::add_recount(const std::string& z_report_id,
                                                    const pos::ShiftReport::Recount& recount,
                                                    const auth::AuditEntry& audit) {
  return db_.transact([&](Transaction& tx) {
    auto& s = tx.session();
    Sql insert(
        "INSERT INTO z_report_recounts (id, z_report_id, counted, counted_cash, variance,"
        " approved_by, actor_id, reason) VALUES (");
    insert << insert.bind(recount.id, "uuid") << ", " << insert.bind(z_report_id, "uuid") << ", "
           << insert.bind(counted_json(recount.counted), "jsonb") << ", "
           << insert.bind(n(recount.counted_cash), "bigint") << ", "
           << insert.bind(n(recount.variance), "bigint") << ", "
           << insert.bind(recount.approved_by, "uuid") << ", "
           << insert.bind(recount.actor_id, "uuid") << ", " << insert.bind(recount.reason, "text")
           << ")";
    insert.run(s);
    auth::AuditEntry entry = audit;
    entry.after_json = "{\"z_report_id\":\"" + z_report_id + "\",\"approved_by\":\"" +
                       recount.approved_by + "\",\"variance\":" + n(recount.variance) + "}";
    insert_audit(s, entry);
    return recount;
  });
}

std::optional<pos::ShiftReport> PgShiftStore::z_report(const std::string& id) {
  return db_.with_session([&](Poco::Data::Session& s) -> std::optional<pos::ShiftReport> {
    Sql sql("SELECT " + kZColumns + " FROM z_reports z WHERE z.id = ");
    sql << sql.bind(id, "uuid");
    auto out = select_z(s, sql);
    if (out.empty()) return std::nullopt;
    return std::move(out.front());
  });
}

std::optional<std::string> PgShiftStore::z_report_of_shift(const std::string& shift_id) {
  return db_.with_session([&](Poco::Data::Session& s) -> std::optional<std::string> {
    Sql sql("SELECT id::text FROM z_reports WHERE shift_id = ");
    sql << sql.bind(shift_id, "uuid");
    const auto rs = sql.run(s);
    if (rs.rowCount() == 0) return std::nullopt;
    return Row(rs, 0).text(0);
  });
}

std::vector<pos::ShiftReport> PgShiftStore::z_reports(const pos::ZReportQuery& q) {
  return db_.with_session([&](Poco::Data::Session& s) {
    Sql sql("SELECT " + kZColumns +
            " FROM z_reports z JOIN shifts sh ON sh.id = z.shift_id JOIN branches b ON b.id ="
            " z.branch_id WHERE true");
    if (!q.before_id.empty()) sql << " AND z.id < " << sql.bind(q.before_id, "uuid");
    const std::pair<const char*, const std::string*> ids[] = {{"z.branch_id", &q.branch_id},
                                                              {"z.register_id", &q.register_id},
                                                              {"sh.cashier_id", &q.cashier_id}};
    for (const auto& [column, value] : ids) {
      if (!value->empty()) sql << " AND " << column << " = " << sql.bind(*value, "uuid");
    }
    if (!q.from_date.empty()) {
      sql << " AND z.created_at >= (" << sql.bind(q.from_date, "date")
          << ")::timestamp AT TIME ZONE b.timezone";
    }
    if (!q.to_date.empty()) {
      sql << " AND z.created_at < (" << sql.bind(q.to_date, "date")
          << " + 1)::timestamp AT TIME ZONE b.timezone";
    }
    sql << " ORDER BY z.id DESC LIMIT " << std::to_string(q.limit);
    return select_z(s, sql);
  });
}

}  // namespace regal::pg
