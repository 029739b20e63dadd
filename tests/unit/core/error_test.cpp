#include "regal/core/error.hpp"

#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(error)

BOOST_AUTO_TEST_CASE(validation_error_carries_fields_and_stable_code) {
  const auto e = regal::Error::validation({{"lines[0].qty", "must_be_positive", "Must be > 0."}});
  BOOST_TEST(e.code() == "VALIDATION_FAILED");
  BOOST_TEST(static_cast<int>(e.kind()) == static_cast<int>(regal::ErrorKind::kInvalid));
  BOOST_REQUIRE_EQUAL(e.fields().size(), 1u);
  BOOST_TEST(e.fields()[0].field == "lines[0].qty");
}

BOOST_AUTO_TEST_CASE(internal_error_reveals_nothing) {
  const auto e = regal::Error::internal();
  BOOST_TEST(e.code() == "INTERNAL");
  BOOST_TEST(std::string(e.what()) == "An internal error occurred.");
}

BOOST_AUTO_TEST_CASE(unavailable_names_the_dependency) {
  const auto e = regal::Error::unavailable("Redis");
  BOOST_TEST(std::string(e.what()).find("Redis") != std::string::npos);
  BOOST_TEST(static_cast<int>(e.kind()) == static_cast<int>(regal::ErrorKind::kUnavailable));
}

BOOST_AUTO_TEST_SUITE_END()
