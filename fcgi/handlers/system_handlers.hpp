#pragma once
// Operational routes: /healthz (process alive), /readyz (PostgreSQL and Redis answer),
// /metrics (Prometheus text), and — only when REGAL_TEST_ROUTES=1 — /api/v1/_test/* routes the
// e2e suite uses to prove the pipeline's failure handling.

#include "web/metrics.hpp"
#include "web/router.hpp"

namespace regal::pg {
class Database;
}
namespace regal::redis {
class RedisClient;
}

namespace regal::handlers {

struct SystemDeps {
  pg::Database& database;
  redis::RedisClient& redis;
  web::Metrics& metrics;
};

void add_system_routes(web::Router& router, SystemDeps deps);
// Registers the /api/v1/_test/* routes; must come after every other route (it lists them).
void add_test_routes(web::Router& router);

}  // namespace regal::handlers
