#include "regal/data/pg/migrator.hpp"

#include <Poco/Data/Session.h>
#include <Poco/URI.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/data/pg/database.hpp"
#include "support/test_env.hpp"

namespace fs = std::filesystem;
using namespace Poco::Data::Keywords;
using regal::pg::Migrator;

namespace {

// A scratch database and a scratch migrations directory, both removed afterwards.
struct Fixture {
  std::string db_name = "mig_" + regal::random_hex(6);
  fs::path dir = fs::temp_directory_path() / ("regal-mig-" + regal::random_hex(6));
  regal::pg::Database admin{{.url = regal::test::env("REGAL_MIGRATE_URL"), .max_sessions = 1}};
  std::string url;

  Fixture() {
    fs::create_directories(dir);
    admin.with_session([&](Poco::Data::Session& s) { s << "CREATE DATABASE " + db_name, now; });
    Poco::URI uri(regal::test::env("REGAL_MIGRATE_URL"));
    uri.setPath("/" + db_name);
    url = uri.toString();
  }
  ~Fixture() {
    fs::remove_all(dir);
    try {
      admin.with_session([&](Poco::Data::Session& s) {
        s << "DROP DATABASE IF EXISTS " + db_name + " WITH (FORCE)", now;
      });
    } catch (...) {
    }
  }

  void write(const std::string& name, const std::string& sql) {
    std::ofstream(dir / name, std::ios::trunc) << sql;
  }

  Migrator migrator() const { return Migrator(url, dir.string()); }

  bool table_exists(const std::string& table) {
    regal::pg::Database db{{.url = url, .max_sessions = 1}};
    return db.with_session([&](Poco::Data::Session& s) {
      bool exists = false;
      std::string t = table;
      s << "SELECT to_regclass($1) IS NOT NULL", use(t), into(exists), now;
      return exists;
    });
  }
};

std::string error_code(const std::function<void()>& body) {
  try {
    body();
  } catch (const regal::Error& e) {
    return e.code();
  }
  return "(no error)";
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(migrator, Fixture)

BOOST_AUTO_TEST_CASE(applies_pending_files_in_order_and_records_them) {
  write("0002_b.sql", "ALTER TABLE a ADD COLUMN y int;");
  write("0001_a.sql", "CREATE TABLE a (x int);");
  const auto applied = migrator().migrate();
  BOOST_TEST(applied == (std::vector<std::string>{"0001_a.sql", "0002_b.sql"}));
  const auto status = migrator().status();
  BOOST_REQUIRE_EQUAL(status.size(), 2u);
  BOOST_TEST(status[0].applied);
  BOOST_TEST(status[1].applied);
  BOOST_TEST(status[0].applied_at.has_value());
}

BOOST_AUTO_TEST_CASE(rerun_with_nothing_pending_changes_nothing) {
  write("0001_a.sql", "CREATE TABLE a (x int);");
  BOOST_TEST(migrator().migrate().size() == 1u);
  BOOST_TEST(migrator().migrate().empty());
  write("0002_b.sql", "CREATE TABLE b (x int);");
  BOOST_TEST(migrator().migrate() == (std::vector<std::string>{"0002_b.sql"}));
}

BOOST_AUTO_TEST_CASE(a_failing_file_leaves_nothing_behind) {
  write("0001_a.sql", "CREATE TABLE a (x int);");
  write("0002_bad.sql", "CREATE TABLE half (x int);\nSELECT no_such_function();");
  write("0003_c.sql", "CREATE TABLE c (x int);");
  BOOST_TEST(error_code([&] { migrator().migrate(); }) == "MIGRATION_FAILED");
  BOOST_TEST(table_exists("a"));
  BOOST_TEST(!table_exists("half"));
  BOOST_TEST(!table_exists("c"));
  const auto status = migrator().status();
  BOOST_TEST(status[0].applied);
  BOOST_TEST(!status[1].applied);
  BOOST_TEST(!status[2].applied);
}

BOOST_AUTO_TEST_CASE(an_edited_applied_file_is_refused) {
  write("0001_a.sql", "CREATE TABLE a (x int);");
  migrator().migrate();
  write("0001_a.sql", "CREATE TABLE a (x bigint);");
  write("0002_b.sql", "CREATE TABLE b (x int);");
  BOOST_TEST(error_code([&] { migrator().migrate(); }) == "MIGRATION_MODIFIED");
  BOOST_TEST(!table_exists("b"));
  BOOST_TEST(migrator().status()[0].modified);
}

BOOST_AUTO_TEST_CASE(a_deleted_applied_file_is_refused) {
  write("0001_a.sql", "CREATE TABLE a (x int);");
  migrator().migrate();
  fs::remove(dir / "0001_a.sql");
  BOOST_TEST(error_code([&] { migrator().migrate(); }) == "MIGRATION_MISSING");
  BOOST_TEST(migrator().status()[0].missing);
}

BOOST_AUTO_TEST_CASE(badly_named_files_are_refused) {
  write("1_a.sql", "SELECT 1;");
  BOOST_TEST(error_code([&] { migrator().migrate(); }) == "INVALID_MIGRATION_NAME");
  fs::remove(dir / "1_a.sql");
  write("0001_a.sql", "SELECT 1;");
  write("0001_b.sql", "SELECT 1;");
  BOOST_TEST(error_code([&] { migrator().migrate(); }) == "INVALID_MIGRATION_NAME");
}

BOOST_AUTO_TEST_CASE(the_project_migrations_apply_to_an_empty_database) {
  const Migrator real(url, regal::test::env("REGAL_MIGRATIONS_DIR"));
  const auto applied = real.migrate();
  BOOST_TEST(!applied.empty());
  BOOST_TEST(real.migrate().empty());
  for (const auto& s : real.status()) BOOST_TEST(s.applied, s.name);
}

BOOST_AUTO_TEST_SUITE_END()
