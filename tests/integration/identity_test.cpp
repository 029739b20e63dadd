// The identity adapters against the real PostgreSQL and Redis of the test stack.
#include <Poco/Data/Session.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <thread>
#include <vector>

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

using regal::test::code_of;

using namespace Poco::Data::Keywords;
using regal::auth::AuditEntry;
using regal::auth::User;
using regal::ports::RotateOutcome;

namespace {

struct Fixture {
  regal::pg::Database db{{.url = regal::test::env("DATABASE_URL"), .max_sessions = 8}};
  regal::pg::PgUserRepository users{db};
  regal::pg::PgSessionStore sessions{db};
  regal::pg::PgPasswordResetStore resets{db};
  regal::pg::PgOutbox outbox{db};
  regal::pg::PgAuditLog audit{db};
  std::int64_t now_ms = regal::SystemClock().now_ms();

  User make_user(std::optional<regal::auth::PosRole> role = std::nullopt) {
    const std::string suffix = regal::random_hex(5);
    User u;
    u.id = regal::new_uuid_v7();
    u.full_name = "Test " + suffix;
    u.email = "it-" + suffix + "@example.com";
    u.username = "it_" + suffix;
    u.password_hash = "$2b$04$abcdefghijklmnopqrstuuJ0e9gJ3Zk6m5v2W1pQ7sTtYy3kqQhC";
    u.pos_role = role;
    users.insert(u, {"", "test.create", "user", u.id, "", "", "rid-it", "127.0.0.1"});
    return *users.find_by_id(u.id);
  }

  regal::ports::RefreshRecord open_session(const User& u, const std::string& token_hash) {
    regal::ports::RefreshRecord r{token_hash, regal::new_uuid_v7(), u.id, now_ms + 60'000};
    sessions.create(r, {u.id, "auth.login", "session", r.family_id, "", "", "", ""});
    return r;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(identity_repositories, Fixture)

BOOST_AUTO_TEST_CASE(users_round_trip_every_field_including_nulls) {
  const User u = make_user();
  BOOST_TEST(!u.pos_role.has_value());
  BOOST_TEST((u.desk_role == regal::auth::DeskRole::kEndUser));
  BOOST_TEST(u.is_active);
  BOOST_TEST(u.meta_json == "{}");
  BOOST_TEST(u.version == 1);
  BOOST_TEST(u.created_at_ms > 0);
  const auto by_login = users.find_by_login(u.username);
  BOOST_REQUIRE(by_login);
  BOOST_TEST(by_login->id == u.id);
  std::string upper = u.email;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  BOOST_TEST(users.find_by_login(upper)->id == u.id);  // case-insensitive
  BOOST_TEST(!users.find_by_id(regal::new_uuid_v7()).has_value());
}

BOOST_AUTO_TEST_CASE(duplicate_email_and_username_are_named) {
  const User u = make_user();
  User again = u;
  again.id = regal::new_uuid_v7();
  again.username = "other_" + regal::random_hex(4);
  BOOST_TEST(code_of([&] { users.insert(again, {}); }) == "DUPLICATE_EMAIL");
  again.email = "other-" + regal::random_hex(4) + "@example.com";
  again.username = u.username;
  BOOST_TEST(code_of([&] { users.insert(again, {}); }) == "DUPLICATE_USERNAME");
}

BOOST_AUTO_TEST_CASE(update_checks_the_version_and_bumps_it) {
  User u = make_user();
  u.full_name = "Renamed";
  BOOST_TEST(users.update(u, 1, {"", "user.update", "user", u.id, "", "", "", ""}));
  const auto stored = users.find_by_id(u.id);
  BOOST_TEST(stored->full_name == "Renamed");
  BOOST_TEST(stored->version == 2);
  BOOST_TEST(!users.update(u, 1, {"", "user.update", "user", u.id, "", "", "", ""}));
}

BOOST_AUTO_TEST_CASE(refresh_rotation_then_reuse_revokes_the_session) {
  const User u = make_user();
  const auto first = open_session(u, regal::random_hex(32));
  BOOST_TEST(sessions.state(u.id, first.family_id).session_live);
  const auto rotated =
      sessions.rotate(first.token_hash, {regal::random_hex(32), "", "", now_ms + 60'000}, now_ms);
  BOOST_TEST((rotated.outcome == RotateOutcome::kRotated));
  BOOST_TEST(rotated.family_id == first.family_id);
  const auto reused =
      sessions.rotate(first.token_hash, {regal::random_hex(32), "", "", now_ms + 60'000}, now_ms);
  BOOST_TEST((reused.outcome == RotateOutcome::kReused));
  BOOST_TEST(!sessions.state(u.id, first.family_id).session_live);
  BOOST_TEST(
      (sessions.rotate(regal::random_hex(32), {regal::random_hex(32), "", "", now_ms}, now_ms)
           .outcome == RotateOutcome::kUnknown));
}

BOOST_AUTO_TEST_CASE(concurrent_rotations_of_one_token_let_exactly_one_win) {
  const User u = make_user();
  const auto s = open_session(u, regal::random_hex(32));
  std::atomic<int> rotated{0};
  std::atomic<int> reused{0};
  std::atomic<int> revoked{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&] {
      const auto r =
          sessions.rotate(s.token_hash, {regal::random_hex(32), "", "", now_ms + 60'000}, now_ms);
      if (r.outcome == RotateOutcome::kRotated) ++rotated;
      if (r.outcome == RotateOutcome::kReused) ++reused;
      if (r.outcome == RotateOutcome::kRevoked) ++revoked;
    });
  }
  for (auto& t : threads) t.join();
  // One wins; the first loser detects the reuse and revokes the session; the rest find it revoked.
  BOOST_TEST(rotated.load() == 1);
  BOOST_TEST(reused.load() >= 1);
  BOOST_TEST(reused.load() + revoked.load() == 5);
  BOOST_TEST(!sessions.state(u.id, s.family_id).session_live);
}

BOOST_AUTO_TEST_CASE(expired_refresh_token_is_refused) {
  const User u = make_user();
  regal::ports::RefreshRecord r{regal::random_hex(32), regal::new_uuid_v7(), u.id, now_ms - 1000};
  sessions.create(r, {});
  BOOST_TEST(
      (sessions.rotate(r.token_hash, {regal::random_hex(32), "", "", now_ms}, now_ms).outcome ==
       RotateOutcome::kExpired));
}

BOOST_AUTO_TEST_CASE(revoke_user_keeps_only_the_named_session) {
  const User u = make_user();
  const auto keep = open_session(u, regal::random_hex(32));
  const auto drop = open_session(u, regal::random_hex(32));
  sessions.revoke_user(u.id, keep.family_id, now_ms);
  BOOST_TEST(sessions.state(u.id, keep.family_id).session_live);
  BOOST_TEST(!sessions.state(u.id, drop.family_id).session_live);
  BOOST_TEST(!sessions.state(regal::new_uuid_v7(), keep.family_id).session_live);  // wrong user
}

BOOST_AUTO_TEST_CASE(reset_tokens_are_single_use_and_queue_their_mail) {
  const User u = make_user();
  const std::string hash = regal::random_hex(32);
  regal::ports::Mail mail{regal::new_uuid_v7(), "password_reset", u.email, "Reset", "token", 0};
  resets.create(hash, u.id, now_ms + 60'000, mail,
                {"", "auth.password_reset_request", "user", u.id, "", "", "", ""});
  BOOST_TEST(resets.peek(hash, now_ms).value_or("") == u.id);
  BOOST_TEST(resets.consume(hash, now_ms).value_or("") == u.id);
  BOOST_TEST(!resets.consume(hash, now_ms).has_value());
  BOOST_TEST(!resets.peek(hash, now_ms).has_value());
  // The stack's outbox sender may already have delivered it, so look for the row itself
  // (pending() lists only unsent mail).
  Poco::Int64 queued = 0;
  std::string id = mail.id;
  std::string email = u.email;
  db.with_session([&](Poco::Data::Session& s) {
    s << "SELECT count(*) FROM outbox WHERE id = $1::uuid AND recipient = $2", use(id),
        use(email), into(queued), now;
  });
  BOOST_TEST(queued == 1);
}

BOOST_AUTO_TEST_CASE(a_password_change_cancels_outstanding_reset_tokens) {
  User u = make_user();
  const std::string first = regal::random_hex(32);
  const std::string second = regal::random_hex(32);
  for (const auto& hash : {first, second}) {
    regal::ports::Mail mail{regal::new_uuid_v7(), "password_reset", u.email, "Reset", "t", 0};
    resets.create(hash, u.id, now_ms + 60'000, mail, {});
  }
  BOOST_TEST(resets.peek(first, now_ms).has_value());
  // Any other update (here the name) leaves the tokens alone …
  u.full_name = "Renamed";
  BOOST_REQUIRE(users.update(u, u.version, {"", "test.update", "user", u.id, "", "", "", ""}));
  u = *users.find_by_id(u.id);
  BOOST_TEST(resets.peek(first, now_ms).has_value());
  // … a new password hash cancels both.
  u.password_hash = "$2b$04$bbcdefghijklmnopqrstuuJ0e9gJ3Zk6m5v2W1pQ7sTtYy3kqQhC";
  BOOST_REQUIRE(users.update(u, u.version, {"", "test.password", "user", u.id, "", "", "", ""}));
  BOOST_TEST(!resets.peek(first, now_ms).has_value());
  BOOST_TEST(!resets.consume(second, now_ms).has_value());
}

BOOST_AUTO_TEST_CASE(a_sent_reset_mail_keeps_no_token_in_the_outbox) {
  const User u = make_user();
  regal::ports::Mail reset{regal::new_uuid_v7(), "password_reset", u.email, "Reset", "tok", 0};
  regal::ports::Mail other{regal::new_uuid_v7(), "notice", u.email, "Notice", "kept", 0};
  resets.create(regal::random_hex(32), u.id, now_ms + 60'000, reset, {});
  resets.create(regal::random_hex(32), u.id, now_ms + 60'000, other, {});
  outbox.mark_sent(reset.id, now_ms);
  outbox.mark_sent(other.id, now_ms);
  std::string reset_body = "?";
  std::string other_body = "?";
  db.transact([&](regal::pg::Transaction& tx) {
    std::string reset_id = reset.id;
    std::string other_id = other.id;
    tx.session() << "SELECT body FROM outbox WHERE id = $1::uuid", use(reset_id), into(reset_body),
        now;
    tx.session() << "SELECT body FROM outbox WHERE id = $1::uuid", use(other_id), into(other_body),
        now;
  });
  BOOST_TEST(reset_body.empty());
  BOOST_TEST(other_body == "kept");
}

BOOST_AUTO_TEST_CASE(outbox_claims_lease_messages_until_marked) {
  const User u = make_user();
  regal::ports::Mail mail{regal::new_uuid_v7(), "test", u.email, "S", "B", 0};
  resets.create(regal::random_hex(32), u.id, now_ms + 60'000, mail, {});
  // The test stack's responders send due mail every 200 ms: make this one due only in 30 s, so
  // they leave it to the claims below (which look 60 s ahead), instead of racing them for it.
  db.transact([&](regal::pg::Transaction& tx) {
    std::string id = mail.id;
    tx.session() << "UPDATE outbox SET next_attempt_at = now() + interval '30 seconds'"
                    " WHERE id = $1::uuid",
        use(id), now;
  });
  const auto claimed = outbox.claim_due(1000, now_ms + 60'000);
  const bool mine =
      std::any_of(claimed.begin(), claimed.end(), [&](const auto& m) { return m.id == mail.id; });
  BOOST_TEST(mine);
  const auto again = outbox.claim_due(1000, now_ms + 60'000);  // leased: not handed out twice
  BOOST_TEST(
      std::none_of(again.begin(), again.end(), [&](const auto& m) { return m.id == mail.id; }));
  outbox.mark_sent(mail.id, now_ms);
  const auto pending = outbox.pending(1000);
  BOOST_TEST(
      std::none_of(pending.begin(), pending.end(), [&](const auto& m) { return m.id == mail.id; }));
}

BOOST_AUTO_TEST_CASE(audit_log_is_append_only_for_the_application_role) {
  const User u = make_user();
  regal::auth::AuditQuery query;
  query.entity_id = u.id;
  query.limit = 10;
  const auto entries = audit.list(query);
  BOOST_REQUIRE(!entries.empty());
  BOOST_TEST(entries.front().entry.request_id == "rid-it");
  BOOST_CHECK_THROW(db.with_session([](Poco::Data::Session& s) {
    s << "UPDATE audit_log SET action = 'x'", now;
  }),
                    Poco::Exception);
  BOOST_CHECK_THROW(
      db.with_session([](Poco::Data::Session& s) { s << "DELETE FROM audit_log", now; }),
      Poco::Exception);
  // Not even the schema owner may rewrite history: the trigger refuses it.
  regal::pg::Database owner{{.url = regal::test::env("REGAL_MIGRATE_URL"), .max_sessions = 1}};
  BOOST_CHECK_THROW(owner.with_session([](Poco::Data::Session& s) {
    s << "UPDATE audit_log SET action = 'x'", now;
  }),
                    Poco::Exception);
  BOOST_TEST(audit.list(query).front().entry.action == "test.create");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(identity_redis)

BOOST_AUTO_TEST_CASE(throttle_blocks_after_the_limit_and_resets) {
  regal::redis::RedisClient redis({.url = regal::test::env("REDIS_URL"), .pool_size = 2});
  regal::redis::RedisLoginThrottle throttle(redis, 3, 60);
  const std::string key = "acct:" + regal::random_hex(6);
  for (int i = 0; i < 2; ++i) throttle.record_failure(key);
  BOOST_TEST(throttle.retry_after(key) == 0);
  throttle.record_failure(key);
  const auto wait = throttle.retry_after(key);
  BOOST_TEST(wait > 0);
  BOOST_TEST(wait <= 60);
  throttle.reset(key);
  BOOST_TEST(throttle.retry_after(key) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
