-- pgbench ceiling of GET /api/v1/tickets as a desk agent: the list statement PgTicketStore::list
-- (lib/src/data/pg/pg_desk_tickets.cpp) runs for an agent placed in a department, first page,
-- no filter (the scenario's most common query): the agent's own tickets or the department's,
-- URGENT→LOW then oldest first, limit 50. -D agent=<user id> -D dept=<department id>.
SELECT t.id::text, t.number, t.subject, t.description, t.status, t.priority,
       t.requester_id::text, t.department_id::text, t.team_id::text, t.assignee_id::text,
       array_to_string(t.tags, chr(31)),
       (extract(epoch FROM t.created_at) * 1000)::bigint,
       (extract(epoch FROM t.updated_at) * 1000)::bigint,
       (extract(epoch FROM t.first_response_at) * 1000)::bigint,
       (extract(epoch FROM t.resolved_at) * 1000)::bigint,
       (extract(epoch FROM t.closed_at) * 1000)::bigint, t.version
  FROM tickets t
 WHERE true AND (t.requester_id = :agent::uuid OR t.department_id = :dept::uuid)
 ORDER BY t.priority_rank DESC, t.id LIMIT 50;
