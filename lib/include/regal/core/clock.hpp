#pragma once
// Time in Regal: UTC, epoch milliseconds in code and storage, RFC 3339 with milliseconds on the
// wire. Services take a Clock so tests can pin time.

#include <cstdint>
#include <string>

namespace regal {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch, UTC.
  virtual std::int64_t now_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::int64_t now_ms() const override;
};

// "2026-11-23T08:57:43.123Z"
std::string format_rfc3339_ms(std::int64_t epoch_ms);

// Monotonic clock in nanoseconds, for durations only.
std::int64_t monotonic_ns();

}  // namespace regal
