#!/usr/bin/env bash
# Installs what the tests need, builds everything, runs every test project one after the other
# (they start real processes and time things: running them side by side makes both slower and
# noisier), and prints a total. Extra arguments go to `dotnet test`, e.g.
#   tests/run.sh --filter Category=Torture        # only the torture suite
#   ATTACHKIT_TORTURE=long tests/run.sh --filter Category=Torture   # at full size
# Without arguments it then publishes the CLI as a NativeAOT binary and runs the test classes that
# drive the CLI ([Trait("Category", "Cli")]) once more against it (ATTACHKIT_CLI).
# The cross-user and namespace tests need root (setpriv, unshare, nsenter).
set -euo pipefail
cd "$(dirname "$0")/.."

# Apt packages the tests need: socat; a JDK (java, javac, jcmd) for the JVM targets; the system's
# python3 (the hostile test target runs it as nobody, who cannot run a per-user installation); a C
# compiler and the kernel's headers for the seccomp wrapper of the locked-down target.
missing=()
command -v socat >/dev/null || missing+=(socat)
{ command -v javac >/dev/null && command -v jcmd >/dev/null; } || missing+=(openjdk-17-jdk-headless)
[ -x /usr/bin/python3 ] || missing+=(python3)
command -v cc >/dev/null || missing+=(gcc)
[ -f /usr/include/linux/seccomp.h ] || missing+=(linux-libc-dev)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "tests/run.sh: the tests need ${missing[*]} (apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi

started=$SECONDS
# Sockets and files the tests' processes leave in /tmp are the tests' to clean up: listed at the end.
since=$(mktemp)
# What is being done, and how long the run has taken so far: the whole of it takes several minutes.
progress() { printf '== tests/run.sh [%dm%02ds] %s\n' $(((SECONDS - started) / 60)) $(((SECONDS - started) % 60)) "$*"; }

progress "building"
dotnet build AttachKit.sln -c Release --nologo -v quiet -clp:NoSummary

output=$(mktemp)
native_output=$(mktemp)
native=$(mktemp -d)
# Tests run the CLI as other users too (nobody, a container's root): mktemp -d gives 0700.
chmod 755 "$native"
trap 'rm -rf "$output" "$native_output" "$native" "$since"' EXIT
status=0
projects=(tests/*.Tests/*.Tests.csproj)
for i in "${!projects[@]}"; do
  project=${projects[$i]}
  progress "$((i + 1))/${#projects[@]} $(basename "$project" .csproj)"
  dotnet test "$project" -c Release --no-build --nologo "$@" 2>&1 | tee -a "$output" || status=1
done

if [ $# -eq 0 ]; then
  progress "publishing the native CLI, to run the CLI tests again against it"
  dotnet publish attacher/attachkit -c Release -r linux-x64 -p:PublishAot=true --nologo -v quiet -clp:NoSummary -o "$native"
  # One file: nothing may ship beside it but its symbols.
  beside=$(ls "$native" | grep -vx -e attachkit -e attachkit.dbg || true)
  if [ -n "$beside" ]; then
    echo "tests/run.sh: the native attachkit needs files beside it: $beside" >&2
    status=1
  fi
  # Nothing to unpack or relocate at start (attachkit.csproj): linked at a fixed address, type data stored plain.
  if ! readelf -h "$native/attachkit" | grep -q 'Type: *EXEC' || readelf -S -W "$native/attachkit" | grep -qF '.hydrated'; then
    echo "tests/run.sh: the native attachkit is position-independent or keeps its type data compressed" >&2
    status=1
  fi
  for project in tests/*.Tests/*.Tests.csproj; do
    if grep -rqF --include='*.cs' '[Trait("Category", "Cli")]' "$(dirname "$project")"; then
      progress "native CLI: $(basename "$project" .csproj)"
      ATTACHKIT_CLI="$native/attachkit" dotnet test "$project" -c Release --no-build --nologo --filter Category=Cli 2>&1 | tee -a "$native_output" || status=1
    fi
  done
fi

# One closing line for the whole run, from the runner's per-project summaries.
cat "$native_output" >>"$output"
native_passed=$(awk '/(Passed|Failed)! +- +Failed:/ { gsub(",", ""); passed += $6 } END { print passed + 0 }' "$native_output")
awk -v native="$native_passed" '/(Passed|Failed)! +- +Failed:/ { gsub(",", ""); failed += $4; passed += $6; skipped += $8 }
     END { printf "%d passed (%d of them with the native CLI), %d failed, %d skipped\n", passed, native, failed, skipped }' "$output"
left=$(find /tmp -maxdepth 1 -newer "$since" \( -name '.attach_pid*' -o -name '.java_pid*' -o -name 'attachkit-*' \) 2>/dev/null || true)
if [ -n "$left" ]; then
  echo "tests/run.sh: the tests left these in /tmp:" $left >&2
fi
progress "done"
exit $status
