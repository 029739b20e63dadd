#include "web/metrics.hpp"

#include <chrono>
#include <cstdio>

namespace regal::web {
namespace {

// Prometheus label values escape exactly backslash, double quote and newline.
std::string label(std::string_view name, std::string_view value) {
  std::string out(name);
  out += "=\"";
  for (const char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

Metrics::Metrics(std::string instance)
    : instance_(std::move(instance)),
      start_time_seconds_(
          std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
              .count()) {}

void Metrics::observe_request(std::string_view route, std::string_view method, int status,
                              double seconds) {
  const std::lock_guard lock(mutex_);
  ++requests_[{std::string(route), std::string(method), status}];
  auto& h = latency_[{std::string(route), std::string(method)}];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::increment(std::string_view family, std::string_view help, std::string_view labels,
                        std::int64_t by) {
  const std::lock_guard lock(mutex_);
  auto it = counters_.find(family);
  if (it == counters_.end()) {
    it = counters_.emplace(std::string(family), CounterFamily{std::string(help), {}}).first;
  }
  it->second.series[std::string(labels)] += by;
}

std::string Metrics::render() const {
  const std::string inst = label("instance", instance_);
  std::string out;
  out.reserve(4096);
  out += "# HELP regal_process_start_time_seconds Start time of the responder process.\n";
  out += "# TYPE regal_process_start_time_seconds gauge\n";
  out += "regal_process_start_time_seconds{" + inst + "} " + number(start_time_seconds_) + "\n";

  const std::lock_guard lock(mutex_);
  out += "# HELP regal_http_requests_total HTTP requests by route pattern, method and status.\n";
  out += "# TYPE regal_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [route, method, status] = key;
    out += "regal_http_requests_total{" + inst + "," + label("route", route) + "," +
           label("method", method) + "," + label("status", std::to_string(status)) + "} " +
           std::to_string(count) + "\n";
  }
  out += "# HELP regal_http_request_duration_seconds Request latency inside the responder.\n";
  out += "# TYPE regal_http_request_duration_seconds histogram\n";
  for (const auto& [key, h] : latency_) {
    const std::string labels =
        inst + "," + label("route", key.first) + "," + label("method", key.second);
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      out += "regal_http_request_duration_seconds_bucket{" + labels + ",le=\"" +
             number(kBuckets[i]) + "\"} " + std::to_string(h.buckets[i]) + "\n";
    }
    out += "regal_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " +
           std::to_string(h.count) + "\n";
    out += "regal_http_request_duration_seconds_sum{" + labels + "} " + number(h.sum) + "\n";
    out += "regal_http_request_duration_seconds_count{" + labels + "} " + std::to_string(h.count) +
           "\n";
  }
  for (const auto& [family, counter] : counters_) {
    out += "# HELP " + family + " " + counter.help + "\n# TYPE " + family + " counter\n";
    for (const auto& [labels, value] : counter.series) {
      out += family + "{" + inst + (labels.empty() ? "" : ",") + labels + "} " +
             std::to_string(value) + "\n";
    }
  }
  return out;
}

}  // namespace regal::web
