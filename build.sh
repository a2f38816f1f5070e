#!/usr/bin/env bash
# Kane build entry point. Targets: restore | build | test [--slow] | bench NAME [args] | kane ARGS | demo [DIR] | pack | clean
# The same targets exist in build.ps1.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
CONFIG=${KANE_CONFIGURATION:-Release}

usage() {
  echo "usage: ./build.sh restore | build | test [--slow] | bench NAME [args] | kane ARGS | demo [DIR] | pack | clean" >&2
  echo "benchmarks: $(ls bench/Kane.Benchmarks/Benches 2>/dev/null | sed 's/Bench\.cs$//' | tr 'A-Z' 'a-z' | tr '\n' ' ')" >&2
}

restore() { dotnet restore Kane.sln; }
build() { restore && dotnet build Kane.sln -c "$CONFIG" --no-restore -nologo; }

# Sums the counters of every TRX file and prints the closing line CI reads: "N passed, N failed[, N skipped]".
summarize() {
  local dir=$1 passed=0 failed=0 skipped=0 total=0
  for f in "$dir"/*.trx; do
    [ -e "$f" ] || continue
    local line
    line=$(grep -o '<Counters [^>]*>' "$f" | head -1)
    get() { echo "$line" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
    total=$((total + $(get total)))
    passed=$((passed + $(get passed)))
    failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
    skipped=$((skipped + $(get notExecuted)))
  done
  if [ "$failed" -gt 0 ]; then
    # The names of the failed tests, just above the closing line, so a log's tail says what to look at.
    echo "failed tests:"
    for f in "$dir"/*.trx; do
      [ -e "$f" ] || continue
      grep -o '<UnitTestResult [^>]*outcome="\(Failed\|Error\|Timeout\|Aborted\)"[^>]*>' "$f" |
        sed -n 's/.* testName="\([^"]*\)".*/  \1/p' || true
    done
  fi
  if [ "$skipped" -gt 0 ]; then echo "$passed passed, $failed failed, $skipped skipped"; else echo "$passed passed, $failed failed"; fi
  [ "$failed" -eq 0 ] && [ "$total" -gt 0 ]
}

test() {
  local filter="Category!=Slow"
  if [ "${1:-}" = "--slow" ]; then filter=""; fi
  if [ -x ./scripts/provision.sh ]; then
    # A throwaway PostgreSQL for the SQL journal tests, torn down however the run ends.
    local provisioned
    provisioned=$(./scripts/provision.sh) || { echo "provisioning failed"; echo "0 passed, 1 failed"; return 1; }
    eval "$provisioned"
    trap './scripts/provision.sh stop "$KANE_TEST_PGDATA"' EXIT
  fi
  if ! build; then echo "build failed"; echo "0 passed, 1 failed"; return 1; fi
  local results=TestResults
  rm -rf "$results"
  # Every test assembly runs at once on a 2-core machine: expectations wait twice their timeout (Kane.TestKit TestTime).
  export KANE_TEST_TIMEFACTOR=${KANE_TEST_TIMEFACTOR:-2}
  local status=0
  dotnet test Kane.sln -c "$CONFIG" --no-build --nologo \
    ${filter:+--filter "$filter"} \
    --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" \
    --blame-hang-timeout 10m -- RunConfiguration.TestSessionTimeout=3600000 || status=$?
  summarize "$results" || status=1
  return $status
}

# ReadyToRun (docs/decisions/0022-ready-to-run.md): the kane command and the dedup bench run from a framework-
# dependent publish whose assemblies are precompiled for this machine, so a one-shot run does not spend its first
# second in the JIT. `ready_to_run PROJECT NAME CONFIG` prints the folder of that publish (artifacts/r2r/NAME), or the
# project's plain build output when there is no ReadyToRun for this machine or KANE_READY_TO_RUN=0; the test path
# (build, test) never precompiles.
ready_to_run() {
  local project=$1 name=$2 config=$3 rid=""
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) rid=linux-x64 ;;
    Linux-aarch64) rid=linux-arm64 ;;
  esac
  if [ -n "$rid" ] && [ "${KANE_READY_TO_RUN:-1}" != 0 ]; then
    local out="artifacts/r2r/$name"
    if dotnet publish "$project" -c "$config" -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "$out" -nologo -v q >&2; then
      echo "$out"
      return
    fi
    echo "ReadyToRun publish of $project failed (is the crossgen2 package restorable?); running the plain build" >&2
  fi
  dotnet build "$project" -c "$config" -nologo -v q >&2 || return 1
  echo "$project/bin/$config/net10.0"
}

bench() {
  local name=${1:-}
  if [ -z "$name" ]; then usage; return 2; fi
  shift
  if [ "$name" = dedup ]; then
    dedup_tools
    local dir
    dir=$(ready_to_run bench/Kane.Benchmarks bench Release)
    # Kane runs in the bench process: give it the JIT settings of the kane command's ReadyToRun runtimeconfig
    # (Kane.Cli.csproj): no PGO, no tier-0 loops, and no tiering when the code is precompiled.
    local tiering=1
    case "$dir" in artifacts/r2r/*) tiering=0 ;; esac
    DOTNET_TieredPGO=0 DOTNET_TC_QuickJitForLoops=0 DOTNET_TieredCompilation=$tiering dotnet "$dir/Kane.Benchmarks.dll" "$name" "$@"
    return
  fi
  dotnet build bench/Kane.Benchmarks -c Release -nologo -v q >/dev/null
  if [ "$name" = sharding ]; then
    # One node's sharding: measured under the GC that Kane.Node runs (its csproj; docs/decisions/0034-node-server-gc.md).
    DOTNET_gcServer=1 DOTNET_gcConcurrent=1 dotnet bench/Kane.Benchmarks/bin/Release/net10.0/Kane.Benchmarks.dll "$name" "$@"
    return
  fi
  dotnet bench/Kane.Benchmarks/bin/Release/net10.0/Kane.Benchmarks.dll "$name" "$@"
}

# bench dedup races the duplicate finders Debian ships; install the missing ones when we may.
dedup_tools() {
  local missing=""
  for tool in jdupes rdfind rmlint fdupes; do command -v "$tool" >/dev/null || missing="$missing $tool"; done
  if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    else
      echo "bench dedup: missing$missing (sudo apt-get install$missing); they are left out" >&2
    fi
  fi
}

# The kane CLI, published ReadyToRun quietly first: ./build.sh kane organize SRC --into DST, ./build.sh kane agents list...
kane() {
  local dir
  dir=$(ready_to_run src/Kane.Cli kane "$CONFIG")
  dotnet "$dir/kane.dll" "$@"
}

# The main job on the embedded default: a generated messy tree (DIR/src) organised into DIR/sorted on a single-node
# cluster with its SQLite journal in DIR/sorted/.kane. DIR defaults to a new temp dir and must not exist yet.
demo() {
  local dir=${1:-$(mktemp -d -t kane-demo.XXXXXX)}
  if [ -e "$dir/src" ] || [ -e "$dir/sorted" ]; then echo "demo: $dir/src or $dir/sorted exists; give a new DIR" >&2; return 2; fi
  kane samples make "$dir/src" --files "${KANE_DEMO_FILES:-3000}" --seed 1
  local status=0
  kane organize "$dir/src" --into "$dir/sorted" || status=$?
  echo "demo: the tree was $dir/src, the sorted copy is $dir/sorted; undo with the command printed above"
  return $status
}

pack() { build && dotnet pack Kane.sln -c "$CONFIG" --no-build -o artifacts/packages; }

clean() {
  dotnet clean Kane.sln -nologo -v q || true
  rm -rf artifacts TestResults BenchmarkDotNet.Artifacts
  find . -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
}

target=${1:-build}
shift || true
case "$target" in
  restore) restore ;;
  build) build ;;
  test) test "$@" ;;
  bench) bench "$@" ;;
  kane) kane "$@" ;;
  demo) demo "$@" ;;
  pack) pack ;;
  clean) clean ;;
  -h|--help|help) usage ;;
  *) echo "unknown target '$target'" >&2; usage; exit 2 ;;
esac
