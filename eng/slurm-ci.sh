#!/usr/bin/env bash
# Runs the Slurm recipe of docs/cluster.md on a real one-node Slurm cluster and checks its result (.ci/run calls it).
# Run it with --help. Needs root (it starts munged, slurmctld and slurmd) and Debian's slurm-wlm and munge, which it
# installs with apt-get when they are missing.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: eng/slurm-ci.sh [options]          (as root)

Starts a one-node Slurm cluster (munged, slurmctld, slurmd: a generated slurm.conf in a temporary folder, private
ports and a private munge key and socket, no accounting, no cgroups), then, in a scratch folder holding a copy of
benchmarks.json and docs/cluster/slurm-array.sh:
  1. runs the smoke matrix once in a single process (--shard 0/1, the array tasks' thread count): the reference, and
     the run that puts the matrix's datasets into the data root before anything is submitted;
  2. submits the job array and the merge job with the commands of docs/cluster.md (the block under "Submit it and the
     merge:"), changed for the smoke matrix as that page says: MATRIX=smoke, and the merge paths results/smoke;
  3. waits for both jobs, requires every array task and the merge job to have completed with exit code 0;
  4. requires the merged tables to equal the reference: `check` (bit for bit: same device, threads and libtorch) and
     all five CSVs row for row, wall time and peak memory aside.
Stops every daemon it started, whatever happens; prints the logs of failed jobs.

Options:
  --tool-path DIR   the folder holding the installed dotnet-freetickets-bench (default: the one on PATH); it is put
                    first on PATH so that `dotnet freetickets-bench` runs it, in the jobs too
  --data-root DIR   the data root the jobs see as FREETICKETS_DATA (default: $FREETICKETS_DATA, else
                    ~/.cache/freetickets-bench/data)
  --scratch DIR     the scratch folder (default: a new temporary folder, removed when everything passed); must not
                    exist or be empty
  --timeout SECONDS how long to wait for the jobs (default 600)
  -h, --help        this text

Exit codes: 0 the merged tables equal the single process's; 1 they differ; 2 bad usage; 3 a step failed (install,
daemons, reference run, submission, a job, a timeout).
EOF
}

die_usage() { echo "slurm-ci: error: $*" >&2; exit 2; }
die_step() { echo "slurm-ci: error: $*" >&2; exit 3; }
log() { echo "==> $*"; }
absolute() { case "$1" in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }

matrix=smoke
tool_path=""
data_root=${FREETICKETS_DATA:-$HOME/.cache/freetickets-bench/data}
scratch=""
timeout=600
need_value() { [ $# -ge 2 ] && [ -n "$2" ] || die_usage "$1 needs a value"; }
while [ $# -gt 0 ]; do
    case "$1" in
        -h | --help) usage; exit 0 ;;
        --tool-path) need_value "$@"; tool_path=$(absolute "$2"); shift 2 ;;
        --data-root) need_value "$@"; data_root=$(absolute "$2"); shift 2 ;;
        --scratch) need_value "$@"; scratch=$(absolute "$2"); shift 2 ;;
        --timeout) need_value "$@"; timeout=$2; shift 2 ;;
        *) die_usage "unknown argument $1 (--help lists the options)" ;;
    esac
done
[ "$(id -u)" -eq 0 ] || die_usage "run as root: it starts munged, slurmctld and slurmd"
[[ "$timeout" =~ ^[1-9][0-9]*$ ]] || die_usage "--timeout must be a whole number of seconds, not '$timeout'"
if [ -z "$tool_path" ]; then
    found=$(command -v dotnet-freetickets-bench) || die_usage "no dotnet-freetickets-bench on PATH: pass --tool-path"
    tool_path=$(dirname "$found")
fi
[ -x "$tool_path/dotnet-freetickets-bench" ] || die_usage "--tool-path: $tool_path/dotnet-freetickets-bench is not an executable file"
if [ -n "$scratch" ] && [ -e "$scratch" ] && [ -n "$(ls -A "$scratch" 2>/dev/null)" ]; then
    die_usage "--scratch $scratch is not empty"
fi

cd "$(dirname "$0")/.."
repo=$PWD
array_script=docs/cluster/slurm-array.sh
[ -f "$array_script" ] && [ -f docs/cluster.md ] && [ -f benchmarks.json ] || die_usage "$repo lacks $array_script, docs/cluster.md or benchmarks.json"
start=$SECONDS

# --- the resources one array task asks for (its #SBATCH lines): the node must offer them, and the reference run uses
# the same thread count (the script runs with --threads $SLURM_CPUS_PER_TASK). ---
sbatch_value() { sed -n "s/^#SBATCH --$1=\\([^ ]*\\).*/\\1/p" "$array_script" | head -n 1; }
cpus_per_task=$(sbatch_value cpus-per-task)
mem_per_task=$(sbatch_value mem)
[[ "$cpus_per_task" =~ ^[1-9][0-9]*$ ]] || die_step "$array_script: no '#SBATCH --cpus-per-task=N' line"
case "$mem_per_task" in
    *[Gg]) mem_mb=$((${mem_per_task%[Gg]} * 1024)) ;;
    *[Mm]) mem_mb=${mem_per_task%[Mm]} ;;
    [0-9]*) mem_mb=$mem_per_task ;;
    "") mem_mb=1 ;;
    *) die_step "$array_script: cannot read '#SBATCH --mem=$mem_per_task'" ;;
esac

# --- 1. Debian's packages ---
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
    log "install slurm-wlm and munge (apt-get)"
    # No daemon is started by the packages' scripts (a policy-rc.d that denies every start, only while installing).
    policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        policy=/usr/sbin/policy-rc.d
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy"
    fi
    rc=0
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq slurm-wlm munge >/dev/null \
        || { apt-get update -qq && apt-get install -y -qq slurm-wlm munge >/dev/null; } || rc=$?
    [ -z "$policy" ] || rm -f "$policy"
    [ "$rc" -eq 0 ] || die_step "apt-get install slurm-wlm munge failed (exit $rc)"
fi
log "$(slurmctld -V), $(munged -V 2>&1 | head -n 1)"

# --- 2. the cluster: everything it writes lives in $state (removed at exit) ---
state=$(mktemp -d /tmp/freetickets-slurm.XXXXXX)
# munged wants every folder up to its socket searchable by all, and its key readable by its user alone.
chmod 755 "$state"
mkdir -p "$state/munge-socket" "$state/munge" "$state/ctld" "$state/spool" "$state/log"
chmod 755 "$state/munge-socket"
chmod 700 "$state/munge"
socket=$state/munge-socket/munge.socket
scratch_made=0
if [ -z "$scratch" ]; then
    scratch=$(mktemp -d /tmp/freetickets-slurm-scratch.XXXXXX)
    scratch_made=1
fi
pids=()
names=()
submitted=()
passed=0

print_daemon_logs() {
    # What each daemon wrote in the foreground (the same as its log file).
    for f in "$state"/log/*.out; do
        [ -s "$f" ] || continue
        echo "--- $(basename "$f" .out) (last 30 lines)"
        tail -n 30 "$f"
    done
}
cleanup() {
    local rc=$?
    set +e
    if [ ${#submitted[@]} -gt 0 ] && [ ${#pids[@]} -gt 0 ]; then
        scancel "${submitted[@]}" 2>/dev/null
    fi
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ] && [ ${#pids[@]} -gt 0 ]; then print_daemon_logs; fi
    # The daemons, last started first: SIGTERM, then SIGKILL after 10 s.
    local i
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
        kill -TERM "${pids[$i]}" 2>/dev/null || continue
        for _ in $(seq 100); do kill -0 "${pids[$i]}" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "${pids[$i]}" 2>/dev/null; then
            echo "slurm-ci: ${names[$i]} (pid ${pids[$i]}) ignored SIGTERM: SIGKILL" >&2
            kill -KILL "${pids[$i]}" 2>/dev/null
        fi
        wait "${pids[$i]}" 2>/dev/null
    done
    [ ${#pids[@]} -eq 0 ] || echo "slurm-ci: stopped ${names[*]}"
    rm -rf "$state"
    if [ "$passed" -eq 1 ] && [ "$scratch_made" -eq 1 ]; then
        rm -rf "$scratch"
    elif [ "$passed" -eq 1 ]; then
        echo "slurm-ci: the jobs' logs and results are in $scratch"
    elif [ -d "$scratch" ]; then
        echo "slurm-ci: scratch folder kept: $scratch" >&2
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_daemon() { # NAME COMMAND...: in the foreground of a background job, so that its pid is ours to stop
    local name=$1
    shift
    "$@" >"$state/log/$name.out" 2>&1 &
    pids+=($!)
    names+=("$name")
}
wait_for() { # SECONDS WHAT COMMAND...: until COMMAND succeeds; fails naming WHAT
    local seconds=$1 what=$2
    shift 2
    local deadline=$((SECONDS + seconds))
    until "$@" >/dev/null 2>&1; do
        [ "$SECONDS" -lt "$deadline" ] || die_step "$what: not after $seconds s"
        for i in "${!pids[@]}"; do
            kill -0 "${pids[$i]}" 2>/dev/null || die_step "${names[$i]} exited (see its log below)"
        done
        sleep 0.2
    done
}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# A private key: the cluster's own daemons are the only ones that decode its credentials.
dd if=/dev/urandom of="$state/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$state/munge/munge.key"
start_daemon munged munged --foreground --socket="$socket" --key-file="$state/munge/munge.key" \
    --pid-file="$state/munge/munged.pid" --log-file="$state/log/munged.log" --seed-file="$state/munge/munged.seed"
wait_for 20 "munged: a credential through $socket" bash -c 'munge -n --socket="$1" | unmunge --socket="$1"' _ "$socket"

node=$(hostname -s)
cpus=$(nproc)
real_mb=$(slurmd -C 2>/dev/null | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')
[ -n "$real_mb" ] || real_mb=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
node_cpus=$cpus
node_mb=$real_mb
overrides=""
if [ "$cpus" -lt "$cpus_per_task" ] || [ "$real_mb" -lt "$mem_mb" ]; then
    # A smaller machine than one task asks for: the node announces what the script asks (config_overrides keeps slurmd
    # from draining it for having less), so the recipe runs unchanged, oversubscribed.
    [ "$node_cpus" -ge "$cpus_per_task" ] || node_cpus=$cpus_per_task
    [ "$node_mb" -ge "$mem_mb" ] || node_mb=$mem_mb
    overrides="SlurmdParameters=config_overrides"
    log "this machine ($cpus CPUs, $real_mb MB) is smaller than one array task ($cpus_per_task CPUs, $mem_mb MB): the node announces $node_cpus CPUs, $node_mb MB"
fi
export SLURM_CONF=$state/slurm.conf
cat >"$SLURM_CONF" <<EOF
# Generated by eng/slurm-ci.sh: a one-node cluster run by root, for CI. No accounting, no cgroups.
ClusterName=freetickets-ci
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
ReturnToService=2
# Finished jobs stay visible to scontrol for 10 minutes; a merge whose dependency failed is cancelled, not kept pending.
MinJobAge=600
DependencyParameters=kill_invalid_depend
$overrides
NodeName=$node NodeAddr=127.0.0.1 CPUs=$node_cpus RealMemory=$node_mb State=UNKNOWN
PartitionName=ci Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
start_daemon slurmctld slurmctld -D -i -f "$SLURM_CONF"
wait_for 30 "slurmctld: scontrol ping" bash -c 'scontrol ping | grep -q UP'
start_daemon slurmd slurmd -D -N "$node" -f "$SLURM_CONF"
wait_for 60 "slurmd: node $node idle" bash -c '[ "$(sinfo -h -N -n "$1" -o %T)" = idle ]' _ "$node"
log "one-node cluster up in $((SECONDS - start)) s: node $node ($node_cpus CPUs, $node_mb MB), partition ci, SLURM_CONF=$SLURM_CONF"
sinfo

# --- 3. the scratch folder and the environment the jobs inherit (sbatch passes it on) ---
mkdir -p "$scratch/docs/cluster" "$data_root"
cp benchmarks.json "$scratch/"
cp "$array_script" "$scratch/$array_script"
cd "$scratch"
export PATH="$tool_path:$PATH" FREETICKETS_DATA="$data_root"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Nothing of an enclosing Slurm job or of the caller's sbatch/squeue defaults may change what is submitted.
while read -r v; do [ "$v" = SLURM_CONF ] || unset "$v"; done < <(compgen -e | grep -E '^(SLURM|SBATCH|SQUEUE|SALLOC|SRUN)_' || true)
unset MATRIX
resolved=$(command -v dotnet-freetickets-bench)
[ "$resolved" = "$tool_path/dotnet-freetickets-bench" ] || die_step "dotnet-freetickets-bench resolves to $resolved, not $tool_path"

log "reference: dotnet freetickets-bench run --matrix $matrix --shard 0/1 --threads $cpus_per_task (one process; data root $data_root)"
dotnet freetickets-bench run --matrix "$matrix" --shard 0/1 --threads "$cpus_per_task" --device cpu --quiet --out single \
    || die_step "the single-process run of $matrix failed (exit $?)"

# The commands of docs/cluster.md, for the smoke matrix as the page says ("MATRIX=... sbatch ...", "change the merge
# paths to match"). A page that no longer has them in this shape stops here: this step tests the page.
commands=$(python3 - "$repo/docs/cluster.md" "$matrix" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
matrix = sys.argv[2]
def fail(why):
    sys.exit(f"docs/cluster.md: {why}")
at = next((i for i, l in enumerate(lines) if l.strip() == "Submit it and the merge:"), None)
if at is None:
    fail('no line "Submit it and the merge:"')
fence = next((i for i in range(at + 1, len(lines)) if lines[i].strip()), None)
if fence is None or lines[fence].strip() != "```sh":
    fail('no ```sh block right after "Submit it and the merge:"')
end = next((i for i in range(fence + 1, len(lines)) if lines[i].startswith("```")), None)
if end is None:
    fail("the ```sh block is not closed")
block = "\n".join(lines[fence + 1:end])
for old, new in [("$(sbatch --parsable docs/cluster/slurm-array.sh)", f"$(MATRIX={matrix} sbatch --parsable docs/cluster/slurm-array.sh)"),
                 ("results/ci/shard-*", f"results/{matrix}/shard-*"),
                 ("--out results/ci ", f"--out results/{matrix} ")]:
    if block.count(old) != 1:
        fail(f"expected '{old}' once in the submit block, found it {block.count(old)} times")
    block = block.replace(old, new)
if 'sbatch --dependency=afterok:"$jobid"' not in block or "merge" not in block:
    fail("the submit block has no merge job depending on $jobid")
print(block)
PY
) || die_step "cannot take the submit commands from docs/cluster.md"
log "submit, in $scratch, the commands of docs/cluster.md for $matrix:"
echo "$commands"
submit_out=$(bash -euo pipefail -c "$commands"$'\necho "array job $jobid"') || die_step "the submit commands failed: $submit_out"
echo "$submit_out"
array_id=$(sed -n 's/^array job \([0-9][0-9]*\)$/\1/p' <<<"$submit_out")
merge_id=$(sed -n 's/^Submitted batch job \([0-9][0-9]*\)$/\1/p' <<<"$submit_out")
[ -n "$array_id" ] && [ -n "$merge_id" ] || die_step "no job ids in the submit output"
submitted=("$array_id" "$merge_id")

# --- waiting: until squeue lists neither job ---
deadline=$((SECONDS + timeout))
last=""
while :; do
    queue=$(squeue -h -j "$array_id,$merge_id" -o '%i %T %r' 2>&1) || die_step "squeue failed: $queue"
    [ -n "$queue" ] || break
    if [ "$queue" != "$last" ]; then
        sed 's/^/    queue: /' <<<"$queue"
        last=$queue
    fi
    [ "$SECONDS" -lt "$deadline" ] || die_step "jobs $array_id and $merge_id still queued or running after $timeout s"
    sleep 1
done

# --- both jobs: every array task and the merge COMPLETED with exit code 0:0; else their logs ---
failed_jobs=0
tasks=0
field() { grep -o "\\b$1=[^ ]*" <<<"$line" | head -n 1 | cut -d= -f2-; } # one KEY=value of the line scontrol -o printed
while read -r line; do
    [ -n "$line" ] || continue
    id=$(field JobId) task=$(field ArrayTaskId) job_state=$(field JobState) exit_code=$(field ExitCode) out=$(field StdOut)
    name=$([ -n "$task" ] && echo "array task ${array_id}_$task" || echo "merge job $id")
    [ -z "$task" ] || tasks=$((tasks + 1))
    reason=$(field Reason)
    echo "    $name: $job_state, exit code $exit_code$([ "$reason" = None ] || [ -z "$reason" ] || echo ", reason $reason")"
    if [ "$job_state" != COMPLETED ] || [ "$exit_code" != 0:0 ]; then
        failed_jobs=$((failed_jobs + 1))
        echo "--- log of $name: $out"
        if [ -f "$out" ]; then cat "$out"; else echo "(no log)"; fi
    elif [ -n "$task" ] && ! grep -q "from a Slurm job array" "$out" 2>/dev/null; then
        failed_jobs=$((failed_jobs + 1))
        echo "--- $name did not take its shard from the job array: $out"
        cat "$out" 2>/dev/null
    fi
done < <(scontrol -o show job "$array_id"; scontrol -o show job "$merge_id")
[ "$tasks" -ge 1 ] || die_step "scontrol shows no task of array job $array_id"
[ "$failed_jobs" -eq 0 ] || die_step "$failed_jobs job(s) failed (logs above)"
log "array job $array_id ($tasks tasks) and merge job $merge_id completed with exit code 0"

# --- 4. the merged tables against the single process ---
log "check: dotnet freetickets-bench check --matrix $matrix --fresh results/$matrix --against single"
check_rc=0
dotnet freetickets-bench check --matrix "$matrix" --fresh "results/$matrix" --against single || check_rc=$?
[ "$check_rc" -le 1 ] || die_step "check failed (exit $check_rc)"
log "tables: results/$matrix against single, row for row, measured times and peak memory aside"
tables_rc=0
python3 - "single" "results/$matrix" <<'PY' || tables_rc=$?
import csv, os, sys
# The columns that differ between any two runs (FreeTickets.Core's ResultTables.VolatileColumns).
VOLATILE = {"wall_seconds", "wall_seconds_mean", "peak_rss_mb", "train_seconds", "train_seconds_mean", "train_time_rel_dense",
            "infer_ms_b128", "infer_ms_b128_mean", "infer_ms_b1", "infer_ms_b1_mean"}
TABLES = ["leaderboard.csv", "runs.csv", "members.csv", "curves.csv", "robustness.csv"]
single, merged = sys.argv[1], sys.argv[2]
def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = rows[0] if rows else []
    return [[v if i >= len(header) or header[i] not in VOLATILE else "" for i, v in enumerate(r)] for r in rows], header
bad = 0
for table in TABLES:
    (expected, header), (actual, _) = read(os.path.join(single, table)), read(os.path.join(merged, table))
    if expected == actual:
        print(f"    same: {table} ({len(actual) - 1} rows)")
        continue
    bad += 1
    print(f"    DIFFERENT: {table} ({len(expected) - 1} rows in {single}, {len(actual) - 1} in {merged})")
    for n, (e, a) in enumerate(zip(expected, actual)):
        if e != a:
            c = next(i for i in range(max(len(e), len(a))) if (e[i] if i < len(e) else None) != (a[i] if i < len(a) else None))
            name = header[c] if c < len(header) else f"field {c + 1}"
            print(f"      line {n + 1}, {name}: {e[c] if c < len(e) else '<none>'!r} vs {a[c] if c < len(a) else '<none>'!r}")
            break
cells = lambda d: sorted(os.listdir(os.path.join(d, "cells")))
if cells(single) != cells(merged):
    bad += 1
    print(f"    DIFFERENT cell records: {cells(single)} vs {cells(merged)}")
sys.exit(1 if bad else 0)
PY
elapsed=$((SECONDS - start))
if [ "$check_rc" -ne 0 ] || [ "$tables_rc" -ne 0 ]; then
    echo "slurm-ci: the merged $matrix tables of the Slurm jobs DIFFER from the single process's (${elapsed} s)" >&2
    exit 1
fi
passed=1
echo "slurm-ci: $tasks array tasks + merge on a one-node Slurm cluster == one process, matrix $matrix (${elapsed} s)"
