#!/bin/sh
# Prints the Debian packages that provide the shared libraries the given binaries load, one per
# line: the Dockerfile's runtime stage installs exactly these (no -dev packages, no compiler).
# Usage: runtime-packages.sh BINARY...
set -eu
libs=$(mktemp)
owners=$(mktemp)
trap 'rm -f "$libs" "$owners"' EXIT

for bin in "$@"; do
  if ! ldd "$bin" >>"$libs"; then
    echo "runtime-packages.sh: ldd failed on $bin" >&2
    exit 1
  fi
done
if grep -q 'not found' "$libs"; then
  grep 'not found' "$libs" >&2
  exit 1
fi

# Library paths hold no spaces; a for loop (not a pipe) lets `exit` stop the script.
# shellcheck disable=SC2013
for lib in $(awk '$2 == "=>" && $3 ~ /^\// { print $3 }' "$libs" | sort -u); do
  # Merged /usr: the loader may report /lib/… for a file dpkg knows as /usr/lib/… (or back).
  real=$(readlink -f "$lib")
  found=""
  for candidate in "$lib" "$real" "/usr$lib" "/usr$real" "${lib#/usr}" "${real#/usr}"; do
    if owner=$(dpkg-query -S "$candidate" 2>/dev/null); then
      found=${owner%%:*}
      break
    fi
  done
  if [ -z "$found" ]; then
    echo "runtime-packages.sh: no Debian package owns $lib" >&2
    exit 1
  fi
  echo "$found" >>"$owners"
done
sort -u "$owners"
