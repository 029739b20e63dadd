#include "regal/auth/password_hasher.hpp"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <functional>

#include "regal/auth/password_policy.hpp"

using regal::auth::PasswordHasher;

BOOST_AUTO_TEST_SUITE(password_hasher)

BOOST_AUTO_TEST_CASE(hash_is_bcrypt_2b_with_the_configured_cost_and_verifies) {
  const PasswordHasher hasher(4);
  const auto h = hasher.hash("correct horse");
  BOOST_TEST(h.rfind("$2b$04$", 0) == 0);
  BOOST_TEST(h.size() == 60u);
  BOOST_TEST(hasher.verify("correct horse", h));
  BOOST_TEST(!hasher.verify("correct horsf", h));
  BOOST_TEST(hasher.hash("correct horse") != h);  // fresh salt each time
}

BOOST_AUTO_TEST_CASE(known_vectors_from_other_systems_verify_unchanged) {
  const PasswordHasher hasher(4);
  // Canonical crypt_blowfish test vectors.
  BOOST_TEST(hasher.verify("U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"));
  BOOST_TEST(hasher.verify("U*U", "$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"));
  BOOST_TEST(hasher.verify("U*U*", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK"));
  BOOST_TEST(!hasher.verify("U*V", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"));
}

BOOST_AUTO_TEST_CASE(non_bcrypt_hashes_never_verify) {
  const PasswordHasher hasher(4);
  // A DES crypt of "password" with salt "ab": crypt_r would accept it; we must not.
  BOOST_TEST(!hasher.verify("password", "abJnggxhB/yWI"));
  BOOST_TEST(!hasher.verify("password", ""));
  BOOST_TEST(!hasher.verify("password", "$1$abc$xyz"));
  BOOST_TEST(!hasher.verify("", "*0"));
}

BOOST_AUTO_TEST_CASE(every_byte_of_a_long_password_counts) {
  const PasswordHasher hasher(4);
  const std::string prefix(72, 'a');  // bcrypt alone would ignore everything after this
  const auto h = hasher.hash(prefix + "-first");
  BOOST_TEST(hasher.verify(prefix + "-first", h));
  BOOST_TEST(!hasher.verify(prefix + "-other", h));
  BOOST_TEST(!hasher.verify(prefix, h));
  const std::string utf8_long(128 * 2, '\xC3');  // shape only: length well past 72 bytes
  BOOST_TEST(!hasher.verify(utf8_long, h));
  // Up to 72 bytes the input goes to bcrypt unchanged (hashes stay portable).
  const auto exact = hasher.hash(prefix);
  BOOST_TEST(hasher.verify(prefix, exact));
  BOOST_TEST(!hasher.verify(prefix + "x", exact));
}

BOOST_AUTO_TEST_CASE(a_password_with_nul_is_never_hashed_and_never_verifies) {
  const PasswordHasher hasher(4);
  const std::string with_nul("secret-one\0tail", 15);
  BOOST_CHECK_THROW((void)hasher.hash(with_nul), std::invalid_argument);
  const auto h = hasher.hash("secret-one");
  BOOST_TEST(hasher.verify("secret-one", h));
  BOOST_TEST(!hasher.verify(with_nul, h));  // crypt_r would have stopped at NUL and matched
}

namespace {
// The fastest of `runs` calls, in microseconds: the minimum filters out a loaded machine.
double fastest_us(int runs, const std::function<void()>& fn) {
  double best = 1e300;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    fn();
    const std::chrono::duration<double, std::micro> took = std::chrono::steady_clock::now() - start;
    best = std::min(best, took.count());
  }
  return best;
}
}  // namespace

// The dummy hash is made without hashing (so the responder starts fast); verifying against it
// must still cost a full bcrypt at the configured cost, like a wrong password for a real account.
BOOST_AUTO_TEST_CASE(an_unknown_account_costs_what_a_wrong_password_costs) {
  const PasswordHasher hasher(8);
  const auto real = hasher.hash("the real password");
  const double wrong = fastest_us(5, [&] { (void)hasher.verify("a wrong password", real); });
  const double dummy = fastest_us(5, [&] { hasher.verify_dummy("a wrong password"); });
  BOOST_TEST_MESSAGE("wrong password " << wrong << " us, unknown account " << dummy << " us");
  BOOST_TEST(dummy > wrong * 0.6);
  BOOST_TEST(dummy < wrong * 1.6);
}

BOOST_AUTO_TEST_CASE(making_a_hasher_costs_no_bcrypt_round) {
  const double cheap = fastest_us(3, [] { const PasswordHasher h(4); });
  const double costly = fastest_us(3, [] { const PasswordHasher h(10); });
  const PasswordHasher ten(10);
  const double one_verify = fastest_us(1, [&] { ten.verify_dummy("x"); });
  BOOST_TEST(costly < one_verify / 4);  // cost 10 ≈ tens of ms per verify; construction ≈ µs
  BOOST_TEST(cheap < one_verify / 4);
}

BOOST_AUTO_TEST_CASE(cost_outside_bcrypt_range_is_refused) {
  BOOST_CHECK_THROW(PasswordHasher(3), std::invalid_argument);
  BOOST_CHECK_THROW(PasswordHasher(32), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(password_policy)

namespace {
std::vector<std::string> codes(std::string_view pw) {
  std::vector<std::string> out;
  for (const auto& e :
       regal::auth::check_password_policy(pw, "Ann.Leeson@Example.com", "annlee.store")) {
    out.push_back(e.code);
  }
  return out;
}
}  // namespace

BOOST_AUTO_TEST_CASE(length_is_counted_in_characters) {
  BOOST_TEST(codes("short7!") == std::vector<std::string>{"too_short"});
  BOOST_TEST(codes("ääääääää").empty());  // 8 characters, 16 bytes
  BOOST_TEST(codes(std::string(129, 'x')) == std::vector<std::string>{"too_long"});
  BOOST_TEST(codes(std::string(128, 'x')).empty());
}

BOOST_AUTO_TEST_CASE(control_characters_are_refused) {
  BOOST_TEST(codes(std::string("password\0x", 10)) ==
             std::vector<std::string>{"invalid_character"});
  BOOST_TEST(codes("pass\tword-long") == std::vector<std::string>{"invalid_character"});
  BOOST_TEST(codes("pass word long").empty());
}

BOOST_AUTO_TEST_CASE(own_email_or_username_is_refused_case_insensitively) {
  BOOST_TEST(codes("ann.leeson@example.com") == std::vector<std::string>{"matches_account"});
  BOOST_TEST(codes("ANN.LEESON") == std::vector<std::string>{"matches_account"});
  BOOST_TEST(codes("AnnLee.Store") == std::vector<std::string>{"matches_account"});
  BOOST_TEST(codes("annlee-is-long-enough").empty());
}

BOOST_AUTO_TEST_SUITE_END()
