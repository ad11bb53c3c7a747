#!/usr/bin/env bash
# Fidelity side-by-side: the released FreeTickets code (github.com/Shiweiliuiiiiiii/FreeTickets) and this tool on the
# ci matrix's schedule, LeNet-300-100 / MNIST on a CPU, 3 seeds each: dense (10 epochs), DST ensemble (M = 3 runs of 10
# epochs, S = 0.8) and EDST ensemble (6 + 3 x 4 epochs). Writes a Markdown table with a verdict per method.
#
# Usage:
#   tests/fidelity/released_vs_tool.sh RELEASED [--released-out DIR] [options]   both sides (the tool built from this repo)
#   tests/fidelity/released_vs_tool.sh RELEASED --released-out DIR --released-only [options]   released side only
#   tests/fidelity/released_vs_tool.sh --released-results DIR [--tool PATH] [options]           tool side only
#   RELEASED             a work tree or a bare git directory of the released code (HEAD is exported)
#   --released-out DIR   keep the released side's cache in DIR (logs, test probabilities, per-run metrics); runs already
#                        in DIR are not run again, so an interrupted released side resumes
#   --released-only      stop after the released side (prints its summary)
#   --released-results DIR  reuse a released-side cache and run only the tool side
#   --tool PATH          the freetickets-bench binary (default: build src/FreeTickets.Cli and use it)
#   --tool-out DIR       keep the tool's results folder in DIR (default: a temporary folder)
#   --seeds "1 2 3"      ensemble seeds (default 1 2 3); DST member i of seed s runs the released code with --seed s + 10 i
#   --threads N          torch threads per run, both sides (default 1)
#   --jobs N             released runs at a time (default 1)
#   --workers N          DataLoader workers of the released MNIST loaders (default 0; the code has 8 for training, 2 for
#                        validation, 1 for test: the batches are the same either way, see docs/fidelity.md)
#   --data DIR           the four MNIST IDX files (default: $FREETICKETS_DATA/mnist or ~/.cache/freetickets-bench/data/mnist)
#   --out FILE           the Markdown table (default: results/fidelity/README.md)
#   --no-switches        run the tool without the released-code switches (for testing the script against a tool that
#                        does not know them yet; the table then says it must not be cited)
#
# The released code runs from a temporary copy patched only so that it runs here: CPU instead of CUDA (the helpers of
# tests/fidelity/released_code.sh, shared with tests/perf/original_freetickets.sh), main_DST.py / main_EDST.py's
# 'cls_args[2] = outputs' guarded (it indexes the empty argument list of the MNIST models and raises IndexError), and the
# DataLoader worker count. Its best-validation checkpoints are scored by tests/fidelity/fidelity.py with the tool's metric
# definitions. Needs /usr/bin/python3 with python3-torch, python3-numpy, python3-pil; dotnet for the tool side.
# The table ends with tests/fidelity/analysis.md, the verdicts read by hand for one run (it names the tool's config hash;
# the table flags it when a rerun's hash differs).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
usage() { sed -n '2,33p' "$0" >&2; exit 2; }

released="" released_out="" released_only=0 released_results="" tool="" tool_out="" seeds="1 2 3" threads=1 jobs=1 workers=0
no_switches=0 out=results/fidelity/README.md
data="${FREETICKETS_DATA:-$HOME/.cache/freetickets-bench/data}/mnist"
while [ $# -gt 0 ]; do
    case "$1" in
        --released-out) released_out=$2; shift 2 ;;
        --released-only) released_only=1; shift ;;
        --released-results) released_results=$2; shift 2 ;;
        --tool) tool=$2; shift 2 ;;
        --tool-out) tool_out=$2; shift 2 ;;
        --seeds) seeds=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --jobs) jobs=$2; shift 2 ;;
        --workers) workers=$2; shift 2 ;;
        --data) data=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --no-switches) no_switches=1; shift ;;
        -h|--help) usage ;;
        -*) echo "error: unknown option $1" >&2; exit 2 ;;
        *) [ -z "$released" ] || { echo "error: one released checkout only (got $released and $1)" >&2; exit 2; }
           released=$1; shift ;;
    esac
done
if [ -n "$released_results" ]; then
    [ -z "$released" ] || { echo "error: --released-results reuses a cache: give no released checkout" >&2; exit 2; }
    [ -f "$released_results/meta.json" ] || { echo "error: $released_results: no meta.json (not a finished released-side cache)" >&2; exit 2; }
else
    [ -n "$released" ] || usage
    [ "$released_only" = 0 ] || [ -n "$released_out" ] || { echo "error: --released-only needs --released-out DIR" >&2; exit 2; }
fi
for n in "$threads" "$jobs" "$workers"; do
    [[ "$n" =~ ^[0-9]+$ ]] || { echo "error: --threads, --jobs and --workers take whole numbers (got $n)" >&2; exit 2; }
done
[ -d "$data" ] || { echo "error: --data $data: no such folder (run 'freetickets-bench run' once to fetch MNIST)" >&2; exit 2; }
data=$(cd "$data" && pwd)

source tests/fidelity/released_code.sh
released_require_python
work=$(mktemp -d /tmp/freetickets-fidelity.XXXXXX)
trap 'rm -rf "$work"' EXIT
py() { "$RELEASED_PYTHON" "$repo/tests/fidelity/fidelity.py" "$@"; }

# ---------------------------------------------------------------------------------------------------- released side
released_side() {
    local cache=$1
    mkdir -p "$cache/logs" "$cache/runs" "$cache/probs"
    cache=$(cd "$cache" && pwd)
    released_export "$released" "$work/code"
    released_patch_cpu "$work/code" main_DST.py main_EDST.py
    local f
    for f in main_DST.py main_EDST.py; do
        # The released files end their lines with CR LF.
        grep -q '^ *cls_args\[2\] = outputs' "$work/code/$f" \
            || { echo "error: $f: 'cls_args[2] = outputs' not found; the released code changed, update the patch" >&2; exit 1; }
        sed -i 's/^\( *\)cls_args\[2\] = outputs\(\r\?\)$/\1if len(cls_args) > 2: cls_args[2] = outputs  # patched: the MNIST models take no arguments\2/' "$work/code/$f"
    done
    local loaders=$(grep -c 'num_workers=[0-9]' "$work/code/sparselearning/utils.py")
    sed -i "s/num_workers=[0-9]\+/num_workers=$workers/" "$work/code/sparselearning/utils.py"
    released_link_mnist "$data" "$work/runs/data"
    py labels "$data" "$cache/test_labels.npy"
    local pythonpath
    pythonpath=$(released_pythonpath)

    # name method seed member released-seed, shortest runs first (a broken setup fails early).
    local plan=() s i
    for s in $seeds; do plan+=("dense-s$s dense $s - $s"); done
    for s in $seeds; do for i in 0 1 2; do plan+=("dst-s$s-m$i dst $s $i $((s + 10 * i))"); done; done
    for s in $seeds; do plan+=("edst-s$s edst $s - $s"); done

    local common=(--model lenet300-100 --data mnist --batch-size 128 --lr 0.1 --momentum 0.9 --l2 5e-4 --valid_split 0.1 --no-cuda)
    local sparse=(--sparse --density 0.2 --sparse-init ERK --death magnitude --growth gradient --redistribution none
                  --update-frequency 100 --death-rate 0.5)
    local started entry failed=0 name method seed member rseed
    started=$(date +%s%N)
    for entry in "${plan[@]}"; do
        read -r name method seed member rseed <<<"$entry"
        if [ -f "$cache/runs/$name.json" ]; then
            echo "released: $name already in $cache" >&2
            continue
        fi
        local script args=()
        case $method in
            dense) script=main_DST.py; args=("${common[@]}" --epochs 10 --seed "$rseed") ;;
            dst) script=main_DST.py; args=("${common[@]}" "${sparse[@]}" --epochs 10 --seed "$rseed") ;;
            # As the README's EDST command: --nolrsche (without it the script also keeps a MultiStepLR over the whole run
            # whose x0.1 lands inside refinement phases) and --decay-schedule constant.
            edst) script=main_EDST.py; args=("${common[@]}" "${sparse[@]}" --epochs 18 --epochs-explo 6 --model-num 3
                                             --large-death-rate 0.8 --decay-schedule constant --nolrsche --seed "$rseed") ;;
        esac
        while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
        (
            dir="$work/runs/$name"
            mkdir -p "$dir"
            cd "$dir"
            {
                echo "import runpy, sys, torch"
                echo "torch.set_num_threads($threads)"
                printf 'sys.argv = ["%s"' "$script"
                printf ', "%s"' "${args[@]}"
                echo "]"
                echo "sys.path.insert(0, '$work/code')"
                echo "runpy.run_path('$work/code/$script', run_name='__main__')"
            } > run.py
            echo "released: $name ($script --seed $rseed) ..." >&2
            t0=$(date +%s%N)
            if ! OMP_NUM_THREADS=$threads PYTHONPATH="$pythonpath" "$RELEASED_PYTHON" run.py > "$cache/logs/$name.log" 2>&1; then
                echo "error: released run $name failed; last lines of $cache/logs/$name.log:" >&2
                tail -20 "$cache/logs/$name.log" >&2
                exit 1
            fi
            wall=$(( ($(date +%s%N) - t0) / 1000000 ))
            member_args=()
            [ "$member" = - ] || member_args=(--member "$member")
            py evaluate --code "$work/code" --mnist "$data" --cache "$cache" --run "$name" --run-dir "$dir" \
                --method "$method" --seed "$seed" "${member_args[@]}" --released-seed "$rseed" --tickets 3 \
                --wall-seconds "$((wall / 1000)).$(printf '%03d' $((wall % 1000)))"
            echo "released: $name done in $((wall / 1000)) s" >&2
        ) &
    done
    while [ "$(jobs -rp | wc -l)" -gt 0 ]; do wait -n || true; done
    for entry in "${plan[@]}"; do
        read -r name _ <<<"$entry"
        [ -f "$cache/runs/$name.json" ] || { echo "error: released run $name did not finish (see $cache/logs/$name.log)" >&2; failed=1; }
    done
    [ "$failed" = 0 ] || exit 1
    local wall=$(( ($(date +%s%N) - started) / 1000000000 ))
    "$RELEASED_PYTHON" - "$cache" "$RELEASED_COMMIT" "$threads" "$jobs" "$workers" "$wall" "${#plan[@]}" "$loaders" <<'PY'
import json, os, platform, sys, torch
cache, commit, threads, jobs, workers, wall, runs, loaders = sys.argv[1:9]
path = os.path.join(cache, "meta.json")
previous = json.load(open(path)) if os.path.exists(path) else {}
json.dump({
    "commit": commit, "torch": torch.__version__, "python": f"Python {platform.python_version()}",
    "threads": int(threads), "jobs": int(jobs), "runs": int(runs),
    # A resumed cache adds the time of this invocation to the earlier ones.
    "wall_seconds": float(wall) + previous.get("wall_seconds", 0.0),
    "patches": [
        ".cuda() removed and torch.device(\"cuda\") -> cpu in sparselearning/*.py, main_DST.py, main_EDST.py",
        "'cls_args[2] = outputs' guarded with 'if len(cls_args) > 2' in main_DST.py and main_EDST.py",
        f"the {loaders} literal num_workers values in sparselearning/utils.py (MNIST: 8 training, 2 validation, 1 test)"
        f" set to {workers}",
    ],
}, open(path, "w"), indent=1)
PY
    echo "released side: $wall s of wall time in this invocation" >&2
}

# -------------------------------------------------------------------------------------------------------- tool side
tool_side() {
    local cache=$1 results=$2 config=$work/benchmarks.json
    local switches_training=', "validationSplit": "tail"'
    local switches_sparse=', "regrownMomentum": "keep", "maskInit": "bernoulli"'
    local switches_ensemble=', "refineRates": "absolute"'
    if [ "$no_switches" = 1 ]; then switches_training="" switches_sparse="" switches_ensemble=""; fi
    local seed_list
    seed_list=$(echo $seeds | sed 's/ /, /g')
    cat > "$config" <<EOF
{
  "matrices": {
    "fidelity": {
      "description": "tests/fidelity/released_vs_tool.sh: the released FreeTickets code's behaviour on the ci matrix's schedule.",
      "datasets": ["mnist"],
      "architectures": ["mlp-300-100"],
      "methods": ["dense", "dst-ensemble", "edst-ensemble"],
      "sparsities": [0.8],
      "seeds": [$seed_list],
      "training": { "epochs": 10, "batchSize": 128, "learningRate": 0.1, "momentum": 0.9, "weightDecay": 0.0005,
                    "lrMilestones": [0.5, 0.75], "lrGamma": 0.1, "validationFraction": 0.1, "selectBest": true$switches_training },
      "sparse": { "distribution": "erk", "prune": "magnitude", "regrow": "gradient", "updateInterval": 100,
                  "dropFraction": 0.5, "dropSchedule": "constant"$switches_sparse },
      "ensemble": { "members": 3, "exploreEpochs": 6, "refineEpochs": 4, "explorationRate": 0.8$switches_ensemble },
      "evaluation": { "eceBins": 15 }
    }
  }
}
EOF
    if [ -z "$tool" ]; then
        dotnet build src/FreeTickets.Cli -c Release --nologo -v q >/dev/null
        tool=src/FreeTickets.Cli/bin/Release/net10.0/freetickets-bench
    fi
    echo "tool: $tool run --matrix fidelity --out $results ..." >&2
    "$tool" validate --config "$config" >&2
    OMP_NUM_THREADS=$threads "$tool" run --config "$config" --matrix fidelity --out "$results" --threads "$threads" \
        --data-root "$(dirname "$data")" --checkpoint-every 0 --quiet >&2
    local flags=()
    [ "$no_switches" = 0 ] || flags+=(--no-switches)
    py table --released "$cache" --tool-results "$results" --config "$config" --out "$out" --analysis tests/fidelity/analysis.md "${flags[@]}"
}

if [ -n "$released_results" ]; then
    cache=$released_results
else
    cache=${released_out:-$work/released}
    released_side "$cache"
    py summary --released "$cache"
    [ "$released_only" = 0 ] || exit 0
fi
tool_side "$cache" "${tool_out:-$work/tool}"
