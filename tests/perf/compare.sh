#!/usr/bin/env bash
# The tool versus PyTorch on the same training: dense mlp-300-100 (or lenet5) on MNIST, batch 128, SGD 0.1/0.9/5e-4,
# same thread count, per epoch (training pass + validation) wall time. Run on an otherwise idle machine.
# Usage: tests/perf/compare.sh [--threads N] [--model mlp-300-100|lenet5] [--epochs E] [--data DIR]
#   DIR holds the MNIST IDX files (default: $FREETICKETS_DATA/mnist or ~/.cache/freetickets-bench/data/mnist).
# Needs: /usr/bin/python3 with python3-torch (apt-get install python3-torch libopenblas0-pthread).
# Writes results/perf/pytorch-comparison.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
threads=1 model=mlp-300-100 epochs=3
data="${FREETICKETS_DATA:-$HOME/.cache/freetickets-bench/data}/mnist"
while [ $# -gt 0 ]; do
    case "$1" in
        --threads) threads=$2; shift 2 ;;
        --model) model=$2; shift 2 ;;
        --epochs) epochs=$2; shift 2 ;;
        --data) data=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
work=$(mktemp -d /tmp/freetickets-compare.XXXXXX)
cat > "$work/benchmarks.json" <<EOF
{ "matrices": { "perf": { "datasets": ["mnist"], "architectures": ["$model"], "methods": ["dense"], "seeds": [1],
  "training": { "epochs": $epochs } } } }
EOF
dotnet build src/FreeTickets.Cli -c Release --nologo -v q >/dev/null
tool=src/FreeTickets.Cli/bin/Release/net10.0/freetickets-bench
"$tool" run --config "$work/benchmarks.json" --matrix perf --out "$work/out" --threads "$threads" \
    --data-root "$(dirname "$data")" --checkpoint-every 0 --quiet >/dev/null
/usr/bin/python3 tests/perf/pytorch_reference.py --data "$data" --model "$model" --threads "$threads" --epochs "$epochs" > "$work/pytorch.json"
python3 - "$work" "$threads" "$model" <<'PY'
import csv, json, statistics, sys
work, threads, model = sys.argv[1], sys.argv[2], sys.argv[3]
rows = list(csv.DictReader(open(f"{work}/out/curves.csv")))
walls = [float(r["wall_seconds"]) for r in rows]
tool = [b - a for a, b in zip([0.0] + walls, walls)][1:] or walls  # epoch 1 includes warm-up; drop it when we can
py = json.load(open(f"{work}/pytorch.json"))
ours = statistics.median(tool)
theirs = py["epoch_seconds_median"]
text = f"""# Tool vs PyTorch, per epoch

`tests/perf/compare.sh --threads {threads} --model {model}`: dense {model} on MNIST (54,000 training and 6,000
validation images, batch 128, SGD lr 0.1 momentum 0.9 weight decay 5e-4, resident tensors, batches by index), one epoch =
training pass + validation pass, {threads} thread(s), median over epochs after the first.

| | seconds per epoch | per training step (epoch / {py['steps_per_epoch']}) |
|---|---:|---:|
| freetickets-bench (TorchSharp 0.107, libtorch 2.10) | {ours:.3f} | {1000 * ours / py['steps_per_epoch']:.2f} ms |
| {py['peer']} (Debian python3-torch) | {theirs:.3f} | {1000 * theirs / py['steps_per_epoch']:.2f} ms |
| ratio tool / PyTorch | {ours / theirs:.2f} | |

PyTorch's own steady-state step, timed alone: {1000 * py['step_seconds_median']:.2f} ms.
"""
open("results/perf/pytorch-comparison.md", "w").write(text)
print(text)
PY
