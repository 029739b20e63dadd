#include <boost/test/unit_test.hpp>

#include "regal/pos/catalog.hpp"

using namespace regal::pos;

namespace {

std::vector<std::string> problems(Entity entity, const Fields& fields,
                                  WriteMode mode = WriteMode::kCreate) {
  std::vector<regal::FieldError> errors;
  validate_fields(spec(entity), fields, mode, errors);
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field + ":" + e.code);
  return out;
}

Fields product() {
  return {{"sku", std::string("SKU-1")}, {"name", std::string("Milk")},
          {"unit_price", std::int64_t{129}}};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(catalog_schema)

BOOST_AUTO_TEST_CASE(every_entity_has_a_spec_named_for_its_feed_type) {
  for (const Entity e : kAllEntities) {
    BOOST_TEST((entity_by_name(spec(e).name) == e));
    BOOST_TEST(!spec(e).fields.empty());
    for (const auto& filter : spec(e).filters) BOOST_TEST(spec(e).field(filter) != nullptr);
  }
  BOOST_TEST(!entity_by_name("stock").has_value());
}

BOOST_AUTO_TEST_CASE(a_minimal_product_is_valid_and_required_fields_are_named) {
  BOOST_TEST(problems(Entity::kProduct, product()).empty());
  BOOST_TEST(problems(Entity::kProduct, {}) ==
                 (std::vector<std::string>{"sku:required", "name:required", "unit_price:required"}),
             boost::test_tools::per_element());
  // An update needs none of them.
  BOOST_TEST(problems(Entity::kProduct, {}, WriteMode::kUpdate).empty());
}

BOOST_AUTO_TEST_CASE(money_and_basis_points_are_bounded_whole_numbers) {
  Fields f = product();
  f["unit_price"] = std::int64_t{-1};
  f["tax_rate"] = std::int64_t{10001};
  f["discount"] = std::string("5");
  BOOST_TEST(problems(Entity::kProduct, f) ==
                 (std::vector<std::string>{"discount:must_be_integer", "tax_rate:out_of_range",
                                           "unit_price:out_of_range"}),
             boost::test_tools::per_element());
  f = product();
  f["tax_rate"] = std::int64_t{10000};
  f["limited_qty"] = std::monostate{};
  BOOST_TEST(problems(Entity::kProduct, f).empty());
  f["limited_qty"] = std::int64_t{0};
  BOOST_TEST(problems(Entity::kProduct, f) == std::vector<std::string>{"limited_qty:out_of_range"});
}

BOOST_AUTO_TEST_CASE(text_is_counted_in_characters_and_refuses_control_characters) {
  Fields f = product();
  f["name"] = std::string(200, 'x');
  BOOST_TEST(problems(Entity::kProduct, f).empty());
  std::string accented;
  for (int i = 0; i < 200; ++i) accented += "é";  // 400 bytes, 200 characters
  f["name"] = accented;
  BOOST_TEST(problems(Entity::kProduct, f).empty());
  f["name"] = accented + "é";
  BOOST_TEST(problems(Entity::kProduct, f) == std::vector<std::string>{"name:too_long"});
  f["name"] = std::string("Milk\nline");
  BOOST_TEST(problems(Entity::kProduct, f) == std::vector<std::string>{"name:invalid_character"});
  f["name"] = std::string("   ");
  BOOST_TEST(problems(Entity::kProduct, f) == std::vector<std::string>{"name:required"});
  f = product();
  f["desc"] = std::string("two\nlines\tand a tab");  // multi-line field
  BOOST_TEST(problems(Entity::kProduct, f).empty());
}

BOOST_AUTO_TEST_CASE(unknown_and_read_only_fields_are_refused) {
  Fields f{{"name", std::string("Ann")}, {"balance", std::int64_t{5}}, {"nick", std::string("a")}};
  BOOST_TEST(problems(Entity::kCustomer, f) ==
                 (std::vector<std::string>{"balance:read_only", "nick:unknown_field"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(references_must_be_uuids_and_lists_hold_no_duplicates) {
  Fields f = product();
  f["vendor_id"] = std::string("not-a-uuid");
  f["category_id"] = std::monostate{};
  f["barcodes"] = std::vector<std::string>{"123", "", "123"};
  f["branch_ids"] = std::vector<std::string>{"x"};
  BOOST_TEST(problems(Entity::kProduct, f) ==
                 (std::vector<std::string>{"barcodes[1]:invalid_code", "barcodes[2]:duplicate",
                                           "branch_ids[0]:invalid_id", "vendor_id:invalid_id"}),
             boost::test_tools::per_element());
  Fields reg{{"branch_id", std::monostate{}}, {"code", std::string("T1")},
             {"name", std::string("Till")}};
  BOOST_TEST(problems(Entity::kRegister, reg) == std::vector<std::string>{"branch_id:required"});
}

BOOST_AUTO_TEST_CASE(branch_currency_timezone_and_policy_are_checked) {
  Fields b{{"code", std::string("B1")},
           {"name", std::string("Main")},
           {"currency", std::string("eur")},
           {"timezone", std::string("Mars/Olympus Mons")},
           {"negative_stock", std::string("maybe")}};
  BOOST_TEST(problems(Entity::kBranch, b) ==
                 (std::vector<std::string>{"currency:invalid_currency",
                                           "negative_stock:invalid_choice",
                                           "timezone:invalid_timezone"}),
             boost::test_tools::per_element());
  b["currency"] = std::string("EUR");
  b["timezone"] = std::string("America/Argentina/Buenos_Aires");
  b["negative_stock"] = std::string("allow");
  BOOST_TEST(problems(Entity::kBranch, b).empty());
}

BOOST_AUTO_TEST_SUITE_END()
