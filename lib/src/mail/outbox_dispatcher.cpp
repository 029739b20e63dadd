#include "regal/mail/outbox_dispatcher.hpp"

#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/SMTPClientSession.h>

#include <algorithm>

#include "regal/core/log.hpp"

namespace regal::mail {

void SmtpTransport::send(const ports::Mail& mail) {
  Poco::Net::MailMessage message;
  message.setSender(options_.from);
  message.addRecipient(
      Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, mail.recipient));
  message.setSubject(Poco::Net::MailMessage::encodeWord(mail.subject, "UTF-8"));
  message.setContentType("text/plain; charset=UTF-8");
  message.setContent(mail.body, Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
  Poco::Net::SMTPClientSession session(options_.host, static_cast<Poco::UInt16>(options_.port));
  session.setTimeout(Poco::Timespan(Poco::Timespan::TimeDiff(options_.timeout_ms) * 1000));
  session.login();
  session.sendMessage(message);
  session.close();
}

std::int64_t OutboxDispatcher::backoff_ms(int attempts) {
  const int exponent = std::clamp(attempts - 1, 0, 9);
  return std::min<std::int64_t>(std::int64_t{10'000} << exponent, 3'600'000);
}

void OutboxDispatcher::failed(const ports::Mail& mail, const std::string& error) {
  outbox_.mark_failed(mail.id, error, clock_.now_ms() + backoff_ms(mail.attempts));
  logger_.warn(
      "mail_failed",
      {{"mail_id", mail.id}, {"kind", mail.kind}, {"attempts", mail.attempts}, {"error", error}});
}

int OutboxDispatcher::dispatch_once(int batch) {
  int delivered = 0;
  for (const auto& mail : outbox_.claim_due(batch, clock_.now_ms())) {
    try {
      transport_.send(mail);
      outbox_.mark_sent(mail.id, clock_.now_ms());
      ++delivered;
      logger_.info("mail_sent", {{"mail_id", mail.id}, {"kind", mail.kind}});
    } catch (const Poco::Exception& e) {
      failed(mail, e.displayText());
    } catch (const std::exception& e) {
      failed(mail, e.what());
    }
  }
  return delivered;
}

}  // namespace regal::mail
