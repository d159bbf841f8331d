#!/bin/sh
# Stops every platform peer started by start.sh.
set -eu
here=$(dirname "$0")
"$here/mastodon.sh" stop
"$here/wordpress.sh" stop
"$here/mediawiki.sh" stop
"$here/misago.sh" stop
