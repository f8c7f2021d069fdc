#!/usr/bin/env bash
# The highest probe rate tsnlat sustains over loopback: 1, 2, 5, 10, 20, 50 kHz for DURATION
# each (default 10 s), then 20 kHz for 60 s; prints loss and the share of sends woken after
# their next period had begun. As root (SCHED_FIFO). Then the machine's own floor for the same
# count: cyclictest -m -p 80 -i 50 for 60 s, its wake-ups 50 us or more late (a stall of the
# host holds back every period it spans, for cyclictest as for tsnlat). Installs rt-tests.
# Bounded: 6 x DURATION + 120 s.
# Usage: sudo bench/sustained.sh [duration-seconds]
. "$(dirname "$0")/lib.sh"
need_root
need_pkg cyclictest rt-tests
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
cyclictest -m -p 80 -i 50 -l 1200000 -h 30000 -q -t 1 > "$work/c.txt" 2>/dev/null
python3 - "$work/c.txt" <<'PY'
import sys
c={}; over=0; mx=0
for l in open(sys.argv[1]):
    if l.startswith('# Histogram Overflows:'): over=int(l.split()[3])
    elif l.startswith('# Max Latencies:'): mx=int(l.split()[3])
    elif l[:1].isdigit():
        a=l.split(); c[int(a[0])]=int(a[1])
n=sum(c.values())+over
late=sum(v for k,v in c.items() if k>=50)+over
print("cyclictest -m -p 80 -i 50, 60 s: %d wake-ups, %d woken 50 us or more late (%.4f %%), max %d us" % (n, late, 100.0*late/max(1,n), mx))
PY
