// Specification of lib/src/pos/sale_calculator.cpp (docs/MONEY.md): hand-checked examples first,
// then properties over random baskets. Each basket comes from its own seed, printed when a check
// fails; REGAL_TEST_SEED=<n> changes the first seed (the default run is deterministic).
#include "regal/pos/sale_calculator.hpp"

#include <algorithm>
#include <array>
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "regal/core/error.hpp"

using namespace regal::pos;

namespace {

__extension__ using i128 = __int128;  // exact products in the checks

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr int kBaskets = 3000;

using Amounts = std::vector<std::int64_t>;
using LineAmounts = std::array<std::int64_t, 6>;  // gross … total, as in LineFigures

// Property checks run millions of times: they reach Boost.Test (which re-evaluates the pure
// expression to print its operands) only when they fail.
#define PROPERTY(...)                            \
  do {                                           \
    if (!(__VA_ARGS__)) BOOST_TEST(__VA_ARGS__); \
  } while (false)
#define PROPERTY_REQUIRE(...)                            \
  do {                                                   \
    if (!(__VA_ARGS__)) BOOST_TEST_REQUIRE(__VA_ARGS__); \
  } while (false)

LineAmounts amounts(const LineFigures& f) {
  return {f.gross, f.line_discount, f.order_discount, f.net, f.tax, f.total};
}

LineInput line(std::int64_t qty, std::int64_t price, std::int64_t rate = 0, bool inclusive = true,
               std::int64_t discount_bp = 0) {
  return {qty, price, discount_bp, rate, inclusive};
}

OrderDiscount percent(std::int64_t bp) { return {bp, std::nullopt}; }
OrderDiscount fixed(std::int64_t amount) { return {std::nullopt, amount}; }

// "field:code" of every field error a call throws, or "CODE" for an error without fields.
template <typename F>
std::vector<std::string> failure(F&& call) {
  try {
    call();
  } catch (const regal::Error& e) {
    BOOST_TEST((e.kind() == regal::ErrorKind::kInvalid));
    if (e.fields().empty()) return {e.code()};
    BOOST_TEST(e.code() == "VALIDATION_FAILED");
    std::vector<std::string> out;
    for (const auto& f : e.fields()) out.push_back(f.field + ":" + f.code);
    return out;
  }
  return {"no error"};
}

std::uint64_t first_seed() {
  const char* env = std::getenv("REGAL_TEST_SEED");
  return env != nullptr ? std::strtoull(env, nullptr, 10) : 20240601;
}

std::int64_t uniform(std::mt19937_64& rng, std::int64_t lo, std::int64_t hi) {
  return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
}

bool one_in(std::mt19937_64& rng, int n) { return uniform(rng, 1, n) == 1; }

std::int64_t random_bp(std::mt19937_64& rng) {
  static constexpr std::int64_t kCommon[] = {0, 500, 700, 1000, 1750, 2000, 2500, 10000};
  return one_in(rng, 2) ? kCommon[uniform(rng, 0, 7)] : uniform(rng, 0, 10000);
}

struct Basket {
  std::vector<LineInput> lines;
  OrderDiscount discount;
};

// Everyday baskets mostly, with free items, 100 % discounts, odd rates and the odd huge amount.
Basket random_basket(std::mt19937_64& rng) {
  Basket b;
  const bool huge = one_in(rng, 10);
  const auto count = uniform(rng, 1, one_in(rng, 5) ? 40 : 6);
  for (std::int64_t i = 0; i < count; ++i) {
    LineInput l;
    l.qty = one_in(rng, 3) ? 1 : uniform(rng, 1, huge ? 100000 : 24);
    l.unit_price = one_in(rng, 15) ? 0 : uniform(rng, 1, huge ? 1'000'000'000'000 : 25000);
    l.discount_bp = one_in(rng, 2) ? 0 : random_bp(rng);
    l.tax_rate_bp = random_bp(rng);
    l.tax_inclusive = one_in(rng, 2);
    b.lines.push_back(l);
  }
  const auto kind = uniform(rng, 0, 2);
  if (kind == 1) b.discount.percent_bp = random_bp(rng);
  if (kind == 2) {
    const SaleFigures plain = calculate_sale(b.lines, {});
    const std::int64_t net = plain.subtotal - plain.discount_total;
    b.discount.amount = one_in(rng, 5) ? net : uniform(rng, 0, net);
  }
  return b;
}

struct Sample {
  std::uint64_t seed;
  Basket basket;
  SaleFigures figures;
};

// The random baskets and their figures, drawn once and shared by every property.
const std::vector<Sample>& samples() {
  static const std::vector<Sample> all = [] {
    std::vector<Sample> out;
    const std::uint64_t first = first_seed();
    for (int i = 0; i < kBaskets; ++i) {
      const std::uint64_t seed = first + static_cast<std::uint64_t>(i);
      BOOST_TEST_CONTEXT("seed " << seed) {
        std::mt19937_64 rng(seed);
        Basket b = random_basket(rng);
        SaleFigures f = calculate_sale(b.lines, b.discount);
        out.push_back({seed, std::move(b), std::move(f)});
      }
    }
    return out;
  }();
  return all;
}

// Runs `check` over every sample, with a generator of its own for whatever the check draws.
template <typename Check>
void for_random_baskets(Check&& check) {
  for (const Sample& sample : samples()) {
    BOOST_TEST_CONTEXT("seed " << sample.seed) {
      std::mt19937_64 rng(sample.seed ^ 0x9e3779b97f4a7c15ULL);
      check(sample.basket, sample.figures, rng);
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sale_calculator)

// --- rounding ------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(mul_div_rounds_half_to_even_both_ways_and_only_at_half) {
  BOOST_TEST(mul_div_half_even(5, 1, 2) == 2);    // 2.5 → 2
  BOOST_TEST(mul_div_half_even(7, 1, 2) == 4);    // 3.5 → 4
  BOOST_TEST(mul_div_half_even(-5, 1, 2) == -2);  // symmetric about zero
  BOOST_TEST(mul_div_half_even(-7, 1, 2) == -4);
  BOOST_TEST(mul_div_half_even(1, 1, 3) == 0);                // 0.33 → 0
  BOOST_TEST(mul_div_half_even(2, 1, 3) == 1);                // 0.67 → 1
  BOOST_TEST(mul_div_half_even(10001, 5001, 10000) == 5002);  // 5001.5001 → 5002: not a tie
}

BOOST_AUTO_TEST_CASE(mul_div_is_exact_in_128_bits_and_refuses_what_int64_cannot_hold) {
  BOOST_TEST(mul_div_half_even(kMax, kMax, kMax) == kMax);
  BOOST_TEST(mul_div_half_even(kMax, 10000, 10000) == kMax);
  BOOST_CHECK_THROW(mul_div_half_even(kMax, 2, 1), std::overflow_error);
  BOOST_CHECK_THROW(mul_div_half_even(1, 1, 0), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(line_discount_rounds_half_even) {
  const auto s = calculate_sale({line(1, 5, 0, true, 1000), line(1, 15, 0, true, 1000)}, {});
  BOOST_TEST(s.lines[0].line_discount == 0);  // 0.5 → 0
  BOOST_TEST(s.lines[1].line_discount == 2);  // 1.5 → 2
}

BOOST_AUTO_TEST_CASE(exclusive_tax_rounds_half_even) {
  // 5 % of 1050 is 52.5 and of 1150 is 57.5.
  const auto s = calculate_sale({line(1, 1050, 500, false), line(1, 1150, 500, false)}, {});
  BOOST_TEST(amounts(s.lines[0]) == (Amounts{1050, 0, 0, 1050, 52, 1102}),
             boost::test_tools::per_element());
  BOOST_TEST(amounts(s.lines[1]) == (Amounts{1150, 0, 0, 1150, 58, 1208}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(inclusive_tax_is_extracted_and_rounds_half_even) {
  // At 100 % the tax in an inclusive amount is half of it: 2.5 → 2, 3.5 → 4.
  const auto s = calculate_sale({line(1, 5, 10000), line(1, 7, 10000)}, {});
  BOOST_TEST(amounts(s.lines[0]) == (Amounts{5, 0, 0, 3, 2, 5}), boost::test_tools::per_element());
  BOOST_TEST(amounts(s.lines[1]) == (Amounts{7, 0, 0, 3, 4, 7}), boost::test_tools::per_element());
}

// --- the worked examples of docs/MONEY.md ------------------------------------------------------

BOOST_AUTO_TEST_CASE(inclusive_example_of_the_money_doc) {
  const auto s = calculate_sale({line(3, 199, 1750), line(1, 1000, 700, true, 500)}, {});
  BOOST_TEST(amounts(s.lines[0]) == (Amounts{597, 0, 0, 508, 89, 597}),
             boost::test_tools::per_element());
  BOOST_TEST(amounts(s.lines[1]) == (Amounts{1000, 50, 0, 888, 62, 950}),
             boost::test_tools::per_element());
  BOOST_TEST((Amounts{s.subtotal, s.discount_total, s.tax_total, s.total}) ==
                 (Amounts{1597, 50, 151, 1547}),
             boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(s.taxes.size() == 2U);
  BOOST_TEST(
      (Amounts{s.taxes[0].rate_bp, s.taxes[0].taxable, s.taxes[0].tax}) == (Amounts{700, 888, 62}),
      boost::test_tools::per_element());
  BOOST_TEST(
      (Amounts{s.taxes[1].rate_bp, s.taxes[1].taxable, s.taxes[1].tax}) == (Amounts{1750, 508, 89}),
      boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(exclusive_example_with_an_order_discount_of_the_money_doc) {
  const auto s = calculate_sale(
      {line(2, 1250, 2000, false), line(1, 999, 2000, false, 1000), line(3, 333, 500, false)},
      percent(1000));
  BOOST_TEST(amounts(s.lines[0]) == (Amounts{2500, 0, 250, 2250, 450, 2700}),
             boost::test_tools::per_element());
  BOOST_TEST(amounts(s.lines[1]) == (Amounts{999, 100, 90, 809, 162, 971}),
             boost::test_tools::per_element());
  BOOST_TEST(amounts(s.lines[2]) == (Amounts{999, 0, 100, 899, 45, 944}),
             boost::test_tools::per_element());
  BOOST_TEST((Amounts{s.subtotal, s.discount_total, s.tax_total, s.total}) ==
                 (Amounts{4498, 540, 657, 4615}),
             boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(s.taxes.size() == 2U);
  BOOST_TEST(
      (Amounts{s.taxes[0].rate_bp, s.taxes[0].taxable, s.taxes[0].tax}) == (Amounts{500, 899, 45}),
      boost::test_tools::per_element());
  BOOST_TEST((Amounts{s.taxes[1].rate_bp, s.taxes[1].taxable, s.taxes[1].tax}) ==
                 (Amounts{2000, 3059, 612}),
             boost::test_tools::per_element());
}

// --- order discount spread -------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(order_discount_leftover_goes_to_the_largest_remainders_ties_to_the_earlier) {
  const auto shares = [](const std::vector<LineInput>& lines, const OrderDiscount& d) {
    Amounts out;
    for (const auto& l : calculate_sale(lines, d).lines) out.push_back(l.order_discount);
    return out;
  };
  BOOST_TEST(shares({line(1, 100), line(1, 100)}, fixed(1)) == (Amounts{1, 0}),
             boost::test_tools::per_element());
  BOOST_TEST(
      shares({line(1, 100), line(1, 100), line(1, 100)}, fixed(200)) == (Amounts{67, 67, 66}),
      boost::test_tools::per_element());
  // 10 × 100/350 = 2.857 and 10 × 250/350 = 7.143: the larger remainder is the first line's.
  BOOST_TEST(shares({line(1, 100), line(1, 250)}, fixed(10)) == (Amounts{3, 7}),
             boost::test_tools::per_element());
  // A free line takes no share; the whole net may be discounted.
  BOOST_TEST(shares({line(1, 0), line(2, 50)}, fixed(100)) == (Amounts{0, 100}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_percent_order_discount_is_of_the_net_rounded_half_even) {
  // 5 % of 250 is 12.5 → 12; of 270 is 13.5 → 14.
  BOOST_TEST(calculate_sale({line(1, 250)}, percent(500)).discount_total == 12);
  BOOST_TEST(calculate_sale({line(1, 300, 0, true, 1000)}, percent(500)).discount_total == 30 + 14);
  const auto free = calculate_sale({line(3, 0)}, percent(10000));
  BOOST_TEST((Amounts{free.subtotal, free.discount_total, free.total} == Amounts{0, 0, 0}));
}

// --- validation ----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_sale_needs_lines) {
  BOOST_TEST(failure([] { calculate_sale({}, {}); }) == std::vector<std::string>{"lines:required"});
}

BOOST_AUTO_TEST_CASE(every_bad_line_field_is_named) {
  const auto got = failure([] {
    calculate_sale({line(1, 100), line(0, -1, -1, true, 10001), line(1, 1, 10001)}, {});
  });
  BOOST_TEST(got == (std::vector<std::string>{
                        "lines[1].qty:must_be_positive", "lines[1].unit_price:out_of_range",
                        "lines[1].discount:out_of_range", "lines[1].tax_rate:out_of_range",
                        "lines[2].tax_rate:out_of_range"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_line_beyond_int64_is_out_of_range_and_so_is_a_basket) {
  BOOST_TEST(failure([] {
               calculate_sale({line(1, 1), line(2, kMax / 2 + 1)}, {});
             }) == std::vector<std::string>{"lines[1].qty:out_of_range"});
  BOOST_TEST(failure([] {
               calculate_sale({line(1, kMax), line(1, 1)}, {});
             }) == std::vector<std::string>{"lines:out_of_range"});
  BOOST_TEST(failure([] { calculate_sale({line(1, kMax - 10, 100, false)}, {}); }) ==
             std::vector<std::string>{"lines:out_of_range"});
  BOOST_TEST(calculate_sale({line(1, kMax, 10000)}, {}).total == kMax);
}

BOOST_AUTO_TEST_CASE(order_discount_is_percent_or_amount_within_the_net) {
  const std::vector<LineInput> lines{line(2, 100, 0, true, 5000)};  // net 100
  BOOST_TEST(failure([&] {
               calculate_sale(lines, {1000, 10});
             }) == std::vector<std::string>{"discount:conflict"});
  BOOST_TEST(failure([&] { calculate_sale(lines, percent(10001)); }) ==
             std::vector<std::string>{"discount.percent_bp:out_of_range"});
  BOOST_TEST(failure([&] { calculate_sale(lines, percent(-1)); }) ==
             std::vector<std::string>{"discount.percent_bp:out_of_range"});
  BOOST_TEST(failure([&] { calculate_sale(lines, fixed(-1)); }) ==
             std::vector<std::string>{"discount.amount:out_of_range"});
  BOOST_TEST(failure([&] { calculate_sale(lines, fixed(101)); }) ==
             std::vector<std::string>{"discount.amount:out_of_range"});
  BOOST_TEST(calculate_sale(lines, fixed(100)).total == 0);
}

// --- payments ------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(cash_may_be_over_tendered_and_gives_change) {
  const auto p = settle_payments(1000, {{PaymentMethod::kCard, 900}, {PaymentMethod::kCash, 200}});
  BOOST_TEST((Amounts{p.paid, p.change} == Amounts{1100, 100}));
  const auto exact = settle_payments(1000, {{PaymentMethod::kOnAccount, 1000}});
  BOOST_TEST((Amounts{exact.paid, exact.change} == Amounts{1000, 0}));
  const auto nothing_due = settle_payments(0, {});
  BOOST_TEST((Amounts{nothing_due.paid, nothing_due.change} == Amounts{0, 0}));
}

BOOST_AUTO_TEST_CASE(payments_short_of_the_total_are_refused) {
  BOOST_TEST(failure([] {
               settle_payments(1000, {{PaymentMethod::kCard, 500}, {PaymentMethod::kCash, 499}});
             }) == std::vector<std::string>{"INSUFFICIENT_PAYMENT"});
  BOOST_TEST(failure([] { settle_payments(1, {}); }) ==
             std::vector<std::string>{"INSUFFICIENT_PAYMENT"});
}

BOOST_AUTO_TEST_CASE(change_never_exceeds_the_cash_given) {
  BOOST_TEST(failure([] {
               settle_payments(1000, {{PaymentMethod::kCard, 1001}});
             }) == std::vector<std::string>{"CHANGE_WITHOUT_CASH"});
  // Change of 150 out of 50 cash: the card was over-tendered too.
  BOOST_TEST(failure([] {
               settle_payments(1000, {{PaymentMethod::kCard, 1100}, {PaymentMethod::kCash, 50}});
             }) == std::vector<std::string>{"CHANGE_WITHOUT_CASH"});
}

BOOST_AUTO_TEST_CASE(every_tender_is_positive_and_their_sum_fits) {
  BOOST_TEST(failure([] {
               settle_payments(10, {{PaymentMethod::kCash, 10},
                                    {PaymentMethod::kCard, 0},
                                    {PaymentMethod::kOther, -5}});
             }) == (std::vector<std::string>{"payments[1].amount:must_be_positive",
                                             "payments[2].amount:must_be_positive"}),
             boost::test_tools::per_element());
  BOOST_TEST(failure([] {
               settle_payments(10, {{PaymentMethod::kCash, kMax}, {PaymentMethod::kCash, kMax}});
             }) == std::vector<std::string>{"payments:out_of_range"});
}

BOOST_AUTO_TEST_CASE(payment_methods_have_stable_names) {
  for (const auto m : {PaymentMethod::kCash, PaymentMethod::kCard, PaymentMethod::kOther,
                       PaymentMethod::kOnAccount}) {
    BOOST_TEST((parse_payment_method(to_string(m)) == m));
  }
  BOOST_TEST(std::string(to_string(PaymentMethod::kOnAccount)) == "on_account");
  BOOST_TEST(!parse_payment_method("Cash").has_value());
  BOOST_TEST(!parse_payment_method("").has_value());
}

// --- refunds -------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(refunds_floor_cumulatively_and_the_last_unit_takes_the_rest) {
  const LineFigures sold{1000, 0, 0, 1000, 0, 1000};
  Amounts totals;
  for (std::int64_t r = 0; r < 3; ++r) totals.push_back(refund_share(sold, 3, r, 1).total);
  BOOST_TEST(totals == (Amounts{333, 333, 334}), boost::test_tools::per_element());
  BOOST_TEST(amounts(refund_share(sold, 3, 0, 3)) == amounts(sold),
             boost::test_tools::per_element());
  BOOST_TEST(refund_share(sold, 3, 1, 2).total == 667);
}

BOOST_AUTO_TEST_CASE(a_refund_outside_the_sold_quantity_is_a_bug) {
  const LineFigures sold{1000, 0, 0, 1000, 0, 1000};
  BOOST_CHECK_THROW(refund_share(sold, 3, 0, 0), std::invalid_argument);
  BOOST_CHECK_THROW(refund_share(sold, 3, 2, 2), std::invalid_argument);
  BOOST_CHECK_THROW(refund_share(sold, 3, -1, 1), std::invalid_argument);
  BOOST_CHECK_THROW(refund_share(sold, 0, 0, 1), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()

// --- properties over random baskets -------------------------------------------------------

BOOST_AUTO_TEST_SUITE(sale_calculator_properties)

BOOST_AUTO_TEST_CASE(line_totals_sum_to_the_total_and_the_invoice_adds_up) {
  for_random_baskets([](const Basket& b, const SaleFigures& s, std::mt19937_64&) {
    std::int64_t total = 0, gross = 0, discounts = 0, tax = 0, exclusive_tax = 0;
    for (std::size_t i = 0; i < s.lines.size(); ++i) {
      const LineFigures& l = s.lines[i];
      total += l.total;
      gross += l.gross;
      discounts += l.line_discount + l.order_discount;
      tax += l.tax;
      if (!b.lines[i].tax_inclusive) exclusive_tax += l.tax;
    }
    PROPERTY(total == s.total);
    PROPERTY(gross == s.subtotal);
    PROPERTY(discounts == s.discount_total);
    PROPERTY(tax == s.tax_total);
    PROPERTY(s.subtotal - s.discount_total + exclusive_tax == s.total);
  });
}

BOOST_AUTO_TEST_CASE(each_line_is_non_negative_and_consistent) {
  for_random_baskets([](const Basket& b, const SaleFigures& s, std::mt19937_64&) {
    for (std::size_t i = 0; i < s.lines.size(); ++i) {
      const LineInput& in = b.lines[i];
      const LineFigures& l = s.lines[i];
      for (const std::int64_t v : amounts(l)) PROPERTY(v >= 0);
      PROPERTY(l.gross == in.qty * in.unit_price);
      PROPERTY(l.line_discount == mul_div_half_even(l.gross, in.discount_bp, 10000));
      PROPERTY(l.net + l.tax == l.total);
      const std::int64_t amount = l.gross - l.line_discount - l.order_discount;
      PROPERTY((in.tax_inclusive ? l.total : l.net) == amount);
      const std::int64_t tax_base = in.tax_inclusive ? 10000 + in.tax_rate_bp : 10000;
      PROPERTY(l.tax == mul_div_half_even(amount, in.tax_rate_bp, tax_base));
    }
  });
}

BOOST_AUTO_TEST_CASE(order_discount_shares_sum_to_the_discount_each_within_a_unit_of_exact) {
  for_random_baskets([](const Basket& b, const SaleFigures& s, std::mt19937_64&) {
    std::int64_t net = 0, shares = 0;
    for (const auto& l : s.lines) net += l.gross - l.line_discount;
    for (const auto& l : s.lines) shares += l.order_discount;
    const std::int64_t expected = b.discount.amount ? *b.discount.amount
                                  : b.discount.percent_bp
                                      ? mul_div_half_even(net, *b.discount.percent_bp, 10000)
                                      : 0;
    PROPERTY(shares == expected);
    if (net == 0) return;
    for (const auto& l : s.lines) {
      // floor(D × base / net) ≤ share ≤ that + 1, so |share × net − D × base| < net.
      const i128 gap = i128{l.order_discount} * net - i128{expected} * (l.gross - l.line_discount);
      PROPERTY((gap > -i128{net} && gap < i128{net}));
    }
  });
}

BOOST_AUTO_TEST_CASE(tax_breakdown_by_ascending_rate_sums_to_the_tax_and_the_total) {
  for_random_baskets([](const Basket& b, const SaleFigures& s, std::mt19937_64&) {
    std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> expected;
    for (std::size_t i = 0; i < s.lines.size(); ++i) {
      auto& [taxable, tax] = expected[b.lines[i].tax_rate_bp];
      taxable += s.lines[i].net;
      tax += s.lines[i].tax;
    }
    PROPERTY_REQUIRE(s.taxes.size() == expected.size());
    std::int64_t taxable = 0, tax = 0;
    auto want = expected.begin();
    for (const TaxLine& t : s.taxes) {
      PROPERTY(t.rate_bp == want->first);
      PROPERTY(t.taxable == want->second.first);
      PROPERTY(t.tax == want->second.second);
      taxable += t.taxable;
      tax += t.tax;
      ++want;
    }
    PROPERTY(tax == s.tax_total);
    PROPERTY(taxable + tax == s.total);
  });
}

BOOST_AUTO_TEST_CASE(recomputing_gives_identical_figures) {
  for_random_baskets([](const Basket& b, const SaleFigures& s, std::mt19937_64&) {
    const Basket stored = b;  // as read back from the database
    const SaleFigures again = calculate_sale(stored.lines, stored.discount);
    PROPERTY_REQUIRE(again.lines.size() == s.lines.size());
    for (std::size_t i = 0; i < s.lines.size(); ++i) {
      PROPERTY(amounts(again.lines[i]) == amounts(s.lines[i]));
    }
    PROPERTY((Amounts{again.subtotal, again.discount_total, again.tax_total, again.total} ==
              Amounts{s.subtotal, s.discount_total, s.tax_total, s.total}));
    PROPERTY_REQUIRE(again.taxes.size() == s.taxes.size());
    for (std::size_t i = 0; i < s.taxes.size(); ++i) {
      PROPERTY((Amounts{again.taxes[i].rate_bp, again.taxes[i].taxable, again.taxes[i].tax} ==
                Amounts{s.taxes[i].rate_bp, s.taxes[i].taxable, s.taxes[i].tax}));
    }
  });
}

BOOST_AUTO_TEST_CASE(valid_tenders_settle_with_total_equal_to_paid_minus_change) {
  for_random_baskets([](const Basket&, const SaleFigures& s, std::mt19937_64& rng) {
    // Non-cash tenders up to the total, then cash for the rest and perhaps more.
    std::vector<PaymentInput> tenders;
    std::int64_t due = s.total;
    while (due > 0 && one_in(rng, 2)) {
      const auto method = static_cast<PaymentMethod>(uniform(rng, 1, 3));
      tenders.push_back({method, uniform(rng, 1, due)});
      due -= tenders.back().amount;
    }
    const std::int64_t over = one_in(rng, 2) ? 0 : uniform(rng, 1, 10000);
    if (due + over > 0) tenders.push_back({PaymentMethod::kCash, due + over});
    std::shuffle(tenders.begin(), tenders.end(), rng);
    const PaymentFigures p = settle_payments(s.total, tenders);
    std::int64_t paid = 0, cash = 0;
    for (const auto& t : tenders) {
      paid += t.amount;
      if (t.method == PaymentMethod::kCash) cash += t.amount;
    }
    PROPERTY(p.paid == paid);
    PROPERTY(p.change == over);
    PROPERTY(p.change <= cash);
    PROPERTY(s.total == p.paid - p.change);
  });
}

BOOST_AUTO_TEST_CASE(refunding_every_unit_in_chunks_returns_exactly_each_line) {
  for_random_baskets([](const Basket& b, const SaleFigures& s, std::mt19937_64& rng) {
    for (std::size_t i = 0; i < s.lines.size(); ++i) {
      const std::int64_t qty = b.lines[i].qty;
      const LineFigures& sold = s.lines[i];
      LineAmounts back{};
      for (std::int64_t already = 0; already < qty;) {
        const std::int64_t k = one_in(rng, 3) ? qty - already : uniform(rng, 1, qty - already);
        const LineAmounts part = amounts(refund_share(sold, qty, already, k));
        const LineAmounts whole = amounts(sold);
        for (std::size_t f = 0; f < 6; ++f) {
          PROPERTY(part[f] >= 0);
          // Within one minor unit of the exact pro-rata share: |part × qty − whole × k| < qty.
          const i128 gap = i128{part[f]} * qty - i128{whole[f]} * k;
          PROPERTY((gap > -i128{qty} && gap < i128{qty}));
          back[f] += part[f];
        }
        // Each amount is floored on its own, so a partial refund's total may differ from its
        // net + tax by one minor unit (docs/MONEY.md); the last refund makes up the difference.
        const std::int64_t drift = part[5] - part[3] - part[4];
        PROPERTY((drift >= -1 && drift <= 1));
        already += k;
      }
      PROPERTY(back == amounts(sold));
    }
  });
}

BOOST_AUTO_TEST_SUITE_END()
