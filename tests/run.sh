#!/usr/bin/env bash
# Installs what the tests need, builds everything, runs every test project one after the other
# (they start real processes and time things: running them side by side makes both slower and
# noisier), and prints a total. Extra arguments go to `dotnet test`, e.g.
#   tests/run.sh --filter Category=Torture        # only the torture suite
#   ATTACHKIT_TORTURE=long tests/run.sh --filter Category=Torture   # at full size
# The cross-user and namespace tests need root (setpriv, unshare, nsenter).
set -euo pipefail
cd "$(dirname "$0")/.."

# Apt packages the tests need: socat; a JDK (java, javac, jcmd) for the JVM targets; python3
# to map libjvm.so into a process that is not a JVM.
missing=()
command -v socat >/dev/null || missing+=(socat)
{ command -v javac >/dev/null && command -v jcmd >/dev/null; } || missing+=(openjdk-17-jdk-headless)
command -v python3 >/dev/null || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "tests/run.sh: the tests need ${missing[*]} (apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi

dotnet build AttachKit.sln -c Release --nologo -v quiet -clp:NoSummary

output=$(mktemp)
trap 'rm -f "$output"' EXIT
status=0
for project in tests/*.Tests/*.Tests.csproj; do
  dotnet test "$project" -c Release --no-build --nologo "$@" 2>&1 | tee -a "$output" || status=1
done

# One closing line for the whole run, from the runner's per-project summaries.
awk '/(Passed|Failed)! +- +Failed:/ { gsub(",", ""); failed += $4; passed += $6; skipped += $8 }
     END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$output"
exit $status
