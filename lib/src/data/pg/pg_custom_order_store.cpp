#include <Poco/Data/Session.h>

#include <map>

#include "data/pg/pg_audit.hpp"
#include "data/pg/pg_documents.hpp"
#include "data/pg/pg_sale_writer.hpp"
#include "data/pg/pg_shift_lock.hpp"
#include "data/pg/pg_stock_rows.hpp"
#include "data/pg/rows.hpp"
#include "data/pg/sql.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/data/pg/database.hpp"
#include "regal/data/pg/pg_custom_orders.hpp"
#include "regal/pos/shift.hpp"

namespace regal::pg {
namespace {

using pos::CustomOrder;
using pos::OrderStatus;

std::string n(std::int64_t v) { return std::to_string(v); }

const std::string kOrderColumns =
    "o.id::text, o.number, o.seq, o.branch_id::text, o.customer_id::text, o.status,"
    " coalesce(o.due_date::text, ''), o.note, o.discount_percent_bp, o.discount_amount,"
    " o.subtotal, o.discount_total, o.tax_total, o.total, o.paid, coalesce(o.sale_id::text, ''),"
    " coalesce(o.created_by::text, ''), o.request_hash, " +
    ms("o.created_at") + ", " + ms("o.updated_at") + ", o.version";

CustomOrder to_order(const Row& r) {
  CustomOrder o;
  o.id = r.text(0);
  o.number = r.text(1);
  o.seq = r.int64(2);
  o.branch_id = r.text(3);
  o.customer_id = r.text(4);
  o.status = pos::parse_order_status(r.text(5)).value_or(OrderStatus::kOpen);
  o.due_date = r.text(6);
  o.note = r.text(7);
  if (!r.is_null(8)) o.discount.percent_bp = r.int64(8);
  if (!r.is_null(9)) o.discount.amount = r.int64(9);
  o.subtotal = r.int64(10);
  o.discount_total = r.int64(11);
  o.tax_total = r.int64(12);
  o.total = r.int64(13);
  o.paid = r.int64(14);
  o.sale_id = r.text(15);
  o.created_by = r.text(16);
  o.request_hash = r.text(17);
  o.created_at_ms = r.int64(18);
  o.updated_at_ms = r.int64(19);
  o.version = static_cast<int>(r.int64(20));
  return o;
}

void attach_lines(Poco::Data::Session& session, const std::vector<std::string>& ids,
                  std::map<std::string, CustomOrder*>& by_id) {
  Sql sql(std::string("SELECT order_id::text, ") + kSaleLineColumns +
          " FROM custom_order_lines WHERE order_id = ANY(");
  sql << sql.bind(pg_array(ids), "uuid[]") << ") ORDER BY order_id, line_no";
  const auto rs = sql.run(session);
  for (std::size_t i = 0; i < rs.rowCount(); ++i) {
    const Row r(rs, i);
    by_id[r.text(0)]->lines.push_back(read_sale_line(r, 1));
  }
}

void attach_money_and_history(Poco::Data::Session& session, const std::vector<std::string>& ids,
                              std::map<std::string, CustomOrder*>& by_id) {
  Sql deposits(
      "SELECT order_id::text, id::text, kind, method, amount, shift_id::text,"
      " register_id::text, coalesce(sale_id::text, ''), coalesce(actor_id::text, ''), " +
      ms("created_at") + " FROM custom_order_deposits WHERE order_id = ANY(");
  deposits << deposits.bind(pg_array(ids), "uuid[]") << ") ORDER BY order_id, created_at, id";
  const auto ds = deposits.run(session);
  for (std::size_t i = 0; i < ds.rowCount(); ++i) {
    const Row r(ds, i);
    by_id[r.text(0)]->deposits.push_back({r.text(1), r.text(2), r.text(3), r.int64(4), r.text(5),
                                          r.text(6), r.text(7), r.text(8), r.int64(9)});
  }
  Sql events(
      "SELECT order_id::text, coalesce(from_status, ''), to_status, coalesce(actor_id::text, ''),"
      " note, " +
      ms("created_at") + " FROM custom_order_events WHERE order_id = ANY(");
  events << events.bind(pg_array(ids), "uuid[]") << ") ORDER BY order_id, created_at, id";
  const auto es = events.run(session);
  for (std::size_t i = 0; i < es.rowCount(); ++i) {
    const Row r(es, i);
    by_id[r.text(0)]->history.push_back({r.text(1), r.text(2), r.text(3), r.text(4), r.int64(5)});
  }
}

// Lines, deposits, history and the tax breakdown of `orders`.
void attach_details(Poco::Data::Session& session, std::vector<CustomOrder>& orders) {
  if (orders.empty()) return;
  std::vector<std::string> ids;
  std::map<std::string, CustomOrder*> by_id;
  for (auto& o : orders) {
    ids.push_back(o.id);
    by_id[o.id] = &o;
  }
  attach_lines(session, ids, by_id);
  attach_money_and_history(session, ids, by_id);
  for (auto& o : orders) {
    std::map<std::int64_t, pos::TaxLine> taxes;
    for (const auto& l : o.lines) {
      auto& t = taxes[l.tax_rate_bp];
      t.rate_bp = l.tax_rate_bp;
      t.taxable += l.figures.net;
      t.tax += l.figures.tax;
    }
    for (auto& [rate, t] : taxes) o.taxes.push_back(t);
  }
}

std::vector<CustomOrder> select_orders(Poco::Data::Session& session, Sql& sql) {
  const auto rs = sql.run(session);
  std::vector<CustomOrder> out;
  for (std::size_t i = 0; i < rs.rowCount(); ++i) out.push_back(to_order(Row(rs, i)));
  attach_details(session, out);
  return out;
}

// The order; `lock` takes its row FOR UPDATE for the rest of the transaction.
std::optional<CustomOrder> select_order(Poco::Data::Session& session, const std::string& id,
                                        bool lock = false) {
  Sql sql("SELECT " + kOrderColumns + " FROM custom_orders o WHERE o.id = ");
  sql << sql.bind(id, "uuid") << (lock ? " FOR UPDATE" : "");
  auto orders = select_orders(session, sql);
  if (orders.empty()) return std::nullopt;
  return std::move(orders.front());
}

CustomOrder lock_order(Poco::Data::Session& session, const std::string& id, int expected_version) {
  auto order = select_order(session, id, true);
  if (!order) throw Error::not_found("Custom order");
  if (expected_version != 0 && order->version != expected_version) {
    throw Error(
        ErrorKind::kPreconditionFailed, "VERSION_MISMATCH",
        "The order was changed by someone else (version " + n(order->version) + "); reload it.");
  }
  return *order;
}

void check_branch(const OpenShift& shift, const CustomOrder& order) {
  if (shift.branch_id != order.branch_id) {
    throw Error(ErrorKind::kConflict, "SHIFT_BRANCH_MISMATCH",
                "The shift is open in another branch than the order's.",
                {{"shift_id", "other_branch", "Use a till of the order's branch."}});
  }
}

// One row of money in or out of the order, added to its shift's and day's tender totals; a
// deposit or a return also moves the order's paid figure.
void write_deposit(Poco::Data::Session& s, const std::string& order_id, const std::string& kind,
                   const std::string& method, std::int64_t amount, const OpenShift& shift,
                   const std::string& sale_id, const std::string& actor_id) {
  const std::string id = new_uuid_v7();
  Sql insert(
      "INSERT INTO custom_order_deposits (id, order_id, kind, shift_id, branch_id, register_id,"
      " method, amount, sale_id, actor_id) VALUES (");
  insert << insert.bind(id, "uuid") << ", " << insert.bind(order_id, "uuid") << ", "
         << insert.bind(kind, "text") << ", " << insert.bind(shift.id, "uuid") << ", "
         << insert.bind(shift.branch_id, "uuid") << ", " << insert.bind(shift.register_id, "uuid")
         << ", " << insert.bind(method, "text") << ", " << insert.bind(n(amount), "bigint")
         << ", NULLIF(" << insert.bind(sale_id, "text") << ", '')::uuid, NULLIF("
         << insert.bind(actor_id, "text") << ", '')::uuid)";
  insert.run(s);
  Sql apply("SELECT regal_apply_order_deposit(");
  apply << apply.bind(id, "uuid") << ")";
  apply.run(s);
  if (kind != "applied") {
    Sql paid("UPDATE custom_orders SET paid = paid + ");
    paid << paid.bind(n(amount), "bigint") << " WHERE id = " << paid.bind(order_id, "uuid");
    paid.run(s);
  }
}

void write_event(Poco::Data::Session& s, const std::string& order_id, const std::string& from,
                 const std::string& to, const std::string& actor_id, const std::string& note) {
  Sql sql(
      "INSERT INTO custom_order_events (id, order_id, from_status, to_status, actor_id, note)"
      " VALUES (");
  sql << sql.bind(new_uuid_v7(), "uuid") << ", " << sql.bind(order_id, "uuid") << ", NULLIF("
      << sql.bind(from, "text") << ", ''), " << sql.bind(to, "text") << ", NULLIF("
      << sql.bind(actor_id, "text") << ", '')::uuid, " << sql.bind(note, "text") << ")";
  sql.run(s);
}

void move_status(Poco::Data::Session& s, const CustomOrder& order, OrderStatus to,
                 const std::string& sale_id, const std::string& actor_id, const std::string& note) {
  Sql sql("UPDATE custom_orders SET status = ");
  sql << sql.bind(pos::to_string(to), "text") << ", sale_id = coalesce(NULLIF("
      << sql.bind(sale_id, "text")
      << ", '')::uuid, sale_id) WHERE id = " << sql.bind(order.id, "uuid");
  sql.run(s);
  write_event(s, order.id, pos::to_string(order.status), pos::to_string(to), actor_id, note);
}

void audit(Poco::Data::Session& s, const ports::WriteContext& context, const CustomOrder& before,
           const std::string& after_json) {
  auth::AuditEntry entry = context.audit;
  entry.entity_id = before.id;
  entry.before_json = "{\"status\":\"" + std::string(pos::to_string(before.status)) +
                      "\",\"paid\":" + n(before.paid) + ",\"version\":" + n(before.version) + "}";
  entry.after_json = after_json;
  insert_audit(s, entry);
}

std::string insert_order_sql_values(Sql& sql, const CustomOrder& o) {
  std::string v;
  v += sql.bind(o.id, "uuid") + ", " + sql.bind(o.number, "text") + ", " +
       sql.bind(n(o.seq), "bigint") + ", " + sql.bind(o.branch_id, "uuid") + ", " +
       sql.bind(o.customer_id, "uuid") + ", NULLIF(" + sql.bind(o.due_date, "text") +
       ", '')::date, " + sql.bind(o.note, "text") + ", NULLIF(" +
       sql.bind(o.discount.percent_bp ? n(*o.discount.percent_bp) : "", "text") +
       ", '')::integer, NULLIF(" +
       sql.bind(o.discount.amount ? n(*o.discount.amount) : "", "text") + ", '')::bigint, " +
       sql.bind(n(o.subtotal), "bigint") + ", " + sql.bind(n(o.discount_total), "bigint") + ", " +
       sql.bind(n(o.tax_total), "bigint") + ", " + sql.bind(n(o.total), "bigint") + ", NULLIF(" +
       sql.bind(o.created_by, "text") + ", '')::uuid, " + sql.bind(o.request_hash, "text");
  return v;
}

void insert_lines(Poco::Data::Session& s, const CustomOrder& o) {
  for (const auto& l : o.lines) {
    const auto& f = l.figures;
    Sql line(
        "INSERT INTO custom_order_lines (id, order_id, line_no, product_id, sku, description, qty,"
        " unit_price, list_price, discount_bp, tax_rate, tax_inclusive, gross, line_discount,"
        " order_discount, net, tax, total, unit_cost, category_id) VALUES (");
    line << line.bind(l.id, "uuid") << ", " << line.bind(o.id, "uuid") << ", "
         << line.bind(std::to_string(l.line_no), "integer") << ", NULLIF("
         << line.bind(l.product_id, "text") << ", '')::uuid, " << line.bind(l.sku, "text") << ", "
         << line.bind(l.description, "text") << ", " << line.bind(n(l.qty), "bigint") << ", "
         << line.bind(n(l.unit_price), "bigint") << ", " << line.bind(n(l.list_price), "bigint")
         << ", " << line.bind(n(l.discount_bp), "integer") << ", "
         << line.bind(n(l.tax_rate_bp), "integer") << ", "
         << line.bind(l.tax_inclusive ? "true" : "false", "boolean") << ", "
         << line.bind(n(f.gross), "bigint") << ", " << line.bind(n(f.line_discount), "bigint")
         << ", " << line.bind(n(f.order_discount), "bigint") << ", "
         << line.bind(n(f.net), "bigint") << ", " << line.bind(n(f.tax), "bigint") << ", "
         << line.bind(n(f.total), "bigint") << ", " << line.bind(n(l.unit_cost), "bigint")
         << ", NULLIF(" << line.bind(l.category_id, "text") << ", '')::uuid)";
    line.run(s);
  }
}

std::string fill(std::string format, const std::string& key, const std::string& value) {
  for (auto at = format.find(key); at != std::string::npos;
       at = format.find(key, at + value.size())) {
    format.replace(at, key.size(), value);
  }
  return format;
}

}  // namespace

ports::OrderPlace PgCustomOrderStore::place(const std::string& branch_id,
                                            const std::string& customer_id) {
  return db_.with_session([&](Poco::Data::Session& s) {
    Sql sql("SELECT (SELECT code FROM branches WHERE deleted_at IS NULL AND id = ");
    sql << sql.bind(branch_id, "uuid")
        << "), EXISTS (SELECT 1 FROM customers WHERE deleted_at IS NULL AND id = "
        << sql.bind(customer_id, "uuid") << ")";
    const auto rs = sql.run(s);
    const Row r(rs, 0);
    return ports::OrderPlace{!r.is_null(0), r.text(0), r.boolean(1)};
  });
}

std::optional<ports::StoredReplay> PgCustomOrderStore::replay(const std::string& scope,
                                                              const std::string& key) {
  return db_.with_session(
      [&](Poco::Data::Session& s) { return find_idempotency_key(s, scope, key); });
}

std::optional<CustomOrder> PgCustomOrderStore::create(
    const CustomOrder& draft, const std::optional<pos::DepositRequest>& deposit,
    const std::string& number_format, const std::string& shift_owner,
    const ports::WriteContext& context) {
  return db_.transact([&](Transaction& tx) -> std::optional<CustomOrder> {
    auto& s = tx.session();
    if (!claim_idempotency_key(s, context.idempotency_scope, context.idempotency_key,
                               draft.request_hash, draft.id)) {
      return std::nullopt;
    }
    std::optional<OpenShift> shift;
    if (deposit) {
      shift = lock_open_shift(s, deposit->shift_id, "", shift_owner);
      check_branch(*shift, draft);
    }
    CustomOrder order = draft;
    order.seq = take_branch_number(s, order.branch_id, "custom_order");
    order.number = format_document_number(number_format, order.seq);
    Sql head(
        "INSERT INTO custom_orders (id, number, seq, branch_id, customer_id, due_date, note,"
        " discount_percent_bp, discount_amount, subtotal, discount_total, tax_total, total,"
        " created_by, request_hash) VALUES (");
    head << insert_order_sql_values(head, order) << ")";
    head.run(s);
    insert_lines(s, order);
    write_event(s, order.id, "", "open", order.created_by, "");
    if (deposit) {
      write_deposit(s, order.id, "deposit", pos::to_string(*deposit->method), deposit->amount,
                    *shift, "", order.created_by);
    }
    auth::AuditEntry entry = context.audit;
    entry.entity_id = order.id;
    entry.after_json = "{\"number\":\"" + order.number + "\",\"total\":" + n(order.total) +
                       ",\"deposit\":" + n(deposit ? deposit->amount : 0) + "}";
    insert_audit(s, entry);
    return select_order(s, order.id);
  });
}

std::optional<CustomOrder> PgCustomOrderStore::add_deposit(const std::string& order_id,
                                                           const pos::DepositRequest& deposit,
                                                           const std::string& shift_owner,
                                                           const std::string& request_hash,
                                                           const ports::WriteContext& context) {
  return db_.transact([&](Transaction& tx) -> std::optional<CustomOrder> {
    auto& s = tx.session();
    if (!claim_idempotency_key(s, context.idempotency_scope, context.idempotency_key, request_hash,
                               order_id)) {
      return std::nullopt;
    }
    const OpenShift shift = lock_open_shift(s, deposit.shift_id, "", shift_owner);
    const CustomOrder order = lock_order(s, order_id, 0);
    check_branch(shift, order);
    pos::check_deposit(order, deposit.amount);
    const std::string method = pos::to_string(*deposit.method);
    write_deposit(s, order.id, "deposit", method, deposit.amount, shift, "",
                  context.audit.actor_id);
    audit(s, context, order,
          "{\"method\":\"" + method + "\",\"amount\":" + n(deposit.amount) + ",\"paid\":" +
              n(order.paid + deposit.amount) + ",\"shift_id\":\"" + shift.id + "\"}");
    return select_order(s, order.id);
  });
}

std::optional<CustomOrder> PgCustomOrderStore::set_status(const std::string& order_id,
                                                          OrderStatus to, int expected_version,
                                                          const std::string& note,
                                                          const std::string& request_hash,
                                                          const ports::WriteContext& context) {
  return db_.transact([&](Transaction& tx) -> std::optional<CustomOrder> {
    auto& s = tx.session();
    if (!claim_idempotency_key(s, context.idempotency_scope, context.idempotency_key, request_hash,
                               order_id)) {
      return std::nullopt;
    }
    const CustomOrder order = lock_order(s, order_id, expected_version);
    pos::check_order_transition(order.status, to);
    move_status(s, order, to, "", context.audit.actor_id, note);
    audit(s, context, order, "{\"status\":\"" + std::string(pos::to_string(to)) + "\"}");
    return select_order(s, order.id);
  });
}

std::optional<CustomOrder> PgCustomOrderStore::deliver(
    const std::string& order_id, const std::string& shift_id, const std::string& shift_owner,
    int expected_version, const BuildInvoice& invoice, const std::string& sale_number_format,
    const std::string& request_hash, const ports::WriteContext& context) {
  return db_.transact([&](Transaction& tx) -> std::optional<CustomOrder> {
    auto& s = tx.session();
    if (!claim_idempotency_key(s, context.idempotency_scope, context.idempotency_key, request_hash,
                               order_id)) {
      return std::nullopt;
    }
    const OpenShift shift = lock_open_shift(s, shift_id, "", shift_owner);
    const CustomOrder order = lock_order(s, order_id, expected_version);
    pos::check_order_transition(order.status, OrderStatus::kDelivered);
    check_branch(shift, order);

    Sql till(
        "SELECT b.code, r.code, b.negative_stock = 'allow' FROM registers r JOIN branches b ON"
        " b.id = r.branch_id WHERE r.id = ");
    till << till.bind(shift.register_id, "uuid");
    const auto ts = till.run(s);
    if (ts.rowCount() == 0) throw Error::internal();
    const Row t(ts, 0);
    const std::string format =
        fill(fill(sale_number_format, "{branch}", t.text(0)), "{register}", t.text(1));

    pos::Sale sale = invoice(order);
    sale.register_id = shift.register_id;
    sale.shift_id = shift.id;
    if (!write_sale(s, sale, t.boolean(2), format, shift_owner)) throw Error::internal();
    if (order.paid > 0) {
      write_deposit(s, order.id, "applied", "deposit", -order.paid, shift, sale.id,
                    context.audit.actor_id);
    }
    move_status(s, order, OrderStatus::kDelivered, sale.id, context.audit.actor_id, "");
    audit(s, context, order,
          "{\"status\":\"delivered\",\"sale_id\":\"" + sale.id + "\",\"sale_number\":\"" +
              sale.number + "\",\"applied\":" + n(order.paid) + "}");
    return select_order(s, order.id);
  });
}

std::optional<CustomOrder> PgCustomOrderStore::cancel(
    const std::string& order_id, const pos::CancelRequest& request, const std::string& shift_owner,
    int expected_version, const std::string& request_hash, const ports::WriteContext& context) {
  return db_.transact([&](Transaction& tx) -> std::optional<CustomOrder> {
    auto& s = tx.session();
    if (!claim_idempotency_key(s, context.idempotency_scope, context.idempotency_key, request_hash,
                               order_id)) {
      return std::nullopt;
    }
    std::optional<OpenShift> shift;
    if (!request.shift_id.empty()) shift = lock_open_shift(s, request.shift_id, "", shift_owner);
    const CustomOrder order = lock_order(s, order_id, expected_version);
    pos::check_order_transition(order.status, OrderStatus::kCancelled);
    const auto returns = pos::deposits_to_return(order);
    if (!returns.empty()) {
      if (!shift) {
        throw Error::validation({{"shift_id", "required",
                                  "This order has deposits to return; name the open shift that "
                                  "pays them back."}});
      }
      check_branch(*shift, order);
      std::int64_t cash = 0;
      for (const auto& r : returns) {
        if (r.method == pos::PaymentMethod::kCash) cash += r.amount;
      }
      if (cash > 0) {  // the drawer rule of paid-outs (lock the totals: concurrent payouts wait)
        pos::CashMovement payout;
        payout.shift_id = shift->id;
        payout.kind = pos::CashMovementKind::kPaidOut;
        payout.amount = cash;
        pos::check_drawer_can_pay(read_shift_totals(s, shift->id, true), payout);
      }
      for (const auto& r : returns) {
        write_deposit(s, order.id, "return", pos::to_string(r.method), -r.amount, *shift, "",
                      context.audit.actor_id);
      }
    }
    move_status(s, order, OrderStatus::kCancelled, "", context.audit.actor_id, request.reason);
    audit(s, context, order, "{\"status\":\"cancelled\",\"returned\":" + n(order.paid) + "}");
    return select_order(s, order.id);
  });
}

std::optional<CustomOrder> PgCustomOrderStore::find(const std::string& id) {
  return db_.with_session([&](Poco::Data::Session& s) { return select_order(s, id); });
}

std::vector<CustomOrder> PgCustomOrderStore::list(const pos::CustomOrderQuery& q) {
  return db_.with_session([&](Poco::Data::Session& s) {
    Sql sql("SELECT " + kOrderColumns +
            " FROM custom_orders o JOIN branches b ON b.id = o.branch_id WHERE true");
    if (!q.before_id.empty()) sql << " AND o.id < " << sql.bind(q.before_id, "uuid");
    if (!q.branch_id.empty()) sql << " AND o.branch_id = " << sql.bind(q.branch_id, "uuid");
    if (!q.customer_id.empty()) {
      sql << " AND o.customer_id = " << sql.bind(q.customer_id, "uuid");
    }
    if (!q.status.empty()) sql << " AND o.status = " << sql.bind(q.status, "text");
    if (!q.number.empty()) sql << " AND o.number = " << sql.bind(q.number, "text");
    if (!q.from_date.empty()) {
      sql << " AND o.created_at >= (" << sql.bind(q.from_date, "date")
          << ")::timestamp AT TIME ZONE b.timezone";
    }
    if (!q.to_date.empty()) {
      sql << " AND o.created_at < (" << sql.bind(q.to_date, "date")
          << " + 1)::timestamp AT TIME ZONE b.timezone";
    }
    sql << " ORDER BY o.id DESC LIMIT " << std::to_string(q.limit);
    return select_orders(s, sql);
  });
}

}  // namespace regal::pg
