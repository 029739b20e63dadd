// auth::ApprovalService with its real adapters (PostgreSQL accounts and audit log, Redis
// approval tokens and throttles): grant checks credentials like login, consume is single use.
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <optional>
#include <thread>
#include <vector>

#include "regal/auth/approval_service.hpp"
#include "regal/auth/auth_service.hpp"
#include "regal/cache/redis/redis_client.hpp"
#include "regal/cache/redis/redis_identity.hpp"
#include "regal/core/clock.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/data/pg/database.hpp"
#include "regal/data/pg/pg_identity.hpp"
#include "support/error_code.hpp"
#include "support/test_env.hpp"

using regal::auth::Actor;
using regal::auth::PosRole;
using regal::auth::User;
using regal::test::code_of;

namespace {

// The system clock plus an offset the test can move forward.
class ShiftedClock final : public regal::Clock {
 public:
  std::int64_t now_ms() const override { return regal::SystemClock().now_ms() + offset_ms; }
  std::atomic<std::int64_t> offset_ms{0};
};

struct Fixture {
  regal::pg::Database db{{.url = regal::test::env("DATABASE_URL"), .max_sessions = 8}};
  regal::pg::PgUserRepository users{db};
  regal::pg::PgSessionStore sessions{db};
  regal::pg::PgPasswordResetStore resets{db};
  regal::pg::PgAuditLog audit{db};
  regal::redis::RedisClient redis{{.url = regal::test::env("REDIS_URL"), .pool_size = 8}};
  regal::redis::RedisLoginThrottle account_throttle{redis, 5, 900};
  regal::redis::RedisLoginThrottle ip_throttle{redis, 1000, 900};
  regal::redis::RedisApprovalStore store{redis};
  regal::auth::PasswordHasher hasher{4};
  regal::auth::TokenSigner signer{std::string(40, 's'), "regal", "regal-api"};
  ShiftedClock clock;
  regal::auth::AuthService auth{
      {}, {users, sessions, resets, audit, account_throttle, ip_throttle}, hasher, signer, clock};

  regal::auth::ApprovalService service(int ttl_s = 120) {
    return regal::auth::ApprovalService({.ttl_s = ttl_s}, auth, users, store, audit, clock);
  }

  struct Account {
    User user;
    std::string password;
  };

  Account make_user(std::optional<PosRole> role) {
    const std::string suffix = regal::random_hex(5);
    Account a;
    a.password = "pw-" + regal::random_hex(8);
    a.user.id = regal::new_uuid_v7();
    a.user.full_name = "Approver " + suffix;
    a.user.email = "ap-" + suffix + "@example.com";
    a.user.username = "ap_" + suffix;
    a.user.password_hash = hasher.hash(a.password);
    a.user.pos_role = role;
    users.insert(a.user, {"", "test.create", "user", a.user.id, "", "", "", ""});
    a.user = *users.find_by_id(a.user.id);
    return a;
  }

  Actor session_of(const User& u) {
    Actor actor;
    actor.principal = u.principal();
    actor.request_id = regal::random_hex(16);
    actor.client_ip = "192.0.2.10";
    return actor;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(approvals, Fixture)

BOOST_AUTO_TEST_CASE(an_admin_approves_a_cashier_once) {
  const auto admin = make_user(PosRole::kAdmin);
  const auto cashier = make_user(PosRole::kCashier);
  auto approvals = service();
  const Actor till = session_of(cashier.user);
  const auto grant = approvals.grant(till, admin.user.username, admin.password, "refund");
  BOOST_TEST(grant.token.size() == 64u);  // 256 bits, hex
  BOOST_TEST(grant.expires_in == 120);
  BOOST_TEST(grant.approver_id == admin.user.id);
  BOOST_TEST(grant.approver_role == "admin");
  BOOST_TEST(grant.approver_name == admin.user.full_name);

  const auto used = approvals.consume(till, grant.token, "refund");
  BOOST_TEST(used.approver_id == admin.user.id);
  BOOST_TEST(used.action == "refund");
  BOOST_TEST(regal::is_uuid(used.id));
  BOOST_TEST(code_of([&] { approvals.consume(till, grant.token, "refund"); }) ==
             "APPROVAL_INVALID");
}

BOOST_AUTO_TEST_CASE(the_token_is_stored_only_as_its_hash_and_expires_in_redis) {
  const auto employee = make_user(PosRole::kEmployee);
  const auto cashier = make_user(PosRole::kCashier);
  auto approvals = service();
  const auto grant = approvals.grant(session_of(cashier.user), employee.user.email,
                                     employee.password, "sale.void");
  BOOST_TEST(redis.command({"EXISTS", "regal:approval:" + grant.token}).integer == 0);
  const std::string key = "regal:approval:" + regal::auth::sha256_hex(grant.token);
  const auto stored = redis.command({"GET", key});
  BOOST_REQUIRE(!stored.is_nil());
  BOOST_TEST(stored.text.find(grant.token) == std::string::npos);
  const auto ttl = redis.command({"TTL", key}).integer;
  BOOST_TEST(ttl > 110);
  BOOST_TEST(ttl <= 120);
}

BOOST_AUTO_TEST_CASE(concurrent_consumers_of_one_token_get_it_once) {
  const auto admin = make_user(PosRole::kAdmin);
  const auto cashier = make_user(PosRole::kCashier);
  auto approvals = service();
  const Actor till = session_of(cashier.user);
  const auto grant = approvals.grant(till, admin.user.username, admin.password, "shift.recount");
  std::atomic<int> won{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      if (code_of([&] { approvals.consume(till, grant.token, "shift.recount"); }) == "(none)") {
        ++won;
      } else {
        ++refused;
      }
    });
  }
  for (auto& t : threads) t.join();
  BOOST_TEST(won.load() == 1);
  BOOST_TEST(refused.load() == 7);
}

BOOST_AUTO_TEST_CASE(another_action_or_another_session_burns_the_token) {
  const auto admin = make_user(PosRole::kAdmin);
  const auto cashier = make_user(PosRole::kCashier);
  const auto other = make_user(PosRole::kCashier);
  auto approvals = service();
  const Actor till = session_of(cashier.user);

  const auto for_refund = approvals.grant(till, admin.user.username, admin.password, "refund");
  BOOST_TEST(code_of([&] { approvals.consume(till, for_refund.token, "price.override"); }) ==
             "APPROVAL_INVALID");
  BOOST_TEST(code_of([&] { approvals.consume(till, for_refund.token, "refund"); }) ==
             "APPROVAL_INVALID");

  const auto stolen = approvals.grant(till, admin.user.username, admin.password, "refund");
  BOOST_TEST(code_of([&] { approvals.consume(session_of(other.user), stolen.token, "refund"); }) ==
             "APPROVAL_INVALID");
  BOOST_TEST(code_of([&] { approvals.consume(till, stolen.token, "refund"); }) ==
             "APPROVAL_INVALID");
  BOOST_TEST(code_of([&] { approvals.consume(till, "", "refund"); }) == "APPROVAL_INVALID");
  BOOST_TEST(code_of([&] { approvals.consume(till, regal::random_hex(32), "refund"); }) ==
             "APPROVAL_INVALID");
}

BOOST_AUTO_TEST_CASE(an_expired_token_is_refused) {
  const auto admin = make_user(PosRole::kAdmin);
  const auto cashier = make_user(PosRole::kCashier);
  const Actor till = session_of(cashier.user);
  // By the clock, while Redis still holds it …
  auto approvals = service(120);
  const auto grant = approvals.grant(till, admin.user.username, admin.password, "refund");
  clock.offset_ms = 121'000;
  BOOST_TEST(code_of([&] { approvals.consume(till, grant.token, "refund"); }) ==
             "APPROVAL_INVALID");
  clock.offset_ms = 0;
  // … and by Redis's expiry.
  auto brief = service(1);
  const auto short_grant = brief.grant(till, admin.user.username, admin.password, "refund");
  BOOST_TEST(short_grant.expires_in == 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  BOOST_TEST(code_of([&] { brief.consume(till, short_grant.token, "refund"); }) ==
             "APPROVAL_INVALID");
}

BOOST_AUTO_TEST_CASE(only_active_admins_and_employees_approve) {
  const auto cashier = make_user(PosRole::kCashier);
  const auto desk_only = make_user(std::nullopt);
  auto approvals = service();
  const Actor till = session_of(cashier.user);
  BOOST_TEST(code_of([&] {
               approvals.grant(till, cashier.user.username, cashier.password, "refund");
             }) == "APPROVER_NOT_ALLOWED");
  BOOST_TEST(code_of([&] {
               approvals.grant(till, desk_only.user.username, desk_only.password, "refund");
             }) == "APPROVER_NOT_ALLOWED");
  const auto admin = make_user(PosRole::kAdmin);
  BOOST_TEST(code_of([&] {
               approvals.grant(till, admin.user.username, admin.password + "x", "refund");
             }) == "INVALID_CREDENTIALS");
  BOOST_TEST(code_of([&] {
               approvals.grant(till, "nobody_" + regal::random_hex(5), "pw", "refund");
             }) == "INVALID_CREDENTIALS");
  BOOST_TEST(code_of([&] {
               approvals.grant(till, admin.user.username, admin.password, "drawer.open");
             }) == "INVALID_APPROVAL_ACTION");

  // Deactivated between grant and use: the approval dies with the account. (An employee: the
  // last active POS admin of a fresh database could not be deactivated.)
  const auto employee = make_user(PosRole::kEmployee);
  const auto grant = approvals.grant(till, employee.user.username, employee.password, "refund");
  User gone = employee.user;
  gone.is_active = false;
  BOOST_REQUIRE(users.update(gone, gone.version, {}));
  BOOST_TEST(code_of([&] { approvals.consume(till, grant.token, "refund"); }) ==
             "APPROVAL_INVALID");
  BOOST_TEST(code_of([&] {
               approvals.grant(till, employee.user.username, employee.password, "refund");
             }) == "INVALID_CREDENTIALS");
}

BOOST_AUTO_TEST_CASE(failed_approvals_count_against_the_login_throttle) {
  const auto admin = make_user(PosRole::kAdmin);
  const auto cashier = make_user(PosRole::kCashier);
  auto approvals = service();
  const Actor till = session_of(cashier.user);
  for (int i = 0; i < 5; ++i) {
    BOOST_TEST(code_of([&] {
                 approvals.grant(till, admin.user.username, "wrong-" + std::to_string(i), "refund");
               }) == "INVALID_CREDENTIALS");
  }
  BOOST_TEST(code_of([&] {
               approvals.grant(till, admin.user.username, admin.password, "refund");
             }) == "LOGIN_THROTTLED");
  BOOST_TEST(code_of([&] { auth.login(admin.user.username, admin.password, till); }) ==
             "LOGIN_THROTTLED");
}

BOOST_AUTO_TEST_SUITE_END()
