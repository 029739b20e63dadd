-- 0001_init: roles and privileges every later migration relies on.
--
-- Two roles: the schema owner runs migrations (REGAL_MIGRATE_URL); the application connects as
-- a member of regal_app (DATABASE_URL), which gets only DML on tables the owner creates, so
-- append-only tables (audit log, ticket history) can withhold UPDATE/DELETE from it.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'regal_app') THEN
    CREATE ROLE regal_app NOLOGIN;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO regal_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO regal_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO regal_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
  GRANT EXECUTE ON FUNCTIONS TO regal_app;

-- Keeps updated_at and version current on every UPDATE of a versioned table.
CREATE FUNCTION regal_touch_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  NEW.version := OLD.version + 1;
  RETURN NEW;
END
$$;

-- Refuses UPDATE and DELETE on append-only tables, whoever asks (defence in depth on top of
-- the missing privileges).
CREATE FUNCTION regal_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;
