# shellcheck shell=bash
# The test stack's SMTP sink (tests/support/smtp_sink.cpp): stores every mail the responders send
# as one file under $REGAL_VAR/mail, so the e2e suites can read password-reset tokens.
# Sourced by scripts/lib/common.sh; uses its helpers and the REGAL_* settings. Only the test
# profile starts it; stopping is a no-op when it does not run.

regal_sink_pidfile() { printf '%s\n' "$REGAL_VAR/run/smtp-sink.pid"; }
regal_sink_dir() { printf '%s\n' "$REGAL_VAR/mail"; }

regal_sink_start() {
  local bin=$REGAL_BUILD_DIR/bin/smtp_sink pid
  if pid=$(regal_live_pid "$(regal_sink_pidfile)" smtp_sink); then
    regal_log "smtp sink already running (pid $pid)"
    return 0
  fi
  [[ -x $bin ]] || regal_die "missing $bin: build first"
  regal_require_free_port REGAL_SMTP_PORT
  mkdir -p "$(regal_sink_dir)"
  (
    cd "$REGAL_VAR" || exit
    exec setsid "$bin" --port "$REGAL_SMTP_PORT" --dir "$(regal_sink_dir)" \
      </dev/null >>"$REGAL_VAR/log/smtp-sink.log" 2>&1
  ) &
  echo "$!" >"$(regal_sink_pidfile)"
  if ! regal_wait_for "smtp sink on port $REGAL_SMTP_PORT" 30 regal_port_busy "$REGAL_SMTP_PORT"; then
    regal_show_logs "$REGAL_VAR/log/smtp-sink.log"
    regal_die "the smtp sink did not start (log: $REGAL_VAR/log/smtp-sink.log)"
  fi
  regal_log "smtp sink up on 127.0.0.1:$REGAL_SMTP_PORT (mail in $(regal_sink_dir))"
}

regal_sink_stop() {
  [[ -e $(regal_sink_pidfile) ]] || return 0
  regal_stop_pidfile "smtp sink" "$(regal_sink_pidfile)" smtp_sink TERM 10
}
