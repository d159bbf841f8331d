# Shared helpers for the peer scripts: state under $HUMAS_PEERS_DIR
# (default /tmp/humas-peers), everything on 127.0.0.1, stopped by PID.
set -eu
PEERS_DIR=${HUMAS_PEERS_DIR:-/tmp/humas-peers}
VENV=${HUMAS_PEERS_VENV:-/opt/humas-peers/venv}
mkdir -p "$PEERS_DIR"

log() { echo "[peers] $*" >&2; }

# wait_http URL SECONDS: polls until the URL answers (any HTTP status).
wait_http() {
    i=0
    while [ "$i" -lt "$2" ]; do
        if curl -s -o /dev/null -m 2 "$1"; then return 0; fi
        sleep 0.5; i=$((i + 1))
    done
    log "timed out waiting for $1"; return 1
}

# running NAME: true when NAME's recorded PID is alive.
running() { [ -f "$PEERS_DIR/$1.pid" ] && kill -0 "$(cat "$PEERS_DIR/$1.pid")" 2>/dev/null; }

# Peers are started with setsid, so their PID is also their process group:
# stopping the group also stops the workers they forked (PHP's server does).
stop_pid() {
    if [ -f "$PEERS_DIR/$1.pid" ]; then
        pid=$(cat "$PEERS_DIR/$1.pid")
        kill -TERM "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.3; done
        kill -KILL "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$PEERS_DIR/$1.pid"
}
