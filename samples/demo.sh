#!/usr/bin/env bash
# Builds the sample worker and the attachkit CLI, starts the sample, attaches to it with the real
# CLI (version, help, then a thread dump with identical stacks grouped), shows the agent's audit
# log, and stops the sample.
set -euo pipefail
cd "$(dirname "$0")/.."

# One build of both (samples/demo.slnf): what they share is restored and built once.
echo "== building the sample worker and the CLI (about a minute on 2 cores; longer the first time, which downloads packages)"
started=$SECONDS
dotnet build samples/demo.slnf -c Release -v quiet --nologo -clp:NoSummary
echo "== built in $((SECONDS - started)) s"
attachkit() { dotnet attacher/attachkit/bin/Release/net10.0/attachkit.dll "$@"; }

log=$(mktemp)
dotnet samples/AttachKit.Samples.Worker/bin/Release/net10.0/AttachKit.Samples.Worker.dll >"$log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q "echo server" "$log" && break; sleep 0.1; done

echo
echo "== the sample worker is running as pid $pid; no socket yet:"
ls -l "${TMPDIR:-/tmp}/.attach_pid$pid" 2>&1 || true
echo
echo "\$ attachkit $pid version"
attachkit "$pid" version
echo
echo "\$ attachkit $pid help"
attachkit "$pid" help
echo
echo "\$ attachkit $pid threads --group"
attachkit "$pid" threads --group
echo
echo "== the socket the first attach made the agent publish:"
ls -l "${TMPDIR:-/tmp}/.attach_pid$pid"
echo
echo "== the sample's output, with the agent's audit log:"
cat "$log"
