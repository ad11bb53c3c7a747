#!/usr/bin/python3
"""The tool's training loop, written in PyTorch, timed the same way: the reference peer of tests/perf/compare.sh.

Same model (mlp-300-100 or lenet5 with the same layers), same data (MNIST IDX files, normalised, resident tensors,
batches by index from a per-epoch permutation), same optimizer (SGD lr 0.1, momentum 0.9, weight decay 5e-4), same
batch size and thread count, same per-epoch validation pass (batches of 1000 on the 10% hold-out). Prints one JSON
line: median seconds per training step and per epoch.

Needs Debian's python3-torch (apt-get install python3-torch libopenblas0-pthread) and /usr/bin/python3.
"""
import argparse
import json
import os
import statistics
import struct
import time
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    data = Path(path).read_bytes()
    magic, = struct.unpack(">I", data[:4])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return torch.frombuffer(bytearray(data[4 + 4 * dims:]), dtype=torch.uint8).reshape(shape)


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 300)
        self.fc2 = nn.Linear(300, 100)
        self.fc3 = nn.Linear(100, 10)

    def forward(self, x):
        x = x.flatten(1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(256, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.fc1(x.flatten(1)))
        return self.fc3(F.relu(self.fc2(x)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True, help="folder with train-images-idx3-ubyte and train-labels-idx1-ubyte")
    parser.add_argument("--model", choices=["mlp-300-100", "lenet5"], default="mlp-300-100")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--epochs", type=int, default=3)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    images = read_idx(Path(args.data) / "train-images-idx3-ubyte").float().div_(255.0)
    labels = read_idx(Path(args.data) / "train-labels-idx1-ubyte").long()
    mean, std = images.mean().item(), images.std().item()
    images = images.sub_(mean).div_(std).unsqueeze(1)
    perm = torch.randperm(images.shape[0])
    val = perm[: images.shape[0] // 10]
    train = perm[images.shape[0] // 10:]
    x_train, y_train = images[train].contiguous(), labels[train].contiguous()
    x_val, y_val = images[val].contiguous(), labels[val].contiguous()

    model = Mlp() if args.model == "mlp-300-100" else LeNet5()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)

    def step(idx):
        inputs = x_train.index_select(0, idx)
        targets = y_train.index_select(0, idx)
        logits = model(inputs)
        loss = F.cross_entropy(logits, targets)
        # set_to_none=True (PyTorch 2's default; 1.13 zeroes in place): the tool's engine drops gradients the same way.
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        return loss, logits, targets

    # Per epoch: permutation, every batch, loss/accuracy accumulated on the device, then validation. Each step is also
    # timed on its own, so that epoch / (steps x median step) shows what the data pipeline and bookkeeping add.
    epoch_times, step_times = [], []
    for _ in range(args.epochs):
        start = time.perf_counter()
        model.train()
        loss_sum = torch.zeros(1, dtype=torch.float64)
        correct = torch.zeros(1, dtype=torch.int64)
        for idx in torch.randperm(x_train.shape[0]).split(args.batch):
            step_start = time.perf_counter()
            loss, logits, targets = step(idx)
            step_times.append(time.perf_counter() - step_start)
            with torch.no_grad():
                loss_sum += loss.detach().double() * idx.shape[0]
                correct += (logits.argmax(1) == targets).sum()
        model.eval()
        with torch.no_grad():
            hits = sum((model(x_val[i:i + 1000]).argmax(1) == y_val[i:i + 1000]).sum().item() for i in range(0, x_val.shape[0], 1000))
        _ = loss_sum.item(), correct.item(), hits
        epoch_times.append(time.perf_counter() - start)

    # Per step, alone: the same batch shape, after the epochs (steady state). This used to run first, right after the
    # first 20 steps, and read 7.53 ms against 2.35 ms per step inside epochs: with OMP_NUM_THREADS unset, the OpenBLAS
    # behind Debian's PyTorch starts one thread per core whatever torch.set_num_threads says, and the first hundreds of
    # steps ran at a fraction of the steady speed. compare.sh now sets OMP_NUM_THREADS, and this runs last.
    model.train()
    batches = torch.randperm(x_train.shape[0]).split(args.batch)
    times = []
    for i in range(args.steps):
        start = time.perf_counter()
        step(batches[i % (len(batches) - 1)])
        times.append(time.perf_counter() - start)
    step_seconds = statistics.median(times)
    later = step_times[len(step_times) // max(args.epochs, 1):] or step_times  # drop the first epoch's warm-up

    print(json.dumps({
        "peer": f"PyTorch {torch.__version__}",
        "model": args.model,
        "threads": args.threads,
        "batch": args.batch,
        "steps_per_epoch": len(x_train.split(args.batch)),
        "step_seconds_median": step_seconds,
        "epoch_seconds_median": statistics.median(epoch_times),
        "epoch_seconds": epoch_times,
        "step_in_epoch_seconds_median": statistics.median(later),
        "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
    }))


if __name__ == "__main__":
    main()
