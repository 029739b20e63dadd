#!/usr/bin/env bash
# deploy/ checked with systemd's own tools:
#   - `systemd-analyze verify` on every unit prints nothing (unknown directives, bad values,
#     broken dependencies all print); the only tolerated line is that our binaries are not
#     installed on this machine. A deliberately broken unit must be reported (the filter cannot
#     swallow everything);
#   - `systemd-analyze security --offline` keeps each service's exposure at most 3.0 ("OK"), and
#     each service sets the hardening the deployment relies on;
#   - `systemd-sysusers` accepts deploy/sysusers.d/regal.conf and creates the user;
#   - every EnvironmentFile a unit reads has an example under deploy/etc/.
# Exits 77 (ctest: skipped) where systemd-analyze is missing, e.g. a container without systemd.
# Usage: tests/infra/systemd_units_test.sh <repo-root>
set -euo pipefail
root=$(cd "${1:?usage: $0 <repo-root>}" && pwd -P)
units=$root/deploy/systemd
if ! command -v systemd-analyze >/dev/null 2>&1; then
  echo "SKIP: systemd-analyze is not installed (Debian package systemd); deploy/ not verified"
  exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/regal-systemd-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# verify UNIT-FILE: systemd-analyze verify's complaints, minus "our binary is not installed here".
verify() {
  local out line
  out=$(SYSTEMD_UNIT_PATH="$units:" systemd-analyze verify --man=no "$1" 2>&1 || true)
  while IFS= read -r line; do
    [[ -z $line ]] && continue
    if [[ $line =~ Command\ (/usr/local/bin/(regal-fcgi|regalctl))\ is\ not\ executable:\ No\ such\ file ]] &&
      [[ ! -e ${BASH_REMATCH[1]} ]]; then
      continue
    fi
    printf '%s\n' "$line"
  done <<<"$out"
}

check_verify() {
  local unit complaints
  for unit in "$units"/*.service "$units"/*.target; do
    complaints=$(verify "$unit")
    if [[ -n $complaints ]]; then
      printf '%s\n' "$complaints" >&2
      fail "systemd-analyze verify complains about ${unit#"$root"/}"
    fi
  done
  # The check itself must be able to fail.
  sed -e 's/^NoNewPrivileges=yes$/NoNewPrivileges=maybe/' -e '/^\[Service\]$/a Bogus=1' \
    "$units/regal-migrate.service" >"$tmp/broken.service"
  [[ -n $(verify "$tmp/broken.service") ]] ||
    fail "systemd-analyze verify found nothing wrong with a broken unit"
}

check_hardening() {
  local unit name directive
  for unit in "$units"/*.service; do
    name=${unit##*/}
    systemd-analyze security --offline=yes --threshold=30 "$unit" >"$tmp/security.out" 2>&1 ||
      fail "$name: exposure above 3.0 ($(grep -o 'Overall exposure level.*' "$tmp/security.out"))"
    for directive in NoNewPrivileges=yes ProtectSystem=strict ProtectHome=yes PrivateTmp=yes \
      PrivateDevices=yes RestrictNamespaces=yes SystemCallFilter=@system-service; do
      grep -qx "$directive" "$unit" || fail "$name lacks $directive"
    done
  done
  for name in regal-fcgi@.service regal-migrate.service; do
    grep -qx 'User=regal' "$units/$name" || fail "$name must run as the dedicated user regal"
    grep -qx 'CapabilityBoundingSet=' "$units/$name" || fail "$name must drop every capability"
  done
}

check_sysusers() {
  mkdir -p "$tmp/root/etc"
  if ! systemd-sysusers --root="$tmp/root" "$root/deploy/sysusers.d/regal.conf" >"$tmp/sysusers.out" 2>&1; then
    cat "$tmp/sysusers.out" >&2
    fail "systemd-sysusers rejected deploy/sysusers.d/regal.conf"
  fi
  grep -q '^regal:x:[0-9]*:[0-9]*:.*:/usr/sbin/nologin$' "$tmp/root/etc/passwd" 2>/dev/null ||
    fail "deploy/sysusers.d/regal.conf does not create a system user regal without a shell"
}

check_environment_files() {
  local file base
  while read -r file; do
    base=${file##*/}
    [[ -f $root/deploy/etc/$base || -f $root/deploy/etc/$base.example ]] ||
      fail "no example of $file under deploy/etc/"
  done < <(sed -n 's/^EnvironmentFile=-\{0,1\}//p' "$units"/*.service | sort -u)
}

check_verify
check_hardening
check_sysusers
check_environment_files
if ((failures > 0)); then
  echo "systemd units test: $failures failure(s)" >&2
  exit 1
fi
echo "systemd units test: ok"
