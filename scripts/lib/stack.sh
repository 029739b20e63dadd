# shellcheck shell=bash
# The whole stack: up, down, status, URLs.
# Sourced by scripts/lib/common.sh; uses its helpers and the REGAL_* settings.

regal_migrate() {
  local bin=$REGAL_BUILD_DIR/bin/regalctl
  [[ -x $bin ]] || regal_die "missing $bin: build first"
  regal_log "applying migrations from $REGAL_MIGRATIONS_DIR"
  "$bin" migrate
}

regal_http_ok() {
  [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1" || true) == 200 ]]
}

regal_wait_ready() {
  local url="http://127.0.0.1:$REGAL_HTTP_PORT/readyz"
  if ! regal_wait_for "$url to answer 200" 60 regal_http_ok "$url"; then
    curl -s --max-time 2 "$url" >&2 || true
    regal_show_logs "$REGAL_VAR"/log/fcgi-*.log "$REGAL_VAR/log/nginx-error.log"
    regal_die "the stack did not become ready"
  fi
}

# Brings up (or completes) the stack described by the REGAL_* settings.
regal_stack_up() {
  regal_prepare_var
  regal_ensure_secrets
  regal_save_stack
  regal_pg_up
  regal_redis_start
  regal_migrate
  regal_fcgi_start_all
  regal_nginx_start
  regal_wait_ready
}

# Stops whatever runs under $REGAL_VAR, front to back.
regal_stack_down() {
  local up _
  read -r up _ < <(regal_stack_census)
  if ((up == 0)); then regal_log "nothing is running under $REGAL_VAR"; fi
  regal_nginx_stop
  regal_fcgi_stop_all
  regal_sink_stop
  regal_redis_stop
  regal_pg_stop
}

# Prints "NAME PIDFILE COMM" for each component: responders as many as REGAL_RESPONDERS says or
# as have a pid file, whichever is more.
regal_stack_components() {
  local i n=${REGAL_RESPONDERS:-0} file
  for file in "$REGAL_VAR"/run/fcgi-*.pid; do
    [[ -e $file ]] || continue
    i=${file##*/fcgi-}
    i=${i%.pid}
    if ((i >= n)); then n=$((i + 1)); fi
  done
  echo "postgres $(regal_pg_pidfile) postgres"
  echo "redis $(regal_redis_pidfile) redis-server"
  for ((i = 0; i < n; i++)); do echo "responder-$i $(regal_fcgi_pidfile "$i") regal-fcgi"; done
  echo "nginx $(regal_nginx_pidfile) nginx"
}

# One line per component: "NAME up pid N" or "NAME down".
regal_stack_status() {
  local name file comm pid
  while read -r name file comm; do
    if pid=$(regal_live_pid "$file" "$comm"); then
      printf '%-13s up    pid %s\n' "$name" "$pid"
    else
      printf '%-13s down\n' "$name"
    fi
  done < <(regal_stack_components)
}

# Prints "UP TOTAL": how many components run, out of how many.
regal_stack_census() {
  local status
  status=$(regal_stack_status)
  printf '%s %s\n' "$(grep -c ' up ' <<<"$status" || true)" "$(wc -l <<<"$status")"
}

regal_print_urls() {
  local host=127.0.0.1
  cat <<EOF
Regal is running (var dir: $REGAL_VAR)
  http     http://$host:$REGAL_HTTP_PORT/
  https    https://$host:$REGAL_HTTPS_PORT/   (self-signed: curl -k)
  docs     http://$host:$REGAL_HTTP_PORT/docs/
  metrics  http://$host:$REGAL_HTTP_PORT/metrics   (from this machine only)
  logs     $REGAL_VAR/log/
Stop with: REGAL_VAR=$REGAL_VAR ./scripts/run stop
EOF
}
