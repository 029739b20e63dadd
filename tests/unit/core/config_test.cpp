#include "regal/core/config.hpp"

#include <boost/test/unit_test.hpp>
#include <cstdlib>

#include "regal/core/error.hpp"

BOOST_AUTO_TEST_SUITE(config)

BOOST_AUTO_TEST_CASE(unset_variables_take_the_default) {
  ::unsetenv("REGAL_TEST_UNSET");
  BOOST_TEST(regal::config::get_string("REGAL_TEST_UNSET", "dflt") == "dflt");
  BOOST_TEST(regal::config::get_int("REGAL_TEST_UNSET", 7, 0, 10) == 7);
  BOOST_TEST(regal::config::get_bool("REGAL_TEST_UNSET", true));
}

BOOST_AUTO_TEST_CASE(integers_are_parsed_and_range_checked) {
  ::setenv("REGAL_TEST_INT", " 42 ", 1);
  BOOST_TEST(regal::config::get_int("REGAL_TEST_INT", 0, 0, 100) == 42);
  BOOST_CHECK_THROW(regal::config::get_int("REGAL_TEST_INT", 0, 0, 10), regal::Error);
  ::setenv("REGAL_TEST_INT", "4x", 1);
  BOOST_CHECK_THROW(regal::config::get_int("REGAL_TEST_INT", 0, 0, 100), regal::Error);
}

BOOST_AUTO_TEST_CASE(booleans_accept_common_spellings_only) {
  ::setenv("REGAL_TEST_BOOL", "Off", 1);
  BOOST_TEST(!regal::config::get_bool("REGAL_TEST_BOOL", true));
  ::setenv("REGAL_TEST_BOOL", "yes", 1);
  BOOST_TEST(regal::config::get_bool("REGAL_TEST_BOOL", false));
  ::setenv("REGAL_TEST_BOOL", "maybe", 1);
  BOOST_CHECK_THROW(regal::config::get_bool("REGAL_TEST_BOOL", false), regal::Error);
}

BOOST_AUTO_TEST_SUITE_END()
