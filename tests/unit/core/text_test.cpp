#include "regal/core/text.hpp"

#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(text)

BOOST_AUTO_TEST_CASE(code_points_count_characters_not_bytes) {
  BOOST_TEST(regal::code_points("") == 0u);
  BOOST_TEST(regal::code_points("abc") == 3u);
  BOOST_TEST(regal::code_points("Zoë Šťastná") == 11u);
  BOOST_TEST(regal::code_points("日本") == 2u);
  BOOST_TEST(regal::code_points("🙂") == 1u);
}

BOOST_AUTO_TEST_CASE(control_characters_are_found_with_layout_optionally_allowed) {
  BOOST_TEST(!regal::has_control_chars("plain text – ünïcode"));
  BOOST_TEST(regal::has_control_chars(std::string_view("a\0b", 3)));
  BOOST_TEST(regal::has_control_chars("a\x7f"));
  BOOST_TEST(regal::has_control_chars("line\nbreak"));
  BOOST_TEST(!regal::has_control_chars("line\nbreak\ttab\r", true));
  BOOST_TEST(regal::has_control_chars(std::string_view("a\0b", 3), true));
}

BOOST_AUTO_TEST_CASE(blank_means_empty_or_whitespace_only) {
  BOOST_TEST(regal::is_blank(""));
  BOOST_TEST(regal::is_blank(" \t\n "));
  BOOST_TEST(!regal::is_blank(" a "));
}

BOOST_AUTO_TEST_CASE(driver_messages_lose_values_but_keep_identifiers) {
  BOOST_TEST(regal::redact_driver_message(
                 "[PostgreSQL]: ERROR:  duplicate key value violates unique constraint "
                 "\"users_email_key\"\nDETAIL:  Key (lower(email))=(ann@example.com) already "
                 "exists.") ==
             "[PostgreSQL]: ERROR:  duplicate key value violates unique constraint "
             "\"users_email_key\"");
  const std::string redacted =
      regal::redact_driver_message("ERROR: invalid input syntax for type uuid: \"s3cret-value\"");
  BOOST_TEST(redacted == "ERROR: invalid input syntax for type uuid: \"…\"");
  BOOST_TEST(regal::redact_driver_message("value 'hunter2' rejected DETAIL: more") ==
             "value '…' rejected");
  BOOST_TEST(regal::redact_driver_message("unterminated \"tail") == "unterminated …");
  BOOST_TEST(regal::redact_driver_message(std::string(1000, 'x')).size() == 300u);
}

BOOST_AUTO_TEST_SUITE_END()
