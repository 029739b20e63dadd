# shellcheck shell=bash
# Shared functions of scripts/run, scripts/test, scripts/svc and scripts/regalctl.
# Source it, do not run it. The callers set `set -euo pipefail`; every function here either
# succeeds or stops the script with a message naming the log to read.
#
# A "stack" is one PostgreSQL cluster, one Redis, N regal-fcgi responders and one nginx, all
# living under one var dir ($REGAL_VAR):
#   run/    pid files and the responders' unix sockets     log/     every log file
#   pg/     data/ (owned by postgres) and run/ (its unix socket)
#   redis/  redis.conf and its dump      nginx/  rendered nginx.conf and temp dirs
#   tls/    self-signed certificate      secrets.env (600)  stack.env  app.env (600)
# The settings of a stack (ports, profile, build dir …) are the REGAL_* variables listed in
# REGAL_STACK_VARS; regal_save_stack writes them to stack.env so that scripts/svc and
# scripts/regalctl act on the same stack later.

REGAL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
REGAL_PG_BIN=${REGAL_PG_BIN:-/usr/lib/postgresql/15/bin}

REGAL_DEPS=(build-essential cmake ninja-build ccache pkg-config libpoco-dev libfcgi-dev
  libboost-test-dev libcrypt-dev libhpdf-dev libpq-dev postgresql-15 postgresql-contrib
  redis-server nginx-light openssl curl docker-compose python3-yaml fonts-dejavu-core)
# Only ./scripts/test needs these: the browser of the docs page test; pdftotext and pdfinfo,
# which read the PDFs the tests render.
REGAL_TEST_DEPS=(chromium poppler-utils)

# Optional responder settings (README, "Settings"): passed to the responders only when set and
# non-empty, otherwise the responder's own default applies. Saved with the stack so that
# scripts/svc restarts responders exactly as they were.
REGAL_RESPONDER_VARS=(REGAL_BCRYPT_COST REGAL_REGISTRATION REGAL_RESET_LINK_BASE
  REGAL_LOGIN_MAX_FAILURES REGAL_LOGIN_MAX_FAILURES_PER_IP REGAL_LOGIN_WINDOW_SECONDS
  REGAL_SMTP_HOST REGAL_SMTP_PORT REGAL_MAIL_FROM REGAL_OUTBOX_POLL_MS
  REGAL_SALE_NUMBER_FORMAT REGAL_REFUND_NUMBER_FORMAT REGAL_REFUND_CASHIER_LIMIT REGAL_PDF_FONT
  REGAL_SESSION_CACHE_SECONDS)

REGAL_STACK_VARS=(REGAL_VAR REGAL_PROFILE REGAL_ENV REGAL_BUILD_DIR REGAL_BIND REGAL_HTTP_PORT
  REGAL_HTTPS_PORT REGAL_PG_PORT REGAL_REDIS_PORT REGAL_RESPONDERS REGAL_THREADS
  REGAL_MAX_BODY_BYTES REGAL_TEST_ROUTES REGAL_LIMIT_API_RATE REGAL_LIMIT_API_BURST
  REGAL_LIMIT_AUTH_RATE REGAL_LIMIT_AUTH_BURST "${REGAL_RESPONDER_VARS[@]}")

# ---------------------------------------------------------------------------------- basics

regal_log() { printf '[regal] %s\n' "$*" >&2; }
regal_die() {
  regal_log "ERROR: $*"
  exit 1
}
regal_is_root() { [[ $EUID -eq 0 ]]; }

# Absolute, normalised form of a path (relative paths are taken from the caller's cwd).
regal_abs() { realpath -m -- "$1"; }

# Elapsed wall time since a start taken with `start=$EPOCHREALTIME`, as "12.3s".
regal_elapsed() {
  local start_us=${1/./} now_us=${EPOCHREALTIME/./}
  local tenths=$(((now_us - start_us) / 100000))
  printf '%d.%ds' $((tenths / 10)) $((tenths % 10))
}

# Polls "$@" every 0.2 s until it succeeds or $2 seconds pass; $1 names what is awaited.
regal_wait_for() {
  local what=$1 timeout=$2
  shift 2
  local deadline=$((SECONDS + timeout))
  until "$@"; do
    if ((SECONDS >= deadline)); then
      regal_log "timed out after ${timeout}s waiting for $what"
      return 1
    fi
    sleep 0.2
  done
}

# Last lines of the given log files, to explain a failure.
regal_show_logs() {
  local f
  for f in "$@"; do
    [[ -s $f ]] || continue
    regal_log "---- last lines of $f"
    tail -n 25 "$f" >&2
  done
}

# ---------------------------------------------------------------------------- dependencies

# regal_missing_deps PACKAGE…: the packages of the list that are not installed.
regal_missing_deps() {
  local pkg status
  for pkg in "$@"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ $status == *" installed" ]] || printf '%s\n' "$pkg"
  done
  # The docs build needs npm: any Node.js will do. A Node.js distribution's own nodejs package
  # bundles npm and conflicts with Debian's npm, so ask for Debian's only when there is none.
  command -v npm >/dev/null 2>&1 || printf '%s\n' nodejs npm
}

# Runs "$@" with a policy-rc.d that stops package scripts from starting the system's own
# postgresql/redis/nginx services: the project runs private instances instead.
regal_without_service_start() {
  local policy=/usr/sbin/policy-rc.d rc=0
  if [[ -e $policy ]]; then
    "$@"
    return
  fi
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  "$@" || rc=$?
  rm -f "$policy"
  return "$rc"
}

# regal_install_deps [test]: installs what is missing (with `test`: REGAL_TEST_DEPS too).
regal_install_deps() {
  local -a missing wanted=("${REGAL_DEPS[@]}")
  if [[ ${1:-} == test ]]; then wanted+=("${REGAL_TEST_DEPS[@]}"); fi
  mapfile -t missing < <(regal_missing_deps "${wanted[@]}")
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  if ! regal_is_root; then
    regal_log "missing Debian packages: ${missing[*]}"
    regal_die "install them first: sudo apt-get install -y ${missing[*]}"
  fi
  regal_log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  regal_without_service_start apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# ----------------------------------------------------------------------------------- build

# regal_build <build-dir> <Release|Debug> [extra cmake args…]: the binaries, then the docs site
# (scripts/lib/docs.sh) into <build-dir>/docs-site.
regal_build() {
  local dir=$1 type=$2
  shift 2
  export CCACHE_DIR=${CCACHE_DIR:-$REGAL_ROOT/.cache/ccache}
  export CCACHE_BASEDIR=$REGAL_ROOT CCACHE_MAXSIZE=2G
  # Explicit returns: called as `regal_build … || …`, bash ignores set -e inside the function
  # and a failed compile would otherwise be hidden by the docs step that follows.
  cmake -S "$REGAL_ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" \
    -DCMAKE_CXX_COMPILER_LAUNCHER=ccache "$@" || return 1
  cmake --build "$dir" -j2 || return 1
  regal_docs_build "$dir"
}

# ----------------------------------------------------------------------------------- ports

# True when something listens on TCP port $1.
regal_port_busy() {
  if command -v ss >/dev/null 2>&1; then
    [[ -n $(ss -Htln "sport = :$1" 2>/dev/null) ]]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

REGAL_PICKED_PORTS=" "
# regal_free_port VAR: stores in VAR a free port below the ephemeral range, never one this
# shell picked already (so several calls before anything binds still differ).
regal_free_port() {
  local -n _regal_port_out=$1
  local port try
  for ((try = 0; try < 500; try++)); do
    port=$((20000 + RANDOM % 12000))
    [[ $REGAL_PICKED_PORTS == *" $port "* ]] && continue
    regal_port_busy "$port" && continue
    REGAL_PICKED_PORTS+="$port "
    _regal_port_out=$port
    return 0
  done
  regal_die "found no free TCP port"
}

# regal_require_free_port NAME: fails naming the variable to change when port $NAME is taken.
regal_require_free_port() {
  if regal_port_busy "${!1}"; then
    regal_die "port ${!1} is in use; choose another with $1=… (see README)"
  fi
}

regal_check_ports_free() {
  local name
  for name in REGAL_HTTP_PORT REGAL_HTTPS_PORT REGAL_PG_PORT REGAL_REDIS_PORT; do
    regal_require_free_port "$name"
  done
}

# ---------------------------------------------------------------------- var dir, settings

# The var dir named by REGAL_VAR (default: the checkout's var/), made absolute.
regal_default_var() { REGAL_VAR=$(regal_abs "${REGAL_VAR:-$REGAL_ROOT/var}"); }

# nginx limit_req settings per client address, unless the environment sets them.
regal_default_limits() {
  REGAL_LIMIT_API_RATE=${REGAL_LIMIT_API_RATE:-50r/s}
  REGAL_LIMIT_API_BURST=${REGAL_LIMIT_API_BURST:-100}
  REGAL_LIMIT_AUTH_RATE=${REGAL_LIMIT_AUTH_RATE:-10r/s}
  REGAL_LIMIT_AUTH_BURST=${REGAL_LIMIT_AUTH_BURST:-20}
}

# Sanity checks on the settings before anything starts.
regal_validate_settings() {
  local name
  for name in REGAL_HTTP_PORT REGAL_HTTPS_PORT REGAL_PG_PORT REGAL_REDIS_PORT \
    REGAL_RESPONDERS REGAL_THREADS REGAL_MAX_BODY_BYTES REGAL_LIMIT_API_BURST \
    REGAL_LIMIT_AUTH_BURST; do
    [[ ${!name} =~ ^[1-9][0-9]*$ ]] || regal_die "$name must be a positive integer (got '${!name}')"
  done
  for name in REGAL_LIMIT_API_RATE REGAL_LIMIT_AUTH_RATE; do
    [[ ${!name} =~ ^[1-9][0-9]*r/[sm]$ ]] || regal_die "$name must look like 50r/s (got '${!name}')"
  done
  for name in REGAL_BCRYPT_COST REGAL_LOGIN_MAX_FAILURES REGAL_LOGIN_MAX_FAILURES_PER_IP \
    REGAL_LOGIN_WINDOW_SECONDS REGAL_SMTP_PORT REGAL_OUTBOX_POLL_MS; do
    [[ -z ${!name-} || ${!name} =~ ^[1-9][0-9]*$ ]] ||
      regal_die "$name must be a positive integer when set (got '${!name}')"
  done
  case $REGAL_BIND in
    0.0.0.0 | 127.0.0.1) ;;
    *) regal_die "REGAL_BIND must be 0.0.0.0 or 127.0.0.1 (got '$REGAL_BIND')" ;;
  esac
  # sun_path holds 107 bytes; the responders' sockets live in $REGAL_VAR/run.
  ((${#REGAL_VAR} <= 80)) || regal_die "REGAL_VAR is too long for unix socket paths: $REGAL_VAR"
}

regal_prepare_var() {
  mkdir -p "$REGAL_VAR"/{run,log,redis,nginx/tmp,tls}
  # postgres and nginx's worker user must traverse the var dir (pg/, run/*.sock).
  chmod 755 "$REGAL_VAR" "$REGAL_VAR/run" "$REGAL_VAR/log"
  chmod 700 "$REGAL_VAR/tls" "$REGAL_VAR/redis"
}

# Generated once per var dir, reused afterwards (hex only: safe inside URLs).
regal_ensure_secrets() {
  local file=$REGAL_VAR/secrets.env
  [[ -s $file ]] && return 0
  regal_log "generating secrets in $file"
  (
    umask 077
    {
      printf 'REGAL_DB_OWNER_PASSWORD=%s\n' "$(openssl rand -hex 24)"
      printf 'REGAL_DB_APP_PASSWORD=%s\n' "$(openssl rand -hex 24)"
      printf 'JWT_SECRET=%s\n' "$(openssl rand -hex 32)"
    } >"$file.tmp"
    mv "$file.tmp" "$file"
  )
}

# Exports what the responders and regalctl read (from the settings and secrets.env).
regal_export_app_env() {
  # shellcheck source=/dev/null
  source "$REGAL_VAR/secrets.env"
  export DATABASE_URL="postgresql://regal:$REGAL_DB_APP_PASSWORD@127.0.0.1:$REGAL_PG_PORT/regal"
  export REGAL_MIGRATE_URL="postgresql://regal_owner:$REGAL_DB_OWNER_PASSWORD@127.0.0.1:$REGAL_PG_PORT/regal"
  export REDIS_URL="redis://127.0.0.1:$REGAL_REDIS_PORT/0"
  export REGAL_MIGRATIONS_DIR="$REGAL_ROOT/migrations"
  export JWT_SECRET REGAL_ENV REGAL_MAX_BODY_BYTES
  # Reports may read from a replica: DATABASE_READ_URL comes from the caller's environment and
  # is passed on when set. The test stack always reads its own primary, so a developer's
  # setting cannot leak into it.
  if [[ ${REGAL_PROFILE:-} == test || -z ${DATABASE_READ_URL:-} ]]; then
    unset DATABASE_READ_URL
  else
    export DATABASE_READ_URL
  fi
}

# Writes stack.env (settings) and app.env (the application env, for operators: mode 600).
regal_save_stack() {
  local name
  for name in "${REGAL_STACK_VARS[@]}"; do
    printf '%s=%q\n' "$name" "${!name-}"
  done >"$REGAL_VAR/stack.env"
  regal_export_app_env
  (
    umask 077
    for name in DATABASE_URL REGAL_MIGRATE_URL REDIS_URL JWT_SECRET REGAL_ENV \
      REGAL_MIGRATIONS_DIR REGAL_MAX_BODY_BYTES; do
      printf '%s=%q\n' "$name" "${!name}"
    done >"$REGAL_VAR/app.env"
    if [[ -n ${DATABASE_READ_URL:-} ]]; then
      printf 'DATABASE_READ_URL=%q\n' "$DATABASE_READ_URL" >>"$REGAL_VAR/app.env"
    fi
  )
}

# regal_load_stack VAR_DIR: the settings a previous start saved there, plus the app env.
regal_load_stack() {
  local file=$1/stack.env
  [[ -f $file ]] || regal_die "no stack under $1 ($file is missing): start one with ./scripts/run"
  # shellcheck source=/dev/null
  source "$file"
  regal_export_app_env
}

# ---------------------------------------------------------------------------- processes

# Prints the pid recorded in $1 when that process is alive and is a $2 (its comm name).
regal_live_pid() {
  local file=$1 comm=$2 pid state name
  [[ -s $file ]] || return 1
  read -r pid <"$file" || true
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  read -r name <"/proc/$pid/comm" 2>/dev/null || return 1
  [[ $name == "$comm" ]] || return 1
  state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 1
  [[ $state != Z ]] || return 1
  printf '%s\n' "$pid"
}

regal_pid_gone() { [[ ! -e /proc/$1 ]] || [[ $(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) == Z ]]; }

# regal_stop_pidfile NAME PIDFILE COMM SIGNAL [TIMEOUT]: stops exactly the process recorded in
# PIDFILE and waits for it to exit (SIGKILL after TIMEOUT seconds).
regal_stop_pidfile() {
  local name=$1 file=$2 comm=$3 sig=$4 timeout=${5:-30} pid
  if ! pid=$(regal_live_pid "$file" "$comm"); then
    rm -f "$file"
    return 0
  fi
  kill -s "$sig" "$pid" 2>/dev/null || true
  if ! regal_wait_for "$name (pid $pid) to exit" "$timeout" regal_pid_gone "$pid"; then
    regal_log "$name (pid $pid) ignored SIG$sig; sending SIGKILL"
    kill -s KILL "$pid" 2>/dev/null || true
    regal_wait_for "$name (pid $pid) to die" 5 regal_pid_gone "$pid" || true
  fi
  rm -f "$file"
  regal_log "$name stopped (pid $pid)"
}

# Runs "$@" as postgres when root (PostgreSQL refuses to run as root), from a cwd it can read.
regal_as_postgres() {
  if regal_is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# Fails with a hint when $1 (a user) cannot traverse directory $2.
regal_check_traversable() {
  local user=$1 dir=$2
  regal_is_root || return 0
  if ! runuser -u "$user" -- test -x "$dir"; then
    regal_die "user $user cannot reach $dir: give its parent directories o+x (chmod o+x …)"
  fi
}

# ------------------------------------------------------------------------------ services

# shellcheck source=scripts/lib/postgres.sh
source "$REGAL_ROOT/scripts/lib/postgres.sh"
# shellcheck source=scripts/lib/redis.sh
source "$REGAL_ROOT/scripts/lib/redis.sh"
# shellcheck source=scripts/lib/fcgi.sh
source "$REGAL_ROOT/scripts/lib/fcgi.sh"
# shellcheck source=scripts/lib/smtp_sink.sh
source "$REGAL_ROOT/scripts/lib/smtp_sink.sh"
# shellcheck source=scripts/lib/nginx.sh
source "$REGAL_ROOT/scripts/lib/nginx.sh"
# shellcheck source=scripts/lib/docs.sh
source "$REGAL_ROOT/scripts/lib/docs.sh"
# shellcheck source=scripts/lib/stack.sh
source "$REGAL_ROOT/scripts/lib/stack.sh"
