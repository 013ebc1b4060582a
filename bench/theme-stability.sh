#!/usr/bin/env bash
# Theme stability (issue 17, deliverable 6) on the bundled demo consultation:
#   1. the same data analysed twice in two data folders gives the same themes (labels, sizes, assignments);
#   2. 90% of the contributions analysed, then the other 10% imported and analysed again: the share of the first
#      run's passages still in the theme (by ID) they had, and how many themes kept their ID.
# Usage: bench/theme-stability.sh   (about 3 minutes on 2 cores)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli=(dotnet "$here/artifacts/cli/synthesis.dll")
"$here/synthesis" --version >/dev/null  # publishes the build if needed
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
demo="$here/eval-data/demo"
python3 - "$demo" "$tmp" <<'PY'
# the demo's written contributions with stable IDs (the CSV's are row numbers, which a subset would shift): all of
# them in full/, 90% of them in part/
import csv, json, os, random, sys
demo, tmp = sys.argv[1], sys.argv[2]
rng = random.Random(17)
answers = json.load(open(os.path.join(demo, "granddebat-reponses.json"), encoding="utf-8"))
proposals = [{"id": f"makeorg-{i}", "text": r["proposition"]}
             for i, r in enumerate(csv.DictReader(open(os.path.join(demo, "makeorg-propositions-extrait.csv"), encoding="utf-8")))]
keep_a = [rng.random() < 0.9 for _ in answers]
keep_p = [rng.random() < 0.9 for _ in proposals]
for name, ka, kp in (("full", None, None), ("part", keep_a, keep_p)):
    os.makedirs(os.path.join(tmp, name))
    json.dump([a for i, a in enumerate(answers) if ka is None or ka[i]],
              open(os.path.join(tmp, name, "granddebat-reponses.json"), "w", encoding="utf-8"), ensure_ascii=False)
    with open(os.path.join(tmp, name, "makeorg-propositions.jsonl"), "w", encoding="utf-8") as out:
        for i, p in enumerate(proposals):
            if kp is None or kp[i]: out.write(json.dumps(p, ensure_ascii=False) + "\n")
PY
snapshot() { # passage text + contribution ref -> theme ID, label
  python3 - "$1/synthesis.db" <<'PY'
import sqlite3, sys, json
c = sqlite3.connect(sys.argv[1])
rows = c.execute("""SELECT c.external_ref || '#' || p.ord, coalesce(t.parent_id, t.id), coalesce(pt.label, t.label)
  FROM passages p JOIN contributions c ON c.id = p.contribution_id
  LEFT JOIN topic_assignments ta ON ta.passage_id = p.id LEFT JOIN topics t ON t.id = ta.topic_id
  LEFT JOIN topics pt ON pt.id = t.parent_id""").fetchall()
print(json.dumps({k: [theme, label] for k, theme, label in rows}, ensure_ascii=False))
PY
}
for run in a b; do
  "${cli[@]}" import "$tmp/full" --data "$tmp/$run" --json >/dev/null
  "${cli[@]}" analyse --data "$tmp/$run" --json >/dev/null
  snapshot "$tmp/$run" > "$tmp/$run.json"
done
"${cli[@]}" import "$tmp/part" --data "$tmp/grow" --json >/dev/null
"${cli[@]}" analyse --data "$tmp/grow" --json >/dev/null
snapshot "$tmp/grow" > "$tmp/before.json"
"${cli[@]}" import "$tmp/full" --data "$tmp/grow" --json >/dev/null
"${cli[@]}" analyse --data "$tmp/grow" --json >/dev/null
snapshot "$tmp/grow" > "$tmp/after.json"
python3 - "$tmp" <<'PY'
import json, sys, collections
t = sys.argv[1]
a, b = json.load(open(f"{t}/a.json")), json.load(open(f"{t}/b.json"))
same = sum(1 for k in a if b.get(k) == a[k])
print(f"same data twice: {same} of {len(a)} passages in the same theme with the same name ({same / len(a):.1%}); "
      f"themes {len({v[0] for v in a.values() if v[0]})} and {len({v[0] for v in b.values() if v[0]})}")
before, after = json.load(open(f"{t}/before.json")), json.load(open(f"{t}/after.json"))
kept = [k for k in before if before[k][0] is not None]
stay = sum(1 for k in kept if after.get(k, [None])[0] == before[k][0])
themes_before = {v[0] for v in before.values() if v[0]}
themes_after = {v[0] for v in after.values() if v[0]}
print(f"10% more contributions: {len(before)} -> {len(after)} passages; {stay} of {len(kept)} assigned passages kept their theme "
      f"({stay / len(kept):.1%}); {len(themes_before & themes_after)} of {len(themes_before)} themes kept their ID")
PY
