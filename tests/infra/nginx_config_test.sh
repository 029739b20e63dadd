#!/usr/bin/env bash
# Renders nginx/nginx.conf.template the way the local stacks do (scripts/lib/nginx.sh) and the
# way docker-compose does (nginx/compose-entrypoint.sh), into a temp dir with fake responder
# sockets, and checks both with `nginx -t`. Fails on any error.
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
  regal_default_limits
  regal_validate_settings
  regal_prepare_var
  regal_ensure_tls
  regal_nginx_render
  local conf
  conf=$(regal_nginx_conf)
  nginx -t -q -e "$tmp/nginx-t.log" -c "$conf" || fail "nginx -t rejected $conf"
  [[ $(grep -o "server unix:$REGAL_VAR/run/fcgi-[0-9].sock;" "$conf" | wc -l) == 3 ]] ||
    fail "expected 3 responder sockets in the upstream"
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
  grep -q 'server 127.0.0.1:9000;' "$tmp/compose/nginx.conf" || fail "compose upstream not rendered"
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
check_render_refuses_leftovers
if ((failures > 0)); then
  echo "nginx config test: $failures failure(s)" >&2
  exit 1
fi
echo "nginx config test: ok"
