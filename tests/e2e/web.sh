#!/bin/sh
# Browser test of the web view: tests/web/run.mjs drives Debian's chromium
# with playwright-core against `storyline serve` and a `storyline report`
# file.  Prints "ok NAME" / "not ok NAME" per check; screenshots go to
# $BUILD/web-artefacts/.  Needs node, /usr/bin/chromium and
# tests/web/node_modules, which `sh setup.sh` installs (tools/setup_web.sh).
BUILD=${BUILD:-build}
export BUILD
missing=""
command -v node >/dev/null 2>&1 || missing="node"
[ -x /usr/bin/chromium ] || missing="${missing:+$missing, }/usr/bin/chromium"
[ -d tests/web/node_modules/playwright-core ] || missing="${missing:+$missing, }tests/web/node_modules"
if [ -n "$missing" ]; then
    echo "not ok web: $missing missing (run: sh setup.sh)"
    exit 1
fi
exec node tests/web/run.mjs
