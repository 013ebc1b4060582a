#!/usr/bin/env bash
# Review decisions on the demo consultation (eval-data/demo, 4,543 contributions): `serve` with its worker, an API
# key of a reviewer, then for each action 5 times: the answer time of the decision (curl's time_total) and the time
# until the topic run it queued has finished (polling /api/status every 0.1 s). Before each split and merge, its
# preview (a dry topic run, GET .../split-preview or .../merge-preview) is timed too, and the sizes it showed are
# compared with those the rerun gave. Prints each action's medians.
# Usage: bench/review.sh [DATA]   (default: a new temporary data folder, imported and analysed first)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli=(dotnet "$here/artifacts/cli/synthesis.dll")
"$here/synthesis" --version >/dev/null  # publishes the ReadyToRun build if needed
data="${1:-}"
tmp="$(mktemp -d)"; trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$tmp"' EXIT
if [[ -z "$data" ]]; then
  data="$tmp/d"
  "${cli[@]}" import "$here/eval-data/demo" --data "$data" >/dev/null
  "${cli[@]}" analyse --data "$data" >/dev/null
fi
key="$("${cli[@]}" users key bench-review --role reviewer --data "$data" | grep -o 'syn_[A-Za-z0-9_-]*' | head -1)"
port=5199
"${cli[@]}" serve --data "$data" --urls "http://127.0.0.1:$port" >"$tmp/serve.log" 2>&1 & server=$!
url="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -sf "$url/health" >/dev/null && break; sleep 0.2; done
api() { # prints the answer time; a decision refused stops the benchmark
  local out; out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -X POST "$url$1" -d "$2")
  [[ ${out%% *} == 200 || ${out%% *} == 204 ]] || { echo "POST $1 answered ${out%% *}" >&2; exit 1; }
  echo "${out#* }"; }
idle() { # seconds until no job is pending or running
  local start; start=$(date +%s.%N)
  sleep 0.1
  while curl -s -H "Authorization: Bearer $key" "$url/api/status" | python3 -c 'import json,sys; j=json.load(sys.stdin)["jobs"]; sys.exit(0 if j["pending"]+j["running"]==0 else 1)'; [[ $? -ne 0 ]]; do sleep 0.1; done
  echo "$(date +%s.%N) - $start" | bc
}
idle >/dev/null
topics() { curl -s -H "Authorization: Bearer $key" "$url/api/topics" | python3 -c '
import json,sys
m=json.load(sys.stdin); out=[]
for t in m["themes"]:
    out.append((t["id"], t["size"], 0))
    out += [(c["id"], c["size"], 1) for c in t["children"]]
print(" ".join(f"{i}:{s}:{d}" for i,s,d in out))'; }
passage() { curl -s -H "Authorization: Bearer $key" "$url/api/topics/$1/passages?size=20" | python3 -c "import json,sys; print(json.load(sys.stdin)['items'][$2]['id'])"; }
preview() { # GET a preview, keep its JSON in $tmp/preview, print its time
  curl -s -o "$tmp/preview" -w '%{time_total}' -H "Authorization: Bearer $key" "$url$1"; }
matches() { # 1 when every topic the preview's result names has, after the rerun, the size the preview showed
  python3 - "$tmp/preview" "$(topics)" <<'PY'
import json,sys
p=json.load(open(sys.argv[1])); now={int(t.split(":")[0]): int(t.split(":")[1]) for t in sys.argv[2].split()}
def walk(ts):
    for t in ts:
        yield t; yield from walk(t["children"])
shown={t["id"]: t["size"] for t in walk(p["after"]) if t["id"] in p["result"]}
print(1 if shown and all(now.get(i) == s for i, s in shown.items()) else 0)
PY
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo); load before: $(cut -d' ' -f1 /proc/loadavg)"
for action in rename accept question sentiment move outlier split merge undo; do
  : >"$tmp/answer"; : >"$tmp/rerun"; : >>"$tmp/preview-time"; : >>"$tmp/matched"
  for i in 1 2 3 4 5; do
    read -r -a all <<<"$(topics)"
    first="${all[0]%%:*}"; second="${all[1]%%:*}"
    sub=""; for t in "${all[@]}"; do IFS=: read -r id size depth <<<"$t"; [[ $depth == 1 && $size -ge 20 ]] && { sub=$id; break; }; done
    p="$(passage "$first" "$i")"
    case $action in
      rename) t=$(api "/api/review/topics/$first/rename" "{\"label\":\"Thème relu $i\"}") ;;
      accept) t=$(api "/api/review/topics/$first/accept" '{"accepted":true}') ;;
      question) t=$(api "/api/review/passages/$p/question" '{"question":"solution"}') ;;
      sentiment) t=$(api "/api/review/passages/$p/sentiment" '{"sentiment":"neutral"}') ;;
      move) t=$(api "/api/review/passages/$p/move" "{\"topic\":$second}") ;;
      outlier) t=$(api "/api/review/passages/$p/outlier" '{}') ;;
      split) preview "/api/review/topics/${sub:-$first}/split-preview?parts=2" >>"$tmp/preview-time"
             t=$(api "/api/review/topics/${sub:-$first}/split" '{"parts":2}') ;;
      merge) preview "/api/review/topics/$first/merge-preview?from=${all[-1]%%:*}" >>"$tmp/preview-time"
             t=$(api "/api/review/topics/$first/merge" "{\"from\":${all[-1]%%:*}}") ;;
      undo) last=$(curl -s -H "Authorization: Bearer $key" "$url/api/review/log?limit=50" | python3 -c 'import json,sys; print(next(e["id"] for e in json.load(sys.stdin)["entries"] if e["action"] != "undo" and not e["undone"]))')
            t=$(api "/api/review/log/$last/undo" '{}') ;;
    esac
    echo "$t" >>"$tmp/answer"
    idle >>"$tmp/rerun"
    [[ $action == split || $action == merge ]] && { echo >>"$tmp/preview-time"; matches >>"$tmp/matched"; }
  done
  if [[ $action == split || $action == merge ]]; then
    printf '%-10s preview median %.2f s (max %.2f), sizes as previewed after the rerun: %d of 5\n' "$action" \
      "$(grep . "$tmp/preview-time" | median)" "$(grep . "$tmp/preview-time" | sort -n | tail -1)" "$(paste -sd+ "$tmp/matched" | bc)"
    : >"$tmp/preview-time"; : >"$tmp/matched"
  fi
  printf '%-10s answer median %.3f s (max %.3f)   rerun median %.2f s (max %.2f)\n' "$action" \
    "$(median <"$tmp/answer")" "$(sort -n "$tmp/answer" | tail -1)" "$(median <"$tmp/rerun")" "$(sort -n "$tmp/rerun" | tail -1)"
done
