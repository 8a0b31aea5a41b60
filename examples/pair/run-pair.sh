#!/usr/bin/env bash
# A redundant pair on one machine: two n3host processes, two data folders, two API ports.
#   primary: API 127.0.0.1:5380, peer link 127.0.0.1:3002, embedded broker 127.0.0.1:1883
#   backup:  API 127.0.0.1:5381,                          embedded broker 127.0.0.1:1884
# Builds the host, exchanges the two nodes' certificates, runs both until Ctrl-C.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

# N3HOST_EXE: use an n3host that is built already (the docs check in CI does, on a copy of this folder).
if [ -n "${N3HOST_EXE:-}" ]; then
  exe=$N3HOST_EXE
else
  dotnet build "$root/host/N3Host" -nologo -v quiet
  exe="$root/host/N3Host/bin/Debug/net10.0/n3host"
fi

# Each node makes its own certificate on first use; each trusts only the other's.
"$exe" cert show --config "$here/primary/modules.json" > "$here/backup/primary.pem"
"$exe" cert show --config "$here/backup/modules.json" > "$here/primary/backup.pem"

"$exe" run --config "$here/primary/modules.json" > >(sed -u 's/^/[primary] /') 2>&1 &
primary=$!
"$exe" run --config "$here/backup/modules.json" > >(sed -u 's/^/[backup]  /') 2>&1 &
backup=$!
trap 'kill -TERM $primary $backup 2>/dev/null; wait' EXIT INT TERM

echo "pair running: primary pid $primary (status: n3host status --config $here/primary/modules.json)"
echo "              backup  pid $backup (status: n3host status --config $here/backup/modules.json)"
wait
