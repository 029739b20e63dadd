// End-to-end tests of the catalog API, part 3: customers, vendors and salesmen — fields,
// defaults, filters, the read-only balance, the balance ledgers, and what keeps a party from
// being deleted. Balances move only through sales and purchases, which have no endpoint yet:
// the ledger cases post their movements straight into the database, as those services will.
#include <boost/test/unit_test.hpp>
#include <string>

#include "e2e/catalog_support.hpp"
#include "regal/core/id.hpp"

using regal::test::HttpResult;
using namespace regal::test::catalog;

BOOST_AUTO_TEST_SUITE(catalog_parties)

namespace {

void check_empty_ledger(const std::string& collection, const std::string& id) {
  const Page page = list_page(admin(), "/" + collection + "/" + id + "/ledger");
  BOOST_TEST(page.items.empty());
  BOOST_TEST(page.cursor_is_null);
  BOOST_TEST(page.limit == 50);
  const Page one = list_page(admin(), "/" + collection + "/" + id + "/ledger?limit=1");
  BOOST_TEST(one.items.empty());
  BOOST_TEST(one.limit == 1);
}

// Three movements, paged two at a time: oldest first, every field, balance_after adds up.
void check_ledger_paging(const std::string& party_type, const std::string& collection,
                         const std::string& id) {
  const long long deltas[] = {1500, -500, 250};
  for (const long long d : deltas) post_ledger_entry(party_type, id, d, "e2e_movement");

  const std::string base = "/" + collection + "/" + id + "/ledger?limit=2";
  const Page first = list_page(admin(), base);
  BOOST_TEST_REQUIRE(first.items.size() == 2u);
  BOOST_TEST_REQUIRE(!first.cursor_is_null);
  const Page second = list_page(admin(), base + "&cursor=" + enc(first.next_cursor));
  BOOST_TEST_REQUIRE(second.items.size() == 1u);
  BOOST_TEST(second.cursor_is_null);

  std::vector<Obj> entries = first.items;
  entries.push_back(second.items.front());
  long long balance = 0;
  std::string last_at;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Obj& e = entries[i];
    BOOST_TEST_CONTEXT("ledger entry " << i << ": " << str(e)) {
      for (const std::string field :
           {"id", "delta", "balance_after", "kind", "ref_type", "ref_id", "at"}) {
        BOOST_TEST(e->has(field), "missing " << field);
      }
      balance += deltas[i];
      BOOST_TEST(integer(e, "delta") == deltas[i]);
      BOOST_TEST(integer(e, "balance_after") == balance);
      BOOST_TEST(text(e, "kind") == "e2e_movement");
      BOOST_TEST(is_timestamp(text(e, "at")), dump(e, "at"));
      BOOST_TEST(text(e, "at") >= last_at);
      last_at = text(e, "at");
    }
  }
  BOOST_TEST(integer(fetch(collection, id), "balance") == balance);
}

}  // namespace

// ------------------------------------------------------------------------------ customers

BOOST_AUTO_TEST_CASE(a_customer_round_trips_every_field_and_starts_at_zero_balance) {
  const std::string tag = fresh_tag();
  const Obj body = object({{"name", "Željka Nováková " + tag},
                           {"phone", "+420 777 123 456"},
                           {"email", "zeljka." + tag + "@example.com"},
                           {"address", "Náměstí Míru 1, Praha"},
                           {"branch_id", make_branch(tag)},
                           {"credit_limit", 500000},
                           {"notes", "Prefers invoices.\nCall before delivery."}});
  const Obj created = create("customers", body);
  check_common_fields(created);
  check_round_trip(body, created);
  BOOST_TEST(integer(created, "balance") == 0);
  check_round_trip(body, fetch("customers", text(created, "id")));
}

BOOST_AUTO_TEST_CASE(a_new_customer_gets_the_documented_defaults) {
  const Obj created = create("customers", customer_body(fresh_tag()));
  BOOST_TEST(dump(created, "phone") == "\"\"");
  BOOST_TEST(dump(created, "email") == "\"\"");
  BOOST_TEST(dump(created, "address") == "\"\"");
  BOOST_TEST(dump(created, "notes") == "\"\"");
  BOOST_TEST(created->isNull("branch_id"));
  BOOST_TEST(integer(created, "credit_limit") == 0);
  BOOST_TEST(integer(created, "balance") == 0);
}

BOOST_AUTO_TEST_CASE(customer_fields_are_validated) {
  const Obj body = customer_body(fresh_tag());
  const auto bad = [&](Fields fields) {
    return post(admin(), "/customers", str(with(body, fields)));
  };
  check_invalid(bad({{"credit_limit", -1}}), "credit_limit");
  check_invalid(bad({{"credit_limit", "100"}}), "credit_limit", "must_be_integer");
  check_invalid(post(admin(), "/customers", raw_body(body, "credit_limit", "1.5")), "credit_limit",
                "must_be_integer");
  // Beyond int64: refused as input (VALIDATION_FAILED, or MALFORMED_JSON per docs/ERRORS.md).
  const auto huge = post(admin(), "/customers", raw_body(body, "credit_limit", "1e30"));
  BOOST_TEST(huge.status == 400, huge.body);
  check_invalid(bad({{"branch_id", regal::new_uuid_v7()}}), "branch_id", "not_found");
  check_invalid(bad({{"phone", 777123456}}), "phone", "must_be_string");
  check_invalid(post(admin(), "/customers", raw_body(body, "phone", R"("777\t123")")), "phone",
                "invalid_character");
  check_invalid(post(admin(), "/customers", raw_body(body, "notes", R"("a\u0000b")")), "notes",
                "invalid_character");
  check_invalid(bad({{"balance", 100}}), "balance", "read_only");
  check_invalid(bad({{"balance", 0}}), "balance", "read_only");
}

BOOST_AUTO_TEST_CASE(a_customer_balance_is_read_only) {
  const Obj created = create("customers", customer_body(fresh_tag()));
  const std::string id = text(created, "id");
  check_invalid(patch(admin(), "/customers/" + id, str(object({{"balance", 1000}})), 1), "balance",
                "read_only");
  check_invalid(patch(admin(), "/customers/" + id, str(object({{"balance", 0}})), 1), "balance",
                "read_only");
  BOOST_TEST(str(fetch("customers", id)) == str(created));
}

BOOST_AUTO_TEST_CASE(a_customer_branch_is_cleared_with_null) {
  const std::string tag = fresh_tag();
  const Obj created =
      create("customers", with(customer_body(tag), {{"branch_id", make_branch(tag)}}));
  const Obj patched = update("customers", text(created, "id"), object({{"branch_id", Var()}}));
  BOOST_TEST(patched->isNull("branch_id"));
  check_round_trip(created, patched, {"branch_id", "version", "updated_at"});
}

BOOST_AUTO_TEST_CASE(customers_are_found_by_name_or_phone_and_filtered_by_branch) {
  const std::string tag = fresh_tag();
  const std::string branch = make_branch(tag);
  const std::string phone = "+1 555 " + tag;
  const Obj a = create("customers", object({{"name", "Alma " + tag}, {"branch_id", branch}}));
  const Obj b = create("customers", object({{"name", "Bruno " + tag}, {"phone", phone}}));
  BOOST_TEST(ids_of(list_all(admin(), "customers", "q=" + enc("Alma " + tag))) ==
             std::vector<std::string>{text(a, "id")});
  BOOST_TEST(ids_of(list_all(admin(), "customers", "q=" + enc("555 " + tag))) ==
             std::vector<std::string>{text(b, "id")});
  BOOST_TEST(id_set(list_all(admin(), "customers", "q=" + tag)) ==
             (std::set<std::string>{text(a, "id"), text(b, "id")}));
  BOOST_TEST(ids_of(list_all(admin(), "customers", "branch_id=" + branch)) ==
             std::vector<std::string>{text(a, "id")});
}

BOOST_AUTO_TEST_CASE(a_new_customer_has_an_empty_ledger) {
  const Obj c = create("customers", customer_body(fresh_tag()));
  check_empty_ledger("customers", text(c, "id"));
  check_error(get(admin(), "/customers/" + regal::new_uuid_v7() + "/ledger"), 404, "NOT_FOUND");
  check_error(get(admin(), "/customers/nope/ledger"), 404, "NOT_FOUND");
  check_invalid(get(admin(), "/customers/" + text(c, "id") + "/ledger?limit=0"), "limit");
}

BOOST_AUTO_TEST_CASE(a_customer_ledger_lists_movements_oldest_first_in_pages) {
  const Obj c = create("customers", customer_body(fresh_tag()));
  check_ledger_paging("customer", "customers", text(c, "id"));
}

BOOST_AUTO_TEST_CASE(a_customer_who_owes_money_is_in_use) {
  const Obj c = create("customers", customer_body(fresh_tag()));
  const std::string id = text(c, "id");
  post_ledger_entry("customer", id, 2500, "sale_on_account");
  check_error(del(admin(), "/customers/" + id), 409, "IN_USE");
  BOOST_TEST(fetch("customers", id)->isNull("deleted_at"));
  post_ledger_entry("customer", id, -2500, "payment");  // settled: may go
  BOOST_TEST(!remove("customers", id)->isNull("deleted_at"));
}

// ------------------------------------------------------------------------------ vendors

BOOST_AUTO_TEST_CASE(a_vendor_round_trips_every_field_and_starts_at_zero_balance) {
  const std::string tag = fresh_tag();
  const Obj body = object({{"name", "Müller & Söhne GmbH " + tag},
                           {"phone", "+49 30 1234567"},
                           {"email", "orders." + tag + "@mueller.example"},
                           {"address", "Hauptstraße 5, Berlin"},
                           {"branch_id", make_branch(tag)},
                           {"payment_terms", "Net 30"}});
  const Obj created = create("vendors", body);
  check_common_fields(created);
  check_round_trip(body, created);
  BOOST_TEST(integer(created, "balance") == 0);
  check_round_trip(body, fetch("vendors", text(created, "id")));

  const Obj plain = create("vendors", vendor_body(tag + "p"));
  BOOST_TEST(dump(plain, "payment_terms") == "\"\"");
  BOOST_TEST(dump(plain, "phone") == "\"\"");
  BOOST_TEST(plain->isNull("branch_id"));
}

BOOST_AUTO_TEST_CASE(vendor_fields_are_validated_and_balance_is_read_only) {
  const Obj body = vendor_body(fresh_tag());
  check_invalid(post(admin(), "/vendors", str(with(body, {{"balance", 10}}))), "balance",
                "read_only");
  check_invalid(post(admin(), "/vendors", str(with(body, {{"branch_id", regal::new_uuid_v7()}}))),
                "branch_id", "not_found");
  check_invalid(post(admin(), "/vendors", str(with(body, {{"payment_terms", 30}}))),
                "payment_terms", "must_be_string");
  const Obj created = create("vendors", body);
  check_invalid(
      patch(admin(), "/vendors/" + text(created, "id"), str(object({{"balance", -5}})), 1),
      "balance", "read_only");
  BOOST_TEST(str(fetch("vendors", text(created, "id"))) == str(created));
}

BOOST_AUTO_TEST_CASE(vendors_are_found_by_name_and_filtered_by_branch) {
  const std::string tag = fresh_tag();
  const std::string branch = make_branch(tag);
  const Obj a = create("vendors", object({{"name", "Acme " + tag}, {"branch_id", branch}}));
  const Obj b = create("vendors", object({{"name", "Globex " + tag}}));
  BOOST_TEST(ids_of(list_all(admin(), "vendors", "q=" + enc("Globex " + tag))) ==
             std::vector<std::string>{text(b, "id")});
  BOOST_TEST(id_set(list_all(admin(), "vendors", "q=" + tag)) ==
             (std::set<std::string>{text(a, "id"), text(b, "id")}));
  BOOST_TEST(ids_of(list_all(admin(), "vendors", "branch_id=" + branch)) ==
             std::vector<std::string>{text(a, "id")});
}

BOOST_AUTO_TEST_CASE(a_new_vendor_has_an_empty_ledger) {
  const std::string id = make_vendor(fresh_tag());
  check_empty_ledger("vendors", id);
  check_error(get(admin(), "/vendors/" + regal::new_uuid_v7() + "/ledger"), 404, "NOT_FOUND");
  // A ledger belongs to its party type: a vendor is no customer, and the reverse.
  const std::string customer = text(create("customers", customer_body(fresh_tag())), "id");
  check_error(get(admin(), "/customers/" + id + "/ledger"), 404, "NOT_FOUND");
  check_error(get(admin(), "/vendors/" + customer + "/ledger"), 404, "NOT_FOUND");
}

BOOST_AUTO_TEST_CASE(a_vendor_ledger_lists_movements_oldest_first_in_pages) {
  check_ledger_paging("vendor", "vendors", make_vendor(fresh_tag()));
}

BOOST_AUTO_TEST_CASE(a_vendor_with_live_products_or_a_balance_is_in_use) {
  const std::string tag = fresh_tag();
  const std::string vendor = make_vendor(tag);
  const Obj product = create("products", with(product_body(tag), {{"vendor_id", vendor}}));
  check_error(del(admin(), "/vendors/" + vendor), 409, "IN_USE");
  remove("products", text(product, "id"));

  post_ledger_entry("vendor", vendor, 9900, "purchase");
  check_error(del(admin(), "/vendors/" + vendor), 409, "IN_USE");
  BOOST_TEST(fetch("vendors", vendor)->isNull("deleted_at"));
  post_ledger_entry("vendor", vendor, -9900, "payment");
  BOOST_TEST(!remove("vendors", vendor)->isNull("deleted_at"));
}

// ------------------------------------------------------------------------------ salesmen

BOOST_AUTO_TEST_CASE(a_salesman_round_trips_every_field_with_defaults) {
  const std::string tag = fresh_tag();
  const Obj body = object({{"name", "Jiří Salesman " + tag},
                           {"phone", "+420 602 000 111"},
                           {"branch_id", make_branch(tag)},
                           {"commission_rate", 250},
                           {"is_active", false}});
  const Obj created = create("salesmen", body);
  check_common_fields(created);
  check_round_trip(body, created);
  check_round_trip(body, fetch("salesmen", text(created, "id")));

  const Obj plain = create("salesmen", salesman_body(tag + "p"));
  BOOST_TEST(integer(plain, "commission_rate") == 0);
  BOOST_TEST(dump(plain, "is_active") == "true");
  BOOST_TEST(dump(plain, "phone") == "\"\"");
  BOOST_TEST(plain->isNull("branch_id"));
}

BOOST_AUTO_TEST_CASE(a_commission_rate_is_basis_points_from_0_to_10000) {
  const Obj body = salesman_body(fresh_tag());
  check_invalid(post(admin(), "/salesmen", str(with(body, {{"commission_rate", 10001}}))),
                "commission_rate", "out_of_range");
  check_invalid(post(admin(), "/salesmen", str(with(body, {{"commission_rate", -1}}))),
                "commission_rate", "out_of_range");
  check_invalid(post(admin(), "/salesmen", str(with(body, {{"commission_rate", "5%"}}))),
                "commission_rate", "must_be_integer");
  check_invalid(post(admin(), "/salesmen", str(with(body, {{"is_active", 1}}))), "is_active",
                "must_be_boolean");
  BOOST_TEST(integer(create("salesmen", with(body, {{"commission_rate", 10000}})),
                     "commission_rate") == 10000);
  BOOST_TEST(integer(create("salesmen", with(salesman_body(fresh_tag()), {{"commission_rate", 0}})),
                     "commission_rate") == 0);
}

BOOST_AUTO_TEST_CASE(salesmen_filter_by_branch_and_activity) {
  const std::string tag = fresh_tag();
  const std::string branch = make_branch(tag);
  const Obj on = create("salesmen", with(salesman_body(tag + "on"), {{"branch_id", branch}}));
  const Obj off = create(
      "salesmen", with(salesman_body(tag + "off"), {{"branch_id", branch}, {"is_active", false}}));
  BOOST_TEST(id_set(list_all(admin(), "salesmen", "branch_id=" + branch)) ==
             (std::set<std::string>{text(on, "id"), text(off, "id")}));
  BOOST_TEST(ids_of(list_all(admin(), "salesmen", "branch_id=" + branch + "&is_active=false")) ==
             std::vector<std::string>{text(off, "id")});
  BOOST_TEST(ids_of(list_all(admin(), "salesmen", "branch_id=" + branch + "&is_active=true")) ==
             std::vector<std::string>{text(on, "id")});
}

BOOST_AUTO_TEST_SUITE_END()
