# Helpers for running the released FreeTickets code (github.com/Shiweiliuiiiiiii/FreeTickets) on a CPU from a temporary,
# patched copy. Sourced by tests/perf/original_freetickets.sh and tests/fidelity/released_vs_tool.sh; the released code
# is never copied into this repository, only exported into a temporary folder and patched there.
#
#   released_require_python             /usr/bin/python3 has torch, numpy and PIL, else prints the apt-get line (rc 2)
#   released_export SRC DEST            exports a work tree or bare git directory into DEST; sets RELEASED_COMMIT
#   released_patch_cpu DEST FILE...     removes the hard-coded .cuda() calls and torch.device("cuda") from
#                                       DEST/sparselearning/*.py and the given top-level scripts
#   released_link_mnist DATA ROOT       ROOT/MNIST/raw/* -> the four MNIST IDX files in DATA (the released MNIST loader
#                                       reads '../data' relative to its working directory)
#   released_pythonpath                 prints the torchvision stand-in folder when /usr/bin/python3 has no torchvision
#                                       (Debian's python3-torchvision pulls in ffmpeg and ~100 packages), else nothing

RELEASED_CODE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# No __pycache__ folder in the repository: the torchvision stand-in is imported from it.
export PYTHONDONTWRITEBYTECODE=1
RELEASED_PYTHON=/usr/bin/python3
RELEASED_MNIST_FILES="train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte"

released_require_python() {
    if ! "$RELEASED_PYTHON" -c 'import torch, numpy, PIL' 2>/dev/null; then
        echo "error: $RELEASED_PYTHON needs torch, numpy and PIL; install them with:" >&2
        echo "  apt-get install -y python3-torch python3-numpy python3-pil" >&2
        return 2
    fi
}

released_export() {
    local src=$1 dest=$2
    mkdir -p "$dest"
    if git --git-dir="$src" rev-parse --verify -q HEAD >/dev/null 2>&1 && [ ! -e "$src/.git" ]; then
        git --git-dir="$src" archive HEAD | tar -x -C "$dest"
        RELEASED_COMMIT=$(git --git-dir="$src" rev-parse HEAD)
    elif [ -d "$src" ]; then
        cp -r "$src"/. "$dest/"
        rm -rf "$dest/.git"
        RELEASED_COMMIT=$(git -C "$src" rev-parse HEAD 2>/dev/null || echo unknown)
    else
        echo "error: $src: expected a checkout or a bare git directory of the released code" >&2
        return 2
    fi
    if [ ! -f "$dest/sparselearning/core.py" ]; then
        echo "error: $src: sparselearning/core.py is missing; is this the FreeTickets repository?" >&2
        return 2
    fi
}

released_patch_cpu() {
    local dest=$1; shift
    local files=("$dest"/sparselearning/*.py)
    local f
    for f in "$@"; do files+=("$dest/$f"); done
    sed -i -e 's/\.cuda()//g' -e 's/torch\.device("cuda")/torch.device("cpu")/g' "${files[@]}"
}

released_link_mnist() {
    local data=$1 root=$2 f
    mkdir -p "$root/MNIST/raw"
    for f in $RELEASED_MNIST_FILES; do
        if [ ! -f "$data/$f" ]; then
            echo "error: $data/$f is missing (the four uncompressed MNIST IDX files are needed; 'freetickets-bench run' fetches them)" >&2
            return 2
        fi
        ln -sf "$data/$f" "$root/MNIST/raw/$f"
    done
}

released_pythonpath() {
    if ! "$RELEASED_PYTHON" -c 'import torchvision' 2>/dev/null; then
        echo "$RELEASED_CODE_DIR/torchvision_standin"
    fi
}
