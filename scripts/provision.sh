#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for the test run: Debian's postgresql package (installed if missing), initdb in a
# temp dir, a free loopback port, trust auth. Prints "export" lines for the caller to eval:
#   KANE_TEST_POSTGRES (an Npgsql connection string) and KANE_TEST_PGDATA (stop it with: provision.sh stop DIR).
# Tests run it with fsync off (faster, the server is thrown away); `provision.sh --durable` keeps PostgreSQL's
# defaults (fsync, synchronous_commit, full_page_writes on) for benchmarks whose figures must be honest.
set -euo pipefail

durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
if [ "${1:-}" = "--durable" ]; then durability="-c fsync=on -c synchronous_commit=on -c full_page_writes=on"; shift; fi

if [ "${1:-}" = "stop" ]; then
  dir=${2:?data dir}
  # The postmaster pid is the first line of postmaster.pid; SIGQUIT is PostgreSQL's immediate shutdown.
  if [ -f "$dir/data/postmaster.pid" ]; then
    pid=$(head -1 "$dir/data/postmaster.pid")
    kill -QUIT "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$dir"
  exit 0
fi

find_bin() {
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return; }; done
  command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)"
}

bin=$(find_bin || true)
if [ -z "$bin" ]; then
  echo "provision: installing postgresql" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >&2 && $SUDO DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  bin=$(find_bin)
fi

dir=$(mktemp -d /tmp/kane-pg-XXXXXX)
echo "$bin" > "$dir/.bindir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
initopts=(-D "$dir/data" -A trust -U kane --no-sync -E UTF8)
if [ "$(id -u)" -eq 0 ]; then
  # initdb refuses to run as root: run the server as nobody-like user "postgres" if it exists.
  id postgres >/dev/null 2>&1 || useradd -r -M postgres
  chown -R postgres "$dir"
  run() { su postgres -s /bin/bash -c "$(printf '%q ' "$@")"; }
else
  run() { "$@"; }
fi
run "$bin/initdb" "${initopts[@]}" >/dev/null
run "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir $durability" start >/dev/null
echo "export KANE_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=kane;Database=postgres;Pooling=true;Maximum Pool Size=20'"
echo "export KANE_TEST_PGDATA='$dir'"
