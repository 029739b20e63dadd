-- Roles, database and extensions of a Regal PostgreSQL cluster. Run by a superuser with psql
-- (>= 15, for \getenv), connected to any database; safe to run again (keeps the passwords in
-- step with the environment). Used by scripts/lib/postgres.sh and, in docker-compose, as a
-- /docker-entrypoint-initdb.d script.
--   regal_owner  owns the database and every object; migrations run as this role.
--   regal_app    NOLOGIN group that migrations grant the application's privileges to.
--   regal        the application's login, member of regal_app.
-- Passwords come from the environment: REGAL_DB_OWNER_PASSWORD, REGAL_DB_APP_PASSWORD.
\set ON_ERROR_STOP on
\getenv owner_pw REGAL_DB_OWNER_PASSWORD
\getenv app_pw REGAL_DB_APP_PASSWORD
\if :{?owner_pw}
\else
  DO $$ BEGIN RAISE EXCEPTION 'REGAL_DB_OWNER_PASSWORD is not set'; END $$;
\endif
\if :{?app_pw}
\else
  DO $$ BEGIN RAISE EXCEPTION 'REGAL_DB_APP_PASSWORD is not set'; END $$;
\endif
SET client_min_messages = warning;

SELECT 'CREATE ROLE regal_owner' WHERE NOT EXISTS
  (SELECT FROM pg_roles WHERE rolname = 'regal_owner') \gexec
ALTER ROLE regal_owner WITH LOGIN CREATEROLE CREATEDB PASSWORD :'owner_pw';

SELECT 'CREATE ROLE regal_app NOLOGIN' WHERE NOT EXISTS
  (SELECT FROM pg_roles WHERE rolname = 'regal_app') \gexec

SELECT 'CREATE ROLE regal IN ROLE regal_app' WHERE NOT EXISTS
  (SELECT FROM pg_roles WHERE rolname = 'regal') \gexec
ALTER ROLE regal WITH LOGIN PASSWORD :'app_pw';
GRANT regal_app TO regal;

SELECT 'CREATE DATABASE regal OWNER regal_owner' WHERE NOT EXISTS
  (SELECT FROM pg_database WHERE datname = 'regal') \gexec

\connect regal
SET client_min_messages = warning;
-- Extensions need a superuser; migrations may rely on them being present.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;
