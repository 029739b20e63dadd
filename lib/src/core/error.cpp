#include "regal/core/error.hpp"

#include <utility>

namespace regal {

Error::Error(ErrorKind kind, std::string code, const std::string& message,
             std::vector<FieldError> fields)
    : std::runtime_error(message),
      kind_(kind),
      code_(std::move(code)),
      fields_(std::move(fields)) {}

Error Error::validation(std::vector<FieldError> fields) {
  return Error(ErrorKind::kInvalid, "VALIDATION_FAILED", "The request has invalid fields.",
               std::move(fields));
}

Error Error::invalid(std::string code, const std::string& message) {
  return Error(ErrorKind::kInvalid, std::move(code), message);
}

Error Error::not_found(const std::string& what) {
  return Error(ErrorKind::kNotFound, "NOT_FOUND", what + " was not found.");
}

Error Error::conflict(std::string code, const std::string& message) {
  return Error(ErrorKind::kConflict, std::move(code), message);
}

Error Error::unavailable(const std::string& dependency) {
  return Error(ErrorKind::kUnavailable, "DEPENDENCY_UNAVAILABLE",
               "A required service is unavailable: " + dependency + ".");
}

Error Error::internal() {
  return Error(ErrorKind::kInternal, "INTERNAL", "An internal error occurred.");
}

}  // namespace regal
