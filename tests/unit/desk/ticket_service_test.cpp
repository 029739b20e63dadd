// TicketService over in-memory fakes: events and stats-cache invalidation after writes, the
// requester-reply rule, first response, and hiding internal notes.
#include "regal/desk/ticket_service.hpp"

#include <boost/test/unit_test.hpp>
#include <map>

#include "regal/core/clock.hpp"
#include "regal/core/error.hpp"
#include "regal/ports/desk_ports.hpp"

using namespace regal;
using namespace regal::desk;
using regal::auth::DeskRole;

namespace {

struct FixedClock final : Clock {
  std::int64_t now_ms() const override { return 1'700'000'000'000; }
};

struct FakeDirectory final : ports::DeskDirectory {
  std::map<std::string, Department> depts;
  std::map<std::string, StaffMember> staff_rows;
  std::vector<Department> departments(bool, const std::string&, int) override { return {}; }
  std::optional<Department> department(const std::string& id) override {
    auto it = depts.find(id);
    return it == depts.end() ? std::nullopt : std::optional<Department>(it->second);
  }
  Department insert_department(const Department& d, const auth::AuditEntry&) override { return d; }
  std::optional<Department> update_department(const Department& d, int,
                                              const auth::AuditEntry&) override {
    return d;
  }
  std::vector<Team> teams(const std::optional<std::string>&, const std::string&, int) override {
    return {};
  }
  std::optional<Team> team(const std::string&) override { return std::nullopt; }
  Team insert_team(const Team& t, const auth::AuditEntry&) override { return t; }
  std::optional<Team> update_team(const Team& t, int, const auth::AuditEntry&) override {
    return t;
  }
  std::vector<StaffMember> staff(const std::optional<std::string>&,
                                 const std::optional<std::string>&, const std::string&,
                                 int) override {
    return {};
  }
  std::optional<StaffMember> staff_member(const std::string& id) override {
    auto it = staff_rows.find(id);
    return it == staff_rows.end() ? std::nullopt : std::optional<StaffMember>(it->second);
  }
  StaffMember insert_staff(const StaffMember& s, const auth::AuditEntry&) override { return s; }
  std::optional<StaffMember> update_staff(const StaffMember& s, int,
                                          const auth::AuditEntry&) override {
    return s;
  }
  bool remove_staff(const std::string&, const auth::AuditEntry&) override { return false; }
  std::optional<DeskRole> account_role(const std::string&) override { return std::nullopt; }
};

struct FakeStore final : ports::TicketStore {
  std::map<std::string, Ticket> tickets;
  std::vector<TicketMessage> msgs;
  std::vector<HistoryEntry> hist;
  Ticket insert(const Ticket& t, const std::vector<HistoryEntry>& h) override {
    Ticket stored = t;
    stored.number = static_cast<std::int64_t>(tickets.size()) + 1;
    tickets[t.id] = stored;
    hist.insert(hist.end(), h.begin(), h.end());
    return stored;
  }
  std::optional<Ticket> find(const std::string& id) override {
    auto it = tickets.find(id);
    return it == tickets.end() ? std::nullopt : std::optional<Ticket>(it->second);
  }
  std::vector<Ticket> list(const TicketQuery&) override { return {}; }
  std::optional<Ticket> write(const ports::TicketWrite& w) override {
    Ticket& t = tickets.at(w.ticket_id);
    if (w.expected_version != 0 && w.expected_version != t.version) return std::nullopt;
    if (!w.change.empty()) {
      if (w.change.status) t.status = *w.change.status;
      if (w.change.priority) t.priority = *w.change.priority;
      if (w.change.assignee_id) t.assignee_id = *w.change.assignee_id;
      if (w.change.first_response_at_ms) t.first_response_at_ms = w.change.first_response_at_ms;
      ++t.version;
    }
    hist.insert(hist.end(), w.history.begin(), w.history.end());
    if (w.message) msgs.push_back(*w.message);
    return t;
  }
  std::vector<TicketMessage> messages(const std::string&, bool include_internal,
                                      const std::string&, int) override {
    std::vector<TicketMessage> out;
    for (const auto& m : msgs) {
      if (include_internal || m.visibility == Visibility::kPublic) out.push_back(m);
    }
    return out;
  }
  std::optional<TicketMessage> message(const std::string&, const std::string&) override {
    return std::nullopt;
  }
  std::vector<HistoryEntry> history(const std::string&, std::int64_t, int) override {
    return hist;
  }
  std::vector<Attachment> attachments(const std::string&, bool, const std::string&,
                                      int) override {
    return {};
  }
  TicketStats stats(const std::optional<std::string>&) override {
    ++stats_calls;
    return {};
  }
  int stats_calls = 0;
};

struct FakeCache final : ports::DeskStatsCache {
  std::map<std::string, TicketStats> entries;
  int invalidations = 0;
  std::optional<TicketStats> get(const std::string& scope, std::string& generation) override {
    generation = "g";
    auto it = entries.find(scope);
    return it == entries.end() ? std::nullopt : std::optional<TicketStats>(it->second);
  }
  void put(const std::string& scope, const std::string&, const TicketStats& s) override {
    entries[scope] = s;
  }
  void invalidate() override {
    ++invalidations;
    entries.clear();
  }
};

struct FakeEvents final : ports::TicketEvents {
  std::vector<std::pair<Status, Status>> seen;
  void status_changed(Status from, Status to) override { seen.emplace_back(from, to); }
};

struct Fixture {
  FixedClock clock;
  FakeDirectory directory;
  FakeStore store;
  FakeCache cache;
  FakeEvents events;
  TicketService svc{{directory, store, cache, events}, clock, AttachmentLimits{}};
  const std::string dept = "00000000-0000-7000-8000-000000000001";
  const std::string user = "00000000-0000-7000-8000-0000000000aa";
  const std::string agent = "00000000-0000-7000-8000-0000000000bb";

  Fixture() {
    directory.depts[dept] = Department{dept, "Support", "", true, 0, 0, 1};
    StaffMember s;
    s.user_id = agent;
    s.department_id = dept;
    directory.staff_rows[agent] = s;
  }
  auth::Actor as(const std::string& id, DeskRole role) {
    return {auth::Principal{id, std::nullopt, role}, "req", "127.0.0.1"};
  }
  Ticket open_ticket() {
    return svc.create(as(user, DeskRole::kEndUser), NewTicket{"Printer", "", Priority::kHigh, dept,
                                                              std::nullopt, {"b", "a", "a"}});
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(ticket_service, Fixture)

BOOST_AUTO_TEST_CASE(create_sorts_tags_writes_history_and_invalidates_stats) {
  const Ticket t = open_ticket();
  BOOST_TEST((t.tags == std::vector<std::string>{"a", "b"}));
  BOOST_TEST(store.hist.size() == 1u);
  BOOST_TEST(cache.invalidations == 1);
}

BOOST_AUTO_TEST_CASE(a_transition_reports_the_event_writes_history_and_invalidates_stats) {
  const Ticket t = open_ticket();
  const int before = cache.invalidations;
  const Ticket after = svc.transition(as(agent, DeskRole::kAgent), t.id, Status::kResolved, {});
  BOOST_TEST((after.status == Status::kResolved));
  BOOST_TEST(events.seen.size() == 1u);
  BOOST_TEST((events.seen[0] == std::make_pair(Status::kOpen, Status::kResolved)));
  BOOST_TEST(cache.invalidations == before + 1);
  BOOST_TEST(store.hist.back().field == "status");
  BOOST_TEST(*store.hist.back().to == "RESOLVED");
}

BOOST_AUTO_TEST_CASE(invalid_transitions_are_conflicts_and_foreign_tickets_not_found) {
  const Ticket t = open_ticket();
  BOOST_CHECK_EXCEPTION(svc.transition(as(agent, DeskRole::kAgent), t.id, Status::kClosed, {}),
                        Error, [](const Error& e) { return e.code() == "INVALID_TRANSITION"; });
  BOOST_CHECK_EXCEPTION(
      svc.get(as("00000000-0000-7000-8000-0000000000cc", DeskRole::kEndUser), t.id), Error,
      [](const Error& e) { return e.kind() == ErrorKind::kNotFound; });
  BOOST_CHECK_EXCEPTION(svc.transition(as(user, DeskRole::kEndUser), t.id, Status::kResolved, {}),
                        Error, [](const Error& e) { return e.kind() == ErrorKind::kForbidden; });
  BOOST_CHECK_EXCEPTION(svc.transition(as(agent, DeskRole::kAgent), t.id, Status::kResolved, 7),
                        Error, [](const Error& e) { return e.code() == "VERSION_MISMATCH"; });
  BOOST_TEST(events.seen.empty());
}

BOOST_AUTO_TEST_CASE(a_requester_reply_moves_pending_user_back_to_in_progress) {
  const Ticket t = open_ticket();
  svc.transition(as(agent, DeskRole::kAgent), t.id, Status::kPendingUser, {});
  svc.add_message(as(user, DeskRole::kEndUser), t.id, "Here it is", Visibility::kPublic);
  BOOST_TEST((store.tickets.at(t.id).status == Status::kInProgress));
  BOOST_TEST(events.seen.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_staff_public_reply_records_the_first_response_once) {
  const Ticket t = open_ticket();
  svc.add_message(as(agent, DeskRole::kAgent), t.id, "On it", Visibility::kPublic);
  BOOST_TEST(store.tickets.at(t.id).first_response_at_ms.has_value());
  const int version = store.tickets.at(t.id).version;
  svc.add_message(as(agent, DeskRole::kAgent), t.id, "Again", Visibility::kPublic);
  BOOST_TEST(store.tickets.at(t.id).version == version);
}

BOOST_AUTO_TEST_CASE(end_users_neither_write_nor_read_internal_notes) {
  const Ticket t = open_ticket();
  BOOST_CHECK_EXCEPTION(
      svc.add_message(as(user, DeskRole::kEndUser), t.id, "psst", Visibility::kInternal), Error,
      [](const Error& e) { return e.kind() == ErrorKind::kForbidden; });
  svc.add_message(as(agent, DeskRole::kAgent), t.id, "internal", Visibility::kInternal);
  svc.add_message(as(agent, DeskRole::kAgent), t.id, "public", Visibility::kPublic);
  BOOST_TEST(svc.messages(as(user, DeskRole::kEndUser), t.id, "", 50).size() == 1u);
  BOOST_TEST(svc.messages(as(agent, DeskRole::kAgent), t.id, "", 50).size() == 2u);
}

BOOST_AUTO_TEST_CASE(stats_are_served_from_the_cache_until_a_write_invalidates_them) {
  open_ticket();
  const auto first = svc.stats(as(agent, DeskRole::kAgent));
  const auto second = svc.stats(as(agent, DeskRole::kAgent));
  BOOST_TEST(!first.cached);
  BOOST_TEST(second.cached);
  BOOST_TEST(store.stats_calls == 1);
  open_ticket();
  BOOST_TEST(!svc.stats(as(agent, DeskRole::kAgent)).cached);
  BOOST_TEST(store.stats_calls == 2);
}

BOOST_AUTO_TEST_CASE(attachments_are_checked_against_the_limits) {
  const Ticket t = open_ticket();
  NewAttachment a{std::nullopt, "x.exe", "application/x-msdownload", 0, "zz", "s3://b/k"};
  BOOST_CHECK_EXCEPTION(svc.add_attachment(as(user, DeskRole::kEndUser), t.id, a), Error,
                        [](const Error& e) { return e.fields().size() == 3u; });
}

BOOST_AUTO_TEST_SUITE_END()
