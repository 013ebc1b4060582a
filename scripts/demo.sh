#!/usr/bin/env bash
# The whole product on a fresh machine: install what is missing, build, import the bundled demo consultation,
# analyse it and serve it on http://127.0.0.1:5080 (Ctrl+C to stop). Data goes to ./data unless --data is given.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${SYNTHESIS_DATA:-$here/data}"
if [[ "${1:-}" == "--data" ]]; then data="$2"; fi
"$here/scripts/setup.sh"
"$here/synthesis" import "$here/eval-data/demo" --data "$data"
"$here/synthesis" analyse --data "$data"
exec "$here/synthesis" serve --data "$data"
