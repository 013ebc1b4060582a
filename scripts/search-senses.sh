#!/usr/bin/env bash
# Sense errors in the top 10 and typo corrections on eval-data/search-senses (see its README), through the product's
# hybrid search (`synthesis search --json`). Usage: scripts/search-senses.sh DATA [MODE]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$1"; mode="${2:-hybrid}"
"$here/synthesis" --version >/dev/null
python3 - "$here" "$data" "$mode" <<'PY'
import json, re, subprocess, sys
here, data, mode = sys.argv[1:4]
def search(q):
    out = subprocess.run(["dotnet", f"{here}/artifacts/cli/synthesis.dll", "search", q, "--data", data, "--json", "--k", "10", "--mode", mode],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)
errors = total = inversions = 0
for line in open(f"{here}/eval-data/search-senses/queries.jsonl", encoding="utf-8"):
    q = json.loads(line)
    right, wrong = re.compile(q["right"], re.I), re.compile(q["wrong"], re.I)
    results = search(q["query"])["results"]
    is_bad = [bool(wrong.search(r["text"]) and not right.search(r["text"])) for r in results]
    is_right = [bool(right.search(r["text"])) for r in results]
    bad = [r["text"] for r, b in zip(results, is_bad) if b]
    # a wrong sense ranked above a right one: the failure a reader sees (the corpus may hold fewer than 10 right ones)
    last_right = max((i for i, x in enumerate(is_right) if x), default=-1)
    above = sum(1 for i, b in enumerate(is_bad) if b and i < last_right)
    errors += len(bad); total += len(results); inversions += above
    print(f"{q['query']!r}: {len(bad)} sense errors in {len(results)}, {above} above a right-sense result" + (f" (first: {bad[0][:90]!r})" if bad else ""))
print(f"sense errors: {errors} of {total} results ({errors / max(1, total):.1%}); ranked above a right-sense result: {inversions}")
ok = n = 0
for line in open(f"{here}/eval-data/search-senses/typos.tsv", encoding="utf-8").read().splitlines()[1:]:
    typo, expected = line.split("\t")
    got = [c["searched_as"] for c in search(typo)["corrections"]]
    n += 1; ok += got == [expected]
    print(f"{typo!r} -> {got[0] if got else '(not corrected)'!r}" + ("" if got == [expected] else f"  (expected {expected!r})"))
print(f"typos read as the expected word: {ok} of {n}")
PY
