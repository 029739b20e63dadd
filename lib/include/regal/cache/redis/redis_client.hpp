#pragma once
// regal::redis::RedisClient — pooled Redis access for tokens, rate-limit counters and cached
// aggregates (never the source of truth).
//
// Promises:
// - command() sends one command built as an array of bulk strings (so SET … NX EX works; the
//   Poco 1.11 Command::set helper is broken, STACK-NOTES) and returns the reply.
// - A connection that fails (Redis restarted, timeout) is dropped rather than returned to the
//   pool, and the command is retried once on a fresh connection; the stock Poco pool would
//   keep handing out the dead client forever.
// - When Redis cannot be reached it throws regal::Error kUnavailable.
// - Redis error replies ("-ERR …") are returned as Reply::Type::kError, not thrown.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace regal {
class Logger;
}

namespace regal::redis {

struct RedisOptions {
  std::string url = "redis://127.0.0.1:6379/0";  // redis://[:password@]host:port[/db]
  int pool_size = 16;
  int timeout_ms = 1000;  // connect, send and receive
  int acquire_timeout_ms = 2000;
  const Logger* logger = nullptr;
};

struct Reply {
  enum class Type { kNil, kInteger, kString, kArray, kError };
  Type type = Type::kNil;
  std::int64_t integer = 0;
  std::string text;  // string, status or error text
  std::vector<Reply> elements;

  bool is_nil() const noexcept { return type == Type::kNil; }
  bool is_error() const noexcept { return type == Type::kError; }
};

class RedisClient {
 public:
  explicit RedisClient(RedisOptions options);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  Reply command(const std::vector<std::string>& args);

  // PING; throws regal::Error kUnavailable unless Redis answers PONG.
  void ping();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace regal::redis
