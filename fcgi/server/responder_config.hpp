#pragma once
// Responder configuration, read once from the environment (README.md lists every
// variable). Local defaults match ./scripts/run; production refuses unsafe defaults.

#include <cstddef>
#include <cstdint>
#include <string>

namespace regal::server {

inline constexpr const char* kDevJwtSecret = "regal-development-secret-change-me";

struct ResponderConfig {
  std::string env;                           // REGAL_ENV: development | test | production
  std::string listen;                        // REGAL_LISTEN
  int threads = 8;                           // REGAL_THREADS
  std::string socket_group;                  // REGAL_SOCKET_GROUP
  std::string database_url;                  // DATABASE_URL
  std::string database_read_url;             // DATABASE_READ_URL (reports; default DATABASE_URL)
  std::string redis_url;                     // REDIS_URL
  std::string jwt_secret;                    // JWT_SECRET
  std::size_t max_body_bytes = 1024 * 1024;  // REGAL_MAX_BODY_BYTES
  std::string log_level;                     // REGAL_LOG_LEVEL
  std::string instance;                      // REGAL_INSTANCE
  bool test_routes = false;                  // REGAL_TEST_ROUTES
  // Identity
  int bcrypt_cost = 12;                // REGAL_BCRYPT_COST
  bool registration_enabled = true;    // REGAL_REGISTRATION
  std::string reset_link_base;         // REGAL_RESET_LINK_BASE
  int login_max_failures = 5;          // REGAL_LOGIN_MAX_FAILURES
  int login_max_failures_per_ip = 20;  // REGAL_LOGIN_MAX_FAILURES_PER_IP
  int login_window_s = 900;            // REGAL_LOGIN_WINDOW_SECONDS
  int session_cache_s = 60;            // REGAL_SESSION_CACHE_SECONDS (0 = no Redis session cache)
  // Mail
  std::string smtp_host;      // REGAL_SMTP_HOST ("" = mail stays in the outbox)
  int smtp_port = 25;         // REGAL_SMTP_PORT
  std::string mail_from;      // REGAL_MAIL_FROM
  int outbox_poll_ms = 1000;  // REGAL_OUTBOX_POLL_MS
  // POS
  std::string sale_number_format;  // REGAL_SALE_NUMBER_FORMAT ({branch}, {register}, {seq})
  std::string pdf_font;            // REGAL_PDF_FONT (a .ttf; "" = lib's DejaVu Sans default)
  std::string refund_number_format;        // REGAL_REFUND_NUMBER_FORMAT (same placeholders)
  std::int64_t refund_cashier_limit = 5000;  // REGAL_REFUND_CASHIER_LIMIT (minor units)
};

// Throws regal::Error INVALID_CONFIG naming the variable on any malformed or unsafe value.
ResponderConfig load_responder_config();

}  // namespace regal::server
