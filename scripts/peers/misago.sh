#!/bin/sh
# The forum peer: Misago 0.39 (PyPI) on a private PostgreSQL cluster (unix
# socket only), served by Django's runserver. Usage: misago.sh install|start|stop.
. "$(dirname "$0")/common.sh"
PORT=${HUMAS_PEER_MISAGO_PORT:-18304}
DIR="$PEERS_DIR/misago"
MVENV=${HUMAS_PEERS_MISAGO_VENV:-/opt/humas-peers/misago}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)

case "${1:-start}" in
install)
    [ -x "$MVENV/bin/python" ] && "$MVENV/bin/python" -c "import misago" 2>/dev/null && exit 0
    [ -x "$MVENV/bin/python" ] || python3 -m venv "$MVENV"
    "$MVENV/bin/pip" install -q misago==0.39.6
    ;;
start)
    "$0" install
    if ! running misago; then
        stop_pid misago-db
        rm -rf "$DIR"; mkdir -p "$DIR/pg"; chown postgres:postgres "$DIR/pg"
        runuser -u postgres -- "$PGBIN/initdb" -D "$DIR/pg" --auth=trust -U postgres >"$DIR/initdb.log" 2>&1
        runuser -u postgres -- setsid "$PGBIN/postgres" -D "$DIR/pg" -k "$DIR/pg" -c listen_addresses='' \
            -c fsync=off -c synchronous_commit=off -c full_page_writes=off >"$DIR/pg.log" 2>&1 &
        echo $! > "$PEERS_DIR/misago-db.pid"
        for _ in $(seq 60); do [ -S "$DIR/pg/.s.PGSQL.5432" ] && break; sleep 0.5; done
        runuser -u postgres -- "$PGBIN/createdb" -h "$DIR/pg" misago
        cat > "$DIR/humas_misago_settings.py" <<PY
from devproject.settings import *  # noqa
DATABASES["default"].update({"NAME": "misago", "USER": "postgres", "PASSWORD": "", "HOST": "$DIR/pg", "PORT": 5432})
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = True
DEBUG_TOOLBAR_CONFIG = {"SHOW_TOOLBAR_CALLBACK": lambda request: False}
MISAGO_ADDRESS = "http://127.0.0.1:$PORT/"
# All test traffic comes from a few users in quick succession: no 3-second flood limit.
from misago.conf.defaults import MISAGO_POSTING_MIDDLEWARES as _MIDDLEWARES
MISAGO_POSTING_MIDDLEWARES = [m for m in _MIDDLEWARES if "floodprotection" not in m]
PY
        export DJANGO_SETTINGS_MODULE=humas_misago_settings PYTHONPATH="$DIR"
        (cd "$DIR" && "$MVENV/bin/python" -m django migrate --noinput >"$DIR/migrate.log" 2>&1) || { tail -20 "$DIR/migrate.log" >&2; exit 1; }
        # The agency's forum account and two citizens, with avatars (user lists need them).
        (cd "$DIR" && "$MVENV/bin/python" -m django shell >"$DIR/users.log" 2>&1 <<'PY'
from django.contrib.auth import get_user_model
from misago.users.avatars.dynamic import set_avatar
from misago.categories.models import Category
User = get_user_model()
for name, staff in [("diskominfo", True), ("warga1", False), ("warga2", False)]:
    u = User.objects.create_user(name, f"{name}@example.org", "humas-peer-pass-123")
    if staff:
        u.is_staff = True
        u.is_superuser = True
    set_avatar(u)
    u.save()
c = Category.objects.all_categories().filter(level__gt=0).first()
print("CATEGORY", c.pk)
PY
        ) || { cat "$DIR/users.log" >&2; exit 1; }
        sed -n 's/^CATEGORY //p' "$DIR/users.log" > "$DIR/category"
        cd "$DIR"
        setsid "$MVENV/bin/python" -m django runserver "127.0.0.1:$PORT" --noreload >"$DIR/server.log" 2>&1 &
        echo $! > "$PEERS_DIR/misago.pid"
        wait_http "http://127.0.0.1:$PORT/" 120
    fi
    echo "HUMAS_PEER_MISAGO=http://127.0.0.1:$PORT"
    echo "HUMAS_PEER_MISAGO_USER=diskominfo"
    echo "HUMAS_PEER_MISAGO_PASSWORD=humas-peer-pass-123"
    echo "HUMAS_PEER_MISAGO_CATEGORY=$(cat "$DIR/category")"
    ;;
stop) stop_pid misago; stop_pid misago-db ;;
*) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
