#!/usr/bin/env bash
# Reproduces a committed leaderboard and checks it: the one script behind .ci/run, .github/workflows/leaderboard.yml
# and the GitLab job of docs/ci.md. Run it with --help; docs/ci.md says how CI uses it.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: eng/reproduce-leaderboard.sh MATRIX [options]

Reproduces the committed leaderboard results/MATRIX and checks it:
  1. the tool: packs this checkout's src/FreeTickets.Cli (dotnet pack) and installs it into a private tool path
     (dotnet tool install --tool-path), or installs it from --packages, or takes an installed one (--tool);
  2. runs the matrix into a fresh folder (the tool fetches the datasets it needs into its data root), in --shards
     processes side by side that `merge` puts together;
  3. `check`s the fresh leaderboard against the committed folder;
  4. writes the chart `report` (report.md, report/*.png) into the fresh folder, and a Markdown summary (--summary).

Options:
  --shards N        run N shards of the matrix side by side (run --shard i/N), then merge them (default 1)
  --threads N       torch threads per process (default: the committed rows' thread count, so that rows can be
                    compared bit for bit; with --shards N use N x threads cores)
  --tool PATH       use this installed tool (a path, or a command on PATH such as dotnet-freetickets-bench)
  --packages DIR    install the tool from the FreeTickets.Bench packages in DIR instead of packing this checkout
  --results DIR     check and report a fresh results folder that already exists instead of running the matrix
  --out DIR         where the fresh results go (default artifacts/leaderboard/MATRIX); emptied first unless --resume
  --resume          keep what --out holds and let the tool resume it
  --against DIR     the committed results folder (default results/MATRIX)
  --config FILE     the config (default benchmarks.json)
  --plugins DIR     an extra plugin folder for the run (repeatable; plugins the config's pluginPaths name load anyway)
  --data-root DIR   the data root (default: the tool's own, $FREETICKETS_DATA or ~/.cache/freetickets-bench/data)
  --summary FILE    append a Markdown summary (verdict, drift lines, the leaderboard tables) to FILE
                    (default: $GITHUB_STEP_SUMMARY when it is set, else none)
  -h, --help        this text

Relative paths are taken from the current directory; the script itself works from the repository that holds it
(the folder above eng/).

Exit codes:
  0  the fresh leaderboard matches the committed one (check's exit 0)
  1  drift: check found differences (check's exit 1); the report and summary are still written
  2  bad usage: an unknown option, a missing value, no committed leaderboard, nothing to pack and no --tool
  3  a step failed: pack, install, run, merge, check (other than drift) or report
EOF
}

die_usage() { echo "reproduce-leaderboard: error: $* (--help lists the options)" >&2; exit 2; }
die_step() { echo "reproduce-leaderboard: error: $*" >&2; exit 3; }
log() { echo "==> $*"; }
absolute() { case "$1" in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }

matrix=""
shards=1
threads=""
tool=""
packages=""
results=""
out=""
resume=0
against=""
config=""
data_root=""
summary=${GITHUB_STEP_SUMMARY:-}
plugins=()

need_value() { [ $# -ge 2 ] && [ -n "$2" ] || die_usage "$1 needs a value"; }
while [ $# -gt 0 ]; do
    case "$1" in
        -h | --help) usage; exit 0 ;;
        --shards) need_value "$@"; shards=$2; shift 2 ;;
        --threads) need_value "$@"; threads=$2; shift 2 ;;
        --tool) need_value "$@"; tool=$2; shift 2 ;;
        --packages) need_value "$@"; packages=$(absolute "$2"); shift 2 ;;
        --results) need_value "$@"; results=$(absolute "$2"); shift 2 ;;
        --out) need_value "$@"; out=$(absolute "$2"); shift 2 ;;
        --resume) resume=1; shift ;;
        --against) need_value "$@"; against=$(absolute "$2"); shift 2 ;;
        --config) need_value "$@"; config=$(absolute "$2"); shift 2 ;;
        --plugins) need_value "$@"; plugins+=("$(absolute "$2")"); shift 2 ;;
        --data-root) need_value "$@"; data_root=$(absolute "$2"); shift 2 ;;
        --summary) need_value "$@"; summary=$(absolute "$2"); shift 2 ;;
        -*) die_usage "unknown option $1" ;;
        *)
            [ -z "$matrix" ] || die_usage "one matrix only (got '$matrix' and '$1')"
            matrix=$1
            shift
            ;;
    esac
done
[ -n "$matrix" ] || die_usage "no matrix given (for example: eng/reproduce-leaderboard.sh smoke)"
[[ "$matrix" =~ ^[A-Za-z0-9._-]+$ ]] || die_usage "'$matrix' is not a matrix name"
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || die_usage "--shards must be a whole number of at least 1, not '$shards'"
[ -z "$threads" ] || [[ "$threads" =~ ^[1-9][0-9]*$ ]] || die_usage "--threads must be a whole number of at least 1, not '$threads'"
[ -z "$tool" ] || [ -z "$packages" ] || die_usage "--tool and --packages exclude each other"
[ -z "$results" ] || [ -z "$out" ] || die_usage "--results and --out exclude each other (--results checks a folder that exists)"
if [ -n "$tool" ]; then
    # A path (relative to the caller's directory) or a command on PATH.
    case "$tool" in
        */*) tool=$(absolute "$tool") ;;
        *) found=$(command -v "$tool") || die_usage "--tool: no command '$tool' on PATH"; tool=$found ;;
    esac
    [ -x "$tool" ] || die_usage "--tool: $tool is not an executable file"
fi

cd "$(dirname "$0")/.."
repo=$PWD
work=$repo/artifacts/reproduce
config=${config:-$repo/benchmarks.json}
against=${against:-$repo/results/$matrix}
[ -f "$config" ] || die_usage "$config: no such config"
committed=$against/leaderboard.csv
[ -f "$committed" ] || die_usage "$committed: no committed leaderboard (run the matrix, commit its folder, then check it)"
if [ -n "$results" ]; then
    [ -f "$results/leaderboard.csv" ] || die_usage "--results: $results/leaderboard.csv does not exist"
    out=$results
fi
out=${out:-$repo/artifacts/leaderboard/$matrix}
out=${out%/}
if [ -z "$results" ] && [ "$resume" -eq 0 ] && [ -d "$out" ]; then
    # --out is emptied before the run: never the committed folder, the repository, or a folder of other files.
    for keep in "$against" "$repo" "$HOME" /; do
        [ "$out" != "${keep%/}" ] || die_usage "--out $out would be emptied: pick another folder"
    done
    if [ -n "$(ls -A "$out")" ] && [ ! -f "$out/leaderboard.csv" ] && [ ! -d "$out/cells" ]; then
        die_usage "--out $out holds files but no results (no leaderboard.csv, no cells/): pick an empty or new folder"
    fi
fi
if [ -z "$threads" ]; then
    # The committed rows' thread count: equal counts (and device, libtorch) let check compare bit for bit.
    threads=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "threads") c = i } NR == 2 && c { print $c; exit }' "$committed")
    [[ "$threads" =~ ^[1-9][0-9]*$ ]] || die_usage "$committed: no thread count in its first row: pass --threads"
fi
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
start=$SECONDS
echo "reproduce-leaderboard: matrix $matrix, committed $against, fresh $out"

# --- 1. the tool ---
if [ -z "$tool" ]; then
    if [ -z "$packages" ]; then
        [ -f src/FreeTickets.Cli/FreeTickets.Cli.csproj ] \
            || die_usage "$repo has no src/FreeTickets.Cli to pack: pass --tool (for example after dotnet tool install --global FreeTickets.Bench)"
        packages=$work/packages
        rm -rf "$packages"
        log "pack the tool: dotnet pack src/FreeTickets.Cli -c Release (restores and builds; a few minutes from a fresh clone)"
        # No build servers: nothing lingers after the script (and no other build's servers are touched).
        dotnet pack src/FreeTickets.Cli -c Release -o "$packages" --disable-build-servers \
            || die_step "dotnet pack src/FreeTickets.Cli failed"
    fi
    # The pointer package FreeTickets.Bench.<version>.nupkg (its RID-specific FreeTickets.Bench.linux-x64 lies beside it).
    versions=()
    for p in "$packages"/FreeTickets.Bench.[0-9]*.nupkg; do
        [ -e "$p" ] || continue
        v=${p##*/FreeTickets.Bench.}
        versions+=("${v%.nupkg}")
    done
    [ ${#versions[@]} -eq 1 ] || die_step "$packages: expected one FreeTickets.Bench.<version>.nupkg, found ${#versions[@]}"
    version=${versions[0]}
    tools=$work/tool
    rm -rf "$tools" "$work/nuget" && mkdir -p "$work"
    # Only the package folder as a source, and a private package cache: a FreeTickets.Bench $version installed or cached
    # earlier (another checkout's build) cannot stand in for this one.
    cat >"$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="freetickets-reproduce" value="$packages" />
  </packageSources>
</configuration>
XML
    log "install FreeTickets.Bench $version into $tools (dotnet tool install --tool-path)"
    NUGET_PACKAGES=$work/nuget dotnet tool install --tool-path "$tools" FreeTickets.Bench --version "$version" \
        --configfile "$work/nuget.config" || die_step "dotnet tool install FreeTickets.Bench $version failed"
    tool=$tools/dotnet-freetickets-bench
fi
log "tool: $tool"

# --- 2. the fresh run ---
common=(--matrix "$matrix" --config "$config" --threads "$threads" --quiet)
[ -z "$data_root" ] || common+=(--data-root "$data_root")
for p in ${plugins[@]+"${plugins[@]}"}; do common+=(--plugins "$p"); done
pids=()
stop_shards() {
    for pid in ${pids[@]+"${pids[@]}"}; do kill -TERM "$pid" 2>/dev/null || true; done
}
trap stop_shards EXIT
trap 'stop_shards; exit 130' INT TERM
if [ -n "$results" ]; then
    log "fresh results given: $results (no run)"
else
    if [ "$resume" -eq 0 ]; then rm -rf "$out"; fi
    mkdir -p "$(dirname "$out")"
    if [ "$shards" -eq 1 ]; then
        log "run matrix $matrix with $threads thread(s) into $out"
        "$tool" run "${common[@]}" --out "$out" || die_step "run --matrix $matrix failed (exit $?)"
    else
        shard_root=$work/shards/$matrix
        if [ "$resume" -eq 0 ]; then rm -rf "$shard_root"; fi
        mkdir -p "$shard_root"
        log "run matrix $matrix as $shards shards side by side, $threads thread(s) each, into $shard_root/shard-*"
        for ((i = 0; i < shards; i++)); do
            "$tool" run "${common[@]}" --shard "$i/$shards" --out "$shard_root/shard-$i" \
                > >(sed -u "s/^/[shard $i] /") 2>&1 &
            pids+=($!)
        done
        failed_shards=()
        for i in "${!pids[@]}"; do
            wait "${pids[$i]}" || failed_shards+=("shard $i/$shards (exit $?)")
        done
        pids=()
        [ ${#failed_shards[@]} -eq 0 ] || die_step "$(IFS=,; echo "${failed_shards[*]}" | sed 's/,/, /g') of matrix $matrix failed"
        log "merge the shards into $out"
        shard_dirs=()
        for ((i = 0; i < shards; i++)); do shard_dirs+=("$shard_root/shard-$i"); done
        "$tool" merge "${shard_dirs[@]}" --out "$out" --config "$config" || die_step "merge of the $shards shards failed (exit $?)"
    fi
fi

# --- 3. check, 4. report and summary ---
log "check the fresh leaderboard against $against"
check_log=$(mktemp)
check_rc=0
"$tool" check --matrix "$matrix" --fresh "$out" --against "$against" >"$check_log" 2>&1 || check_rc=$?
cat "$check_log"
log "report: $out/report.md and $out/report/"
report_rc=0
"$tool" report "$out" || report_rc=$?

if [ -n "$summary" ]; then
    drift_count=$(grep -c '^drift: ' "$check_log" || true)
    {
        case $check_rc in
            0) echo "## Leaderboard \`$matrix\`: matches the committed one" ;;
            1) echo "## Leaderboard \`$matrix\`: drift against the committed one ($drift_count difference(s))" ;;
            *) echo "## Leaderboard \`$matrix\`: check failed (exit $check_rc)" ;;
        esac
        echo
        if [ -n "$results" ]; then
            echo "Fresh results \`$results\` (run elsewhere) checked against \`${against#"$repo"/}\` with \`$(basename "$tool") check\`."
        else
            echo "Fresh run ($shards shard(s) of $threads thread(s)) checked against \`${against#"$repo"/}\` with \`$(basename "$tool") check\`."
        fi
        echo
        if [ "$check_rc" -ne 0 ]; then
            echo '```'
            grep -E '^(drift|error): ' "$check_log" || tail -n 20 "$check_log"
            echo '```'
            echo
        fi
        if [ "$report_rc" -eq 0 ] && [ -f "$out/report.md" ]; then
            # The leaderboard tables of report.md, one per dataset x architecture (the charts stay in the artifact).
            awk '/^## / { print "#" $0; keep = 0; next }
                 /^### Leaderboard/ { keep = 1; next }
                 /^#/ { keep = 0 }
                 keep' "$out/report.md"
        else
            echo "(no report: report exited $report_rc)"
        fi
    } >>"$summary"
    log "summary appended to $summary"
fi
rm -f "$check_log"

elapsed=$((SECONDS - start))
[ "$report_rc" -eq 0 ] || die_step "report $out failed (exit $report_rc)"
case $check_rc in
    0) echo "reproduce-leaderboard: $matrix matches $against (${elapsed} s)"; exit 0 ;;
    1) echo "reproduce-leaderboard: $matrix DRIFTED from $against: see the drift lines above (${elapsed} s)" >&2; exit 1 ;;
    *) die_step "check failed (exit $check_rc)" ;;
esac
