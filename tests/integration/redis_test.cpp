#include <boost/test/unit_test.hpp>

#include "regal/cache/redis/redis_client.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "support/test_env.hpp"

using regal::redis::RedisClient;
using regal::redis::Reply;

namespace {

struct Fixture {
  RedisClient redis{{.url = regal::test::env("REDIS_URL"), .pool_size = 4}};
  std::string key = "it:" + regal::random_hex(8);
  ~Fixture() {
    try {
      redis.command({"DEL", key});
    } catch (...) {
    }
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(redis, Fixture)

BOOST_AUTO_TEST_CASE(ping_answers) { BOOST_CHECK_NO_THROW(redis.ping()); }

BOOST_AUTO_TEST_CASE(set_nx_with_expiry_sets_once) {
  const Reply first = redis.command({"SET", key, "v1", "NX", "EX", "60"});
  BOOST_TEST(first.text == "OK");
  const Reply second = redis.command({"SET", key, "v2", "NX", "EX", "60"});
  BOOST_TEST(second.is_nil());
  BOOST_TEST(redis.command({"GET", key}).text == "v1");
  const Reply ttl = redis.command({"TTL", key});
  BOOST_TEST(ttl.integer > 0);
  BOOST_TEST(ttl.integer <= 60);
}

BOOST_AUTO_TEST_CASE(integer_array_and_nil_replies_map) {
  BOOST_TEST(redis.command({"INCRBY", key, "5"}).integer == 5);
  BOOST_TEST(redis.command({"GET", key + ":none"}).is_nil());
  const Reply arr = redis.command({"MGET", key, key + ":none"});
  BOOST_REQUIRE(arr.type == Reply::Type::kArray);
  BOOST_REQUIRE_EQUAL(arr.elements.size(), 2u);
  BOOST_TEST(arr.elements[0].text == "5");
  BOOST_TEST(arr.elements[1].is_nil());
}

BOOST_AUTO_TEST_CASE(error_replies_are_returned_not_thrown) {
  redis.command({"SET", key, "text"});
  const Reply r = redis.command({"INCR", key});
  BOOST_TEST(r.is_error());
  BOOST_TEST(r.text.find("not an integer") != std::string::npos);
  BOOST_CHECK_NO_THROW(redis.ping());  // the connection is still good
}

BOOST_AUTO_TEST_CASE(reconnects_after_redis_restarts) {
  for (int i = 0; i < 4; ++i) redis.ping();
  regal::test::service("stop", "redis");
  {
    regal::test::ServiceGuard guard("redis");
    try {
      redis.ping();
      BOOST_FAIL("ping succeeded with Redis stopped");
    } catch (const regal::Error& e) {
      BOOST_TEST(e.code() == "DEPENDENCY_UNAVAILABLE");
    }
    regal::test::service("start", "redis");
  }
  for (int i = 0; i < 10; ++i) BOOST_CHECK_NO_THROW(redis.ping());
}

BOOST_AUTO_TEST_SUITE_END()
