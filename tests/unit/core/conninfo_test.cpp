#include "regal/data/pg/conninfo.hpp"

#include <boost/test/unit_test.hpp>

#include "regal/core/error.hpp"

BOOST_AUTO_TEST_SUITE(conninfo)

BOOST_AUTO_TEST_CASE(url_becomes_key_value_pairs_with_decoded_credentials) {
  const auto info = regal::pg::conninfo_from_url(
      "postgresql://app:pa%40ss%21@db.local:6543/shop?sslmode=require");
  BOOST_TEST(info ==
             "host=db.local port=6543 dbname=shop user=app password=pa@ss! sslmode=require");
}

BOOST_AUTO_TEST_CASE(values_the_connector_would_mangle_are_refused) {
  BOOST_CHECK_THROW(regal::pg::conninfo_from_url("postgresql://app:a%20b@h/d"), regal::Error);
  BOOST_CHECK_THROW(regal::pg::conninfo_from_url("postgresql://app:a%27b@h/d"), regal::Error);
  BOOST_CHECK_THROW(regal::pg::conninfo_from_url("postgresql://app:a%3Db@h/d"), regal::Error);
}

BOOST_AUTO_TEST_CASE(connect_timeout_is_added_unless_given) {
  BOOST_TEST(regal::pg::conninfo_from_url("postgres://u@h/d", 3) ==
             "host=h dbname=d user=u connect_timeout=3");
  BOOST_TEST(regal::pg::conninfo_from_url("postgres://u@h/d?connect_timeout=9", 3) ==
             "host=h dbname=d user=u connect_timeout=9");
}

BOOST_AUTO_TEST_CASE(key_value_strings_pass_through) {
  BOOST_TEST(regal::pg::conninfo_from_url("host=x dbname=y") == "host=x dbname=y");
}

BOOST_AUTO_TEST_CASE(other_schemes_are_rejected_without_echoing_the_password) {
  try {
    regal::pg::conninfo_from_url("mysql://u:secret@h/d");
    BOOST_FAIL("expected an error");
  } catch (const regal::Error& e) {
    BOOST_TEST(e.code() == "INVALID_CONFIG");
    BOOST_TEST(std::string(e.what()).find("secret") == std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(redact_hides_the_password) {
  BOOST_TEST(regal::pg::redact_url("postgresql://u:secret@h:1/d") == "postgresql://u:***@h:1/d");
  BOOST_TEST(regal::pg::redact_url("postgresql://u@h/d") == "postgresql://u@h/d");
}

BOOST_AUTO_TEST_SUITE_END()
