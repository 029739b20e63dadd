#pragma once
// regal::Error — the one error type services throw for anything a caller can act on.
//
// Each error has a stable machine code (UPPER_SNAKE, documented in docs/ERRORS.md), a human
// message that never contains secrets or raw driver text, an ErrorKind that transports map to
// their own status (HTTP in fcgi/, dialogs in the desktop client) and optional field errors.
// Anything that is not a regal::Error reaching a transport is a bug and is reported as INTERNAL.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace regal {

enum class ErrorKind {
  kInvalid,             // the request is malformed or fails validation
  kUnauthenticated,     // no or bad credentials
  kForbidden,           // authenticated, but not allowed
  kNotFound,            // absent, or outside the caller's scope
  kMethodNotAllowed,    // the resource exists but not with this method
  kConflict,            // state conflict: duplicate, invalid transition, insufficient stock
  kPreconditionFailed,  // version mismatch (optimistic locking)
  kPayloadTooLarge,     // body over the configured limit
  kUnsupportedMediaType,
  kUnprocessable,  // e.g. idempotency key reused with another body
  kRateLimited,
  kUnavailable,  // a dependency (database, cache) cannot be reached
  kInternal,     // a bug; never carries details to the client
};

struct FieldError {
  std::string field;    // JSON path, e.g. "lines[0].qty"
  std::string code;     // snake_case rule name, e.g. "must_be_positive"
  std::string message;  // human text
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string code, const std::string& message,
        std::vector<FieldError> fields = {});

  ErrorKind kind() const noexcept { return kind_; }
  const std::string& code() const noexcept { return code_; }
  const std::vector<FieldError>& fields() const noexcept { return fields_; }
  // For kRateLimited: seconds the client should wait (sent as Retry-After); 0 = unspecified.
  std::int64_t retry_after_s() const noexcept { return retry_after_s_; }
  Error& with_retry_after(std::int64_t seconds) noexcept {
    retry_after_s_ = seconds;
    return *this;
  }

  // Factories for the common cases; the code argument is the stable machine code.
  static Error validation(std::vector<FieldError> fields);
  static Error invalid(std::string code, const std::string& message);
  static Error not_found(const std::string& what);
  static Error conflict(std::string code, const std::string& message);
  static Error unavailable(const std::string& dependency);
  static Error internal();

 private:
  ErrorKind kind_;
  std::string code_;
  std::vector<FieldError> fields_;
  std::int64_t retry_after_s_ = 0;
};

}  // namespace regal
