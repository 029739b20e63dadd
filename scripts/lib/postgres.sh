# shellcheck shell=bash
# PostgreSQL: a private cluster under $REGAL_VAR/pg, run as the postgres user.
# Sourced by scripts/lib/common.sh; uses its helpers and the REGAL_* settings.

regal_pg_data() { printf '%s\n' "$REGAL_VAR/pg/data"; }
regal_pg_pidfile() { printf '%s\n' "$REGAL_VAR/run/postgres.pid"; }

regal_pg_init() {
  local data pg_user
  data=$(regal_pg_data)
  mkdir -p "$data" "$REGAL_VAR/pg/run"
  pg_user=$(id -un)
  if regal_is_root; then
    pg_user=postgres
    chown postgres:postgres "$REGAL_VAR/pg" "$data" "$REGAL_VAR/pg/run"
    regal_check_traversable postgres "$REGAL_VAR/pg"
  fi
  chmod 700 "$data" "$REGAL_VAR/pg/run"
  [[ -s $data/PG_VERSION ]] && return 0
  regal_log "postgres: initdb $data"
  if ! regal_as_postgres "$REGAL_PG_BIN/initdb" -D "$data" -U postgres -E UTF8 \
    --locale=C.UTF-8 --auth-local=peer --auth-host=scram-sha-256 \
    >"$REGAL_VAR/log/initdb.log" 2>&1; then
    regal_show_logs "$REGAL_VAR/log/initdb.log"
    regal_die "initdb failed"
  fi
  printf "\ninclude_if_exists 'regal.conf'\n" >>"$data/postgresql.conf"
  # Only the OS user running the server may log in as postgres, over the private socket.
  printf 'regal %s postgres\n' "$pg_user" >>"$data/pg_ident.conf"
}

# Rewritten on every start, so a changed port or profile applies.
regal_pg_configure() {
  local data max_conn
  data=$(regal_pg_data)
  max_conn=$((REGAL_RESPONDERS * REGAL_THREADS + 60))
  ((max_conn >= 100)) || max_conn=100
  {
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $REGAL_PG_PORT"
    echo "unix_socket_directories = '$REGAL_VAR/pg/run'"
    echo "max_connections = $max_conn"
    echo "timezone = 'UTC'"
    echo "log_timezone = 'UTC'"
    if [[ $REGAL_PROFILE == test ]]; then
      echo "fsync = off"
      echo "synchronous_commit = off"
      echo "full_page_writes = off"
    fi
  } >"$data/regal.conf"
  {
    echo "local all postgres peer map=regal"
    echo "host  all all 127.0.0.1/32 scram-sha-256"
  } >"$data/pg_hba.conf"
  if regal_is_root; then chown postgres:postgres "$data/regal.conf" "$data/pg_hba.conf"; fi
}

regal_pg_start() {
  local data log pid
  data=$(regal_pg_data)
  log=$REGAL_VAR/log/postgresql.log
  if pid=$(regal_live_pid "$(regal_pg_pidfile)" postgres); then
    regal_log "postgres already running (pid $pid)"
    return 0
  fi
  regal_require_free_port REGAL_PG_PORT
  regal_pg_configure
  touch "$log"
  if regal_is_root; then chown postgres:postgres "$log"; fi
  if ! regal_as_postgres setsid "$REGAL_PG_BIN/pg_ctl" -D "$data" -l "$log" -w -t 60 start \
    </dev/null >/dev/null 2>&1; then
    regal_show_logs "$log"
    regal_die "postgres did not start (log: $log)"
  fi
  head -n 1 "$data/postmaster.pid" >"$(regal_pg_pidfile)"
  regal_log "postgres up on 127.0.0.1:$REGAL_PG_PORT (pid $(head -n 1 "$(regal_pg_pidfile)"))"
}

# Roles, database and extensions (idempotent; keeps passwords in step with secrets.env).
regal_pg_bootstrap() {
  # shellcheck source=/dev/null
  source "$REGAL_VAR/secrets.env"
  REGAL_DB_OWNER_PASSWORD=$REGAL_DB_OWNER_PASSWORD REGAL_DB_APP_PASSWORD=$REGAL_DB_APP_PASSWORD \
    regal_as_postgres "$REGAL_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$REGAL_VAR/pg/run" \
    -p "$REGAL_PG_PORT" -U postgres -d postgres -f - \
    <"$REGAL_ROOT/scripts/lib/pg-bootstrap.sql" >/dev/null
}

regal_pg_up() {
  regal_pg_init
  regal_pg_start
  regal_pg_bootstrap
}

regal_pg_stop() {
  # SIGINT is PostgreSQL's "fast" shutdown: clients are disconnected, no recovery needed.
  regal_stop_pidfile postgres "$(regal_pg_pidfile)" postgres INT 60
}

