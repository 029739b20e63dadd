-- 0002_identity: accounts, refresh-token families, password resets, the mail outbox and the
-- append-only audit log.

CREATE TABLE users (
  id            uuid PRIMARY KEY,
  full_name     text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
  email         text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  username      text NOT NULL CHECK (username ~ '^[A-Za-z0-9._-]{3,64}$'),
  password_hash text NOT NULL,
  pos_role      text CHECK (pos_role IN ('admin', 'cashier', 'employee')),
  desk_role     text NOT NULL DEFAULT 'END_USER'
                CHECK (desk_role IN ('END_USER', 'AGENT', 'TEAM_LEAD', 'ADMIN')),
  is_active     boolean NOT NULL DEFAULT true,
  meta          jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(meta) = 'object'),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  version       integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE INDEX users_name_search ON users (lower(full_name) text_pattern_ops);
CREATE TRIGGER users_touch BEFORE UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION regal_touch_row();

-- A session is one login: the family of every refresh token descended from it. Access tokens
-- carry its id ("sid"), so revoking the session cuts off its live access tokens too.
CREATE TABLE sessions (
  id          uuid PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);
CREATE INDEX sessions_user_live ON sessions (user_id) WHERE revoked_at IS NULL;

-- One row per refresh token; rotating marks the presented token used and inserts its successor.
-- Presenting a used token revokes the whole session.
CREATE TABLE refresh_tokens (
  token_hash  text PRIMARY KEY,            -- hex SHA-256 of the opaque token; never the token
  family_id   uuid NOT NULL REFERENCES sessions (id),
  user_id     uuid NOT NULL REFERENCES users (id),
  issued_at   timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

CREATE TABLE password_resets (
  token_hash  text PRIMARY KEY,            -- hex SHA-256; the token itself only goes by mail
  user_id     uuid NOT NULL REFERENCES users (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);
CREATE INDEX password_resets_user ON password_resets (user_id);

-- Mail waiting to be delivered by the sender (at-least-once, with retry and backoff).
CREATE TABLE outbox (
  id            uuid PRIMARY KEY,
  kind          text NOT NULL,
  recipient     text NOT NULL,
  subject       text NOT NULL,
  body          text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  attempts      integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error    text,
  sent_at       timestamptz
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE sent_at IS NULL;

CREATE TABLE audit_log (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT now(),
  actor_id     uuid,                       -- null for anonymous (failed logins)
  action       text NOT NULL,              -- e.g. auth.login, auth.login_failed, user.update
  entity_type  text NOT NULL,
  entity_id    text,
  before       jsonb,
  after        jsonb,
  request_id   text,
  client_ip    text
);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at DESC);

-- Append-only: the application role may read and insert, never change or remove.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM regal_app;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION regal_refuse_change();
