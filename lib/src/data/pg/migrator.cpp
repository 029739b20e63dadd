#include "regal/data/pg/migrator.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>
#include <libpq-fe.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>

#include "regal/core/error.hpp"
#include "regal/data/pg/conninfo.hpp"

namespace regal::pg {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " name text PRIMARY KEY,"
    " checksum text NOT NULL,"
    " applied_at timestamptz NOT NULL DEFAULT now())";
constexpr const char* kLock = "SELECT pg_advisory_lock(7262001)";  // one key for all migrators
constexpr const char* kUnlock = "SELECT pg_advisory_unlock(7262001)";
constexpr const char* kSelectApplied =
    "SELECT name, checksum, to_char(applied_at AT TIME ZONE 'UTC',"
    " 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') FROM schema_migrations ORDER BY name";
constexpr const char* kInsertApplied =
    "INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)";

Error migration_error(const std::string& code, const std::string& message) {
  return Error(ErrorKind::kConflict, code, message);
}

struct ConnCloser {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct ResultCloser {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Conn = std::unique_ptr<PGconn, ConnCloser>;
using Result = std::unique_ptr<PGresult, ResultCloser>;

Conn connect(const std::string& conninfo) {
  Conn conn(PQconnectdb(conninfo.c_str()));
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
    const std::string why = conn ? PQerrorMessage(conn.get()) : "out of memory";
    throw Error(ErrorKind::kUnavailable, "DEPENDENCY_UNAVAILABLE",
                "Cannot connect to PostgreSQL: " + why);
  }
  return conn;
}

Result exec(PGconn* conn, const std::string& sql, const std::string& context) {
  Result r(PQexec(conn, sql.c_str()));
  const auto st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    throw migration_error("MIGRATION_FAILED", context + ": " + PQerrorMessage(conn));
  }
  return r;
}

std::string sha256_hex(const std::string& data) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(data);
  return Poco::DigestEngine::digestToHex(engine.digest());
}

struct AppliedRow {
  std::string checksum;
  std::string applied_at;
};

std::map<std::string, AppliedRow> read_applied(PGconn* conn) {
  exec(conn, kCreateTable, "creating schema_migrations");
  const Result r = exec(conn, kSelectApplied, "reading schema_migrations");
  std::map<std::string, AppliedRow> rows;
  for (int i = 0; i < PQntuples(r.get()); ++i) {
    rows[PQgetvalue(r.get(), i, 0)] = {PQgetvalue(r.get(), i, 1), PQgetvalue(r.get(), i, 2)};
  }
  return rows;
}

std::vector<MigrationStatus> compare(const std::vector<MigrationFile>& files,
                                     const std::map<std::string, AppliedRow>& applied) {
  std::vector<MigrationStatus> out;
  for (const auto& f : files) {
    MigrationStatus s{f.name, false, false, false, std::nullopt};
    if (const auto it = applied.find(f.name); it != applied.end()) {
      s.applied = true;
      s.modified = it->second.checksum != f.checksum;
      s.applied_at = it->second.applied_at;
    }
    out.push_back(std::move(s));
  }
  for (const auto& [name, row] : applied) {
    const bool present = std::any_of(files.begin(), files.end(),
                                     [&](const MigrationFile& f) { return f.name == name; });
    if (!present) out.push_back({name, true, false, true, row.applied_at});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

// Holds the advisory lock for the lifetime of a migrate() call.
class AdvisoryLock {
 public:
  explicit AdvisoryLock(PGconn* conn) : conn_(conn) { exec(conn_, kLock, "taking the lock"); }
  ~AdvisoryLock() { PQclear(PQexec(conn_, kUnlock)); }
  AdvisoryLock(const AdvisoryLock&) = delete;
  AdvisoryLock& operator=(const AdvisoryLock&) = delete;

 private:
  PGconn* conn_;
};

void apply_one(PGconn* conn, const MigrationFile& file) {
  exec(conn, "BEGIN", file.name);
  try {
    exec(conn, file.sql, file.name);
    const char* params[] = {file.name.c_str(), file.checksum.c_str()};
    Result r(PQexecParams(conn, kInsertApplied, 2, nullptr, params, nullptr, nullptr, 0));
    if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
      throw migration_error("MIGRATION_FAILED", file.name + ": " + PQerrorMessage(conn));
    }
    exec(conn, "COMMIT", file.name);
  } catch (...) {
    PQclear(PQexec(conn, "ROLLBACK"));
    throw;
  }
}

}  // namespace

std::vector<MigrationFile> load_migrations(const std::string& dir) {
  static const std::regex kName(R"(^(\d{4})_[a-z0-9_]+\.sql$)");
  if (!fs::is_directory(dir)) {
    throw Error::invalid("INVALID_CONFIG", "Migrations directory not found: " + dir);
  }
  std::vector<MigrationFile> files;
  std::set<std::string> numbers;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || entry.path().extension() != ".sql") continue;
    std::smatch m;
    if (!std::regex_match(name, m, kName) || !numbers.insert(m[1].str()).second) {
      throw Error::invalid("INVALID_MIGRATION_NAME",
                           "Migration file names must be unique NNNN_name.sql: " + name);
    }
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    MigrationFile f{name, "", buffer.str()};
    f.checksum = sha256_hex(f.sql);
    files.push_back(std::move(f));
  }
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return files;
}

Migrator::Migrator(std::string url, std::string dir)
    : conninfo_(conninfo_from_url(url, 5)), dir_(std::move(dir)) {}

std::vector<MigrationStatus> Migrator::status() const {
  const auto files = load_migrations(dir_);
  const Conn conn = connect(conninfo_);
  return compare(files, read_applied(conn.get()));
}

std::vector<std::string> Migrator::migrate() const {
  const auto files = load_migrations(dir_);
  const Conn conn = connect(conninfo_);
  PQclear(PQexec(conn.get(), "SET client_min_messages = warning"));
  const AdvisoryLock lock(conn.get());
  const auto statuses = compare(files, read_applied(conn.get()));
  for (const auto& s : statuses) {
    if (s.modified) {
      throw migration_error(
          "MIGRATION_MODIFIED",
          "Applied migration " + s.name + " was edited after it ran; add a new migration instead.");
    }
    if (s.missing) {
      throw migration_error("MIGRATION_MISSING",
                            "Applied migration " + s.name + " is missing from " + dir_ + ".");
    }
  }
  std::vector<std::string> applied;
  for (const auto& file : files) {
    const bool done = std::any_of(statuses.begin(), statuses.end(),
                                  [&](const auto& s) { return s.name == file.name && s.applied; });
    if (done) continue;
    apply_one(conn.get(), file);
    applied.push_back(file.name);
  }
  return applied;
}

}  // namespace regal::pg
