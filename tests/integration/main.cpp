#define BOOST_TEST_MODULE regal_integration
#include <boost/test/unit_test.hpp>
