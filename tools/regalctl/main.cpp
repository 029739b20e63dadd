// regalctl — operator commands for a Regal installation.
//   regalctl migrate            apply pending migrations (REGAL_MIGRATE_URL or DATABASE_URL)
//   regalctl migrate --status   list migrations and whether each is applied
// Configuration comes only from the environment; ./scripts/regalctl supplies the local stack's.

#include <iostream>
#include <string>
#include <vector>

#include "regal/core/config.hpp"
#include "regal/core/error.hpp"
#include "regal/data/pg/migrator.hpp"

#ifndef REGAL_DEFAULT_MIGRATIONS_DIR
#define REGAL_DEFAULT_MIGRATIONS_DIR "migrations"
#endif

namespace {

constexpr const char* kUsage =
    "usage: regalctl <command> [options]\n"
    "commands:\n"
    "  migrate [--status]   apply pending migrations, or list their state\n"
    "environment:\n"
    "  REGAL_MIGRATE_URL    schema owner's PostgreSQL URL (falls back to DATABASE_URL)\n"
    "  REGAL_MIGRATIONS_DIR directory of NNNN_name.sql files\n";

regal::pg::Migrator make_migrator() {
  const auto url = regal::config::lookup("REGAL_MIGRATE_URL")
                       .value_or(regal::config::get_string(
                           "DATABASE_URL", "postgresql://regal:regal@127.0.0.1:55432/regal"));
  return regal::pg::Migrator(
      url, regal::config::get_string("REGAL_MIGRATIONS_DIR", REGAL_DEFAULT_MIGRATIONS_DIR));
}

int migrate(const std::vector<std::string>& args) {
  const auto migrator = make_migrator();
  if (!args.empty() && args[0] == "--status") {
    int problems = 0;
    for (const auto& s : migrator.status()) {
      std::string state = s.applied ? "applied " + s.applied_at.value_or("") : "pending";
      if (s.modified) state = "MODIFIED after it was applied";
      if (s.missing) state = "MISSING (applied, file gone)";
      problems += (s.modified || s.missing) ? 1 : 0;
      std::cout << s.name << "  " << state << "\n";
    }
    return problems == 0 ? 0 : 3;
  }
  if (!args.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  const auto applied = migrator.migrate();
  for (const auto& name : applied) std::cout << "applied " << name << "\n";
  std::cout << (applied.empty() ? "schema is up to date\n"
                                : std::to_string(applied.size()) + " migration(s) applied\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + (argc > 1 ? 2 : 1), argv + argc);
  const std::string command = argc > 1 ? argv[1] : "";
  try {
    if (command == "migrate") return migrate(args);
    std::cerr << kUsage;
    return command.empty() || command == "--help" || command == "help" ? 0 : 2;
  } catch (const regal::Error& e) {
    std::cerr << "regalctl: " << e.code() << ": " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "regalctl: " << e.what() << "\n";
  }
  return 1;
}
