#!/usr/bin/env bash
# Peak RSS (/usr/bin/time -f %M) of a listening `tsnlat recv` and of the `tsnlat send` feeding it for
# 10 s at 1 ms over loopback, N pairs (default 3), then of `tsnlat run -d 10s`. As root (the
# measuring commands' SCHED_FIFO and mlockall, as a user runs them). Traffic only to 127.0.0.1.
# Usage: sudo bench/footprint.sh [N]
. "$(dirname "$0")/lib.sh"
need_root
n=${1:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$tsnlat" --version >/dev/null   # builds the jar and makes the AOT caches if needed, untimed
for i in $(seq 1 "$n"); do
  port=$((47200 + RANDOM % 500))
  /usr/bin/time -f "%M" -o "$work/rx.rss" "$tsnlat" recv --bind "127.0.0.1:$port" --no-live --runs-dir "$work/rx" \
    > "$work/rx.out" 2> "$work/rx.err" &
  rx=$!
  for _ in $(seq 1 100); do grep -q "listening on" "$work/rx.out" 2>/dev/null && break; sleep 0.1; done
  /usr/bin/time -f "%M" -o "$work/tx.rss" "$tsnlat" send "127.0.0.1:$port" -d 10s --runs-dir "$work/tx" \
    > "$work/tx.out" 2> "$work/tx.err"
  wait "$rx" || true
  echo "pair $i: recv $(( $(cat "$work/rx.rss") / 1024 )) MiB, send $(( $(cat "$work/tx.rss") / 1024 )) MiB;" \
    "$(grep -h 'after warm-up' "$work/rx.out" "$work/tx.out" | tr '\n' ' ')"
done
/usr/bin/time -f "%M" -o "$work/run.rss" "$tsnlat" run -d 10s --no-live --runs-dir "$work/run" > "$work/run.out" 2>&1
echo "run -d 10s: $(( $(cat "$work/run.rss") / 1024 )) MiB; $(grep -h 'after warm-up' "$work/run.out")"
