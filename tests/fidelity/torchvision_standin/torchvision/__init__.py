"""Stand-in for the few torchvision pieces that the released FreeTickets code's MNIST path uses.

Debian's python3-torchvision pulls in ffmpeg and ~100 packages; the released code only needs datasets.MNIST (IDX files
read into PIL images, as torchvision yields them) and transforms.Compose/ToTensor/Normalize. It is put on PYTHONPATH
only when /usr/bin/python3 has no torchvision (tests/fidelity/released_code.sh).
"""
from . import datasets, transforms  # noqa: F401
