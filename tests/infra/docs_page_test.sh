#!/usr/bin/env bash
# End to end: the API docs through the test stack's nginx, in a real browser.
#   - /api/v1/openapi.json is the current docs/openapi.yaml, as JSON, with the static headers;
#   - /docs/ is the Swagger UI page under its Content-Security-Policy;
#   - headless Chromium (Debian's chromium) renders /docs/ and lists every operation of the spec
#     (Swagger UI's element per operation, operations-<tag>-<operationId>, and each path);
#   - a screenshot and the rendered DOM are kept in <artifact-dir> (docs-page.png, docs-page.html).
# Needs the environment ./scripts/test exports (REGAL_TEST_BASE_URL).
# Usage: tests/infra/docs_page_test.sh <repo-root> <artifact-dir>
set -euo pipefail
root=$(cd "${1:?usage: $0 <repo-root> <artifact-dir>}" && pwd -P)
artifacts=${2:?usage: $0 <repo-root> <artifact-dir>}
base=${REGAL_TEST_BASE_URL:?REGAL_TEST_BASE_URL is not set: run through ./scripts/test}
python=${REGAL_PYTHON:-/usr/bin/python3}
spec=$root/docs/openapi.yaml

browser=$(command -v chromium || true)
if [[ -z $browser ]]; then
  echo "FAIL: chromium is not installed (./scripts/test installs it: REGAL_TEST_DEPS)" >&2
  exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/regal-docs-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$artifacts"
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# header NAME FILE: the value of response header NAME in a curl -D dump (last response).
header() { tr -d '\r' <"$2" | awk -v name="$1" 'BEGIN { IGNORECASE = 1 }
  tolower($0) ~ "^" tolower(name) ":" { sub(/^[^:]*:[ \t]*/, ""); value = $0 } END { print value }'; }

# fetch NAME URL [curl args…]: body to $tmp/NAME.body, headers to $tmp/NAME.headers; prints
# the status.
fetch() {
  local name=$1 url=$2
  shift 2
  curl -sS --max-time 10 -o "$tmp/$name.body" -D "$tmp/$name.headers" -w '%{http_code}' "$@" \
    "$url" || echo "000"
}

check_spec_document() {
  local status
  status=$(fetch spec "$base/api/v1/openapi.json")
  [[ $status == 200 ]] || fail "GET /api/v1/openapi.json answered $status"
  [[ $(header Content-Type "$tmp/spec.headers") == application/json* ]] ||
    fail "/api/v1/openapi.json is not served as application/json"
  [[ $(header Cache-Control "$tmp/spec.headers") == no-cache ]] ||
    fail "/api/v1/openapi.json lacks Cache-Control: no-cache"
  # The served JSON is exactly the current YAML (the build converted this checkout's spec).
  PYTHONPATH=$root/scripts/lib "$python" - "$spec" "$tmp/spec.body" <<'EOF' ||
import json, sys
import openapi
with open(sys.argv[2], encoding="utf-8") as f:
    served = json.load(f)
sys.exit(0 if served == openapi.load(sys.argv[1]) else 1)
EOF
    fail "the served openapi.json differs from docs/openapi.yaml"
}

check_page_headers() {
  local status csp
  status=$(fetch page "$base/docs/")
  [[ $status == 200 ]] || fail "GET /docs/ answered $status"
  [[ $(header Content-Type "$tmp/page.headers") == text/html* ]] || fail "/docs/ is not text/html"
  csp=$(header Content-Security-Policy "$tmp/page.headers")
  [[ $csp == *"script-src 'self'"* && $csp != *unsafe-eval* && $csp != *"script-src 'self' 'unsafe-inline'"* ]] ||
    fail "/docs/ has no strict Content-Security-Policy (got: $csp)"
  [[ $(header X-Content-Type-Options "$tmp/page.headers") == nosniff ]] ||
    fail "/docs/ lacks X-Content-Type-Options"
  status=$(fetch redirect "$base/docs")
  [[ $status == 301 && $(header Location "$tmp/redirect.headers") == /docs/ ]] ||
    fail "/docs does not redirect to /docs/ (status $status)"
  status=$(fetch post "$base/docs/" -X POST -d x=1)
  [[ $status == 405 ]] && grep -q '"code":"METHOD_NOT_ALLOWED"' "$tmp/post.body" ||
    fail "POST /docs/ is not a JSON 405 (status $status: $(head -c 200 "$tmp/post.body"))"
  # API answers carry the locked-down policy, never the docs page's.
  fetch health "$base/healthz" >/dev/null
  [[ $(header Content-Security-Policy "$tmp/health.headers") == "default-src 'none'"* ]] ||
    fail "/healthz lacks Content-Security-Policy: default-src 'none'"
}

# browser NAME ARGS…: headless Chromium with a fresh profile; output in $tmp/NAME.out, its log
# in $tmp/NAME.log. Bounded by timeout(1) whatever the browser does.
browser() {
  local name=$1
  shift
  HOME=$tmp/home-$name XDG_CONFIG_HOME=$tmp/home-$name XDG_CACHE_HOME=$tmp/home-$name \
    timeout -k 5 60 "$browser" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --no-default-browser-check --disable-background-networking \
    --disable-component-update --disable-sync --disable-extensions --disable-default-apps \
    --disable-breakpad --enable-logging=stderr --v=0 --user-data-dir="$tmp/profile-$name" \
    --virtual-time-budget=20000 \
    "$@" "$base/docs/" >"$tmp/$name.out" 2>"$tmp/$name.log"
}

# Two browser runs: the DOM after Swagger UI rendered (one element per operation, id
# operations-<tag>-<operationId> as deepLinking names them, each path in a data-path attribute)
# in a window tall enough for every operation, and a screenshot of the page's top. The window
# matters: with 136 operations headless Chromium lays out only the operations within the window
# (1280×2000 listed 19, the default 800×600 listed 3; 1280×20000 listed all), where 129 still
# fitted any window. A second attempt only when the first rendered too little.
check_rendered_page() {
  local attempt expected missing=0 found=0 tag op_id method path png=$artifacts/docs-page.png
  expected=$("$python" "$root/scripts/lib/openapi.py" operations "$spec" | wc -l)
  for attempt in 1 2; do
    rm -f "$png"
    if ! browser page --dump-dom --hide-scrollbars --window-size=1280,40000; then
      echo "chromium exited non-zero (attempt $attempt); last lines of its log:" >&2
      tail -n 20 "$tmp/page.log" >&2
    fi
    if ! browser shot --hide-scrollbars --window-size=1280,2000 --screenshot="$png"; then
      echo "chromium (screenshot) exited non-zero (attempt $attempt); last lines of its log:" >&2
      tail -n 20 "$tmp/shot.log" >&2
    fi
    found=$(grep -o 'class="opblock opblock-[a-z]*' "$tmp/page.out" | wc -l || true)
    ((found >= expected)) && [[ -s $png ]] && break
    echo "attempt $attempt: $found of $expected operations rendered" >&2
  done
  cp "$tmp/page.out" "$artifacts/docs-page.html"
  ((found == expected)) || fail "the page lists $found operations, the spec has $expected"
  while read -r tag op_id method path; do
    if ! grep -q "id=\"operations-$tag-$op_id\"" "$tmp/page.out"; then
      fail "operation $method $path ($tag/$op_id) is not listed on /docs/"
      missing=$((missing + 1))
    elif ! grep -qF "data-path=\"$path\"" "$tmp/page.out"; then
      fail "path $path is not shown on /docs/"
    fi
  done < <(PYTHONPATH=$root/scripts/lib "$python" - "$spec" <<'EOF'
import sys
import openapi
for method, path, op in openapi.operations(openapi.load(sys.argv[1])):
    print(op["tags"][0], op["operationId"], method, path)
EOF
  )
  if grep -qi 'errors-wrapper\|Failed to load API definition' "$tmp/page.out"; then
    fail "Swagger UI reports errors on /docs/ (see $artifacts/docs-page.html)"
  fi
  # The page's console (logged with --enable-logging): no script or style the CSP refused.
  if grep -E 'CONSOLE.*(Refused to|Content Security Policy)' "$tmp/page.log" >&2; then
    fail "the Content-Security-Policy blocks part of /docs/ (console lines above)"
  fi
  echo "docs page: $found of $expected operations rendered, $missing missing"

  if [[ ! -s $png ]] ||
    [[ $(head -c 8 "$png" | od -An -tx1 | tr -d ' \n') != 89504e470d0a1a0a ]]; then
    fail "no screenshot was written to $png"
  elif (($(stat -c %s "$png") < 20000)); then
    fail "the screenshot is suspiciously small (a blank page?): $png"
  else
    echo "screenshot: $png"
  fi
}

check_spec_document
check_page_headers
check_rendered_page
if ((failures > 0)); then
  echo "docs page test: $failures failure(s)" >&2
  exit 1
fi
echo "docs page test: ok"
