// regal-fcgi — the FastCGI responder. Reads like the diagram in DESIGN §1:
// config → adapters (PostgreSQL pool, Redis pool) → routes → App pipeline → FastCGI server,
// with SIGTERM/SIGINT handled on a dedicated thread that stops the server gracefully.

#include <pthread.h>

#include <csignal>
#include <exception>
#include <thread>

#include "handlers/system_handlers.hpp"
#include "regal/cache/redis/redis_client.hpp"
#include "regal/core/error.hpp"
#include "regal/core/log.hpp"
#include "regal/data/pg/database.hpp"
#include "server/fcgi_server.hpp"
#include "server/responder_config.hpp"
#include "web/app.hpp"

namespace {

// Blocks SIGTERM/SIGINT in every thread (inherited by the workers) and returns the set, so
// only the signal thread ever receives them.
sigset_t block_stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);  // a client gone mid-write must not kill the process
  return set;
}

int serve(const regal::server::ResponderConfig& config, const regal::Logger& log,
          const sigset_t& stop_signals) {
  regal::pg::Database database(
      {.url = config.database_url, .max_sessions = config.threads, .logger = &log});
  regal::redis::RedisClient redis(
      {.url = config.redis_url, .pool_size = config.threads, .logger = &log});
  regal::web::Metrics metrics(config.instance);

  regal::web::Router router;
  regal::handlers::add_system_routes(router, {database, redis, metrics});
  if (config.test_routes) regal::handlers::add_test_routes(router);

  const regal::web::App app(std::move(router), metrics, log,
                            {.max_body_bytes = config.max_body_bytes});
  regal::server::FcgiServer server(
      {.listen = config.listen, .threads = config.threads, .socket_group = config.socket_group},
      app, log);
  server.open();

  std::thread signal_thread([&] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    log.info("stopping", {{"signal", signal_number}});
    server.stop();
  });
  log.info("started", {{"listen", config.listen},
                       {"threads", config.threads},
                       {"env", config.env},
                       {"instance", config.instance}});
  server.run();
  // Workers are done; wake the signal thread if the server stopped for another reason.
  pthread_kill(signal_thread.native_handle(), SIGTERM);
  signal_thread.join();
  log.info("stopped");
  return 0;
}

}  // namespace

int main() {
  const sigset_t stop_signals = block_stop_signals();
  const regal::Logger boot_log;
  try {
    const auto config = regal::server::load_responder_config();
    const regal::Logger log(regal::Logger::parse_level(config.log_level));
    return serve(config, log, stop_signals);
  } catch (const regal::Error& e) {
    boot_log.error("startup_failed", {{"code", e.code()}, {"detail", e.what()}});
  } catch (const std::exception& e) {
    boot_log.error("startup_failed", {{"detail", e.what()}});
  }
  return 1;
}
