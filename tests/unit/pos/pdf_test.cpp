// PDFs (lib/src/pos/pdf.cpp, receipt_pdf.cpp) are read back with poppler's pdftotext and pdfinfo
// (Debian poppler-utils), so the tests see what a viewer or a printer would.
#include "regal/pos/pdf.hpp"

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "regal/core/error.hpp"
#include "regal/pos/receipt_pdf.hpp"

using namespace regal::pos;

namespace {

// The bytes in a temporary file for poppler's tools, removed again at the end of scope.
class PdfFile {
 public:
  explicit PdfFile(const std::string& bytes)
      : path_(std::filesystem::temp_directory_path() /
              ("regal-pdf-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++) +
               ".pdf")) {
    std::ofstream(path_, std::ios::binary) << bytes;
  }
  ~PdfFile() { std::filesystem::remove(path_); }
  PdfFile(const PdfFile&) = delete;
  PdfFile& operator=(const PdfFile&) = delete;

  // Standard output of `tool <args> <file> <after>`; fails the test unless it exits with 0.
  std::string run(const std::string& tool, const std::string& args,
                  const std::string& after = "") const {
    const std::string command =
        tool + " " + args + " '" + path_.string() + "' " + after + " 2>/dev/null";
    FILE* pipe = ::popen(command.c_str(), "r");
    BOOST_REQUIRE_MESSAGE(pipe != nullptr, "cannot run " + tool);
    std::string out;
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    const int status = ::pclose(pipe);
    BOOST_REQUIRE_MESSAGE(status == 0, command + " failed (is poppler-utils installed?)");
    return out;
  }
  // The text of pages first..last (0 = from the start / to the end), laid out as on the page.
  std::string text(int first = 0, int last = 0) const {
    std::string args = "-q -layout -enc UTF-8";
    if (first > 0) args += " -f " + std::to_string(first);
    if (last > 0) args += " -l " + std::to_string(last);
    return run("pdftotext", args, "-");
  }
  std::string info() const { return run("pdfinfo", ""); }
  int pages() const {
    const std::string i = info();
    const auto at = i.find("Pages:");
    BOOST_REQUIRE(at != std::string::npos);
    return std::stoi(i.substr(at + 6));
  }
  // Width and height of the first page in points.
  std::pair<double, double> page_size() const {
    const std::string i = info();
    const auto at = i.find("Page size:");
    const auto x = i.find(" x ", at);
    BOOST_REQUIRE(at != std::string::npos && x != std::string::npos);
    return {std::stod(i.substr(at + 10)), std::stod(i.substr(x + 3))};
  }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

void require_pdf_envelope(const std::string& bytes) {
  BOOST_REQUIRE_GT(bytes.size(), 100u);
  BOOST_TEST(bytes.rfind("%PDF-", 0) == 0u);
  const auto eof = bytes.rfind("%%EOF");
  BOOST_REQUIRE(eof != std::string::npos);
  BOOST_TEST(bytes.find_first_not_of("\r\n", eof + 5) == std::string::npos);
}

PdfDocument sales_report(int rows) {
  PdfDocument d;
  d.title = "Sales report — Café Zürich";
  d.subtitle = "November 2026, amounts in €";
  d.footer = "Regal · Bahnhofstraße 1";
  PdfSection summary;
  summary.title = "Summary";
  summary.fields = {{"Branch", "Café Zürich"}, {"Revenue", "12 345.67 €"}};
  PdfTable table;
  table.header = {"SKU", "Product", "Qty", "Revenue"};
  table.right_aligned = {false, false, true, true};
  for (int i = 1; i <= rows; ++i) {
    table.rows.push_back({"SKU-" + std::to_string(i), "Crème brûlée " + std::to_string(i),
                          std::to_string(i), format_money(i * 1001, 2)});
  }
  summary.table = table;
  PdfBarChart chart;
  chart.title = "Revenue by product";
  chart.value_digits = 2;
  chart.bars = {{"Smørrebrød", 123456}, {"Crêpe", 4500}, {"Refunds", -2500}};
  summary.chart = chart;
  d.sections.push_back(summary);
  return d;
}

Sale receipt_sale() {
  Sale s;
  s.number = "ZRH-01-000123";
  SaleLine l;
  l.description = "Crème brûlée with a name far too long for one receipt line";
  l.qty = 2;
  l.unit_price = 1999;
  l.figures = {3998, 400, 0, 2998, 600, 3598};
  s.lines.push_back(l);
  s.taxes.push_back({2000, 2998, 600});
  s.payments.push_back({PaymentMethod::kCash, 4000});
  s.subtotal = 3998;
  s.discount_total = 400;
  s.tax_total = 600;
  s.total = 3598;
  s.paid = 4000;
  s.change = 402;
  return s;
}

ReceiptContext receipt_context() {
  ReceiptContext c;
  c.branch_name = "Café Zürich";
  c.branch_address = "Bahnhofstraße 1";
  c.header = "Grüezi!";
  c.footer = "MWST CHE-123.456.789";
  c.currency = "CHF";
  c.local_time = "2026-11-23 14:05";
  return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pdf_document)

BOOST_AUTO_TEST_CASE(a_long_table_flows_over_pages_with_its_header_and_the_chart_follows) {
  const std::string bytes = render_pdf(sales_report(150));
  require_pdf_envelope(bytes);
  const PdfFile file(bytes);
  const int pages = file.pages();
  BOOST_TEST(pages >= 3);
  const std::string all = file.text();
  BOOST_TEST(contains(all, "Sales report — Café Zürich"));
  BOOST_TEST(contains(all, "November 2026, amounts in €"));
  BOOST_TEST(contains(all, "Crème brûlée 1 "));
  BOOST_TEST(contains(all, "Crème brûlée 150"));
  BOOST_TEST(contains(all, "1501.50"));  // 150 × 1001 minor units
  BOOST_TEST(contains(all, "Smørrebrød"));
  BOOST_TEST(contains(all, "1234.56"));  // a bar's value
  BOOST_TEST(contains(all, "-25.00"));   // a negative bar's value
  BOOST_TEST(contains(all, "Regal · Bahnhofstraße 1"));
  BOOST_TEST(contains(all, "Page " + std::to_string(pages) + " of " + std::to_string(pages)));
  // The header is repeated on a continuation page; the title is not.
  const std::string second = file.text(2, 2);
  BOOST_TEST(contains(second, "Product"));
  BOOST_TEST(contains(second, "Page 2 of " + std::to_string(pages)));
  BOOST_TEST(!contains(second, "Sales report"));
  BOOST_TEST(contains(file.info(), "Sales report — Café Zürich"));  // the document title
}

BOOST_AUTO_TEST_CASE(a_short_document_is_one_a4_page) {
  const PdfFile file(render_pdf(sales_report(3)));
  BOOST_TEST(file.pages() == 1);
  const auto [width, height] = file.page_size();
  BOOST_TEST(width == 595.276, boost::test_tools::tolerance(0.01));  // A4
  BOOST_TEST(height == 841.89, boost::test_tools::tolerance(0.01));
}

BOOST_AUTO_TEST_CASE(empty_and_all_zero_charts_render) {
  PdfDocument d;
  d.title = "Charts";
  PdfSection s;
  s.title = "Nothing sold";
  s.chart = PdfBarChart{"Empty chart", {}, 2};
  d.sections.push_back(s);
  s.title = "Only zeros";
  s.chart = PdfBarChart{"Zero chart", {{"Tea", 0}, {"Coffee", 0}}, 2};
  d.sections.push_back(s);
  s.title = "No table rows";
  s.chart.reset();
  s.table = PdfTable{{"A", "B"}, {}, {}};
  d.sections.push_back(s);
  const std::string bytes = render_pdf(d);
  require_pdf_envelope(bytes);
  const std::string text = PdfFile(bytes).text();
  BOOST_TEST(contains(text, "Empty chart"));
  BOOST_TEST(contains(text, "No data"));
  BOOST_TEST(contains(text, "Zero chart"));
  BOOST_TEST(contains(text, "Coffee"));
  BOOST_TEST(contains(text, "0.00"));
  BOOST_TEST(contains(text, "No table rows"));
}

BOOST_AUTO_TEST_CASE(control_characters_and_broken_utf8_print_as_placeholders) {
  PdfDocument d;
  d.title = std::string("Nul\0byte", 8);
  d.sections.push_back({"Bad \xC3( text \xF0\x9F\x98\x80 end", {{"Tab\there", "x"}}, {}, {}});
  const std::string text = PdfFile(render_pdf(d)).text();
  BOOST_TEST(contains(text, "Nul byte"));
  BOOST_TEST(contains(text, "Bad ?( text ? end"));
  BOOST_TEST(contains(text, "Tab here"));
}

BOOST_AUTO_TEST_CASE(without_the_font_file_latin_text_still_prints_and_the_rest_is_marked) {
  PdfDocument d;
  d.title = "Café 12,50 € Ωmega";
  const PdfFile file(render_pdf(d, {.font_path = "/nonexistent/regal-font.ttf"}));
  BOOST_TEST(contains(file.text(), "Café 12,50 € ?mega"));
}

BOOST_AUTO_TEST_CASE(a_file_that_is_no_font_is_a_missing_font) {
  PdfDocument d;
  d.title = "Crème";
  const PdfFile file(render_pdf(d, {.font_path = "/etc/passwd"}));
  BOOST_TEST(contains(file.text(), "Crème"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(pdf_receipt)

BOOST_AUTO_TEST_CASE(the_receipt_prints_the_stored_sale_on_80_mm_paper) {
  const std::string bytes = receipt_pdf(receipt_sale(), receipt_context(), 0);
  require_pdf_envelope(bytes);
  const PdfFile file(bytes);
  BOOST_TEST(file.pages() == 1);
  const auto [width, height] = file.page_size();
  BOOST_TEST(width == 80 * 72 / 25.4, boost::test_tools::tolerance(0.01));  // 80 mm
  BOOST_TEST(height < 842.0);  // fitted to the content, not a sheet
  const std::string text = file.text();
  for (const char* part :
       {"Café Zürich", "Bahnhofstraße 1", "Grüezi!", "ZRH-01-000123", "2026-11-23 14:05",
        "Crème brûlée", "2 x 19.99", "35.98", "-4.00", "Subtotal", "39.98", "TOTAL CHF",
        "Tax 20.00% of 29.98", "6.00", "Cash", "40.00", "Change", "4.02", "MWST CHE-123.456.789"}) {
    BOOST_TEST(contains(text, part), "missing: " << part);
  }
  BOOST_TEST(!contains(text, "DUPLICATE"));
}

BOOST_AUTO_TEST_CASE(a_reprint_is_marked_duplicate_with_its_count) {
  const std::string text = PdfFile(receipt_pdf(receipt_sale(), receipt_context(), 2)).text();
  BOOST_TEST(contains(text, "DUPLICATE #2"));
  BOOST_TEST(contains(text, "ZRH-01-000123"));
  BOOST_TEST(contains(text, "35.98"));
}

BOOST_AUTO_TEST_CASE(a_long_number_is_never_cut) {
  Sale s = receipt_sale();
  s.number = "PRAGUE-MAIN-STORE-REGISTER-07-000123";
  const std::string text = PdfFile(receipt_pdf(s, receipt_context(), 0)).text();
  BOOST_TEST(contains(text, "No. PRAGUE-MAIN-STORE-REGISTER-07-000123"), text);
  BOOST_TEST(contains(text, "2026-11-23 14:05"));
  s.number = std::string(64, '7');  // the longest a number format allows
  BOOST_TEST(contains(PdfFile(receipt_pdf(s, receipt_context(), 0)).text(), s.number));
}

BOOST_AUTO_TEST_CASE(a_long_receipt_grows_taller_not_onto_a_second_page) {
  Sale s = receipt_sale();
  for (int i = 0; i < 80; ++i) s.lines.push_back(s.lines.front());
  const PdfFile file(receipt_pdf(s, receipt_context(), 0));
  BOOST_TEST(file.pages() == 1);
  BOOST_TEST(file.page_size().second > 2000.0);  // points: far longer than A4
}

BOOST_AUTO_TEST_CASE(a_receipt_beyond_the_longest_pdf_page_continues_on_a_second_one) {
  Sale s = receipt_sale();
  for (int i = 0; i < 600; ++i) s.lines.push_back(s.lines.front());
  const PdfFile file(receipt_pdf(s, receipt_context(), 0));
  BOOST_TEST(file.pages() == 2);
  BOOST_TEST(contains(file.text(2, 2), "TOTAL CHF"));
}

BOOST_AUTO_TEST_CASE(a_void_sale_says_so) {
  Sale s = receipt_sale();
  s.status = "void";
  BOOST_TEST(contains(PdfFile(receipt_pdf(s, receipt_context(), 0)).text(), "VOID"));
}

BOOST_AUTO_TEST_SUITE_END()
