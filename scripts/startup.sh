#!/usr/bin/env bash
# Measures how long `nezuko serve` takes to answer /api/health (on an empty pb_data, with
# migrations, and again on the migrated one) and its idle RSS after 10 s.
# Usage: scripts/startup.sh [runs]
set -euo pipefail
export GOTOOLCHAIN=go1.27.3
cd "$(dirname "$0")/.."
go build -o nezuko .
runs=${1:-3}
addr=127.0.0.1:18099
now_ms() { date +%s%3N; }
wait_healthy() { until curl -fsS "http://$addr/api/health" >/dev/null 2>&1; do sleep 0.01; done; }
for i in $(seq 1 "$runs"); do
  dir=$(mktemp -d)
  t0=$(now_ms); ./nezuko serve --http=$addr --dir="$dir/pb_data" >/dev/null 2>&1 & pid=$!
  wait_healthy; t1=$(now_ms)
  sleep 10; rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill $pid; wait $pid 2>/dev/null || true
  t2=$(now_ms); ./nezuko serve --http=$addr --dir="$dir/pb_data" >/dev/null 2>&1 & pid=$!
  wait_healthy; t3=$(now_ms)
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$dir"
  echo "run $i: first start $((t1 - t0)) ms, restart $((t3 - t2)) ms, idle RSS $((rss / 1024)) MiB"
done
