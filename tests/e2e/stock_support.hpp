#pragma once
// Helpers of the stock end-to-end suite (stock_*_test.cpp, expenses_test.cpp), written against
// docs/STOCK.md: a shop of two branches with a vendor, products with opening stock, bodies of
// the stock documents, on-hand figures read through the API, and a till whose own cashier opens
// a shift (for drawer expenses).

#include <string>
#include <utility>
#include <vector>

#include "e2e/catalog_support.hpp"
#include "regal/core/id.hpp"

namespace regal::test::stock {

using namespace regal::test::catalog;

struct Shop {
  std::string tag = fresh_tag();
  std::string branch_id = make_branch(tag);
  std::string other_branch_id = make_branch(fresh_tag());
  std::string vendor_id = make_vendor(tag);

  // A product costing `cost` with `qty` on hand here (and `other_qty` in the other branch).
  std::string product(std::int64_t cost, std::int64_t qty, std::int64_t other_qty = 0,
                      std::int64_t reorder_level = 0) const;
  // GET /stock/{branch}/{product}: the row's qty (0 when the branch never held it).
  long long on_hand(const std::string& product_id) const {
    return on_hand_in(branch_id, product_id);
  }
  long long on_hand_in(const std::string& branch, const std::string& product_id) const;

  // Request bodies.
  Obj purchase(const std::vector<std::pair<std::string, std::int64_t>>& qty_and_product,
               std::int64_t unit_cost) const;
  Obj adjustment(const std::string& kind, const Arr& lines,
                 const std::string& reason = "Test") const;
  Obj transfer(const std::vector<std::pair<std::string, std::int64_t>>& lines) const;
};

Obj qty_line(const std::string& product_id, std::int64_t qty);
Obj count_line(const std::string& product_id, std::int64_t expected, std::int64_t counted);
Arr lines(std::initializer_list<Obj> items);

// The caller's user id (GET /auth/me).
std::string user_id_of(const Session& s);

// A register of `branch_id` whose own new cashier opened a shift with `opening_float` through
// POST /api/v1/shifts.
struct Till {
  std::string branch_id;
  std::string register_id;
  identity::Account account;
  Session cashier;
  std::string shift_id;

  Till(const std::string& branch, std::int64_t opening_float);
};

// A created document's data after BOOST-requiring 201.
Obj created(const HttpResult& r);

}  // namespace regal::test::stock
