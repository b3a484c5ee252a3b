#!/bin/sh
# Installs what storyline needs to build, test and benchmark on Debian or
# Ubuntu; does nothing when everything is present.  Uses sudo when not root.
set -e
PKGS="build-essential pkg-config libutf8proc-dev libstemmer-dev libxxhash-dev
libjson-c-dev libzstd-dev zlib1g-dev libcmocka-dev libsqlite3-dev
libmicrohttpd-dev python3 cppcheck curl"
[ "${1:-}" = "--bench" ] && PKGS="$PKGS python3-sklearn python3-numpy time wrk"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
        missing="$missing $p"
done
if [ -z "$missing" ]; then
    sh tools/setup_web.sh # chromium, node and playwright-core for the browser test
    exit 0
fi
echo "setup: installing$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
sh tools/setup_web.sh
