#!/bin/sh
# nginx entrypoint for docker-compose (the nginx container) and for systemd
# (deploy/systemd/regal-nginx.service, values from /etc/regal/nginx.env): renders the same
# nginx.conf.template as the local stacks, then runs nginx in the foreground.
# Usage: compose-entrypoint.sh [--check]   (--check: render and run nginx -t only)
# Every value can be overridden from the environment (tests/infra/nginx_config_test.sh does).
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
out=${REGAL_NGINX_CONF:-/tmp/nginx.conf}
tls=${REGAL_TLS_DIR:-/etc/regal/tls}

# REGAL_UPSTREAM: one or more responder addresses separated by spaces (host:port or
# unix:/path). max_fails=0: a restarting responder is retried at once, never benched.
# Each also gets its own upstream for its scrape path /metrics/<n> (n from 0, in this order).
servers=""
metrics_upstreams=""
metrics_map=""
n=0
for address in ${REGAL_UPSTREAM:-app:9000}; do
  servers="${servers}server $address max_fails=0; "
  metrics_upstreams="${metrics_upstreams}upstream regal_fcgi_$n { server $address; } "
  metrics_map="${metrics_map}/metrics/$n regal_fcgi_$n; "
  n=$((n + 1))
done

sh "$dir/render.sh" "$dir/nginx.conf.template" "$out" \
  "USER_LINE=user ${REGAL_NGINX_USER:-nginx};" \
  "PID_FILE=${REGAL_NGINX_PID:-/tmp/nginx.pid}" \
  "ERROR_LOG=${REGAL_NGINX_ERROR_LOG:-/dev/stderr}" \
  "ACCESS_LOG=${REGAL_NGINX_ACCESS_LOG:-/dev/stdout}" \
  "TEMP_DIR=${REGAL_NGINX_TEMP_DIR:-/tmp}" \
  "BIND=0.0.0.0" \
  "HTTP_PORT=${REGAL_NGINX_HTTP_PORT:-80}" \
  "HTTPS_PORT=${REGAL_NGINX_HTTPS_PORT:-443}" \
  "TLS_CERT=$tls/server.crt" \
  "TLS_KEY=$tls/server.key" \
  "UPSTREAM_SERVERS=$servers" \
  "METRICS_UPSTREAMS=$metrics_upstreams" \
  "METRICS_MAP=$metrics_map" \
  "DOCS_DIR=${REGAL_DOCS_DIR:-/usr/share/regal/docs}" \
  "MAX_BODY=${REGAL_MAX_BODY_BYTES:-1048576}" \
  "API_RATE=${REGAL_LIMIT_API_RATE:-50r/s}" \
  "API_BURST=${REGAL_LIMIT_API_BURST:-100}" \
  "AUTH_RATE=${REGAL_LIMIT_AUTH_RATE:-10r/s}" \
  "AUTH_BURST=${REGAL_LIMIT_AUTH_BURST:-20}" \
  "NGINX_DIR=$dir"

if [ "${1:-}" = "--check" ]; then
  exec nginx -t -q -c "$out"
fi
exec nginx -c "$out" -g 'daemon off;'
