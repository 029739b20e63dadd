#pragma once
// FcgiServer — serves an App over FastCGI with libfcgi.
//
// Threading and connection model (chosen deliberately, measured in docs/PERFORMANCE.md):
// N worker threads each block in FCGX_Accept_r on the one shared listening socket, with no
// user-space accept mutex: on Linux the kernel hands each new connection to exactly one
// blocked accept(), so a mutex only adds a hand-off. nginx runs with fastcgi_keep_conn off, so
// every request arrives on its own connection and a worker never sits on an idle kept
// connection while others wait — the accept-mutex + keep-conn combination measured ~17
// requests/s, while one-connection-per-request measured ~14k requests/s through nginx for a
// trivial responder on this 2-core machine. Threads (not processes) per responder because
// handlers block on PostgreSQL/Redis round trips; more responder processes scale out.
//
// stop() (async-signal-safe enough to call from the signal thread) shuts the listening socket
// down: blocked accepts return, in-flight requests finish, run() joins the workers and returns.

#include <atomic>
#include <cstddef>
#include <string>

#include "regal/core/log.hpp"
#include "web/app.hpp"

namespace regal::server {

struct ServerOptions {
  std::string listen;  // "unix:/abs/path.sock" or "host:port"
  int threads = 8;
  std::string socket_group;  // unix sockets: chgrp to this group (e.g. www-data), mode 0660
  int backlog = 1024;
};

class FcgiServer {
 public:
  FcgiServer(ServerOptions options, const web::App& app, const Logger& logger);
  ~FcgiServer();
  FcgiServer(const FcgiServer&) = delete;
  FcgiServer& operator=(const FcgiServer&) = delete;

  // Opens the listening socket; throws std::runtime_error with the reason on failure.
  void open();
  // Serves until stop(); returns after every worker has finished its current request.
  void run();
  void stop() noexcept;

 private:
  void worker_loop(int index);

  ServerOptions options_;
  const web::App& app_;
  const Logger& logger_;
  int listen_fd_ = -1;
  std::string socket_path_;
  std::atomic<bool> stopping_{false};
};

}  // namespace regal::server
