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

# Latencies in ms on stdin, one per line → "rate p50 p99": rate = count / Σ latency (requests per
# second of one client sending them one after another), percentiles by nearest rank (with 20
# samples p99 is the slowest one). "- - -" when there are none.
bench_ms_summary() {
  sort -n | awk '{ v[NR] = $1; sum += $1 } END {
    if (NR == 0 || sum <= 0) { print "- - -"; exit }
    i50 = int(NR * 0.50); if (i50 < NR * 0.50) i50++
    i99 = int(NR * 0.99); if (i99 < NR * 0.99) i99++
    printf "%.1f %.3f %.3f\n", 1000 * NR / sum, v[i50], v[i99] }'
}

# bench_pgbench_steady FILE...: pgbench per-transaction logs (-l; "client tx_no latency_us
# script epoch us") → "tps p50_ms p99_ms" in steady state. Each client's first transaction runs
# in a fresh backend (statement prepares, catalog caches, plpgsql compiles: ~1 s under load,
# against ~0.15 s after) while the API's pooled sessions are long warm, so it is left out:
# tps = Σ over clients of (transactions after its first) / (time from the end of its first to
# the end of its last); percentiles over the same transactions. "- - -" without such data.
bench_pgbench_steady() {
  awk '{
      end = $5 + $6 / 1e6
      if ($2 == 1) { first[$1] = end; next }
      n[$1]++
      if (!($1 in last) || end > last[$1]) last[$1] = end
      print "L", $3 / 1000
    }
    END {
      for (c in n) if ((c in first) && last[c] > first[c]) tps += n[c] / (last[c] - first[c])
      printf "T %.1f\n", tps
    }' "$@" | sort -k1,1 -k2,2n | awk '
      $1 == "L" { v[++k] = $2 }
      $1 == "T" { tps = $2 }
      END {
        if (k == 0 || tps + 0 == 0) { print "- - -"; exit }
        i50 = int(k * 0.50); if (i50 < k * 0.50) i50++
        i99 = int(k * 0.99); if (i99 < k * 0.99) i99++
        printf "%s %.3f %.3f\n", tps, v[i50], v[i99] }'
}
