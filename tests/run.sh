#!/usr/bin/env bash
# Installs what the tests need, builds everything, runs every test project, prints a total.
# The tests start real processes and send real signals; the cross-user tests need root
# (they run a client as 'nobody' with setpriv).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v socat >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq socat >/dev/null
  else
    echo "tests/run.sh: the tests need socat (apt-get install socat)" >&2
    exit 1
  fi
fi

output=$(mktemp)
trap 'rm -f "$output"' EXIT
status=0
dotnet test AttachKit.sln -c Release --nologo "$@" 2>&1 | tee "$output" || status=$?

# One closing line for the whole run, from the runner's per-project summaries.
awk '/(Passed|Failed)! +- +Failed:/ { gsub(",", ""); failed += $4; passed += $6; skipped += $8 }
     END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$output"
exit $status
