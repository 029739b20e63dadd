# shellcheck shell=bash
# nginx: TLS certificate, rendering nginx/nginx.conf.template, start/stop.
# Sourced by scripts/lib/common.sh; uses its helpers and the REGAL_* settings.

regal_nginx_pidfile() { printf '%s\n' "$REGAL_VAR/run/nginx.pid"; }
regal_nginx_conf() { printf '%s\n' "$REGAL_VAR/nginx/nginx.conf"; }

regal_ensure_tls() {
  local dir=$REGAL_VAR/tls
  [[ -s $dir/server.crt && -s $dir/server.key ]] && return 0
  regal_log "generating a self-signed certificate in $dir"
  mkdir -p "$dir"
  (
    umask 077
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 825 \
      -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" \
      -keyout "$dir/server.key" -out "$dir/server.crt" 2>"$REGAL_VAR/log/openssl.log"
  ) || regal_die "openssl failed (log: $REGAL_VAR/log/openssl.log)"
}

# Renders nginx/nginx.conf.template for this stack into $REGAL_VAR/nginx/nginx.conf.
regal_nginx_render() {
  local servers="" metrics_upstreams="" metrics_map="" i user_line=""
  for ((i = 0; i < REGAL_RESPONDERS; i++)); do
    servers+="server unix:$(regal_fcgi_sock "$i") max_fails=0; "
    metrics_upstreams+="upstream regal_fcgi_$i { server unix:$(regal_fcgi_sock "$i"); } "
    metrics_map+="/metrics/$i regal_fcgi_$i; "
  done
  if regal_is_root; then user_line="user www-data;"; fi
  # Static files (the docs site the build assembled, see scripts/lib/docs.sh) are copied into
  # the var dir: the checkout may sit under a private (0700) directory such as a mktemp clone,
  # which nginx's worker user cannot enter.
  local site
  site=$(regal_docs_site_dir "$REGAL_BUILD_DIR")
  [[ -s $site/index.html && -s $site/openapi.json ]] ||
    regal_die "missing the docs site $site: build first"
  rm -rf "$REGAL_VAR/www"
  mkdir -p "$REGAL_VAR/www/docs"
  cp -R "$site/." "$REGAL_VAR/www/docs/"
  chmod -R a+rX "$REGAL_VAR/www"
  sh "$REGAL_ROOT/nginx/render.sh" "$REGAL_ROOT/nginx/nginx.conf.template" "$(regal_nginx_conf)" \
    "USER_LINE=$user_line" \
    "PID_FILE=$(regal_nginx_pidfile)" \
    "ERROR_LOG=$REGAL_VAR/log/nginx-error.log" \
    "ACCESS_LOG=$REGAL_VAR/log/nginx-access.log" \
    "TEMP_DIR=$REGAL_VAR/nginx/tmp" \
    "BIND=$REGAL_BIND" \
    "HTTP_PORT=$REGAL_HTTP_PORT" \
    "HTTPS_PORT=$REGAL_HTTPS_PORT" \
    "TLS_CERT=$REGAL_VAR/tls/server.crt" \
    "TLS_KEY=$REGAL_VAR/tls/server.key" \
    "UPSTREAM_SERVERS=$servers" \
    "METRICS_UPSTREAMS=$metrics_upstreams" \
    "METRICS_MAP=$metrics_map" \
    "DOCS_DIR=$REGAL_VAR/www/docs" \
    "MAX_BODY=$REGAL_MAX_BODY_BYTES" \
    "API_RATE=$REGAL_LIMIT_API_RATE" \
    "API_BURST=$REGAL_LIMIT_API_BURST" \
    "AUTH_RATE=$REGAL_LIMIT_AUTH_RATE" \
    "AUTH_BURST=$REGAL_LIMIT_AUTH_BURST" \
    "NGINX_DIR=$REGAL_ROOT/nginx"
}

# nginx -t on the rendered config; prints nginx's complaint on failure.
regal_nginx_check() {
  local out
  if ! out=$(nginx -t -q -e "$REGAL_VAR/log/nginx-error.log" -c "$(regal_nginx_conf)" 2>&1); then
    printf '%s\n' "$out" >&2
    regal_die "nginx -t failed for $(regal_nginx_conf)"
  fi
}

regal_nginx_start() {
  local pid conf
  conf=$(regal_nginx_conf)
  if pid=$(regal_live_pid "$(regal_nginx_pidfile)" nginx); then
    regal_log "nginx already running (pid $pid)"
    return 0
  fi
  if regal_is_root; then
    regal_check_traversable www-data "$REGAL_VAR/run"
  fi
  regal_require_free_port REGAL_HTTP_PORT
  regal_require_free_port REGAL_HTTPS_PORT
  regal_ensure_tls
  regal_nginx_render
  if regal_is_root; then regal_check_traversable www-data "$REGAL_VAR/www/docs"; fi
  regal_nginx_check
  # nginx daemonizes itself (own session) and writes its pid file.
  if ! nginx -e "$REGAL_VAR/log/nginx-error.log" -c "$conf" </dev/null \
    >>"$REGAL_VAR/log/nginx-stderr.log" 2>&1; then
    regal_show_logs "$REGAL_VAR/log/nginx-stderr.log" "$REGAL_VAR/log/nginx-error.log"
    regal_die "nginx did not start (log: $REGAL_VAR/log/nginx-error.log)"
  fi
  regal_wait_for "nginx pid file" 10 regal_live_pid "$(regal_nginx_pidfile)" nginx >/dev/null ||
    regal_die "nginx did not start (log: $REGAL_VAR/log/nginx-error.log)"
  regal_log "nginx up on $REGAL_BIND:$REGAL_HTTP_PORT (http) and :$REGAL_HTTPS_PORT (https)"
}

regal_nginx_stop() { regal_stop_pidfile nginx "$(regal_nginx_pidfile)" nginx TERM 30; }

