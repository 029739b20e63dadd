#define BOOST_TEST_MODULE regal_unit
#include <boost/test/unit_test.hpp>
