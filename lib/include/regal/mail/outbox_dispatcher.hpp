#pragma once
// Mail delivery from the outbox table: at-least-once, with exponential backoff.
//
// dispatch_once() claims due messages (leased, so several responders can run it), hands each to
// the transport, and marks it sent or schedules a retry after 10 s × 2^(attempts−1), capped at
// one hour. Failures are logged without the message body (it may hold a reset token).

#include <cstdint>
#include <string>

#include "regal/core/clock.hpp"
#include "regal/ports/identity_ports.hpp"

namespace regal {
class Logger;
}

namespace regal::mail {

class MailTransport {
 public:
  virtual ~MailTransport() = default;
  // Delivers one message; throws on failure.
  virtual void send(const ports::Mail& mail) = 0;
};

struct SmtpOptions {
  std::string host;  // "" disables delivery
  int port = 25;
  std::string from = "Regal <no-reply@regal.local>";
  int timeout_ms = 10000;
};

class SmtpTransport final : public MailTransport {
 public:
  explicit SmtpTransport(SmtpOptions options) : options_(std::move(options)) {}
  void send(const ports::Mail& mail) override;

 private:
  SmtpOptions options_;
};

class OutboxDispatcher {
 public:
  OutboxDispatcher(ports::Outbox& outbox, MailTransport& transport, const Clock& clock,
                   const Logger& logger)
      : outbox_(outbox), transport_(transport), clock_(clock), logger_(logger) {}

  // Returns how many messages were delivered.
  int dispatch_once(int batch = 20);

  static std::int64_t backoff_ms(int attempts);

 private:
  void failed(const ports::Mail& mail, const std::string& error);

  ports::Outbox& outbox_;
  MailTransport& transport_;
  const Clock& clock_;
  const Logger& logger_;
};

}  // namespace regal::mail
