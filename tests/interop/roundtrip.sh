#!/usr/bin/env bash
# The PyTorch round trip of exported members (docs/models.md): trains tests/interop/benchmarks.json's `interop` matrix
# (MNIST, mlp-300-100 and lenet5, dense ensemble, DST and EDST, a few hundred steps each) with --save-models, then loads
# every member with Debian's python3-torch and requires the tool's accuracy and NLL within 1e-4 (roundtrip.py).
# Usage: tests/interop/roundtrip.sh --tool PATH [--data-root DIR] [--out DIR]
#   --tool: the tool's executable (default: the Release build); --data-root: where MNIST is (fetched there if missing).
# Needs /usr/bin/python3 with python3-torch (installed with apt-get when missing). Exit 0 on a match, 1 on a mismatch.
set -euo pipefail
cd "$(dirname "$0")/../.."
tool=src/FreeTickets.Cli/bin/Release/net10.0/freetickets-bench
data_root="${FREETICKETS_DATA:-$HOME/.cache/freetickets-bench/data}"
out=""
while [ $# -gt 0 ]; do
    case "$1" in
        --tool) tool=$2; shift 2 ;;
        --data-root) data_root=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
    apt-get install -y -qq python3-torch >/dev/null
fi
if [ -z "$out" ]; then
    out=$(mktemp -d /tmp/freetickets-interop.XXXXXX)
    trap 'rm -rf "$out"' EXIT
fi
"$tool" run --config tests/interop/benchmarks.json --matrix interop --out "$out" --data-root "$data_root" --threads 1 --save-models --quiet
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tests/interop/roundtrip.py --results "$out" --mnist "$data_root/mnist" --docs docs/models.md
