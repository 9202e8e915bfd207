#!/usr/bin/env bash
# Install what is missing, build pkg/, and serve the site on http://127.0.0.1:8080/
# ("/" redirects to the explorer, /www/index.html).
#   scripts/serve.sh [--port N]        (extra arguments go to scripts/serve.py)
#   SKIP_BUILD=1 scripts/serve.sh      serve the pkg/ already built
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/setup.sh               # no --browser: serving needs no Chromium
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  scripts/build.sh
fi
exec python3 scripts/serve.py --host 127.0.0.1 --port 8080 "$@"
