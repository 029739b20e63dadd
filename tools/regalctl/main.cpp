// regalctl — operator commands for a Regal installation.
//   regalctl migrate [--status]            apply pending migrations, or list their state
//   regalctl create-admin --email E --username U [--full-name N]
//                                          first admin (POS admin + desk ADMIN); password from
//                                          REGAL_ADMIN_PASSWORD or a prompt, never a flag
//   regalctl outbox [--show-body] [--send] list undelivered mail; deliver what is due
//   regalctl seed-demo [--products N] [--branches B] [--customers C] [--history [DAYS]]
//                      [--history-sales-per-day S] [--tickets T]
//                                          a realistic demo catalog (see seed_demo.hpp)
// Configuration comes only from the environment; ./scripts/regalctl supplies the local stack's.

#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "regal/auth/auth_service.hpp"
#include "regal/auth/password_hasher.hpp"
#include "regal/auth/password_policy.hpp"
#include "regal/core/clock.hpp"
#include "regal/core/config.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/core/log.hpp"
#include "regal/data/pg/database.hpp"
#include "regal/data/pg/migrator.hpp"
#include "regal/data/pg/pg_identity.hpp"
#include "regal/mail/outbox_dispatcher.hpp"
#include "seed_demo.hpp"

#ifndef REGAL_DEFAULT_MIGRATIONS_DIR
#define REGAL_DEFAULT_MIGRATIONS_DIR "migrations"
#endif

namespace {

constexpr const char* kUsage =
    "usage: regalctl <command> [options]\n"
    "commands:\n"
    "  migrate [--status]          apply pending migrations, or list their state\n"
    "  create-admin --email E --username U [--full-name N]\n"
    "                              create the first admin (POS admin and desk ADMIN); the\n"
    "                              password comes from REGAL_ADMIN_PASSWORD or a prompt\n"
    "  outbox [--show-body] [--send]\n"
    "                              list undelivered mail (bodies hold reset tokens: shown only\n"
    "                              with --show-body); --send delivers what is due over SMTP\n"
    "  seed-demo [--products N] [--branches B] [--customers C] [--history [DAYS]]\n"
    "            [--history-sales-per-day S] [--tickets T]\n"
    "                              demo catalog: B branches (default 3), categories, vendors, N\n"
    "                              products with barcodes and opening stock, C customers (default\n"
    "                              1000); --history: DAYS (default 730) of past sales, about S a\n"
    "                              day (default 2740: ~2 million in 2 years) with closed shifts\n"
    "                              and the report totals; --tickets: T help-desk tickets with\n"
    "                              departments, teams, staff and requesters; each part one\n"
    "                              transaction, skipped when already seeded\n"
    "environment:\n"
    "  DATABASE_URL, REGAL_MIGRATE_URL (schema owner, for migrate and seed-demo),\n"
    "  REGAL_MIGRATIONS_DIR, REGAL_BCRYPT_COST, REGAL_SMTP_HOST, REGAL_SMTP_PORT, "
    "REGAL_MAIL_FROM\n";

const std::string kDefaultDatabaseUrl = "postgresql://regal:regal@127.0.0.1:55432/regal";

// --name value pairs; anything else is a usage error.
std::map<std::string, std::string> options(const std::vector<std::string>& args,
                                           const std::vector<std::string>& flags) {
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const bool is_flag = std::find(flags.begin(), flags.end(), args[i]) != flags.end();
    if (is_flag) {
      out[args[i]] = "1";
    } else if (args[i].rfind("--", 0) == 0 && i + 1 < args.size()) {
      out[args[i]] = args[i + 1];
      ++i;
    } else {
      throw regal::Error::invalid("USAGE",
                                  std::string("unexpected argument ") + args[i] + "\n" + kUsage);
    }
  }
  return out;
}

regal::pg::DatabaseOptions database_options() {
  return {.url = regal::config::get_string("DATABASE_URL", kDefaultDatabaseUrl), .max_sessions = 2};
}

int migrate(const std::vector<std::string>& args) {
  const auto opts = options(args, {"--status"});
  const auto url = regal::config::lookup("REGAL_MIGRATE_URL")
                       .value_or(regal::config::get_string("DATABASE_URL", kDefaultDatabaseUrl));
  const regal::pg::Migrator migrator(
      url, regal::config::get_string("REGAL_MIGRATIONS_DIR", REGAL_DEFAULT_MIGRATIONS_DIR));
  if (opts.count("--status") != 0) {
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
  const auto applied = migrator.migrate();
  for (const auto& name : applied) std::cout << "applied " << name << "\n";
  std::cout << (applied.empty() ? "schema is up to date\n"
                                : std::to_string(applied.size()) + " migration(s) applied\n");
  return 0;
}

// The password from REGAL_ADMIN_PASSWORD, else typed twice at the terminal without echo.
std::string admin_password() {
  if (auto from_env = regal::config::lookup("REGAL_ADMIN_PASSWORD")) return *from_env;
  if (::isatty(STDIN_FILENO) == 0) {
    throw regal::Error::invalid("PASSWORD_REQUIRED",
                                "Set REGAL_ADMIN_PASSWORD or run in a terminal to be prompted.");
  }
  termios saved{};
  ::tcgetattr(STDIN_FILENO, &saved);
  termios quiet = saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::string first;
  std::string second;
  std::cerr << "Password: ";
  std::getline(std::cin, first);
  std::cerr << "\nRepeat password: ";
  std::getline(std::cin, second);
  std::cerr << "\n";
  ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
  if (first != second) throw regal::Error::invalid("PASSWORD_MISMATCH", "The passwords differ.");
  return first;
}

int create_admin(const std::vector<std::string>& args) {
  auto opts = options(args, {});
  const std::string email = opts["--email"];
  const std::string username = opts["--username"];
  const std::string full_name = opts.count("--full-name") ? opts["--full-name"] : "Administrator";
  std::vector<regal::FieldError> errors;
  regal::auth::validate_identity_fields(full_name, email, username, errors);
  if (!errors.empty()) {
    for (const auto& e : errors) std::cerr << "regalctl: " << e.field << ": " << e.message << "\n";
    return 2;
  }
  regal::pg::Database db(database_options());
  regal::pg::PgUserRepository users(db);
  if (users.find_by_login(email) || users.find_by_login(username)) {
    std::cout << "An account with this email or username already exists; nothing was changed.\n";
    return 0;
  }
  const std::string password = admin_password();
  auto policy = regal::auth::check_password_policy(password, email, username);
  if (!policy.empty()) {
    for (const auto& e : policy) std::cerr << "regalctl: password: " << e.message << "\n";
    return 2;
  }
  const regal::auth::PasswordHasher hasher(
      static_cast<int>(regal::config::get_int("REGAL_BCRYPT_COST", 12, 4, 31)));
  regal::auth::User admin;
  admin.id = regal::new_uuid_v7();
  admin.full_name = full_name;
  admin.email = email;
  admin.username = username;
  admin.password_hash = hasher.hash(password);
  admin.pos_role = regal::auth::PosRole::kAdmin;
  admin.desk_role = regal::auth::DeskRole::kAdmin;
  users.insert(admin, {"", "user.create_admin", "user", admin.id, "",
                       regal::auth::user_snapshot_json(admin), "", "regalctl"});
  std::cout << "Created admin " << username << " (" << admin.id << ").\n";
  return 0;
}

int outbox(const std::vector<std::string>& args) {
  const auto opts = options(args, {"--show-body", "--send"});
  regal::pg::Database db(database_options());
  regal::pg::PgOutbox box(db);
  if (opts.count("--send") != 0) {
    const regal::SystemClock clock;
    const regal::Logger log;
    regal::mail::SmtpTransport smtp(
        {.host = regal::config::get_string("REGAL_SMTP_HOST", "127.0.0.1"),
         .port = static_cast<int>(regal::config::get_int("REGAL_SMTP_PORT", 25, 1, 65535)),
         .from = regal::config::get_string("REGAL_MAIL_FROM", "Regal <no-reply@regal.local>")});
    regal::mail::OutboxDispatcher dispatcher(box, smtp, clock, log);
    std::cout << dispatcher.dispatch_once(100) << " message(s) delivered\n";
  }
  const auto mails = box.pending(100);
  for (const auto& m : mails) {
    std::cout << m.id << "  " << m.kind << "  to " << m.recipient << "  attempts " << m.attempts
              << "  \"" << m.subject << "\"\n";
    if (opts.count("--show-body") != 0) std::cout << m.body << "\n";
  }
  std::cout << mails.size() << " undelivered message(s)\n";
  return 0;
}

// An integer option in [min, max]; absent: fallback.
std::int64_t int_option(std::map<std::string, std::string>& opts, const std::string& name,
                        std::int64_t fallback, std::int64_t min, std::int64_t max) {
  if (opts.count(name) == 0) return fallback;
  const std::string& text = opts[name];
  std::size_t used = 0;
  std::int64_t value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || value < min || value > max) {
    throw regal::Error::invalid("USAGE", name + " must be an integer from " + std::to_string(min) +
                                             " to " + std::to_string(max) + "\n" + kUsage);
  }
  return value;
}

int seed_demo_command(std::vector<std::string> args) {
  // --history takes an optional number of days.
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--history" && (i + 1 == args.size() || args[i + 1].rfind("--", 0) == 0)) {
      args.insert(args.begin() + static_cast<std::ptrdiff_t>(i) + 1, "730");
    }
  }
  auto opts = options(args, {});
  for (const auto& [name, value] : opts) {
    if (name != "--products" && name != "--branches" && name != "--customers" &&
        name != "--history" && name != "--history-sales-per-day" && name != "--tickets") {
      throw regal::Error::invalid("USAGE", "unknown option " + name + "\n" + kUsage);
    }
  }
  if (opts.count("--products") == 0 && opts.count("--history") == 0 &&
      opts.count("--tickets") == 0) {
    throw regal::Error::invalid(
        "USAGE", std::string("seed-demo needs --products N, --history or --tickets T\n") + kUsage);
  }
  const regal::tools::SeedDemoOptions seed{
      .products = opts.count("--products") ? int_option(opts, "--products", 1000, 1, 100000000)
                                           : 0,
      .branches = static_cast<int>(int_option(opts, "--branches", 3, 1, 64)),
      .customers = int_option(opts, "--customers", 1000, 0, 10000000),
      .history_days = static_cast<int>(int_option(opts, "--history", 0, 1, 3660)),
      .history_sales_per_day =
          int_option(opts, "--history-sales-per-day", 2740, 1, 10000000),
      .tickets = int_option(opts, "--tickets", 0, 1, 10000000)};
  // As the schema owner the load takes the bulk path and ends with VACUUM ANALYZE; the
  // application role (DATABASE_URL) works too, more slowly (seed_demo.hpp).
  const auto url = regal::config::lookup("REGAL_MIGRATE_URL")
                       .value_or(regal::config::get_string("DATABASE_URL", kDefaultDatabaseUrl));
  regal::tools::seed_demo(url, seed, std::cout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + (argc > 1 ? 2 : 1), argv + argc);
  const std::string command = argc > 1 ? argv[1] : "";
  try {
    if (command == "migrate") return migrate(args);
    if (command == "create-admin") return create_admin(args);
    if (command == "outbox") return outbox(args);
    if (command == "seed-demo") return seed_demo_command(args);
    std::cerr << kUsage;
    return command.empty() || command == "--help" || command == "help" ? 0 : 2;
  } catch (const regal::Error& e) {
    std::cerr << "regalctl: " << e.code() << ": " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "regalctl: " << e.what() << "\n";
  }
  return 1;
}
