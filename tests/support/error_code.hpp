#pragma once
// The regal::Error code `fn` throws, "(none)" when it returns normally (other exceptions
// propagate and fail the test case).

#include <functional>
#include <string>

#include "regal/core/error.hpp"

namespace regal::test {

inline std::string code_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const regal::Error& e) {
    return e.code();
  }
  return "(none)";
}

}  // namespace regal::test
