// smtp_sink — a tiny SMTP server for the test stack. It accepts every message and stores each
// one as its own file in a directory, so end-to-end tests can read what the responders mailed.
//
// Usage: smtp_sink --port PORT --dir DIR [--bind ADDRESS]   (default address 127.0.0.1)
// Stops on SIGTERM/SIGINT. Logs one line per event on stderr, never message contents (they hold
// reset tokens and the logs are checked for secrets).
//
// Each file (DIR/NNNNNN-<pid>.eml) starts with the envelope, one header per line:
//   X-Sink-Mail-From: <from>
//   X-Sink-Rcpt-To: <recipient>        (one line per RCPT TO)
// then a blank line, then the message exactly as received (dot-stuffing removed, CRLF line ends).
// It is written under a temporary name and renamed, so a reader never sees half a file.
//
// Speaks enough SMTP for Poco::Net::SMTPClientSession: 220 greeting, EHLO/HELO, MAIL FROM,
// RCPT TO, DATA … ".", RSET, NOOP, QUIT; anything else gets 502.

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/SocketStream.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/Net/TCPServerParams.h>
#include <Poco/String.h>
#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

std::mutex log_mutex;

void log_line(const std::string& text) {
  const std::lock_guard lock(log_mutex);
  std::cerr << "smtp_sink: " << text << std::endl;
}

// Stores finished messages; numbering is shared by all connections.
class Mailbox {
 public:
  explicit Mailbox(fs::path dir) : dir_(std::move(dir)) {}

  std::string store(const std::string& from, const std::vector<std::string>& recipients,
                    const std::string& message) {
    const unsigned long n = ++count_;
    char name[64];
    std::snprintf(name, sizeof name, "%06lu-%ld", n, static_cast<long>(::getpid()));
    const fs::path tmp = dir_ / (std::string(".") + name + ".tmp");
    const fs::path final_path = dir_ / (std::string(name) + ".eml");
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out << "X-Sink-Mail-From: " << from << "\r\n";
      for (const auto& r : recipients) out << "X-Sink-Rcpt-To: " << r << "\r\n";
      out << "\r\n" << message;
      out.flush();
      if (!out) throw std::runtime_error("cannot write " + tmp.string());
    }
    fs::rename(tmp, final_path);
    return final_path.filename().string();
  }

 private:
  fs::path dir_;
  std::atomic<unsigned long> count_{0};
};

// The argument of "MAIL FROM:<x>" / "RCPT TO:<x>": what is between the angle brackets.
std::string address_of(const std::string& line) {
  const auto open = line.find('<');
  const auto close = line.rfind('>');
  if (open == std::string::npos || close == std::string::npos || close < open) {
    const auto colon = line.find(':');
    return colon == std::string::npos ? std::string() : Poco::trim(line.substr(colon + 1));
  }
  return line.substr(open + 1, close - open - 1);
}

bool starts_with_ci(const std::string& line, const char* prefix) {
  const std::string p(prefix);
  return line.size() >= p.size() && Poco::icompare(line.substr(0, p.size()), p) == 0;
}

class SmtpConnection : public Poco::Net::TCPServerConnection {
 public:
  SmtpConnection(const Poco::Net::StreamSocket& socket, Mailbox& mailbox)
      : Poco::Net::TCPServerConnection(socket), mailbox_(mailbox) {}

  void run() override {
    try {
      socket().setReceiveTimeout(Poco::Timespan(60, 0));
      Poco::Net::SocketStream io(socket());
      converse(io);
    } catch (const std::exception& e) {
      log_line(std::string("connection ended: ") + e.what());
    }
  }

 private:
  static bool read_line(std::istream& in, std::string& line) {
    if (!std::getline(in, line)) return false;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
  }

  static void reply(std::ostream& out, const std::string& text) {
    out << text << "\r\n";
    out.flush();
  }

  void converse(Poco::Net::SocketStream& io) {
    reply(io, "220 smtp-sink ready");
    std::string from;
    std::vector<std::string> recipients;
    std::string line;
    while (read_line(io, line)) {
      if (starts_with_ci(line, "EHLO")) {
        reply(io, "250-smtp-sink");
        reply(io, "250 8BITMIME");
      } else if (starts_with_ci(line, "HELO")) {
        reply(io, "250 smtp-sink");
      } else if (starts_with_ci(line, "MAIL FROM:")) {
        from = address_of(line);
        recipients.clear();
        reply(io, "250 OK");
      } else if (starts_with_ci(line, "RCPT TO:")) {
        recipients.push_back(address_of(line));
        reply(io, "250 OK");
      } else if (starts_with_ci(line, "DATA")) {
        if (recipients.empty()) {
          reply(io, "503 RCPT TO first");
          continue;
        }
        reply(io, "354 End data with <CR><LF>.<CR><LF>");
        std::string message;
        bool complete = false;
        while (read_line(io, line)) {
          if (line == ".") {
            complete = true;
            break;
          }
          if (!line.empty() && line.front() == '.') line.erase(0, 1);  // dot-stuffing
          message += line;
          message += "\r\n";
        }
        if (!complete) return;  // the client went away mid-message: nothing is stored
        const std::string name = mailbox_.store(from, recipients, message);
        log_line("stored " + name + " (" + std::to_string(recipients.size()) + " recipient(s), " +
                 std::to_string(message.size()) + " bytes)");
        reply(io, "250 OK stored");
        from.clear();
        recipients.clear();
      } else if (starts_with_ci(line, "RSET")) {
        from.clear();
        recipients.clear();
        reply(io, "250 OK");
      } else if (starts_with_ci(line, "NOOP")) {
        reply(io, "250 OK");
      } else if (starts_with_ci(line, "QUIT")) {
        reply(io, "221 Bye");
        return;
      } else {
        reply(io, "502 Command not implemented");
      }
    }
  }

  Mailbox& mailbox_;
};

class SmtpConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
 public:
  explicit SmtpConnectionFactory(Mailbox& mailbox) : mailbox_(mailbox) {}
  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
    return new SmtpConnection(socket, mailbox_);  // TCPServer owns and deletes it
  }

 private:
  Mailbox& mailbox_;
};

int usage() {
  std::cerr << "usage: smtp_sink --port PORT --dir DIR [--bind ADDRESS]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string bind = "127.0.0.1";
  std::string dir;
  int port = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i];
    const std::string value = argv[i + 1];
    if (name == "--port") {
      port = std::atoi(value.c_str());
    } else if (name == "--dir") {
      dir = value;
    } else if (name == "--bind") {
      bind = value;
    } else {
      return usage();
    }
  }
  if (argc % 2 == 0 || dir.empty() || port <= 0 || port > 65535) return usage();

  // Only this thread takes SIGTERM/SIGINT; the server's threads inherit the blocked mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  try {
    fs::create_directories(dir);
    Mailbox mailbox(dir);
    Poco::Net::ServerSocket listener(
        Poco::Net::SocketAddress(bind, static_cast<Poco::UInt16>(port)), 64);
    Poco::Net::TCPServerParams::Ptr params = new Poco::Net::TCPServerParams;
    params->setMaxThreads(8);
    Poco::Net::TCPServer server(new SmtpConnectionFactory(mailbox), listener, params);
    server.start();
    log_line("listening on " + bind + ":" + std::to_string(port) + ", storing mail in " + dir);
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    log_line("stopping (signal " + std::to_string(signal_number) + ")");
    server.stop();
  } catch (const Poco::Exception& e) {
    log_line("failed: " + e.displayText());
    return 1;
  } catch (const std::exception& e) {
    log_line(std::string("failed: ") + e.what());
    return 1;
  }
  return 0;
}
