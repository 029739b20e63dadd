#include "regal/pos/shift_json.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

#include "regal/core/clock.hpp"
#include "regal/core/error.hpp"

namespace regal::pos {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;
using Poco::Dynamic::Var;

Var nullable(const std::string& text) { return text.empty() ? Var() : Var(text); }
Var time_or_null(std::int64_t ms) { return ms != 0 ? Var(format_rfc3339_ms(ms)) : Var(); }
Var opt(const std::optional<std::int64_t>& v) { return v ? Var(Poco::Int64(*v)) : Var(); }

std::string dump(const Object::Ptr& o) {
  std::ostringstream out;
  o->stringify(out);
  return out.str();
}

Array::Ptr denominations(const std::vector<Denomination>& ds) {
  Array::Ptr a = new Array;
  for (const auto& d : ds) {
    Object::Ptr x = new Object;
    x->set("value", Poco::Int64(d.value));
    x->set("count", Poco::Int64(d.count));
    a->add(x);
  }
  return a;
}

Object::Ptr shift_object(const Shift& s) {
  Object::Ptr o = new Object;
  o->set("id", s.id);
  o->set("branch_id", s.branch_id);
  o->set("register_id", s.register_id);
  o->set("cashier_id", s.cashier_id);
  o->set("status", s.status);
  o->set("opening_float", Poco::Int64(s.opening_float));
  o->set("opening_counts", denominations(s.opening_counts));
  o->set("note", s.note);
  o->set("opened_at", time_or_null(s.opened_at_ms));
  o->set("closed_at", time_or_null(s.closed_at_ms));
  o->set("closed_by", nullable(s.closed_by));
  o->set("z_report_id", nullable(s.z_report_id));
  o->set("version", s.version);
  return o;
}

Array::Ptr counted_array(const std::vector<CountedTender>& counted) {
  Array::Ptr a = new Array;
  for (const auto& c : counted) {
    Object::Ptr x = new Object;
    x->set("method", c.method);
    x->set("amount", Poco::Int64(c.amount));
    x->set("denominations", denominations(c.denominations));
    a->add(x);
  }
  return a;
}

// Reading back: every member is checked; a malformed stored body is a bug, not a client error.
struct Reader {
  Object::Ptr o;
  std::int64_t i(const char* k) const {
    const Var v = o->get(k);
    return v.isEmpty() ? 0 : v.convert<Poco::Int64>();
  }
  std::optional<std::int64_t> oi(const char* k) const {
    const Var v = o->get(k);
    if (v.isEmpty()) return std::nullopt;
    return v.convert<Poco::Int64>();
  }
  std::string s(const char* k) const {
    const Var v = o->get(k);
    return v.isEmpty() ? std::string() : v.convert<std::string>();
  }
  Object::Ptr obj(const char* k) const {
    auto x = o->getObject(k);
    if (!x) throw Error::internal();
    return x;
  }
  Array::Ptr arr(const char* k) const {
    auto x = o->getArray(k);
    if (!x) return new Array;
    return x;
  }
};

std::vector<Denomination> read_denominations(const Array::Ptr& a) {
  std::vector<Denomination> out;
  for (unsigned k = 0; k < a->size(); ++k) {
    Reader r{a->getObject(k)};
    if (!r.o) throw Error::internal();
    out.push_back({r.i("value"), r.i("count")});
  }
  return out;
}

std::vector<CountedTender> read_counted(const Array::Ptr& a) {
  std::vector<CountedTender> out;
  for (unsigned k = 0; k < a->size(); ++k) {
    Reader r{a->getObject(k)};
    if (!r.o) throw Error::internal();
    out.push_back({r.s("method"), r.i("amount"), read_denominations(r.arr("denominations"))});
  }
  return out;
}

}  // namespace

std::string shift_to_json(const Shift& shift) { return dump(shift_object(shift)); }

std::string cash_movement_to_json(const CashMovement& m) {
  Object::Ptr o = new Object;
  o->set("id", m.id);
  o->set("shift_id", m.shift_id);
  o->set("kind", std::string(to_string(m.kind)));
  o->set("amount", Poco::Int64(m.amount));
  o->set("reason", m.reason);
  o->set("reverses_id", nullable(m.reverses_id));
  o->set("expense_id", nullable(m.expense_id));
  o->set("actor_id", m.actor_id);
  o->set("created_at", time_or_null(m.created_at_ms));
  return dump(o);
}

std::string shift_report_to_json(const ShiftReport& r, bool blind) {
  Object::Ptr o = new Object;
  o->set("kind", r.kind);
  o->set("id", nullable(r.id));
  o->set("number", nullable(r.number));
  o->set("seq", r.seq != 0 ? Var(Poco::Int64(r.seq)) : Var());
  if (blind) o->set("blind", true);
  o->set("shift", shift_object(r.shift));
  const ShiftTotals& t = r.totals;
  Object::Ptr totals = new Object;
  const std::pair<const char*, std::int64_t> figures[] = {
      {"opening_float", t.opening_float}, {"sales_count", t.sales_count},
      {"sales_gross", t.sales_gross},     {"sales_discounts", t.sales_discounts},
      {"sales_net", t.sales_net},         {"sales_tax", t.sales_tax},
      {"sales_total", t.sales_total},     {"sales_cost", t.sales_cost},
      {"refunds_count", t.refunds_count}, {"refunds_net", t.refunds_net},
      {"refunds_tax", t.refunds_tax},     {"refunds_total", t.refunds_total},
      {"voids_count", t.voids_count},     {"voids_total", t.voids_total},
      {"paid_in", t.paid_in},             {"paid_out", t.paid_out},
      {"drops", t.drops},                 {"no_sale_count", t.no_sale_count}};
  for (const auto& [name, value] : figures) totals->set(name, Poco::Int64(value));
  totals->set("first_number", nullable(t.first_number));
  totals->set("last_number", nullable(t.last_number));
  Array::Ptr taxes = new Array;
  for (const auto& x : t.taxes) {
    Object::Ptr a = new Object;
    a->set("rate", Poco::Int64(x.rate_bp));
    a->set("sales_taxable", Poco::Int64(x.sales_taxable));
    a->set("sales_tax", Poco::Int64(x.sales_tax));
    a->set("refunds_taxable", Poco::Int64(x.refunds_taxable));
    a->set("refunds_tax", Poco::Int64(x.refunds_tax));
    taxes->add(a);
  }
  totals->set("taxes", taxes);
  o->set("totals", totals);
  Array::Ptr tenders = new Array;
  for (const auto& x : r.tenders) {
    Object::Ptr a = new Object;
    a->set("method", x.method);
    a->set("sales", Poco::Int64(x.sales));
    a->set("refunds", Poco::Int64(x.refunds));
    a->set("deposits", Poco::Int64(x.deposits));
    a->set("expected", blind ? Var() : Var(Poco::Int64(x.expected)));
    a->set("counted", opt(x.counted));
    a->set("variance", opt(x.variance));
    tenders->add(a);
  }
  o->set("tenders", tenders);
  o->set("expected_cash", blind ? Var() : Var(Poco::Int64(r.expected_cash)));
  o->set("counted_cash", opt(r.counted_cash));
  o->set("variance", opt(r.variance));
  o->set("gross_margin", Poco::Int64(r.gross_margin));
  o->set("grand_total", r.kind == "Z" ? Var(Poco::Int64(r.grand_total)) : Var());
  o->set("created_at", time_or_null(r.created_at_ms));
  if (r.kind == "Z") {
    Object::Ptr place = new Object;
    place->set("branch_name", r.branch_name);
    place->set("branch_code", r.branch_code);
    place->set("register_code", r.register_code);
    place->set("currency", r.currency);
    place->set("currency_digits", r.currency_digits);
    place->set("local_opened", r.local_opened);
    place->set("local_closed", r.local_closed);
    o->set("place", place);
  }
  Array::Ptr recounts = new Array;
  for (const auto& c : r.recounts) {
    Object::Ptr a = new Object;
    a->set("id", c.id);
    a->set("counted", counted_array(c.counted));
    a->set("counted_cash", Poco::Int64(c.counted_cash));
    a->set("variance", Poco::Int64(c.variance));
    a->set("approved_by", c.approved_by);
    a->set("actor_id", c.actor_id);
    a->set("reason", c.reason);
    a->set("created_at", time_or_null(c.created_at_ms));
    recounts->add(a);
  }
  o->set("recounts", recounts);
  return dump(o);
}

ShiftReport shift_report_from_json(const std::string& json) {
  try {
    Poco::JSON::Parser parser;
    Reader r{parser.parse(json).extract<Object::Ptr>()};
    ShiftReport out;
    out.kind = r.s("kind");
    out.id = r.s("id");
    out.number = r.s("number");
    out.seq = r.i("seq");
    const Reader s{r.obj("shift")};
    out.shift.id = s.s("id");
    out.shift.branch_id = s.s("branch_id");
    out.shift.register_id = s.s("register_id");
    out.shift.cashier_id = s.s("cashier_id");
    out.shift.status = s.s("status");
    out.shift.opening_float = s.i("opening_float");
    out.shift.opening_counts = read_denominations(s.arr("opening_counts"));
    out.shift.note = s.s("note");
    out.shift.closed_by = s.s("closed_by");
    out.shift.z_report_id = s.s("z_report_id");
    out.shift.version = static_cast<int>(s.i("version"));
    const Reader t{r.obj("totals")};
    ShiftTotals& x = out.totals;
    x.opening_float = t.i("opening_float");
    x.sales_count = t.i("sales_count");
    x.sales_gross = t.i("sales_gross");
    x.sales_discounts = t.i("sales_discounts");
    x.sales_net = t.i("sales_net");
    x.sales_tax = t.i("sales_tax");
    x.sales_total = t.i("sales_total");
    x.sales_cost = t.i("sales_cost");
    x.refunds_count = t.i("refunds_count");
    x.refunds_net = t.i("refunds_net");
    x.refunds_tax = t.i("refunds_tax");
    x.refunds_total = t.i("refunds_total");
    x.voids_count = t.i("voids_count");
    x.voids_total = t.i("voids_total");
    x.paid_in = t.i("paid_in");
    x.paid_out = t.i("paid_out");
    x.drops = t.i("drops");
    x.no_sale_count = t.i("no_sale_count");
    x.first_number = t.s("first_number");
    x.last_number = t.s("last_number");
    const auto taxes = t.arr("taxes");
    for (unsigned k = 0; k < taxes->size(); ++k) {
      const Reader a{taxes->getObject(k)};
      x.taxes.push_back({a.i("rate"), a.i("sales_taxable"), a.i("sales_tax"),
                         a.i("refunds_taxable"), a.i("refunds_tax")});
    }
    const auto tenders = r.arr("tenders");
    for (unsigned k = 0; k < tenders->size(); ++k) {
      const Reader a{tenders->getObject(k)};
      out.tenders.push_back({a.s("method"), a.i("sales"), a.i("refunds"), a.i("deposits"),
                             a.i("expected"), a.oi("counted"), a.oi("variance")});
      x.tenders.push_back({a.s("method"), a.i("sales"), a.i("refunds"), a.i("deposits")});
    }
    out.expected_cash = r.i("expected_cash");
    out.counted_cash = r.oi("counted_cash");
    out.variance = r.oi("variance");
    out.gross_margin = r.i("gross_margin");
    out.grand_total = r.i("grand_total");
    if (auto place = r.o->getObject("place")) {
      const Reader p{place};
      out.branch_name = p.s("branch_name");
      out.branch_code = p.s("branch_code");
      out.register_code = p.s("register_code");
      out.currency = p.s("currency");
      out.currency_digits = static_cast<int>(p.i("currency_digits"));
      out.local_opened = p.s("local_opened");
      out.local_closed = p.s("local_closed");
    }
    const auto recounts = r.arr("recounts");
    for (unsigned k = 0; k < recounts->size(); ++k) {
      const Reader a{recounts->getObject(k)};
      ShiftReport::Recount c;
      c.id = a.s("id");
      c.counted = read_counted(a.arr("counted"));
      c.counted_cash = a.i("counted_cash");
      c.variance = a.i("variance");
      c.approved_by = a.s("approved_by");
      c.actor_id = a.s("actor_id");
      c.reason = a.s("reason");
      out.recounts.push_back(std::move(c));
    }
    return out;
  } catch (const Error&) {
    throw;
  } catch (const std::exception&) {
    throw Error::internal();
  }
}

}  // namespace regal::pos
