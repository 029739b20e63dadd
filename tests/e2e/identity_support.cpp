#include "e2e/identity_support.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/String.h>
#include <sys/wait.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <regex>
#include <sstream>
#include <thread>

#include "regal/core/id.hpp"
#include "support/test_env.hpp"

namespace regal::test::identity {
namespace {

std::mutex memory_mutex;

std::vector<std::string>& secrets_store() {
  static std::vector<std::string> secrets;
  return secrets;
}

std::string& responses_store() {
  static std::string responses;
  return responses;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The envelope recipients the sink wrote at the top of a mail file.
std::vector<std::string> envelope_recipients(const std::string& raw) {
  std::vector<std::string> out;
  std::istringstream in(raw);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) break;
    const std::string prefix = "X-Sink-Rcpt-To: ";
    if (line.rfind(prefix, 0) == 0) out.push_back(line.substr(prefix.size()));
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

// e2e_foundation floods /api/v1/auth/login until nginx answers 429: let that zone drain before
// this suite's first login.
struct SettleAfterFlood {
  SettleAfterFlood() { std::this_thread::sleep_for(std::chrono::seconds(1)); }
};
BOOST_TEST_GLOBAL_FIXTURE(SettleAfterFlood);

void remember_secret(const std::string& secret) {
  if (secret.empty()) return;
  const std::lock_guard lock(memory_mutex);
  secrets_store().push_back(secret);
}

const std::vector<std::string>& remembered_secrets() { return secrets_store(); }

const std::string& remembered_responses() { return responses_store(); }

HttpResult api(const std::string& method, const std::string& path, const std::string& body,
               const Headers& headers) {
  HttpResult r;
  for (int attempt = 0; attempt < 40; ++attempt) {
    r = http(method, path, body, headers);
    if (r.status != 429 || error_code(r) != "RATE_LIMITED") break;
    BOOST_TEST_MESSAGE("nginx rate limit hit on " << method << " " << path << "; retrying");
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  const std::lock_guard lock(memory_mutex);
  responses_store() += r.body;
  responses_store() += '\n';
  return r;
}

Headers bearer(const std::string& access_token) {
  return {{"Authorization", "Bearer " + access_token}};
}

std::string json(std::initializer_list<std::pair<std::string, Poco::Dynamic::Var>> fields) {
  Poco::JSON::Object o;
  for (const auto& [name, value] : fields) o.set(name, value);
  std::ostringstream out;
  o.stringify(out);
  return out.str();
}

Poco::JSON::Object::Ptr data_of(const HttpResult& r) {
  const auto data = r.json()->getObject("data");
  BOOST_REQUIRE_MESSAGE(data, "no data object in: " + r.body.substr(0, 300));
  return data;
}

Poco::JSON::Array::Ptr list_of(const HttpResult& r) {
  const auto data = r.json()->getArray("data");
  BOOST_REQUIRE_MESSAGE(data, "no data array in: " + r.body.substr(0, 300));
  return data;
}

std::string error_code(const HttpResult& r) {
  try {
    Poco::JSON::Parser parser;
    const auto root = parser.parse(r.body).extract<Poco::JSON::Object::Ptr>();
    const auto err = root ? root->getObject("error") : nullptr;
    return err ? err->optValue<std::string>("code", "") : "";
  } catch (const std::exception&) {
    return "";
  }
}

void check_error(const HttpResult& r, int status, const std::string& code) {
  BOOST_TEST(r.status == status, "status " << r.status << " (want " << status << "): " << r.body);
  BOOST_TEST(r.header("content-type").find("application/json") == 0);
  const auto err = r.json()->getObject("error");
  BOOST_REQUIRE_MESSAGE(err, "no error object in: " + r.body);
  BOOST_TEST(err->optValue<std::string>("code", "") == code);
  BOOST_TEST(!err->optValue<std::string>("message", "").empty());
  const auto rid = err->optValue<std::string>("request_id", "");
  BOOST_TEST(rid.size() == 32u);
  BOOST_TEST(r.header("x-request-id") == rid);
}

bool has_field_error(const HttpResult& r, const std::string& field, const std::string& code) {
  const auto err = r.json()->getObject("error");
  const auto fields = err ? err->getArray("fields") : nullptr;
  if (!fields) return false;
  for (std::size_t i = 0; i < fields->size(); ++i) {
    const auto f = fields->getObject(static_cast<unsigned>(i));
    if (f && f->optValue<std::string>("field", "") == field &&
        f->optValue<std::string>("code", "") == code) {
      return true;
    }
  }
  return false;
}

std::string without_request_id(const HttpResult& r) {
  std::string body = r.body;
  const std::string rid = r.header("x-request-id");
  if (rid.empty()) return body;
  for (auto pos = body.find(rid); pos != std::string::npos; pos = body.find(rid)) {
    body.replace(pos, rid.size(), "<request-id>");
  }
  return body;
}

std::string fresh_password() {
  std::string password = "Pw-" + random_hex(10);
  remember_secret(password);
  return password;
}

Account fresh_account(const std::string& tag) {
  const std::string suffix = random_hex(5);
  Account a;
  a.full_name = "E2E " + tag + " " + suffix;
  a.email = tag + "-" + suffix + "@example.com";
  a.username = tag + "_" + suffix;
  a.password = fresh_password();
  return a;
}

HttpResult login(const std::string& login_name, const std::string& password) {
  remember_secret(password);
  const auto r =
      api("POST", "/api/v1/auth/login", json({{"login", login_name}, {"password", password}}));
  if (r.status == 200) {
    const auto data = data_of(r);
    remember_secret(data->optValue<std::string>("access_token", ""));
    remember_secret(data->optValue<std::string>("refresh_token", ""));
  }
  return r;
}

Session login_ok(const Account& account) {
  const auto r = login(account.username, account.password);
  BOOST_REQUIRE_MESSAGE(r.status == 200, "login of " + account.username + " answered " +
                                             std::to_string(r.status) + ": " + r.body);
  const auto data = data_of(r);
  return {data->getValue<std::string>("access_token"),
          data->getValue<std::string>("refresh_token")};
}

std::pair<int, std::string> run_command(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  BOOST_REQUIRE_MESSAGE(pipe != nullptr, "popen failed: " + command);
  std::string out;
  char buf[512];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

const Account& bootstrap_admin() {
  static const Account admin = [] {
    Account a = fresh_account("root");
    a.full_name = "E2E Root Admin";
    // Hex-only values: nothing here needs shell quoting beyond the single quotes.
    const std::string command = "REGAL_ADMIN_PASSWORD='" + a.password + "' REGAL_BCRYPT_COST=4 '" +
                                env("REGAL_TEST_REGALCTL") + "' create-admin --email '" + a.email +
                                "' --username '" + a.username +
                                "' --full-name 'E2E Root Admin' 2>&1";
    const auto [status, out] = run_command(command);
    BOOST_REQUIRE_MESSAGE(status == 0, "regalctl create-admin failed: " + out);
    static const std::regex kCreated(R"(Created admin \S+ \(([0-9a-f-]{36})\))");
    std::smatch m;
    BOOST_REQUIRE_MESSAGE(std::regex_search(out, m, kCreated), "unexpected output: " + out);
    a.id = m[1];
    return a;
  }();
  return admin;
}

Session admin_session() {
  static std::optional<Session> session;
  if (session && api("GET", "/api/v1/auth/me", "", bearer(session->access)).status == 200) {
    return *session;
  }
  session = login_ok(bootstrap_admin());
  return *session;
}

Account create_user(const Session& by, const std::string& tag, const std::string& pos_role,
                    const std::string& desk_role, const std::string& extra_json_fields) {
  Account a = fresh_account(tag);
  std::string body =
      json({{"full_name", a.full_name},
            {"email", a.email},
            {"username", a.username},
            {"password", a.password},
            {"pos_role", pos_role.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(pos_role)},
            {"desk_role", desk_role}});
  if (!extra_json_fields.empty())
    body = body.substr(0, body.size() - 1) + "," + extra_json_fields + "}";
  const auto r = api("POST", "/api/v1/users", body, bearer(by.access));
  BOOST_REQUIRE_MESSAGE(r.status == 201, "creating " + a.username + " answered " +
                                             std::to_string(r.status) + ": " + r.body);
  a.id = data_of(r)->getValue<std::string>("id");
  return a;
}

int user_version(const Session& by, const std::string& id) {
  const auto r = api("GET", "/api/v1/users/" + id, "", bearer(by.access));
  BOOST_REQUIRE_MESSAGE(r.status == 200, "GET user answered " + std::to_string(r.status));
  return data_of(r)->getValue<int>("version");
}

std::vector<std::string> mails_to(const std::string& recipient) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(env("REGAL_TEST_MAIL_DIR"))) {
    if (entry.is_regular_file() && entry.path().extension() == ".eml") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());  // numbered by arrival
  std::vector<std::string> out;
  for (const auto& path : files) {
    const std::string raw = read_file(path);
    for (const auto& r : envelope_recipients(raw)) {
      if (Poco::icompare(r, recipient) == 0) {
        out.push_back(raw);
        break;
      }
    }
  }
  return out;
}

std::vector<std::string> wait_for_mails(const std::string& recipient, std::size_t count,
                                        int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  auto mails = mails_to(recipient);
  while (mails.size() < count && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    mails = mails_to(recipient);
  }
  return mails;
}

std::string mail_body(const std::string& raw_mail) {
  // The file: sink envelope, blank line, message headers, blank line, body.
  auto start = raw_mail.find("\r\n\r\n");
  start = start == std::string::npos ? std::string::npos : raw_mail.find("\r\n\r\n", start + 4);
  const std::string encoded = start == std::string::npos ? raw_mail : raw_mail.substr(start + 4);
  std::string out;
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    const char c = encoded[i];
    if (c != '=') {
      out += c;
      continue;
    }
    if (encoded.compare(i, 3, "=\r\n") == 0) {  // soft line break
      i += 2;
    } else if (encoded.compare(i, 2, "=\n") == 0) {
      i += 1;
    } else if (i + 2 < encoded.size() && hex_value(encoded[i + 1]) >= 0 &&
               hex_value(encoded[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(encoded[i + 1]) * 16 + hex_value(encoded[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<std::string> hex64_tokens(const std::string& text) {
  static const std::regex kToken("(^|[^0-9A-Fa-f])([0-9a-f]{64})(?![0-9A-Fa-f])");
  std::vector<std::string> out;
  for (std::sregex_iterator it(text.begin(), text.end(), kToken), end; it != end; ++it) {
    out.push_back((*it)[2]);
  }
  return out;
}

std::vector<Poco::JSON::Object::Ptr> audit_entries(const Session& by, const std::string& query) {
  const auto r = api("GET", "/api/v1/audit-log?limit=200&" + query, "", bearer(by.access));
  BOOST_REQUIRE_MESSAGE(r.status == 200, "audit-log answered " + std::to_string(r.status) + ": " +
                                             r.body.substr(0, 300));
  std::vector<Poco::JSON::Object::Ptr> out;
  const auto items = list_of(r);
  for (std::size_t i = 0; i < items->size(); ++i) {
    out.push_back(items->getObject(static_cast<unsigned>(i)));
  }
  return out;
}

HttpResult me(const std::string& access) {
  return api("GET", "/api/v1/auth/me", "", bearer(access));
}

HttpResult refresh(const std::string& refresh_token) {
  const auto r = api("POST", "/api/v1/auth/refresh", json({{"refresh_token", refresh_token}}));
  if (r.status == 200) {
    remember_secret(data_of(r)->optValue<std::string>("access_token", ""));
    remember_secret(data_of(r)->optValue<std::string>("refresh_token", ""));
  }
  return r;
}

HttpResult patch_user(const Session& by, const std::string& id, const std::string& body,
                      std::optional<int> if_match) {
  Headers headers = bearer(by.access);
  if (if_match) headers["If-Match"] = std::to_string(*if_match);
  return api("PATCH", "/api/v1/users/" + id, body, headers);
}

std::string text(const Poco::JSON::Object::Ptr& o, const std::string& name) {
  return o->optValue<std::string>(name, "");
}

HttpResult reset_request(const std::string& email) {
  return api("POST", "/api/v1/auth/password-reset/request", json({{"email", email}}));
}

HttpResult reset_confirm(const std::string& token, const std::string& new_password) {
  remember_secret(new_password);
  return api("POST", "/api/v1/auth/password-reset/confirm",
             json({{"token", token}, {"new_password", new_password}}));
}

std::string reset_token_from_mail(const std::string& email, std::size_t nth) {
  const auto mails = wait_for_mails(email, nth, 10'000);
  BOOST_REQUIRE_MESSAGE(mails.size() >= nth, "no mail " + std::to_string(nth) + " to " + email);
  const auto tokens = hex64_tokens(mail_body(mails[nth - 1]));
  BOOST_REQUIRE_EQUAL(tokens.size(), 1u);
  remember_secret(tokens.front());
  return tokens.front();
}

std::size_t active_pos_admins(const Session& by) {
  const auto r =
      api("GET", "/api/v1/users?pos_role=admin&is_active=true&limit=200", "", bearer(by.access));
  BOOST_REQUIRE_EQUAL(r.status, 200);
  return list_of(r)->size();
}

OtherPosAdminsAway::OtherPosAdminsAway(const Session& by, const std::string& keep) : by_(by) {
  std::vector<std::string> others;
  for (std::string cursor;;) {
    const auto page = api("GET",
                          "/api/v1/users?pos_role=admin&is_active=true&limit=200" +
                              (cursor.empty() ? "" : "&cursor=" + cursor),
                          "", bearer(by.access));
    BOOST_REQUIRE_EQUAL(page.status, 200);
    const auto items = list_of(page);
    for (std::size_t i = 0; i < items->size(); ++i) {
      const std::string id = text(items->getObject(static_cast<unsigned>(i)), "id");
      if (id != keep) others.push_back(id);
    }
    cursor = page.json()->getObject("page")->optValue<std::string>("next_cursor", "");
    if (cursor.empty()) break;
  }
  for (const auto& id : others) {
    const auto r = api("DELETE", "/api/v1/users/" + id, "", bearer(by.access));
    BOOST_REQUIRE_MESSAGE(r.status == 200, "deactivating admin " + id + ": " + r.body);
    away_.push_back(id);
  }
}

OtherPosAdminsAway::~OtherPosAdminsAway() {  // best effort, and never throws out of a destructor
  for (const auto& id : away_) {
    try {
      const auto got = regal::test::http("GET", "/api/v1/users/" + id, "", bearer(by_.access));
      Poco::JSON::Parser parser;
      const auto root = parser.parse(got.body).extract<Poco::JSON::Object::Ptr>();
      const int version = root->getObject("data")->getValue<int>("version");
      regal::test::http(
          "PATCH", "/api/v1/users/" + id, json({{"is_active", true}}),
          {{"Authorization", "Bearer " + by_.access}, {"If-Match", std::to_string(version)}});
    } catch (const std::exception&) {
    }
  }
}

Poco::JSON::Object::Ptr entry_with_request_id(const std::vector<Poco::JSON::Object::Ptr>& entries,
                                              const std::string& request_id) {
  for (const auto& e : entries) {
    if (text(e, "request_id") == request_id) return e;
  }
  return nullptr;
}

}  // namespace regal::test::identity
