// Writes of the stock adapter: purchases, vendor payments, adjustments, transfers and reorder
// levels. Each is one transaction; locks are taken in one global order — the key, the branch's
// number series, the vendor, products (by id), stock rows (by product id, then branch id) — so
// two documents, or a document and a sale, never deadlock.
#include <Poco/Data/Session.h>

#include <map>
#include <tuple>

#include "data/pg/pg_audit.hpp"
#include "data/pg/pg_stock_reads.hpp"
#include "data/pg/pg_stock_rows.hpp"
#include "data/pg/rows.hpp"
#include "data/pg/sql.hpp"
#include "regal/core/error.hpp"
#include "regal/data/pg/database.hpp"
#include "regal/data/pg/pg_stock.hpp"

namespace regal::pg {
namespace {

using Session = Poco::Data::Session;

std::string n(std::int64_t v) { return std::to_string(v); }
std::string line_field(std::size_t i, const char* name) {
  return "lines[" + std::to_string(i) + "]." + name;
}

LiveBranch require_branch(Session& s, const std::string& id, const char* field,
                          std::vector<FieldError>& errors) {
  auto branch = live_branch(s, id);
  if (!branch) errors.push_back({field, "not_found", "No live branch has this id."});
  return branch.value_or(LiveBranch{});
}

// The live products of `lines` (by product_id), a not_found error for each unknown one.
template <class Line>
std::map<std::string, LiveProduct> require_products(Session& s, const std::vector<Line>& lines,
                                                    std::vector<FieldError>& errors) {
  std::vector<std::string> ids;
  for (const auto& l : lines) ids.push_back(l.product_id);
  auto products = live_products(s, ids);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!products.count(lines[i].product_id)) {
      errors.push_back({line_field(i, "product_id"), "not_found", "No live product has this id."});
    }
  }
  return products;
}

void throw_if(std::vector<FieldError>& errors) {
  if (!errors.empty()) throw Error::validation(std::move(errors));
}

std::string label(const LiveProduct& p) { return p.sku + " (" + p.name + ")"; }

void audit(Session& s, const ports::WriteContext& ctx, const std::string& after_json) {
  auth::AuditEntry entry = ctx.audit;
  entry.after_json = after_json;
  insert_audit(s, entry);
}

// A vendor's balance moved by `delta`, with its ledger row; the balance after. With
// `at_least` set, the balance must hold at least that much first (else nullopt, nothing moved).
std::optional<std::int64_t> move_vendor_balance(Session& s, const std::string& vendor_id,
                                                std::int64_t delta, const std::string& kind,
                                                const std::string& ref_type,
                                                const std::string& ref_id,
                                                const std::string& actor_id,
                                                std::optional<std::int64_t> at_least) {
  Sql move("UPDATE vendors SET balance = balance + ");
  move << move.bind(n(delta), "bigint")
       << " WHERE deleted_at IS NULL AND id = " << move.bind(vendor_id, "uuid");
  if (at_least) move << " AND balance >= " << move.bind(n(*at_least), "bigint");
  move << " RETURNING balance";
  const auto rs = move.run(s);
  if (rs.rowCount() == 0) return std::nullopt;
  const std::int64_t after = Row(rs, 0).int64(0);
  Sql entry(
      "INSERT INTO party_ledger (party_type, party_id, delta, balance_after, kind, ref_type,"
      " ref_id, actor_id) VALUES ('vendor', ");
  entry << entry.bind(vendor_id, "uuid") << ", " << entry.bind(n(delta), "bigint") << ", "
        << entry.bind(n(after), "bigint") << ", " << entry.bind(kind, "text") << ", "
        << entry.bind(ref_type, "text") << ", " << entry.bind(ref_id, "text") << ", NULLIF("
        << entry.bind(actor_id, "text") << ", '')::uuid)";
  entry.run(s);
  return after;
}

// ---------------------------------------------------------------------------- purchases

struct Received {
  std::int64_t qty = 0;
  std::int64_t value = 0;
  std::int64_t cost_before = 0;
  std::int64_t cost_after = 0;
};

// Locks the products (by id), moves their cost to the moving average over every branch's
// stock, and puts the received quantities into the branch's stock with their movements.
void receive_stock(Session& s, const pos::Purchase& p, std::map<std::string, Received>& received) {
  std::vector<std::string> ids;
  for (const auto& [id, r] : received) ids.push_back(id);
  Sql lock("SELECT id::text, cost_price FROM products WHERE id = ANY(");
  lock << lock.bind(pg_array(ids), "uuid[]") << ") ORDER BY id FOR NO KEY UPDATE";
  const auto costs = lock.run(s);
  for (std::size_t i = 0; i < costs.rowCount(); ++i) {
    received[Row(costs, i).text(0)].cost_before = Row(costs, i).int64(1);
  }
  for (auto& [product_id, r] : received) {
    Sql held("SELECT coalesce(sum(qty), 0)::bigint FROM stock WHERE product_id = ");
    held << held.bind(product_id, "uuid");
    const std::int64_t on_hand = Row(held.run(s), 0).int64(0);
    r.cost_after = pos::moving_average_cost(on_hand, r.cost_before, r.qty, r.value);
    if (r.cost_after != r.cost_before) {
      Sql cost("UPDATE products SET cost_price = ");
      cost << cost.bind(n(r.cost_after), "bigint")
           << " WHERE id = " << cost.bind(product_id, "uuid");
      cost.run(s);
    }
    const std::int64_t after = add_stock(s, product_id, p.branch_id, r.qty);
    insert_movement(
        s, {product_id, p.branch_id, r.qty, after, "purchase", "purchase", p.id, p.actor_id});
  }
}

// ------------------------------------------------------------------------------ counts

// Sets the stock to `counted` when it is still `expected`; nullopt (and nothing changed) when it
// is not, else the quantity after.
std::optional<std::int64_t> compare_and_set(Session& s, const std::string& product_id,
                                            const std::string& branch_id, std::int64_t expected,
                                            std::int64_t counted) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    Sql cas("UPDATE stock SET qty = ");
    cas << cas.bind(n(counted), "bigint")
        << ", updated_at = now() WHERE product_id = " << cas.bind(product_id, "uuid")
        << " AND branch_id = " << cas.bind(branch_id, "uuid")
        << " AND qty = " << cas.bind(n(expected), "bigint") << " RETURNING qty";
    if (cas.run(s).rowCount() == 1) return counted;
    if (expected != 0 || attempt > 0) return std::nullopt;
    // Never stocked here: a missing row holds 0. A concurrent insert makes the second try an
    // ordinary compare-and-set against the row it created.
    Sql put("INSERT INTO stock (product_id, branch_id, qty) VALUES (");
    put << put.bind(product_id, "uuid") << ", " << put.bind(branch_id, "uuid") << ", "
        << put.bind(n(counted), "bigint") << ") ON CONFLICT DO NOTHING RETURNING qty";
    if (put.run(s).rowCount() == 1) return counted;
  }
  return std::nullopt;
}

}  // namespace

std::optional<pos::Purchase> PgStockStore::record_purchase(const pos::Purchase& draft,
                                                           const ports::WriteContext& ctx) {
  return db_.transact([&](Transaction& tx) -> std::optional<pos::Purchase> {
    auto& s = tx.session();
    if (!claim_idempotency_key(s, ctx.idempotency_scope, ctx.idempotency_key, draft.request_hash,
                               draft.id)) {
      return std::nullopt;
    }
    std::vector<FieldError> errors;
    const LiveBranch branch = require_branch(s, draft.branch_id, "branch_id", errors);
    Sql vendor("SELECT 1 FROM vendors WHERE deleted_at IS NULL AND id = ");
    vendor << vendor.bind(draft.vendor_id, "uuid") << " FOR NO KEY UPDATE";
    if (vendor.run(s).rowCount() == 0) {
      errors.push_back({"vendor_id", "not_found", "No live vendor has this id."});
    }
    require_products(s, draft.lines, errors);
    throw_if(errors);

    pos::Purchase p = draft;
    const std::int64_t seq = take_branch_number(s, p.branch_id, "purchase");
    p.number = pos::stock_document_number("PO", branch.code, seq);
    std::map<std::string, Received> received;
    for (const auto& l : p.lines) {
      received[l.product_id].qty += l.qty;
      received[l.product_id].value += l.total;
    }
    receive_stock(s, p, received);
    for (auto& l : p.lines) {
      l.cost_before = received[l.product_id].cost_before;
      l.cost_after = received[l.product_id].cost_after;
    }
    p.vendor_balance_after = *move_vendor_balance(s, p.vendor_id, p.unpaid(), "purchase",
                                                  "purchase", p.id, p.actor_id, std::nullopt);
    Sql head(
        "INSERT INTO purchases (id, number, seq, branch_id, vendor_id, reference, total,"
        " paid_amount, paid_method, vendor_balance_after, actor_id, request_hash) VALUES (");
    head << head.bind(p.id, "uuid") << ", " << head.bind(p.number, "text") << ", "
         << head.bind(n(seq), "bigint") << ", " << head.bind(p.branch_id, "uuid") << ", "
         << head.bind(p.vendor_id, "uuid") << ", " << head.bind(p.reference, "text") << ", "
         << head.bind(n(p.total), "bigint") << ", " << head.bind(n(p.paid_amount), "bigint")
         << ", NULLIF(" << head.bind(p.paid_method, "text") << ", ''), "
         << head.bind(n(p.vendor_balance_after), "bigint") << ", NULLIF("
         << head.bind(p.actor_id, "text") << ", '')::uuid, " << head.bind(p.request_hash, "text")
         << ")";
    head.run(s);
    for (const auto& l : p.lines) {
      Sql line(
          "INSERT INTO purchase_lines (purchase_id, line_no, product_id, qty, unit_cost, total,"
          " cost_before, cost_after) VALUES (");
      line << line.bind(p.id, "uuid") << ", " << line.bind(n(l.line_no), "integer") << ", "
           << line.bind(l.product_id, "uuid") << ", " << line.bind(n(l.qty), "bigint") << ", "
           << line.bind(n(l.unit_cost), "bigint") << ", " << line.bind(n(l.total), "bigint") << ", "
           << line.bind(n(l.cost_before), "bigint") << ", " << line.bind(n(l.cost_after), "bigint")
           << ")";
      line.run(s);
    }
    audit(s, ctx,
          "{\"number\":\"" + p.number + "\",\"total\":" + n(p.total) +
              ",\"unpaid\":" + n(p.unpaid()) + "}");
    return select_purchase(s, p.id);
  });
}

std::optional<pos::VendorPayment> PgStockStore::record_vendor_payment(
    const pos::VendorPayment& draft, const ports::WriteContext& ctx) {
  return db_.transact([&](Transaction& tx) -> std::optional<pos::VendorPayment> {
    auto& s = tx.session();
    if (!claim_idempotency_key(s, ctx.idempotency_scope, ctx.idempotency_key, draft.request_hash,
                               draft.id)) {
      return std::nullopt;
    }
    const auto after =
        move_vendor_balance(s, draft.vendor_id, -draft.amount, "vendor_payment", "vendor_payment",
                            draft.id, draft.actor_id, draft.amount);
    if (!after) {
      Sql owed("SELECT balance FROM vendors WHERE deleted_at IS NULL AND id = ");
      owed << owed.bind(draft.vendor_id, "uuid");
      const auto rs = owed.run(s);
      if (rs.rowCount() == 0) throw Error::not_found("Vendor");
      const std::int64_t balance = Row(rs, 0).int64(0);
      throw Error(ErrorKind::kConflict, "VENDOR_OVERPAYMENT",
                  "The vendor is owed " + n(balance) + "; pay at most that.",
                  {{"amount", "exceeds_balance",
                    "At most " + n(std::max<std::int64_t>(balance, 0)) + "."}});
    }
    Sql pay(
        "INSERT INTO vendor_payments (id, vendor_id, amount, method, note, balance_after,"
        " actor_id, request_hash) VALUES (");
    pay << pay.bind(draft.id, "uuid") << ", " << pay.bind(draft.vendor_id, "uuid") << ", "
        << pay.bind(n(draft.amount), "bigint") << ", " << pay.bind(draft.method, "text") << ", "
        << pay.bind(draft.note, "text") << ", " << pay.bind(n(*after), "bigint") << ", NULLIF("
        << pay.bind(draft.actor_id, "text") << ", '')::uuid, "
        << pay.bind(draft.request_hash, "text") << ")";
    pay.run(s);
    audit(s, ctx,
          "{\"vendor_id\":\"" + draft.vendor_id + "\",\"amount\":" + n(draft.amount) +
              ",\"balance_after\":" + n(*after) + "}");
    return select_vendor_payment(s, draft.id);
  });
}

std::optional<pos::Adjustment> PgStockStore::record_adjustment(const pos::Adjustment& draft,
                                                               const ports::WriteContext& ctx) {
  return db_.transact([&](Transaction& tx) -> std::optional<pos::Adjustment> {
    auto& s = tx.session();
    if (!claim_idempotency_key(s, ctx.idempotency_scope, ctx.idempotency_key, draft.request_hash,
                               draft.id)) {
      return std::nullopt;
    }
    std::vector<FieldError> errors;
    const LiveBranch branch = require_branch(s, draft.branch_id, "branch_id", errors);
    const auto products = require_products(s, draft.lines, errors);
    throw_if(errors);

    pos::Adjustment a = draft;
    const std::int64_t seq = take_branch_number(s, a.branch_id, "adjustment");
    a.number = pos::stock_document_number("ADJ", branch.code, seq);
    const std::string kind(pos::to_string(a.kind));
    std::map<std::string, std::size_t> order;  // product id → line index (products are unique)
    for (std::size_t i = 0; i < a.lines.size(); ++i) order[a.lines[i].product_id] = i;
    std::vector<FieldError> changed;
    for (const auto& [product_id, i] : order) {
      auto& l = a.lines[i];
      const LiveProduct& product = products.at(product_id);
      if (a.kind == pos::AdjustmentKind::kCount) {
        const auto after = compare_and_set(s, product_id, a.branch_id, *l.expected, *l.counted);
        if (!after) {
          const std::int64_t now = stock_on_hand(s, product_id, a.branch_id);
          changed.push_back(
              {line_field(i, "expected"), "stock_changed",
               "On hand now: " + n(now) + " (counted against " + n(*l.expected) + ")."});
          continue;
        }
        l.qty_after = *after;
      } else if (l.delta < 0) {
        l.qty_after = take_stock(s, product_id, a.branch_id, -l.delta, branch.allow_negative_stock,
                                 line_field(i, "qty"), label(product));
      } else {
        l.qty_after = add_stock(s, product_id, a.branch_id, l.delta);
      }
      insert_movement(
          s, {product_id, a.branch_id, l.delta, l.qty_after, kind, "adjustment", a.id, a.actor_id});
    }
    if (!changed.empty()) {
      throw Error(ErrorKind::kConflict, "STOCK_CHANGED",
                  "The stock changed since it was counted; nothing was adjusted. Recount the "
                  "lines named in fields (each gives the figure on hand now).",
                  std::move(changed));
    }
    Sql head(
        "INSERT INTO stock_adjustments (id, number, seq, branch_id, kind, reason, actor_id,"
        " request_hash) VALUES (");
    head << head.bind(a.id, "uuid") << ", " << head.bind(a.number, "text") << ", "
         << head.bind(n(seq), "bigint") << ", " << head.bind(a.branch_id, "uuid") << ", "
         << head.bind(kind, "text") << ", " << head.bind(a.reason, "text") << ", NULLIF("
         << head.bind(a.actor_id, "text") << ", '')::uuid, " << head.bind(a.request_hash, "text")
         << ")";
    head.run(s);
    for (const auto& l : a.lines) {
      Sql line(
          "INSERT INTO stock_adjustment_lines (adjustment_id, line_no, product_id, delta,"
          " counted, expected, qty_after) VALUES (");
      line << line.bind(a.id, "uuid") << ", " << line.bind(n(l.line_no), "integer") << ", "
           << line.bind(l.product_id, "uuid") << ", " << line.bind(n(l.delta), "bigint")
           << ", NULLIF(" << line.bind(l.counted ? n(*l.counted) : "", "text")
           << ", '')::bigint, NULLIF(" << line.bind(l.expected ? n(*l.expected) : "", "text")
           << ", '')::bigint, " << line.bind(n(l.qty_after), "bigint") << ")";
      line.run(s);
    }
    audit(s, ctx, "{\"number\":\"" + a.number + "\",\"kind\":\"" + kind + "\"}");
    return select_adjustment(s, a.id);
  });
}

std::optional<pos::Transfer> PgStockStore::record_transfer(const pos::Transfer& draft,
                                                           const ports::WriteContext& ctx) {
  return db_.transact([&](Transaction& tx) -> std::optional<pos::Transfer> {
    auto& s = tx.session();
    if (!claim_idempotency_key(s, ctx.idempotency_scope, ctx.idempotency_key, draft.request_hash,
                               draft.id)) {
      return std::nullopt;
    }
    std::vector<FieldError> errors;
    const LiveBranch from = require_branch(s, draft.from_branch_id, "from_branch_id", errors);
    require_branch(s, draft.to_branch_id, "to_branch_id", errors);
    const auto products = require_products(s, draft.lines, errors);
    throw_if(errors);

    pos::Transfer t = draft;
    const std::int64_t seq = take_branch_number(s, t.from_branch_id, "transfer");
    t.number = pos::stock_document_number("TR", from.code, seq);
    // Both legs of every line, in (product id, branch id) order.
    std::map<std::tuple<std::string, std::string>, std::size_t> legs;
    for (std::size_t i = 0; i < t.lines.size(); ++i) {
      legs[{t.lines[i].product_id, t.from_branch_id}] = i;
      legs[{t.lines[i].product_id, t.to_branch_id}] = i;
    }
    for (const auto& [leg, i] : legs) {
      const auto& [product_id, branch_id] = leg;
      auto& l = t.lines[i];
      if (branch_id == t.from_branch_id) {
        l.from_qty_after = take_stock(s, product_id, branch_id, l.qty, from.allow_negative_stock,
                                      line_field(i, "qty"), label(products.at(product_id)));
        insert_movement(s, {product_id, branch_id, -l.qty, l.from_qty_after, "transfer_out",
                            "transfer", t.id, t.actor_id});
      } else {
        l.to_qty_after = add_stock(s, product_id, branch_id, l.qty);
        insert_movement(s, {product_id, branch_id, l.qty, l.to_qty_after, "transfer_in", "transfer",
                            t.id, t.actor_id});
      }
    }
    Sql head(
        "INSERT INTO stock_transfers (id, number, seq, from_branch_id, to_branch_id, note,"
        " actor_id, request_hash) VALUES (");
    head << head.bind(t.id, "uuid") << ", " << head.bind(t.number, "text") << ", "
         << head.bind(n(seq), "bigint") << ", " << head.bind(t.from_branch_id, "uuid") << ", "
         << head.bind(t.to_branch_id, "uuid") << ", " << head.bind(t.note, "text") << ", NULLIF("
         << head.bind(t.actor_id, "text") << ", '')::uuid, " << head.bind(t.request_hash, "text")
         << ")";
    head.run(s);
    for (const auto& l : t.lines) {
      Sql line(
          "INSERT INTO stock_transfer_lines (transfer_id, line_no, product_id, qty,"
          " from_qty_after, to_qty_after) VALUES (");
      line << line.bind(t.id, "uuid") << ", " << line.bind(n(l.line_no), "integer") << ", "
           << line.bind(l.product_id, "uuid") << ", " << line.bind(n(l.qty), "bigint") << ", "
           << line.bind(n(l.from_qty_after), "bigint") << ", "
           << line.bind(n(l.to_qty_after), "bigint") << ")";
      line.run(s);
    }
    audit(s, ctx,
          "{\"number\":\"" + t.number +
              "\",\"lines\":" + n(static_cast<std::int64_t>(t.lines.size())) + "}");
    return select_transfer(s, t.id);
  });
}

std::optional<pos::StockRow> PgStockStore::set_reorder_level(const std::string& branch_id,
                                                             const std::string& product_id,
                                                             std::int64_t level,
                                                             const auth::AuditEntry& audit_entry) {
  const bool done = db_.transact([&](Transaction& tx) {
    auto& s = tx.session();
    Sql put(
        "INSERT INTO stock AS s (product_id, branch_id, qty, reorder_level) SELECT p.id, b.id,"
        " 0, ");
    const std::string lvl = put.bind(n(level), "bigint");
    put << lvl << " FROM products p, branches b WHERE p.deleted_at IS NULL AND"
        << " b.deleted_at IS NULL AND p.id = " << put.bind(product_id, "uuid")
        << " AND b.id = " << put.bind(branch_id, "uuid")
        << " ON CONFLICT (product_id, branch_id) DO UPDATE SET reorder_level = " << lvl
        << ", updated_at = now() RETURNING qty";
    if (put.run(s).rowCount() == 0) return false;
    auth::AuditEntry entry = audit_entry;
    entry.after_json = "{\"reorder_level\":" + n(level) + "}";
    insert_audit(s, entry);
    return true;
  });
  if (!done) return std::nullopt;
  return stock_row(branch_id, product_id);
}

}  // namespace regal::pg
