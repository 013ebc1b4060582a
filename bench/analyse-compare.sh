#!/usr/bin/env bash
# Analyse time of this checkout against another one (issue #16's target: the learned tone and question models keep
# `analyse` of the 18,690 Make.org proposals within 10% of the time before them, commit 4069ebd).
# Each run imports the proposals into a fresh data folder for each side and times `analyse --json` on it, the two
# sides alternately so that the machine's load falls on both alike; prints each side's median wall time and the
# median compute of its analyse stage (summed over the workers).
# Usage: bench/analyse-compare.sh BASE_CHECKOUT [runs]   e.g. git worktree add /tmp/base 4069ebd; bench/analyse-compare.sh /tmp/base 5
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
base="$(cd "$1" && pwd)"
runs="${2:-5}"
"$here/synthesis" --version >/dev/null   # publishes each side's ReadyToRun build if needed
"$base/synthesis" --version >/dev/null
csv="$here/eval-data/makeorg/mondedapres_2020_05_28.noauthor.csv"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

declare -A wall stage
for i in $(seq "$runs"); do
  for side in base head; do
    root=$([[ $side == base ]] && echo "$base" || echo "$here")
    rm -rf "$tmp/d"
    dotnet "$root/artifacts/cli/synthesis.dll" import "$csv" --data "$tmp/d" --json >/dev/null
    load=$(cut -d' ' -f1 /proc/loadavg)
    s=$(date +%s%N)
    dotnet "$root/artifacts/cli/synthesis.dll" analyse --data "$tmp/d" --json >"$tmp/out.json"
    ms=$(( ($(date +%s%N) - s) / 1000000 ))
    compute=$(python3 -c 'import json,sys; print(next(s["compute_seconds"] for s in json.load(open(sys.argv[1]))["stages"] if s["stage"] == "analyse"))' "$tmp/out.json")
    wall[$side]+="$ms "; stage[$side]+="$compute "
    echo "run $i $side: ${ms} ms, analyse stage compute ${compute} s (load before ${load})"
  done
done
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME")"
for side in base head; do
  echo "$side: analyse median $(tr ' ' '\n' <<<"${wall[$side]}" | grep . | median) ms (runs ${wall[$side]}), analyse stage compute median $(tr ' ' '\n' <<<"${stage[$side]}" | grep . | median) s"
done
