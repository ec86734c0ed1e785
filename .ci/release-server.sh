# Sourced by .ci/load-http, .ci/bench-http and .ci/bench-accept: installs wrk if missing, gives `free_port`, builds the release `herald`
# (HERALD_SCRATCH_PATH picks the build folder) and starts `herald serve` in a temporary directory
# (outbox transport, request log lines to `$herald_work/herald.log`), waiting until /healthz answers.
# After `start_release_herald PORT [BINARY]` (BINARY: another build's herald, by default this one's):
# `herald_pid` and `herald_work` are set; the server is stopped by PID and the directory removed
# when the sourcing script exits.

if ! command -v wrk >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
fi

herald_scratch="${HERALD_SCRATCH_PATH:-.build}"
# A port of 127.0.0.1 free now: other servers on this machine may hold any fixed one.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
herald_root="$PWD"

build_release_herald() {
  swift build -c release --scratch-path "$herald_scratch" --product herald >/dev/null
}

stop_release_herald() {
  if [ -n "${herald_pid:-}" ] && kill -0 "$herald_pid" 2>/dev/null; then kill -TERM "$herald_pid"; wait "$herald_pid" || true; fi
  if [ -n "${herald_work:-}" ]; then rm -rf "$herald_work"; fi
}

start_release_herald() {
  local port="$1"
  local binary="${2:-$herald_root/$herald_scratch/release/herald}"
  herald_work="$(mktemp -d)"
  (cd "$herald_work" && HERALD_TEMPLATES="$herald_root/Templates" HERALD_PREVIEWS_DIR="$herald_root/Previews" \
    exec "$binary" serve --listen "127.0.0.1:$port" 2>"$herald_work/herald.log") &
  herald_pid=$!
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "herald serve did not answer /healthz within 10 s:" >&2
  cat "$herald_work/herald.log" >&2
  return 1
}
