#!/usr/bin/env bash
# docs/openapi.yaml against the responder's route table, both ways:
#   1. the spec is valid OpenAPI 3.1 (the official JSON schema, through the validator that
#      scripts/lib/docs.sh installs into the build) and passes scripts/lib/openapi.py lint;
#   2. the comparison itself can fail: a table with a route dropped, one added, or one
#      permission changed must each be reported (so a broken checker cannot pass silently);
#   3. `regal-fcgi --routes` (with the /api/v1/_test/ routes on, which are ignored) equals the
#      spec's operations: every route documented, every documented operation routed (except
#      those nginx serves itself, x-served-by: nginx), and the same x-permission.
# Usage: tests/infra/openapi_routes_test.sh <repo-root> <regal-fcgi binary> <build-dir>
set -euo pipefail
usage="usage: $0 <repo-root> <regal-fcgi> <build-dir>"
root=$(cd "${1:?$usage}" && pwd -P)
fcgi=${2:?$usage}
build=${3:?$usage}
python=${REGAL_PYTHON:-/usr/bin/python3}
spec=$root/docs/openapi.yaml
tool=$root/scripts/lib/openapi.py
validator=$build/docs-npm/node_modules/@seriousme/openapi-schema-validator/bin/validate-api-cli.js

tmp=$(mktemp -d "${TMPDIR:-/tmp}/regal-openapi-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

check_spec_valid() {
  if [[ ! -f $validator ]]; then
    fail "missing $validator: the build installs it (scripts/lib/docs.sh, regal_docs_build)"
  elif ! node "$validator" "$spec" >"$tmp/validate.out" 2>&1; then
    cat "$tmp/validate.out" >&2
    fail "docs/openapi.yaml is not valid OpenAPI 3.1"
  fi
  "$python" "$tool" lint "$spec" || fail "docs/openapi.yaml fails the lint above"
}

# expect_problem NAME PATTERN: compare of the spec with $tmp/NAME.json must fail naming PATTERN.
expect_problem() {
  if "$python" "$tool" compare "$spec" "$tmp/$1.json" 2>"$tmp/$1.err"; then
    fail "the comparison accepted a route table with $1"
  elif ! grep -q -- "$2" "$tmp/$1.err"; then
    cat "$tmp/$1.err" >&2
    fail "the comparison did not report $1 ($2)"
  fi
}

check_comparison_can_fail() {
  "$python" "$tool" routes "$spec" >"$tmp/spec-routes.json"
  "$python" "$tool" compare "$spec" "$tmp/spec-routes.json" ||
    fail "the spec's own route table does not match the spec"
  PYTHONPATH=$root/scripts/lib "$python" - "$tmp" <<'EOF'
import json, os, sys
tmp = sys.argv[1]
routes = json.load(open(os.path.join(tmp, "spec-routes.json")))
def save(name, table):
    json.dump(table, open(os.path.join(tmp, name + ".json"), "w"))
save("a-route-missing-from-the-spec",
     routes + [{"method": "GET", "pattern": "/api/v1/undocumented", "permission": "public"}])
save("an-operation-without-route", routes[1:])
changed = [dict(r) for r in routes]
changed[0]["permission"] = "users.manage" if changed[0]["permission"] != "users.manage" else "public"
save("a-different-permission", changed)
save("test-routes-only", routes + [
    {"method": "GET", "pattern": "/api/v1/_test/anything", "permission": "public"}])
EOF
  expect_problem a-route-missing-from-the-spec "GET /api/v1/undocumented (public) is missing from the spec"
  expect_problem an-operation-without-route "has no route in the responder"
  expect_problem a-different-permission "spec says x-permission"
  "$python" "$tool" compare "$spec" "$tmp/test-routes-only.json" ||
    fail "the comparison must ignore /api/v1/_test/ routes"
}

check_route_table() {
  # The production wiring plus the test routes (which must be ignored); nothing connects.
  if ! REGAL_ENV=test REGAL_TEST_ROUTES=1 "$fcgi" --routes >"$tmp/routes.json" 2>"$tmp/routes.err"; then
    cat "$tmp/routes.err" >&2
    fail "$fcgi --routes failed"
    return
  fi
  echo "route table: $(grep -c '"method"' "$tmp/routes.json") routes (with the _test ones)"
  "$python" "$tool" compare "$spec" "$tmp/routes.json" ||
    fail "docs/openapi.yaml and the route table differ (lines above)"
}

check_spec_valid
check_comparison_can_fail
check_route_table
if ((failures > 0)); then
  echo "openapi routes test: $failures failure(s)" >&2
  exit 1
fi
echo "openapi routes test: ok"
