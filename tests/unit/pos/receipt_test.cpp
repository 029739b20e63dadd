#include <boost/test/unit_test.hpp>

#include "regal/core/text.hpp"
#include "regal/pos/sale.hpp"

using namespace regal::pos;

namespace {

Sale one_line_sale(const std::string& number) {
  Sale s;
  s.number = number;
  SaleLine l;
  l.description = "Crème brûlée with a name far too long for one receipt line";
  l.qty = 2;
  l.unit_price = 1999;
  l.figures.total = 3998;
  l.figures.tax = 666;
  l.figures.net = 3332;
  s.lines.push_back(l);
  s.taxes.push_back({2000, 3332, 666});
  s.payments.push_back({PaymentMethod::kCash, 4000});
  s.total = 3998;
  s.change = 2;
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(receipt)

BOOST_AUTO_TEST_CASE(money_is_printed_with_the_currency_digits) {
  BOOST_TEST(format_money(12345, 2) == "123.45");
  BOOST_TEST(format_money(5, 2) == "0.05");
  BOOST_TEST(format_money(-5, 2) == "-0.05");
  BOOST_TEST(format_money(1234, 0) == "1234");
  BOOST_TEST(format_money(7, 3) == "0.007");
  BOOST_TEST(format_money(INT64_MIN, 2) == "-92233720368547758.08");
}

BOOST_AUTO_TEST_CASE(every_line_fits_42_columns_and_nothing_is_cut_that_matters) {
  ReceiptContext c;
  c.branch_name = "Prague 1";
  c.header = "Thank you\nfor shopping";
  c.footer = "VAT no. CZ123";
  c.currency = "CZK";
  c.local_time = "2026-11-23 14:05";
  const std::string number = "PRAGUE-MAIN-STORE-REGISTER-07-000123";
  const std::string text = format_receipt_text(one_line_sale(number), c, 0);
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    BOOST_TEST(regal::code_points(text.substr(start, end - start)) <= 42u);
    start = end + 1;
  }
  BOOST_TEST(text.find(number) != std::string::npos);
  BOOST_TEST(text.find("39.98") != std::string::npos);
  BOOST_TEST(text.find("2026-11-23 14:05") != std::string::npos);
  BOOST_TEST(text.find("Thank you") != std::string::npos);
  BOOST_TEST(text.find("DUPLICATE") == std::string::npos);
  BOOST_TEST(format_receipt_text(one_line_sale(number), c, 3).find("DUPLICATE #3") !=
             std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
