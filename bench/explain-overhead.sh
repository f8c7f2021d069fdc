#!/usr/bin/env bash
# The cost of --explain: `tsnlat run --lab veth` (1 ms probes, a veth pair between two namespaces)
# with and without --explain, in pairs whose order turns (A B, B A, ...), and the trace it writes. Prints per pair the
# one-way latency (kernel RX minus app TX) and wake-up lateness percentiles with --explain over
# without (goal: p99 ratio at most 1.05), and the trace's bytes per minute. As root. Bounded:
# 2 x PAIRS (default 3) x DURATION (default 30 s) plus set-up, 3 x with CONTROL=1.
# Usage: sudo [CONTROL=1] bench/explain-overhead.sh [duration-seconds [pairs]]
. "$(dirname "$0")/lib.sh"
need_root
d=${1:-30}
pairs=${2:-3}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
echo "--explain overhead, us: p50 p99 p99.9 max ($(date -u +%F), $(nproc) CPUs, $(uname -r), ${d} s runs after a 2 s warm-up)"
: > "$work/la"; : > "$work/lb"; : > "$work/wa"; : > "$work/wb"; : > "$work/bytes"
with() {
  "$tsnlat" run --lab veth -d "$((d + 2))s" --explain --no-live --runs-dir "$work/with" >/dev/null || true
  w=$(ls -d "$work"/with/* | tail -1)
  tsnlat_pct "$w/report.json" latency >> "$work/la"; tsnlat_pct "$w/report.json" wake >> "$work/wa"
  echo $(( $(stat -c %s "$w/trace/trace.txt") * 60 / (d + 2) )) >> "$work/bytes"
  rm -rf "$w/trace" # a minute of trace is tens of MB
}
without() { # without --explain, into the files suffixed $1 (b: the comparison, c: the control)
  "$tsnlat" run --lab veth -d "$((d + 2))s" --no-live --runs-dir "$work/without$1" >/dev/null || true
  wo=$(ls -d "$work"/without"$1"/* | tail -1)
  tsnlat_pct "$wo/report.json" latency >> "$work/l$1"; tsnlat_pct "$wo/report.json" wake >> "$work/w$1"
}
# the order turns with each pair, so that a drift of the machine over the series favours neither;
# CONTROL=1 adds a second run without --explain to each pair: the ratio of two runs that differ in
# nothing, the noise floor against which the overhead is read
: > "$work/lc"; : > "$work/wc"
for pair in $(seq "$pairs"); do
  if [ $((pair % 2)) = 1 ]; then with; without b; else without b; with; fi
  [ "${CONTROL:-0}" = 1 ] && without c
done
echo "one-way latency (veth lab), --explain over without:"
ratios "$work/la" "$work/lb"
echo "wake-up lateness, --explain over without:"
ratios "$work/wa" "$work/wb"
if [ "${CONTROL:-0}" = 1 ]; then
  echo "control: one-way latency, a second run without --explain over the first:"
  ratios "$work/lc" "$work/lb"
  echo "control: wake-up lateness, the same:"
  ratios "$work/wc" "$work/wb"
fi
echo "trace bytes per minute: $(tr '\n' ' ' < "$work/bytes")"
