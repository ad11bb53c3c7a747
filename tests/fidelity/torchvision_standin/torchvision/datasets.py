import os
import struct

import numpy as np
import torch.utils.data
from PIL import Image


def _read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    dims = struct.unpack(">I", data[:4])[0] & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


class MNIST(torch.utils.data.Dataset):
    """Reads ROOT/MNIST/raw/*-ubyte and yields (transform(PIL image), int label), as torchvision's MNIST."""
    def __init__(self, root, train=True, transform=None, target_transform=None, download=False):
        prefix = "train" if train else "t10k"
        raw = os.path.join(root, "MNIST", "raw")
        self.data = _read_idx(os.path.join(raw, f"{prefix}-images-idx3-ubyte"))
        self.targets = _read_idx(os.path.join(raw, f"{prefix}-labels-idx1-ubyte")).astype(np.int64)
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.data)

    def __getitem__(self, index):
        image, target = Image.fromarray(self.data[index], mode="L"), int(self.targets[index])
        if self.transform is not None:
            image = self.transform(image)
        if self.target_transform is not None:
            target = self.target_transform(target)
        return image, target


def __getattr__(name):
    raise AttributeError(f"torchvision stand-in: datasets.{name} is not provided (only MNIST is)")
