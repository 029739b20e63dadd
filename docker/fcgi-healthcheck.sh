#!/bin/sh
# Container health probe of regal-fcgi: asks the responder's own FastCGI listener for /readyz
# (it speaks FastCGI, not HTTP, so curl cannot). Healthy = connected and no 4xx/5xx status.
set -eu
case ${REGAL_LISTEN:-0.0.0.0:9000} in
  unix:*) address=${REGAL_LISTEN#unix:} ;;
  *) address=127.0.0.1:${REGAL_LISTEN##*:} ;;
esac
headers=$(REQUEST_METHOD=GET REQUEST_URI=/readyz DOCUMENT_URI=/readyz SCRIPT_NAME=/readyz \
  QUERY_STRING='' SERVER_PROTOCOL=HTTP/1.1 REMOTE_ADDR=127.0.0.1 REQUEST_ID=healthcheck \
  cgi-fcgi -bind -connect "$address" 2>&1 | sed -n '1,/^\r\{0,1\}$/p')
if [ -z "$headers" ] || printf '%s\n' "$headers" | grep -qiE '^(Status: *[45]|Could not connect)'; then
  printf '%s\n' "$headers" >&2
  exit 1
fi
