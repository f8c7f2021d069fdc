#!/usr/bin/env bash
# Wake-up lateness: `tsnlat send` (its wake metric) against `cyclictest -m -p 80 -i PERIOD`, same
# period, same duration, run alternately A B A B ... As root; installs rt-tests. Bounded:
# 2 periods x PAIRS (default 3) x 2 tools x DURATION (default 20 s: 4 minutes).
# Usage: sudo bench/wakeup.sh [duration-seconds [pairs]]
. "$(dirname "$0")/lib.sh"
need_root
need_pkg cyclictest rt-tests
d=${1:-20}
pairs=${2:-3}
work=$(mktemp -d); trap 'blackhole_stop; rm -rf "$work"' EXIT
blackhole_start "$work/port"; port=$(cat "$work/port")
echo "wake-up lateness, us: p50 p99 p99.9 max (tsnlat: after its 2 s warm-up; $(date -u +%F), $(nproc) CPUs, $(uname -r))"
for period_us in 1000 100; do
  : > "$work/a"; : > "$work/b"
  loops=$(( d * 1000000 / period_us ))
  for pair in $(seq "$pairs"); do
    "$tsnlat" send "127.0.0.1:$port" -i "${period_us}us" -d "$((d + 2))s" --reflect-every 0 --runs-dir "$work/runs" >/dev/null
    tsnlat_pct "$(ls -d "$work"/runs/* | tail -1)/report.json" wake >> "$work/a"
    cyclictest -m -p 80 -i "$period_us" -l "$loops" -h 4000 -q -t 1 > "$work/c.txt" 2>/dev/null
    cyclictest_pct "$work/c.txt" >> "$work/b"
  done
  echo "period ${period_us} us (tsnlat send --period ${period_us}us vs cyclictest -m -p 80 -i ${period_us}):"
  ratios "$work/a" "$work/b"
done
