#!/usr/bin/env bash
# The highest probe rate tsnlat sustains over loopback: 1, 2, 5, 10, 20, 50 kHz for DURATION
# each (default 10 s), then 20 kHz for 60 s; prints loss and the share of sends woken after
# their next period had begun. As root (SCHED_FIFO). Bounded: 6 x DURATION + 60 s.
# Usage: sudo bench/sustained.sh [duration-seconds]
. "$(dirname "$0")/lib.sh"
need_root
d=${1:-10}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
row() { # period duration
  "$tsnlat" run -i "$1" -d "$2" --warmup 1s --reflect-every 0 --runs-dir "$work/$1-$2" --no-live >/dev/null || true
  python3 -c 'import json,sys
r=json.load(open(sys.argv[1])); p=r["packets"]; s=r["sender"]
late=s["lateWakeups"]; n=s["sent"]
print("%-8s %-5s sent %9d  lost %6d  late wake-ups %6d (%.4f %%)  wake p99.9 %.1f us" % (sys.argv[2], sys.argv[3], n, p["lost"], late, 100.0*late/max(1,n), r["metrics"]["wake"]["percentilesNs"]["p99.9"]/1000))' \
    "$(ls -d "$work/$1-$2"/* | tail -1)/report.json" "$1" "$2"
}
echo "sustained rate over loopback ($(date -u +%F), $(nproc) CPUs, $(uname -r))"
for p in 1ms 500us 200us 100us 50us 20us; do row "$p" "${d}s"; done
row 50us 60s
