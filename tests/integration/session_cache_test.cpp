// redis::CachedSessionStore against the real PostgreSQL and Redis of the test stack: what it
// answers from Redis, that every change is seen at once, that PostgreSQL keeps deciding
// rotations, and that a Redis outage falls back to PostgreSQL.
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "regal/cache/redis/cached_session_store.hpp"
#include "regal/cache/redis/redis_client.hpp"
#include "regal/core/clock.hpp"
#include "regal/core/id.hpp"
#include "regal/data/pg/database.hpp"
#include "regal/data/pg/pg_identity.hpp"
#include "support/test_env.hpp"

using regal::auth::PosRole;
using regal::auth::User;
using regal::ports::RotateOutcome;
using regal::ports::SessionState;

namespace {

// Counts what reaches PostgreSQL, and can run a hook right after a state() read (to interleave
// a change between the read and the cache write).
class CountingStore final : public regal::ports::SessionStore {
 public:
  explicit CountingStore(regal::ports::SessionStore& inner) : inner_(inner) {}
  void create(const regal::ports::RefreshRecord& r, const regal::auth::AuditEntry& a) override {
    inner_.create(r, a);
  }
  SessionState state(const std::string& user_id, const std::string& session_id) override {
    ++states;
    SessionState s = inner_.state(user_id, session_id);
    if (after_state) std::exchange(after_state, nullptr)();
    return s;
  }
  regal::ports::RotateResult rotate(const std::string& hash, regal::ports::RefreshRecord next,
                                    std::int64_t now_ms) override {
    ++rotations;
    return inner_.rotate(hash, std::move(next), now_ms);
  }
  void revoke_family(const std::string& family_id, std::int64_t now_ms) override {
    inner_.revoke_family(family_id, now_ms);
  }
  void revoke_user(const std::string& user_id, const std::string& keep,
                   std::int64_t now_ms) override {
    inner_.revoke_user(user_id, keep, now_ms);
  }

  std::atomic<int> states{0};
  std::atomic<int> rotations{0};
  std::function<void()> after_state;

 private:
  regal::ports::SessionStore& inner_;
};

struct Fixture {
  regal::pg::Database db{{.url = regal::test::env("DATABASE_URL"), .max_sessions = 8}};
  regal::pg::PgUserRepository pg_users{db};
  regal::pg::PgSessionStore pg_sessions{db};
  CountingStore counted{pg_sessions};
  regal::redis::RedisClient redis{{.url = regal::test::env("REDIS_URL"), .pool_size = 8}};
  regal::redis::CachedSessionStore cache{counted, redis, {.ttl_s = 60}};
  regal::redis::SessionCacheUserRepository users{pg_users, cache};
  std::int64_t now_ms = regal::SystemClock().now_ms();

  User make_user(std::optional<PosRole> role) {
    const std::string suffix = regal::random_hex(5);
    User u;
    u.id = regal::new_uuid_v7();
    u.full_name = "Cache " + suffix;
    u.email = "sc-" + suffix + "@example.com";
    u.username = "sc_" + suffix;
    u.password_hash = "$2b$04$abcdefghijklmnopqrstuuJ0e9gJ3Zk6m5v2W1pQ7sTtYy3kqQhC";
    u.pos_role = role;
    users.insert(u, {"", "test.create", "user", u.id, "", "", "", ""});
    return *users.find_by_id(u.id);
  }

  regal::ports::RefreshRecord open_session(regal::ports::SessionStore& store, const User& u) {
    regal::ports::RefreshRecord r{regal::random_hex(32), regal::new_uuid_v7(), u.id,
                                  now_ms + 600'000};
    store.create(r, {u.id, "auth.login", "session", r.family_id, "", "", "", ""});
    return r;
  }

  regal::ports::RefreshRecord successor() const {
    return {regal::random_hex(32), "", "", now_ms + 600'000};
  }
};

// A client of a Redis that is not there: connections are refused at once.
regal::redis::RedisOptions dead_redis() {
  return {.url = "redis://127.0.0.1:1/0", .pool_size = 2, .timeout_ms = 200};
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(session_cache, Fixture)

BOOST_AUTO_TEST_CASE(a_live_session_is_answered_from_redis_after_the_first_check) {
  const User u = make_user(PosRole::kCashier);
  const auto s = open_session(cache, u);
  const SessionState first = cache.state(u.id, s.family_id);
  BOOST_TEST(first.session_live);
  BOOST_TEST(first.user_active);
  BOOST_TEST(counted.states.load() == 1);
  for (int i = 0; i < 5; ++i) {
    const SessionState again = cache.state(u.id, s.family_id);
    BOOST_TEST(again.session_live);
    BOOST_TEST(again.user_active);
    BOOST_TEST((again.pos_role == PosRole::kCashier));
    BOOST_TEST((again.desk_role == regal::auth::DeskRole::kEndUser));
  }
  BOOST_TEST(counted.states.load() == 1);  // PostgreSQL asked once
  BOOST_TEST(cache.stats().hits >= 5u);
  // Another user's id with this session: never the cached answer.
  BOOST_TEST(!cache.state(regal::new_uuid_v7(), s.family_id).session_live);
}

BOOST_AUTO_TEST_CASE(a_revoked_family_is_refused_at_once_by_state_and_by_refresh) {
  const User u = make_user(std::nullopt);
  const auto s = open_session(cache, u);
  BOOST_REQUIRE(cache.state(u.id, s.family_id).session_live);
  cache.revoke_family(s.family_id, now_ms);
  const int asked = counted.states.load();
  BOOST_TEST(!cache.state(u.id, s.family_id).session_live);
  BOOST_TEST(counted.states.load() == asked);  // the revoked marker answered
  const int rotations = counted.rotations.load();
  const auto refused = cache.rotate(s.token_hash, successor(), now_ms);
  BOOST_TEST((refused.outcome == RotateOutcome::kRevoked));
  BOOST_TEST(refused.family_id == s.family_id);
  BOOST_TEST(counted.rotations.load() == rotations);  // PostgreSQL not asked
  // PostgreSQL agrees.
  BOOST_TEST(
      (pg_sessions.rotate(s.token_hash, successor(), now_ms).outcome == RotateOutcome::kRevoked));
}

BOOST_AUTO_TEST_CASE(rotation_and_reuse_detection_stay_with_postgresql) {
  const User u = make_user(std::nullopt);
  const auto s = open_session(cache, u);
  const auto next = successor();
  const auto rotated = cache.rotate(s.token_hash, next, now_ms);
  BOOST_REQUIRE((rotated.outcome == RotateOutcome::kRotated));
  BOOST_TEST(cache.state(u.id, s.family_id).session_live);
  const auto reused = cache.rotate(s.token_hash, successor(), now_ms);
  BOOST_TEST((reused.outcome == RotateOutcome::kReused));
  BOOST_TEST(counted.rotations.load() == 2);
  // The reuse revoked the family: the cached live state is gone, the successor refused.
  BOOST_TEST(!cache.state(u.id, s.family_id).session_live);
  BOOST_TEST(!pg_sessions.state(u.id, s.family_id).session_live);
  BOOST_TEST(
      (cache.rotate(next.token_hash, successor(), now_ms).outcome == RotateOutcome::kRevoked));
}

BOOST_AUTO_TEST_CASE(concurrent_refreshes_of_one_token_let_exactly_one_win) {
  const User u = make_user(std::nullopt);
  const auto s = open_session(cache, u);
  BOOST_REQUIRE(cache.state(u.id, s.family_id).session_live);  // cached before the race
  std::atomic<int> rotated{0};
  std::atomic<int> reused{0};
  std::atomic<int> revoked{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&] {
      const auto r = cache.rotate(s.token_hash, successor(), now_ms);
      if (r.outcome == RotateOutcome::kRotated) ++rotated;
      if (r.outcome == RotateOutcome::kReused) ++reused;
      if (r.outcome == RotateOutcome::kRevoked) ++revoked;
    });
  }
  for (auto& t : threads) t.join();
  BOOST_TEST(rotated.load() == 1);
  BOOST_TEST(reused.load() >= 1);
  BOOST_TEST(reused.load() + revoked.load() == 5);
  BOOST_TEST(!cache.state(u.id, s.family_id).session_live);
}

BOOST_AUTO_TEST_CASE(role_changes_and_deactivation_apply_to_cached_sessions_at_once) {
  const User u = make_user(PosRole::kCashier);
  const auto s = open_session(cache, u);
  BOOST_REQUIRE((cache.state(u.id, s.family_id).pos_role == PosRole::kCashier));
  User promoted = u;
  promoted.pos_role = PosRole::kEmployee;
  BOOST_REQUIRE(
      users.update(promoted, u.version, {"", "test.update", "user", u.id, "", "", "", ""}));
  BOOST_TEST((cache.state(u.id, s.family_id).pos_role == PosRole::kEmployee));

  User gone = *users.find_by_id(u.id);
  gone.is_active = false;
  BOOST_REQUIRE(
      users.update(gone, gone.version, {"", "test.update", "user", u.id, "", "", "", ""}));
  const SessionState after = cache.state(u.id, s.family_id);
  BOOST_TEST(!after.user_active);
}

BOOST_AUTO_TEST_CASE(revoke_user_drops_every_cached_session_but_the_kept_one) {
  const User u = make_user(std::nullopt);
  const auto keep = open_session(cache, u);
  const auto drop = open_session(cache, u);
  BOOST_REQUIRE(cache.state(u.id, keep.family_id).session_live);
  BOOST_REQUIRE(cache.state(u.id, drop.family_id).session_live);
  cache.revoke_user(u.id, keep.family_id, now_ms);
  BOOST_TEST(cache.state(u.id, keep.family_id).session_live);
  BOOST_TEST(!cache.state(u.id, drop.family_id).session_live);
  BOOST_TEST(
      (cache.rotate(drop.token_hash, successor(), now_ms).outcome == RotateOutcome::kRevoked));
}

BOOST_AUTO_TEST_CASE(a_state_read_before_a_revocation_is_never_cached_after_it) {
  const User u = make_user(std::nullopt);
  const auto s = open_session(cache, u);
  // Another responder revokes the session between this one's PostgreSQL read and its cache
  // write: the late write must not bring the session back.
  regal::redis::CachedSessionStore other{pg_sessions, redis, {.ttl_s = 60}};
  counted.after_state = [&] { other.revoke_family(s.family_id, now_ms); };
  BOOST_TEST(cache.state(u.id, s.family_id).session_live);  // read before the revocation
  BOOST_TEST(!cache.state(u.id, s.family_id).session_live);
  BOOST_TEST(!other.state(u.id, s.family_id).session_live);
}

BOOST_AUTO_TEST_CASE(a_state_read_before_a_user_change_is_never_cached_after_it) {
  const User u = make_user(PosRole::kEmployee);
  const auto s = open_session(cache, u);
  regal::redis::CachedSessionStore other{pg_sessions, redis, {.ttl_s = 60}};
  regal::redis::SessionCacheUserRepository other_users{pg_users, other};
  counted.after_state = [&] {
    User demoted = *pg_users.find_by_id(u.id);
    demoted.pos_role = PosRole::kCashier;
    BOOST_REQUIRE(other_users.update(demoted, demoted.version, {}));
  };
  BOOST_TEST((cache.state(u.id, s.family_id).pos_role == PosRole::kEmployee));  // read before
  BOOST_TEST((cache.state(u.id, s.family_id).pos_role == PosRole::kCashier));
  BOOST_TEST((other.state(u.id, s.family_id).pos_role == PosRole::kCashier));
}

BOOST_AUTO_TEST_CASE(without_redis_every_answer_comes_from_postgresql) {
  regal::redis::RedisClient down{dead_redis()};
  CountingStore direct{pg_sessions};
  regal::redis::CachedSessionStore blind{direct, down, {.ttl_s = 60}};
  regal::redis::SessionCacheUserRepository blind_users{pg_users, blind};
  const User u = make_user(PosRole::kCashier);
  const auto s = open_session(blind, u);
  BOOST_TEST(blind.state(u.id, s.family_id).session_live);
  BOOST_TEST(blind.state(u.id, s.family_id).session_live);
  BOOST_TEST(direct.states.load() == 2);

  const auto next = successor();
  BOOST_TEST((blind.rotate(s.token_hash, next, now_ms).outcome == RotateOutcome::kRotated));
  BOOST_TEST((blind.rotate(s.token_hash, successor(), now_ms).outcome == RotateOutcome::kReused));
  BOOST_TEST(!blind.state(u.id, s.family_id).session_live);  // never "accept"

  const auto other = open_session(blind, u);
  User gone = *pg_users.find_by_id(u.id);
  gone.is_active = false;
  BOOST_REQUIRE(blind_users.update(gone, gone.version, {}));
  BOOST_TEST(!blind.state(u.id, other.family_id).user_active);
  blind.revoke_family(other.family_id, now_ms);
  BOOST_TEST(!blind.state(u.id, other.family_id).session_live);
  BOOST_TEST(blind.stats().errors > 0u);
  BOOST_TEST(blind.stats().hits == 0u);
}

// If an invalidation cannot reach Redis (here: a revocation written to PostgreSQL behind the
// cache's back), other processes may answer from the stale entry — for at most ttl_s.
BOOST_AUTO_TEST_CASE(a_missed_invalidation_is_stale_for_at_most_the_ttl) {
  regal::redis::CachedSessionStore short_lived{counted, redis, {.ttl_s = 1}};
  const User u = make_user(std::nullopt);
  const auto s = open_session(short_lived, u);
  BOOST_REQUIRE(short_lived.state(u.id, s.family_id).session_live);
  pg_sessions.revoke_family(s.family_id, now_ms);  // the cache is not told
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  BOOST_TEST(!short_lived.state(u.id, s.family_id).session_live);
  BOOST_TEST(!short_lived.state(u.id, s.family_id).session_live);  // now from the marker
}

BOOST_AUTO_TEST_SUITE_END()
