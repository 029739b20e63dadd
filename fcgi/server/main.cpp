// regal-fcgi — the FastCGI responder. Reads like the diagram in DESIGN §1:
// config → adapters (PostgreSQL pool, Redis pool) → services → routes → App pipeline →
// FastCGI server, with SIGTERM/SIGINT handled on a dedicated thread that stops it gracefully.

#include <pthread.h>

#include <algorithm>
#include <csignal>
#include <exception>
#include <iostream>
#include <string>
#include <thread>

#include "handlers/auth_handlers.hpp"
#include "handlers/catalog_handlers.hpp"
#include "handlers/custom_order_handlers.hpp"
#include "handlers/desk_handlers.hpp"
#include "handlers/expense_handlers.hpp"
#include "handlers/refund_handlers.hpp"
#include "handlers/report_handlers.hpp"
#include "handlers/sales_handlers.hpp"
#include "handlers/shift_handlers.hpp"
#include "handlers/stock_handlers.hpp"
#include "handlers/system_handlers.hpp"
#include "regal/auth/approval_service.hpp"
#include "regal/auth/auth_service.hpp"
#include "regal/auth/user_admin_service.hpp"
#include "regal/cache/redis/cached_session_store.hpp"
#include "regal/cache/redis/redis_client.hpp"
#include "regal/cache/redis/redis_desk_stats.hpp"
#include "regal/cache/redis/redis_identity.hpp"
#include "regal/core/error.hpp"
#include "regal/core/log.hpp"
#include "regal/data/pg/database.hpp"
#include "regal/data/pg/pg_catalog.hpp"
#include "regal/data/pg/pg_custom_orders.hpp"
#include "regal/data/pg/pg_desk.hpp"
#include "regal/data/pg/pg_expenses.hpp"
#include "regal/data/pg/pg_identity.hpp"
#include "regal/data/pg/pg_refunds.hpp"
#include "regal/data/pg/pg_reports.hpp"
#include "regal/data/pg/pg_sales.hpp"
#include "regal/data/pg/pg_shifts.hpp"
#include "regal/data/pg/pg_stock.hpp"
#include "regal/desk/directory_service.hpp"
#include "regal/desk/ticket_service.hpp"
#include "regal/mail/outbox_dispatcher.hpp"
#include "regal/pos/catalog_service.hpp"
#include "regal/pos/custom_order_service.hpp"
#include "regal/pos/expense_service.hpp"
#include "regal/pos/refund_service.hpp"
#include "regal/pos/report_service.hpp"
#include "regal/pos/sale_service.hpp"
#include "regal/pos/shift_service.hpp"
#include "regal/pos/stock_service.hpp"
#include "server/background_loop.hpp"
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

// `regal-fcgi --routes`: the route table as JSON ([{method, pattern, permission}]), built by the
// same wiring as serving (nothing connects until used), for the OpenAPI comparison test.
void print_routes(const regal::web::Router& router) {
  std::string out = "[";
  for (const auto& r : router.routes()) {
    if (out.size() > 1) out += ",\n";
    out += "{\"method\":\"" + r.method + "\",\"pattern\":\"" + r.pattern + "\",\"permission\":\"" +
           std::string(regal::auth::to_string(r.permission)) + "\"}";
  }
  std::cout << out << "]\n";
}

int serve(const regal::server::ResponderConfig& config, const regal::Logger& log,
          const sigset_t& stop_signals, bool routes_only) {
  using namespace regal;
  const SystemClock clock;

  // Adapters
  pg::Database database(
      {.url = config.database_url, .max_sessions = config.threads + 1, .logger = &log});
  // Reports only read: their own pool, on a replica when DATABASE_READ_URL names one, and
  // read-only either way.
  pg::Database read_database({.url = config.database_read_url,
                              .max_sessions = config.threads + 1,
                              .read_only = true,
                              .logger = &log});
  redis::RedisClient redis({.url = config.redis_url, .pool_size = config.threads, .logger = &log});
  pg::PgUserRepository pg_users(database);
  pg::PgSessionStore pg_sessions(database);
  // Sessions: PostgreSQL holds the truth; Redis answers the per-request session check and
  // refuses revoked refresh-token families (REGAL_SESSION_CACHE_SECONDS=0 turns it off).
  redis::CachedSessionStore cached_sessions(
      pg_sessions, redis, {.ttl_s = std::max(config.session_cache_s, 1), .logger = &log});
  redis::SessionCacheUserRepository cached_users(pg_users, cached_sessions);
  const bool session_cache = config.session_cache_s > 0;
  ports::SessionStore& sessions =
      session_cache ? static_cast<ports::SessionStore&>(cached_sessions) : pg_sessions;
  ports::UserRepository& users =
      session_cache ? static_cast<ports::UserRepository&>(cached_users) : pg_users;
  pg::PgPasswordResetStore resets(database);
  pg::PgAuditLog audit(database);
  pg::PgOutbox outbox(database);
  pg::PgCatalogStore catalog_store(database);
  pg::PgDeskDirectory desk_directory(database);
  pg::PgTicketStore ticket_store(database);
  redis::RedisDeskStatsCache desk_stats(redis, 60);
  pg::PgSalesStore sales_store(database);
  pg::PgRefundStore refund_store(database);
  pg::PgCustomOrderStore order_store(database);
  pg::PgShiftStore shift_store(database);
  pg::PgStockStore stock_store(database);
  pg::PgExpenseStore expense_store(database);
  pg::PgReportStore report_store(read_database);
  redis::RedisLoginThrottle account_throttle(redis, config.login_max_failures,
                                             config.login_window_s);
  redis::RedisLoginThrottle ip_throttle(redis, config.login_max_failures_per_ip,
                                        config.login_window_s);
  redis::RedisApprovalStore approval_store(redis);

  // Services
  const auth::PasswordHasher hasher(config.bcrypt_cost);
  const auth::TokenSigner signer(config.jwt_secret, "regal", "regal-api");
  auth::AuthService auth_service({.registration_enabled = config.registration_enabled,
                                  .reset_link_base = config.reset_link_base},
                                 {users, sessions, resets, audit, account_throttle, ip_throttle},
                                 hasher, signer, clock);
  auth::UserAdminService user_admin(users, sessions, hasher, clock);
  // Supervisor approvals (refunds above a cashier's limit, recounts, …): handlers that need
  // one take `approvals` and call consume(requester, token, action).
  auth::ApprovalService approvals({}, auth_service, users, approval_store, audit, clock);
  pos::CatalogService catalog(catalog_store, clock);
  pos::SaleService sales(
      sales_store, clock,
      {.number_format = config.sale_number_format, .receipt_pdf = {.font_path = config.pdf_font}});
  pos::ShiftService shifts(shift_store, clock, &approvals);
  pos::StockService stock(stock_store, clock);
  pos::ExpenseService expenses(expense_store, clock);
  pos::ReportService reports(report_store);
  pos::RefundService refunds(
      refund_store, clock,
      [&approvals](const auth::Actor& requester, const std::string& token) {
        return approvals.consume(requester, token, "refund").approver_id;
      },
      {.number_format = config.refund_number_format, .cashier_limit = config.refund_cashier_limit});
  pos::CustomOrderService custom_orders(order_store, sales_store, clock,
                                        {.sale_number_format = config.sale_number_format});
  mail::SmtpTransport smtp(
      {.host = config.smtp_host, .port = config.smtp_port, .from = config.mail_from});
  mail::OutboxDispatcher mailer(outbox, smtp, clock, log);

  // Routes
  web::Metrics metrics(config.instance);
  handlers::MetricsTicketEvents ticket_events(metrics);
  desk::DirectoryService desk_org(desk_directory, clock);
  desk::TicketService tickets({desk_directory, ticket_store, desk_stats, ticket_events}, clock,
                              desk::attachment_limits_from_env());
  web::Router router;
  handlers::add_system_routes(router, {database, redis, metrics});
  handlers::add_auth_routes(router, {auth_service, user_admin, audit, approvals});
  handlers::add_user_routes(router, {auth_service, user_admin, audit, approvals});
  handlers::add_catalog_routes(router, {catalog});
  handlers::add_sales_routes(router, {sales});
  handlers::add_refund_routes(router, {refunds});
  handlers::add_custom_order_routes(router, {custom_orders});
  handlers::add_shift_routes(router, {shifts});
  handlers::add_stock_routes(router, {stock});
  handlers::add_expense_routes(router, {expenses});
  handlers::add_report_routes(router, {reports, config.pdf_font});
  handlers::add_desk_routes(router, {desk_org, tickets});
  if (config.test_routes) handlers::add_test_routes(router);
  if (routes_only) {
    print_routes(router);
    return 0;
  }

  const web::App app(std::move(router), metrics, log, {.max_body_bytes = config.max_body_bytes},
                     [&](const std::string& token) { return auth_service.authenticate(token); });
  server::FcgiServer server(
      {.listen = config.listen, .threads = config.threads, .socket_group = config.socket_group},
      app, log);
  server.open();

  server::BackgroundLoop mail_loop(config.smtp_host.empty() ? 0 : config.outbox_poll_ms, log,
                                   "outbox", [&] { mailer.dispatch_once(); });
  std::thread signal_thread([&] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    log.info("stopping", {{"signal", signal_number}});
    server.stop();
  });
  log.info("started", {{"listen", config.listen},
                       {"threads", config.threads},
                       {"env", config.env},
                       {"instance", config.instance},
                       {"reports_database",
                        config.database_read_url == config.database_url ? "primary" : "replica"}});
  server.run();
  mail_loop.stop();
  // Workers are done; wake the signal thread if the server stopped for another reason.
  pthread_kill(signal_thread.native_handle(), SIGTERM);
  signal_thread.join();
  log.info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const bool routes_only = argc > 1 && std::string(argv[1]) == "--routes";
  const sigset_t stop_signals = block_stop_signals();
  const regal::Logger boot_log;
  try {
    const auto config = regal::server::load_responder_config();
    const regal::Logger log(regal::Logger::parse_level(config.log_level));
    return serve(config, log, stop_signals, routes_only);
  } catch (const regal::Error& e) {
    boot_log.error("startup_failed", {{"code", e.code()}, {"detail", e.what()}});
  } catch (const std::exception& e) {
    boot_log.error("startup_failed", {{"detail", e.what()}});
  }
  return 1;
}
