#include "data/pg/pq.hpp"

#include <Poco/Data/DataException.h>
#include <Poco/Data/PooledSessionImpl.h>
#include <Poco/Data/PostgreSQL/PostgreSQLException.h>
#include <Poco/Data/PostgreSQL/SessionImpl.h>
#include <Poco/Data/Session.h>
#include <libpq-fe.h>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

namespace regal::pg {
namespace {

// PooledSessionImpl::impl() is protected; naming it through a derived class is the standard
// way to reach it without copying Poco's internals.
struct PooledPeek : Poco::Data::PooledSessionImpl {
  static Poco::Data::SessionImpl* inner(Poco::Data::PooledSessionImpl& pooled) {
    return (pooled.*(&PooledPeek::impl))();
  }
};

PGconn* connection_of(Poco::Data::Session& session) {
  Poco::Data::SessionImpl* impl = session.impl();
  if (auto* pooled = dynamic_cast<Poco::Data::PooledSessionImpl*>(impl)) {
    impl = PooledPeek::inner(*pooled);
  }
  auto* pg = dynamic_cast<Poco::Data::PostgreSQL::SessionImpl*>(impl);
  if (pg == nullptr) throw Poco::Data::NotConnectedException("not a PostgreSQL session");
  PGconn* conn = static_cast<PGconn*>(pg->handle());
  if (conn == nullptr) throw Poco::Data::NotConnectedException("no connection to the server");
  return conn;
}

// What each connection has prepared: statement text → name. A connection is known by its
// PGconn and its backend's pid, so a reset connection (same PGconn, new backend) or a freed
// and reused PGconn address starts empty. Names are unique for the process, so forgetting an
// entry can never make a PREPARE collide with one that still exists on the server.
struct Prepared {
  int backend_pid = 0;
  std::unordered_map<std::string, std::string> names;
};

std::mutex g_mutex;
std::unordered_map<const PGconn*, Prepared> g_prepared;  // guarded by g_mutex
std::atomic<std::uint64_t> g_next_name{1};
// Connections the pool closed leave entries behind; past this many, all are dropped (the live
// connections then prepare again once).
constexpr std::size_t kMaxConnections = 256;

std::string failure_text(const PGconn* conn, const PGresult* res) {
  std::string text;
  if (res != nullptr) {
    if (const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE)) {
      text = std::string(state) + " ";
    }
    if (const char* primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)) {
      return text + primary;
    }
  }
  const char* message = PQerrorMessage(conn);
  return text + (message != nullptr && *message != '\0' ? message : "no result from the server");
}

bool sqlstate_is(const PGresult* res, std::string_view code) {
  const char* state = res == nullptr ? nullptr : PQresultErrorField(res, PG_DIAG_SQLSTATE);
  return state != nullptr && code == state;
}

void forget(const PGconn* conn) {
  const std::lock_guard lock(g_mutex);
  g_prepared.erase(conn);
}

[[noreturn]] void fail(PGconn* conn, PGresult* res) {
  const std::string text = failure_text(conn, res);
  // A statement the server no longer knows (26000), or whose plan's row type changed under a
  // migration (0A000 "cached plan must not change result type"): prepare afresh next time.
  if (sqlstate_is(res, "26000") || sqlstate_is(res, "0A000")) forget(conn);
  PQclear(res);
  if (PQstatus(conn) != CONNECTION_OK) {
    forget(conn);
    throw Poco::Data::ConnectionFailedException(text);
  }
  throw Poco::Data::PostgreSQL::StatementException(text);
}

bool succeeded(const PGresult* res) {
  if (res == nullptr) return false;
  const auto status = PQresultStatus(res);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

// The name `sql` is prepared under on `conn`, preparing it first if needed; "" when the
// connection holds kMaxPrepared statements already (run it unnamed).
std::string prepared_name(PGconn* conn, const std::string& sql, int n_params) {
  const int pid = PQbackendPID(conn);
  {
    const std::lock_guard lock(g_mutex);
    if (g_prepared.size() > kMaxConnections && g_prepared.find(conn) == g_prepared.end()) {
      g_prepared.clear();
    }
    Prepared& p = g_prepared[conn];
    if (p.backend_pid != pid) {
      p.backend_pid = pid;
      p.names.clear();
    }
    if (const auto it = p.names.find(sql); it != p.names.end()) return it->second;
    if (p.names.size() >= kMaxPrepared) return {};
  }
  std::string name = "regal_" + std::to_string(g_next_name.fetch_add(1));
  PGresult* res = PQprepare(conn, name.c_str(), sql.c_str(), n_params, nullptr);
  if (!succeeded(res)) fail(conn, res);
  PQclear(res);
  const std::lock_guard lock(g_mutex);
  Prepared& p = g_prepared[conn];
  if (p.backend_pid == pid) p.names.emplace(sql, name);
  return name;
}

}  // namespace

Result& Result::operator=(Result&& other) noexcept {
  if (this != &other) {
    PQclear(res_);
    res_ = other.res_;
    other.res_ = nullptr;
  }
  return *this;
}

Result::~Result() { PQclear(res_); }

std::size_t Result::rowCount() const noexcept {
  return res_ == nullptr ? 0 : static_cast<std::size_t>(PQntuples(res_));
}

std::size_t Result::columnCount() const noexcept {
  return res_ == nullptr ? 0 : static_cast<std::size_t>(PQnfields(res_));
}

bool Result::is_null(std::size_t row, std::size_t col) const {
  if (row >= rowCount() || col >= columnCount()) {
    throw std::out_of_range("pg::Result: no row " + std::to_string(row) + ", column " +
                            std::to_string(col));
  }
  return PQgetisnull(res_, static_cast<int>(row), static_cast<int>(col)) != 0;
}

std::string_view Result::view(std::size_t row, std::size_t col) const {
  if (is_null(row, col)) return {};
  return {PQgetvalue(res_, static_cast<int>(row), static_cast<int>(col)),
          static_cast<std::size_t>(
              PQgetlength(res_, static_cast<int>(row), static_cast<int>(col)))};
}

std::int64_t Result::affected() const noexcept {
  if (res_ == nullptr) return 0;
  const char* n = PQcmdTuples(res_);
  return n == nullptr || *n == '\0' ? 0 : std::strtoll(n, nullptr, 10);
}

Result exec(Poco::Data::Session& session, const std::string& sql,
            const std::vector<Param>& params) {
  PGconn* conn = connection_of(session);
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  const int n = static_cast<int>(values.size());
  const std::string name = prepared_name(conn, sql, n);
  PGresult* res =
      name.empty()
          ? PQexecParams(conn, sql.c_str(), n, nullptr, values.data(), nullptr, nullptr, 0)
          : PQexecPrepared(conn, name.c_str(), n, values.data(), nullptr, nullptr, 0);
  if (!succeeded(res)) fail(conn, res);
  return Result(res);
}

void forget_prepared(Poco::Data::Session& session) { forget(connection_of(session)); }

std::size_t prepared_count() {
  const std::lock_guard lock(g_mutex);
  std::size_t n = 0;
  for (const auto& [conn, p] : g_prepared) n += p.names.size();
  return n;
}

}  // namespace regal::pg
