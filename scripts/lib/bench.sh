# shellcheck shell=bash
# Helpers of bench/run (issue 9). Sourced after scripts/lib/common.sh; not used by run/test.

# bench_pick_port VAR DEFAULT: DEFAULT when it is free, else a free port in 10000–19999 (below the
# 20000–31999 range scripts/test picks from and the kernel's ephemeral range).
bench_pick_port() {
  local -n _bench_port_out=$1
  local port=$2 try
  for ((try = 0; try < 500; try++)); do
    if [[ $REGAL_PICKED_PORTS != *" $port "* ]] && ! regal_port_busy "$port"; then
      REGAL_PICKED_PORTS+="$port "
      _bench_port_out=$port
      return 0
    fi
    port=$((10000 + RANDOM % 10000))
  done
  regal_die "found no free TCP port"
}

# Milliseconds since a start taken with `start=$EPOCHREALTIME`.
bench_ms_since() {
  local start_us=${1/./} now_us=${EPOCHREALTIME/./}
  echo $(((now_us - start_us) / 1000))
}

# Peak resident set size (VmHWM) of process $1 in MiB, or "-" when it is gone.
bench_peak_rss_mib() {
  awk '/^VmHWM:/ { printf "%.1f\n", $2 / 1024; found = 1 } END { if (!found) print "-" }' \
    "/proc/$1/status" 2>/dev/null || echo "-"
}

# True when the FastCGI responder on unix socket $1 answers GET /readyz with 200 (asked directly
# with libfcgi's cgi-fcgi, without nginx).
bench_fcgi_ready() {
  local out
  out=$(env -i REQUEST_METHOD=GET DOCUMENT_URI=/readyz REQUEST_URI=/readyz QUERY_STRING= \
    SERVER_PROTOCOL=HTTP/1.1 REMOTE_ADDR=127.0.0.1 REQUEST_ID=benchstartup \
    cgi-fcgi -bind -connect "$1" </dev/null 2>/dev/null) || return 1
  [[ $out == "Status: 200"* ]]
}

# Value of key $2 in a "BENCH_RESULT k=v k=v" line of file $1 ("-" when absent).
bench_field() {
  local line
  line=$(grep -m1 '^BENCH_RESULT ' "$1" 2>/dev/null || true)
  [[ -n $line ]] || {
    echo "-"
    return
  }
  awk -v key="$2" '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == key) { print substr($i, length(key) + 2); exit } } print "-" }' <<<"$line"
}

# bench_percentiles FILE...: pgbench per-transaction logs (-l) → "p50_ms p99_ms".
bench_percentiles() {
  awk '{ print $3 }' "$@" | sort -n | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "- -"; exit }
    i50 = int(NR * 0.50); if (i50 < 1) i50 = 1
    i99 = int(NR * 0.99); if (i99 < 1) i99 = 1
    printf "%.3f %.3f\n", v[i50] / 1000, v[i99] / 1000 }'
}

# Float helpers for the report: bench_ratio A B → "A/B in %" (or "-"), bench_le A B → A <= B.
bench_ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b + 0 == 0) print "-"; else printf "%.0f%%\n", 100 * a / b }'
}
bench_ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "-" && a + 0 >= b + 0) }'; }
bench_le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "-" && a + 0 <= b + 0) }'; }

# Versions of what is measured, one "name version" per line.
bench_versions() {
  local pkg
  echo "kernel $(uname -r)"
  echo "nginx $(nginx -v 2>&1 | sed 's/^nginx version: //')"
  echo "PostgreSQL $("$REGAL_PG_BIN/postgres" --version | awk '{print $3}')"
  echo "Redis $(redis-server --version | sed -n 's/.* v=\([^ ]*\).*/\1/p')"
  echo "wrk $(wrk -v 2>&1 | head -n1 | awk '{print $2}')"
  for pkg in libfcgi0ldbl libpoco-dev libcrypt1 gcc; do
    echo "$pkg $(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null || echo '?')"
  done
}
