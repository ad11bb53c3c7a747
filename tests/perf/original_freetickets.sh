#!/usr/bin/env bash
# The original FreeTickets code (github.com/Shiweiliuiiiiiii/FreeTickets) versus this tool on the same small configuration,
# timed per epoch: dense LeNet-300-100 (our mlp-300-100) on MNIST, batch 128, SGD lr 0.1 momentum 0.9 weight decay 5e-4,
# 10% validation split, same torch thread count.
#
# Usage: tests/perf/original_freetickets.sh ORIGINAL_CHECKOUT [--threads N] [--epochs E] [--data DIR] [--out FILE]
#   ORIGINAL_CHECKOUT  a work tree of the original repository, or a bare git directory (its HEAD is exported)
#   DIR                the MNIST IDX files (default: $FREETICKETS_DATA/mnist or ~/.cache/freetickets-bench/data/mnist)
#   FILE               the Markdown table (default: results/perf/original-freetickets.md)
#
# The original code is never copied into this repository: it is exported into a temporary folder and patched there so
# that it runs on a CPU (its hard-coded .cuda() calls and torch.device("cuda") removed, and the final "Testing model"
# step, which loads a checkpoint file that the script never writes, skipped). Its per-epoch time is its own
# "Time taken for epoch" line (training pass with a DataLoader of 8 workers, then evaluation). When /usr/bin/python3 has
# no torchvision (Debian's python3-torchvision pulls in ffmpeg and ~100 packages), a minimal stand-in module provides
# what the MNIST path uses: datasets.MNIST (reads the IDX files, yields PIL images like torchvision) and
# transforms.Compose/ToTensor/Normalize (tests/fidelity/torchvision_standin, shared with tests/fidelity).
# Needs: /usr/bin/python3 with python3-torch, python3-numpy, python3-pil; the tool builds with dotnet.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -ge 1 ] || { sed -n '2,12p' "$0" >&2; exit 2; }
original=$1; shift
threads=1 epochs=3 out=results/perf/original-freetickets.md
data="${FREETICKETS_DATA:-$HOME/.cache/freetickets-bench/data}/mnist"
while [ $# -gt 0 ]; do
    case "$1" in
        --threads) threads=$2; shift 2 ;;
        --epochs) epochs=$2; shift 2 ;;
        --data) data=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
data=$(cd "$data" && pwd)
work=$(mktemp -d /tmp/freetickets-original.XXXXXX)
trap 'rm -rf "$work"' EXIT

# 1. A patched copy of the original code (helpers shared with tests/fidelity/released_vs_tool.sh).
source tests/fidelity/released_code.sh
released_require_python
released_export "$original" "$work/orig"
commit=$RELEASED_COMMIT
mkdir -p "$work/orig/run"
released_patch_cpu "$work/orig" main_individual.py
sed -i -e 's/^\(\s*\)model\.load_state_dict(torch\.load(args\.save))/\1return  # patched: args.save is never written/' "$work/orig/main_individual.py"
released_link_mnist "$data" "$work/data"
shim=$(released_pythonpath)

# 2. The original: dense LeNet-300-100, its own MNIST loaders (8 training workers), log lines per epoch.
# The data root is '../data' relative to the working directory.
echo "original FreeTickets ($commit), $epochs epochs, $threads thread(s)..." >&2
( cd "$work/orig/run"
  ln -s "$work/orig/sparselearning" sparselearning
  ln -s "$work/data" ../data 2>/dev/null || true
  cat > run.py <<PY
import sys, torch
torch.set_num_threads($threads)
sys.argv = ["main_individual.py", "--model", "lenet300-100", "--data", "mnist", "--epochs", "$epochs", "--batch-size", "128",
            "--lr", "0.1", "--momentum", "0.9", "--l2", "5e-4", "--valid_split", "0.1", "--seed", "1", "--no-cuda"]
sys.path.insert(0, "$work/orig")
import runpy
runpy.run_path("$work/orig/main_individual.py", run_name="__main__")
PY
  OMP_NUM_THREADS=$threads PYTHONPATH="${shim}" /usr/bin/python3 run.py > "$work/original.log" 2>&1 ) \
  || { tail -30 "$work/original.log" >&2; exit 1; }

# 3. The tool on the same configuration.
cat > "$work/benchmarks.json" <<EOF
{ "matrices": { "perf": { "datasets": ["mnist"], "architectures": ["mlp-300-100"], "methods": ["dense"], "seeds": [1],
  "training": { "epochs": $epochs, "batchSize": 128 } } } }
EOF
echo "freetickets-bench, $epochs epochs, $threads thread(s)..." >&2
dotnet build src/FreeTickets.Cli -c Release --nologo -v q >/dev/null
OMP_NUM_THREADS=$threads src/FreeTickets.Cli/bin/Release/net10.0/freetickets-bench run --config "$work/benchmarks.json" --matrix perf \
    --out "$work/tool" --threads "$threads" --data-root "$(dirname "$data")" --checkpoint-every 0 --quiet >/dev/null

/usr/bin/python3 - "$work" "$threads" "$epochs" "$commit" "${shim:+stand-in}" "$out" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import csv, re, statistics, sys
work, threads, epochs, commit, shim, out, load = sys.argv[1:8]
log = open(f"{work}/original.log").read()
orig = [float(s) for s in re.findall(r"Time taken for epoch: ([0-9.]+) seconds", log)]
accs = re.findall(r"Evaluation: Average loss: [0-9.]+, Accuracy: \d+/\d+ \(([0-9.]+)%\)", log)
rows = list(csv.DictReader(open(f"{work}/tool/curves.csv")))
walls = [float(r["wall_seconds"]) for r in rows]
tool = [b - a for a, b in zip([0.0] + walls, walls)]
lines = [
    "# Original FreeTickets code vs freetickets-bench, per epoch",
    "",
    f"`tests/perf/original_freetickets.sh` at {threads} thread(s): dense LeNet-300-100 (mlp-300-100) on MNIST, batch 128, SGD",
    "lr 0.1 momentum 0.9 weight decay 5e-4, 10% validation split, one epoch = training pass + validation pass.",
    f"Original: Shiweiliuiiiiiii/FreeTickets @ {commit[:12]}, `main_individual.py` patched to run on the CPU, its own",
    "DataLoader (8 workers for training, per-sample PIL -> tensor transforms, `.item()` per step), timed by its own",
    "\"Time taken for epoch\" line" + (" (torchvision: a minimal stand-in module, tests/fidelity/torchvision_standin)." if shim else "."),
    "Tool: `freetickets-bench run`, resident tensors, wall time per epoch from `curves.csv`. The original evaluates on the",
    "10,000-image test set every epoch (its `main_individual.py` passes `test_loader`), the tool on its 6,000-image",
    "validation split: the accuracy columns are not the same measurement.",
    f"Load average at the end: {load}.",
    "",
    "| epoch | original (s) | tool (s) | original / tool | original val acc (%) | tool val acc (%) |",
    "|---:|---:|---:|---:|---:|---:|",
]
for i in range(max(len(orig), len(tool))):
    o = orig[i] if i < len(orig) else float("nan")
    t = tool[i] if i < len(tool) else float("nan")
    a = accs[i] if i < len(accs) else ""
    ta = f"{100 * float(rows[i]['validation_accuracy']):.2f}" if i < len(rows) and "validation_accuracy" in rows[i] else ""
    lines.append(f"| {i + 1} | {o:.2f} | {t:.2f} | {o / t:.1f} | {a} | {ta} |")
if orig and tool:
    mo, mt = statistics.median(orig), statistics.median(tool)
    lines += ["", f"Median: original {mo:.2f} s, tool {mt:.2f} s per epoch; the tool is **{mo / mt:.1f}x faster** per epoch."]
text = "\n".join(lines) + "\n"
open(out, "w").write(text)
print(text)
PY
