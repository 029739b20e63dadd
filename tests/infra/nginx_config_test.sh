#!/usr/bin/env bash
# Renders nginx/nginx.conf.template the way the local stacks do (scripts/lib/nginx.sh), the
# way docker-compose does (nginx/compose-entrypoint.sh) and the way deploy/systemd's
# regal-nginx.service does (the same entrypoint with deploy/etc/nginx.env), into a temp dir with
# fake responder sockets, checks each with `nginx -t`, and checks the hardening the issue asks
# for in the rendered config (TLS, HSTS, headers, limits, timeouts, log format, loopback-only
# /metrics and /readyz, max_fails=0 upstreams). Fails on any error.
# Usage: tests/infra/nginx_config_test.sh <repo-root>
set -euo pipefail
root=$(cd "${1:?usage: $0 <repo-root>}" && pwd -P)
# shellcheck source=scripts/lib/common.sh
source "$root/scripts/lib/common.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/regal-nginx-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# Local flavour: the same functions as ./scripts/run and ./scripts/test.
check_local_flavour() {
  REGAL_VAR=$tmp/var REGAL_BIND=127.0.0.1 REGAL_HTTP_PORT=18080 REGAL_HTTPS_PORT=18443
  REGAL_PG_PORT=15432 REGAL_REDIS_PORT=16379 REGAL_RESPONDERS=3 REGAL_THREADS=8
  REGAL_MAX_BODY_BYTES=1048576
  # The docs site the build assembles (scripts/lib/docs.sh); rendering copies it into the var dir.
  REGAL_BUILD_DIR=$tmp/build
  mkdir -p "$REGAL_BUILD_DIR/docs-site"
  echo '<!doctype html>' >"$REGAL_BUILD_DIR/docs-site/index.html"
  echo '{}' >"$REGAL_BUILD_DIR/docs-site/openapi.json"
  regal_default_limits
  regal_validate_settings
  regal_prepare_var
  regal_ensure_tls
  regal_nginx_render
  local conf
  conf=$(regal_nginx_conf)
  nginx -t -q -e "$tmp/nginx-t.log" -c "$conf" || fail "nginx -t rejected $conf"
  [[ $(grep -o "server unix:$REGAL_VAR/run/fcgi-[0-9].sock max_fails=0;" "$conf" | wc -l) == 3 ]] ||
    fail "expected 3 responder sockets with max_fails=0 in the upstream"
  for i in 0 1 2; do  # each responder's scrape path /metrics/<i>
    grep -q "upstream regal_fcgi_$i { server unix:$REGAL_VAR/run/fcgi-$i.sock; }" "$conf" &&
      grep -q "/metrics/$i regal_fcgi_$i;" "$conf" || fail "no scrape path /metrics/$i"
  done
  [[ -s $REGAL_VAR/www/docs/openapi.json ]] || fail "the docs site was not copied into the var dir"
  check_hardening "$conf"
  grep -q 'fastcgi_keep_conn off;' "$conf" || fail "fastcgi_keep_conn must be off"
  grep -q 'client_max_body_size 1048576;' "$conf" || fail "client_max_body_size not rendered"
  if grep -qE '^[[:space:]]*keepalive[[:space:]]+[0-9]' "$conf"; then
    fail "no upstream keepalive with libfcgi"
  fi
}

# Compose flavour, with local paths, user and upstream address instead of the container's
# (nginx -t resolves upstream host names, and "app" exists only inside compose).
check_compose_flavour() {
  local user
  if ! regal_is_root; then
    user=$(id -un)
  elif id nginx >/dev/null 2>&1; then
    user=nginx
  else
    user=www-data
  fi
  mkdir -p "$tmp/compose"
  REGAL_NGINX_CONF=$tmp/compose/nginx.conf REGAL_TLS_DIR=$tmp/var/tls REGAL_NGINX_USER=$user \
    REGAL_NGINX_PID=$tmp/compose/nginx.pid REGAL_NGINX_ERROR_LOG=$tmp/compose/error.log \
    REGAL_NGINX_ACCESS_LOG=$tmp/compose/access.log REGAL_NGINX_TEMP_DIR=$tmp/compose \
    REGAL_DOCS_DIR=$root/docs/site REGAL_UPSTREAM=127.0.0.1:9000 \
    sh "$root/nginx/compose-entrypoint.sh" --check || fail "nginx -t rejected the compose config"
  grep -q 'server 127.0.0.1:9000 max_fails=0;' "$tmp/compose/nginx.conf" ||
    fail "compose upstream not rendered (with max_fails=0)"
  grep -q 'upstream regal_fcgi_0 { server 127.0.0.1:9000; }' "$tmp/compose/nginx.conf" ||
    fail "compose scrape path /metrics/0 not rendered"
  check_hardening "$tmp/compose/nginx.conf"
}

# deploy/systemd/regal-nginx.service: its Environment= lines and deploy/etc/nginx.env, with the
# paths moved into the temp dir (the unit's own paths exist only on an installed host).
check_systemd_flavour() {
  local unit=$root/deploy/systemd/regal-nginx.service conf=$tmp/systemd/nginx.conf
  mkdir -p "$tmp/systemd"
  (
    set -a
    # shellcheck source=deploy/etc/nginx.env
    source "$root/deploy/etc/nginx.env"
    eval "$(sed -n 's/^Environment=//p' "$unit")"
    set +a
    [[ $REGAL_UPSTREAM == unix:/run/regal/fcgi-1/fcgi.sock* ]] ||
      { echo "unexpected REGAL_UPSTREAM in deploy/etc/nginx.env" >&2; exit 1; }
    if [[ $(id -un) != root ]]; then
      REGAL_NGINX_USER=$(id -un)
      export REGAL_NGINX_USER
    fi
    REGAL_NGINX_CONF=$conf REGAL_NGINX_PID=$tmp/systemd/nginx.pid REGAL_TLS_DIR=$tmp/var/tls \
      REGAL_NGINX_TEMP_DIR=$tmp/systemd REGAL_NGINX_ERROR_LOG=$tmp/systemd/error.log \
      REGAL_NGINX_ACCESS_LOG=$tmp/systemd/access.log REGAL_DOCS_DIR=$tmp/build/docs-site \
      sh "$root/nginx/compose-entrypoint.sh" --check
  ) || fail "nginx -t rejected the config regal-nginx.service renders"
  [[ $(grep -o 'server unix:/run/regal/fcgi-[0-9]/fcgi.sock max_fails=0;' "$conf" | wc -l) == 2 ]] ||
    fail "systemd upstream not rendered from deploy/etc/nginx.env (with max_fails=0)"
  grep -q 'listen 0.0.0.0:443 ssl http2;' "$conf" || fail "systemd flavour does not listen on 443"
  check_hardening "$conf"
}

# block FILE PATTERN: the lines of the block opened by the first line matching PATTERN.
block() {
  awk -v pattern="$2" '!found && $0 ~ pattern { found = 1 }
    found { print; depth += gsub(/{/, "{"); depth -= gsub(/}/, "}"); if (depth == 0) exit }' "$1"
}

# What issue 8 asks of the hardened nginx, checked in a rendered config.
check_hardening() {
  local conf=$1 name loc headers=$root/nginx/security-headers.conf
  grep -qE '^[[:space:]]*ssl_protocols TLSv1\.2 TLSv1\.3;' "$conf" || fail "$conf: TLS must be 1.2/1.3 only"
  grep -qE 'ssl_ciphers [A-Z0-9:-]*;' "$conf" && ! grep -qE 'ssl_ciphers .*(CBC|SHA:|RC4|3DES|aNULL)' "$conf" ||
    fail "$conf: TLS 1.2 ciphers must be forward-secret AEAD suites"
  grep -q 'ssl_session_tickets off;' "$conf" || fail "$conf: session tickets must be off"
  grep -qE 'listen [^;]* ssl http2;' "$conf" || fail "$conf: the TLS listener lacks http2"
  grep -q 'on      "max-age=' "$conf" || fail "$conf: no HSTS on the TLS listener"
  for name in Strict-Transport-Security Content-Security-Policy X-Content-Type-Options \
    X-Frame-Options Referrer-Policy Cross-Origin-Opener-Policy Permissions-Policy; do
    grep -q "^add_header $name " "$headers" || fail "security-headers.conf lacks $name"
  done
  grep -q "default  \"default-src 'none';" "$conf" || fail "$conf: API answers need CSP default-src 'none'"
  grep -q 'limit_req_zone .* zone=regal_api:' "$conf" && grep -q 'limit_req_zone .* zone=regal_auth:' "$conf" ||
    fail "$conf: the regal_api and regal_auth limit_req zones are missing"
  block "$conf" 'location /api/v1/auth/ ' | grep -q 'limit_req zone=regal_auth ' ||
    fail "$conf: /api/v1/auth/ is not strictly rate limited"
  grep -q 'limit_req_status 429;' "$conf" && grep -q 'error_page 429 @rate_limited;' "$conf" ||
    fail "$conf: rate limiting must answer 429 through @rate_limited"
  block "$conf" 'location @rate_limited' | grep -q '"code":"RATE_LIMITED"' ||
    fail "$conf: 429 is not the JSON error envelope"
  block "$conf" 'location @rate_limited' | grep -q 'Retry-After' || fail "$conf: 429 without Retry-After"
  for name in client_header_timeout client_body_timeout send_timeout keepalive_timeout \
    fastcgi_connect_timeout fastcgi_read_timeout fastcgi_send_timeout; do
    grep -qE "^[[:space:]]*$name [0-9]+s;" "$conf" || fail "$conf: no $name"
  done
  block "$conf" 'location = /api/v1/products/import ' | grep -q 'client_max_body_size 32m;' ||
    fail "$conf: the bulk import location lacks its own body limit"
  grep -q '"request_id":"$request_id"' "$conf" && grep -q '"upstream_time":"$upstream_response_time"' "$conf" &&
    grep -q 'log_format regal_json escape=json' "$conf" ||
    fail "$conf: the access log must be JSON with request_id and upstream_time"
  grep -q 'fastcgi_param REQUEST_ID $request_id;' "$conf" || fail "$conf: request id not passed on"
  for loc in 'location = /metrics ' 'location ~ \\^/metrics/' 'location = /readyz '; do
    [[ $(block "$conf" "$loc" | grep -cE 'allow 127\.0\.0\.1;|allow ::1;|deny all;') == 3 ]] ||
      fail "$conf: $loc must allow loopback only"
  done
  block "$conf" 'location = /api/v1/openapi.json ' | grep -q 'alias .*/openapi.json;' ||
    fail "$conf: /api/v1/openapi.json is not served from the docs site"
}

# The renderer must refuse a template whose placeholders are not all given.
check_render_refuses_leftovers() {
  printf 'listen @HTTP_PORT@; root @DOCS_DIR@;\n' >"$tmp/partial.template"
  if sh "$root/nginx/render.sh" "$tmp/partial.template" "$tmp/partial.conf" HTTP_PORT=1 2>/dev/null; then
    fail "render.sh accepted a template with an unreplaced placeholder"
  fi
  [[ ! -e $tmp/partial.conf ]] || fail "render.sh left a partial output behind"
}

check_local_flavour
check_compose_flavour
check_systemd_flavour
check_render_refuses_leftovers
if ((failures > 0)); then
  echo "nginx config test: $failures failure(s)" >&2
  exit 1
fi
echo "nginx config test: ok"
