#!/usr/bin/env bash
# `tsnlat report` speed on synthetic run directories of 10 and 100 million probes (made by the
# hidden `tsnlat synth`): records per second (receiver and sender records together) and peak
# RSS. Needs ~20 GB free for 100 M. Usage: bench/report-speed.sh [dir]
. "$(dirname "$0")/lib.sh"
base=${1:-$(mktemp -d)}
echo "report speed ($(date -u +%F), $(nproc) CPUs, $(uname -r))"
for n in 10000000 100000000; do
  dir="$base/synth-$n"
  [ -d "$dir" ] || "$tsnlat" synth "$dir" --packets "$n" >/dev/null
  records=$(( ($(stat -c %s "$dir/rx.records") - 64) / 96 + ($(stat -c %s "$dir/tx.records") - 64) / 64 ))
  /usr/bin/time -f "%e %M" -o "$base/time.txt" "$tsnlat" report "$dir" >/dev/null || true
  read -r secs kb < <(tail -n 1 "$base/time.txt")
  python3 -c 'import sys; n,s,kb=int(sys.argv[1]),float(sys.argv[2]),int(sys.argv[3]); print("%11d records  %6.1f s  %5.2f M records/s  peak RSS %d MiB" % (n, s, n/s/1e6, kb//1024))' "$records" "$secs" "$kb"
  /usr/bin/time -f "%e %M" -o "$base/time.txt" "$tsnlat" report "$dir" --format html -o "$base/report.html" >/dev/null || true
  read -r secs kb < <(tail -n 1 "$base/time.txt")
  echo "            --format html: $secs s, peak RSS $((kb / 1024)) MiB, $(stat -c %s "$base/report.html") bytes"
  [ "$n" = 100000000 ] && rm -rf "$dir"
done
