#include "regal/data/pg/database.hpp"

#include <Poco/Data/DataException.h>
#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/SessionPool.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "data/pg/pg_error.hpp"
#include "data/pg/pq.hpp"
#include "data/pg/rows.hpp"
#include "regal/core/error.hpp"
#include "regal/core/log.hpp"
#include "regal/core/text.hpp"
#include "regal/data/pg/conninfo.hpp"

namespace regal::pg {
namespace {

using Poco::Data::Session;
using SteadyClock = std::chrono::steady_clock;

constexpr int kSerializationRetries = 3;

void register_connector_once() {
  static std::once_flag once;
  std::call_once(once, [] { Poco::Data::PostgreSQL::Connector::registerConnector(); });
}

// Sets up every new pooled session: UTC (STACK-NOTES: timestamptz ignores non-UTC zones),
// a statement timeout so a runaway query cannot hold a session forever, and read-only
// transactions for a read pool. Done here because Poco's connector cannot pass libpq's
// `options` (it splits the connection string on blanks).
class RegalSessionPool final : public Poco::Data::SessionPool {
 public:
  RegalSessionPool(const std::string& conninfo, const DatabaseOptions& o)
      : SessionPool("postgresql", conninfo, o.min_sessions, o.max_sessions, o.idle_seconds),
        statement_timeout_ms_(o.statement_timeout_ms),
        read_only_(o.read_only) {}

 protected:
  void customizeSession(Session& session) override {
    forget_prepared(session);  // a new connection has prepared nothing yet
    // One statement, one round trip on the first use of a connection.
    exec(session,
         "SELECT set_config('TimeZone', 'UTC', false),"
         " set_config('statement_timeout', $1::text, false),"
         " set_config('default_transaction_read_only', $2::text, false)",
         {std::to_string(statement_timeout_ms_), read_only_ ? "on" : "off"});
  }

 private:
  int statement_timeout_ms_;
  bool read_only_;
};

}  // namespace

// --- Transaction ------------------------------------------------------------------------

Transaction::Transaction(Session& session) : session_(session) { session_.begin(); }

Transaction::~Transaction() { rollback(); }

void Transaction::commit() {
  commit_started_ = true;
  session_.commit();
  active_ = false;
}

void Transaction::rollback() noexcept {
  if (!active_) return;
  active_ = false;
  try {
    session_.rollback();
  } catch (...) {
    // The connection is probably gone; PostgreSQL rolls back on disconnect anyway.
  }
}

// --- Database ---------------------------------------------------------------------------

struct Database::Impl {
  DatabaseOptions options;
  std::unique_ptr<Poco::Data::SessionPool> pool;

  void log_failure(std::string_view event, const std::string& detail) const {
    if (options.logger != nullptr)
      options.logger->error(event, {{"detail", redact_driver_message(detail)}});
  }

  Session acquire() {
    const auto deadline =
        SteadyClock::now() + std::chrono::milliseconds(options.acquire_timeout_ms);
    auto backoff = std::chrono::milliseconds(1);
    for (;;) {
      try {
        return pool->get();
      } catch (const Poco::Data::SessionPoolExhaustedException&) {
        if (SteadyClock::now() >= deadline) {
          throw Error(ErrorKind::kUnavailable, "DATABASE_BUSY",
                      "The database is busy; try again shortly.");
        }
        std::this_thread::sleep_for(backoff);
        backoff = std::min(backoff * 2, std::chrono::milliseconds(25));
      } catch (const Poco::Exception& e) {
        log_failure("db_connect_failed", e.displayText());
        throw Error::unavailable("PostgreSQL");
      }
    }
  }

  // Decides what a failed attempt means: retry (true) or give up by throwing.
  bool should_retry(const Poco::Exception& e, Session& session, bool commit_started,
                    int attempt) const {
    const PgFailure failure = classify(e);
    const bool dead = failure == PgFailure::kConnection || !session.isConnected();
    if (dead) {
      log_failure("db_connection_lost", e.displayText());
      // A dead session is dropped by the pool when returned (isConnected() is false), so the
      // next attempt gets another one. Each pooled session can fail once after a restart.
      if (commit_started) {
        throw Error(ErrorKind::kUnavailable, "COMMIT_OUTCOME_UNKNOWN",
                    "The database connection was lost while committing; check before retrying.");
      }
      if (attempt <= options.max_sessions) return true;
      throw Error::unavailable("PostgreSQL");
    }
    return failure == PgFailure::kSerialization && attempt <= kSerializationRetries;
  }
};

Database::Database(DatabaseOptions options) : impl_(std::make_unique<Impl>()) {
  register_connector_once();
  impl_->options = std::move(options);
  // min_sessions are not opened eagerly by SessionPool; nothing connects until first use, so a
  // responder starts even while PostgreSQL is still coming up (/readyz says so).
  impl_->pool = std::make_unique<RegalSessionPool>(
      conninfo_from_url(impl_->options.url, impl_->options.connect_timeout_s), impl_->options);
}

Database::~Database() {
  try {
    impl_->pool->shutdown();
  } catch (...) {
  }
}

void Database::run_transaction(const std::function<void(Transaction&)>& body) {
  for (int attempt = 1;; ++attempt) {
    Session session = impl_->acquire();
    std::optional<Transaction> tx;
    try {
      tx.emplace(session);
      body(*tx);
      if (tx->active()) tx->commit();
      return;
    } catch (const Poco::Exception& e) {
      const bool commit_started = tx && tx->commit_started();
      tx.reset();  // roll back before deciding, so the session goes back clean
      if (!impl_->should_retry(e, session, commit_started, attempt)) throw;
    }
  }
}

void Database::run_session(const std::function<void(Session&)>& body) {
  for (int attempt = 1;; ++attempt) {
    Session session = impl_->acquire();
    try {
      body(session);
      return;
    } catch (const Poco::Exception& e) {
      if (!impl_->should_retry(e, session, false, attempt)) throw;
    }
  }
}

void Database::ping() {
  with_session([](Session& s) {
    const Result rs = exec(s, "SELECT 1");
    if (rs.rowCount() != 1 || Row(rs, 0).int64(0) != 1) throw Error::unavailable("PostgreSQL");
  });
}

PoolStats Database::stats() const {
  PoolStats s;
  s.used = impl_->pool->used();
  s.idle = impl_->pool->idle();
  s.allocated = impl_->pool->allocated();
  s.capacity = impl_->pool->capacity();
  return s;
}

}  // namespace regal::pg
