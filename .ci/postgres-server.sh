# Sourced by the benchmarks that can run on PostgreSQL: `start_throwaway_postgres PORT` starts a
# private server (the newest installed `postgresql`, installed if missing) in a temporary directory on
# PORT of 127.0.0.1, with PostgreSQL's durable defaults (`fsync`, `synchronous_commit` and
# `full_page_writes` on: a 202 must mean the message is on disk, as with SQLite), as the `postgres`
# user when run as root. It sets `postgres_uri` (an empty database `herald`, user `herald`) and
# `postgres_version`;
# `stop_throwaway_postgres` stops that server by its PID and removes the directory.

start_throwaway_postgres() {
  local port="$1"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
  fi
  local bin; bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  postgres_version="$(basename "$(dirname "$bin")")"
  postgres_dir="$(mktemp -d /tmp/herald-bench-pg.XXXXXX)"
  chmod 755 "$postgres_dir"
  local as_server=()
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$postgres_dir"; as_server=(runuser -u postgres --); fi
  "${as_server[@]}" "$bin/initdb" -D "$postgres_dir/data" -U herald -A trust >/dev/null
  "${as_server[@]}" "$bin/pg_ctl" -D "$postgres_dir/data" -l "$postgres_dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$postgres_dir -c max_connections=200" start >/dev/null
  "${as_server[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U herald herald
  postgres_pid="$(head -1 "$postgres_dir/data/postmaster.pid")"
  postgres_uri="postgres://herald@127.0.0.1:$port/herald?sslmode=disable"
}

stop_throwaway_postgres() {
  if [ -n "${postgres_pid:-}" ] && kill -0 "$postgres_pid" 2>/dev/null; then
    kill -INT "$postgres_pid"  # PostgreSQL's fast shutdown
    for _ in $(seq 1 100); do kill -0 "$postgres_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  if [ -n "${postgres_dir:-}" ]; then rm -rf "$postgres_dir"; fi
}
