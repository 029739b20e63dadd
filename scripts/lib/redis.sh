# shellcheck shell=bash
# Redis: own config, pid file and log under $REGAL_VAR.
# Sourced by scripts/lib/common.sh; uses its helpers and the REGAL_* settings.

regal_redis_pidfile() { printf '%s\n' "$REGAL_VAR/run/redis.pid"; }

regal_redis_configure() {
  {
    echo "bind 127.0.0.1"
    echo "port $REGAL_REDIS_PORT"
    echo "protected-mode yes"
    echo "daemonize yes"
    echo "pidfile $(regal_redis_pidfile)"
    echo "logfile $REGAL_VAR/log/redis.log"
    echo "dir $REGAL_VAR/redis"
    echo "appendonly no"
    if [[ $REGAL_PROFILE == test ]]; then
      echo 'save ""'
    else
      echo "save 3600 1 300 100 60 10000"
    fi
  } >"$REGAL_VAR/redis/redis.conf"
}

regal_redis_ping() { [[ $(redis-cli -h 127.0.0.1 -p "$REGAL_REDIS_PORT" ping 2>/dev/null) == PONG ]]; }

regal_redis_start() {
  local pid
  if pid=$(regal_live_pid "$(regal_redis_pidfile)" redis-server); then
    regal_log "redis already running (pid $pid)"
    return 0
  fi
  regal_require_free_port REGAL_REDIS_PORT
  regal_redis_configure
  redis-server "$REGAL_VAR/redis/redis.conf" </dev/null >>"$REGAL_VAR/log/redis.log" 2>&1 ||
    regal_die "redis-server refused $REGAL_VAR/redis/redis.conf (log: $REGAL_VAR/log/redis.log)"
  if ! regal_wait_for "redis on port $REGAL_REDIS_PORT" 30 regal_redis_ping ||
    ! pid=$(regal_live_pid "$(regal_redis_pidfile)" redis-server); then
    regal_show_logs "$REGAL_VAR/log/redis.log"
    regal_die "redis did not start (log: $REGAL_VAR/log/redis.log)"
  fi
  regal_log "redis up on 127.0.0.1:$REGAL_REDIS_PORT (pid $pid)"
}

regal_redis_stop() { regal_stop_pidfile redis "$(regal_redis_pidfile)" redis-server TERM 30; }

