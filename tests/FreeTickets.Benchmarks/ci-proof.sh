#!/usr/bin/env bash
# Proves that the benchmark suite runs under BenchmarkDotNet's default (out-of-process) toolchain and that its exit
# code means something. A Dry job of the 4 ApplyMasks cases runs, then:
#   - the program exits 0;
#   - BenchmarkDotNet started one child process per case ("// Execute: dotnet ...");
#   - each case printed its torch line from its own pid, so TorchSharp loaded inside every child;
#   - the CSV report has a measured Mean for each case.
# With --negative, it also checks that a benchmark whose setup fails makes the program exit non-zero, both in process and
# out of process.
# Usage: tests/FreeTickets.Benchmarks/ci-proof.sh [--negative]   (from anywhere; exit 0 = proven)
set -uo pipefail
cd "$(dirname "$0")/../.."
negative=0
[ "${1:-}" = "--negative" ] && negative=1

project=tests/FreeTickets.Benchmarks
filter='*MaskApplyBenchmarks.ApplyMasks*'
expected=4
work=$(mktemp -d /tmp/freetickets-bench-proof.XXXXXX)
failures=0
fail() { echo "ci-proof: FAILED: $*"; failures=$((failures + 1)); }
start=$SECONDS

if ! dotnet build "$project" -c Release --nologo -v q >"$work/build.log" 2>&1; then
    cat "$work/build.log"
    echo "ci-proof: FAILED: build"
    exit 1
fi

# The positive proof: default toolchain, Dry job, 1 torch thread.
env -u FREETICKETS_BENCH_THREADS dotnet run -c Release --no-build --project "$project" -- \
    --filter "$filter" --job Dry --threads 1 --artifacts "$work/ok" >"$work/ok.log" 2>&1
rc=$?
[ "$rc" -eq 0 ] || fail "exit code $rc (expected 0); log: $work/ok.log"

executes=$(grep -c '^// Execute: dotnet ' "$work/ok.log")
[ "$executes" -eq "$expected" ] || fail "$executes child processes started (expected $expected): not the out-of-process toolchain?"

pids=$(grep -o '^FreeTickets.Benchmarks torch: .* pid [0-9]*' "$work/ok.log" | grep -o '[0-9]*$' | sort -u | wc -l)
[ "$pids" -eq "$expected" ] || fail "torch loaded in $pids distinct processes (expected $expected)"
grep -q '^FreeTickets.Benchmarks torch: .*threads 1,' "$work/ok.log" || fail "torch did not report 1 thread"

csv=$(find "$work/ok/results" -name '*MaskApplyBenchmarks-report.csv' 2>/dev/null | head -n 1)
if [ -z "$csv" ]; then
    fail "no CSV report"
else
    measured=$(python3 - "$csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='')))
print(sum(1 for r in rows if r.get('Method') == 'ApplyMasks' and r.get('Mean', 'NA') not in ('', 'NA', '?')))
PY
)
    [ "$measured" -eq "$expected" ] || fail "$measured measured rows in $csv (expected $expected)"
fi

if [ "$negative" -eq 1 ]; then
    # A bad thread count reaches the benchmark processes through the environment and fails every GlobalSetup.
    for mode in inprocess outofprocess; do
        extra=()
        [ "$mode" = inprocess ] && extra=(--inProcess)
        FREETICKETS_BENCH_THREADS=0 dotnet run -c Release --no-build --project "$project" -- \
            --filter "$filter" --job Dry "${extra[@]}" --artifacts "$work/bad-$mode" >"$work/bad-$mode.log" 2>&1
        bad=$?
        [ "$bad" -ne 0 ] || fail "$mode: a failing setup still exited 0; log: $work/bad-$mode.log"
        grep -q 'problem(s):' "$work/bad-$mode.log" || fail "$mode: no problem report; log: $work/bad-$mode.log"
    done
fi

if [ "$failures" -gt 0 ]; then
    echo "ci-proof: $failures check(s) failed after $((SECONDS - start)) s (logs in $work)"
    exit 1
fi

echo "ci-proof: ok: $expected cases measured out of process (pids distinct, CSV complete) in $((SECONDS - start)) s"
rm -rf "$work"
exit 0
