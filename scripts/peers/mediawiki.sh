#!/bin/sh
# The collaboration peer: Debian's MediaWiki 1.39 on SQLite, served by PHP's
# built-in server, with a bot password for humas. Usage: mediawiki.sh install|start|stop.
. "$(dirname "$0")/common.sh"
PORT=${HUMAS_PEER_MEDIAWIKI_PORT:-18303}
DIR="$PEERS_DIR/mediawiki"
BOTPASS=humasbotpassword0123456789abcdef

case "${1:-start}" in
install)
    [ -f /usr/share/mediawiki/maintenance/install.php ] && exit 0
    [ -f /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; }
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends mediawiki php-sqlite3 php-intl php-mbstring php-xml >/dev/null
    ;;
start)
    "$0" install
    if ! running mediawiki; then
        rm -rf "$DIR"; mkdir -p "$DIR/data"
        php /usr/share/mediawiki/maintenance/install.php --dbtype sqlite --dbpath "$DIR/data" --dbname wiki \
            --confpath "$DIR" --server "http://127.0.0.1:$PORT" --scriptpath "" --lang id \
            --pass humas-peer-pass-123 --skins Vector "Wiki Pemda" Admin >"$DIR/install.log" 2>&1 \
            || { cat "$DIR/install.log" >&2; exit 1; }
        cat >> "$DIR/LocalSettings.php" <<'PHP'
$wgEnableBotPasswords = true;
$wgRateLimits = [];
$wgPasswordAttemptThrottle = [];
$wgMainCacheType = CACHE_NONE;
$wgUnwatchedPageThreshold = 0;
$wgGroupPermissions['*']['edit'] = true;
PHP
        MW_CONFIG_FILE="$DIR/LocalSettings.php" php /usr/share/mediawiki/maintenance/createBotPassword.php \
            --grants basic,highvolume,editpage,createeditmovepage --appid humas Admin "$BOTPASS" >"$DIR/bot.log" 2>&1 \
            || { cat "$DIR/bot.log" >&2; exit 1; }
        MW_CONFIG_FILE="$DIR/LocalSettings.php" PHP_CLI_SERVER_WORKERS=4 setsid php -S "127.0.0.1:$PORT" \
            -t /usr/share/mediawiki >"$DIR/server.log" 2>&1 &
        echo $! > "$PEERS_DIR/mediawiki.pid"
        wait_http "http://127.0.0.1:$PORT/api.php" 60
    fi
    echo "HUMAS_PEER_MEDIAWIKI=http://127.0.0.1:$PORT"
    echo "HUMAS_PEER_MEDIAWIKI_USER=Admin@humas"
    echo "HUMAS_PEER_MEDIAWIKI_PASSWORD=$BOTPASS"
    ;;
stop) stop_pid mediawiki ;;
*) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
