#!/usr/bin/env bash
# CI entry for the systemd end-to-end test (called from .ci/run). Needs root.
#   1. builds gongkaid and gongkai (debug is enough: the container sees /opt/swift), and
#      their man pages with swift-argument-parser's generate-manual plugin (about a
#      minute: the plugin builds its tool; the package is built already);
#   2. proves the harness with the stand-in service (deploy/e2e/standin.py);
#   3. runs the real daemon through the whole contract, installing the man pages too.
# Extra arguments go to the gongkaid run (e.g. --unwired, --timeout 240).
# Scratch path: $GONGKAI_SCRATCH (default .build). About a minute plus the build.
set -euo pipefail
cd "$(dirname "$0")/../.."
scratch="${GONGKAI_SCRATCH:-.build}"
# The flags of the build before (.ci/run: warnings as errors), so nothing is compiled again.
read -r -a flags <<<"${GONGKAI_SWIFT_FLAGS:-}"
swift build --scratch-path "$scratch" "${flags[@]}" --product gongkaid
swift build --scratch-path "$scratch" "${flags[@]}" --product gongkai
bin="$(swift build --scratch-path "$scratch" "${flags[@]}" --show-bin-path)"
status=0
man="$scratch/plugins/GenerateManual/outputs"
man_args=()
rm -rf "$man"
if swift package --scratch-path "$scratch" "${flags[@]}" generate-manual --multi-page --configuration debug; then
    man_args=(--man "$man")
else
    echo "ci.sh: swift package generate-manual failed: the e2e runs without man pages" >&2
    status=1
fi
deploy/e2e/run.sh --standin --timeout 180 || status=1
deploy/e2e/run.sh --bin "$bin" "${man_args[@]}" --timeout 180 "$@" || status=1
exit "$status"
