#include "web/metrics.hpp"

#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(metrics)

BOOST_AUTO_TEST_CASE(counts_requests_by_route_method_and_status) {
  regal::web::Metrics m("7");
  m.observe_request("/api/v1/x/{id}", "GET", 200, 0.003);
  m.observe_request("/api/v1/x/{id}", "GET", 200, 0.2);
  m.observe_request("/api/v1/x/{id}", "GET", 404, 0.001);
  const auto text = m.render();
  BOOST_TEST(text.find("regal_http_requests_total{instance=\"7\",route=\"/api/v1/x/{id}\","
                       "method=\"GET\",status=\"200\"} 2\n") != std::string::npos);
  BOOST_TEST(text.find("status=\"404\"} 1\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(histogram_buckets_are_cumulative) {
  regal::web::Metrics m("1");
  m.observe_request("/r", "GET", 200, 0.003);
  m.observe_request("/r", "GET", 200, 0.2);
  const auto text = m.render();
  const std::string prefix =
      "regal_http_request_duration_seconds_bucket{instance=\"1\",route=\"/r\",method=\"GET\",";
  BOOST_TEST(text.find(prefix + "le=\"0.001\"} 0\n") != std::string::npos);
  BOOST_TEST(text.find(prefix + "le=\"0.005\"} 1\n") != std::string::npos);
  BOOST_TEST(text.find(prefix + "le=\"0.25\"} 2\n") != std::string::npos);
  BOOST_TEST(text.find(prefix + "le=\"+Inf\"} 2\n") != std::string::npos);
  BOOST_TEST(text.find("regal_http_request_duration_seconds_count{instance=\"1\",route=\"/r\","
                       "method=\"GET\"} 2\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(named_counters_render_with_help_and_labels) {
  regal::web::Metrics m("1");
  m.increment("regal_ticket_status_transitions_total", "Ticket transitions.",
              "from=\"OPEN\",to=\"RESOLVED\"");
  m.increment("regal_ticket_status_transitions_total", "Ticket transitions.",
              "from=\"OPEN\",to=\"RESOLVED\"", 2);
  const auto text = m.render();
  BOOST_TEST(text.find("# TYPE regal_ticket_status_transitions_total counter") !=
             std::string::npos);
  BOOST_TEST(text.find("regal_ticket_status_transitions_total{instance=\"1\",from=\"OPEN\","
                       "to=\"RESOLVED\"} 3\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(label_values_are_escaped) {
  regal::web::Metrics m("a\"b");
  BOOST_TEST(m.render().find("instance=\"a\\\"b\"") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
