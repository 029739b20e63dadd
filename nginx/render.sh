#!/bin/sh
# Renders an nginx config template: every @KEY@ becomes the VALUE of a KEY=VALUE argument.
# Fails (and writes nothing) when a placeholder is left unreplaced, so a template and its
# callers cannot drift apart silently. POSIX sh + sed: it also runs inside the nginx image
# (nginx/compose-entrypoint.sh); scripts/lib/nginx.sh calls it for the local stacks.
# Usage: render.sh TEMPLATE OUTPUT KEY=VALUE...   (values must not contain newlines)
set -eu

if [ $# -lt 2 ]; then
  echo "usage: $0 TEMPLATE OUTPUT KEY=VALUE..." >&2
  exit 2
fi
template=$1
output=$2
shift 2

script=""
for pair in "$@"; do
  key=${pair%%=*}
  value=${pair#*=}
  case $key in
    "" | *[!A-Z0-9_]*)
      echo "render.sh: bad placeholder name '$key'" >&2
      exit 2
      ;;
  esac
  escaped=$(printf '%s\n' "$value" | sed -e 's/[\\|&]/\\&/g')
  script="$script
s|@$key@|$escaped|g"
done

tmp="$output.tmp.$$"
trap 'rm -f "$tmp"' EXIT
sed -e "$script" "$template" >"$tmp"
left=$(grep -o '@[A-Z][A-Z0-9_]*@' "$tmp" | sort -u | tr '\n' ' ' || true)
if [ -n "$left" ]; then
  echo "render.sh: placeholders left unreplaced in $output: $left" >&2
  exit 1
fi
mv "$tmp" "$output"
