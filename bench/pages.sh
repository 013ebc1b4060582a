#!/usr/bin/env bash
# Every page of the web app on 100,000 contributions (the Make.org texts numbered into 100,000 contributions, the
# recipe of bench/api.sh), as an admin (who sees every page), and the whole-consultation DOCX report:
# the median of N fetches of each, server warmed up first. Usage: bench/pages.sh [fetches]
# BENCH_DATA=DIR reuses an analysed data folder (bench/api.sh builds the same one).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-7}"
cli=(dotnet "$here/artifacts/cli/synthesis.dll")
"$here/synthesis" --version >/dev/null
data="${BENCH_DATA:-$(mktemp -d)/data}"
port=5098
source "$here/bench/consultation-100k.sh"
consultation_100k "$data"
key=$("${cli[@]}" users key bench-pages --role admin --data "$data")
"${cli[@]}" serve --data "$data" --no-worker --urls "http://127.0.0.1:$port" >/dev/null 2>&1 &
server=$!; trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done
theme=$(sqlite3 "$data/synthesis.db" "SELECT id FROM topics WHERE retired = 0 AND parent_id IS NULL ORDER BY id LIMIT 1")
contribution=$(sqlite3 "$data/synthesis.db" "SELECT min(contribution_id) FROM passages")
pages=(/ /themes "/themes/$theme" "/themes/$theme?question=solution" "/themes/croisements?par=quartier" "/themes/croisements?par=mois"
  /recherche "/recherche?q=logement+social" "/recherche?q=logement+social&page=3&tri=date" /contributions "/contributions/$contribution"
  /rapports /taches /compte /revue "/revue/themes/$theme" /revue/a-verifier /revue/journal /revue/controle /admin /admin/importer
  /api/reports/docx)
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
get() { curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "X-Api-Key: $key" "http://127.0.0.1:$port$1"; }
for p in "${pages[@]}"; do get "$p" >/dev/null; done   # warm-up: JIT, indexes opened, caches
passages=$("${cli[@]}" status --data "$data" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["passages"])')
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo); passages: $passages; median of $runs fetches"
for p in "${pages[@]}"; do
  times=(); code=""
  for _ in $(seq "$runs"); do read -r code t < <(get "$p"); times+=("$t"); done
  printf '%-48s %s  %.3f s\n' "$p" "$code" "$(printf '%s\n' "${times[@]}" | median)"
done
