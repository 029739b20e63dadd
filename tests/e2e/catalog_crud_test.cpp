// End-to-end tests of the catalog API, part 1: what docs/CATALOG.md promises for every
// collection (branches, registers, categories, products, customers, vendors, salesmen) — create
// and read back, client-made ids, 404s, cursor paging, versioned PATCH, soft delete, unknown and
// read-only fields, the name rules, bodies that are no JSON object, authentication.
// Entity-specific rules live in the other catalog_*_test.cpp files.
#include <boost/test/unit_test.hpp>
#include <string>

#include "e2e/catalog_support.hpp"
#include "regal/core/id.hpp"

using regal::test::HttpResult;
using namespace regal::test::catalog;

BOOST_AUTO_TEST_SUITE(catalog_crud)

namespace {

std::string path_of(const Collection& c, const std::string& id) { return "/" + c.name + "/" + id; }

// POST as admin; on anything but 201 records a failure and returns null.
Obj try_create(const Collection& c, const Obj& body) {
  const auto r = post(admin(), "/" + c.name, str(body));
  BOOST_TEST(r.status == 201, "POST /" << c.name << " " << str(body).substr(0, 200) << " → "
                                       << r.status << " " << r.body.substr(0, 300));
  return r.status == 201 ? data_of(r) : nullptr;
}

}  // namespace

// ------------------------------------------------------------------------------ create, read

BOOST_AUTO_TEST_CASE(every_collection_creates_with_201_and_reads_the_same_entity_back) {
  const Scope scope = fresh_scope();
  for (const auto& c : collections()) {
    BOOST_TEST_CONTEXT(c.name) {
      const Obj body = c.body(scope, 1);
      const auto r = post(admin(), "/" + c.name, str(body));
      BOOST_TEST(r.status == 201, r.body.substr(0, 300));
      if (r.status != 201) continue;
      BOOST_TEST(r.header("content-type").find("application/json") == 0u);
      const Obj created = data_of(r);
      check_common_fields(created);
      BOOST_TEST(version_of(created) == 1);
      BOOST_TEST(created->isNull("deleted_at"));
      BOOST_TEST(text(created, "created_at") == text(created, "updated_at"));
      check_round_trip(body, created);

      const auto got = get(admin(), path_of(c, text(created, "id")));
      BOOST_TEST(got.status == 200, got.body.substr(0, 300));
      if (got.status == 200) BOOST_TEST(str(data_of(got)) == str(created));
    }
  }
}

BOOST_AUTO_TEST_CASE(every_collection_keeps_an_id_the_client_made) {
  const Scope scope = fresh_scope();
  for (const auto& c : collections()) {
    BOOST_TEST_CONTEXT(c.name) {
      const std::string id = regal::new_uuid_v7();
      const Obj created = try_create(c, with(c.body(scope, 1), {{"id", id}}));
      if (!created) continue;
      BOOST_TEST(text(created, "id") == id);
      BOOST_TEST(get(admin(), path_of(c, id)).status == 200);

      // The same id again is refused, never a second row (and never a 500: `post` checks).
      const auto again = post(admin(), "/" + c.name, str(with(c.body(scope, 2), {{"id", id}})));
      BOOST_TEST(again.status >= 400,
                 "a second create with id " << id << " answered " << again.status);
      const auto bad = post(admin(), "/" + c.name, str(with(c.body(scope, 3), {{"id", "nope"}})));
      check_invalid(bad, "id");
    }
  }
}

BOOST_AUTO_TEST_CASE(every_collection_answers_404_for_unknown_and_malformed_ids) {
  for (const auto& c : collections()) {
    BOOST_TEST_CONTEXT(c.name) {
      const std::string unknown = regal::new_uuid_v7();
      check_error(get(admin(), path_of(c, unknown)), 404, "NOT_FOUND");
      check_error(get(admin(), path_of(c, "not-a-uuid")), 404, "NOT_FOUND");
      check_error(get(admin(), path_of(c, "0190a0b2-zzzz-7000-8000-000000000000")), 404,
                  "NOT_FOUND");
      check_error(patch(admin(), path_of(c, unknown), R"({"name":"x"})", 1), 404, "NOT_FOUND");
      check_error(del(admin(), path_of(c, unknown)), 404, "NOT_FOUND");
      check_error(del(admin(), path_of(c, "not-a-uuid")), 404, "NOT_FOUND");
    }
  }
}

// ------------------------------------------------------------------------------ lists

BOOST_AUTO_TEST_CASE(every_collection_pages_by_cursor_without_gaps_or_duplicates) {
  const Scope scope = fresh_scope();
  for (const auto& c : collections()) {
    BOOST_TEST_CONTEXT(c.name) {
      std::set<std::string> made;
      for (int n = 1; n <= 5; ++n) {
        if (const Obj e = try_create(c, c.body(scope, n))) made.insert(text(e, "id"));
      }
      if (made.size() != 5u) continue;
      // list_all checks page sizes, duplicates, ascending ids and where the cursor ends.
      const auto by_two = list_all(admin(), c.name, c.filter(scope), 2);
      BOOST_TEST(id_set(by_two) == made);
      BOOST_TEST(by_two.size() == made.size());

      const Page first = list_page(admin(), "/" + c.name + "?limit=2&" + c.filter(scope));
      BOOST_TEST(first.items.size() == 2u);
      BOOST_TEST(!first.cursor_is_null);
      const Page second = list_page(admin(), "/" + c.name + "?limit=2&" + c.filter(scope) +
                                                 "&cursor=" + enc(first.next_cursor));
      const Page third = list_page(admin(), "/" + c.name + "?limit=2&" + c.filter(scope) +
                                                "&cursor=" + enc(second.next_cursor));
      BOOST_TEST(second.items.size() == 2u);
      BOOST_TEST(third.items.size() == 1u);
      BOOST_TEST(third.cursor_is_null, "a short last page still has a next_cursor");

      const Page whole = list_page(admin(), "/" + c.name + "?" + c.filter(scope));
      BOOST_TEST(whole.limit == 50, "the default limit is 50");
      BOOST_TEST(id_set(whole.items) == made);
      BOOST_TEST(whole.cursor_is_null);
    }
  }
}

BOOST_AUTO_TEST_CASE(every_collection_refuses_bad_limits_and_cursors) {
  for (const auto& c : collections()) {
    BOOST_TEST_CONTEXT(c.name) {
      for (const std::string limit : {"0", "201", "-1", "abc", "1.5"}) {
        const auto r = get(admin(), "/" + c.name + "?limit=" + limit);
        check_invalid(r, "limit");
      }
      BOOST_TEST(list_page(admin(), "/" + c.name + "?limit=200").limit == 200);
      const auto bad_cursor = get(admin(), "/" + c.name + "?cursor=%21%21not-a-cursor%21%21");
      BOOST_TEST(bad_cursor.status == 400, bad_cursor.body.substr(0, 200));
    }
  }
}

// ------------------------------------------------------------------------------ PATCH

BOOST_AUTO_TEST_CASE(every_collection_patches_with_if_match_and_bumps_the_version) {
  const Scope scope = fresh_scope();
  for (const auto& c : collections()) {
    BOOST_TEST_CONTEXT(c.name) {
      const Obj created = try_create(c, c.body(scope, 1));
      if (!created) continue;
      const std::string id = text(created, "id");
      const std::string name = "Renamed " + scope.tag;
      const auto r = patch(admin(), path_of(c, id), str(object({{"name", name}})), 1);
      BOOST_TEST(r.status == 200, r.body.substr(0, 300));
      if (r.status != 200) continue;
      const Obj patched = data_of(r);
      BOOST_TEST(text(patched, "name") == name);
      BOOST_TEST(version_of(patched) == 2);
      BOOST_TEST(text(patched, "created_at") == text(created, "created_at"));
      BOOST_TEST(text(patched, "updated_at") >= text(created, "updated_at"));
      // Only the fields sent change.
      check_round_trip(created, patched, {"name", "version", "updated_at"});
      BOOST_TEST(str(fetch(c.name, id)) == str(patched));

      // If-Match also as an entity tag, quoted.
      Headers quoted = bearer(admin().access);
      quoted["If-Match"] = "\"2\"";
      const auto r2 =
          api("PATCH", "/api/v1" + path_of(c, id), str(object({{"name", name + " 2"}})), quoted);
      BOOST_TEST(r2.status == 200, "If-Match: \"2\" → " << r2.status << " " << r2.body);
    }
  }
}

BOOST_AUTO_TEST_CASE(every_collection_patches_with_the_version_in_the_body) {
  const Scope scope = fresh_scope();
  for (const auto& c : collections()) {
    BOOST_TEST_CONTEXT(c.name) {
      const Obj created = try_create(c, c.body(scope, 1));
      if (!created) continue;
      const std::string id = text(created, "id");
      const auto r = patch(admin(), path_of(c, id),
                           str(object({{"name", "Body version " + scope.tag}, {"version", 1}})));
      BOOST_TEST(r.status == 200, r.body.substr(0, 300));
      if (r.status != 200) continue;
      BOOST_TEST(text(data_of(r), "name") == "Body version " + scope.tag);
      BOOST_TEST(version_of(data_of(r)) == 2);
    }
  }
}

BOOST_AUTO_TEST_CASE(every_collection_answers_412_to_a_stale_version_and_changes_nothing) {
  const Scope scope = fresh_scope();
  for (const auto& c : collections()) {
    BOOST_TEST_CONTEXT(c.name) {
      const Obj created = try_create(c, c.body(scope, 1));
      if (!created) continue;
      const std::string id = text(created, "id");
      const Obj current = update(c.name, id, object({{"name", "Current " + scope.tag}}));
      check_error(patch(admin(), path_of(c, id), str(object({{"name", "Stale"}})), 1), 412,
                  "VERSION_MISMATCH");
      check_error(patch(admin(), path_of(c, id), str(object({{"name", "Stale"}, {"version", 1}}))),
                  412, "VERSION_MISMATCH");
      check_error(patch(admin(), path_of(c, id), str(object({{"name", "Future"}})), 9), 412,
                  "VERSION_MISMATCH");
      BOOST_TEST(str(fetch(c.name, id)) == str(current));
    }
  }
}

BOOST_AUTO_TEST_CASE(every_collection_needs_a_version_to_patch) {
  const Scope scope = fresh_scope();
  for (const auto& c : collections()) {
    BOOST_TEST_CONTEXT(c.name) {
      const Obj created = try_create(c, c.body(scope, 1));
      if (!created) continue;
      const std::string id = text(created, "id");
      const auto refused = patch(admin(), path_of(c, id), str(object({{"name", "No version"}})));
      check_error(refused, 400, "VALIDATION_FAILED");
      BOOST_TEST(has_field_error(refused, "version", "required"), refused.body);
      BOOST_TEST(str(fetch(c.name, id)) == str(created));
    }
  }
}

// ------------------------------------------------------------------------------ DELETE

BOOST_AUTO_TEST_CASE(every_collection_soft_deletes_hides_from_lists_and_still_reads) {
  const Scope scope = fresh_scope();
  for (const auto& c : collections()) {
    BOOST_TEST_CONTEXT(c.name) {
      const Obj kept = try_create(c, c.body(scope, 1));
      const Obj gone = try_create(c, c.body(scope, 2));
      if (!kept || !gone) continue;
      const std::string id = text(gone, "id");

      const auto r = del(admin(), path_of(c, id));
      BOOST_TEST(r.status == 200, r.body.substr(0, 300));
      if (r.status != 200) continue;
      const Obj deleted = data_of(r);
      BOOST_TEST(text(deleted, "id") == id);
      BOOST_TEST(is_timestamp(text(deleted, "deleted_at")), dump(deleted, "deleted_at"));
      BOOST_TEST(version_of(deleted) > version_of(gone));

      const Obj read = fetch(c.name, id);
      BOOST_TEST(text(read, "deleted_at") == text(deleted, "deleted_at"));

      const auto live = list_all(admin(), c.name, c.filter(scope));
      BOOST_TEST(id_set(live) == std::set<std::string>{text(kept, "id")});
      const auto all = list_all(admin(), c.name, c.filter(scope) + "&include_deleted=true");
      BOOST_TEST(id_set(all) == (std::set<std::string>{text(kept, "id"), id}));
      if (const Obj listed = find_id(all, id)) {
        BOOST_TEST(text(listed, "deleted_at") == text(deleted, "deleted_at"));
      }
      const auto explicit_false =
          list_all(admin(), c.name, c.filter(scope) + "&include_deleted=false");
      BOOST_TEST(id_set(explicit_false) == std::set<std::string>{text(kept, "id")});

      // Deleting again is 200 and changes nothing.
      const auto again = del(admin(), path_of(c, id));
      BOOST_TEST(again.status == 200, again.body.substr(0, 300));
      if (again.status == 200) {
        BOOST_TEST(text(data_of(again), "deleted_at") == text(deleted, "deleted_at"));
        BOOST_TEST(version_of(data_of(again)) == version_of(deleted));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(every_collection_refuses_a_bad_include_deleted_flag) {
  for (const auto& c : collections()) {
    BOOST_TEST_CONTEXT(c.name) {
      check_invalid(get(admin(), "/" + c.name + "?include_deleted=maybe"), "include_deleted");
    }
  }
}

// ------------------------------------------------------------------------------ input rules

BOOST_AUTO_TEST_CASE(every_collection_refuses_unknown_fields_and_stores_nothing) {
  const Scope scope = fresh_scope();
  for (const auto& c : collections()) {
    BOOST_TEST_CONTEXT(c.name) {
      const std::string id = regal::new_uuid_v7();
      const auto r =
          post(admin(), "/" + c.name, str(with(c.body(scope, 1), {{"id", id}, {"colour", "red"}})));
      check_invalid(r, "colour", "unknown_field");
      BOOST_TEST(field_errors(r) == "colour:unknown_field");
      check_error(get(admin(), path_of(c, id)), 404, "NOT_FOUND");

      const Obj created = try_create(c, c.body(scope, 2));
      if (!created) continue;
      const auto p = patch(admin(), path_of(c, text(created, "id")),
                           str(object({{"name", "Typo"}, {"nmae", "x"}})), 1);
      check_invalid(p, "nmae", "unknown_field");
      BOOST_TEST(str(fetch(c.name, text(created, "id"))) == str(created));
    }
  }
}

BOOST_AUTO_TEST_CASE(every_collection_refuses_read_only_fields) {
  const Scope scope = fresh_scope();
  const std::string when = "2024-01-02T03:04:05.678Z";
  for (const auto& c : collections()) {
    BOOST_TEST_CONTEXT(c.name) {
      for (const std::string field : {"created_at", "updated_at", "deleted_at"}) {
        check_invalid(post(admin(), "/" + c.name, str(with(c.body(scope, 1), {{field, when}}))),
                      field, "read_only");
      }
      const Obj created = try_create(c, c.body(scope, 2));
      if (!created) continue;
      const std::string id = text(created, "id");
      check_invalid(patch(admin(), path_of(c, id), str(object({{"id", regal::new_uuid_v7()}})), 1),
                    "id", "read_only");
      check_invalid(patch(admin(), path_of(c, id), str(object({{"created_at", when}})), 1),
                    "created_at", "read_only");
      check_invalid(patch(admin(), path_of(c, id), str(object({{"deleted_at", when}})), 1),
                    "deleted_at", "read_only");
      BOOST_TEST(str(fetch(c.name, id)) == str(created));
    }
  }
}

BOOST_AUTO_TEST_CASE(every_collection_checks_the_name) {
  const Scope scope = fresh_scope();
  std::string accented_200;
  for (int i = 0; i < 200; ++i) accented_200 += "\xC3\xA9";  // "é": 200 characters, 400 bytes
  for (const auto& c : collections()) {
    BOOST_TEST_CONTEXT(c.name) {
      const Obj body = c.body(scope, 1);
      check_invalid(post(admin(), "/" + c.name, str(with(body, {}, {"name"}))), "name", "required");
      check_invalid(post(admin(), "/" + c.name, str(with(body, {{"name", ""}}))), "name");
      check_invalid(post(admin(), "/" + c.name, str(with(body, {{"name", Var()}}))), "name");
      check_invalid(post(admin(), "/" + c.name, str(with(body, {{"name", 42}}))), "name",
                    "must_be_string");
      check_invalid(post(admin(), "/" + c.name, str(with(body, {{"name", std::string(201, 'n')}}))),
                    "name", "too_long");
      check_invalid(post(admin(), "/" + c.name, raw_body(body, "name", R"("bad\u0001name")")),
                    "name", "invalid_character");
      check_invalid(post(admin(), "/" + c.name, raw_body(body, "name", R"("two\nlines")")), "name",
                    "invalid_character");
      check_invalid(post(admin(), "/" + c.name, raw_body(body, "name", R"("nul\u0000cut")")),
                    "name", "invalid_character");

      // Lengths count characters, not bytes.
      const Obj long_ok = try_create(c, with(c.body(scope, 2), {{"name", accented_200}}));
      if (long_ok) BOOST_TEST(text(long_ok, "name") == accented_200);

      const Obj created = try_create(c, c.body(scope, 3));
      if (!created) continue;
      const std::string id = text(created, "id");
      check_invalid(patch(admin(), path_of(c, id), str(object({{"name", Var()}})), 1), "name");
      check_invalid(patch(admin(), path_of(c, id), str(object({{"name", ""}})), 1), "name");
      check_invalid(
          patch(admin(), path_of(c, id), str(object({{"name", std::string(201, 'n')}})), 1), "name",
          "too_long");
      BOOST_TEST(str(fetch(c.name, id)) == str(created));
    }
  }
}

BOOST_AUTO_TEST_CASE(every_collection_refuses_bodies_that_are_no_json_object) {
  const Scope scope = fresh_scope();
  for (const auto& c : collections()) {
    BOOST_TEST_CONTEXT(c.name) {
      check_error(post(admin(), "/" + c.name, "{\"name\":", {}), 400, "MALFORMED_JSON");
      check_error(post(admin(), "/" + c.name, "[]"), 400, "MALFORMED_JSON");
      check_error(post(admin(), "/" + c.name, ""), 400, "MALFORMED_JSON");
      check_error(
          post(admin(), "/" + c.name, str(c.body(scope, 1)), {{"Content-Type", "text/plain"}}), 415,
          "UNSUPPORTED_MEDIA_TYPE");
      const Obj created = try_create(c, c.body(scope, 2));
      if (!created) continue;
      check_error(patch(admin(), path_of(c, text(created, "id")), "[1]", 1), 400, "MALFORMED_JSON");
    }
  }
}

// ------------------------------------------------------------------------------ authentication

BOOST_AUTO_TEST_CASE(every_collection_needs_authentication) {
  const Scope scope = fresh_scope();
  for (const auto& c : collections()) {
    BOOST_TEST_CONTEXT(c.name) {
      const Obj created = try_create(c, c.body(scope, 1));
      const std::string id = created ? text(created, "id") : regal::new_uuid_v7();
      check_error(anonymous("GET", "/" + c.name), 401, "AUTHENTICATION_REQUIRED");
      check_error(anonymous("GET", path_of(c, id)), 401, "AUTHENTICATION_REQUIRED");
      check_error(anonymous("POST", "/" + c.name, str(c.body(scope, 2))), 401,
                  "AUTHENTICATION_REQUIRED");
      check_error(anonymous("PATCH", path_of(c, id), R"({"name":"x","version":1})"), 401,
                  "AUTHENTICATION_REQUIRED");
      check_error(anonymous("DELETE", path_of(c, id)), 401, "AUTHENTICATION_REQUIRED");
      const auto garbage = api("GET", "/api/v1/" + c.name, "", bearer("not.a.token"));
      check_error(garbage, 401, "INVALID_TOKEN");
      if (created) BOOST_TEST(str(fetch(c.name, id)) == str(created));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
