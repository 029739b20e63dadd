#pragma once
// Statements run on the libpq connection under a pooled Poco session.
//
// Why not Poco::Data statements: each one-off Poco statement is parse/bind/execute then
// DEALLOCATE — four round trips (STACK-NOTES: 7.6k/s against 28k/s for a reused prepared
// statement), and destroying one after its connection misbehaved crashed responders under load
// (PERFORMANCE.md, "Robustness"). Here a statement text is prepared once per connection, under
// a generated name, and later runs are one round trip (Bind/Execute/Sync). Poco keeps owning
// the connection (pool, BEGIN/COMMIT, reconnects); this only borrows its PGconn.
//
// Promises:
// - exec() returns the whole result; values are text (the server's output format), NULL is
//   is_null(). Parameters are text or NULL (std::nullopt); the server infers their types from
//   the statement, so write casts ("$1::uuid") wherever the context does not fix one.
// - A failed statement throws a Poco::Data::PostgreSQL::StatementException whose message is
//   "<SQLSTATE> <primary message>" (never the DETAIL, which may quote row values), so
//   regal::pg::classify() and violated_constraint() read it as before; a lost connection throws
//   Poco::Data::ConnectionFailedException.
// - Each connection prepares at most kMaxPrepared statement texts; beyond that (texts built
//   from many filter combinations) they run unnamed, still in one round trip.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct pg_result;

namespace Poco::Data {
class Session;
}

namespace regal::pg {

class Result {
 public:
  Result() = default;
  explicit Result(pg_result* res) noexcept : res_(res) {}
  Result(Result&& other) noexcept : res_(other.res_) { other.res_ = nullptr; }
  Result& operator=(Result&& other) noexcept;
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  ~Result();

  std::size_t rowCount() const noexcept;
  std::size_t columnCount() const noexcept;
  bool is_null(std::size_t row, std::size_t col) const;
  std::string_view view(std::size_t row, std::size_t col) const;
  // Rows an INSERT/UPDATE/DELETE touched (0 for other commands).
  std::int64_t affected() const noexcept;

 private:
  pg_result* res_ = nullptr;
};

using Param = std::optional<std::string>;

constexpr std::size_t kMaxPrepared = 512;

Result exec(Poco::Data::Session& session, const std::string& sql,
            const std::vector<Param>& params);
inline Result exec(Poco::Data::Session& session, const std::string& sql,
                   std::initializer_list<Param> params = {}) {
  return exec(session, sql, std::vector<Param>(params));
}

// Forgets what was prepared on this session's connection (call on a new connection).
void forget_prepared(Poco::Data::Session& session);

// Statements prepared on live connections (for metrics/tests).
std::size_t prepared_count();

}  // namespace regal::pg
