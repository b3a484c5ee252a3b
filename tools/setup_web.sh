#!/bin/sh
# Installs what the browser test of the web view (tests/e2e/web.sh) needs:
# Debian's chromium when /usr/bin/chromium is missing, nodejs and npm only
# when the node / npm commands are missing (a NodeSource node brings its own
# npm), and playwright-core into tests/web/node_modules from its lock file.
# Does nothing when everything is present.  Called by setup.sh; uses sudo
# when not root.
set -e
cd "$(dirname "$0")/.."
pkgs=""
[ -x /usr/bin/chromium ] || pkgs="chromium"
command -v node >/dev/null 2>&1 || pkgs="$pkgs nodejs"
command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm"
if [ -n "$pkgs" ]; then
    echo "setup: installing $pkgs" >&2
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO=sudo
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
fi
if [ ! -d tests/web/node_modules/playwright-core ]; then
    echo "setup: npm ci --prefix tests/web" >&2
    npm ci --prefix tests/web --no-audit --no-fund --loglevel=error >/dev/null
fi
