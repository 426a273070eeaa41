#!/usr/bin/env bash
# Fleet mode (docs/decisions/0019-fleet-mode.md): N web processes + M job workers of AVA on one PostgreSQL
# database, behind nginx (Debian's package) doing round-robin over the web processes.
#
#   DATABASE_URL=postgres://ava@db/ava scripts/fleet.sh start     # 3 web + 2 workers, nginx on :8080
#   FLEET_WEB=4 FLEET_WORKERS=1 scripts/fleet.sh start
#   scripts/fleet.sh status | stop | nginx-conf
#
# Settings (environment):
#   DATABASE_URL     required: the database every process shares
#   ENCRYPTION_KEY   the key every process shares; unset: generated once into $FLEET_DIR/encryption.key
#   PUBLIC_URL       the URL users and Twilio/Vapi reach (default http://$FLEET_HOST:$FLEET_PORT)
#   FLEET_WEB        web processes (default 3)          FLEET_WORKERS  workers (default 2)
#   FLEET_HOST       nginx listen address (127.0.0.1)   FLEET_PORT     nginx port (8080)
#   FLEET_BASE_PORT  first web port (3101); worker n listens for health checks on FLEET_BASE_PORT+100+n-1
#   FLEET_DIR        pids, logs, nginx.conf and data folders (default ./data/fleet)
# Any other AVA variable (SMTP_URL, TWILIO_*, LLM_*, LOG_LEVEL, …) is passed to every process. SANDBOX is
# always off: the sandbox's emulators live in one process's memory.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

WEB=${FLEET_WEB:-3}
WORKERS=${FLEET_WORKERS:-2}
HOST=${FLEET_HOST:-127.0.0.1}
PORT=${FLEET_PORT:-8080}
BASE=${FLEET_BASE_PORT:-3101}
DIR=${FLEET_DIR:-$ROOT/data/fleet}
case "$DIR" in /*) ;; *) DIR="$ROOT/$DIR" ;; esac
PUBLIC=${PUBLIC_URL:-http://$HOST:$PORT}

say() { printf 'fleet: %s\n' "$*"; }
die() {
  printf 'fleet: %s\n' "$*" >&2
  exit 1
}

nginx_bin() {
  command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true
}

names() {
  for i in $(seq 1 "$WEB"); do echo "web-$i web $((BASE + i - 1))"; done
  for i in $(seq 1 "$WORKERS"); do echo "worker-$i worker $((BASE + 100 + i - 1))"; done
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

ready() { curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$1/readyz" 2>/dev/null; }

# The upstream and server blocks are what a system nginx needs too (see `nginx-conf`).
site_conf() {
  echo "upstream ava_web {"
  echo "  # Round-robin, nginx's default. A process that refuses connections is skipped for 5 s."
  for i in $(seq 1 "$WEB"); do echo "  server 127.0.0.1:$((BASE + i - 1)) max_fails=1 fail_timeout=5s;"; done
  cat <<EOF
  keepalive 32;
}

server {
  listen $HOST:$PORT;
  # AVA answers too-large bodies itself (413 in its error format, BODY_LIMIT_BYTES).
  client_max_body_size 20m;

  # Metrics are per process: scrape each one on its own port, never through the proxy.
  location = /metrics { return 404; }

  location / {
    proxy_pass http://ava_web;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host \$host;
    proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto \$scheme;
    proxy_set_header X-Request-Id \$request_id;
    # Tried on the next process only when this one failed before answering; POSTs (webhooks, sends)
    # are never replayed once sent (nginx's default: no non_idempotent).
    proxy_next_upstream error timeout http_502 http_503;
    proxy_connect_timeout 2s;
    proxy_read_timeout 60s;
  }
}
EOF
}

write_nginx_conf() {
  mkdir -p "$DIR/nginx/tmp" "$DIR/logs"
  {
    # This private nginx runs as whoever starts the fleet; a production box uses Debian's (user
    # www-data) with the blocks printed by `scripts/fleet.sh nginx-conf` in /etc/nginx/conf.d/.
    [ "$(id -u)" = 0 ] && echo "user root;"
    cat <<EOF
worker_processes auto;
pid $DIR/nginx/nginx.pid;
error_log $DIR/logs/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log $DIR/logs/nginx-access.log;
  client_body_temp_path $DIR/nginx/tmp/body;
  proxy_temp_path $DIR/nginx/tmp/proxy;
  fastcgi_temp_path $DIR/nginx/tmp/fastcgi;
  uwsgi_temp_path $DIR/nginx/tmp/uwsgi;
  scgi_temp_path $DIR/nginx/tmp/scgi;
EOF
    site_conf | sed 's/^/  /'
    echo "}"
  } >"$DIR/nginx.conf"
}

start() {
  local nginx
  nginx=$(nginx_bin)
  [ -n "$nginx" ] || die "nginx is not installed. On Debian/Ubuntu: sudo apt-get install nginx   (then run this again)"
  [ -n "${DATABASE_URL:-}" ] || die "DATABASE_URL is not set: every process of the fleet shares one PostgreSQL database"
  mkdir -p "$DIR/run" "$DIR/logs"
  while read -r name _ _; do
    ! alive "$DIR/run/$name.pid" || die "$name is already running (scripts/fleet.sh stop first)"
  done < <(names)

  if [ -z "${ENCRYPTION_KEY:-}" ]; then
    if [ ! -f "$DIR/encryption.key" ]; then
      (umask 077 && node -e "process.stdout.write(require('node:crypto').randomBytes(32).toString('hex'))" >"$DIR/encryption.key")
      say "generated $DIR/encryption.key (every process uses it; back it up, or set ENCRYPTION_KEY)"
    fi
    ENCRYPTION_KEY=$(cat "$DIR/encryption.key")
  fi
  # The web processes serve the built SPA; every process runs the bundled server (npm start's), built
  # here once rather than by each process starting at the same time.
  node scripts/build-web-if-needed.mjs
  node apps/server/scripts/bundle.mjs --if-needed || die "could not bundle the server (see above)"

  while read -r name role port; do
    mkdir -p "$DIR/$name"
    (
      export ENCRYPTION_KEY PUBLIC_URL="$PUBLIC" SANDBOX=off HOST=127.0.0.1 PORT="$port" DATA_DIR="$DIR/$name"
      # Behind nginx: client addresses (per-IP sign-in limits) come from X-Forwarded-For.
      [ "$role" = web ] && export TRUST_PROXY=true
      exec nohup node apps/server/start.mjs --role "$role"
    ) >>"$DIR/logs/$name.log" 2>&1 &
    echo $! >"$DIR/run/$name.pid"
    say "started $name ($role) on 127.0.0.1:$port, log $DIR/logs/$name.log"
  done < <(names)

  local deadline=$((SECONDS + 120))
  while read -r name _ port; do
    until ready "$port"; do
      if ! alive "$DIR/run/$name.pid" || [ $SECONDS -ge $deadline ]; then
        tail -n 20 "$DIR/logs/$name.log" >&2 || true
        stop_processes
        die "$name did not become ready (log: $DIR/logs/$name.log)"
      fi
      sleep 0.5
    done
  done < <(names)
  say "all $WEB web processes and $WORKERS workers are ready"

  write_nginx_conf
  "$nginx" -t -q -p "$DIR/nginx" -c "$DIR/nginx.conf" || { stop_processes; die "nginx refused $DIR/nginx.conf"; }
  "$nginx" -p "$DIR/nginx" -c "$DIR/nginx.conf"
  say "nginx on http://$HOST:$PORT (round-robin over the web processes); AVA's public URL: $PUBLIC"
}

stop_processes() {
  local pids=() name
  while read -r name _ _; do
    if alive "$DIR/run/$name.pid"; then
      pids+=("$(cat "$DIR/run/$name.pid")")
      # SIGTERM: web processes drain their requests; workers finish the texts they hold and their jobs.
      kill -TERM "$(cat "$DIR/run/$name.pid")"
      say "stopping $name"
    fi
    rm -f "$DIR/run/$name.pid"
  done < <(names)
  local deadline=$((SECONDS + 30)) pid
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null; do
      if [ $SECONDS -ge $deadline ]; then
        say "process $pid did not stop in 30 s: SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        break
      fi
      sleep 0.2
    done
  done
}

stop() {
  local nginx
  nginx=$(nginx_bin)
  # nginx first: no new requests reach processes that are draining.
  if [ -n "$nginx" ] && alive "$DIR/nginx/nginx.pid"; then
    "$nginx" -p "$DIR/nginx" -c "$DIR/nginx.conf" -s quit
    say "nginx stopped"
  fi
  stop_processes
  say "fleet stopped"
}

status() {
  local nginx up=0
  nginx=$(nginx_bin)
  while read -r name role port; do
    if alive "$DIR/run/$name.pid"; then
      if ready "$port"; then state=ready; else state="running, not ready"; fi
      up=1
    else
      state=stopped
    fi
    printf '%-10s %-7s 127.0.0.1:%-6s %s\n' "$name" "$role" "$port" "$state"
  done < <(names)
  if alive "$DIR/nginx/nginx.pid"; then
    state=running
  elif [ -n "$nginx" ]; then
    state=stopped
  else
    state="not installed (apt-get install nginx)"
  fi
  printf '%-10s %-7s %-16s %s\n' nginx proxy "$HOST:$PORT" "$state"
  [ $up = 1 ]
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  nginx-conf) site_conf ;;
  *)
    sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
