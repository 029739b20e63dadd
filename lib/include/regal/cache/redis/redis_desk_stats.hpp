#pragma once
// Redis adapter of the desk stats cache (ports::DeskStatsCache). Holds only the aggregate counts,
// never ticket content. Entries live under a generation number: invalidate() bumps the
// generation (INCR), so every cached scope goes stale at once and a reader that computed stats
// before a write cannot store them where readers after the write look. Entries also expire after
// `ttl_s`. Redis failures are swallowed (logged by the caller's metrics only): PostgreSQL answers.

#include <string>

#include "regal/ports/desk_ports.hpp"

namespace regal::redis {

class RedisClient;

class RedisDeskStatsCache final : public ports::DeskStatsCache {
 public:
  RedisDeskStatsCache(RedisClient& redis, int ttl_s) : redis_(redis), ttl_s_(ttl_s) {}

  std::optional<desk::TicketStats> get(const std::string& scope, std::string& generation) override;
  void put(const std::string& scope, const std::string& generation,
           const desk::TicketStats& stats) override;
  void invalidate() override;

 private:
  RedisClient& redis_;
  int ttl_s_;
};

// The stats as JSON text and back (nullopt on anything malformed); exposed for tests.
std::string stats_to_json(const desk::TicketStats& stats);
std::optional<desk::TicketStats> stats_from_json(const std::string& text);

}  // namespace regal::redis
