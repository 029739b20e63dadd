#include <Poco/Data/Session.h>

#include <algorithm>
#include <map>

#include "data/pg/pg_audit.hpp"
#include "data/pg/pg_documents.hpp"
#include "data/pg/pg_sale_writer.hpp"
#include "data/pg/pg_shift_lock.hpp"
#include "data/pg/rows.hpp"
#include "data/pg/sql.hpp"
#include "regal/core/error.hpp"
#include "regal/data/pg/database.hpp"
#include "regal/data/pg/pg_sales.hpp"

namespace regal::pg {
namespace {

using pos::Sale;

std::string n(std::int64_t v) { return std::to_string(v); }

const std::string kSaleColumns =
    "s.id::text, coalesce(s.client_id::text, ''), s.request_hash, s.number, s.seq,"
    " s.branch_id::text, s.register_id::text, coalesce(s.shift_id::text, ''),"
    " coalesce(s.cashier_id::text, ''), coalesce(s.customer_id::text, ''),"
    " coalesce(s.salesman_id::text, ''), s.status, s.discount_percent_bp, s.discount_amount,"
    " s.subtotal, s.discount_total, s.tax_total, s.total, s.paid, s.change, s.reprint_count, " +
    ms("s.created_at") +
    ", s.version, s.commission_rate, s.commission, s.refunded_total, coalesce(" +
    ms("s.voided_at") + ", 0), coalesce(s.voided_by::text, ''), s.void_reason";

Sale to_sale(const Row& r) {
  Sale s;
  s.id = r.text(0);
  s.client_id = r.text(1);
  s.request_hash = r.text(2);
  s.number = r.text(3);
  s.seq = r.int64(4);
  s.branch_id = r.text(5);
  s.register_id = r.text(6);
  s.shift_id = r.text(7);
  s.cashier_id = r.text(8);
  s.customer_id = r.text(9);
  s.salesman_id = r.text(10);
  s.status = r.text(11);
  if (!r.is_null(12)) s.discount.percent_bp = r.int64(12);
  if (!r.is_null(13)) s.discount.amount = r.int64(13);
  s.subtotal = r.int64(14);
  s.discount_total = r.int64(15);
  s.tax_total = r.int64(16);
  s.total = r.int64(17);
  s.paid = r.int64(18);
  s.change = r.int64(19);
  s.reprint_count = static_cast<int>(r.int64(20));
  s.created_at_ms = r.int64(21);
  s.version = static_cast<int>(r.int64(22));
  s.commission_rate_bp = r.int64(23);
  s.commission = r.int64(24);
  s.refunded_total = r.int64(25);
  s.voided_at_ms = r.int64(26);
  s.voided_by = r.text(27);
  s.void_reason = r.text(28);
  return s;
}

// Lines, tenders and the tax breakdown of `sales`, read in two queries.
void attach_details(Poco::Data::Session& session, std::vector<Sale>& sales) {
  if (sales.empty()) return;
  std::vector<std::string> ids;
  std::map<std::string, Sale*> by_id;
  for (auto& s : sales) {
    ids.push_back(s.id);
    by_id[s.id] = &s;
  }
  Sql lines(std::string("SELECT sale_id::text, ") + kSaleLineColumns +
            ", refunded_qty FROM sale_lines WHERE sale_id = ANY(");
  lines << lines.bind(pg_array(ids), "uuid[]") << ") ORDER BY sale_id, line_no";
  const auto rs = lines.run(session);
  for (std::size_t i = 0; i < rs.rowCount(); ++i) {
    const Row r(rs, i);
    pos::SaleLine l = read_sale_line(r, 1);
    l.refunded_qty = r.int64(1 + kSaleLineColumnCount);
    by_id[r.text(0)]->lines.push_back(std::move(l));
  }
  Sql tenders("SELECT sale_id::text, method, amount FROM sale_payments WHERE sale_id = ANY(");
  tenders << tenders.bind(pg_array(ids), "uuid[]") << ") ORDER BY sale_id, idx";
  const auto ps = tenders.run(session);
  for (std::size_t i = 0; i < ps.rowCount(); ++i) {
    const Row r(ps, i);
    by_id[r.text(0)]->payments.push_back(
        {pos::parse_payment_method(r.text(1)).value_or(pos::PaymentMethod::kOther), r.int64(2)});
  }
  for (auto& s : sales) {
    std::map<std::int64_t, pos::TaxLine> taxes;
    for (const auto& l : s.lines) {
      auto& t = taxes[l.tax_rate_bp];
      t.rate_bp = l.tax_rate_bp;
      t.taxable += l.figures.net;
      t.tax += l.figures.tax;
    }
    for (auto& [rate, t] : taxes) s.taxes.push_back(t);
  }
}

std::vector<Sale> select_sales(Poco::Data::Session& session, Sql& sql) {
  const auto rs = sql.run(session);
  std::vector<Sale> out;
  for (std::size_t i = 0; i < rs.rowCount(); ++i) out.push_back(to_sale(Row(rs, i)));
  attach_details(session, out);
  return out;
}

std::optional<Sale> select_sale(Poco::Data::Session& session, const std::string& id) {
  Sql sql("SELECT " + kSaleColumns + " FROM sales s WHERE s.id = ");
  sql << sql.bind(id, "uuid");
  auto sales = select_sales(session, sql);
  if (sales.empty()) return std::nullopt;
  return std::move(sales.front());
}

// Takes `qty` of a product from the branch; returns the quantity left.
std::int64_t take_stock(Poco::Data::Session& session, const Sale& sale, const pos::SaleLine& line,
                        std::int64_t qty, bool allow_negative, std::size_t line_index) {
  Sql sql;
  const std::string want = sql.bind(n(qty), "bigint");
  const std::string product = sql.bind(line.product_id, "uuid");
  const std::string branch = sql.bind(sale.branch_id, "uuid");
  if (allow_negative) {
    sql << "INSERT INTO stock (product_id, branch_id, qty) VALUES (" << product << ", " << branch
        << ", 0 - " << want << ") ON CONFLICT (product_id, branch_id) DO UPDATE SET qty = "
        << "stock.qty - " << want << ", updated_at = now() RETURNING qty";
  } else {
    sql << "UPDATE stock SET qty = qty - " << want
        << ", updated_at = now() WHERE product_id = " << product << " AND branch_id = " << branch
        << " AND qty >= " << want << " RETURNING qty";
  }
  const auto rs = sql.run(session);
  if (rs.rowCount() == 1) return Row(rs, 0).int64(0);
  Sql have("SELECT qty FROM stock WHERE product_id = ");
  have << have.bind(line.product_id, "uuid")
       << " AND branch_id = " << have.bind(sale.branch_id, "uuid");
  const auto on_hand = have.run(session);
  const std::int64_t available = on_hand.rowCount() == 1 ? Row(on_hand, 0).int64(0) : 0;
  throw Error(ErrorKind::kConflict, "INSUFFICIENT_STOCK",
              "Only " + n(std::max<std::int64_t>(available, 0)) + " of " + line.sku + " (" +
                  line.description + ") on hand; the sale needs " + n(qty) + ".",
              {{"lines[" + std::to_string(line_index) + "].qty", "insufficient_stock",
                "Available: " + n(std::max<std::int64_t>(available, 0)) + "."}});
}

}  // namespace

pos::SaleLine read_sale_line(const Row& r, std::size_t first) {
  pos::SaleLine l;
  l.id = r.text(first);
  l.line_no = static_cast<int>(r.int64(first + 1));
  l.product_id = r.text(first + 2);
  l.sku = r.text(first + 3);
  l.description = r.text(first + 4);
  l.qty = r.int64(first + 5);
  l.unit_price = r.int64(first + 6);
  l.list_price = r.int64(first + 7);
  l.discount_bp = r.int64(first + 8);
  l.tax_rate_bp = r.int64(first + 9);
  l.tax_inclusive = r.boolean(first + 10);
  l.figures = {r.int64(first + 11), r.int64(first + 12), r.int64(first + 13),
               r.int64(first + 14), r.int64(first + 15), r.int64(first + 16)};
  l.unit_cost = r.int64(first + 17);
  l.category_id = r.text(first + 18);
  return l;
}

bool write_sale(Poco::Data::Session& s, Sale& sale, bool allow_negative,
                const std::string& number_format, const std::string& shift_owner) {
  lock_open_shift(s, sale.shift_id, sale.register_id, shift_owner);
  sale.seq = take_document_number(s, sale.register_id, "sale");
  sale.number = format_document_number(number_format, sale.seq);
  Sql head(
      "INSERT INTO sales (id, client_id, request_hash, number, seq, branch_id, register_id,"
      " shift_id, cashier_id, customer_id, salesman_id, discount_percent_bp, discount_amount,"
      " subtotal, discount_total, tax_total, total, paid, change, commission_rate, commission)"
      " VALUES (");
  head << head.bind(sale.id, "uuid") << ", NULLIF(" << head.bind(sale.client_id, "text")
       << ", '')::uuid, " << head.bind(sale.request_hash, "text") << ", "
       << head.bind(sale.number, "text") << ", " << head.bind(n(sale.seq), "bigint") << ", "
       << head.bind(sale.branch_id, "uuid") << ", " << head.bind(sale.register_id, "uuid")
       << ", NULLIF(" << head.bind(sale.shift_id, "text") << ", '')::uuid, NULLIF("
       << head.bind(sale.cashier_id, "text") << ", '')::uuid, NULLIF("
       << head.bind(sale.customer_id, "text") << ", '')::uuid, NULLIF("
       << head.bind(sale.salesman_id, "text") << ", '')::uuid, "
       << "NULLIF("
       << head.bind(sale.discount.percent_bp ? n(*sale.discount.percent_bp) : "", "text")
       << ", '')::integer, NULLIF("
       << head.bind(sale.discount.amount ? n(*sale.discount.amount) : "", "text")
       << ", '')::bigint, " << head.bind(n(sale.subtotal), "bigint") << ", "
       << head.bind(n(sale.discount_total), "bigint") << ", "
       << head.bind(n(sale.tax_total), "bigint") << ", " << head.bind(n(sale.total), "bigint")
       << ", " << head.bind(n(sale.paid), "bigint") << ", " << head.bind(n(sale.change), "bigint")
       << ", " << head.bind(n(sale.commission_rate_bp), "integer") << ", "
       << head.bind(n(sale.commission), "bigint")
       << ") ON CONFLICT (client_id) DO NOTHING RETURNING 1";
  if (head.run(s).rowCount() == 0) return false;  // same client id committed first

  for (const auto& l : sale.lines) {
    const auto& f = l.figures;
    Sql line(
        "INSERT INTO sale_lines (id, sale_id, line_no, product_id, sku, description, qty,"
        " unit_price, list_price, discount_bp, tax_rate, tax_inclusive, gross, line_discount,"
        " order_discount, net, tax, total, unit_cost, category_id) VALUES (");
    line << line.bind(l.id, "uuid") << ", " << line.bind(sale.id, "uuid") << ", "
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
  std::int64_t on_account = 0;
  for (std::size_t i = 0; i < sale.payments.size(); ++i) {
    const auto& p = sale.payments[i];
    if (p.method == pos::PaymentMethod::kOnAccount) on_account += p.amount;
    Sql pay("INSERT INTO sale_payments (sale_id, idx, method, amount) VALUES (");
    pay << pay.bind(sale.id, "uuid") << ", " << pay.bind(std::to_string(i), "integer") << ", "
        << pay.bind(pos::to_string(p.method), "text") << ", " << pay.bind(n(p.amount), "bigint")
        << ")";
    pay.run(s);
  }

  // Stock: one conditional update per product, in id order so concurrent sales never
  // deadlock on each other's rows.
  std::map<std::string, std::pair<std::int64_t, std::size_t>> take;  // product → qty, line
  for (std::size_t i = 0; i < sale.lines.size(); ++i) {
    const auto& l = sale.lines[i];
    if (l.product_id.empty()) continue;
    auto& [qty, first] = take.try_emplace(l.product_id, 0, i).first->second;
    qty += l.qty;
  }
  for (const auto& [product_id, want] : take) {
    const pos::SaleLine& line = sale.lines[want.second];
    const std::int64_t left = take_stock(s, sale, line, want.first, allow_negative, want.second);
    Sql move(
        "INSERT INTO stock_movements (product_id, branch_id, delta, qty_after, kind, ref_type,"
        " ref_id, actor_id) VALUES (");
    move << move.bind(product_id, "uuid") << ", " << move.bind(sale.branch_id, "uuid") << ", "
         << move.bind(n(-want.first), "bigint") << ", " << move.bind(n(left), "bigint")
         << ", 'sale', 'sale', " << move.bind(sale.id, "text") << ", NULLIF("
         << move.bind(sale.cashier_id, "text") << ", '')::uuid)";
    move.run(s);
  }

  if (on_account > 0) {
    Sql charge("UPDATE customers SET balance = balance + ");
    const std::string amount = charge.bind(n(on_account), "bigint");
    charge << amount << " WHERE id = " << charge.bind(sale.customer_id, "uuid")
           << " AND deleted_at IS NULL AND balance + " << amount
           << " <= credit_limit RETURNING balance";
    const auto rs = charge.run(s);
    if (rs.rowCount() == 0) {
      throw Error::conflict("CREDIT_LIMIT_EXCEEDED",
                            "The customer's credit limit does not cover this amount.");
    }
    Sql entry(
        "INSERT INTO party_ledger (party_type, party_id, delta, balance_after, kind, ref_type,"
        " ref_id, actor_id) VALUES ('customer', ");
    entry << entry.bind(sale.customer_id, "uuid") << ", " << entry.bind(n(on_account), "bigint")
          << ", " << entry.bind(n(Row(rs, 0).int64(0)), "bigint")
          << ", 'sale_on_account', 'sale', " << entry.bind(sale.id, "text") << ", NULLIF("
          << entry.bind(sale.cashier_id, "text") << ", '')::uuid)";
    entry.run(s);
  }
  Sql totals("SELECT regal_apply_sale(");
  totals << totals.bind(sale.id, "uuid") << ", 1)";
  totals.run(s);
  return true;
}

std::optional<Sale> find_sale(Poco::Data::Session& session, const std::string& id) {
  return select_sale(session, id);
}

ports::SalePlace PgSalesStore::place(const pos::SaleRequest& r) {
  return db_.with_session([&](Poco::Data::Session& s) {
    Sql sql(
        "SELECT b.code, b.negative_stock = 'allow', reg.code IS NOT NULL, coalesce(reg.code, ''),");
    const std::string customer = sql.bind(r.customer_id, "text");
    const std::string salesman = sql.bind(r.salesman_id, "text");
    sql << " EXISTS (SELECT 1 FROM customers c WHERE c.id = NULLIF(" << customer
        << ", '')::uuid AND c.deleted_at IS NULL),"
        << " EXISTS (SELECT 1 FROM salesmen m WHERE m.id = NULLIF(" << salesman
        << ", '')::uuid AND m.deleted_at IS NULL AND m.is_active),"
        << " coalesce((SELECT m.commission_rate FROM salesmen m WHERE m.id = NULLIF(" << salesman
        << ", '')::uuid), 0)"
        << " FROM branches b LEFT JOIN registers reg ON reg.id = "
        << sql.bind(r.register_id, "uuid")
        << " AND reg.branch_id = b.id AND reg.deleted_at IS NULL AND reg.is_active"
        << " WHERE b.deleted_at IS NULL AND b.id = " << sql.bind(r.branch_id, "uuid");
    const auto rs = sql.run(s);
    ports::SalePlace place;
    if (rs.rowCount() == 0) return place;
    const Row row(rs, 0);
    place.branch_live = true;
    place.branch_code = row.text(0);
    place.allow_negative_stock = row.boolean(1);
    place.register_in_branch = row.boolean(2);
    place.register_code = row.text(3);
    place.customer_live = row.boolean(4);
    place.salesman_live = row.boolean(5);
    place.salesman_commission_bp = row.int64(6);
    return place;
  });
}

std::vector<pos::SaleProduct> PgSalesStore::products(const std::vector<std::string>& ids,
                                                     const std::string& branch_id) {
  if (ids.empty()) return {};
  return db_.with_session([&](Poco::Data::Session& s) {
    Sql sql(
        "SELECT id::text, sku, name, unit_price, cost_price, tax_rate, tax_inclusive,"
        " limited_qty, is_active, coalesce(category_id::text, ''), (branch_ids IS NULL OR ");
    sql << sql.bind(branch_id, "uuid") << " = ANY(branch_ids)) FROM products WHERE id = ANY("
        << sql.bind(pg_array(ids), "uuid[]") << ") AND deleted_at IS NULL";
    const auto rs = sql.run(s);
    std::vector<pos::SaleProduct> out;
    for (std::size_t i = 0; i < rs.rowCount(); ++i) {
      const Row r(rs, i);
      pos::SaleProduct p;
      p.id = r.text(0);
      p.sku = r.text(1);
      p.name = r.text(2);
      p.unit_price = r.int64(3);
      p.cost_price = r.int64(4);
      p.tax_rate_bp = r.int64(5);
      p.tax_inclusive = r.boolean(6);
      if (!r.is_null(7)) p.limited_qty = r.int64(7);
      p.is_active = r.boolean(8);
      p.category_id = r.text(9);
      p.sold_in_branch = r.boolean(10);
      out.push_back(std::move(p));
    }
    return out;
  });
}

std::optional<std::string> PgSalesStore::product_by_barcode(const std::string& code) {
  return db_.with_session([&](Poco::Data::Session& s) -> std::optional<std::string> {
    Sql sql(
        "SELECT b.product_id::text FROM product_barcodes b JOIN products p ON p.id ="
        " b.product_id WHERE p.deleted_at IS NULL AND b.code = ");
    sql << sql.bind(code, "text");
    const auto rs = sql.run(s);
    if (rs.rowCount() == 0) return std::nullopt;
    return Row(rs, 0).text(0);
  });
}

std::optional<ports::SaleReplay> PgSalesStore::replay(const std::string& scope,
                                                      const std::string& key,
                                                      const std::string& client_id) {
  return db_.with_session([&](Poco::Data::Session& s) -> std::optional<ports::SaleReplay> {
    Sql sql;
    if (!key.empty()) {
      sql << "SELECT document_id::text, request_hash FROM idempotency_keys WHERE scope = "
          << sql.bind(scope, "text") << " AND key = " << sql.bind(key, "text");
    } else {
      sql << "SELECT id::text, request_hash FROM sales WHERE client_id = "
          << sql.bind(client_id, "uuid");
    }
    const auto rs = sql.run(s);
    if (rs.rowCount() == 0) return std::nullopt;
    return ports::SaleReplay{Row(rs, 0).text(0), Row(rs, 0).text(1)};
  });
}

std::optional<Sale> PgSalesStore::record(Sale sale, bool allow_negative,
                                         const std::string& number_format, const std::string& scope,
                                         const std::string& key, const std::string& shift_owner,
                                         const auth::AuditEntry& audit) {
  return db_.transact([&](Transaction& tx) -> std::optional<Sale> {
    auto& s = tx.session();
    if (!key.empty()) {
      Sql claim("INSERT INTO idempotency_keys (scope, key, request_hash, document_id) VALUES (");
      claim << claim.bind(scope, "text") << ", " << claim.bind(key, "text") << ", "
            << claim.bind(sale.request_hash, "text") << ", " << claim.bind(sale.id, "uuid")
            << ") ON CONFLICT DO NOTHING RETURNING 1";
      if (claim.run(s).rowCount() == 0) return std::nullopt;  // a twin committed first
    }
    if (!write_sale(s, sale, allow_negative, number_format, shift_owner)) {
      return std::nullopt;  // same client id committed first
    }
    auth::AuditEntry entry = audit;
    entry.after_json = "{\"number\":\"" + sale.number + "\",\"total\":" + n(sale.total) + "}";
    insert_audit(s, entry);
    return select_sale(s, sale.id);
  });
}

std::optional<Sale> PgSalesStore::void_sale(const std::string& sale_id, const std::string& reason,
                                            const auth::AuditEntry& audit) {
  return db_.transact([&](Transaction& tx) -> std::optional<Sale> {
    auto& s = tx.session();
    // The sale row lock also serialises a void against refunds of the same sale.
    Sql head(
        "SELECT status, coalesce(shift_id::text, ''), refunded_total, branch_id::text,"
        " coalesce(customer_id::text, '') FROM sales WHERE id = ");
    head << head.bind(sale_id, "uuid") << " FOR UPDATE";
    const auto hs = head.run(s);
    if (hs.rowCount() == 0) return std::nullopt;
    const Row h(hs, 0);
    const std::string branch_id = h.text(3);
    const std::string customer_id = h.text(4);
    if (h.text(0) == "void") {
      throw Error::conflict("SALE_NOT_VOIDABLE", "This sale is void already.");
    }
    if (h.int64(2) > 0) {
      throw Error::conflict("SALE_NOT_VOIDABLE",
                            "This sale has refunds; refund the rest instead of voiding it.");
    }
    if (h.text(1).empty()) {
      throw Error::conflict("SALE_NOT_VOIDABLE", "Only a sale of an open shift can be voided.");
    }
    Sql order("SELECT 1 FROM custom_orders WHERE sale_id = ");
    order << order.bind(sale_id, "uuid");
    if (order.run(s).rowCount() > 0) {
      throw Error::conflict("SALE_NOT_VOIDABLE",
                            "This invoice delivered a custom order; refund it instead.");
    }
    lock_open_shift(s, h.text(1), "", "");

    Sql lines(
        "SELECT product_id::text, sum(qty) FROM sale_lines WHERE product_id IS NOT NULL AND"
        " sale_id = ");
    lines << lines.bind(sale_id, "uuid") << " GROUP BY product_id ORDER BY product_id";
    const auto ls = lines.run(s);
    for (std::size_t i = 0; i < ls.rowCount(); ++i) {
      const Row l(ls, i);
      Sql put(
          "INSERT INTO stock (product_id, branch_id, qty) VALUES (");
      const std::string qty = put.bind(n(l.int64(1)), "bigint");
      put << put.bind(l.text(0), "uuid") << ", " << put.bind(branch_id, "uuid") << ", " << qty
          << ") ON CONFLICT (product_id, branch_id) DO UPDATE SET qty = stock.qty + " << qty
          << ", updated_at = now() RETURNING qty";
      const std::int64_t after = Row(put.run(s), 0).int64(0);
      Sql move(
          "INSERT INTO stock_movements (product_id, branch_id, delta, qty_after, kind, ref_type,"
          " ref_id, actor_id) VALUES (");
      move << move.bind(l.text(0), "uuid") << ", " << move.bind(branch_id, "uuid") << ", "
           << move.bind(n(l.int64(1)), "bigint") << ", " << move.bind(n(after), "bigint")
           << ", 'void', 'sale', " << move.bind(sale_id, "text") << ", NULLIF("
           << move.bind(audit.actor_id, "text") << ", '')::uuid)";
      move.run(s);
    }

    Sql owed(
        "SELECT coalesce(sum(amount), 0) FROM sale_payments WHERE method = 'on_account' AND"
        " sale_id = ");
    owed << owed.bind(sale_id, "uuid");
    const std::int64_t on_account = Row(owed.run(s), 0).int64(0);
    if (on_account > 0 && !customer_id.empty()) {
      Sql credit("UPDATE customers SET balance = balance - ");
      credit << credit.bind(n(on_account), "bigint")
             << " WHERE id = " << credit.bind(customer_id, "uuid") << " RETURNING balance";
      const auto cs = credit.run(s);
      Sql entry(
          "INSERT INTO party_ledger (party_type, party_id, delta, balance_after, kind, ref_type,"
          " ref_id, actor_id) VALUES ('customer', ");
      entry << entry.bind(customer_id, "uuid") << ", " << entry.bind(n(-on_account), "bigint")
            << ", " << entry.bind(n(Row(cs, 0).int64(0)), "bigint")
            << ", 'sale_void', 'sale', " << entry.bind(sale_id, "text") << ", NULLIF("
            << entry.bind(audit.actor_id, "text") << ", '')::uuid)";
      entry.run(s);
    }

    Sql mark(
        "UPDATE sales SET status = 'void', voided_at = now(), version = version + 1, voided_by ="
        " NULLIF(");
    mark << mark.bind(audit.actor_id, "text") << ", '')::uuid, void_reason = "
         << mark.bind(reason, "text") << " WHERE id = " << mark.bind(sale_id, "uuid");
    mark.run(s);
    Sql totals("SELECT regal_apply_sale(");
    totals << totals.bind(sale_id, "uuid") << ", -1)";
    totals.run(s);
    insert_audit(s, audit);
    return select_sale(s, sale_id);
  });
}

std::optional<Sale> PgSalesStore::find(const std::string& id) {
  return db_.with_session([&](Poco::Data::Session& s) { return select_sale(s, id); });
}

std::vector<Sale> PgSalesStore::list(const pos::SaleQuery& q) {
  return db_.with_session([&](Poco::Data::Session& s) {
    Sql sql("SELECT " + kSaleColumns +
            " FROM sales s JOIN branches b ON b.id = s.branch_id WHERE true");
    if (!q.before_id.empty()) sql << " AND s.id < " << sql.bind(q.before_id, "uuid");
    const std::pair<const char*, const std::string*> ids[] = {{"s.branch_id", &q.branch_id},
                                                              {"s.register_id", &q.register_id},
                                                              {"s.cashier_id", &q.cashier_id},
                                                              {"s.customer_id", &q.customer_id},
                                                              {"s.salesman_id", &q.salesman_id}};
    for (const auto& [column, value] : ids) {
      if (!value->empty()) sql << " AND " << column << " = " << sql.bind(*value, "uuid");
    }
    if (!q.status.empty()) sql << " AND s.status = " << sql.bind(q.status, "text");
    if (!q.number.empty()) sql << " AND s.number = " << sql.bind(q.number, "text");
    if (!q.from_date.empty()) {
      sql << " AND s.created_at >= (" << sql.bind(q.from_date, "date")
          << ")::timestamp AT TIME ZONE b.timezone";
    }
    if (!q.to_date.empty()) {
      sql << " AND s.created_at < (" << sql.bind(q.to_date, "date")
          << " + 1)::timestamp AT TIME ZONE b.timezone";
    }
    sql << " ORDER BY s.id DESC LIMIT " << std::to_string(q.limit);
    return select_sales(s, sql);
  });
}

std::optional<pos::ReceiptContext> PgSalesStore::receipt_context(const std::string& sale_id) {
  return db_.with_session([&](Poco::Data::Session& s) -> std::optional<pos::ReceiptContext> {
    Sql sql(
        "SELECT b.name, b.address, b.phone, b.receipt_header, b.receipt_footer, b.currency,"
        " b.currency_digits, to_char(s.created_at AT TIME ZONE b.timezone, 'YYYY-MM-DD HH24:MI'),"
        " r.code FROM sales s JOIN branches b ON b.id = s.branch_id"
        " JOIN registers r ON r.id = s.register_id WHERE s.id = ");
    sql << sql.bind(sale_id, "uuid");
    const auto rs = sql.run(s);
    if (rs.rowCount() == 0) return std::nullopt;
    const Row r(rs, 0);
    return pos::ReceiptContext{r.text(0),
                               r.text(1),
                               r.text(2),
                               r.text(3),
                               r.text(4),
                               r.text(5),
                               static_cast<int>(r.int64(6)),
                               r.text(7),
                               r.text(8)};
  });
}

int PgSalesStore::mark_reprinted(const std::string& sale_id, const auth::AuditEntry& audit) {
  return db_.transact([&](Transaction& tx) {
    Sql sql("UPDATE sales SET reprint_count = reprint_count + 1 WHERE id = ");
    sql << sql.bind(sale_id, "uuid") << " RETURNING reprint_count";
    const auto rs = sql.run(tx.session());
    if (rs.rowCount() == 0) return 0;
    const int count = static_cast<int>(Row(rs, 0).int64(0));
    auth::AuditEntry entry = audit;
    entry.after_json = "{\"reprint_count\":" + std::to_string(count) + "}";
    insert_audit(tx.session(), entry);
    return count;
  });
}

}  // namespace regal::pg
