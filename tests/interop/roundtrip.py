"""Loads every member the tool exported (run --save-models) with PyTorch and reproduces the tool's test metrics.

For each cell under RESULTS/models: builds the architecture in PyTorch, loads each member-<i>.safetensors with the
loader of docs/models.md (the ```python block that defines load_safetensors, executed as written), checks the masks
(masked weights are zero, densities as recorded), evaluates on the MNIST test set normalised as model.json says, and
requires each member's and the ensemble's accuracy and NLL to equal model.json's within 1e-4.
Usage: python3 roundtrip.py --results DIR --mnist DIR --docs docs/models.md
"""
import argparse
import json
import pathlib
import re
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

TOLERANCE = 1e-4
PROBABILITY_EPSILON = 1e-12  # the tool clamps p_y below at 1e-12 inside the NLL's logarithm


class LeNet300100(nn.Module):
    def __init__(self, inputs, classes):
        super().__init__()
        self.fc1, self.fc2, self.fc3 = nn.Linear(inputs, 300), nn.Linear(300, 100), nn.Linear(100, classes)

    def forward(self, x):
        x = x.flatten(1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


class LeNet5(nn.Module):
    def __init__(self, channels, side, classes):
        super().__init__()
        self.conv1, self.conv2 = nn.Conv2d(channels, 6, 5), nn.Conv2d(6, 16, 5)
        after = ((side - 4) // 2 - 4) // 2
        self.fc1, self.fc2, self.fc3 = nn.Linear(16 * after * after, 120), nn.Linear(120, 84), nn.Linear(84, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x.flatten(1))))))


def build(manifest):
    shape, classes = manifest["input_shape"], manifest["num_classes"]
    if manifest["architecture"] == "mlp-300-100":
        return LeNet300100(shape[0] * shape[1] * shape[2], classes)
    if manifest["architecture"] == "lenet5":
        return LeNet5(shape[0], shape[1], classes)
    sys.exit(f"{manifest['cell_id']}: no PyTorch twin of architecture {manifest['architecture']} in this test")


def loader_from_docs(docs):
    blocks = re.findall(r"```python\n(.*?)```", pathlib.Path(docs).read_text(encoding="utf-8"), re.S)
    block = next((b for b in blocks if "def load_safetensors" in b), None)
    if block is None:
        sys.exit(f"{docs}: no ```python block defining load_safetensors")
    scope = {}
    exec(block, scope)  # the documented loader, exactly as a reader copies it
    return scope["load_safetensors"]


def read_idx(path):
    data = pathlib.Path(path).read_bytes()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return torch.frombuffer(bytearray(data[4 + 4 * dims:]), dtype=torch.uint8).reshape(shape)


def metrics(probabilities, labels):
    accuracy = (probabilities.argmax(1) == labels).double().mean().item()
    p_true = probabilities.gather(1, labels[:, None]).squeeze(1).double().clamp_min(PROBABILITY_EPSILON)
    return accuracy, -p_true.log().mean().item()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--results", required=True)
    parser.add_argument("--mnist", required=True)
    parser.add_argument("--docs", required=True)
    args = parser.parse_args()
    torch.set_num_threads(1)
    load_safetensors = loader_from_docs(args.docs)
    images = read_idx(pathlib.Path(args.mnist) / "t10k-images-idx3-ubyte").float().div(255).unsqueeze(1)
    labels = read_idx(pathlib.Path(args.mnist) / "t10k-labels-idx1-ubyte").long()
    failures, checked = [], 0

    def compare(what, got, expected):
        nonlocal checked
        checked += 1
        for name, g, e in zip(("accuracy", "nll"), got, (expected["accuracy"], expected["nll"])):
            if abs(g - e) > TOLERANCE:
                failures.append(f"{what}: {name} {g:.6f} in PyTorch, {e:.6f} in the tool")
        print(f"{what}: accuracy {got[0]:.4f} (tool {expected['accuracy']:.4f}), nll {got[1]:.5f} (tool {expected['nll']:.5f})")

    cells = sorted((pathlib.Path(args.results) / "models").glob("*/model.json"))
    if not cells:
        sys.exit(f"{args.results}/models: no exported cell (model.json)")
    for path in cells:
        manifest = json.loads(path.read_text())
        norm = manifest["normalization"]
        inputs = (images - torch.tensor(norm["mean"])[None, :, None, None]) / torch.tensor(norm["std"])[None, :, None, None]
        member_probabilities = []
        for member in manifest["members"]:
            state = load_safetensors(path.parent / member["file"])
            model = build(manifest)
            model.load_state_dict({k: v for k, v in state.items() if not k.endswith("_mask")})
            for name, mask in ((k[:-5], v) for k, v in state.items() if k.endswith("_mask")):
                what = f"{manifest['cell_id']} member {member['member']} {name}"
                if mask.dtype != torch.bool:
                    failures.append(f"{what}: mask dtype {mask.dtype}, expected bool")
                if (state[name][~mask] != 0).any():
                    failures.append(f"{what}: {(state[name][~mask] != 0).sum().item()} masked weight(s) are not zero")
                if abs(mask.float().mean().item() - member["layer_density"][name]) > 1e-6:
                    failures.append(f"{what}: mask density {mask.float().mean().item()} but model.json says {member['layer_density'][name]}")
            model.eval()
            with torch.no_grad():
                probabilities = torch.cat([F.softmax(model(inputs[i:i + 1000]), 1) for i in range(0, len(inputs), 1000)])
            member_probabilities.append(probabilities)
            compare(f"{manifest['cell_id']} member {member['member']}", metrics(probabilities, labels), member["test"])
        ensemble = torch.stack(member_probabilities).mean(0)
        compare(f"{manifest['cell_id']} ensemble", metrics(ensemble, labels), manifest["ensemble_test"])

    print(f"{checked} member/ensemble evaluations in {len(cells)} cell(s); {len(failures)} mismatch(es)")
    for failure in failures:
        print("MISMATCH " + failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
