#include "regal/data/pg/database.hpp"

#include <Poco/Data/Session.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <stdexcept>
#include <thread>
#include <vector>

#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "support/test_env.hpp"

using namespace Poco::Data::Keywords;
using regal::pg::Database;
using regal::pg::Transaction;

namespace {

// A private table per test run, created by the schema owner and usable by the app role.
struct Fixture {
  std::string table = "it_" + regal::random_hex(6);
  Database owner{{.url = regal::test::env("REGAL_MIGRATE_URL"), .max_sessions = 2}};
  Database db{{.url = regal::test::env("DATABASE_URL"), .max_sessions = 4}};

  Fixture() {
    owner.with_session([&](Poco::Data::Session& s) {
      s << "CREATE TABLE " + table + " (k text PRIMARY KEY, v bigint NOT NULL)", now;
      s << "GRANT SELECT, INSERT, UPDATE, DELETE ON " + table + " TO regal_app", now;
    });
  }
  ~Fixture() {
    try {
      owner.with_session([&](Poco::Data::Session& s) { s << "DROP TABLE " + table, now; });
    } catch (...) {
    }
  }

  Poco::Int64 count(const std::string& key) {
    return db.with_session([&](Poco::Data::Session& s) {
      Poco::Int64 n = -1;
      std::string k = key;
      s << "SELECT count(*) FROM " + table + " WHERE k = $1", use(k), into(n), now;
      return n;
    });
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(database, Fixture)

BOOST_AUTO_TEST_CASE(transact_commits_when_the_body_returns) {
  const int result = db.transact([&](Transaction& tx) {
    std::string k = "a";
    Poco::Int64 v = 1;
    tx.session() << "INSERT INTO " + table + " VALUES ($1, $2)", use(k), use(v), now;
    return 42;
  });
  BOOST_TEST(result == 42);
  BOOST_TEST(count("a") == 1);
}

BOOST_AUTO_TEST_CASE(transact_rolls_back_when_the_body_throws) {
  BOOST_CHECK_THROW(db.transact([&](Transaction& tx) {
    std::string k = "b";
    Poco::Int64 v = 1;
    tx.session() << "INSERT INTO " + table + " VALUES ($1, $2)", use(k), use(v), now;
    throw regal::Error::conflict("TEST", "abort");
  }),
                    regal::Error);
  BOOST_TEST(count("b") == 0);
}

BOOST_AUTO_TEST_CASE(explicit_transaction_without_commit_rolls_back) {
  db.with_session([&](Poco::Data::Session& s) {
    {
      Transaction tx(s);
      std::string k = "c";
      Poco::Int64 v = 1;
      s << "INSERT INTO " + table + " VALUES ($1, $2)", use(k), use(v), now;
    }
    BOOST_TEST(!s.isTransaction());
  });
  BOOST_TEST(count("c") == 0);
}

BOOST_AUTO_TEST_CASE(sql_errors_propagate_and_leave_the_session_usable) {
  BOOST_CHECK_THROW(
      db.transact([&](Transaction& tx) { tx.session() << "SELECT * FROM no_such_table_xyz", now; }),
      Poco::Exception);
  BOOST_CHECK_NO_THROW(db.ping());
}

BOOST_AUTO_TEST_CASE(app_role_cannot_change_the_schema) {
  BOOST_CHECK_THROW(db.with_session([](Poco::Data::Session& s) {
    s << "CREATE TABLE app_may_not_create (x int)", now;
  }),
                    Poco::Exception);
}

BOOST_AUTO_TEST_CASE(concurrent_transactions_share_the_pool_without_loss) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        try {
          db.transact([&](Transaction& tx) {
            std::string k = "t" + std::to_string(t) + "-" + std::to_string(i);
            Poco::Int64 v = i;
            tx.session() << "INSERT INTO " + table + " VALUES ($1, $2)", use(k), use(v), now;
          });
        } catch (...) {
          ++failures;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  BOOST_TEST(failures.load() == 0);
  const Poco::Int64 total = db.with_session([&](Poco::Data::Session& s) {
    Poco::Int64 n = 0;
    s << "SELECT count(*) FROM " + table, into(n), now;
    return n;
  });
  BOOST_TEST(total == 200);
  BOOST_TEST(db.stats().capacity == 4);
}

BOOST_AUTO_TEST_CASE(reconnects_after_postgresql_restarts) {
  for (int i = 0; i < 4; ++i) db.ping();  // warm several pooled sessions
  regal::test::service("stop", "pg");
  {
    regal::test::ServiceGuard guard("pg");
    try {
      db.ping();
      BOOST_FAIL("ping succeeded with PostgreSQL stopped");
    } catch (const regal::Error& e) {
      BOOST_TEST(e.code() == "DEPENDENCY_UNAVAILABLE");
    }
    regal::test::service("start", "pg");
  }
  // Every pooled session died with the server; each must be replaced transparently.
  for (int i = 0; i < 10; ++i) BOOST_CHECK_NO_THROW(db.ping());
  BOOST_CHECK_NO_THROW(db.transact([&](Transaction& tx) {
    std::string k = "after-restart";
    Poco::Int64 v = 1;
    tx.session() << "INSERT INTO " + table + " VALUES ($1, $2)", use(k), use(v), now;
  }));
  BOOST_TEST(count("after-restart") == 1);
}

BOOST_AUTO_TEST_SUITE_END()
