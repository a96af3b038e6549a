#!/bin/sh
# Benchmark of the gongkaid daemon (release build):
#   - throughput: N seed-derived distinct reports moved into the inbox at once
#     (time until the last one is moved out; durable commits as deployed),
#   - latency: single files renamed into an idle inbox (drop-to-moved p50/p99),
#   - the report page (ROOT/report.html) written after the burst: delay, size, daemon CPU,
#   - peak RSS of the daemon during the burst and the page (VmHWM).
#
#   scripts/bench-daemon.sh [N=10000] [LATENCY_SAMPLES=200]
#
# Builds with its own scratch path so it does not disturb debug builds.
set -eu
cd "$(dirname "$0")/.."
swift build -c release --scratch-path .build-daemon-release --product gongkaid >&2
BIN="$(swift build -c release --scratch-path .build-daemon-release --show-bin-path)/gongkaid"
exec python3 scripts/bench-daemon.py "$BIN" "${1:-10000}" "${2:-200}"
