# Sourced by bench/postgres.sh and bench/postgres-100k.sh: starts PostgreSQL 15 from Debian in "$tmp/pg" (as the
# postgres user when run as root; socket only; default durability, fsync on) and stops it on exit. Defines `db SQL`
# (psql as postgres on the server), `address` (the bench database's postgres:// address), `postgres_cpu` (CPU seconds
# the server's processes used so far, ended ones included) and `median`.
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
as=(); if [[ $(id -u) -eq 0 ]]; then mkdir -p "$tmp/pg"; chown postgres "$tmp/pg"; as=(runuser -u postgres --); else mkdir -p "$tmp/pg"; fi
"${as[@]}" "$bin/initdb" -D "$tmp/pg/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
"${as[@]}" "$bin/pg_ctl" -D "$tmp/pg/data" -l "$tmp/pg/log" -w -o "-k $tmp/pg -c listen_addresses='' -c max_connections=200" start >/dev/null
trap '"${as[@]}" "$bin/pg_ctl" -D "$tmp/pg/data" -m fast -w stop >/dev/null; rm -rf "$tmp"' EXIT
address="postgres://postgres@localhost/bench?host=$tmp/pg"
db() { "$bin/psql" -h "$tmp/pg" -U postgres -qAt -c "$1" postgres; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
# The postmaster's own time, its ended children's (cutime, cstime) and its live children's, in seconds.
postgres_cpu() {
  python3 - "$(head -1 "$tmp/pg/data/postmaster.pid")" <<'PY'
import os, sys
hz = os.sysconf("SC_CLK_TCK"); root = sys.argv[1]
def stat(pid):
    with open(f"/proc/{pid}/stat") as f: return f.read().rsplit(")", 1)[1].split()
total = 0
for pid in filter(str.isdigit, os.listdir("/proc")):
    try: s = stat(pid)
    except OSError: continue
    if pid == root: total += sum(int(x) for x in s[11:15])
    elif s[1] == root: total += int(s[11]) + int(s[12])
print(round(total / hz, 1))
PY
}
