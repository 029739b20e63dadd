#!/usr/bin/env bash
# Validates docker-compose.yml with `docker-compose config -q`: it must pass with the required
# secrets given (dummy values) and must fail when one of them is missing.
# Usage: tests/infra/compose_config_test.sh <repo-root>
set -euo pipefail
root=$(cd "${1:?usage: $0 <repo-root>}" && pwd -P)
file=$root/docker-compose.yml
required=(POSTGRES_PASSWORD REGAL_DB_OWNER_PASSWORD REGAL_DB_APP_PASSWORD JWT_SECRET)

command -v docker-compose >/dev/null || {
  echo "FAIL: docker-compose is not installed (scripts/lib/common.sh installs it)" >&2
  exit 1
}

# Runs `docker-compose config -q` with every required variable set except $1 (if given).
compose_config() {
  local -a env=(env -i "PATH=$PATH" "HOME=${HOME:-/tmp}")
  local name
  for name in "${required[@]}"; do
    [[ $name == "${1:-}" ]] || env+=("$name=dummy-$name")
  done
  (cd "$root" && "${env[@]}" docker-compose -f "$file" config -q)
}

if ! compose_config; then
  echo "FAIL: docker-compose config rejected $file" >&2
  exit 1
fi
for name in "${required[@]}"; do
  if compose_config "$name" 2>/dev/null; then
    echo "FAIL: docker-compose config passed without $name (use \${$name:?…})" >&2
    exit 1
  fi
done
echo "compose config test: ok"
