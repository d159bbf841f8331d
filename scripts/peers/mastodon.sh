#!/bin/sh
# The Mastodon client API peer: mastodon_mock 0.6.1, a third-party stateful
# mock of Mastodon's REST API (there is no installable Mastodon server here).
# Usage: mastodon.sh install|start|stop. Prints env lines on start.
. "$(dirname "$0")/common.sh"
PORT=${HUMAS_PEER_MASTODON_PORT:-18301}
DIR="$PEERS_DIR/mastodon"

case "${1:-start}" in
install)
    [ -x "$VENV/bin/mastodon_mock" ] && exit 0
    if [ ! -x "$VENV/bin/python" ] && ! python3 -m venv "$VENV" >/dev/null 2>&1; then
        rm -rf "$VENV"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-venv python3-pip >/dev/null
        python3 -m venv "$VENV"
    fi
    "$VENV/bin/pip" install -q mastodon_mock==0.6.1
    ;;
start)
    "$0" install
    if ! running mastodon; then
        rm -rf "$DIR"; mkdir -p "$DIR"
        # The official account of a demo agency, and two citizens.
        cat > "$DIR/config.toml" <<TOML
[database]
path = "$DIR/mastodon.sqlite"
[[seed.accounts]]
username = "diskominfo"
display_name = "Diskominfo Kotawaringin Barat"
access_token = "token-diskominfo"
[[seed.accounts]]
username = "warga1"
display_name = "Budi Warga"
access_token = "token-warga1"
[[seed.accounts]]
username = "warga2"
display_name = "Siti Warga"
access_token = "token-warga2"
TOML
        setsid "$VENV/bin/mastodon_mock" serve --config "$DIR/config.toml" --host 127.0.0.1 --port "$PORT" \
            --domain "127.0.0.1:$PORT" >"$DIR/server.log" 2>&1 &
        echo $! > "$PEERS_DIR/mastodon.pid"
        wait_http "http://127.0.0.1:$PORT/api/v1/instance" 60
    fi
    echo "HUMAS_PEER_MASTODON=http://127.0.0.1:$PORT"
    ;;
stop) stop_pid mastodon ;;
*) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
