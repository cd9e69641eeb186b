#!/usr/bin/env bash
# The Redis tests start a real redis-server (Debian's package) on a free loopback port: install it
# when it is missing, so that `npm test` (whose pretest this is) passes on a fresh Debian machine.
set -euo pipefail
command -v redis-server >/dev/null && exit 0
if [ "$(id -u)" -eq 0 ]; then as_root=(); else as_root=(sudo); fi
echo "redis-server is missing: installing Debian's package" >&2
"${as_root[@]}" apt-get update
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y redis-server
