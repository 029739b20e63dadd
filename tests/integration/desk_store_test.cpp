// The help-desk adapters against the real PostgreSQL and Redis of the test stack: directory and
// ticket stores, scoping and search in SQL, append-only tables, and the stats cache.
#include <Poco/Data/Session.h>

#include <boost/test/unit_test.hpp>

#include "regal/cache/redis/redis_client.hpp"
#include "regal/cache/redis/redis_desk_stats.hpp"
#include "regal/core/error.hpp"
#include "regal/core/id.hpp"
#include "regal/data/pg/database.hpp"
#include "regal/data/pg/pg_desk.hpp"
#include "support/test_env.hpp"

using namespace Poco::Data::Keywords;
using namespace regal::desk;

namespace {

const regal::auth::AuditEntry kAudit{"", "test.desk", "test", "", "", "", "rid-desk", ""};

struct Fixture {
  regal::pg::Database db{{.url = regal::test::env("DATABASE_URL"), .max_sessions = 4}};
  regal::pg::PgDeskDirectory directory{db};
  regal::pg::PgTicketStore store{db};
  std::string tag = regal::random_hex(4);

  std::string make_user(const std::string& desk_role) {
    std::string id = regal::new_uuid_v7();
    std::string name = "desk" + regal::random_hex(6);
    std::string role = desk_role;
    db.with_session([&](Poco::Data::Session& s) {
      std::string email = name + "@example.test";
      std::string hash = "$2b$04$xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
      s << "INSERT INTO users (id, full_name, email, username, password_hash, desk_role)"
           " VALUES ($1::uuid, $2, $3, $4, $5, $6)",
          use(id), use(name), use(email), use(name), use(hash), use(role), now;
    });
    return id;
  }
  Department department(const std::string& name = "Support") {
    return directory.insert_department(
        {regal::new_uuid_v7(), name + " " + tag + regal::random_hex(2), "desc", true, 0, 0, 1},
        kAudit);
  }
  Ticket ticket(const std::string& requester, const std::string& dept, Priority p,
                const std::string& subject = "Printer on fire") {
    Ticket t;
    t.id = regal::new_uuid_v7();
    t.subject = subject;
    t.priority = p;
    t.requester_id = requester;
    t.department_id = dept;
    t.tags = {"hw", tag};
    return store.insert(t, {{0, t.id, requester, "status", std::nullopt, "OPEN", 1'700'000'000'000}});
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(desk_store, Fixture)

BOOST_AUTO_TEST_CASE(departments_round_trip_with_versions_and_unique_names) {
  const Department d = department();
  BOOST_TEST(d.version == 1);
  BOOST_TEST(d.description == "desc");
  BOOST_TEST(directory.department(d.id)->name == d.name);
  Department changed = d;
  changed.is_active = false;
  BOOST_TEST(!directory.update_department(changed, 7, kAudit).has_value());
  const auto updated = directory.update_department(changed, 1, kAudit);
  BOOST_REQUIRE(updated.has_value());
  BOOST_TEST(updated->version == 2);
  BOOST_TEST(!updated->is_active);
  Department twin = d;
  twin.id = regal::new_uuid_v7();
  BOOST_CHECK_EXCEPTION(directory.insert_department(twin, kAudit), regal::Error,
                        [](const regal::Error& e) { return e.code() == "DUPLICATE_NAME"; });
}

BOOST_AUTO_TEST_CASE(staff_keeps_sorted_teams_and_leads) {
  const Department d = department();
  const Team t1 = directory.insert_team({regal::new_uuid_v7(), d.id, "L1", true, 0, 0, 1}, kAudit);
  const Team t2 = directory.insert_team({regal::new_uuid_v7(), d.id, "L2", true, 0, 0, 1}, kAudit);
  BOOST_CHECK_EXCEPTION(
      directory.insert_team({regal::new_uuid_v7(), d.id, "l1", true, 0, 0, 1}, kAudit),
      regal::Error, [](const regal::Error& e) { return e.code() == "DUPLICATE_NAME"; });
  StaffMember s;
  s.user_id = make_user("TEAM_LEAD");
  s.department_id = d.id;
  s.team_ids = {std::min(t1.id, t2.id), std::max(t1.id, t2.id)};
  s.lead_team_ids = {t2.id};
  const StaffMember stored = directory.insert_staff(s, kAudit);
  BOOST_TEST(stored.team_ids == s.team_ids);
  BOOST_TEST(stored.lead_team_ids == s.lead_team_ids);
  BOOST_TEST((stored.desk_role == regal::auth::DeskRole::kTeamLead));
  BOOST_TEST(directory.staff(d.id, t2.id, "", 10).size() == 1u);
  BOOST_CHECK_EXCEPTION(directory.insert_staff(s, kAudit), regal::Error,
                        [](const regal::Error& e) { return e.code() == "ALREADY_EXISTS"; });
  StaffMember fewer = stored;
  fewer.team_ids = {t1.id};
  fewer.lead_team_ids = {};
  const auto updated = directory.update_staff(fewer, 1, kAudit);
  BOOST_REQUIRE(updated.has_value());
  BOOST_TEST(updated->team_ids == std::vector<std::string>{t1.id});
  BOOST_TEST(updated->version == 2);
  BOOST_TEST(directory.remove_staff(s.user_id, kAudit));
  BOOST_TEST(!directory.staff_member(s.user_id).has_value());
  BOOST_TEST((directory.account_role(s.user_id) == regal::auth::DeskRole::kTeamLead));
}

BOOST_AUTO_TEST_CASE(tickets_get_sequential_numbers_and_map_every_column) {
  const Department d = department();
  const std::string user = make_user("END_USER");
  const Ticket a = ticket(user, d.id, Priority::kLow);
  const Ticket b = ticket(user, d.id, Priority::kUrgent);
  BOOST_TEST(b.number > a.number);
  BOOST_TEST((a.status == Status::kOpen));
  BOOST_TEST(!a.team_id.has_value());
  BOOST_TEST(a.tags.size() == 2u);
  BOOST_TEST(a.created_at_ms > 0);
  BOOST_TEST(!a.resolved_at_ms.has_value());
  const auto found = store.find(a.id);
  BOOST_REQUIRE(found.has_value());
  BOOST_TEST(found->subject == a.subject);
  BOOST_TEST(store.history(a.id, 0, 10).size() == 1u);
}

BOOST_AUTO_TEST_CASE(lists_are_scoped_ordered_by_priority_then_age_and_paged) {
  const Department d = department();
  const Department other = department("Other");
  const std::string user = make_user("END_USER");
  const std::string stranger = make_user("END_USER");
  const Ticket low = ticket(user, d.id, Priority::kLow);
  const Ticket urgent = ticket(user, d.id, Priority::kUrgent);
  const Ticket low2 = ticket(user, d.id, Priority::kLow);
  const Ticket elsewhere = ticket(stranger, other.id, Priority::kHigh);

  TicketQuery mine;
  mine.scope_requester_id = user;
  mine.tag = tag;
  const auto rows = store.list(mine);
  BOOST_REQUIRE(rows.size() == 3u);
  BOOST_TEST(rows[0].id == urgent.id);
  BOOST_TEST(rows[1].id == low.id);
  BOOST_TEST(rows[2].id == low2.id);

  mine.limit = 2;
  const auto first = store.list(mine);
  mine.after = std::make_pair(rank(first.back().priority), first.back().id);
  const auto second = store.list(mine);
  BOOST_REQUIRE(second.size() == 1u);
  BOOST_TEST(second[0].id == low2.id);

  TicketQuery dept_staff;
  dept_staff.scope_requester_id = regal::new_uuid_v7();
  dept_staff.scope_department_id = other.id;
  dept_staff.tag = tag;
  const auto theirs = store.list(dept_staff);
  BOOST_REQUIRE(theirs.size() == 1u);
  BOOST_TEST(theirs[0].id == elsewhere.id);
}

BOOST_AUTO_TEST_CASE(writes_check_the_version_and_commit_history_and_messages_together) {
  const Department d = department();
  const std::string user = make_user("END_USER");
  const std::string agent = make_user("AGENT");
  const Ticket t = ticket(user, d.id, Priority::kMedium);
  regal::ports::TicketWrite w;
  w.ticket_id = t.id;
  w.expected_version = t.version + 1;
  w.change.status = Status::kResolved;
  w.change.resolved_at_ms = std::optional<std::int64_t>(1'700'000'000'123);
  w.history = {{0, t.id, agent, "status", "OPEN", "RESOLVED", 1'700'000'000'123}};
  BOOST_TEST(!store.write(w).has_value());
  w.expected_version = t.version;
  const auto after = store.write(w);
  BOOST_REQUIRE(after.has_value());
  BOOST_TEST((after->status == Status::kResolved));
  BOOST_TEST(after->version == t.version + 1);
  BOOST_TEST(*after->resolved_at_ms == 1'700'000'000'123);
  const auto history = store.history(t.id, 0, 10);
  BOOST_REQUIRE(history.size() == 2u);
  BOOST_TEST(*history[1].to == "RESOLVED");
  BOOST_TEST(history[1].actor_id == agent);

  regal::ports::TicketWrite note;
  note.ticket_id = t.id;
  note.message = TicketMessage{regal::new_uuid_v7(), t.id, agent, "secret zebra note " + tag,
                               Visibility::kInternal, 1'700'000'000'200};
  BOOST_REQUIRE(store.write(note).has_value());
  regal::ports::TicketWrite reply;
  reply.ticket_id = t.id;
  reply.message = TicketMessage{regal::new_uuid_v7(), t.id, agent, "public answer " + tag,
                                Visibility::kPublic, 1'700'000'000'300};
  reply.attachment = Attachment{regal::new_uuid_v7(), t.id, note.message->id, agent, "log.txt",
                                "text/plain", 10, std::string(64, 'a'), "s3://bucket/k",
                                1'700'000'000'300};
  BOOST_REQUIRE(store.write(reply).has_value());
  BOOST_TEST(store.messages(t.id, false, "", 10).size() == 1u);
  BOOST_TEST(store.messages(t.id, true, "", 10).size() == 2u);
  BOOST_TEST(store.attachments(t.id, false, "", 10).empty());
  BOOST_TEST(store.attachments(t.id, true, "", 10).size() == 1u);
  BOOST_TEST(store.message(t.id, note.message->id)->body == "secret zebra note " + tag);

  TicketQuery search;
  search.scope_requester_id = user;
  search.text = "ZEBRA NOTE " + tag;
  BOOST_TEST(store.list(search).empty());
  search.scope_all = true;
  search.include_internal = true;
  BOOST_TEST(store.list(search).size() == 1u);
  search.text = "public ANSWER " + tag;
  search.scope_all = false;
  search.include_internal = false;
  BOOST_TEST(store.list(search).size() == 1u);
}

BOOST_AUTO_TEST_CASE(messages_history_and_attachments_are_append_only) {
  const Department d = department();
  const std::string user = make_user("END_USER");
  const Ticket t = ticket(user, d.id, Priority::kMedium);
  regal::ports::TicketWrite w;
  w.ticket_id = t.id;
  w.message = TicketMessage{regal::new_uuid_v7(), t.id, user, "hello", Visibility::kPublic,
                            1'700'000'000'000};
  w.attachment = Attachment{regal::new_uuid_v7(), t.id, std::nullopt, user, "a.png", "image/png",
                            1, std::string(64, 'b'), "s3://b/a", 1'700'000'000'000};
  BOOST_REQUIRE(store.write(w).has_value());
  regal::pg::Database owner{{.url = regal::test::env("REGAL_MIGRATE_URL"), .max_sessions = 1}};
  for (const char* sql : {"UPDATE ticket_messages SET body = 'x'", "DELETE FROM ticket_messages",
                          "UPDATE ticket_history SET field = 'tags'", "DELETE FROM ticket_history",
                          "UPDATE ticket_attachments SET size_bytes = 2",
                          "DELETE FROM ticket_attachments"}) {
    std::string text = std::string(sql) + " WHERE ticket_id = '" + t.id + "'";
    BOOST_CHECK_THROW(db.with_session([&](Poco::Data::Session& s) { s << text, now; }),
                      Poco::Exception);
    // Not even the schema owner: the trigger refuses it.
    BOOST_CHECK_THROW(owner.with_session([&](Poco::Data::Session& s) { s << text, now; }),
                      Poco::Exception);
  }
  BOOST_TEST(store.messages(t.id, true, "", 10).at(0).body == "hello");
}

BOOST_AUTO_TEST_CASE(stats_count_by_status_and_priority_per_department_and_team) {
  const Department d = department();
  const std::string user = make_user("END_USER");
  ticket(user, d.id, Priority::kHigh);
  ticket(user, d.id, Priority::kHigh);
  ticket(user, d.id, Priority::kLow);
  const TicketStats stats = store.stats(d.id);
  BOOST_REQUIRE(stats.groups.size() == 1u);
  BOOST_TEST(stats.groups[0].total == 3);
  BOOST_TEST(stats.groups[0].by_status.at("OPEN") == 3);
  BOOST_TEST(stats.groups[0].by_status.at("CLOSED") == 0);
  BOOST_TEST(stats.groups[0].by_priority.at("HIGH") == 2);
}

BOOST_AUTO_TEST_CASE(the_stats_cache_serves_until_invalidated_and_holds_only_counts) {
  regal::redis::RedisClient redis({.url = regal::test::env("REDIS_URL"), .pool_size = 2});
  regal::redis::RedisDeskStatsCache cache(redis, 30);
  const std::string scope = "it-" + tag;
  std::string generation;
  BOOST_TEST(!cache.get(scope, generation).has_value());
  TicketStats stats;
  stats.computed_at_ms = 42;
  StatsGroup g;
  g.department_id = regal::new_uuid_v7();
  g.by_status["OPEN"] = 3;
  g.by_priority["LOW"] = 3;
  g.total = 3;
  stats.groups.push_back(g);
  cache.put(scope, generation, stats);
  std::string again;
  const auto hit = cache.get(scope, again);
  BOOST_REQUIRE(hit.has_value());
  BOOST_TEST(hit->groups.at(0).total == 3);
  BOOST_TEST(regal::redis::stats_to_json(*hit) == regal::redis::stats_to_json(stats));
  const auto ttl = redis.command({"TTL", "regal:desk_stats:" + again + ":" + scope});
  BOOST_TEST(ttl.integer > 0);
  BOOST_TEST(ttl.integer <= 30);

  cache.invalidate();
  std::string after;
  BOOST_TEST(!cache.get(scope, after).has_value());
  BOOST_TEST(after != again);
  // A reader that computed before the write and stores late cannot revive stale counts.
  cache.put(scope, generation, stats);
  BOOST_TEST(!cache.get(scope, after).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
