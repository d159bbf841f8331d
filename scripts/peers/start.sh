#!/bin/sh
# Installs (if needed) and starts every platform peer on loopback; prints the
# environment lines the integration tests read. Idempotent.
#   set -a; eval "$(scripts/peers/start.sh)"; set +a
set -eu
here=$(dirname "$0")
"$here/mastodon.sh" start
"$here/wordpress.sh" start
"$here/mediawiki.sh" start
"$here/misago.sh" start
