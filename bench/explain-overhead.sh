#!/usr/bin/env bash
# The cost of --explain: `tsnlat run --lab veth` (1 ms probes, a veth pair between two namespaces)
# without and with --explain, alternately A B A B ..., and the trace it writes. Prints per pair the
# one-way latency (kernel RX minus app TX) and wake-up lateness percentiles with --explain over
# without (goal: p99 ratio at most 1.05), and the trace's bytes per minute. As root. Bounded:
# 2 x PAIRS (default 3) x DURATION (default 30 s) plus set-up.
# Usage: sudo bench/explain-overhead.sh [duration-seconds [pairs]]
. "$(dirname "$0")/lib.sh"
need_root
d=${1:-30}
pairs=${2:-3}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
echo "--explain overhead, us: p50 p99 p99.9 max ($(date -u +%F), $(nproc) CPUs, $(uname -r), ${d} s runs after a 2 s warm-up)"
: > "$work/la"; : > "$work/lb"; : > "$work/wa"; : > "$work/wb"; : > "$work/bytes"
for pair in $(seq "$pairs"); do
  "$tsnlat" run --lab veth -d "$((d + 2))s" --explain --no-live --runs-dir "$work/with" >/dev/null || true
  w=$(ls -d "$work"/with/* | tail -1)
  tsnlat_pct "$w/report.json" latency >> "$work/la"; tsnlat_pct "$w/report.json" wake >> "$work/wa"
  echo $(( $(stat -c %s "$w/trace/trace.txt") * 60 / (d + 2) )) >> "$work/bytes"
  "$tsnlat" run --lab veth -d "$((d + 2))s" --no-live --runs-dir "$work/without" >/dev/null || true
  wo=$(ls -d "$work"/without/* | tail -1)
  tsnlat_pct "$wo/report.json" latency >> "$work/lb"; tsnlat_pct "$wo/report.json" wake >> "$work/wb"
  rm -rf "$w/trace" # a minute of trace is tens of MB
done
echo "one-way latency (veth lab), --explain over without:"
ratios "$work/la" "$work/lb"
echo "wake-up lateness, --explain over without:"
ratios "$work/wa" "$work/wb"
echo "trace bytes per minute: $(tr '\n' ' ' < "$work/bytes")"
