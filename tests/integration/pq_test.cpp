// The libpq statement layer under the pooled Poco sessions (lib/src/data/pg/pq.hpp): statements
// are prepared once per connection and reused, values and NULLs read back exactly, failures
// keep the SQLSTATE and constraint but not the row values, and a connection that dies is
// replaced with its statements prepared afresh.
#include "data/pg/pq.hpp"

#include <Poco/Data/Session.h>
#include <Poco/Exception.h>

#include <boost/test/unit_test.hpp>
#include <string>

#include "data/pg/pg_error.hpp"
#include "data/pg/rows.hpp"
#include "regal/core/id.hpp"
#include "regal/data/pg/database.hpp"
#include "support/test_env.hpp"

using regal::pg::Database;
using regal::pg::exec;
using regal::pg::Result;
using regal::pg::Row;
using regal::pg::Transaction;

namespace {

struct PqFixture {
  std::string table = "pq_" + regal::random_hex(6);
  Database owner{{.url = regal::test::env("REGAL_MIGRATE_URL"), .max_sessions = 1}};
  Database db{{.url = regal::test::env("DATABASE_URL"), .max_sessions = 1}};

  PqFixture() {
    owner.with_session([&](Poco::Data::Session& s) {
      exec(s, "CREATE TABLE " + table + " (k text PRIMARY KEY, v bigint NOT NULL)");
      exec(s, "GRANT SELECT, INSERT, UPDATE, DELETE ON " + table + " TO regal_app");
    });
  }
  ~PqFixture() {
    try {
      owner.with_session([&](Poco::Data::Session& s) { exec(s, "DROP TABLE " + table); });
    } catch (...) {
    }
  }

  // How many statements with exactly this text the session's connection has prepared.
  static std::int64_t prepared_on_server(Poco::Data::Session& s, const std::string& text) {
    const Result rs = exec(s, "SELECT count(*) FROM pg_prepared_statements WHERE statement = $1",
                           {text});
    return Row(rs, 0).int64(0);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(pq, PqFixture)

BOOST_AUTO_TEST_CASE(a_statement_is_prepared_once_per_connection_and_reused) {
  const std::string text = "SELECT v FROM " + table + " WHERE k = $1";
  db.with_session([&](Poco::Data::Session& s) {
    exec(s, "INSERT INTO " + table + " VALUES ($1, $2::bigint)", {"a", "7"});
    for (int i = 0; i < 5; ++i) {
      const Result rs = exec(s, text, {"a"});
      BOOST_TEST(rs.rowCount() == 1u);
      BOOST_TEST(Row(rs, 0).int64(0) == 7);
    }
    BOOST_TEST(prepared_on_server(s, text) == 1);
  });
  // The pool hands the same (only) connection back: still one statement for the text.
  db.with_session([&](Poco::Data::Session& s) {
    BOOST_TEST(Row(exec(s, text, {"a"}), 0).int64(0) == 7);
    BOOST_TEST(prepared_on_server(s, text) == 1);
  });
}

BOOST_AUTO_TEST_CASE(values_nulls_and_counts_read_back_exactly) {
  db.with_session([&](Poco::Data::Session& s) {
    const Result rs = exec(s,
                           "SELECT NULL::text, $1::text, 9007199254740993::bigint, true, false,"
                           " $2::text",
                           {"žluťoučký, \"kůň\"\n", std::nullopt});
    const Row r(rs, 0);
    BOOST_TEST(r.is_null(0));
    BOOST_TEST(!r.opt_text(0).has_value());
    BOOST_TEST(r.text(1) == "žluťoučký, \"kůň\"\n");
    BOOST_TEST(r.int64(2) == 9007199254740993LL);  // not rounded through a double
    BOOST_TEST(r.boolean(3));
    BOOST_TEST(!r.boolean(4));
    BOOST_TEST(r.is_null(5));  // std::nullopt binds NULL
    BOOST_CHECK_THROW(r.int64(1), std::exception);  // text is not silently 0
    BOOST_CHECK_THROW(r.text(6), std::exception);   // no such column

    const Result ins = exec(s, "INSERT INTO " + table + " SELECT 'n' || g, g FROM generate_series(1, 3) g");
    BOOST_TEST(ins.affected() == 3);
    BOOST_TEST(ins.rowCount() == 0u);
  });
}

BOOST_AUTO_TEST_CASE(failures_keep_sqlstate_and_constraint_but_not_row_values) {
  db.with_session([&](Poco::Data::Session& s) {
    exec(s, "INSERT INTO " + table + " VALUES ($1, 1)", {"secret-key-value"});
    try {
      exec(s, "INSERT INTO " + table + " VALUES ($1, 1)", {"secret-key-value"});
      BOOST_FAIL("a duplicate key was accepted");
    } catch (const Poco::Exception& e) {
      BOOST_CHECK(regal::pg::classify(e) == regal::pg::PgFailure::kUniqueViolation);
      BOOST_TEST(regal::pg::violated_constraint(e) == table + "_pkey");
      BOOST_TEST(e.displayText().find("23505") != std::string::npos);
      BOOST_TEST(e.displayText().find("secret-key-value") == std::string::npos);
    }
    // The session is usable afterwards (autocommit: nothing is left aborted).
    BOOST_TEST(Row(exec(s, "SELECT count(*) FROM " + table), 0).int64(0) == 1);
  });
}

BOOST_AUTO_TEST_CASE(a_killed_connection_is_replaced_and_statements_prepared_again) {
  const std::string text = "SELECT count(*) FROM " + table + " WHERE v >= $1::bigint";
  const std::int64_t pid = db.with_session([&](Poco::Data::Session& s) {
    exec(s, text, {"0"});
    return Row(exec(s, "SELECT pg_backend_pid()"), 0).int64(0);
  });
  // A role may end its own backends: another connection of the app role kills the pooled one.
  Database killer{{.url = regal::test::env("DATABASE_URL"), .max_sessions = 1}};
  killer.with_session([&](Poco::Data::Session& s) {
    BOOST_TEST(Row(exec(s, "SELECT pg_terminate_backend($1::int)", {std::to_string(pid)}), 0)
                   .boolean(0));
  });
  // The pooled connection is dead; the transaction is retried on a new one, where the cached
  // statement does not exist yet and must be prepared again rather than assumed.
  const std::int64_t n = db.transact([&](Transaction& tx) {
    exec(tx.session(), "INSERT INTO " + table + " VALUES ('after', 1)");
    return Row(exec(tx.session(), text, {"0"}), 0).int64(0);
  });
  BOOST_TEST(n == 1);
  db.with_session([&](Poco::Data::Session& s) {
    BOOST_TEST(Row(exec(s, "SELECT pg_backend_pid()"), 0).int64(0) != pid);
    BOOST_TEST(prepared_on_server(s, text) == 1);
  });
}

BOOST_AUTO_TEST_CASE(texts_beyond_the_cap_run_unnamed) {
  db.with_session([&](Poco::Data::Session& s) {
    for (std::size_t i = 0; i < regal::pg::kMaxPrepared + 20; ++i) {
      const Result rs = exec(s, "SELECT " + std::to_string(i) + "::bigint + $1::bigint", {"1"});
      BOOST_TEST_REQUIRE(Row(rs, 0).int64(0) == static_cast<std::int64_t>(i) + 1);
    }
    const Result rs = exec(s, "SELECT count(*) FROM pg_prepared_statements");
    BOOST_TEST(Row(rs, 0).int64(0) <= static_cast<std::int64_t>(regal::pg::kMaxPrepared));
  });
}

BOOST_AUTO_TEST_SUITE_END()
