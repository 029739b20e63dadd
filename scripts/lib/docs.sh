# shellcheck shell=bash
# The API docs site, assembled into the build directory at build time (nothing generated is
# committed):
#   <build>/docs-npm/   npm ci of docs/package.json + docs/package-lock.json (Swagger UI and the
#                       OpenAPI schema validator; versions and integrity pinned by the lock)
#   <build>/docs-site/  what nginx serves: docs/site/* at /docs/, Swagger UI's assets under
#                       /docs/vendor/swagger-ui/, and docs/openapi.yaml converted to openapi.json
#                       (served at /api/v1/openapi.json)
# Sourced by scripts/lib/common.sh (regal_build calls regal_docs_build); the Dockerfile calls it
# the same way. Needs npm (Debian nodejs/npm) and Debian's python3 with python3-yaml.

regal_docs_site_dir() { printf '%s\n' "$1/docs-site"; }
regal_docs_npm_dir() { printf '%s\n' "$1/docs-npm"; }

# The Debian interpreter, whatever python3 a developer's PATH prefers (python3-yaml is its).
REGAL_PYTHON=${REGAL_PYTHON:-/usr/bin/python3}

# npm ci of the docs toolchain into <build>/docs-npm, skipped while the lock is unchanged.
# The npm cache lives in .cache/npm of the checkout, so rebuilds work without the registry.
regal_docs_npm_install() {
  local dir stamp sum
  dir=$(regal_docs_npm_dir "$1")
  stamp=$dir/.installed
  sum=$(cat "$REGAL_ROOT/docs/package.json" "$REGAL_ROOT/docs/package-lock.json" | sha256sum)
  if [[ -f $stamp && $(<"$stamp") == "$sum" && -d $dir/node_modules ]]; then
    return 0
  fi
  command -v npm >/dev/null || regal_die "npm is missing (Debian packages nodejs and npm)"
  regal_log "installing the docs toolchain (Swagger UI, OpenAPI validator) into $dir"
  rm -rf "$dir"
  mkdir -p "$dir"
  cp "$REGAL_ROOT/docs/package.json" "$REGAL_ROOT/docs/package-lock.json" "$dir/"
  # --ignore-scripts: no package may run code at install time (swagger-ui-dist's analytics
  # dependency would phone home).
  if ! (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error \
    --cache "$REGAL_ROOT/.cache/npm") >"$dir/npm-ci.log" 2>&1; then
    cat "$dir/npm-ci.log" >&2
    regal_die "npm ci failed in $dir (log above)"
  fi
  printf '%s\n' "$sum" >"$stamp"
}

# regal_docs_build <build-dir>: (re)assembles <build-dir>/docs-site; the old site stays in place
# until the new one is complete.
regal_docs_build() {
  local build=$1 site npm_dir tmp ui
  site=$(regal_docs_site_dir "$build")
  npm_dir=$(regal_docs_npm_dir "$build")
  "$REGAL_PYTHON" -c 'import yaml' 2>/dev/null ||
    regal_die "$REGAL_PYTHON cannot import yaml (Debian package python3-yaml)"
  regal_docs_npm_install "$build"
  ui=$npm_dir/node_modules/swagger-ui-dist
  tmp=$site.tmp
  rm -rf "$tmp"
  mkdir -p "$tmp/vendor/swagger-ui"
  cp -R "$REGAL_ROOT/docs/site/." "$tmp/"
  cp "$ui/swagger-ui-bundle.js" "$ui/swagger-ui.css" "$ui/favicon-32x32.png" \
    "$ui/LICENSE" "$ui/NOTICE" "$tmp/vendor/swagger-ui/"
  "$REGAL_PYTHON" "$REGAL_ROOT/scripts/lib/openapi.py" to-json "$REGAL_ROOT/docs/openapi.yaml" \
    "$tmp/openapi.json" || regal_die "docs/openapi.yaml could not be converted to JSON"
  # Readable by nginx's worker user whatever the caller's umask.
  chmod -R a+rX "$tmp"
  rm -rf "$site.old"
  if [[ -d $site ]]; then mv "$site" "$site.old"; fi
  mv "$tmp" "$site"
  rm -rf "$site.old"
}
