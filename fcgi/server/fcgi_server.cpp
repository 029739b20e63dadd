#include "server/fcgi_server.hpp"

#include <Poco/Net/HTTPResponse.h>
#include <fcgiapp.h>
#include <grp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <vector>

#include "regal/core/id.hpp"

namespace regal::server {
namespace {

std::string param(FCGX_Request& req, const char* name) {
  const char* value = FCGX_GetParam(name, req.envp);
  return value == nullptr ? std::string() : std::string(value);
}

// nginx's $request_id is 32 hex chars; anything else a client could smuggle in is replaced so
// logs cannot be forged through it.
std::string sanitize_request_id(const std::string& candidate) {
  if (candidate.empty() || candidate.size() > 128) return random_hex(16);
  for (const char c : candidate) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      return random_hex(16);
    }
  }
  return candidate;
}

// "HTTP_IF_MATCH" → "if-match"
std::string header_name(std::string_view env_name) {
  std::string out(env_name.substr(5));
  for (char& c : out) {
    c = c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

void read_params(FCGX_Request& req, web::Request& out) {
  out.method = param(req, "REQUEST_METHOD");
  // The path as the client sent it (REQUEST_URI), not nginx's decoded $document_uri: the router
  // splits on '/' first and then decodes each parameter once, so an id or barcode holding an
  // encoded '/' or '%' arrives intact and is never decoded twice.
  std::string uri = param(req, "REQUEST_URI");
  if (uri.empty()) uri = param(req, "DOCUMENT_URI");
  out.path = uri.substr(0, uri.find('?'));
  out.query = param(req, "QUERY_STRING");
  out.content_type = param(req, "CONTENT_TYPE");
  out.remote_addr = param(req, "REMOTE_ADDR");
  out.request_id = sanitize_request_id(param(req, "REQUEST_ID"));
  for (char** env = req.envp; env != nullptr && *env != nullptr; ++env) {
    if (std::strncmp(*env, "HTTP_", 5) != 0) continue;
    const char* eq = std::strchr(*env, '=');
    if (eq == nullptr) continue;
    const std::string_view entry(*env);
    out.headers[header_name(entry.substr(0, static_cast<std::size_t>(eq - *env)))] = eq + 1;
  }
}

// Reads exactly CONTENT_LENGTH bytes, unless that exceeds the limit, in which case nothing is
// read and the request is flagged (nginx enforces the same limit first; this is the backstop).
void read_body(FCGX_Request& req, web::Request& out, std::size_t max_bytes) {
  const std::string length_text = param(req, "CONTENT_LENGTH");
  if (length_text.empty()) return;
  char* end = nullptr;
  const unsigned long long length = std::strtoull(length_text.c_str(), &end, 10);
  if (end == length_text.c_str() || *end != '\0') return;
  if (length > max_bytes) {
    out.body_too_large = true;
    return;
  }
  out.body.resize(static_cast<std::size_t>(length));
  std::size_t got = 0;
  while (got < out.body.size()) {
    const int n =
        FCGX_GetStr(out.body.data() + got, static_cast<int>(out.body.size() - got), req.in);
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  out.body.resize(got);
}

// Writes `piece` to the FastCGI stdout stream (libfcgi buffers ~8 KB and sends full records).
void put(FCGX_Request& req, std::string_view piece) {
  while (!piece.empty()) {
    const int n = static_cast<int>(std::min<std::size_t>(piece.size(), 1u << 20));
    if (FCGX_PutStr(piece.data(), n, req.out) != n) {
      throw std::runtime_error("the client connection is gone");
    }
    piece.remove_prefix(static_cast<std::size_t>(n));
  }
}

// False when a streamed body failed half-way (the connection must then be cut, not finished).
bool write_response(FCGX_Request& req, const web::Response& r, const Logger& logger,
                    const std::string& request_id) {
  std::string head = "Status: " + std::to_string(r.status) + " " +
                     Poco::Net::HTTPResponse::getReasonForStatus(
                         static_cast<Poco::Net::HTTPResponse::HTTPStatus>(r.status)) +
                     "\r\n";
  if (!r.content_type.empty()) head += "Content-Type: " + r.content_type + "\r\n";
  for (const auto& [name, value] : r.headers) head += name + ": " + value + "\r\n";
  if (!r.stream) {
    head += "Content-Length: " + std::to_string(r.body.size()) + "\r\n\r\n";
    FCGX_PutStr(head.data(), static_cast<int>(head.size()), req.out);
    if (!r.body.empty()) FCGX_PutStr(r.body.data(), static_cast<int>(r.body.size()), req.out);
    return true;
  }
  head += "\r\n";
  try {
    put(req, head);
    r.stream([&req](std::string_view piece) { put(req, piece); });
    return true;
  } catch (const std::exception& e) {
    logger.error("stream_failed", {{"request_id", request_id}, {"detail", e.what()}});
  } catch (...) {
    logger.error("stream_failed", {{"request_id", request_id}, {"detail", "unknown"}});
  }
  return false;
}

}  // namespace

FcgiServer::FcgiServer(ServerOptions options, const web::App& app, const Logger& logger)
    : options_(std::move(options)), app_(app), logger_(logger) {}

FcgiServer::~FcgiServer() {
  if (listen_fd_ >= 0) ::close(listen_fd_);
  if (!socket_path_.empty()) ::unlink(socket_path_.c_str());
}

void FcgiServer::open() {
  if (FCGX_Init() != 0) throw std::runtime_error("FCGX_Init failed");
  std::string address = options_.listen;
  const bool is_unix = address.rfind("unix:", 0) == 0;
  if (is_unix) {
    address.erase(0, 5);
    socket_path_ = address;
  }
  // Created private first, then opened to the group, so no other user can ever connect
  // (libfcgi's parser is not fully hardened, STACK-NOTES).
  const mode_t old_mask = ::umask(0177);
  listen_fd_ = FCGX_OpenSocket(address.c_str(), options_.backlog);
  ::umask(old_mask);
  if (listen_fd_ < 0) throw std::runtime_error("cannot listen on " + options_.listen);
  if (!is_unix) return;
  gid_t gid = static_cast<gid_t>(-1);
  if (!options_.socket_group.empty()) {
    const group* g = ::getgrnam(options_.socket_group.c_str());
    if (g == nullptr) throw std::runtime_error("unknown group " + options_.socket_group);
    gid = g->gr_gid;
  }
  if ((gid != static_cast<gid_t>(-1) &&
       ::chown(socket_path_.c_str(), static_cast<uid_t>(-1), gid) != 0) ||
      ::chmod(socket_path_.c_str(), 0660) != 0) {
    throw std::runtime_error("cannot set owner/mode of " + socket_path_);
  }
}

void FcgiServer::run() {
  std::vector<std::thread> workers;
  workers.reserve(static_cast<std::size_t>(options_.threads));
  for (int i = 0; i < options_.threads; ++i) workers.emplace_back([this, i] { worker_loop(i); });
  for (auto& t : workers) t.join();
}

void FcgiServer::stop() noexcept {
  if (stopping_.exchange(true)) return;
  // Wakes every thread blocked in accept() (it fails with EINVAL); connections already
  // accepted are separate sockets and finish normally.
  if (listen_fd_ >= 0) ::shutdown(listen_fd_, SHUT_RDWR);
}

void FcgiServer::worker_loop(int index) {
  FCGX_Request req;
  if (FCGX_InitRequest(&req, listen_fd_, 0) != 0) {
    logger_.error("worker_init_failed", {{"worker", index}});
    return;
  }
  while (!stopping_.load()) {
    if (const int rc = FCGX_Accept_r(&req); rc < 0) {
      if (stopping_.load()) break;
      // A transient failure (e.g. EMFILE) must not retire the worker for good.
      logger_.warn("accept_failed", {{"worker", index}, {"rc", rc}});
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    web::Request request;
    read_params(req, request);
    read_body(req, request, app_.body_limit(request));
    const web::Response response = app_.handle(request);
    if (!write_response(req, response, logger_, request.request_id)) {
      // No FastCGI end-of-request: nginx sees the upstream close early and does not end the
      // chunked body, so the client cannot take a truncated export for a whole one.
      ::shutdown(req.ipcFd, SHUT_RDWR);
    }
    FCGX_Finish_r(&req);
  }
  FCGX_Free(&req, 0);
}

}  // namespace regal::server
