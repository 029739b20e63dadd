#include "regal/core/log.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include "regal/core/error.hpp"

namespace {

// Captures what a Logger writes to a pipe.
std::string capture(const std::function<void(const regal::Logger&)>& body,
                    regal::LogLevel level = regal::LogLevel::kInfo) {
  int fds[2];
  BOOST_REQUIRE(::pipe(fds) == 0);
  {
    const regal::Logger log(level, fds[1]);
    body(log);
  }
  ::close(fds[1]);
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fds[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  ::close(fds[0]);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(logger)

BOOST_AUTO_TEST_CASE(writes_one_parsable_json_object_per_line) {
  const auto out = capture([](const regal::Logger& log) {
    log.info("request",
             {{"route", "/a/\"b\"\n"}, {"status", 200}, {"ok", true}, {"duration_ms", 1.5}});
  });
  BOOST_REQUIRE(!out.empty());
  BOOST_TEST(out.back() == '\n');
  BOOST_TEST(out.find('\n') == out.size() - 1);
  Poco::JSON::Parser parser;
  const auto obj = parser.parse(out).extract<Poco::JSON::Object::Ptr>();
  BOOST_TEST(obj->getValue<std::string>("event") == "request");
  BOOST_TEST(obj->getValue<std::string>("level") == "info");
  BOOST_TEST(obj->getValue<std::string>("route") == "/a/\"b\"\n");
  BOOST_TEST(obj->getValue<int>("status") == 200);
  BOOST_TEST(obj->getValue<bool>("ok"));
  BOOST_TEST(obj->getValue<std::string>("ts").size() == 24u);
}

BOOST_AUTO_TEST_CASE(drops_lines_below_the_minimum_level) {
  const auto out = capture(
      [](const regal::Logger& log) {
        log.info("hidden");
        log.warn("shown");
      },
      regal::LogLevel::kWarn);
  BOOST_TEST(out.find("hidden") == std::string::npos);
  BOOST_TEST(out.find("shown") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(parse_level_rejects_unknown_names) {
  BOOST_TEST(static_cast<int>(regal::Logger::parse_level("error")) ==
             static_cast<int>(regal::LogLevel::kError));
  BOOST_CHECK_THROW(regal::Logger::parse_level("verbose"), regal::Error);
}

BOOST_AUTO_TEST_SUITE_END()
