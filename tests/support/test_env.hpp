#pragma once
// Access to the services ./scripts/test started for this run. Every variable is required: a
// suite run without them fails loudly instead of passing by skipping.

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <string>

namespace regal::test {

inline std::string env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    BOOST_FAIL(std::string(name) + " is not set: run the suites through ./scripts/test");
  }
  return value;
}

// Stops or starts one of the stack's services ("pg", "redis") through scripts/svc.
inline void service(const std::string& action, const std::string& name) {
  const std::string cmd =
      "\"" + env("REGAL_TEST_SVC") + "\" " + action + " " + name + " >/dev/null 2>&1";
  BOOST_REQUIRE_MESSAGE(std::system(cmd.c_str()) == 0, "scripts/svc " + action + " " + name);
}

// Restarts a service when the scope ends, so a failing assertion never leaves it down.
class ServiceGuard {
 public:
  explicit ServiceGuard(std::string name) : name_(std::move(name)) {}
  ~ServiceGuard() {
    const std::string cmd = "\"" + env("REGAL_TEST_SVC") + "\" start " + name_ + " >/dev/null 2>&1";
    [[maybe_unused]] const int rc = std::system(cmd.c_str());
  }
  ServiceGuard(const ServiceGuard&) = delete;
  ServiceGuard& operator=(const ServiceGuard&) = delete;

 private:
  std::string name_;
};

}  // namespace regal::test
