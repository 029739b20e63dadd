#pragma once
// regal::pg::Database — the one way code reaches PostgreSQL: a Poco::Data::SessionPool plus
// the retry policy STACK-NOTES asks us to own in one place.
//
// Promises:
// - transact(fn) runs fn inside one transaction on a pooled session, commits when fn returns
//   and rolls back when it throws (the exception propagates unchanged).
// - A connection that turns out dead (server restarted, network cut) is discarded and the
//   transaction is retried on a fresh connection, as long as the failure happened before COMMIT
//   was sent. fn must therefore touch only the database (it may run more than once).
// - Pool exhaustion waits up to acquire_timeout_ms for a free session.
// - When PostgreSQL cannot be reached, or the outcome of a COMMIT is unknown, it throws
//   regal::Error kUnavailable (code DEPENDENCY_UNAVAILABLE); driver messages are logged by the
//   caller's error path, never put in the client-facing message.
// Poco headers stay out of this header: Poco::Data::Session is only forward-declared.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

namespace Poco::Data {
class Session;
}

namespace regal {
class Logger;
}

namespace regal::pg {

struct DatabaseOptions {
  std::string url;  // postgresql://… or libpq key=value
  int min_sessions = 1;
  int max_sessions = 16;
  int idle_seconds = 60;          // idle sessions older than this are closed
  int acquire_timeout_ms = 2000;  // wait for a free pooled session at most this long
  int connect_timeout_s = 3;
  int statement_timeout_ms = 30000;
  // Every session runs `SET default_transaction_read_only = on`: a write fails in PostgreSQL
  // (SQLSTATE 25006). For pools that must only read (the reports' DATABASE_READ_URL pool).
  bool read_only = false;
  const Logger* logger = nullptr;  // driver failures are logged here (never to clients)
};

struct PoolStats {
  int used = 0;
  int idle = 0;
  int allocated = 0;
  int capacity = 0;
};

// An open transaction on one session. Obtained from Database::transact or Database::begin;
// destroyed without commit() it rolls back.
class Transaction {
 public:
  explicit Transaction(Poco::Data::Session& session);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  Poco::Data::Session& session() noexcept { return session_; }
  void commit();
  void rollback() noexcept;
  bool active() const noexcept { return active_; }
  // True once COMMIT was sent: a failure from then on has an unknown outcome.
  bool commit_started() const noexcept { return commit_started_; }

 private:
  Poco::Data::Session& session_;
  bool active_ = true;
  bool commit_started_ = false;
};

class Database {
 public:
  explicit Database(DatabaseOptions options);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  template <class Fn>
  auto transact(Fn&& fn) -> std::invoke_result_t<Fn&, Transaction&> {
    using R = std::invoke_result_t<Fn&, Transaction&>;
    if constexpr (std::is_void_v<R>) {
      run_transaction([&](Transaction& tx) { fn(tx); });
    } else {
      std::optional<R> result;
      run_transaction([&](Transaction& tx) { result.emplace(fn(tx)); });
      return std::move(*result);
    }
  }

  // Runs fn on a pooled session in autocommit mode, with the same retry policy.
  template <class Fn>
  auto with_session(Fn&& fn) -> std::invoke_result_t<Fn&, Poco::Data::Session&> {
    using R = std::invoke_result_t<Fn&, Poco::Data::Session&>;
    if constexpr (std::is_void_v<R>) {
      run_session([&](Poco::Data::Session& s) { fn(s); });
    } else {
      std::optional<R> result;
      run_session([&](Poco::Data::Session& s) { result.emplace(fn(s)); });
      return std::move(*result);
    }
  }

  // SELECT 1; throws regal::Error kUnavailable when PostgreSQL does not answer.
  void ping();

  PoolStats stats() const;

 private:
  void run_transaction(const std::function<void(Transaction&)>& body);
  void run_session(const std::function<void(Poco::Data::Session&)>& body);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace regal::pg
