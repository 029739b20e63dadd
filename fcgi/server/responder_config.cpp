#include "server/responder_config.hpp"

#include <unistd.h>

#include "regal/core/config.hpp"
#include "regal/core/error.hpp"
#include "regal/data/pg/conninfo.hpp"

namespace regal::server {
namespace {

// The same checks as DATABASE_URL gets when its pool is built (conninfo_from_url), made at
// start-up with the variable's own name in the message.
void check_database_url(const char* name, const std::string& url) {
  try {
    (void)pg::conninfo_from_url(url);
  } catch (const Error& e) {
    std::string message = e.what();
    const std::string generic = "DATABASE_URL";
    if (message.rfind(generic, 0) == 0) message.replace(0, generic.size(), name);
    throw Error::invalid("INVALID_CONFIG", message);
  }
}

}  // namespace

ResponderConfig load_responder_config() {
  namespace cfg = regal::config;
  ResponderConfig c;
  c.env = cfg::get_string("REGAL_ENV", "development");
  if (c.env != "development" && c.env != "test" && c.env != "production") {
    throw Error::invalid("INVALID_CONFIG", "REGAL_ENV must be development, test or production.");
  }
  c.listen = cfg::get_string("REGAL_LISTEN", "127.0.0.1:9000");
  c.threads = static_cast<int>(cfg::get_int("REGAL_THREADS", 8, 1, 256));
  c.socket_group = cfg::get_string("REGAL_SOCKET_GROUP", "");
  c.database_url =
      cfg::get_string("DATABASE_URL", "postgresql://regal:regal@127.0.0.1:55432/regal");
  // Read-only report queries may go to a replica; unset or empty = the primary.
  c.database_read_url = c.database_url;
  if (const auto read_url = cfg::lookup("DATABASE_READ_URL")) {
    check_database_url("DATABASE_READ_URL", *read_url);
    c.database_read_url = *read_url;
  }
  c.redis_url = cfg::get_string("REDIS_URL", "redis://127.0.0.1:56379/0");
  c.jwt_secret = cfg::get_string("JWT_SECRET", kDevJwtSecret);
  c.max_body_bytes = static_cast<std::size_t>(
      cfg::get_int("REGAL_MAX_BODY_BYTES", 1024 * 1024, 1024, 256LL * 1024 * 1024));
  c.log_level = cfg::get_string("REGAL_LOG_LEVEL", "info");
  c.instance = cfg::get_string("REGAL_INSTANCE", std::to_string(::getpid()));
  c.test_routes = cfg::get_bool("REGAL_TEST_ROUTES", false);
  c.bcrypt_cost = static_cast<int>(cfg::get_int("REGAL_BCRYPT_COST", 12, 4, 31));
  c.registration_enabled = cfg::get_bool("REGAL_REGISTRATION", true);
  c.reset_link_base = cfg::get_string("REGAL_RESET_LINK_BASE", "");
  c.sale_number_format = cfg::get_string("REGAL_SALE_NUMBER_FORMAT", "{branch}-{register}-{seq}");
  if (c.sale_number_format.find("{seq}") == std::string::npos || c.sale_number_format.size() > 64) {
    throw Error::invalid(
        "INVALID_CONFIG",
        "REGAL_SALE_NUMBER_FORMAT must contain {seq} and be at most 64 characters.");
  }
  // Unset: PDFs use DejaVu Sans, or Helvetica when it is missing. Set: it must be there.
  c.pdf_font = cfg::get_string("REGAL_PDF_FONT", "");
  if (!c.pdf_font.empty() && ::access(c.pdf_font.c_str(), R_OK) != 0) {
    throw Error::invalid("INVALID_CONFIG", "REGAL_PDF_FONT names no readable font file.");
  }
  c.refund_number_format =
      cfg::get_string("REGAL_REFUND_NUMBER_FORMAT", "{branch}-{register}-R{seq}");
  if (c.refund_number_format.find("{seq}") == std::string::npos ||
      c.refund_number_format.size() > 64) {
    throw Error::invalid(
        "INVALID_CONFIG",
        "REGAL_REFUND_NUMBER_FORMAT must contain {seq} and be at most 64 characters.");
  }
  c.refund_cashier_limit =
      cfg::get_int("REGAL_REFUND_CASHIER_LIMIT", 5000, 0, 1'000'000'000'000'000);
  c.login_max_failures = static_cast<int>(cfg::get_int("REGAL_LOGIN_MAX_FAILURES", 5, 1, 1000));
  c.login_max_failures_per_ip =
      static_cast<int>(cfg::get_int("REGAL_LOGIN_MAX_FAILURES_PER_IP", 20, 1, 1000000));
  c.login_window_s = static_cast<int>(cfg::get_int("REGAL_LOGIN_WINDOW_SECONDS", 900, 1, 86400));
  c.session_cache_s = static_cast<int>(cfg::get_int("REGAL_SESSION_CACHE_SECONDS", 60, 0, 3600));
  c.smtp_host = cfg::get_string("REGAL_SMTP_HOST", "");
  c.smtp_port = static_cast<int>(cfg::get_int("REGAL_SMTP_PORT", 25, 1, 65535));
  c.mail_from = cfg::get_string("REGAL_MAIL_FROM", "Regal <no-reply@regal.local>");
  c.outbox_poll_ms = static_cast<int>(cfg::get_int("REGAL_OUTBOX_POLL_MS", 1000, 50, 600000));
  if (c.env == "production") {
    if (c.jwt_secret == kDevJwtSecret || c.jwt_secret.size() < 32) {
      throw Error::invalid(
          "INVALID_CONFIG",
          "JWT_SECRET must be set to a secret of at least 32 bytes in production.");
    }
    if (c.bcrypt_cost < 10) {
      throw Error::invalid("INVALID_CONFIG",
                           "REGAL_BCRYPT_COST must be at least 10 in production.");
    }
    if (c.test_routes) {
      throw Error::invalid("INVALID_CONFIG", "REGAL_TEST_ROUTES must be off in production.");
    }
  }
  return c;
}

}  // namespace regal::server
