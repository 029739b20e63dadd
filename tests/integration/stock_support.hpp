#pragma once
// A fixture for the stock and expense suites against the real PostgreSQL of the test stack:
// branches, products, vendors and (for drawer expenses) users and open shifts made directly.

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include <string>

#include "regal/core/clock.hpp"
#include "regal/core/id.hpp"
#include "regal/data/pg/database.hpp"
#include "regal/data/pg/pg_catalog.hpp"
#include "regal/data/pg/pg_expenses.hpp"
#include "regal/data/pg/pg_sales.hpp"
#include "regal/data/pg/pg_stock.hpp"
#include "regal/pos/catalog_service.hpp"
#include "regal/pos/expense_service.hpp"
#include "regal/pos/sale_service.hpp"
#include "regal/pos/stock_service.hpp"
#include "support/test_env.hpp"

namespace regal::test::stock {

inline auth::Actor actor_with(auth::PosRole role, const std::string& user_id = "") {
  auth::Actor a;
  a.principal = auth::Principal{user_id, role, auth::DeskRole::kEndUser};
  a.request_id = "it-stock";
  return a;
}

struct StockFixture {
  pg::Database db{{.url = env("DATABASE_URL"), .max_sessions = 16}};
  SystemClock clock;
  pg::PgCatalogStore catalog_store{db};
  pg::PgStockStore stock_store{db};
  pg::PgSalesStore sales_store{db};
  pg::PgExpenseStore expense_store{db};
  pos::CatalogService catalog{catalog_store, clock};
  pos::StockService stock{stock_store, clock};
  pos::SaleService sales{sales_store, clock};
  pos::ExpenseService expenses{expense_store, clock};
  auth::Actor admin = actor_with(auth::PosRole::kAdmin);
  std::string tag = random_hex(4);

  std::string branch(const std::string& code, const std::string& negative_stock = "block",
                     const std::string& timezone = "Europe/Vienna") {
    return catalog
        .create(admin, pos::Entity::kBranch,
                {{"code", code + tag},
                 {"name", "Branch " + code},
                 {"currency", std::string("EUR")},
                 {"timezone", timezone},
                 {"negative_stock", negative_stock}},
                std::nullopt, {})
        .id;
  }

  std::string register_of(const std::string& branch_id) {
    return catalog
        .create(
            admin, pos::Entity::kRegister,
            {{"branch_id", branch_id}, {"code", std::string("T1")}, {"name", std::string("Till")}},
            std::nullopt, {})
        .id;
  }

  std::string vendor() {
    return catalog
        .create(admin, pos::Entity::kVendor, {{"name", "Vendor " + tag}}, std::nullopt, {})
        .id;
  }

  // A product costing `cost`, with `levels` as opening stock.
  std::string product(const std::string& sku, std::int64_t cost,
                      const std::vector<pos::StockLevel>& levels) {
    return catalog
        .create(admin, pos::Entity::kProduct,
                {{"sku", sku + tag},
                 {"name", "Item " + sku},
                 {"unit_price", cost * 2},
                 {"cost_price", cost}},
                std::nullopt, levels)
        .id;
  }

  std::int64_t scalar(const std::string& sql) {
    return db.with_session([&](Poco::Data::Session& s) {
      Poco::Data::Statement st(s);
      st << sql, Poco::Data::Keywords::now;
      Poco::Data::RecordSet rs(st);
      if (rs.rowCount() == 0 || rs.isNull(0, 0)) return Poco::Int64(0);
      return rs.value(0, 0).convert<Poco::Int64>();
    });
  }
  void exec(const std::string& sql) {
    db.with_session([&](Poco::Data::Session& s) { s << sql, Poco::Data::Keywords::now; });
  }

  std::int64_t on_hand(const std::string& product_id, const std::string& branch_id) {
    return scalar("SELECT qty FROM stock WHERE product_id = '" + product_id +
                  "' AND branch_id = '" + branch_id + "'");
  }
  std::int64_t movements_sum(const std::string& product_id, const std::string& branch_id) {
    return scalar("SELECT coalesce(sum(delta), 0) FROM stock_movements WHERE product_id = '" +
                  product_id + "' AND branch_id = '" + branch_id + "'");
  }
  std::int64_t cost_of(const std::string& product_id) {
    return scalar("SELECT cost_price FROM products WHERE id = '" + product_id + "'");
  }
  std::int64_t vendor_balance(const std::string& vendor_id) {
    return scalar("SELECT balance FROM vendors WHERE id = '" + vendor_id + "'");
  }

  // An account (for cash movements, whose actor must be a user) with this POS role.
  std::string user(const std::string& role) {
    const std::string id = new_uuid_v7();
    const std::string name = role + random_hex(5);
    exec("INSERT INTO users (id, full_name, email, username, password_hash, pos_role) VALUES ('" +
         id + "', 'It " + role + "', '" + name + "@it.test', '" + name + "', 'not-a-hash', '" + role +
         "')");
    return id;
  }

  // An open shift on the register with this opening float (and its totals row).
  std::string open_shift(const std::string& branch_id, const std::string& register_id,
                         const std::string& cashier_id, std::int64_t opening_float) {
    const std::string id = new_uuid_v7();
    exec("INSERT INTO shifts (id, branch_id, register_id, cashier_id, opening_float) VALUES ('" +
         id + "', '" + branch_id + "', '" + register_id + "', '" + cashier_id + "', " +
         std::to_string(opening_float) + ")");
    exec("INSERT INTO shift_totals (shift_id) VALUES ('" + id + "')");
    return id;
  }
};

}  // namespace regal::test::stock
