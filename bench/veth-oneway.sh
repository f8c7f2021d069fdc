#!/usr/bin/env bash
# One-way latency over a veth pair between two namespaces (a `tsnlat lab`), 1000 pps, 64-byte
# UDP payloads, every tool at SCHED_FIFO 80, alternately A B C A B C A B C:
#  - tsnlat's kernel figure (kernel RX timestamp minus app TX time) against iperf2 --trip-times
#    (its receive timestamp minus its send time, from the server's 1 us histogram);
#  - tsnlat's application-to-application figure (app RX minus app TX, from its CSV export)
#    against sockperf ping-pong's latency (half the round trip, app to app) at 1000 messages/s.
# With AUTH=1, each round also runs tsnlat in authenticated mode (--key-file, a key made here):
# its kernel figure against iperf2's and against plain tsnlat's of the same round.
# As root; installs iperf and sockperf. Bounded: 9 runs (12 with AUTH=1) x DURATION (default 20 s)
# plus set-up.
# Usage: sudo [AUTH=1] bench/veth-oneway.sh [duration-seconds]
. "$(dirname "$0")/lib.sh"
need_root
need_pkg iperf iperf
need_pkg sockperf sockperf
d=${1:-20}
lab=bench
work=$(mktemp -d)
cleanup() { "$tsnlat" lab down --name "$lab" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
"$tsnlat" lab up --topology veth --name "$lab" >/dev/null
t="$lab-talker"; l="$lab-listener"; dst=198.18.0.2
iperf_pct() { # server output -> p50 p99 p99.9 max (us) from the final T8-PDF histogram
  python3 - "$1" <<'PY'
import re,sys
text=open(sys.argv[1]).read()
h=re.findall(r'PDF: bin\(w=1us\):cnt\((\d+)\)=([\d:,]+)', text)
if not h: sys.exit("no iperf histogram in output:\n"+text[-2000:])
n,bins=h[-1]; n=int(n)
counts=sorted((int(a),int(b)) for a,b in (x.split(':') for x in bins.split(',')))
def p(q):
    need=q*n/100; c=0
    for k,v in counts:
        c+=v
        if c>=need: return k
    return counts[-1][0]
print(p(50),p(99),p(99.9),counts[-1][0])
PY
}
sockperf_pct() { # client output -> p50 p99 p99.9 max (us)
  python3 - "$1" <<'PY'
import re,sys
t=open(sys.argv[1]).read()
p=dict(re.findall(r'percentile ([\d.]+) =\s+([\d.]+)', t)); m=re.search(r'<MAX> observation =\s+([\d.]+)', t)
if not p or not m: sys.exit("no sockperf percentiles in output:\n"+t[-2000:])
print(p["50.000"], p["99.000"], p["99.900"], m.group(1))
PY
}
echo "one-way latency over veth, us: p50 p99 p99.9 max ($(date -u +%F), $(nproc) CPUs, $(uname -r))"
: > "$work/a"; : > "$work/b"; : > "$work/app"; : > "$work/c"; : > "$work/auth"
(umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$work/key")
for pair in 1 2 3; do
  if [ "${AUTH:-0}" = 1 ]; then
    ip netns exec "$l" "$tsnlat" recv --bind "$dst:7788" --runs-dir "$work/rxa" --no-live --key-file "$work/key" >/dev/null &
    rx=$!
    sleep 1
    ip netns exec "$t" "$tsnlat" send "$dst:7788" -i 1ms -d "$((d + 2))s" --reflect-every 0 --runs-dir "$work/txa" \
      --key-file "$work/key" >/dev/null
    wait "$rx" || true
    tsnlat_pct "$(ls -d "$work"/rxa/* | tail -1)/report.json" latency >> "$work/auth"
  fi
  ip netns exec "$l" "$tsnlat" recv --bind "$dst:7788" --runs-dir "$work/rx" --no-live >/dev/null &
  rx=$!
  sleep 1
  ip netns exec "$t" "$tsnlat" send "$dst:7788" -i 1ms -d "$((d + 2))s" --reflect-every 0 --runs-dir "$work/tx" >/dev/null
  wait "$rx" || true
  run=$(ls -d "$work"/rx/* | tail -1)
  tsnlat_pct "$run/report.json" latency >> "$work/a"
  tsnlat_app_pct "$run" >> "$work/app"
  ip netns exec "$l" chrt -f 80 iperf -s -u -e -B "$dst" -p 5201 --histograms=1u,100000 > "$work/iperf.txt" 2>&1 &
  srv=$!
  sleep 1
  ip netns exec "$t" chrt -f 80 iperf -c "$dst" -p 5201 -u -e --trip-times -l 64 -b 1000pps -t "$d" >/dev/null 2>&1
  sleep 1; kill "$srv" 2>/dev/null || true; wait "$srv" 2>/dev/null || true
  iperf_pct "$work/iperf.txt" >> "$work/b"
  ip netns exec "$l" chrt -f 80 sockperf server -i "$dst" -p 11111 > /dev/null 2>&1 &
  srv=$!
  sleep 1
  ip netns exec "$t" chrt -f 80 sockperf ping-pong -i "$dst" -p 11111 --mps 1000 -m 64 -t "$d" > "$work/sockperf.txt" 2>&1
  kill "$srv" 2>/dev/null || true; wait "$srv" 2>/dev/null || true
  sockperf_pct "$work/sockperf.txt" >> "$work/c"
done
echo "tsnlat recv/send (sw rx - app tx) vs iperf -u -e --trip-times -l 64 -b 1000pps:"
ratios "$work/a" "$work/b"
echo "tsnlat recv/send (app rx - app tx) vs sockperf ping-pong --mps 1000 -m 64 (half round trip):"
ratios "$work/app" "$work/c"
if [ "${AUTH:-0}" = 1 ]; then
  echo "tsnlat recv/send --key-file (sw rx - app tx, 80-byte authenticated probes) vs iperf (as above):"
  ratios "$work/auth" "$work/b"
  echo "tsnlat recv/send --key-file vs tsnlat recv/send without a key (same rounds):"
  ratios "$work/auth" "$work/a"
fi
