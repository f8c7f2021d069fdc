#!/usr/bin/env bash
# Time from command to first probe, and to the readiness line: tsnlat run, send and recv against
# iperf2 -u (client and server) and cyclictest, each started N times (default 5) by the same
# helper (timed_start in lib.sh), medians in ms. As root (tsnlat's SCHED_FIFO and mlockall, and
# cyclictest's, as in the other scripts; drop_caches). Installs iperf and rt-tests. Traffic only to
# 127.0.0.1. Bounded: about 4 N starts of 5-10 s each (5-8 minutes at N = 5).
#
# How each time is taken. T0 is CLOCK_REALTIME read just before the fork of the command.
#  - readiness line: when a line of the command's standard output matching a pattern was first
#    read through its pipe (tsnlat and iperf flush each line; cyclictest runs under stdbuf -oL).
#    tsnlat run and send print theirs before they start measuring; recv prints "listening on"
#    before it binds (pattern RECV_READY, since its place is changing);
#  - tsnlat run: the first record's application TX time in tx.records (--clock REALTIME);
#  - tsnlat send: the kernel RX timestamp (SO_TIMESTAMPNS) of the first datagram at a UDP socket
#    this script holds on 127.0.0.1 (the JIT warm-up's probes go to a private port of tsnlat's
#    own and are not seen there); tx.records' first application TX time is printed beside it;
#  - tsnlat recv: a 'tsnlat send' already sends one probe per ms to the port (its sends are
#    refused while nothing listens there); the first record's application RX time in
#    rx.records, i.e. when the receive loop took its first probe (--clock REALTIME on both);
#  - iperf -u client (-l 64 -b 1000pps): its first datagram at the socket this script holds, as
#    for tsnlat send. iperf -u server: its "Server listening on UDP port" line;
#  - cyclictest -m -p 80 -i 1000 -v: its first sample line (thread 0, loop 0); it prints samples
#    in batches, so this is an upper bound on its first wake-up (a few ms late at most).
# Cold: the first start after 'sync; echo 3 > /proc/sys/vm/drop_caches' (JDK, jar, libraries read
# from disk again), tsnlat without its AOT cache (TSNLAT_AOT=0). Warm: a repeated start (one
# untimed start before the series) with the cache; "warm, no cache" separates the two effects, and
# "cold, AOT cache" is a user's first start of the day: caches dropped, the AOT cache on disk.
# The machine is shared: its load average is printed beside each series.
# Usage: sudo bench/startup.sh [N]     (RECV_READY='regex' overrides recv's readiness pattern;
#                                        TOOLS='run send recv iperfc iperfs cyclic' picks rows)
#        sudo bench/startup.sh breakdown   (where a warm 'tsnlat run' spends its time, one start:
#                                        the first class each phase loads marks its start)
. "$(dirname "$0")/lib.sh"
need_root
need_pkg iperf iperf
need_pkg cyclictest rt-tests
recv_ready=${RECV_READY:-'^tsnlat recv: listening on'}
work=$(mktemp -d)
bg=
# (SIGTERM: a job started with & in a script ignores SIGINT, and so does its JVM)
cleanup() { [ -n "$bg" ] && kill -TERM "$bg" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
"$tsnlat" --version >/dev/null   # builds the jar and makes the AOT caches if needed, untimed
free_port() { python3 -c 'import socket;s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
load() { cut -d' ' -f1 /proc/loadavg; }
drop_caches() { sync; echo 3 > /proc/sys/vm/drop_caches; }

if [ "${1:-}" = breakdown ]; then
  # One warm start of 'tsnlat run', with the JVM logging each class it loads (wall-clock ns) to
  # a file: the first class of each phase marks where that phase begins.
  "$tsnlat" run -d 1s --no-live --runs-dir "$work/w" >/dev/null 2>&1 || true
  export JAVA_TOOL_OPTIONS="-Xlog:class+load=info:file=$work/cl.log:timemillis,uptimenanos"
  read -r t0 _ _ _ < <(TIMED_STDERR=/dev/null timed_start '' 0 exit "$tsnlat" run -d 1s --no-live --clock REALTIME --runs-dir "$work/b")
  unset JAVA_TOOL_OPTIONS
  run=$(ls -d "$work"/b/*/)
  python3 - "$t0" "$work/cl.log" "$run/tx.records" "$(load)" <<'PY'
import re, struct, sys
t0, log, tx, load = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
# each line: wall-clock ms and ns since the JVM started; the JVM's start in wall-clock ns is taken
# as the median over all lines of (ms - uptime), good to a fraction of a millisecond
first = {}; offsets = []
for l in open(log):
    m = re.match(r"\[(\d+)ms\]\[(\d+)ns\] (\S+)", l)
    if not m: continue
    ms, up, c = int(m.group(1)), int(m.group(2)), m.group(3)
    offsets.append(ms * 1_000_000 + 500_000 - up)
    first.setdefault(c, up)
jvm0 = sorted(offsets)[len(offsets) // 2]
first = {c: jvm0 + up for c, up in first.items()}
b = open(tx, "rb").read(64 + 64)
probe = struct.unpack_from("<q", b, 64 + 24)[0]
marks = [("command (fork)", t0), ("JVM started", jvm0), ("heap ready (java.lang.Object)", first.get("java.lang.Object")),
         ("tsnlat's main (org.tsnlat.cli.Main)", first.get("org.tsnlat.cli.Main")),
         ("command parsed (org.tsnlat.run.Measurement)", first.get("org.tsnlat.run.Measurement")),
         ("sockets, PM QoS done; JIT warm-up starts (JitWarmup)", first.get("org.tsnlat.run.JitWarmup")),
         ("JIT warm-up ends (JitWarmup$Outcome)", first.get("org.tsnlat.run.JitWarmup$Outcome")),
         ("run directory, meta.json done (org.tsnlat.run.Recorder)", first.get("org.tsnlat.run.Recorder")),
         ("environment snapshot starts (EnvCollector)", first.get("org.tsnlat.env.EnvCollector")),
         ("environment snapshot done (org.tsnlat.sync.SyncLog)", first.get("org.tsnlat.sync.SyncLog")),
         ("first probe (app TX)", probe)]
print("where a warm 'tsnlat run -d 1s' spends its time before the first probe (load %s):" % load)
prev = None
for name, t in marks:
    if t is None:
        print("  %-58s      -" % name); continue
    print("  %-58s %6.0f ms  (+%.0f)" % (name, (t - t0) / 1e6, 0 if prev is None else (t - prev) / 1e6))
    prev = t
PY
  exit 0
fi

n=${1:-5}
declare -A cell
# series KEY MODE: N timed starts by start_KEY, MODE cold, coldaot, nocache or warm; medians into cell[]
series() {
  local key=$1 mode=$2 i a b c l0
  local -a A=() B=() C=()
  l0=$(load)
  case $mode in cold*) ;; *) start_"$key" "$mode" 0 >/dev/null ;; esac   # untimed: warms the page cache
  for i in $(seq 1 "$n"); do
    case $mode in cold*) drop_caches ;; esac
    read -r a b c < <(start_"$key" "$mode" "$i")
    A+=("$a"); B+=("$b"); C+=("$c")
  done
  cell[$key,$mode,a]=$(median "${A[@]}"); cell[$key,$mode,b]=$(median "${B[@]}"); cell[$key,$mode,c]=$(median "${C[@]}")
  cell[$key,$mode,load]="$l0-$(load)"
  echo "  $key $mode: ${A[*]} | ${B[*]} | ${C[*]} (load $l0-$(load))" >&2
}
aot_env() { case $1 in warm|coldaot) echo 1 ;; *) echo 0 ;; esac; }
# Each start_KEY prints "FIRST READY EXTRA" in ms after T0.
start_run() {
  local d="$work/run-$1-$2" t0 ready
  read -r t0 ready _ _ < <(TSNLAT_AOT=$(aot_env "$1") timed_start '^tsnlat run:' 0 exit \
    "$tsnlat" run -d 1s --no-live --clock REALTIME --runs-dir "$d")
  echo "$(first_record_ms "$t0" "$(ls -d "$d"/*/)tx.records" 24) $ready -"
}
start_send() {
  local d="$work/send-$1-$2" t0 ready udp port
  port=$(free_port)
  read -r t0 ready udp _ < <(TSNLAT_AOT=$(aot_env "$1") timed_start '^tsnlat send:' "$port" exit \
    "$tsnlat" send "127.0.0.1:$port" -d 1s --reflect-every 0 --clock REALTIME --runs-dir "$d")
  echo "$udp $ready $(first_record_ms "$t0" "$(ls -d "$d"/*/)tx.records" 24)"
}
start_recv() {
  local d="$work/recv-$1-$2" t0 ready
  read -r t0 ready _ _ < <(TSNLAT_AOT=$(aot_env "$1") timed_start "$recv_ready" 0 exit \
    "$tsnlat" recv --bind "127.0.0.1:$recv_port" -d 1s --no-live --clock REALTIME --runs-dir "$d")
  echo "$(first_record_ms "$t0" "$(ls -d "$d"/*/)rx.records" 64) $ready -"
}
start_iperfc() {
  local port t0 ready udp
  port=$(free_port)
  read -r t0 ready udp _ < <(timed_start '^Client connecting' "$port" udp+0.2 \
    iperf -c 127.0.0.1 -u -p "$port" -l 64 -b 1000pps -t 2)
  echo "$udp $ready -"
}
start_iperfs() {
  local port t0 ready
  port=$(free_port)
  read -r t0 ready _ _ < <(timed_start 'Server listening on UDP port' 0 ready+0 iperf -s -u -B 127.0.0.1 -p "$port")
  echo "- $ready -"
}
start_cyclic() {
  local t0 first ready
  read -r t0 first _ ready < <(TIMED_ALSO='.' timed_start '^ *0: *0: ' 0 exit \
    stdbuf -oL cyclictest -m -p 80 -i 1000 -l 20 -v)
  echo "$first $ready -"
}

echo "time to first probe and to the readiness line, ms, median of $n ($(date -u +%F), $(nproc) CPUs, $(uname -r), $("$tsnlat" --version 2>/dev/null | sed -n 2p))"
tools=" ${TOOLS:-run send recv iperfc iperfs cyclic} "
for key in run send recv; do
  [[ $tools == *" $key "* ]] || continue
  if [ "$key" = recv ]; then
    # the sender recv's starts find already sending (refused until recv binds the port)
    recv_port=$(free_port)
    TSNLAT_AOT=1 "$tsnlat" send "127.0.0.1:$recv_port" -i 1ms -d 1800s --reflect-every 0 --clock REALTIME \
      --runs-dir "$work/bg" >/dev/null 2>&1 &
    bg=$!
    sleep 5
  fi
  for mode in cold coldaot nocache warm; do series "$key" "$mode"; done
done
if [ -n "$bg" ]; then kill -TERM "$bg" 2>/dev/null; wait "$bg" 2>/dev/null || true; bg=; fi
for key in iperfc iperfs cyclic; do
  [[ $tools == *" $key "* ]] || continue
  for mode in cold warm; do series "$key" "$mode"; done
done
row() { # label key part
  printf '| %s | %s | %s | %s | %s |\n' "$1" "${cell[$2,cold,$3]:-n/a}" "${cell[$2,coldaot,$3]:-n/a}" "${cell[$2,nocache,$3]:-n/a}" \
    "${cell[$2,warm,$3]:-n/a}"
}
echo
echo "| command, event | cold | cold, AOT cache | warm, no AOT cache | warm |"
echo "|---|---|---|---|---|"
row "tsnlat run: first probe (app TX)" run a
row "tsnlat run: line 'tsnlat run: ...'" run b
row "tsnlat send: first probe at the destination (kernel RX)" send a
row "tsnlat send: first probe (app TX)" send c
row "tsnlat send: line 'tsnlat send: ...'" send b
row "tsnlat recv: first probe taken by its loop (app RX)" recv a
row "tsnlat recv: line matching '$recv_ready'" recv b
row "iperf -u client: first datagram at the destination" iperfc a
row "iperf -u client: line 'Client connecting'" iperfc b
row "iperf -u server: line 'Server listening'" iperfs b
row "cyclictest: first sample line (first wake-up, upper bound)" cyclic a
row "cyclictest: first output line" cyclic b
echo
echo "load average (1 min) before-after each series:"
for key in run send recv iperfc iperfs cyclic; do
  printf '  %-7s cold %s, cold with cache %s, no cache %s, warm %s\n' "$key" "${cell[$key,cold,load]:-n/a}" \
    "${cell[$key,coldaot,load]:-n/a}" "${cell[$key,nocache,load]:-n/a}" "${cell[$key,warm,load]:-n/a}"
done
