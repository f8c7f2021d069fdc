#!/usr/bin/env bash
# Probes' one-way latency through a 50 Mbit/s bottleneck (veth lab, as root): unloaded with tbf,
# under a 100 Mbit/s UDP load with tbf, and under the same load with htb's priority class.
# Prints the p99 of each; takes about a minute. Usage: sudo bench/lab-load.sh [duration]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
d=${1:-10s}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run() { "$here/tsnlat" run --topology veth --rate 50mbit -d "$d" --runs-dir "$out/$1" --no-live "${@:2}" >/dev/null
        python3 -c 'import json,sys; m=json.load(sys.stdin)["metrics"]["latency"]; p=m["percentilesNs"]
print("p50 %.1f us  p99 %.1f us  p99.9 %.1f us  max %.1f us  (%d probes)" % (p["p50"]/1e3, p["p99"]/1e3, p["p99.9"]/1e3, m["maxNs"]/1e3, m["count"]))' < "$(ls -d "$out/$1"/* | tail -1)/report.json"; }
printf '%-34s %s\n' "tbf 50mbit, no load:" "$(run a --shape tbf)"
printf '%-34s %s\n' "tbf 50mbit, 100mbit load:" "$(run b --shape tbf --load 100mbit)"
printf '%-34s %s\n' "htb 50mbit (probe class), load:" "$(run c --shape htb --load 100mbit)"
