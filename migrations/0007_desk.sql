-- 0007_desk: the help desk — departments, teams, staff placement, tickets with their lifecycle,
-- messages (public replies and internal notes), the change history and attachment references.
--
-- Messages, history and attachment references are append-only: the application role holds no
-- UPDATE/DELETE on them and a trigger refuses either for any role.

CREATE TABLE departments (
  id           uuid PRIMARY KEY,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description  text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  is_active    boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  version      integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX departments_name ON departments (lower(name));
CREATE TRIGGER departments_touch BEFORE UPDATE ON departments
  FOR EACH ROW EXECUTE FUNCTION regal_touch_row();

CREATE TABLE teams (
  id             uuid PRIMARY KEY,
  department_id  uuid NOT NULL REFERENCES departments (id),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  is_active      boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  version        integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX teams_name ON teams (department_id, lower(name));
CREATE TRIGGER teams_touch BEFORE UPDATE ON teams
  FOR EACH ROW EXECUTE FUNCTION regal_touch_row();

-- A staff member is an account (desk role AGENT, TEAM_LEAD or ADMIN, checked by the service)
-- placed in one department and some of its teams; `leads` marks the teams a lead leads.
CREATE TABLE staff (
  user_id        uuid PRIMARY KEY REFERENCES users (id),
  department_id  uuid NOT NULL REFERENCES departments (id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  version        integer NOT NULL DEFAULT 1
);
CREATE INDEX staff_department ON staff (department_id);
CREATE TRIGGER staff_touch BEFORE UPDATE ON staff
  FOR EACH ROW EXECUTE FUNCTION regal_touch_row();

CREATE TABLE staff_teams (
  user_id  uuid NOT NULL REFERENCES staff (user_id) ON DELETE CASCADE,
  team_id  uuid NOT NULL REFERENCES teams (id),
  leads    boolean NOT NULL DEFAULT false,
  PRIMARY KEY (user_id, team_id)
);
CREATE INDEX staff_teams_team ON staff_teams (team_id);

CREATE SEQUENCE ticket_numbers;

CREATE TABLE tickets (
  id                 uuid PRIMARY KEY,              -- UUIDv7: id order is age order
  number             bigint NOT NULL UNIQUE DEFAULT nextval('ticket_numbers'),
  subject            text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
  description        text NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
  status             text NOT NULL DEFAULT 'OPEN' CHECK (status IN
                       ('OPEN', 'IN_PROGRESS', 'PENDING_USER', 'RESOLVED', 'CLOSED', 'CANCELLED')),
  priority           text NOT NULL DEFAULT 'MEDIUM'
                       CHECK (priority IN ('LOW', 'MEDIUM', 'HIGH', 'URGENT')),
  priority_rank      smallint GENERATED ALWAYS AS (CASE priority WHEN 'URGENT' THEN 4
                       WHEN 'HIGH' THEN 3 WHEN 'MEDIUM' THEN 2 ELSE 1 END) STORED,
  requester_id       uuid NOT NULL REFERENCES users (id),
  department_id      uuid NOT NULL REFERENCES departments (id),
  team_id            uuid REFERENCES teams (id),
  assignee_id        uuid REFERENCES users (id),
  tags               text[] NOT NULL DEFAULT '{}',
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  first_response_at  timestamptz,
  resolved_at        timestamptz,
  closed_at          timestamptz,
  version            integer NOT NULL DEFAULT 1
);
ALTER SEQUENCE ticket_numbers OWNED BY tickets.number;
CREATE INDEX tickets_order ON tickets (priority_rank DESC, id);
CREATE INDEX tickets_department ON tickets (department_id, priority_rank DESC, id);
CREATE INDEX tickets_requester ON tickets (requester_id, priority_rank DESC, id);
CREATE INDEX tickets_assignee ON tickets (assignee_id);
CREATE INDEX tickets_tags ON tickets USING gin (tags);
CREATE INDEX tickets_subject ON tickets USING gin (regal_fold(subject) gin_trgm_ops);
CREATE TRIGGER tickets_touch BEFORE UPDATE ON tickets
  FOR EACH ROW EXECUTE FUNCTION regal_touch_row();

CREATE TABLE ticket_messages (
  id          uuid PRIMARY KEY,
  ticket_id   uuid NOT NULL REFERENCES tickets (id),
  author_id   uuid NOT NULL REFERENCES users (id),
  body        text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  visibility  text NOT NULL CHECK (visibility IN ('public', 'internal')),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, id);
CREATE INDEX ticket_messages_body ON ticket_messages USING gin (regal_fold(body) gin_trgm_ops);

CREATE TABLE ticket_history (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id   uuid NOT NULL REFERENCES tickets (id),
  actor_id    uuid REFERENCES users (id),
  field       text NOT NULL
                CHECK (field IN ('status', 'priority', 'assignee', 'team', 'department', 'tags')),
  from_value  text,
  to_value    text,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_history_ticket ON ticket_history (ticket_id, id);

CREATE TABLE ticket_attachments (
  id            uuid PRIMARY KEY,
  ticket_id     uuid NOT NULL REFERENCES tickets (id),
  message_id    uuid REFERENCES ticket_messages (id),
  uploader_id   uuid NOT NULL REFERENCES users (id),
  file_name     text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  content_type  text NOT NULL CHECK (length(content_type) BETWEEN 3 AND 255),
  size_bytes    bigint NOT NULL CHECK (size_bytes > 0),
  sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  storage_uri   text NOT NULL CHECK (length(storage_uri) BETWEEN 1 AND 2000),
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_attachments_ticket ON ticket_attachments (ticket_id, id);

-- Append-only: the application role may read and insert, never change or remove.
REVOKE UPDATE, DELETE, TRUNCATE ON ticket_messages, ticket_history, ticket_attachments
  FROM regal_app;
CREATE TRIGGER ticket_messages_append_only BEFORE UPDATE OR DELETE ON ticket_messages
  FOR EACH ROW EXECUTE FUNCTION regal_refuse_change();
CREATE TRIGGER ticket_history_append_only BEFORE UPDATE OR DELETE ON ticket_history
  FOR EACH ROW EXECUTE FUNCTION regal_refuse_change();
CREATE TRIGGER ticket_attachments_append_only BEFORE UPDATE OR DELETE ON ticket_attachments
  FOR EACH ROW EXECUTE FUNCTION regal_refuse_change();
