#include "regal/cache/redis/redis_client.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/ObjectPool.h>
#include <Poco/Redis/Array.h>
#include <Poco/Redis/Client.h>
#include <Poco/Redis/Type.h>
#include <Poco/URI.h>

#include "regal/core/error.hpp"
#include "regal/core/log.hpp"
#include "regal/core/text.hpp"

namespace regal::redis {
namespace {

using Poco::Redis::Client;
using ClientPtr = Client::Ptr;

struct Endpoint {
  std::string host = "127.0.0.1";
  Poco::UInt16 port = 6379;
  std::string password;
  int db = 0;
};

Endpoint parse_url(const std::string& url) {
  Endpoint ep;
  Poco::URI uri;
  try {
    uri = Poco::URI(url);
  } catch (const Poco::Exception&) {
    throw Error::invalid("INVALID_CONFIG", "REDIS_URL cannot be parsed.");
  }
  if (uri.getScheme() != "redis") {
    throw Error::invalid("INVALID_CONFIG", "REDIS_URL must start with redis://");
  }
  if (!uri.getHost().empty()) ep.host = uri.getHost();
  if (uri.getPort() != 0) ep.port = uri.getPort();
  const std::string& info = uri.getUserInfo();
  if (const auto colon = info.find(':'); colon != std::string::npos) {
    Poco::URI::decode(info.substr(colon + 1), ep.password);  // user info stays encoded in URI
  }
  std::string path = uri.getPath();
  if (!path.empty() && path.front() == '/') path.erase(0, 1);
  if (!path.empty()) {
    try {
      ep.db = std::stoi(path);
    } catch (const std::exception&) {
      throw Error::invalid("INVALID_CONFIG", "REDIS_URL database must be a number.");
    }
  }
  return ep;
}

Reply to_reply(const Poco::Redis::RedisType::Ptr& value) {
  using Poco::Redis::RedisType;
  Reply r;
  if (value.isNull()) return r;
  switch (value->type()) {
    case RedisType::REDIS_INTEGER:
      r.type = Reply::Type::kInteger;
      r.integer = value.cast<Poco::Redis::Type<Poco::Int64>>()->value();
      break;
    case RedisType::REDIS_SIMPLE_STRING:
      r.type = Reply::Type::kString;
      r.text = value.cast<Poco::Redis::Type<std::string>>()->value();
      break;
    case RedisType::REDIS_BULK_STRING: {
      const auto& bulk = value.cast<Poco::Redis::Type<Poco::Redis::BulkString>>()->value();
      if (!bulk.isNull()) {
        r.type = Reply::Type::kString;
        r.text = bulk.value();
      }
      break;
    }
    case RedisType::REDIS_ARRAY: {
      const auto& array = value.cast<Poco::Redis::Type<Poco::Redis::Array>>()->value();
      if (!array.isNull()) {
        r.type = Reply::Type::kArray;
        for (auto it = array.begin(); it != array.end(); ++it) r.elements.push_back(to_reply(*it));
      }
      break;
    }
    case RedisType::REDIS_ERROR:
      r.type = Reply::Type::kError;
      r.text = value.cast<Poco::Redis::Type<Poco::Redis::Error>>()->value().getMessage();
      break;
    default:
      break;
  }
  return r;
}

Poco::Redis::Array to_array(const std::vector<std::string>& args) {
  Poco::Redis::Array array;
  for (const auto& a : args) array.add(a);
  return array;
}

// Creates connected, authenticated clients; a client whose connection failed is invalid and
// is destroyed instead of being pooled again.
class ClientFactory {
 public:
  ClientFactory(Endpoint endpoint, Poco::Timespan timeout)
      : endpoint_(std::move(endpoint)), timeout_(timeout) {}

  ClientPtr createObject() {
    ClientPtr client = new Client();
    client->connect(endpoint_.host, endpoint_.port, timeout_);
    client->setReceiveTimeout(timeout_);
    if (!endpoint_.password.empty()) expect_ok(*client, {"AUTH", endpoint_.password});
    if (endpoint_.db != 0) expect_ok(*client, {"SELECT", std::to_string(endpoint_.db)});
    return client;
  }
  bool validateObject(ClientPtr client) { return client->isConnected(); }
  void activateObject(ClientPtr) {}
  void deactivateObject(ClientPtr) {}
  void destroyObject(ClientPtr client) {
    try {
      client->disconnect();
    } catch (...) {
    }
  }

 private:
  static void expect_ok(Client& client, const std::vector<std::string>& args) {
    const Reply r = to_reply(client.sendCommand(to_array(args)));
    if (r.is_error()) throw Poco::IOException("Redis refused " + args.front());
  }

  Endpoint endpoint_;
  Poco::Timespan timeout_;
};

using Pool = Poco::ObjectPool<Client, ClientPtr, ClientFactory>;

}  // namespace

struct RedisClient::Impl {
  RedisOptions options;
  std::unique_ptr<Pool> pool;

  Reply attempt(const Poco::Redis::Array& command) {
    ClientPtr client;
    try {
      client = pool->borrowObject(options.acquire_timeout_ms);
    } catch (const Poco::Exception& e) {
      log_failure("redis_connect_failed", e.displayText());
      throw Error::unavailable("Redis");
    }
    if (client.isNull()) {
      throw Error(ErrorKind::kUnavailable, "CACHE_BUSY", "The cache is busy; try again shortly.");
    }
    try {
      Reply reply = to_reply(client->sendCommand(command));
      pool->returnObject(client);
      return reply;
    } catch (...) {
      // The stream state is unknown: drop the connection so the pool discards it.
      try {
        client->disconnect();
      } catch (...) {
      }
      pool->returnObject(client);
      throw;
    }
  }

  void log_failure(std::string_view event, const std::string& detail) const {
    if (options.logger != nullptr)
      options.logger->error(event, {{"detail", redact_driver_message(detail)}});
  }
};

RedisClient::RedisClient(RedisOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  const Endpoint ep = parse_url(impl_->options.url);
  const auto size = static_cast<std::size_t>(impl_->options.pool_size);
  impl_->pool = std::make_unique<Pool>(
      ClientFactory(ep, Poco::Timespan(Poco::Timespan::TimeDiff(impl_->options.timeout_ms) * 1000)),
      size, size);
}

RedisClient::~RedisClient() = default;

Reply RedisClient::command(const std::vector<std::string>& args) {
  const Poco::Redis::Array array = to_array(args);
  // After a Redis restart every idle pooled connection is dead but still looks connected; each
  // failed attempt discards its connection, so at most pool_size + 1 attempts reach a fresh one.
  // When Redis itself is down, borrowing a fresh connection fails at once (503).
  const int attempts = impl_->options.pool_size + 1;
  for (int i = 1;; ++i) {
    try {
      return impl_->attempt(array);
    } catch (const Poco::Exception& e) {
      impl_->log_failure("redis_command_failed", e.displayText());
      if (i >= attempts) throw Error::unavailable("Redis");
    }
  }
}

void RedisClient::ping() {
  const Reply r = command({"PING"});
  if (r.type != Reply::Type::kString || r.text != "PONG") throw Error::unavailable("Redis");
}

}  // namespace regal::redis
