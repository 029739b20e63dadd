#include "e2e/stock_support.hpp"

#include <boost/test/unit_test.hpp>

namespace regal::test::stock {

std::string Shop::product(std::int64_t cost, std::int64_t qty, std::int64_t other_qty,
                          std::int64_t reorder_level) const {
  Obj body = with(product_body(fresh_tag()), {{"unit_price", Var(Poco::Int64(cost * 2))},
                                              {"cost_price", Var(Poco::Int64(cost))}});
  Arr levels = new Poco::JSON::Array;
  levels->add(object({{"branch_id", branch_id},
                      {"qty", Var(Poco::Int64(qty))},
                      {"reorder_level", Var(Poco::Int64(reorder_level))}}));
  if (other_qty != 0) {
    levels->add(object({{"branch_id", other_branch_id}, {"qty", Var(Poco::Int64(other_qty))}}));
  }
  body->set("stock", levels);
  return text(create("products", body), "id");
}

long long Shop::on_hand_in(const std::string& branch, const std::string& product_id) const {
  const auto r = get(admin(), "/stock/" + branch + "/" + product_id);
  if (r.status == 404) return 0;
  BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
  return integer(data_of(r), "qty");
}

Obj Shop::purchase(const std::vector<std::pair<std::string, std::int64_t>>& qty_and_product,
                   std::int64_t unit_cost) const {
  Arr l = new Poco::JSON::Array;
  for (const auto& [product_id, qty] : qty_and_product) {
    l->add(object({{"product_id", product_id},
                   {"qty", Var(Poco::Int64(qty))},
                   {"unit_cost", Var(Poco::Int64(unit_cost))}}));
  }
  Obj o = object({{"vendor_id", vendor_id}, {"branch_id", branch_id}});
  o->set("lines", l);
  return o;
}

Obj Shop::adjustment(const std::string& kind, const Arr& l, const std::string& reason) const {
  Obj o = object({{"branch_id", branch_id}, {"kind", kind}, {"reason", reason}});
  o->set("lines", l);
  return o;
}

Obj Shop::transfer(const std::vector<std::pair<std::string, std::int64_t>>& l) const {
  Arr items = new Poco::JSON::Array;
  for (const auto& [product_id, qty] : l) items->add(qty_line(product_id, qty));
  Obj o = object({{"from_branch_id", branch_id}, {"to_branch_id", other_branch_id}});
  o->set("lines", items);
  return o;
}

Obj qty_line(const std::string& product_id, std::int64_t qty) {
  return object({{"product_id", product_id}, {"qty", Var(Poco::Int64(qty))}});
}

Obj count_line(const std::string& product_id, std::int64_t expected, std::int64_t counted) {
  return object({{"product_id", product_id},
                 {"expected", Var(Poco::Int64(expected))},
                 {"counted", Var(Poco::Int64(counted))}});
}

Arr lines(std::initializer_list<Obj> items) {
  Arr a = new Poco::JSON::Array;
  for (const auto& o : items) a->add(o);
  return a;
}

std::string user_id_of(const Session& s) { return text(data_of(get(s, "/auth/me")), "id"); }

Till::Till(const std::string& branch, std::int64_t opening_float)
    : branch_id(branch),
      register_id(text(create("registers", register_body(branch, fresh_tag())), "id")),
      account(identity::create_user(admin(), "stk" + fresh_tag(), "cashier", "END_USER")),
      cashier(identity::login_ok(account)) {
  const auto r = post(cashier, "/shifts",
                      str(object({{"register_id", register_id},
                                  {"opening_float", Var(Poco::Int64(opening_float))}})));
  BOOST_REQUIRE_MESSAGE(r.status == 201, "POST /shifts answered " << r.status << ": " << r.body);
  shift_id = text(data_of(r), "id");
}

Obj created(const HttpResult& r) {
  BOOST_REQUIRE_MESSAGE(r.status == 201, "answered " << r.status << ": " << r.body.substr(0, 400));
  return data_of(r);
}

}  // namespace regal::test::stock
