# shellcheck shell=bash
# regal-fcgi responders: one process per unix socket under $REGAL_VAR/run.
# Sourced by scripts/lib/common.sh; uses its helpers and the REGAL_* settings.

regal_fcgi_sock() { printf '%s\n' "$REGAL_VAR/run/fcgi-$1.sock"; }
regal_fcgi_pidfile() { printf '%s\n' "$REGAL_VAR/run/fcgi-$1.pid"; }
regal_socket_group() { if regal_is_root; then echo www-data; else id -gn; fi; }

# Starts responder $1 in its own session; its env holds only what a responder needs
# (the migration owner's credentials are removed).
regal_fcgi_start_one() {
  local i=$1 bin=$REGAL_BUILD_DIR/bin/regal-fcgi sock pid
  sock=$(regal_fcgi_sock "$i")
  if pid=$(regal_live_pid "$(regal_fcgi_pidfile "$i")" regal-fcgi); then
    regal_log "responder $i already running (pid $pid)"
    return 0
  fi
  [[ -x $bin ]] || regal_die "missing $bin: build first"
  rm -f "$sock"
  (
    cd "$REGAL_VAR" || exit
    unset REGAL_MIGRATE_URL REGAL_DB_OWNER_PASSWORD REGAL_DB_APP_PASSWORD
    export REGAL_LISTEN="unix:$sock" REGAL_THREADS REGAL_INSTANCE="$i"
    export REGAL_SOCKET_GROUP
    REGAL_SOCKET_GROUP=$(regal_socket_group)
    if [[ $REGAL_TEST_ROUTES == 1 ]]; then export REGAL_TEST_ROUTES=1; else unset REGAL_TEST_ROUTES; fi
    local name
    for name in "${REGAL_RESPONDER_VARS[@]}"; do
      if [[ -n ${!name-} ]]; then export "${name?}"; else unset "$name"; fi
    done
    exec setsid "$bin" </dev/null >>"$REGAL_VAR/log/fcgi-$i.log" 2>&1
  ) &
  echo "$!" >"$(regal_fcgi_pidfile "$i")"
}

# True once responder $1 listens; fails the whole wait early if it died.
regal_fcgi_listening() {
  local i=$1 pid
  [[ -S $(regal_fcgi_sock "$i") ]] && return 0
  read -r pid <"$(regal_fcgi_pidfile "$i")"
  regal_pid_gone "$pid" || return 1
  regal_show_logs "$REGAL_VAR/log/fcgi-$i.log"
  regal_die "responder $i exited (log: $REGAL_VAR/log/fcgi-$i.log)"
}

regal_fcgi_start_all() {
  local i
  for ((i = 0; i < REGAL_RESPONDERS; i++)); do regal_fcgi_start_one "$i"; done
  for ((i = 0; i < REGAL_RESPONDERS; i++)); do
    regal_wait_for "responder $i socket" 30 regal_fcgi_listening "$i" ||
      regal_die "responder $i did not open $(regal_fcgi_sock "$i") (log: $REGAL_VAR/log/fcgi-$i.log)"
  done
  regal_log "$REGAL_RESPONDERS responder(s) up ($REGAL_THREADS threads each)"
}

# Stops every responder that has a pid file (whatever REGAL_RESPONDERS says now).
regal_fcgi_stop_all() {
  local file i
  for file in "$REGAL_VAR"/run/fcgi-*.pid; do
    [[ -e $file ]] || continue
    i=${file##*/fcgi-}
    i=${i%.pid}
    regal_stop_pidfile "responder $i" "$file" regal-fcgi TERM 30
    rm -f "$(regal_fcgi_sock "$i")"
  done
}

