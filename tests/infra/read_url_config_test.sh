#!/usr/bin/env bash
# DATABASE_READ_URL (the reports' read pool) is checked at start like DATABASE_URL: a malformed
# value stops the responder with INVALID_CONFIG naming DATABASE_READ_URL (and never its
# password); a good one, or none, starts. `regal-fcgi --routes` reads the whole configuration
# and wires every adapter without connecting, so no database is needed here.
# Usage: tests/infra/read_url_config_test.sh <regal-fcgi binary>
set -euo pipefail
fcgi=${1:?usage: $0 <regal-fcgi>}
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# routes VALUE: runs --routes with DATABASE_READ_URL=VALUE ("-" = unset); output in $out.
routes() {
  if [[ $1 == - ]]; then
    out=$(env -u DATABASE_READ_URL REGAL_ENV=test "$fcgi" --routes 2>&1) && return 0 || return 1
  fi
  out=$(env DATABASE_READ_URL="$1" REGAL_ENV=test "$fcgi" --routes 2>&1) && return 0 || return 1
}

routes - || fail "the responder refused to start without DATABASE_READ_URL: $out"
routes "" || fail "an empty DATABASE_READ_URL (= the primary) was refused: $out"
routes "postgresql://reader:s3cret@replica.internal:5432/regal?sslmode=require" ||
  fail "a valid replica URL was refused: $out"
for bad in "mysql://reader:s3cret@replica/regal" "postgresql://reader:a%20b@replica/regal" \
  "postgresql://[::1/regal"; do
  if routes "$bad"; then
    fail "DATABASE_READ_URL=$bad was accepted"
  elif [[ $out != *INVALID_CONFIG* || $out != *DATABASE_READ_URL* ]]; then
    fail "DATABASE_READ_URL=$bad: the error does not name INVALID_CONFIG and the variable: $out"
  elif [[ $out == *s3cret* ]]; then
    fail "DATABASE_READ_URL=$bad: the password is in the error: $out"
  fi
done
if ((failures > 0)); then
  echo "read url config test: $failures failure(s)" >&2
  exit 1
fi
echo "read url config test: ok"
