// PgTicketStore: tickets, messages, history, attachment references and stats
// (migrations/0007_desk.sql). One write = one transaction that locks the ticket row first, so
// the version check, the change, its history and a new message commit together.
#include <Poco/Data/Session.h>
#include <Poco/Data/Session.h>

#include <map>
#include <sstream>

#include "data/pg/rows.hpp"
#include "data/pg/sql.hpp"
#include "regal/core/error.hpp"
#include "regal/data/pg/database.hpp"
#include "regal/data/pg/pg_desk.hpp"

namespace regal::pg {
namespace {

using desk::Attachment;
using desk::HistoryEntry;
using desk::Ticket;
using desk::TicketMessage;

const std::string kTicketColumns =
    "t.id::text, t.number, t.subject, t.description, t.status, t.priority, t.requester_id::text,"
    " t.department_id::text, t.team_id::text, t.assignee_id::text,"
    " array_to_string(t.tags, chr(31)), " +
    ms("t.created_at") + ", " + ms("t.updated_at") + ", " + ms("t.first_response_at") + ", " +
    ms("t.resolved_at") + ", " + ms("t.closed_at") + ", t.version";
const std::string kMessageColumns = "m.id::text, m.ticket_id::text, m.author_id::text, m.body,"
                                    " m.visibility, " + ms("m.created_at");
const std::string kAttachmentColumns =
    "a.id::text, a.ticket_id::text, a.message_id::text, a.uploader_id::text, a.file_name,"
    " a.content_type, a.size_bytes, a.sha256, a.storage_uri, " + ms("a.created_at");

std::optional<std::int64_t> opt_ms(const Row& r, std::size_t col) {
  if (r.is_null(col)) return std::nullopt;
  return r.int64(col);
}

std::vector<std::string> split_tags(const std::string& text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  std::istringstream in(text);
  for (std::string tag; std::getline(in, tag, '\x1f');) out.push_back(tag);
  return out;
}

Ticket to_ticket(const Row& r) {
  Ticket t;
  t.id = r.text(0);
  t.number = r.int64(1);
  t.subject = r.text(2);
  t.description = r.text(3);
  t.status = desk::parse_status(r.text(4)).value_or(desk::Status::kOpen);
  t.priority = desk::parse_priority(r.text(5)).value_or(desk::Priority::kMedium);
  t.requester_id = r.text(6);
  t.department_id = r.text(7);
  t.team_id = r.opt_text(8);
  t.assignee_id = r.opt_text(9);
  t.tags = split_tags(r.text(10));
  t.created_at_ms = r.int64(11);
  t.updated_at_ms = r.int64(12);
  t.first_response_at_ms = opt_ms(r, 13);
  t.resolved_at_ms = opt_ms(r, 14);
  t.closed_at_ms = opt_ms(r, 15);
  t.version = static_cast<int>(r.int64(16));
  return t;
}

TicketMessage to_message(const Row& r) {
  return {r.text(0), r.text(1), r.text(2), r.text(3),
          desk::parse_visibility(r.text(4)).value_or(desk::Visibility::kInternal), r.int64(5)};
}

Attachment to_attachment(const Row& r) {
  return {r.text(0), r.text(1), r.opt_text(2), r.text(3), r.text(4),
          r.text(5), r.int64(6), r.text(7),    r.text(8), r.int64(9)};
}

template <class T, class Map>
std::vector<T> rows_of(const Result& rs, Map map) {
  std::vector<T> out;
  for (std::size_t i = 0; i < rs.rowCount(); ++i) out.push_back(map(Row(rs, i)));
  return out;
}

// SQL for a nullable value: NULL, or a bound parameter.
std::string uuid_or_null(Sql& sql, const std::optional<std::string>& id) {
  return id ? sql.bind(*id, "uuid") : "NULL";
}
std::string time_of(Sql& sql, std::int64_t epoch_ms) {
  return "('epoch'::timestamptz + " + sql.bind(std::to_string(epoch_ms), "bigint") +
         " * interval '1 millisecond')";
}
std::string time_or_null(Sql& sql, const std::optional<std::int64_t>& epoch_ms) {
  return epoch_ms ? time_of(sql, *epoch_ms) : "NULL";
}
// A LIKE pattern matching `text` anywhere, folded like regal_fold.
std::string contains_pattern(Sql& sql, const std::string& text) {
  return "'%' || replace(replace(replace(regal_fold(" + sql.bind(text, "text") +
         "), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'";
}

std::optional<Ticket> select_ticket(Poco::Data::Session& s, const std::string& id) {
  Sql sql("SELECT " + kTicketColumns + " FROM tickets t WHERE t.id = ");
  sql << sql.bind(id, "uuid");
  const auto rs = sql.run(s);
  if (rs.rowCount() == 0) return std::nullopt;
  return to_ticket(Row(rs, 0));
}

void insert_history(Poco::Data::Session& s, const std::vector<HistoryEntry>& rows) {
  for (const auto& h : rows) {
    Sql sql("INSERT INTO ticket_history (ticket_id, actor_id, field, from_value, to_value, at) "
            "VALUES (");
    sql << sql.bind(h.ticket_id, "uuid") << ", "
        << uuid_or_null(sql, h.actor_id.empty() ? std::nullopt
                                                : std::optional<std::string>(h.actor_id))
        << ", " << sql.bind(h.field, "text") << ", "
        << (h.from ? sql.bind(*h.from, "text") : "NULL") << ", "
        << (h.to ? sql.bind(*h.to, "text") : "NULL") << ", " << time_of(sql, h.at_ms) << ")";
    sql.run(s);
  }
}

void update_ticket(Poco::Data::Session& s, const std::string& id, const ports::TicketChange& c) {
  Sql sql("UPDATE tickets SET version = version");  // regal_touch_row bumps it
  if (c.subject) sql << ", subject = " << sql.bind(*c.subject, "text");
  if (c.description) sql << ", description = " << sql.bind(*c.description, "text");
  if (c.status) sql << ", status = " << sql.bind(std::string(desk::to_string(*c.status)), "text");
  if (c.priority) {
    sql << ", priority = " << sql.bind(std::string(desk::to_string(*c.priority)), "text");
  }
  if (c.department_id) sql << ", department_id = " << sql.bind(*c.department_id, "uuid");
  if (c.team_id) sql << ", team_id = " << uuid_or_null(sql, *c.team_id);
  if (c.assignee_id) sql << ", assignee_id = " << uuid_or_null(sql, *c.assignee_id);
  if (c.tags) sql << ", tags = " << sql.bind(pg_array(*c.tags), "text[]");
  if (c.first_response_at_ms) {
    sql << ", first_response_at = " << time_of(sql, *c.first_response_at_ms);
  }
  if (c.resolved_at_ms) sql << ", resolved_at = " << time_or_null(sql, *c.resolved_at_ms);
  if (c.closed_at_ms) sql << ", closed_at = " << time_or_null(sql, *c.closed_at_ms);
  sql << " WHERE id = " << sql.bind(id, "uuid");
  sql.run(s);
}

void insert_message(Poco::Data::Session& s, const TicketMessage& m) {
  Sql sql("INSERT INTO ticket_messages (id, ticket_id, author_id, body, visibility, created_at) "
          "VALUES (");
  sql << sql.bind(m.id, "uuid") << ", " << sql.bind(m.ticket_id, "uuid") << ", "
      << sql.bind(m.author_id, "uuid") << ", " << sql.bind(m.body, "text") << ", "
      << sql.bind(std::string(desk::to_string(m.visibility)), "text") << ", "
      << time_of(sql, m.created_at_ms) << ")";
  sql.run(s);
}

void insert_attachment(Poco::Data::Session& s, const Attachment& a) {
  Sql sql("INSERT INTO ticket_attachments (id, ticket_id, message_id, uploader_id, file_name,"
          " content_type, size_bytes, sha256, storage_uri, created_at) VALUES (");
  sql << sql.bind(a.id, "uuid") << ", " << sql.bind(a.ticket_id, "uuid") << ", "
      << uuid_or_null(sql, a.message_id) << ", " << sql.bind(a.uploader_id, "uuid") << ", "
      << sql.bind(a.file_name, "text") << ", " << sql.bind(a.content_type, "text") << ", "
      << sql.bind(std::to_string(a.size), "bigint") << ", " << sql.bind(a.sha256, "text") << ", "
      << sql.bind(a.storage_uri, "text") << ", " << time_of(sql, a.created_at_ms) << ")";
  sql.run(s);
}

}  // namespace

Ticket PgTicketStore::insert(const Ticket& t, const std::vector<HistoryEntry>& history) {
  return db_.transact([&](Transaction& tx) {
    Sql sql("INSERT INTO tickets (id, subject, description, status, priority, requester_id,"
            " department_id, team_id, assignee_id, tags) VALUES (");
    sql << sql.bind(t.id, "uuid") << ", " << sql.bind(t.subject, "text") << ", "
        << sql.bind(t.description, "text") << ", "
        << sql.bind(std::string(desk::to_string(t.status)), "text") << ", "
        << sql.bind(std::string(desk::to_string(t.priority)), "text") << ", "
        << sql.bind(t.requester_id, "uuid") << ", " << sql.bind(t.department_id, "uuid") << ", "
        << uuid_or_null(sql, t.team_id) << ", " << uuid_or_null(sql, t.assignee_id) << ", "
        << sql.bind(pg_array(t.tags), "text[]") << ")";
    sql.run(tx.session());
    insert_history(tx.session(), history);
    return *select_ticket(tx.session(), t.id);
  });
}

std::optional<Ticket> PgTicketStore::find(const std::string& id) {
  return db_.with_session([&](Poco::Data::Session& s) { return select_ticket(s, id); });
}

std::vector<Ticket> PgTicketStore::list(const desk::TicketQuery& q) {
  return db_.with_session([&](Poco::Data::Session& s) {
    Sql sql("SELECT " + kTicketColumns + " FROM tickets t WHERE true");
    std::string department_param;
    if (!q.scope_all) {
      sql << " AND (t.requester_id = " << uuid_or_null(sql, q.scope_requester_id);
      if (q.scope_department_id) {
        department_param = sql.bind(*q.scope_department_id, "uuid");
        sql << " OR t.department_id = " << department_param;
      }
      sql << ")";
    }
    if (!q.statuses.empty()) {
      std::vector<std::string> names;
      for (const auto st : q.statuses) names.emplace_back(desk::to_string(st));
      sql << " AND t.status = ANY(" << sql.bind(pg_array(names), "text[]") << ")";
    }
    if (!q.priorities.empty()) {
      std::vector<std::string> names;
      for (const auto p : q.priorities) names.emplace_back(desk::to_string(p));
      sql << " AND t.priority = ANY(" << sql.bind(pg_array(names), "text[]") << ")";
    }
    if (q.department_id) sql << " AND t.department_id = " << sql.bind(*q.department_id, "uuid");
    if (q.team_id) sql << " AND t.team_id = " << sql.bind(*q.team_id, "uuid");
    if (q.assignee_id) sql << " AND t.assignee_id = " << sql.bind(*q.assignee_id, "uuid");
    if (q.requester_id) sql << " AND t.requester_id = " << sql.bind(*q.requester_id, "uuid");
    if (q.tag) sql << " AND t.tags @> ARRAY[" << sql.bind(*q.tag, "text") << "]";
    if (q.created_from_ms) sql << " AND t.created_at >= " << time_of(sql, *q.created_from_ms);
    if (q.created_to_ms) sql << " AND t.created_at < " << time_of(sql, *q.created_to_ms);
    if (q.updated_from_ms) sql << " AND t.updated_at >= " << time_of(sql, *q.updated_from_ms);
    if (q.updated_to_ms) sql << " AND t.updated_at < " << time_of(sql, *q.updated_to_ms);
    if (!q.text.empty()) {
      // Internal notes are searched only where the caller may read them.
      std::string internal_ok = "false";
      if (q.scope_all && q.include_internal) {
        internal_ok = "true";
      } else if (q.include_internal && !department_param.empty()) {
        internal_ok = "t.department_id = " + department_param;
      }
      const std::string pattern = contains_pattern(sql, q.text);
      sql << " AND (regal_fold(t.subject) LIKE " << pattern
          << " OR EXISTS (SELECT 1 FROM ticket_messages m WHERE m.ticket_id = t.id"
          << " AND regal_fold(m.body) LIKE " << pattern << " AND (m.visibility = 'public' OR "
          << internal_ok << ")))";
    }
    if (q.after) {
      const std::string rank = sql.bind(std::to_string(q.after->first), "integer");
      sql << " AND (t.priority_rank < " << rank << " OR (t.priority_rank = " << rank
          << " AND t.id > " << sql.bind(q.after->second, "uuid") << "))";
    }
    sql << " ORDER BY t.priority_rank DESC, t.id LIMIT " << std::to_string(q.limit);
    return rows_of<Ticket>(sql.run(s), to_ticket);
  });
}

std::optional<Ticket> PgTicketStore::write(const ports::TicketWrite& w) {
  return db_.transact([&](Transaction& tx) -> std::optional<Ticket> {
    Sql lock("SELECT version FROM tickets WHERE id = ");
    lock << lock.bind(w.ticket_id, "uuid") << " FOR UPDATE";
    const auto rs = lock.run(tx.session());
    if (rs.rowCount() == 0) return std::nullopt;
    if (w.expected_version != 0 && Row(rs, 0).int64(0) != w.expected_version) return std::nullopt;
    if (!w.change.empty()) update_ticket(tx.session(), w.ticket_id, w.change);
    insert_history(tx.session(), w.history);
    if (w.message) insert_message(tx.session(), *w.message);
    if (w.attachment) insert_attachment(tx.session(), *w.attachment);
    return select_ticket(tx.session(), w.ticket_id);
  });
}

std::vector<TicketMessage> PgTicketStore::messages(const std::string& ticket_id,
                                                   bool include_internal,
                                                   const std::string& after_id, int limit) {
  return db_.with_session([&](Poco::Data::Session& s) {
    Sql sql("SELECT " + kMessageColumns + " FROM ticket_messages m WHERE m.ticket_id = ");
    sql << sql.bind(ticket_id, "uuid");
    if (!include_internal) sql << " AND m.visibility = 'public'";
    if (!after_id.empty()) sql << " AND m.id > " << sql.bind(after_id, "uuid");
    sql << " ORDER BY m.id LIMIT " << std::to_string(limit);
    return rows_of<TicketMessage>(sql.run(s), to_message);
  });
}

std::optional<TicketMessage> PgTicketStore::message(const std::string& ticket_id,
                                                    const std::string& message_id) {
  return db_.with_session([&](Poco::Data::Session& s) -> std::optional<TicketMessage> {
    Sql sql("SELECT " + kMessageColumns + " FROM ticket_messages m WHERE m.ticket_id = ");
    sql << sql.bind(ticket_id, "uuid") << " AND m.id = " << sql.bind(message_id, "uuid");
    const auto rs = sql.run(s);
    if (rs.rowCount() == 0) return std::nullopt;
    return to_message(Row(rs, 0));
  });
}

std::vector<HistoryEntry> PgTicketStore::history(const std::string& ticket_id,
                                                 std::int64_t after_id, int limit) {
  return db_.with_session([&](Poco::Data::Session& s) {
    Sql sql("SELECT id, ticket_id::text, actor_id::text, field, from_value, to_value, " +
            ms("at") + " FROM ticket_history WHERE ticket_id = ");
    sql << sql.bind(ticket_id, "uuid") << " AND id > "
        << sql.bind(std::to_string(after_id), "bigint") << " ORDER BY id LIMIT "
        << std::to_string(limit);
    return rows_of<HistoryEntry>(sql.run(s), [](const Row& r) {
      return HistoryEntry{r.int64(0),     r.text(1),     r.text(2), r.text(3),
                          r.opt_text(4), r.opt_text(5), r.int64(6)};
    });
  });
}

std::vector<Attachment> PgTicketStore::attachments(const std::string& ticket_id,
                                                   bool include_internal,
                                                   const std::string& after_id, int limit) {
  return db_.with_session([&](Poco::Data::Session& s) {
    Sql sql("SELECT " + kAttachmentColumns + " FROM ticket_attachments a WHERE a.ticket_id = ");
    sql << sql.bind(ticket_id, "uuid");
    if (!include_internal) {
      sql << " AND (a.message_id IS NULL OR EXISTS (SELECT 1 FROM ticket_messages m"
             " WHERE m.id = a.message_id AND m.visibility = 'public'))";
    }
    if (!after_id.empty()) sql << " AND a.id > " << sql.bind(after_id, "uuid");
    sql << " ORDER BY a.id LIMIT " << std::to_string(limit);
    return rows_of<Attachment>(sql.run(s), to_attachment);
  });
}

desk::TicketStats PgTicketStore::stats(const std::optional<std::string>& department_id) {
  return db_.with_session([&](Poco::Data::Session& s) {
    Sql sql("SELECT department_id::text, team_id::text, status, priority, count(*)"
            " FROM tickets WHERE true");
    if (department_id) sql << " AND department_id = " << sql.bind(*department_id, "uuid");
    sql << " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2 NULLS FIRST";
    const auto rs = sql.run(s);
    desk::TicketStats stats;
    for (std::size_t i = 0; i < rs.rowCount(); ++i) {
      const Row r(rs, i);
      const std::string department = r.text(0);
      const std::optional<std::string> team = r.opt_text(1);
      if (stats.groups.empty() || stats.groups.back().department_id != department ||
          stats.groups.back().team_id != team) {
        desk::StatsGroup g;
        g.department_id = department;
        g.team_id = team;
        for (const auto st : desk::kAllStatuses) g.by_status[std::string(desk::to_string(st))] = 0;
        for (const auto p : desk::kAllPriorities) {
          g.by_priority[std::string(desk::to_string(p))] = 0;
        }
        stats.groups.push_back(std::move(g));
      }
      desk::StatsGroup& g = stats.groups.back();
      const std::int64_t n = r.int64(4);
      g.by_status[r.text(2)] += n;
      g.by_priority[r.text(3)] += n;
      g.total += n;
    }
    return stats;
  });
}

}  // namespace regal::pg
