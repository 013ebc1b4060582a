# Sourced by bench/api.sh and bench/pages.sh: `consultation_100k DATA` builds, once, an analysed data folder of
# 100,000 contributions (the Make.org texts of eval-data/makeorg numbered into 100,000, five neighbourhoods in turn).
# Needs $here (the repository) and, for consultation_100k, the cli array (`dotnet artifacts/cli/synthesis.dll`).
# `contributions_100k FILE` writes those 100,000 contributions as JSON lines (bench/postgres-100k.sh imports them itself).
contributions_100k() {
  python3 - "$here/eval-data/makeorg/mondedapres_2020_05_28.noauthor.csv" "$1" <<'PY'
import csv, json, sys
rows = [r["proposition"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))]
hoods = ["Bellevue", "Malakoff", "Nantes Nord", "Dervallières", "Centre-ville"]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for i in range(100_000):
        out.write(json.dumps({"id": i, "text": rows[i % len(rows)], "quartier": hoods[i % 5]}, ensure_ascii=False) + "\n")
PY
}

consultation_100k() {
  local data="$1"
  mkdir -p "$(dirname "$data")"
  [[ -f "$data/synthesis.db" ]] && return 0
  contributions_100k "$data.jsonl"
  "${cli[@]}" import "$data.jsonl" --data "$data" --json >/dev/null
  "${cli[@]}" analyse --data "$data" --json >/dev/null
}
