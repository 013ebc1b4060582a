#!/usr/bin/env bash
# 100,000 contributions (the Make.org texts numbered into 100,000, as bench/consultation-100k.sh) analysed on this
# machine: `synthesis analyse` on SQLite (the default) and on PostgreSQL, then `synthesis worker --until-idle` with 1,
# 2 and 4 worker processes (one worker each) on PostgreSQL, each from a fresh import. For each: wall seconds, the CPU
# seconds of the Synthesis processes and of the PostgreSQL server's, so that one sees where the time goes when the
# database becomes the limit. PostgreSQL 15 from Debian started here (bench/postgres-server.sh), a CHECKPOINT before
# each timed run. Usage: bench/postgres-100k.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli=(dotnet "$here/artifacts/cli/synthesis.dll")
"$here/synthesis" --version >/dev/null  # publishes the ReadyToRun build if needed
tmp="$(mktemp -d /tmp/synthesis-pg100k.XXXXXX)"; chmod 755 "$tmp"
source "$here/bench/postgres-server.sh"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo); $("$bin/postgres" --version)"
source "$here/bench/consultation-100k.sh"
contributions_100k "$tmp/100k.jsonl"

# Runs "$@" and prints "wall app-cpu db-cpu" (seconds): app = the command's processes, db = the server's.
measure() {
  local db0 t0 app
  db0=$(postgres_cpu); t0=$(date +%s.%N)
  /usr/bin/time -o "$tmp/time" -f "%U %S" "$@" >/dev/null 2>&1
  app=$(awk '{print $1 + $2}' "$tmp/time")
  python3 -c "print(f'{$(date +%s.%N) - $t0:.1f} {$app:.1f} {$(postgres_cpu) - $db0:.1f}')"
}
fresh() { rm -rf "$tmp/d"*; db "DROP DATABASE IF EXISTS bench"; db "CREATE DATABASE bench"; }

fresh
"${cli[@]}" import "$tmp/100k.jsonl" --data "$tmp/d" --json >/dev/null
read -r wall app dbcpu < <(measure "${cli[@]}" analyse --data "$tmp/d")
echo "SQLite, analyse (2 workers in one process): $wall s wall, $app s CPU"

fresh
"${cli[@]}" import "$tmp/100k.jsonl" --data "$tmp/d" --store "$address" --json >/dev/null; db "CHECKPOINT"
read -r wall app dbcpu < <(measure "${cli[@]}" analyse --data "$tmp/d" --store "$address")
echo "PostgreSQL, analyse (2 workers in one process): $wall s wall, $app s CPU, server $dbcpu s CPU"

# n worker processes on one database, each with a data folder of its own (as on n machines)
for n in 1 2 4; do
  fresh
  "${cli[@]}" import "$tmp/100k.jsonl" --data "$tmp/d" --store "$address" --json >/dev/null; db "CHECKPOINT"
  read -r wall app dbcpu < <(measure bash -c 'for i in $(seq 1 "$1"); do dotnet "$2" worker --data "$3$i" --store "$4" --workers 1 --until-idle & done; wait' \
    _ "$n" "$here/artifacts/cli/synthesis.dll" "$tmp/d" "$address")
  echo "PostgreSQL, $n worker process(es), one worker each: $wall s wall, $app s CPU, server $dbcpu s CPU"
done
