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
# timed_start READY_RE UDP_PORT STOP CMD...: starts CMD (stdin /dev/null, stderr to the file
# $TIMED_STDERR or /dev/null) and prints "T0_NS READY_MS UDP_MS ALSO_MS". T0 is CLOCK_REALTIME
# just before the fork; READY_MS when a line of CMD's standard output first matched READY_RE (as
# this helper read it from the pipe); ALSO_MS the same for the pattern $TIMED_ALSO, if set;
# UDP_MS the kernel's receive timestamp (SO_TIMESTAMPNS) of the first datagram to
# 127.0.0.1:UDP_PORT, a socket this helper binds before the start (0: none); "-" for what did not
# happen. STOP: "exit" waits for CMD to end; "ready+S" / "udp+S" sends SIGTERM S seconds after
# that event, and again every 0.5 s until CMD ends. Whatever happens, CMD (its pid only) is killed 60 s after its start.
timed_start() {
  python3 - "$@" <<'PY'
import os, re, select, signal, socket, struct, subprocess, sys, threading, time
ready_re, port, stop, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
SO_TIMESTAMPNS = 35
udp = [None]
sock = None
if port:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    sock.bind(("127.0.0.1", port))
    def first_datagram():
        _, anc, _, _ = sock.recvmsg(2048, 1024)
        for level, kind, data in anc:
            if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
                s, ns = struct.unpack("qq", data[:16]); udp[0] = s * 1_000_000_000 + ns
    threading.Thread(target=first_datagram, daemon=True).start()
err = open(os.environ.get("TIMED_STDERR", os.devnull), "ab")
t0 = time.time_ns()
p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err)
also_re = os.environ.get("TIMED_ALSO")
ready = None; also = None; stop_at = None; kill_at = time.monotonic() + 60; buf = b""
what, _, after = stop.partition("+")
fd = p.stdout.fileno(); eof = False
while p.poll() is None or not eof:
    if time.monotonic() > kill_at: p.kill()
    if stop_at is None and what == "udp" and udp[0] is not None: stop_at = time.monotonic() + float(after)
    if stop_at is not None and time.monotonic() > stop_at and p.poll() is None:
        # SIGTERM, not SIGINT: a command started from a script's background job ignores SIGINT
        p.send_signal(signal.SIGTERM); stop_at = time.monotonic() + 0.5   # again until it ends
    if eof:
        time.sleep(0.01); continue
    r, _, _ = select.select([fd], [], [], 0.01)
    if not r: continue
    chunk = os.read(fd, 65536)
    if not chunk:
        eof = True; continue
    now = time.time_ns(); buf += chunk
    *lines, buf = buf.split(b"\n")
    for line in lines:
        if also is None and also_re and re.search(also_re, line.decode(errors="replace")):
            also = now
        if ready is None and ready_re and re.search(ready_re, line.decode(errors="replace")):
            ready = now
            if what == "ready": stop_at = time.monotonic() + float(after)
p.wait()
ms = lambda t: "-" if t is None else "%.1f" % ((t - t0) / 1e6)
print(t0, ms(ready), ms(udp[0]), ms(also))
PY
}
# first_record_ms T0_NS FILE OFFSET: (field at byte OFFSET of the first record of a tsnlat
# record file, CLOCK_REALTIME ns) minus T0_NS, in ms; "-" when the file has no record
first_record_ms() {
  python3 -c 'import struct,sys
t0,f,off=int(sys.argv[1]),sys.argv[2],int(sys.argv[3])
try: b=open(f,"rb").read(64+96)
except OSError: b=b""
n=struct.unpack_from("<H",b,14)[0] if len(b)>=16 else 0
print("%.1f"%((struct.unpack_from("<q",b,64+off)[0]-t0)/1e6) if n and len(b)>=64+n else "-")' "$1" "$2" "$3"
}
# median VALUES...: the median of the numbers among them ("-" when none), and how many there were
median() {
  python3 -c 'import statistics,sys
v=[float(x) for x in sys.argv[1:] if x!="-"]
print(("%.0f"%statistics.median(v) if v else "-")+("" if len(v)==len(sys.argv)-1 else " (%d of %d)"%(len(v),len(sys.argv)-1)))' "$@"
}
