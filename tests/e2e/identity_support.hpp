#pragma once
// Helpers of the identity end-to-end suite (identity_*_test.cpp): API calls that remember every
// secret and response they see, throw-away accounts, the bootstrap admin made by regalctl, and
// the SMTP sink's mail directory.

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "e2e/http_client.hpp"

namespace regal::test::identity {

using Headers = std::map<std::string, std::string>;

// --- secrets and responses, checked by the "never leaks" test at the end of the suite --------

void remember_secret(const std::string& secret);
const std::vector<std::string>& remembered_secrets();
// Every response body api() has seen, concatenated.
const std::string& remembered_responses();

// --- HTTP ------------------------------------------------------------------------------------

// http() that (1) retries when nginx's own rate limit answered (429 RATE_LIMITED: the request
// never reached a responder, so a retry is safe) and (2) remembers the response body.
HttpResult api(const std::string& method, const std::string& path, const std::string& body = "",
               const Headers& headers = {});

Headers bearer(const std::string& access_token);

// A JSON object text from name/value pairs ({{"a", 1}, {"b", "x"}, {"c", Poco::Dynamic::Var()}}).
std::string json(std::initializer_list<std::pair<std::string, Poco::Dynamic::Var>> fields);

Poco::JSON::Object::Ptr data_of(const HttpResult& r);  // BOOST-requires {"data":{…}}
Poco::JSON::Array::Ptr list_of(const HttpResult& r);   // BOOST-requires {"data":[…]}
std::string error_code(const HttpResult& r);           // "" when the body is no error envelope
// The error envelope: status, code, a message, a 32-char request id equal to X-Request-Id.
void check_error(const HttpResult& r, int status, const std::string& code);
// True when the error lists `field` with `code` in "fields".
bool has_field_error(const HttpResult& r, const std::string& field, const std::string& code);
// The body with the request id blanked, to compare two error bodies.
std::string without_request_id(const HttpResult& r);

// --- accounts --------------------------------------------------------------------------------

struct Account {
  std::string id;
  std::string full_name;
  std::string email;
  std::string username;
  std::string password;
};

struct Session {
  std::string access;
  std::string refresh;
};

// Unique names for a new account (not created); `tag` shows up in all of them.
Account fresh_account(const std::string& tag);
// A random password that passes the policy, remembered as a secret.
std::string fresh_password();

HttpResult login(const std::string& login, const std::string& password);
Session login_ok(const Account& account);  // BOOST-requires 200 and remembers the tokens

// The suite's first admin (POS admin + desk ADMIN), made once per process by
// `regalctl create-admin`, and a session of it that is re-opened when it stopped working.
const Account& bootstrap_admin();
Session admin_session();

// POST /api/v1/users by `by`; pos_role "" = null. BOOST-requires 201.
Account create_user(const Session& by, const std::string& tag, const std::string& pos_role,
                    const std::string& desk_role, const std::string& extra_json_fields = "");

// GET /api/v1/users/{id} → its current version (BOOST-requires 200).
int user_version(const Session& by, const std::string& id);

// Runs a shell command, returns its exit status and stdout.
std::pair<int, std::string> run_command(const std::string& command);

// --- mail ------------------------------------------------------------------------------------

// The raw files the sink stored for `recipient` (envelope RCPT TO), oldest first.
std::vector<std::string> mails_to(const std::string& recipient);
// Polls until at least `count` mails to `recipient` exist or `timeout_ms` passes.
std::vector<std::string> wait_for_mails(const std::string& recipient, std::size_t count,
                                        int timeout_ms);
// The message body (after the headers) decoded from quoted-printable.
std::string mail_body(const std::string& raw_mail);
// Every run of exactly 64 hex digits in `text`.
std::vector<std::string> hex64_tokens(const std::string& text);

// --- common calls ----------------------------------------------------------------------------

HttpResult me(const std::string& access_token);        // GET /api/v1/auth/me
HttpResult refresh(const std::string& refresh_token);  // remembers the new pair
HttpResult patch_user(const Session& by, const std::string& id, const std::string& body,
                      std::optional<int> if_match);                           // If-Match when given
std::string text(const Poco::JSON::Object::Ptr& o, const std::string& name);  // "" if absent
HttpResult reset_request(const std::string& email);
HttpResult reset_confirm(const std::string& token, const std::string& new_password);
// The single reset token in mail number `nth` (1-based) to `email`, waiting up to 10 s for it.
std::string reset_token_from_mail(const std::string& email, std::size_t nth);

// --- POS admins ------------------------------------------------------------------------------

std::size_t active_pos_admins(const Session& by);

// Makes `keep` the only active POS admin for a while: other suites and earlier cases made
// more. Deactivates the others through the API (this database is thrown away after the run)
// and reactivates them when it goes out of scope, also after a failed assertion.
class OtherPosAdminsAway {
 public:
  OtherPosAdminsAway(const Session& by, const std::string& keep);
  ~OtherPosAdminsAway();
  OtherPosAdminsAway(const OtherPosAdminsAway&) = delete;
  OtherPosAdminsAway& operator=(const OtherPosAdminsAway&) = delete;

 private:
  const Session& by_;
  std::vector<std::string> away_;
};

// --- audit log -------------------------------------------------------------------------------

// Entries of GET /api/v1/audit-log?<query> (first page, limit 200) as seen by `by`.
std::vector<Poco::JSON::Object::Ptr> audit_entries(const Session& by, const std::string& query);
// The entry of `entries` written by the request with id `request_id`, or null.
Poco::JSON::Object::Ptr entry_with_request_id(const std::vector<Poco::JSON::Object::Ptr>& entries,
                                              const std::string& request_id);

}  // namespace regal::test::identity
