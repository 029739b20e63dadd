#include "regal/core/id.hpp"

#include <boost/test/unit_test.hpp>
#include <set>

BOOST_AUTO_TEST_SUITE(id)

BOOST_AUTO_TEST_CASE(uuid_v7_has_version_variant_and_canonical_form) {
  const std::string id = regal::new_uuid_v7(1700000000000);
  BOOST_TEST(regal::is_uuid(id));
  BOOST_TEST(id[14] == '7');
  BOOST_TEST((id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b'));
  // 1700000000000 ms = 0x018bcfe56800
  BOOST_TEST(id.substr(0, 13) == "018bcfe5-6800");
}

BOOST_AUTO_TEST_CASE(uuid_v7_sorts_by_time) {
  BOOST_TEST(regal::new_uuid_v7(1000) < regal::new_uuid_v7(2000));
}

BOOST_AUTO_TEST_CASE(uuid_v7_is_unique_within_one_millisecond) {
  std::set<std::string> ids;
  for (int i = 0; i < 10000; ++i) ids.insert(regal::new_uuid_v7(42));
  BOOST_TEST(ids.size() == 10000u);
}

BOOST_AUTO_TEST_CASE(is_uuid_rejects_malformed_text) {
  BOOST_TEST(!regal::is_uuid(""));
  BOOST_TEST(!regal::is_uuid("018bcfe5-6800-7000-8000-00000000000"));   // short
  BOOST_TEST(!regal::is_uuid("018bcfe5x6800-7000-8000-000000000000"));  // bad dash
  BOOST_TEST(!regal::is_uuid("018bcfe5-6800-7000-8000-00000000000g"));  // not hex
  BOOST_TEST(regal::is_uuid("018BCFE5-6800-7000-8000-000000000000"));
}

BOOST_AUTO_TEST_CASE(random_hex_has_requested_length_and_varies) {
  const auto a = regal::random_hex(32);
  BOOST_TEST(a.size() == 64u);
  BOOST_TEST(a != regal::random_hex(32));
}

BOOST_AUTO_TEST_SUITE_END()
