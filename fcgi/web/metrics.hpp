#pragma once
// Process-local metrics in Prometheus text format (exposition 0.0.4).
//
// Each responder process keeps its own series and labels them with instance="…" (REGAL_INSTANCE);
// Prometheus scrapes each responder, or sums over instances. Thread-safe.

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace regal::web {

class Metrics {
 public:
  explicit Metrics(std::string instance);

  // One finished HTTP request: counts by route pattern, method and status; latency histogram
  // by route pattern and method.
  void observe_request(std::string_view route, std::string_view method, int status, double seconds);

  // A named counter with one label set, e.g. ("regal_ticket_status_transitions_total",
  // "from=\"OPEN\",to=\"RESOLVED\""). `help` is kept from the first call.
  void increment(std::string_view family, std::string_view help, std::string_view labels,
                 std::int64_t by = 1);

  std::string render() const;

  static constexpr std::array<double, 12> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1.0,  2.5,   5.0};

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  struct CounterFamily {
    std::string help;
    std::map<std::string, std::int64_t> series;  // labels text → value
  };

  std::string instance_;
  double start_time_seconds_;
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
  std::map<std::pair<std::string, std::string>, Histogram> latency_;
  std::map<std::string, CounterFamily, std::less<>> counters_;
};

}  // namespace regal::web
