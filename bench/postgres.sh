#!/usr/bin/env bash
# The store on PostgreSQL against SQLite on this machine: `synthesis analyse` of the 18,690 Make.org proposals
# (import, then analyse in a fresh data folder and database each run; wall seconds from `analyse --json`), then
# `synthesis worker --until-idle` with 1, 2 and 4 worker processes on PostgreSQL (wall time from the first start to
# the last exit), and search latency on each engine. PostgreSQL 15 from Debian, started here in a temporary folder
# (as the postgres user when run as root), fsync on; both engines on the same disk; a CHECKPOINT before each timed
# PostgreSQL analyse.
# Usage: bench/postgres.sh [runs]   (default 3; medians reported)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
cli=(dotnet "$here/artifacts/cli/synthesis.dll")
"$here/synthesis" --version >/dev/null  # publishes the ReadyToRun build if needed
csv="$here/eval-data/makeorg/mondedapres_2020_05_28.noauthor.csv"
tmp="$(mktemp -d /tmp/synthesis-pgbench.XXXXXX)"; chmod 755 "$tmp"
source "$here/bench/postgres-server.sh"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo); $("$bin/postgres" --version)"

sqlite=(); postgres=()
for r in $(seq 1 "$runs"); do
  rm -rf "$tmp/s" "$tmp/p"; db "DROP DATABASE IF EXISTS bench" ; db "CREATE DATABASE bench"
  "${cli[@]}" import "$csv" --data "$tmp/s" --json >/dev/null
  sqlite+=("$("${cli[@]}" analyse --data "$tmp/s" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds"])')")
  "${cli[@]}" import "$csv" --data "$tmp/p" --store "$address" --json >/dev/null
  db "CHECKPOINT"  # each run starts with the earlier runs' writes on disk (else a timed checkpoint lands in a later run)
  postgres+=("$("${cli[@]}" analyse --data "$tmp/p" --store "$address" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds"])')")
  echo "run $r: analyse SQLite ${sqlite[-1]} s, PostgreSQL ${postgres[-1]} s"
done
s=$(printf '%s\n' "${sqlite[@]}" | median); p=$(printf '%s\n' "${postgres[@]}" | median)
echo "analyse of 18,690 proposals, median of $runs: SQLite $s s, PostgreSQL $p s ($(python3 -c "print(f'{($p/$s-1)*100:+.0f} %')"))"

for n in 1 2 4; do
  rm -rf "$tmp/w"*; db "DROP DATABASE IF EXISTS bench"; db "CREATE DATABASE bench"
  "${cli[@]}" import "$csv" --data "$tmp/w" --store "$address" --json >/dev/null
  start=$(date +%s.%N)
  for i in $(seq 1 "$n"); do "${cli[@]}" worker --data "$tmp/w$i" --store "$address" --workers 1 --until-idle 2>/dev/null & done
  wait
  echo "$n worker process(es), one worker each, on PostgreSQL: $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s"
done

for engine in sqlite postgres; do
  if [[ $engine == sqlite ]]; then args=(--data "$tmp/s"); else args=(--data "$tmp/p" --store "$address"); fi
  times=()
  for q in "logement social" "transports en commun" "agriculture locale" "impôts" "santé des enfants"; do
    t0=$(date +%s.%N); "${cli[@]}" search "$q" "${args[@]}" --json >/dev/null; times+=("$(python3 -c "print($(date +%s.%N) - $t0)")")
  done
  echo "search on $engine (one process per query, start-up included), median of 5: $(printf '%s\n' "${times[@]}" | median) s"
done
