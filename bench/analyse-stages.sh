#!/usr/bin/env bash
# `synthesis analyse` stage by stage and against n: the 18,690 Make.org proposals, then the same texts numbered
# into 25,000 / 50,000 / 100,000 contributions. For each run: wall time, peak resident memory (GNU time), the
# load average before it (other work on the machine inflates every figure), and each stage's compute and
# commit seconds (`analyse --json`, compute summed over the workers) with [first batch started - last batch ended],
# seconds since the pipeline started.
# Usage: bench/analyse-stages.sh [sizes...]   (default: 18690 25000 50000 100000; 18690 is the CSV itself)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sizes=("${@:-18690 25000 50000 100000}")
[[ $# -eq 0 ]] && sizes=(18690 25000 50000 100000)
cli=(dotnet "$here/artifacts/cli/synthesis.dll")
"$here/synthesis" --version >/dev/null  # publishes the ReadyToRun build if needed
csv="$here/eval-data/makeorg/mondedapres_2020_05_28.noauthor.csv"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo)"
for n in "${sizes[@]}"; do
  input="$csv"
  if [[ "$n" != 18690 ]]; then
    input="$tmp/$n.jsonl"
    python3 - "$csv" "$input" "$n" <<'PY'
import csv, json, sys
rows = [r["proposition"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for i in range(int(sys.argv[3])):
        out.write(json.dumps({"id": i, "text": rows[i % len(rows)]}, ensure_ascii=False) + "\n")
PY
  fi
  rm -rf "$tmp/d"
  "${cli[@]}" import "$input" --data "$tmp/d" --json >/dev/null
  load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f '%e %M' -o "$tmp/time" "${cli[@]}" analyse --data "$tmp/d" --json > "$tmp/analyse.json"
  read -r wall rss < "$tmp/time"
  python3 - "$tmp/analyse.json" "$n" "$wall" "$rss" "$load" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
n, wall, rss, load = sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
stages = ", ".join(f"{s['stage']} {s['compute_seconds']:.1f}+{s['commit_seconds']:.1f} s [{s.get('started_at', 0):.1f}-{s.get('ended_at', 0):.1f}]" for s in r.get("stages", []))
steps = ", ".join(f"{k} {v:.1f} s" for k, v in r.get("corpus_steps", {}).items())
print(f"n={n}: {r['passages']} passages, wall {wall:.1f} s, peak RSS {rss/1024:.0f} MB, load before {load}; in-process {r['seconds']:.1f} s (index drain {r.get('index_drain_seconds', 0):.1f} s); {stages}; corpus: {steps}")
PY
done
