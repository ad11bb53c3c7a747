#!/usr/bin/env bash
# run --jobs on this machine: one matrix trained three ways from scratch, wall time of each, on an otherwise idle machine.
#   A  --jobs 1 --threads 1     one process, one thread
#   B  --jobs 2 --threads 1     two worker processes of one thread (the way to use 2 cores)
#   C  --jobs 1 --threads 2     one process, two intra-op threads
# Checks that B's tables equal A's (same thread count per cell, so bit for bit: `check --fresh B --against A`), and
# writes results/perf/jobs-scaling.md with the times, the ratios B/A and B/C, and the machine and load.
# Usage: tests/perf/jobs_scaling.sh [--matrix ci] [--data-root DIR] [--jobs 2] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")/../.."
matrix=ci jobs=2 out=results/perf/jobs-scaling.md
data_root="${FREETICKETS_DATA:-$HOME/.cache/freetickets-bench/data}"
while [ $# -gt 0 ]; do
    case "$1" in
        --matrix) matrix=$2; shift 2 ;;
        --data-root) data_root=$2; shift 2 ;;
        --jobs) jobs=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
work=$(mktemp -d /tmp/freetickets-jobs.XXXXXX)
trap 'rm -rf "$work"' EXIT
dotnet build src/FreeTickets.Cli -c Release --nologo -v q >/dev/null
built_from="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src plugins || echo ' (with uncommitted changes)')"
tool=src/FreeTickets.Cli/bin/Release/net10.0/freetickets-bench

declare -A seconds load
timed() {
    local name=$1
    shift
    load[$name]=$(cut -d' ' -f1 /proc/loadavg)
    local start end
    start=$(date +%s.%N)
    "$tool" run --matrix "$matrix" --out "$work/$name" --data-root "$data_root" --quiet "$@" >"$work/$name.log" 2>&1 \
        || { echo "$name failed:"; tail -20 "$work/$name.log"; exit 1; }
    end=$(date +%s.%N)
    seconds[$name]=$(python3 -c "print(f'{$end - $start:.1f}')")
    echo "$name ($*): ${seconds[$name]} s (load before: ${load[$name]})"
}
timed A --jobs 1 --threads 1
timed B --jobs "$jobs" --threads 1
timed C --jobs 1 --threads "$jobs"
"$tool" check --matrix "$matrix" --fresh "$work/B" --against "$work/A" | tee "$work/check.txt"

ratio() { python3 -c "print(f'{$1 / $2:.3f}')"; }
b_over_a=$(ratio "${seconds[B]}" "${seconds[A]}")
b_over_c=$(ratio "${seconds[B]}" "${seconds[C]}")
cells=$(python3 -c "import csv,sys;print(sum(1 for _ in csv.DictReader(open(sys.argv[1]))))" "$work/A/runs.csv")
cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
mkdir -p "$(dirname "$out")"
cat > "$out" <<MD
# run --jobs: one matrix, three ways

Written by \`tests/perf/jobs_scaling.sh --matrix $matrix --jobs $jobs\` on $(date -u +%Y-%m-%d) at commit
$built_from. Matrix \`$matrix\`, $cells cells, trained from
scratch each time, one after the other, on $(nproc) cores ($cpu), data already in the data root.

| run | command | wall time | load average before |
|---|---|---|---|
| A | \`run --matrix $matrix --jobs 1 --threads 1\` | ${seconds[A]} s | ${load[A]} |
| B | \`run --matrix $matrix --jobs $jobs --threads 1\` | ${seconds[B]} s | ${load[B]} |
| C | \`run --matrix $matrix --jobs 1 --threads $jobs\` | ${seconds[C]} s | ${load[C]} |

- B / A = **$b_over_a** (target <= 0.6), B / C = **$b_over_c** (target < 1).
- B's tables against A's, bit for bit (one thread per cell in both): \`$(tail -1 "$work/check.txt")\`

Wall time includes each process's start, data loading and the tables. B's workers are handed the cells most expensive
first (\`run --dry-run --jobs $jobs\` lists the order).
MD
echo "wrote $out"
