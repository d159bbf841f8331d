#!/bin/sh
# The blog peer: Debian's WordPress 6.1 on a private MariaDB (unix socket only),
# served by PHP's built-in server. Usage: wordpress.sh install|start|stop.
# Prints env lines on start: URL, admin user and an application password.
. "$(dirname "$0")/common.sh"
PORT=${HUMAS_PEER_WORDPRESS_PORT:-18302}
DIR="$PEERS_DIR/wordpress"
SOCK="$DIR/db/mysqld.sock"

case "${1:-start}" in
install)
    [ -f /usr/share/wordpress/wp-load.php ] && command -v mariadbd >/dev/null && exit 0
    [ -f /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; }
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wordpress mariadb-server php-cli php-mysql php-curl php-xml php-mbstring >/dev/null
    ;;
start)
    "$0" install
    if ! running wordpress; then
        stop_pid wordpress-db
        rm -rf "$DIR"; mkdir -p "$DIR/db"; chown mysql:mysql "$DIR/db"
        mariadb-install-db --user=mysql --datadir="$DIR/db" --skip-test-db >/dev/null 2>&1
        setsid mariadbd --no-defaults --user=mysql --datadir="$DIR/db" --socket="$SOCK" --skip-networking \
            --innodb-buffer-pool-size=32M --performance-schema=OFF >"$DIR/db.log" 2>&1 &
        echo $! > "$PEERS_DIR/wordpress-db.pid"
        for _ in $(seq 60); do [ -S "$SOCK" ] && break; sleep 0.5; done
        mariadb --socket="$SOCK" -uroot -e "CREATE DATABASE wp; CREATE USER 'wp'@'localhost' IDENTIFIED BY 'wp'; GRANT ALL ON wp.* TO 'wp'@'localhost';"
        cp -a /usr/share/wordpress "$DIR/htdocs"
        rm -f "$DIR/htdocs/wp-config.php"
        # Debian symlinks wp-content to /var/lib/wordpress; a private copy keeps runs apart.
        rm -rf "$DIR/htdocs/wp-content"; cp -aL /usr/share/wordpress/wp-content "$DIR/htdocs/wp-content" 2>/dev/null || mkdir -p "$DIR/htdocs/wp-content"
        mkdir -p "$DIR/htdocs/wp-content/mu-plugins"
        cat > "$DIR/htdocs/wp-config.php" <<PHP
<?php
define('DB_NAME', 'wp'); define('DB_USER', 'wp'); define('DB_PASSWORD', 'wp');
define('DB_HOST', 'localhost:$SOCK'); define('DB_CHARSET', 'utf8mb4'); define('DB_COLLATE', '');
define('WP_ENVIRONMENT_TYPE', 'local'); define('WP_HTTP_BLOCK_EXTERNAL', true);
define('DISABLE_WP_CRON', true); define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_CONTENT_DIR', '$DIR/htdocs/wp-content');
\$table_prefix = 'wp_';
if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');
require_once ABSPATH . 'wp-settings.php';
PHP
        # All test traffic comes from one address: no comment-flood limit.
        echo "<?php add_filter('comment_flood_filter', '__return_false');" > "$DIR/htdocs/wp-content/mu-plugins/humas-peer.php"
        cat > "$DIR/router.php" <<'PHP'
<?php
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if (str_starts_with($path, '/wp-json/')) { $_SERVER['SCRIPT_NAME'] = '/index.php'; require __DIR__ . '/htdocs/index.php'; return true; }
return false;
PHP
        cp "$DIR/router.php" "$DIR/htdocs/router.php"
        sed -i "s#__DIR__ . '/htdocs/index.php'#__DIR__ . '/index.php'#" "$DIR/htdocs/router.php"
        PHP_CLI_SERVER_WORKERS=4 setsid php -S "127.0.0.1:$PORT" -t "$DIR/htdocs" "$DIR/htdocs/router.php" \
            >"$DIR/server.log" 2>&1 &
        echo $! > "$PEERS_DIR/wordpress.pid"
        wait_http "http://127.0.0.1:$PORT/wp-admin/install.php" 60
        curl -s -o /dev/null "http://127.0.0.1:$PORT/wp-admin/install.php?step=2" \
            --data-urlencode "weblog_title=Blog Diskominfo" --data-urlencode "user_name=admin" \
            --data-urlencode "admin_password=humas-peer-pass" --data-urlencode "admin_password2=humas-peer-pass" \
            --data-urlencode "pw_weak=1" --data-urlencode "admin_email=admin@example.org" --data-urlencode "blog_public=0"
        # Pretty permalinks would need rewrites; /wp-json/ goes through the router.
        (cd "$DIR/htdocs" && php -r 'require "wp-load.php"; $p = WP_Application_Passwords::create_new_application_password(1, ["name" => "humas"]); echo $p[0];') > "$DIR/app-password" 2>"$DIR/app-password.log"
        [ -s "$DIR/app-password" ] || { log "WordPress: no application password ($(cat "$DIR/app-password.log"))"; exit 1; }
    fi
    echo "HUMAS_PEER_WORDPRESS=http://127.0.0.1:$PORT"
    echo "HUMAS_PEER_WORDPRESS_USER=admin"
    echo "HUMAS_PEER_WORDPRESS_PASSWORD=$(cat "$DIR/app-password")"
    ;;
stop) stop_pid wordpress; stop_pid wordpress-db ;;
*) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
