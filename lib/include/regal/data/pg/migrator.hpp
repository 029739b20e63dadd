#pragma once
// Schema migrations: plain SQL files named NNNN_description.sql, applied in order.
//
// Promises:
// - Each pending file runs in its own transaction together with its row in schema_migrations
//   (name, SHA-256 checksum, applied_at), so a failing file leaves nothing behind.
// - Concurrent runs are serialised by a PostgreSQL advisory lock.
// - Nothing is applied when an applied file was edited (checksum differs; MIGRATION_MODIFIED)
//   or deleted (MIGRATION_MISSING): history is never rewritten.
// - Re-running with nothing pending changes nothing.
// Files must not contain BEGIN/COMMIT or statements that cannot run in a transaction.
// Uses libpq directly: migration files hold many statements, which Poco::Data's prepared
// statements cannot run.

#include <optional>
#include <string>
#include <vector>

namespace regal::pg {

struct MigrationFile {
  std::string name;      // file name, e.g. "0001_init.sql"
  std::string checksum;  // hex SHA-256 of the file's bytes
  std::string sql;
};

struct MigrationStatus {
  std::string name;
  bool applied = false;
  bool modified = false;  // applied, but the file's checksum differs from the recorded one
  bool missing = false;   // applied, but the file is gone
  std::optional<std::string> applied_at;  // RFC 3339 UTC
};

// Reads *.sql files of the migration name form from `dir`, sorted by name. Throws regal::Error
// INVALID_MIGRATION_NAME for a .sql file that does not follow NNNN_name.sql or a duplicate number.
std::vector<MigrationFile> load_migrations(const std::string& dir);

class Migrator {
 public:
  // `url`: postgresql:// URL or key=value conninfo of a role allowed to change the schema.
  Migrator(std::string url, std::string dir);

  std::vector<MigrationStatus> status() const;

  // Applies every pending migration; returns the names applied (empty when up to date).
  std::vector<std::string> migrate() const;

 private:
  std::string conninfo_;
  std::string dir_;
};

}  // namespace regal::pg
