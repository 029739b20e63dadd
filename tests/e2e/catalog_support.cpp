#include "e2e/catalog_support.hpp"

#include <Poco/Data/Session.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/URI.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <regex>
#include <sstream>

#include "regal/core/id.hpp"
#include "support/test_env.hpp"

namespace regal::test::catalog {
namespace {

constexpr const char* kBase = "/api/v1";

// A logged-in account that logs in again before its 15-minute access token runs out.
class RoleSession {
 public:
  explicit RoleSession(std::function<identity::Account()> make) : make_(std::move(make)) {}

  Session get() {
    const auto now = std::chrono::steady_clock::now();
    if (!account_) account_ = make_();
    if (!session_ || now - since_ > std::chrono::minutes(10)) {
      session_ = identity::login_ok(*account_);
      since_ = now;
    }
    return *session_;
  }

 private:
  std::function<identity::Account()> make_;
  std::optional<identity::Account> account_;
  std::optional<Session> session_;
  std::chrono::steady_clock::time_point since_;
};

void check_no_server_error(const std::string& method, const std::string& path,
                           const HttpResult& r) {
  BOOST_TEST(r.status < 500,
             method << " " << path << " answered " << r.status << ": " << r.body.substr(0, 300));
}

HttpResult call(const std::string& method, const std::string& path, const std::string& body,
                Headers headers) {
  const auto r = identity::api(method, kBase + path, body, headers);
  check_no_server_error(method, path, r);
  return r;
}

std::string canonical(const Var& v) {
  // Arrays of scalars compare as sorted sets of their JSON texts.
  if (v.type() == typeid(Arr)) {
    const Arr a = v.extract<Arr>();
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < a->size(); ++i)
      parts.push_back(dump(a->get(static_cast<unsigned>(i))));
    std::sort(parts.begin(), parts.end());
    std::string out = "[";
    for (const auto& p : parts) out += p + ",";
    return out + "]";
  }
  return dump(v);
}

}  // namespace

std::string fresh_tag() { return regal::random_hex(4); }

// --- sessions ----------------------------------------------------------------------------------

Session admin() {
  static RoleSession session([] { return identity::bootstrap_admin(); });
  return session.get();
}

Session employee() {
  static RoleSession session(
      [] { return identity::create_user(admin(), "catemp", "employee", "END_USER"); });
  return session.get();
}

Session cashier() {
  static RoleSession session(
      [] { return identity::create_user(admin(), "catcash", "cashier", "END_USER"); });
  return session.get();
}

Session desk_only() {
  static RoleSession session([] { return identity::create_user(admin(), "catdesk", "", "AGENT"); });
  return session.get();
}

// --- HTTP --------------------------------------------------------------------------------------

HttpResult get(const Session& s, const std::string& path) {
  return call("GET", path, "", identity::bearer(s.access));
}

HttpResult post(const Session& s, const std::string& path, const std::string& body,
                const Headers& extra) {
  Headers headers = identity::bearer(s.access);
  for (const auto& [k, v] : extra) headers[k] = v;
  return call("POST", path, body, headers);
}

HttpResult patch(const Session& s, const std::string& path, const std::string& body,
                 std::optional<int> if_match) {
  Headers headers = identity::bearer(s.access);
  if (if_match) headers["If-Match"] = std::to_string(*if_match);
  return call("PATCH", path, body, headers);
}

HttpResult del(const Session& s, const std::string& path) {
  return call("DELETE", path, "", identity::bearer(s.access));
}

HttpResult anonymous(const std::string& method, const std::string& path, const std::string& body) {
  return call(method, path, body, {});
}

std::string enc(const std::string& value) {
  std::string out;
  Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]% \"<>\\^`{|}", out);
  return out;
}

// --- JSON --------------------------------------------------------------------------------------

Obj object(Fields fields) {
  Obj o = new Poco::JSON::Object;
  for (const auto& [name, value] : fields) o->set(name, value);
  return o;
}

Obj with(const Obj& base, Fields fields, std::initializer_list<std::string> drop) {
  Obj o = new Poco::JSON::Object(*base);
  for (const auto& [name, value] : fields) o->set(name, value);
  for (const auto& name : drop) o->remove(name);
  return o;
}

Arr array(std::initializer_list<Var> items) {
  Arr a = new Poco::JSON::Array;
  for (const auto& v : items) a->add(v);
  return a;
}

Arr strings(const std::vector<std::string>& items) {
  Arr a = new Poco::JSON::Array;
  for (const auto& v : items) a->add(v);
  return a;
}

std::string str(const Obj& o) {
  std::ostringstream out;
  o->stringify(out);
  return out.str();
}

std::string raw_body(const Obj& base, const std::string& field, const std::string& raw_json_value) {
  const std::string placeholder = "@@raw-" + regal::random_hex(6) + "@@";
  std::string body = str(with(base, {{field, placeholder}}));
  const std::string quoted = "\"" + placeholder + "\"";
  const auto pos = body.find(quoted);
  BOOST_REQUIRE(pos != std::string::npos);
  return body.replace(pos, quoted.size(), raw_json_value);
}

std::string dump(const Var& v) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(v, out);
  return out.str();
}

std::string dump(const Obj& o, const std::string& name) {
  if (!o || !o->has(name)) return "<absent>";
  return dump(o->get(name));
}

Obj parse(const std::string& json_text) {
  try {
    Poco::JSON::Parser parser;
    return parser.parse(json_text).extract<Obj>();
  } catch (const std::exception&) {
    BOOST_FAIL("not a JSON object: " + json_text.substr(0, 300));
  }
  return {};
}

std::string text(const Obj& o, const std::string& name) {
  if (!o || !o->has(name) || o->isNull(name)) return "";
  const Var v = o->get(name);
  return v.isString() ? v.extract<std::string>() : "";
}

long long integer(const Obj& o, const std::string& name) {
  BOOST_REQUIRE_MESSAGE(o && o->has(name) && !o->isNull(name), "no " + name + " in " + str(o));
  const Var v = o->get(name);
  BOOST_REQUIRE_MESSAGE(v.isInteger() && !v.isBoolean(), name + " is not an integer: " + dump(v));
  return v.convert<long long>();
}

int version_of(const Obj& o) { return static_cast<int>(integer(o, "version")); }

void check_round_trip(const Obj& sent, const Obj& got, std::initializer_list<std::string> skip) {
  BOOST_REQUIRE(got);
  for (const auto& [name, value] : *sent) {
    if (std::find(skip.begin(), skip.end(), name) != skip.end()) continue;
    BOOST_TEST_CONTEXT("field " << name) {
      BOOST_TEST(got->has(name), name << " missing from " << str(got).substr(0, 400));
      if (got->has(name)) BOOST_TEST(canonical(value) == canonical(got->get(name)));
    }
  }
}

bool is_timestamp(const std::string& value) {
  static const std::regex kRfc3339(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)");
  return std::regex_match(value, kRfc3339);
}

void check_common_fields(const Obj& e) {
  BOOST_REQUIRE(e);
  BOOST_TEST(regal::is_uuid(text(e, "id")), "id: " << dump(e, "id"));
  BOOST_TEST(is_timestamp(text(e, "created_at")), "created_at: " << dump(e, "created_at"));
  BOOST_TEST(is_timestamp(text(e, "updated_at")), "updated_at: " << dump(e, "updated_at"));
  BOOST_TEST(e->has("version"), "no version in " << str(e).substr(0, 300));
  if (e->has("version")) BOOST_TEST(integer(e, "version") >= 1);
  BOOST_TEST(e->has("deleted_at"), "no deleted_at in " << str(e).substr(0, 300));
  if (e->has("deleted_at") && !e->isNull("deleted_at")) {
    BOOST_TEST(is_timestamp(text(e, "deleted_at")), "deleted_at: " << dump(e, "deleted_at"));
  }
}

// --- errors ------------------------------------------------------------------------------------

std::string field_errors(const HttpResult& r) {
  std::string out;
  try {
    const auto err = parse(r.body)->getObject("error");
    const auto fields = err ? err->getArray("fields") : nullptr;
    for (std::size_t i = 0; fields && i < fields->size(); ++i) {
      const auto f = fields->getObject(static_cast<unsigned>(i));
      if (!out.empty()) out += ", ";
      out += text(f, "field") + ":" + text(f, "code");
    }
  } catch (const std::exception&) {
  }
  return out;
}

bool has_field(const HttpResult& r, const std::string& field) {
  Poco::JSON::Parser parser;
  try {
    const auto root = parser.parse(r.body).extract<Obj>();
    const auto err = root ? root->getObject("error") : nullptr;
    const auto fields = err ? err->getArray("fields") : nullptr;
    for (std::size_t i = 0; fields && i < fields->size(); ++i) {
      if (text(fields->getObject(static_cast<unsigned>(i)), "field") == field) return true;
    }
  } catch (const std::exception&) {
  }
  return false;
}

bool has_field_prefix(const HttpResult& r, const std::string& prefix) {
  Poco::JSON::Parser parser;
  try {
    const auto root = parser.parse(r.body).extract<Obj>();
    const auto err = root ? root->getObject("error") : nullptr;
    const auto fields = err ? err->getArray("fields") : nullptr;
    for (std::size_t i = 0; fields && i < fields->size(); ++i) {
      const std::string f = text(fields->getObject(static_cast<unsigned>(i)), "field");
      if (f.rfind(prefix, 0) == 0) return true;
    }
  } catch (const std::exception&) {
  }
  return false;
}

void check_invalid_within(const HttpResult& r, const std::string& field) {
  BOOST_TEST(r.status == 400,
             "status " << r.status << " (want 400 for " << field << "): " << r.body.substr(0, 300));
  BOOST_TEST(identity::error_code(r) == "VALIDATION_FAILED", r.body.substr(0, 300));
  BOOST_TEST(has_field_prefix(r, field),
             "no fields[] entry for " << field << "…: " << field_errors(r));
}

void check_invalid(const HttpResult& r, const std::string& field, const std::string& code) {
  BOOST_TEST(r.status == 400,
             "status " << r.status << " (want 400 for " << field << "): " << r.body.substr(0, 300));
  BOOST_TEST(identity::error_code(r) == "VALIDATION_FAILED", r.body.substr(0, 300));
  if (code.empty()) {
    BOOST_TEST(has_field(r, field), "no fields[] entry for " << field << ": " << field_errors(r));
  } else {
    BOOST_TEST(identity::has_field_error(r, field, code),
               "no " << field << ":" << code << " in fields[]: " << field_errors(r));
  }
}

// --- entities ----------------------------------------------------------------------------------

Obj branch_body(const std::string& tag) {
  return object({{"code", "B-" + tag},
                 {"name", "Branch " + tag},
                 {"currency", "EUR"},
                 {"timezone", "Europe/Prague"}});
}

Obj register_body(const std::string& branch_id, const std::string& tag) {
  return object({{"branch_id", branch_id}, {"code", "R-" + tag}, {"name", "Till " + tag}});
}

Obj category_body(const std::string& tag, const std::string& parent_id) {
  Obj o = object({{"name", "Category " + tag}});
  if (!parent_id.empty()) o->set("parent_id", parent_id);
  return o;
}

Obj product_body(const std::string& tag) {
  return object({{"sku", "SKU-" + tag}, {"name", "Product " + tag}, {"unit_price", 1250}});
}

Obj customer_body(const std::string& tag) { return object({{"name", "Customer " + tag}}); }

Obj vendor_body(const std::string& tag) { return object({{"name", "Vendor " + tag}}); }

Obj salesman_body(const std::string& tag) { return object({{"name", "Salesman " + tag}}); }

Obj create(const std::string& collection, const Obj& body) {
  return create(admin(), collection, body);
}

Obj create(const Session& by, const std::string& collection, const Obj& body) {
  const auto r = post(by, "/" + collection, str(body));
  BOOST_REQUIRE_MESSAGE(r.status == 201, "POST /" + collection + " " + str(body).substr(0, 200) +
                                             " answered " + std::to_string(r.status) + ": " +
                                             r.body.substr(0, 400));
  return identity::data_of(r);
}

Obj fetch(const std::string& collection, const std::string& id) {
  const auto r = get(admin(), "/" + collection + "/" + id);
  BOOST_REQUIRE_MESSAGE(r.status == 200, "GET /" + collection + "/" + id + " answered " +
                                             std::to_string(r.status) + ": " +
                                             r.body.substr(0, 300));
  return identity::data_of(r);
}

Obj update(const std::string& collection, const std::string& id, const Obj& changes) {
  const int v = version_of(fetch(collection, id));
  const auto r = patch(admin(), "/" + collection + "/" + id, str(changes), v);
  BOOST_REQUIRE_MESSAGE(r.status == 200,
                        "PATCH /" + collection + "/" + id + " " + str(changes).substr(0, 200) +
                            " answered " + std::to_string(r.status) + ": " + r.body.substr(0, 300));
  return identity::data_of(r);
}

Obj remove(const std::string& collection, const std::string& id) {
  const auto r = del(admin(), "/" + collection + "/" + id);
  BOOST_REQUIRE_MESSAGE(r.status == 200, "DELETE /" + collection + "/" + id + " answered " +
                                             std::to_string(r.status) + ": " +
                                             r.body.substr(0, 300));
  return identity::data_of(r);
}

std::string make_branch(const std::string& tag) {
  return text(create("branches", branch_body(tag)), "id");
}

std::string make_category(const std::string& tag, const std::string& parent_id) {
  return text(create("categories", category_body(tag, parent_id)), "id");
}

std::string make_vendor(const std::string& tag) {
  return text(create("vendors", vendor_body(tag)), "id");
}

// --- lists -------------------------------------------------------------------------------------

Page list_page(const Session& s, const std::string& path_and_query) {
  const auto r = get(s, path_and_query);
  BOOST_REQUIRE_MESSAGE(r.status == 200, "GET " + path_and_query + " answered " +
                                             std::to_string(r.status) + ": " +
                                             r.body.substr(0, 300));
  Page page;
  const auto items = identity::list_of(r);
  for (std::size_t i = 0; i < items->size(); ++i) {
    page.items.push_back(items->getObject(static_cast<unsigned>(i)));
  }
  const auto meta = r.json()->getObject("page");
  BOOST_REQUIRE_MESSAGE(meta, "no page object in GET " + path_and_query);
  BOOST_REQUIRE_MESSAGE(meta->has("next_cursor"), "no page.next_cursor in GET " + path_and_query);
  page.cursor_is_null = meta->isNull("next_cursor");
  page.next_cursor = text(meta, "next_cursor");
  BOOST_TEST((page.cursor_is_null || !page.next_cursor.empty()),
             "next_cursor is neither null nor a string: " << str(meta));
  if (meta->has("limit")) page.limit = integer(meta, "limit");
  return page;
}

std::vector<Obj> list_all(const Session& s, const std::string& collection, const std::string& query,
                          int limit) {
  std::vector<Obj> out;
  std::set<std::string> seen;
  std::string cursor;
  std::string last_id;
  for (int pages = 0;; ++pages) {
    BOOST_REQUIRE_MESSAGE(pages < 500, "more than 500 pages of /" + collection + "?" + query);
    std::string path = "/" + collection + "?limit=" + std::to_string(limit);
    if (!query.empty()) path += "&" + query;
    if (!cursor.empty()) path += "&cursor=" + enc(cursor);
    const Page page = list_page(s, path);
    BOOST_TEST(page.items.size() <= static_cast<std::size_t>(limit), path);
    BOOST_TEST(page.limit == limit, "page.limit of " << path);
    for (const auto& item : page.items) {
      const std::string id = text(item, "id");
      BOOST_TEST(seen.insert(id).second, "id " << id << " listed twice paging " << path);
      BOOST_TEST(id > last_id, "ids not ascending: " << id << " after " << last_id);
      last_id = id;
      out.push_back(item);
    }
    if (page.cursor_is_null) break;
    BOOST_REQUIRE_MESSAGE(page.next_cursor != cursor, "next_cursor did not move: " + path);
    cursor = page.next_cursor;
  }
  return out;
}

std::vector<std::string> ids_of(const std::vector<Obj>& items) {
  std::vector<std::string> out;
  for (const auto& item : items) out.push_back(text(item, "id"));
  return out;
}

std::set<std::string> id_set(const std::vector<Obj>& items) {
  const auto ids = ids_of(items);
  return {ids.begin(), ids.end()};
}

Obj find_id(const std::vector<Obj>& items, const std::string& id) {
  for (const auto& item : items) {
    if (text(item, "id") == id) return item;
  }
  return nullptr;
}

// --- every collection --------------------------------------------------------------------------

Scope fresh_scope() {
  Scope s;
  s.tag = fresh_tag();
  s.branch_id = make_branch(s.tag);
  s.category_id = make_category("scope " + s.tag);
  return s;
}

const std::vector<Collection>& collections() {
  static const std::vector<Collection> all = {
      {"branches", "branch",
       [](const Scope& s, int n) { return branch_body(s.tag + "-" + std::to_string(n)); },
       [](const Scope& s) { return "q=" + enc("B-" + s.tag + "-"); }},
      {"registers", "register",
       [](const Scope& s, int n) {
         return register_body(s.branch_id, s.tag + "-" + std::to_string(n));
       },
       [](const Scope& s) { return "branch_id=" + s.branch_id; }},
      {"categories", "category",
       [](const Scope& s, int n) {
         return category_body(s.tag + "-" + std::to_string(n), s.category_id);
       },
       [](const Scope& s) { return "parent_id=" + s.category_id; }},
      {"products", "product",
       [](const Scope& s, int n) {
         return with(product_body(s.tag + "-" + std::to_string(n)),
                     {{"category_id", s.category_id}});
       },
       [](const Scope& s) { return "category_id=" + s.category_id; }},
      {"customers", "customer",
       [](const Scope& s, int n) {
         return with(customer_body(s.tag + "-" + std::to_string(n)), {{"branch_id", s.branch_id}});
       },
       [](const Scope& s) { return "branch_id=" + s.branch_id; }},
      {"vendors", "vendor",
       [](const Scope& s, int n) {
         return with(vendor_body(s.tag + "-" + std::to_string(n)), {{"branch_id", s.branch_id}});
       },
       [](const Scope& s) { return "branch_id=" + s.branch_id; }},
      {"salesmen", "salesman",
       [](const Scope& s, int n) {
         return with(salesman_body(s.tag + "-" + std::to_string(n)), {{"branch_id", s.branch_id}});
       },
       [](const Scope& s) { return "branch_id=" + s.branch_id; }},
  };
  return all;
}

// --- the change feed ---------------------------------------------------------------------------

std::string feed_path(const std::string& since, const std::string& types, int limit) {
  std::string path = "/sync/changes?limit=" + std::to_string(limit);
  if (!since.empty()) path += "&since=" + enc(since);
  if (!types.empty()) path += "&types=" + enc(types);
  return path;
}

FeedPage feed_page(const Session& s, const std::string& since, const std::string& types,
                   int limit) {
  const std::string path = feed_path(since, types, limit);
  const auto r = get(s, path);
  BOOST_REQUIRE_MESSAGE(r.status == 200, "GET " + path + " answered " + std::to_string(r.status) +
                                             ": " + r.body.substr(0, 300));
  FeedPage page;
  const auto items = identity::list_of(r);
  for (std::size_t i = 0; i < items->size(); ++i) {
    const auto o = items->getObject(static_cast<unsigned>(i));
    BOOST_REQUIRE_MESSAGE(o, "a feed item is not an object: " + r.body.substr(0, 300));
    FeedItem item;
    item.type = text(o, "type");
    item.id = text(o, "id");
    item.op = text(o, "op");
    if (item.type != "stock") item.version = integer(o, "version");
    item.data = o->getObject("data");
    BOOST_TEST((item.op == "upsert" || item.op == "delete"), "op of " << str(o).substr(0, 200));
    BOOST_TEST(item.data, "feed item without a data object: " << str(o).substr(0, 200));
    page.items.push_back(item);
  }
  const auto meta = r.json()->getObject("page");
  BOOST_REQUIRE_MESSAGE(meta, "no page object in GET " + path);
  page.cursor_is_null = !meta->has("next_cursor") || meta->isNull("next_cursor");
  page.next_cursor = text(meta, "next_cursor");
  BOOST_TEST(!page.cursor_is_null, "next_cursor is null in GET " << path);
  BOOST_TEST(!page.next_cursor.empty(), "next_cursor is empty in GET " << path);
  BOOST_TEST(meta->has("has_more"), "no page.has_more in GET " << path);
  page.has_more = meta->optValue<bool>("has_more", false);
  return page;
}

std::vector<FeedItem> feed_drain(const Session& s, const std::string& since,
                                 const std::string& types, int limit, std::string* end) {
  std::vector<FeedItem> out;
  std::string cursor = since;
  for (int pages = 0;; ++pages) {
    BOOST_REQUIRE_MESSAGE(pages < 2000, "the feed did not end after 2000 pages");
    const FeedPage page = feed_page(s, cursor, types, limit);
    BOOST_TEST(page.items.size() <= static_cast<std::size_t>(limit));
    out.insert(out.end(), page.items.begin(), page.items.end());
    BOOST_REQUIRE(!page.next_cursor.empty());
    cursor = page.next_cursor;
    if (!page.has_more) break;
  }
  if (end) *end = cursor;
  return out;
}

std::string feed_tail(const Session& s, const std::string& types) {
  std::string end;
  feed_drain(s, "", types, 200, &end);
  return end;
}

// --- the database behind the API -------------------------------------------------------------

regal::pg::Database& database() {
  static regal::pg::Database db({.url = env("DATABASE_URL"), .max_sessions = 4});
  return db;
}

long long post_ledger_entry(const std::string& party_type, const std::string& id, long long delta,
                            const std::string& kind) {
  using namespace Poco::Data::Keywords;
  const std::string table = party_type == "customer" ? "customers" : "vendors";
  return database().transact([&](regal::pg::Transaction& tx) {
    std::string type = party_type;
    std::string party = id;
    std::string what = kind;
    std::string ref = "e2e-" + regal::random_hex(4);
    Poco::Int64 d = delta;
    Poco::Int64 after = 0;
    tx.session() << "UPDATE " + table + " SET balance = balance + $1 WHERE id = $2::uuid", use(d),
        use(party), now;
    tx.session() << "SELECT balance FROM " + table + " WHERE id = $1::uuid", use(party),
        into(after), now;
    tx.session() << "INSERT INTO party_ledger (party_type, party_id, delta, balance_after, kind, "
                    "ref_type, ref_id) VALUES ($1, $2::uuid, $3, $4, $5, 'e2e', $6)",
        use(type), use(party), use(d), use(after), use(what), use(ref), now;
    return static_cast<long long>(after);
  });
}

// --- CSV ---------------------------------------------------------------------------------------

std::vector<CsvRow> parse_csv(const std::string& text_in) {
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string field;
  bool quoted = false;
  bool any = false;
  for (std::size_t i = 0; i < text_in.size(); ++i) {
    const char c = text_in[i];
    if (quoted) {
      if (c == '"' && i + 1 < text_in.size() && text_in[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
      any = true;
    } else if (c == '\r' && i + 1 < text_in.size() && text_in[i + 1] == '\n') {
      continue;
    } else if (c == '\n') {
      row.push_back(field);
      rows.push_back(row);
      row.clear();
      field.clear();
      any = false;
    } else {
      field += c;
      any = true;
    }
  }
  if (any || !field.empty()) {
    row.push_back(field);
    rows.push_back(row);
  }
  return rows;
}

std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace regal::test::catalog
