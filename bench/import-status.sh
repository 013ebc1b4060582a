#!/usr/bin/env bash
# End-to-end timings of the foundation, medians of N runs (default 5), each on a fresh data folder:
#   1. `synthesis import` of the 18,690 Make.org proposals;
#   2. `synthesis analyse` of them;
#   3. `synthesis status --json` on a store of 100,000 contributions (analysed).
# Usage: bench/import-status.sh [runs]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
cli=(dotnet "$here/artifacts/cli/synthesis.dll")
"$here/synthesis" --version >/dev/null  # publishes the ReadyToRun build if needed
csv="$here/eval-data/makeorg/mondedapres_2020_05_28.noauthor.csv"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

ms() { local s=$(date +%s%N); "$@" >/dev/null; echo $(( ($(date +%s%N) - s) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

imports=(); analyses=()
for i in $(seq "$runs"); do
  rm -rf "$tmp/d"
  imports+=("$(ms "${cli[@]}" import "$csv" --data "$tmp/d" --json)")
  analyses+=("$(ms "${cli[@]}" analyse --data "$tmp/d" --json)")
done

# 100,000 contributions: the Make.org texts numbered into a JSONL file, imported and analysed once.
python3 - "$csv" "$tmp/100k.jsonl" <<'PY'
import csv, json, sys
rows = [r["proposition"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for i in range(100_000):
        out.write(json.dumps({"id": i, "text": rows[i % len(rows)]}, ensure_ascii=False) + "\n")
PY
rm -rf "$tmp/big"
big_import=$(ms "${cli[@]}" import "$tmp/100k.jsonl" --data "$tmp/big" --json)
big_analyse=$(ms "${cli[@]}" analyse --data "$tmp/big" --json)
statuses=()
for i in $(seq $((runs * 2))); do statuses+=("$(ms "${cli[@]}" status --data "$tmp/big" --json)"); done

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME")"
echo "import 18,690 Make.org proposals:   median $(printf '%s\n' "${imports[@]}" | median) ms  (runs: ${imports[*]})"
echo "analyse 18,690 proposals:           median $(printf '%s\n' "${analyses[@]}" | median) ms  (runs: ${analyses[*]})"
echo "import 100,000 contributions:       $big_import ms; analyse: $big_analyse ms"
echo "status --json, 100,000 contributions: median $(printf '%s\n' "${statuses[@]}" | median) ms  (runs: ${statuses[*]})"
