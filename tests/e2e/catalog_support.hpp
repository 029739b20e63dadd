#pragma once
// Helpers of the catalog end-to-end suite (catalog_*_test.cpp), written against the contract in
// docs/CATALOG.md: sessions of each POS role, calls under /api/v1 that fail the case on any 5xx,
// JSON building and comparison, valid bodies for each collection, cursor paging, the change
// feed, and a tiny CSV reader for the export.
//
// Every row a case makes carries a random tag, so cases never depend on what other suites (or
// earlier cases) left in the shared database.

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "e2e/identity_support.hpp"
#include "regal/data/pg/database.hpp"

namespace regal::test::catalog {

using identity::api;
using identity::bearer;
using identity::check_error;
using identity::data_of;
using identity::error_code;
using identity::has_field_error;
using identity::Headers;
using identity::list_of;
using identity::Session;
using Arr = Poco::JSON::Array::Ptr;
using Obj = Poco::JSON::Object::Ptr;
using Var = Poco::Dynamic::Var;
using Fields = std::initializer_list<std::pair<std::string, Var>>;

// A fresh lower-case hex tag (8 characters) for names, codes and SKUs.
std::string fresh_tag();

// --- sessions (one account per role per process, logged in again after 10 minutes) -----------

Session admin();      // the suite's bootstrap POS admin
Session employee();   // pos_role employee
Session cashier();    // pos_role cashier
Session desk_only();  // no POS role (desk AGENT)

// --- HTTP under /api/v1 ----------------------------------------------------------------------
// Each one checks (BOOST_TEST) that the answer is not a 5xx: the catalog never answers 500.

HttpResult get(const Session& s, const std::string& path);
HttpResult post(const Session& s, const std::string& path, const std::string& body,
                const Headers& extra = {});
HttpResult patch(const Session& s, const std::string& path, const std::string& body,
                 std::optional<int> if_match = {});
HttpResult del(const Session& s, const std::string& path);
// Without credentials.
HttpResult anonymous(const std::string& method, const std::string& path,
                     const std::string& body = "");

// Percent-encodes a query parameter value.
std::string enc(const std::string& value);

// --- JSON --------------------------------------------------------------------------------------

Obj object(Fields fields);
// A copy of `base` with `fields` set (Var() = null) and `drop` removed.
Obj with(const Obj& base, Fields fields, std::initializer_list<std::string> drop = {});
Arr array(std::initializer_list<Var> items);
Arr strings(const std::vector<std::string>& items);
std::string str(const Obj& o);  // compact JSON text
// The JSON text of `base` with `field` set to `raw_json_value` verbatim ("\"a\\u0001b\"", "1.5").
std::string raw_body(const Obj& base, const std::string& field, const std::string& raw_json_value);
std::string dump(const Var& v);                            // JSON text of any value
std::string dump(const Obj& o, const std::string& name);   // of o[name], "<absent>" if missing
Obj parse(const std::string& json_text);                   // BOOST-fails unless a JSON object
std::string text(const Obj& o, const std::string& name);   // "" when absent or not a string
long long integer(const Obj& o, const std::string& name);  // BOOST-requires an integer
int version_of(const Obj& o);

// Checks that every member of `sent` comes back equal in `got`, except `skip`. Arrays of
// scalars compare as sets (the contract promises membership, not order).
void check_round_trip(const Obj& sent, const Obj& got,
                      std::initializer_list<std::string> skip = {});
// id (UUID), created_at/updated_at (RFC 3339 UTC with ms), version ≥ 1, deleted_at present.
void check_common_fields(const Obj& e);
bool is_timestamp(const std::string& text);

// --- errors ------------------------------------------------------------------------------------

// Every fields[] entry as "field:code", comma-separated (for messages).
std::string field_errors(const HttpResult& r);
// True when fields[] has an entry for `field` (any code).
bool has_field(const HttpResult& r, const std::string& field);
// True when fields[] has an entry whose field starts with `prefix` ("barcodes" → "barcodes[1]").
bool has_field_prefix(const HttpResult& r, const std::string& prefix);
// 400 VALIDATION_FAILED naming `field` with `code` ("" = any code).
void check_invalid(const HttpResult& r, const std::string& field, const std::string& code = "");
// 400 VALIDATION_FAILED with an entry for `field` or one of its elements ("stock[0].qty").
void check_invalid_within(const HttpResult& r, const std::string& field);

// --- entities ----------------------------------------------------------------------------------

// Valid create bodies with only what is required (plus readable names carrying `tag`).
Obj branch_body(const std::string& tag);
Obj register_body(const std::string& branch_id, const std::string& tag);
Obj category_body(const std::string& tag, const std::string& parent_id = "");
Obj product_body(const std::string& tag);
Obj customer_body(const std::string& tag);
Obj vendor_body(const std::string& tag);
Obj salesman_body(const std::string& tag);

// POST /{collection} as `by` (admin when omitted); BOOST-requires 201; returns data.
Obj create(const std::string& collection, const Obj& body);
Obj create(const Session& by, const std::string& collection, const Obj& body);
// GET /{collection}/{id}; BOOST-requires 200; returns data.
Obj fetch(const std::string& collection, const std::string& id);
// PATCH with If-Match = the current version, as admin; BOOST-requires 200; returns data.
Obj update(const std::string& collection, const std::string& id, const Obj& changes);
// DELETE as admin; BOOST-requires 200; returns data.
Obj remove(const std::string& collection, const std::string& id);

std::string make_branch(const std::string& tag);  // id of a new branch
std::string make_category(const std::string& tag, const std::string& parent_id = "");
std::string make_vendor(const std::string& tag);

// --- lists -------------------------------------------------------------------------------------

struct Page {
  std::vector<Obj> items;
  std::string next_cursor;  // "" when null
  bool cursor_is_null = true;
  long long limit = -1;
};
// GET a list path (with its query), BOOST-requires 200 and the page shape.
Page list_page(const Session& s, const std::string& path_and_query);
// Pages through `collection?query` with `limit` per page and checks on the way: no page over
// `limit`, no id twice, ids ascending across pages, a null next_cursor only at the end.
std::vector<Obj> list_all(const Session& s, const std::string& collection, const std::string& query,
                          int limit = 200);
std::vector<std::string> ids_of(const std::vector<Obj>& items);
std::set<std::string> id_set(const std::vector<Obj>& items);
Obj find_id(const std::vector<Obj>& items, const std::string& id);  // null when absent

// --- every collection, for the cases that hold for all of them --------------------------------

// Rows of one case live under a scope: a tag, a branch and a top-level category made for it.
struct Scope {
  std::string tag;
  std::string branch_id;
  std::string category_id;
};
Scope fresh_scope();

struct Collection {
  std::string name;       // "branches"
  std::string feed_type;  // "branch"
  // A valid create body, the n-th of its scope (distinct codes, names, SKUs).
  std::function<Obj(const Scope&, int)> body;
  // The list query that returns exactly the scope's rows of this collection.
  std::function<std::string(const Scope&)> filter;
};
const std::vector<Collection>& collections();

// --- the change feed --------------------------------------------------------------------------

struct FeedItem {
  std::string type;
  std::string id;
  std::string op;
  long long version = 0;
  Obj data;
};
struct FeedPage {
  std::vector<FeedItem> items;
  std::string next_cursor;
  bool cursor_is_null = false;
  bool has_more = false;
};
std::string feed_path(const std::string& since, const std::string& types, int limit);
// One page; BOOST-requires 200 and the page shape.
FeedPage feed_page(const Session& s, const std::string& since, const std::string& types, int limit);
// Every item after `since` until has_more is false; `*end` gets the last next_cursor.
std::vector<FeedItem> feed_drain(const Session& s, const std::string& since,
                                 const std::string& types, int limit, std::string* end);
// The cursor at the end of the feed now.
std::string feed_tail(const Session& s, const std::string& types);

// --- the database behind the API
// ------------------------------------------------------------------ Direct SQL as the application
// role (DATABASE_URL), only for what no catalog endpoint can do: move a balance as a sale on
// account or a purchase will, or hold a transaction open to test the change feed against late
// commits.

regal::pg::Database& database();
// Appends a party_ledger row for the customer or vendor `id` and moves its balance by `delta`,
// in one transaction, like the sales and purchase services will. Returns the new balance.
long long post_ledger_entry(const std::string& party_type, const std::string& id, long long delta,
                            const std::string& kind);

// --- CSV ---------------------------------------------------------------------------------------

using CsvRow = std::vector<std::string>;
std::vector<CsvRow> parse_csv(const std::string& text);  // RFC 4180 quoting, \n or \r\n
std::string csv_field(const std::string& value);         // quoted when it needs to be

inline constexpr const char* kImportHeader =
    "sku,name,desc,unit_price,cost_price,tax_rate,tax_inclusive,vendor_id,category_id,barcodes,"
    "discount,limited_qty,brand_action,is_active";

}  // namespace regal::test::catalog
