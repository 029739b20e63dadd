#define BOOST_TEST_MODULE regal_e2e
#include <boost/test/unit_test.hpp>
