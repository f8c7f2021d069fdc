# Shared by the bench scripts: tool installs, a UDP black hole, percentiles and ratio tables.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tsnlat="$here/tsnlat"
need_root() { [ "$(id -u)" = 0 ] || { echo "$(basename "$0"): run as root (SCHED_FIFO, mlockall, namespaces)" >&2; exit 2; }; }
need_pkg() { # need_pkg COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$2" >/dev/null
}
# A UDP port on 127.0.0.1 that takes datagrams and never reads them (no ICMP back, no CPU).
blackhole_start() {
  python3 -c 'import socket,sys,time
s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1],flush=True); time.sleep(86400)' > "$1" &
  blackhole_pid=$!
  while [ ! -s "$1" ]; do sleep 0.05; done
}
blackhole_stop() { kill "$blackhole_pid" 2>/dev/null || true; }
# pct FILE: a cyclictest -h histogram (one thread) -> "p50 p99 p99.9 max" in us
cyclictest_pct() {
  python3 - "$1" <<'PY'
import sys
counts={}; mx=None; over=0
for l in open(sys.argv[1]):
    if l.startswith('# Max Latencies:'): mx=int(l.split()[3])
    elif l.startswith('# Histogram Overflows:'): over=int(l.split()[3])
    elif l[:1].isdigit():
        a=l.split(); counts[int(a[0])]=int(a[1])
n=sum(counts.values())+over
def p(q):
    need=-(-q*n//100) if q==int(q) else int(q*n/100+0.999999); c=0
    for k in sorted(counts):
        c+=counts[k]
        if c>=need: return k
    return mx
print(p(50), p(99), p(99.9), mx)
PY
}
# tsnlat_pct REPORT_JSON METRIC -> "p50 p99 p99.9 max" in us
tsnlat_pct() {
  python3 -c 'import json,sys
m=json.load(open(sys.argv[1]))["metrics"][sys.argv[2]]; p=m["percentilesNs"]
print(*["%.1f"%(x/1000) for x in (p["p50"],p["p99"],p["p99.9"],m["maxNs"])])' "$1" "$2"
}
# tsnlat_app_pct RUN_DIR -> "p50 p99 p99.9 max" in us of app RX - app TX (after the warm-up, no duplicates), from the CSV export
tsnlat_app_pct() {
  "$tsnlat" report "$1" --format csv -o "$1/probes.csv" >/dev/null 2>&1 || true
  python3 - "$1/probes.csv" <<'PY'
import csv,math,sys
v=sorted((int(r["app_rx_ns"])-int(r["app_tx_ns"]))/1000 for r in csv.DictReader(open(sys.argv[1]))
         if r["warmup"]=="0" and r["duplicate"]=="0" and r["app_rx_ns"] and r["app_tx_ns"])
p=lambda q: v[max(0,math.ceil(q*len(v)/100)-1)]
print(*["%.1f"%x for x in (p(50),p(99),p(99.9),v[-1])])
PY
}
# ratios A_FILE B_FILE: lines "p50 p99 p99.9 max" per pair -> table of ratios and their medians
ratios() {
  python3 - "$1" "$2" <<'PY'
import sys,statistics
a=[list(map(float,l.split())) for l in open(sys.argv[1]) if l.strip()]
b=[list(map(float,l.split())) for l in open(sys.argv[2]) if l.strip()]
names=["p50","p99","p99.9","max"]
rs=[[x/y if y else float('nan') for x,y in zip(ra,rb)] for ra,rb in zip(a,b)]
for i,(ra,rb,r) in enumerate(zip(a,b,rs)):
    print("  pair %d  tsnlat %s | peer %s | ratio %s"%(i+1," ".join("%8.1f"%x for x in ra)," ".join("%8.1f"%x for x in rb)," ".join("%5.2f"%x for x in r)))
print("  median ratio tsnlat/peer: "+"  ".join("%s %.2f"%(n,statistics.median(c)) for n,c in zip(names,zip(*rs))))
PY
}
