#!/usr/bin/env bash
# HTTP figures of the web host on 100,000 passages (the Make.org texts numbered into 100,000 contributions):
#   1. wrk against /api/search on 127.0.0.1 (analyst API key; queries rotate over French phrases; hybrid search,
#      query embedding included): requests per second and p50/p95/p99 latency;
#   2. the topic map: /themes (the web page) and /api/topics, median of N fetches each.
# Usage: bench/api.sh [seconds-of-load] [connections]. Needs wrk (apt-get install wrk).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${1:-20}"; connections="${2:-16}"
cli=(dotnet "$here/artifacts/cli/synthesis.dll")
"$here/synthesis" --version >/dev/null
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
data="${BENCH_DATA:-$(mktemp -d)/data}"
port=5099
source "$here/bench/consultation-100k.sh"
consultation_100k "$data"
key=$("${cli[@]}" users key bench --role analyst --data "$data")
"${cli[@]}" serve --data "$data" --no-worker --urls "http://127.0.0.1:$port" >/dev/null 2>&1 &
server=$!; trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done
# The first search opens (or rebuilds) the indexes; it is not part of the figures.
curl -sf -H "Authorization: Bearer $key" "http://127.0.0.1:$port/api/search?q=logement" >/dev/null

lua="$(mktemp)"
cat >"$lua" <<LUA
local queries = {"logement social", "personnes âgées isolées", "aide alimentaire", "transports en commun gratuits",
  "bénévolat associations", "pollution de l'air", "énergies renouvelables", "services publics en milieu rural",
  "réduire les emballages plastiques", "accès aux soins", "produits locaux", "éducation des enfants"}
local filters = {"", "&question=problem", "&neighbourhood=Bellevue", "&sentiment=negative"}
local n = 0
request = function()
  n = n + 1
  local q = queries[(n % #queries) + 1]:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end)
  local path = "/api/search?k=10&q=" .. q .. filters[(n % #filters) + 1]
  return wrk.format("GET", path, {["Authorization"] = "Bearer $key"})
end
done = function(summary, latency, requests)
  io.write(string.format("requests/s %.0f  p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  errors %d  non-2xx %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.errors.connect + summary.errors.read + summary.errors.timeout, summary.errors.status))
end
LUA
wrk -t2 -c8 -d5s -s "$lua" "http://127.0.0.1:$port" >/dev/null   # warm-up (JIT, caches)
result=$(wrk -t2 -c"$connections" -d"${duration}s" -s "$lua" "http://127.0.0.1:$port" | tail -1)

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
login=$(mktemp)
pages=(); apis=()
for _ in $(seq 7); do
  pages+=("$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $key" "http://127.0.0.1:$port/themes")")
  apis+=("$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $key" "http://127.0.0.1:$port/api/topics")")
done
passages=$("${cli[@]}" status --data "$data" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["passages"])')
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "passages: $passages; wrk -t2 -c$connections -d${duration}s /api/search (hybrid, k=10, 1 in 4 filtered): $result"
echo "topic map /themes: median $(printf '%s\n' "${pages[@]}" | median) s; /api/topics: median $(printf '%s\n' "${apis[@]}" | median) s"
rm -f "$lua" "$login"
