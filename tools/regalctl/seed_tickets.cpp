#include <string>

#include "seed_history.hpp"

// Help-desk tickets for regalctl seed-demo --tickets (see seed_demo.hpp), written the way
// lib/desk/ticket_service and pg_desk_tickets write them: the ticket row, a `status` history
// row (NULL → OPEN, by the requester) at creation, one history row per later change of status
// or assignee, messages (the staff's first public reply sets first_response_at).
namespace regal::tools {
namespace {

std::string replace_all(std::string text, const std::string& token, const std::string& value) {
  for (auto at = text.find(token); at != std::string::npos;
       at = text.find(token, at + value.size())) {
    text.replace(at, token.size(), value);
  }
  return text;
}

// Five departments of three teams; eight staff per department (the first three lead a team
// each, as TEAM_LEAD; the others are AGENTs, each in one team); requesters: one end user per 20
// tickets (at least 10). No account gets a usable password ('!' is no bcrypt hash).
constexpr const char* kDirectory = R"SQL(
CREATE TEMP TABLE tk_dept ON COMMIT DROP AS
SELECT gen_random_uuid() AS id, v.* FROM (VALUES
  (0, 'Demo IT Support', 'Tills, scanners, printers, accounts and the network.'),
  (1, 'Demo Billing', 'Invoices, refunds, card settlements and supplier payments.'),
  (2, 'Demo Store Operations', 'Opening hours, shelves, deliveries and stock counts.'),
  (3, 'Demo Warehouse', 'Receiving, transfers between branches and damaged goods.'),
  (4, 'Demo People', 'Shifts, payroll and training.')) AS v(n, name, description);
INSERT INTO departments (id, name, description) SELECT id, name, description FROM tk_dept ORDER BY n;
CREATE TEMP TABLE tk_team ON COMMIT DROP AS
SELECT gen_random_uuid() AS id, d.id AS department_id, d.n AS dn, t.j,
       (ARRAY['Front line', 'Second line', 'Escalations'])[t.j + 1] AS name
  FROM tk_dept d, generate_series(0, 2) t(j);
INSERT INTO teams (id, department_id, name) SELECT id, department_id, name FROM tk_team
 ORDER BY dn, j;
CREATE TEMP TABLE tk_staff ON COMMIT DROP AS
SELECT gen_random_uuid() AS id, d.id AS department_id, d.n AS dn, a.j,
       w.f[1 + pg_temp.rnd(d.n * 8 + a.j, 101, cardinality(w.f))] || ' ' ||
         w.l[1 + pg_temp.rnd(d.n * 8 + a.j, 102, cardinality(w.l))] AS full_name
  FROM tk_dept d, generate_series(0, 7) a(j), (SELECT :first_names AS f, :last_names AS l) w;
INSERT INTO users (id, full_name, email, username, password_hash, desk_role)
SELECT id, full_name, 'demo.agent' || (dn * 8 + j + 1) || '@regal.example',
       'demo.agent' || (dn * 8 + j + 1), '!', CASE WHEN j < 3 THEN 'TEAM_LEAD' ELSE 'AGENT' END
  FROM tk_staff ORDER BY dn, j;
INSERT INTO staff (user_id, department_id) SELECT id, department_id FROM tk_staff ORDER BY dn, j;
INSERT INTO staff_teams (user_id, team_id, leads)
SELECT s.id, t.id, s.j < 3 FROM tk_staff s JOIN tk_team t ON t.dn = s.dn AND t.j = s.j % 3;
CREATE TEMP TABLE tk_user ON COMMIT DROP AS
SELECT (g - 1)::int AS k, gen_random_uuid() AS id,
       w.f[1 + pg_temp.rnd(g, 103, cardinality(w.f))] || ' ' ||
         w.l[1 + pg_temp.rnd(g, 104, cardinality(w.l))] AS full_name
  FROM generate_series(1, greatest(10, :tickets / 20)) g,
       (SELECT :first_names AS f, :last_names AS l) w;
INSERT INTO users (id, full_name, email, username, password_hash, desk_role)
SELECT id, full_name, 'demo.user' || (k + 1) || '@regal.example', 'demo.user' || (k + 1), '!',
       'END_USER'
  FROM tk_user ORDER BY k;
ALTER TABLE tk_user ADD PRIMARY KEY (k);
ANALYZE tk_dept, tk_team, tk_staff, tk_user;
)SQL";

// One row per ticket, every figure from g: created over the last 365 days in g order (ids are
// UUIDv7 of that moment, numbers follow age); the newest 3 % are mostly still being worked on,
// the rest mostly closed (with a backlog of about 8 %). Times of the later events are offsets
// from creation.
constexpr const char* kTickets = R"SQL(
CREATE TEMP TABLE tk_ticket ON COMMIT DROP AS
SELECT x.*,
       (lpad(to_hex((extract(epoch FROM x.created_at) * 1000)::bigint), 12, '0') || '7' ||
        substr(replace(gen_random_uuid()::text, '-', ''), 14, 19))::uuid AS id,
       (SELECT id FROM tk_user WHERE k = pg_temp.rnd(x.g, 111, (SELECT count(*) FROM tk_user)))
         AS requester_id,
       (SELECT id FROM tk_dept WHERE n = x.dn) AS department_id,
       CASE WHEN pg_temp.rnd(x.g, 112, 5) > 0
            THEN (SELECT id FROM tk_team WHERE dn = x.dn AND j = pg_temp.rnd(x.g, 113, 3)) END
         AS team_id,
       CASE WHEN x.status <> 'OPEN' AND x.status <> 'CANCELLED' OR pg_temp.rnd(x.g, 114, 10) < 3
            THEN (SELECT id FROM tk_staff WHERE dn = x.dn AND j = pg_temp.rnd(x.g, 115, 8)) END
         AS assignee_id
  FROM (SELECT g, created_at, (pg_temp.rnd(g, 116, 100) * pg_temp.rnd(g, 117, 100) / 2000)::int
                 AS dn,
               CASE WHEN g > :tickets * 97 / 100 THEN
                      (ARRAY['OPEN', 'OPEN', 'OPEN', 'OPEN', 'OPEN', 'IN_PROGRESS', 'IN_PROGRESS',
                             'IN_PROGRESS', 'PENDING_USER', 'RESOLVED'])[1 + pg_temp.rnd(g, 118, 10)]
                    ELSE (ARRAY['CLOSED', 'CLOSED', 'CLOSED', 'CLOSED', 'CLOSED', 'CLOSED',
                                'CLOSED', 'CLOSED', 'CLOSED', 'CLOSED', 'CLOSED', 'CLOSED',
                                'CLOSED', 'CLOSED', 'CLOSED', 'CLOSED', 'RESOLVED', 'CANCELLED',
                                'IN_PROGRESS', 'PENDING_USER', 'OPEN', 'CANCELLED', 'CLOSED',
                                'OPEN', 'IN_PROGRESS'])[1 + pg_temp.rnd(g, 119, 25)] END AS status,
               (ARRAY['LOW', 'LOW', 'LOW', 'LOW', 'LOW', 'MEDIUM', 'MEDIUM', 'MEDIUM', 'MEDIUM',
                      'MEDIUM', 'MEDIUM', 'MEDIUM', 'MEDIUM', 'MEDIUM', 'MEDIUM', 'HIGH', 'HIGH',
                      'HIGH', 'HIGH', 'URGENT'])[1 + pg_temp.rnd(g, 120, 20)] AS priority,
               (ARRAY['Receipt printer', 'Card terminal', 'Till', 'Barcode scanner', 'Invoice',
                      'Refund', 'Delivery', 'Stock count', 'Price label', 'Shift plan', 'Payslip',
                      'Login', 'Wi-Fi', 'Scale', 'Fridge', 'Supplier payment'])
                 [1 + pg_temp.rnd(g, 121, 16)] || ' ' ||
               (ARRAY['does not work', 'is slow', 'shows an error', 'needs replacing',
                      'question', 'is missing', 'is wrong', 'after the update', 'again',
                      'in branch ' || (1 + pg_temp.rnd(g, 122, 9))])[1 + pg_temp.rnd(g, 123, 10)]
                 AS subject,
               'Reported at the till. ' ||
               (ARRAY['It started this morning.', 'Restarting did not help.',
                      'Customers are waiting.', 'It happens every few hours.',
                      'Photo attached to the next message.', 'Can someone call me back?'])
                 [1 + pg_temp.rnd(g, 124, 6)] AS description,
               string_to_array((ARRAY['', '', 'hardware', 'network', 'billing',
                      'hardware,urgent-fix', 'vip', 'billing,refund'])[1 + pg_temp.rnd(g, 125, 8)],
                 ',') AS tags,
               (10 + pg_temp.rnd(g, 126, 240)) * interval '1 minute' AS respond_after,
               (2 + pg_temp.rnd(g, 127, 70)) * interval '1 hour' AS resolve_after
          FROM (SELECT g, now() - interval '365 days' * (:tickets - g + 1) / :tickets
                          + pg_temp.rnd(g, 128, 60000) * interval '1 millisecond' AS created_at
                  FROM generate_series(1, :tickets) g) c) x;
ALTER TABLE tk_ticket ADD PRIMARY KEY (g);
)SQL";

// History rows (as ticket_service writes them), then the tickets with the figures they imply.
constexpr const char* kInsertTickets = R"SQL(
CREATE TEMP TABLE tk_event ON COMMIT DROP AS
SELECT t.id AS ticket_id, t.requester_id AS actor_id, 'status' AS field, NULL::text AS from_value,
       'OPEN' AS to_value, t.created_at AS at, 0 AS o FROM tk_ticket t
UNION ALL
SELECT id, assignee_id, 'assignee', NULL, assignee_id::text, created_at + respond_after / 2, 1
  FROM tk_ticket WHERE assignee_id IS NOT NULL
UNION ALL
SELECT id, assignee_id, 'status', 'OPEN', 'IN_PROGRESS', created_at + respond_after, 2
  FROM tk_ticket WHERE status IN ('IN_PROGRESS', 'PENDING_USER', 'RESOLVED', 'CLOSED')
UNION ALL
SELECT id, assignee_id, 'status', 'IN_PROGRESS', 'PENDING_USER',
       created_at + respond_after + interval '5 minutes', 3
  FROM tk_ticket WHERE status = 'PENDING_USER'
UNION ALL
SELECT id, assignee_id, 'status', 'IN_PROGRESS', 'RESOLVED', created_at + resolve_after, 4
  FROM tk_ticket WHERE status IN ('RESOLVED', 'CLOSED')
UNION ALL
SELECT id, requester_id, 'status', 'RESOLVED', 'CLOSED',
       created_at + resolve_after + interval '3 days', 5
  FROM tk_ticket WHERE status = 'CLOSED'
UNION ALL
SELECT id, requester_id, 'status', 'OPEN', 'CANCELLED', created_at + respond_after / 3, 6
  FROM tk_ticket WHERE status = 'CANCELLED';
INSERT INTO tickets (id, subject, description, status, priority, requester_id, department_id,
                     team_id, assignee_id, tags, created_at, updated_at, first_response_at,
                     resolved_at, closed_at, version)
SELECT t.id, t.subject, t.description, t.status, t.priority, t.requester_id, t.department_id,
       t.team_id, t.assignee_id, t.tags, t.created_at,
       greatest(t.created_at, e.last_at),
       CASE WHEN t.status IN ('IN_PROGRESS', 'PENDING_USER', 'RESOLVED', 'CLOSED')
            THEN t.created_at + t.respond_after END,
       CASE WHEN t.status IN ('RESOLVED', 'CLOSED') THEN t.created_at + t.resolve_after END,
       CASE WHEN t.status = 'CLOSED' THEN t.created_at + t.resolve_after + interval '3 days' END,
       e.changes
  FROM tk_ticket t
  JOIN (SELECT ticket_id, max(at) AS last_at, count(*)::int AS changes FROM tk_event
         GROUP BY ticket_id) e ON e.ticket_id = t.id
 ORDER BY t.g;
INSERT INTO ticket_history (ticket_id, actor_id, field, from_value, to_value, at)
SELECT ticket_id, actor_id, field, from_value, to_value, at FROM tk_event ORDER BY at, o;
INSERT INTO ticket_messages (id, ticket_id, author_id, body, visibility, created_at)
SELECT (lpad(to_hex((extract(epoch FROM m.at) * 1000)::bigint), 12, '0') || '7' ||
        substr(replace(gen_random_uuid()::text, '-', ''), 14, 19))::uuid,
       m.ticket_id, m.author_id, m.body, m.visibility, m.at
  FROM (SELECT id AS ticket_id, assignee_id AS author_id, created_at + respond_after AS at,
               'public' AS visibility,
               (ARRAY['Thanks, we are looking into it.', 'Could you send the till number?',
                      'A technician is on the way.', 'Please restart it once and tell us.'])
                 [1 + pg_temp.rnd(g, 131, 4)] AS body
          FROM tk_ticket WHERE status IN ('IN_PROGRESS', 'PENDING_USER', 'RESOLVED', 'CLOSED')
        UNION ALL
        SELECT id, requester_id, created_at + respond_after + interval '20 minutes', 'public',
               (ARRAY['It is TILL-2.', 'Still the same.', 'Thank you!', 'Works now.'])
                 [1 + pg_temp.rnd(g, 132, 4)]
          FROM tk_ticket WHERE status IN ('IN_PROGRESS', 'RESOLVED', 'CLOSED')
           AND pg_temp.rnd(g, 133, 2) = 0
        UNION ALL
        SELECT id, assignee_id, created_at + respond_after + interval '30 minutes', 'internal',
               'Internal: ' || (ARRAY['known issue, see the vendor ticket.', 'second time this month.',
                                      'replace under warranty.'])[1 + pg_temp.rnd(g, 134, 3)]
          FROM tk_ticket WHERE assignee_id IS NOT NULL AND status <> 'OPEN'
           AND pg_temp.rnd(g, 135, 5) = 0) m
 ORDER BY m.at;
)SQL";

}  // namespace

std::vector<SeedStep> ticket_steps(const TicketOptions& o) {
  const auto fill = [&](const char* sql) {
    std::string out = replace_all(sql, ":tickets", std::to_string(o.tickets));
    out = replace_all(out, ":first_names", o.first_names);
    return replace_all(out, ":last_names", o.last_names);
  };
  return {{"tickets: departments, teams, staff", fill(kDirectory)},
          {"tickets: generate", fill(kTickets)},
          {"tickets: insert with history, messages", fill(kInsertTickets)}};
}

}  // namespace regal::tools
