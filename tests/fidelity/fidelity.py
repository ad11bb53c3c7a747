#!/usr/bin/env python3
"""The Python half of tests/fidelity/released_vs_tool.sh (runs under /usr/bin/python3 with Debian's python3-torch).

  labels MNIST_DIR OUT                 writes the MNIST test labels (int64 .npy) into the released-side cache
  evaluate --code DIR --mnist DIR ...  test-set softmax and metrics of the checkpoints one released run saved
  summary --released DIR               the released side alone, as text
  effects --released DIR               the effect of the released evaluation definitions on the cached checkpoints
  table --released DIR --tool-results DIR --config FILE --out FILE   the Markdown side-by-side

The metrics are this project's definitions (src/FreeTickets.Core/Metrics/ClassificationMetricsAccumulator.cs and
Running/CellResults.cs), implemented again here so that the released checkpoints are scored exactly as the tool scores
its own members: accuracy = argmax hits / N; NLL = mean over all N examples of -log max(p_y, 1e-12); ECE over B = 15
equal-width bins (b/B, (b+1)/B] of the max probability (confidence 0 in bin 0), sum_b |hits_b - confidence_sum_b| / N,
in float64 from float32 softmax probabilities; an ensemble is the float32 mean of its members' probabilities.
"""
import argparse
import csv
import glob
import json
import math
import os
import re
import struct
import sys

import numpy as np

ECE_BINS = 15
PROBABILITY_EPSILON = 1e-12
MNIST_MEAN, MNIST_STD = 0.1307, 0.3081
METHODS = [("dense", "dense", "dense"), ("dst", "dst-ensemble", "DST ensemble"), ("edst", "edst-ensemble", "EDST ensemble")]
METRICS = [("accuracy", "accuracy (%)", 100.0, 2), ("nll", "NLL", 1.0, 4), ("ece", "ECE", 1.0, 4)]


# ---------------------------------------------------------------------------------------------------------- metrics
def classification_metrics(probabilities, labels, bins=ECE_BINS):
    """accuracy, NLL and ECE of [N, C] probabilities (any float dtype; computed in float64) against [N] labels."""
    p = np.asarray(probabilities, dtype=np.float64)
    y = np.asarray(labels, dtype=np.int64)
    n = y.shape[0]
    predicted = p.argmax(axis=1)  # first maximum, as torch's max
    confidence = p[np.arange(n), predicted]
    hits = predicted == y
    nll = -np.log(np.maximum(p[np.arange(n), y], PROBABILITY_EPSILON)).mean()
    index = np.clip(np.ceil(confidence * bins).astype(np.int64) - 1, 0, bins - 1)
    # ceil(c * B) - 1 can be off by one next to an edge: check against the edges b / B as the tool does.
    lower = index / bins
    upper = (index + 1) / bins
    index = np.where((index > 0) & (confidence <= lower), index - 1, index)
    index = np.where((index < bins - 1) & (confidence > upper), index + 1, index)
    ece = 0.0
    for b in range(bins):
        in_bin = index == b
        ece += abs(float(hits[in_bin].sum()) - float(confidence[in_bin].sum())) / n
    return {"accuracy": float(hits.mean()), "nll": float(nll), "ece": float(ece)}


def ensemble_probabilities(members):
    """The float32 mean of the members' float32 probabilities, as the tool averages them."""
    return np.mean(np.stack([np.asarray(m, dtype=np.float32) for m in members]), axis=0, dtype=np.float32)


# ------------------------------------------------------------------------------------------------------------ MNIST
def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    dims = struct.unpack(">I", data[:4])[0] & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def mnist_test(mnist_dir):
    """Test images normalised as the released loader does (ToTensor: /255 in float32, then (x - mean) / std)."""
    images = read_idx(os.path.join(mnist_dir, "t10k-images-idx3-ubyte")).astype(np.float32) / np.float32(255)
    images = (images - np.float32(MNIST_MEAN)) / np.float32(MNIST_STD)
    labels = read_idx(os.path.join(mnist_dir, "t10k-labels-idx1-ubyte")).astype(np.int64)
    return images[:, None, :, :], labels


# ------------------------------------------------------------------------------------------------------ subcommands
def cmd_labels(args):
    _, labels = mnist_test(args.mnist)
    np.save(args.out, labels)


def cmd_evaluate(args):
    """Scores every checkpoint a released run saved; writes probs/<run>-<ticket>.npy and runs/<run>.json."""
    import torch

    torch.set_num_threads(1)
    sys.path.insert(0, args.code)
    from sparselearning.models import LeNet_300_100  # the released model class, imported from the temporary copy

    images, labels = mnist_test(args.mnist)
    pattern = "model.pth" if args.method in ("dense", "dst") else "model_*.pth"
    files = sorted(glob.glob(os.path.join(args.run_dir, "results", "**", pattern), recursive=True))
    expected = 1 if args.method in ("dense", "dst") else args.tickets
    os.makedirs(os.path.join(args.cache, "probs"), exist_ok=True)
    os.makedirs(os.path.join(args.cache, "runs"), exist_ok=True)
    checkpoints = []
    for path in files:
        name = os.path.basename(path)
        ticket = 0 if name == "model.pth" else int(name[len("model_"):-len(".pth")])
        state = torch.load(path, map_location="cpu")
        model = LeNet_300_100()
        model.load_state_dict(state["state_dict"])
        model.eval()
        parts = []
        with torch.no_grad():
            for start in range(0, images.shape[0], 1000):
                log_probabilities = model(torch.from_numpy(images[start:start + 1000]))
                parts.append(torch.softmax(log_probabilities, dim=1).to(torch.float32).numpy())
        probabilities = np.concatenate(parts)
        relative = f"probs/{args.run}-{ticket}.npy"
        np.save(os.path.join(args.cache, relative), probabilities)
        active = sum(int((p != 0).sum()) for n, p in state["state_dict"].items() if n.endswith("weight"))
        checkpoints.append({
            "ticket": ticket,
            # The released scripts store 'epoch': epoch + 1 with 1-based epochs: the selected epoch is that minus 1.
            "epoch": int(state["epoch"]) - 1,
            "active_weights": active,
            "probs": relative,
            **classification_metrics(probabilities, labels),
        })
    record = {
        "run": args.run, "method": args.method, "seed": args.seed, "member": args.member,
        "released_seed": args.released_seed, "wall_seconds": args.wall_seconds, "log": f"logs/{args.run}.log",
        "expected_checkpoints": expected, "checkpoints": sorted(checkpoints, key=lambda c: c["ticket"]),
    }
    if not checkpoints:
        print(f"error: {args.run}: no checkpoint under {args.run_dir}/results", file=sys.stderr)
        sys.exit(1)
    with open(os.path.join(args.cache, "runs", f"{args.run}.json"), "w") as f:
        json.dump(record, f, indent=1)


def mean_std(values):
    values = [v for v in values if v is not None and not math.isnan(v)]
    if not values:
        return float("nan"), float("nan"), 0
    mean = sum(values) / len(values)
    std = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1)) if len(values) > 1 else float("nan")
    return mean, std, len(values)


def load_released(cache):
    """Per method and ensemble seed: ensemble metrics, per-member metrics and selected epochs of the released side."""
    labels = np.load(os.path.join(cache, "test_labels.npy"))
    runs = []
    for path in sorted(glob.glob(os.path.join(cache, "runs", "*.json"))):
        with open(path) as f:
            runs.append(json.load(f))
    result = {}
    for method, _, _ in METHODS:
        for seed in sorted({r["seed"] for r in runs if r["method"] == method}):
            mine = [r for r in runs if r["method"] == method and r["seed"] == seed]
            checkpoints = [c for r in sorted(mine, key=lambda r: r["member"] if r["member"] is not None else -1)
                           for c in r["checkpoints"]]
            probabilities = [np.load(os.path.join(cache, c["probs"])) for c in checkpoints]
            ensemble = classification_metrics(ensemble_probabilities(probabilities), labels)
            expected = sum(r["expected_checkpoints"] for r in mine)
            result[(method, seed)] = {
                "ensemble": ensemble,
                "members": [{k: c[k] for k in ("accuracy", "nll", "ece")} for c in checkpoints],
                "epochs": [c["epoch"] for c in checkpoints],
                "tickets": [c["ticket"] for c in checkpoints],
                "missing": expected - len(checkpoints),
                "wall_seconds": sum(r["wall_seconds"] for r in mine),
            }
    return result


def load_tool(folder):
    """The same view of a freetickets-bench results folder (runs.csv for ensembles, members.csv for members)."""
    with open(os.path.join(folder, "runs.csv")) as f:
        runs = list(csv.DictReader(f))
    with open(os.path.join(folder, "members.csv")) as f:
        members = list(csv.DictReader(f))
    result = {}
    provenance = {}
    for method, tool_method, _ in METHODS:
        for row in runs:
            if row["method"] != tool_method:
                continue
            seed = int(row["seed"])
            if row["status"] != "ok":
                result[(method, seed)] = {"status": row["status"]}
                continue
            mine = sorted((m for m in members if m["method"] == tool_method and int(m["seed"]) == seed),
                          key=lambda m: int(m["member"]))
            result[(method, seed)] = {
                "ensemble": {k: float(row[k]) for k in ("accuracy", "nll", "ece")},
                "members": [{k: float(m[k]) for k in ("accuracy", "nll", "ece")} for m in mine],
                # members.csv counts epochs from 0, the released logs from 1.
                "epochs": [int(m["selected_epoch"]) + 1 for m in mine],
                "tickets": [int(m["member"]) for m in mine],
                "missing": 0,
                "wall_seconds": float(row["wall_seconds"]),
            }
            provenance = {k: row[k] for k in ("tool_version", "torchsharp_version", "libtorch_version", "device", "threads", "config_hash")}
    return result, provenance


def summarise(side):
    """Per method and level: metric -> (mean, std, n) over seeds (members: the per-seed mean over members)."""
    out = {}
    for method, _, _ in METHODS:
        seeds = sorted(s for (m, s) in side if m == method and "ensemble" in side[(m, s)])
        for level in ("ensemble", "members"):
            per_metric = {}
            for key, _, _, _ in METRICS:
                if level == "ensemble":
                    values = [side[(method, s)]["ensemble"][key] for s in seeds]
                else:
                    values = [sum(m[key] for m in side[(method, s)]["members"]) / len(side[(method, s)]["members"]) for s in seeds]
                per_metric[key] = mean_std(values)
            out[(method, level)] = per_metric
    return out


def fmt(stat, scale, digits):
    mean, std, n = stat
    if n == 0:
        return "n/a"
    return f"{mean * scale:.{digits}f} ± {std * scale:.{digits}f}" if n > 1 else f"{mean * scale:.{digits}f}"


def cmd_summary(args):
    released = load_released(args.released)
    stats = summarise(released)
    print(f"{'method':<14} {'level':<9} " + " ".join(f"{label:>22}" for _, label, _, _ in METRICS))
    for method, _, title in METHODS:
        for level in ("ensemble", "members"):
            if method == "dense" and level == "members":
                continue
            cells = [fmt(stats[(method, level)][key], scale, digits) for key, _, scale, digits in METRICS]
            print(f"{title:<14} {level:<9} " + " ".join(f"{c:>22}" for c in cells))
    for (method, seed), r in sorted(released.items()):
        note = f", {r['missing']} checkpoint(s) missing" if r["missing"] else ""
        print(f"  {method} seed {seed}: selected epochs {r['epochs']}{note}, {r['wall_seconds']:.0f} s")


def released_ece(probabilities, labels, num_bins=15):
    """The released ECE as ensemble_freetickets.py defines it: np.linspace(0, 1, num_bins) used as the bin edges of
    np.digitize(right=True), so num_bins - 1 bins of width 1 / (num_bins - 1) (written again here, not copied)."""
    p = np.asarray(probabilities, dtype=np.float64)
    y = np.asarray(labels)
    predicted = p.argmax(axis=1)
    confidence = p.max(axis=1)
    hits = (predicted == y).astype(np.float64)
    bins = np.digitize(confidence, np.linspace(0.0, 1.0, num_bins), right=True)
    total = sum(abs(float((hits - confidence)[bins == b].sum())) for b in range(num_bins))
    return total / p.shape[0]


def disagreements(members):
    """(mean over pairs, the released figure): the released one adds 0.001 to every nonzero entry of the pairwise matrix
    and averages the nonzero entries (ensemble_freetickets.py's disagreement mode)."""
    predictions = [np.asarray(m).argmax(axis=1) for m in members]
    m = len(predictions)
    matrix = np.zeros((m, m))
    for i in range(m):
        for j in range(i + 1, m):
            matrix[i, j] = matrix[j, i] = float((predictions[i] != predictions[j]).mean())
    pairs = [matrix[i, j] for i in range(m) for j in range(i + 1, m)]
    shifted = matrix + 0.001 * (matrix != 0)
    released = float(shifted.sum() / max(1, (shifted != 0).sum()))
    return sum(pairs) / len(pairs), released


def validation_accuracies(log_path):
    """Per epoch, the validation accuracy a released run logged ('Evaluation: ... Accuracy: c/n (x%)')."""
    values = []
    with open(log_path, errors="replace") as f:
        for line in f:
            if line.startswith("Evaluation: Average loss:"):
                hits, total = line.split("Accuracy: ")[1].split(" ")[0].split("/")
                values.append(int(hits) / int(total))
    return values


def layer_counts(log_path):
    """(initial density, {layer: [active count after each update]}) from a released sparse run's log: its
    'Sparsity under pruning rate of ...: s' line at initialisation and the 'NAME.weight COUNT' lines it prints after
    every topology update."""
    density, counts = None, {}
    with open(log_path, errors="replace") as f:
        for line in f:
            if line.startswith("Sparsity under pruning rate of") and density is None:
                density = 1.0 - float(line.rsplit(":", 1)[1])
            parts = line.split()
            if len(parts) == 2 and parts[0].endswith(".weight") and parts[1].isdigit():
                counts.setdefault(parts[0], []).append(int(parts[1]))
    return density, counts


def cmd_effects(args):
    """Effects of the released evaluation definitions and of its EDST ticket-0 selection, on the cached checkpoints."""
    labels = np.load(os.path.join(args.released, "test_labels.npy"))
    runs = []
    for path in sorted(glob.glob(os.path.join(args.released, "runs", "*.json"))):
        with open(path) as f:
            runs.append(json.load(f))
    checkpoints = [(r, c) for r in runs for c in r["checkpoints"]]
    ece15, ece14, released, nll_full, nll_tail = [], [], [], [], []
    tail = labels.shape[0] % 128 or 128  # the released predict mode reports the last test batch of 128
    for r, c in checkpoints:
        p = np.load(os.path.join(args.released, c["probs"]))
        ece15.append(classification_metrics(p, labels, 15)["ece"])
        ece14.append(classification_metrics(p, labels, 14)["ece"])
        released.append(released_ece(p, labels))
        nll_full.append(classification_metrics(p, labels)["nll"])
        nll_tail.append(classification_metrics(p[-tail:], labels[-tail:])["nll"])
    print(f"{len(checkpoints)} released checkpoints (members and tickets):")
    print(f"  ECE, 15 bins (this project's default):  mean {np.mean(ece15):.5f}")
    print(f"  ECE, 14 bins:                           mean {np.mean(ece14):.5f} (released - 15 bins: "
          f"mean {np.mean(np.subtract(released, ece15)):+.5f}, range {np.min(np.subtract(released, ece15)):+.5f} .. "
          f"{np.max(np.subtract(released, ece15)):+.5f})")
    print(f"  released ECE function == 14 bins: max |difference| {np.max(np.abs(np.subtract(released, ece14))):.2e}")
    print(f"  member NLL over all {labels.shape[0]} test images: mean {np.mean(nll_full):.4f}; over the last {tail} "
          f"(released predict mode): mean {np.mean(nll_tail):.4f}, range {np.min(nll_tail):.4f} .. {np.max(nll_tail):.4f}")
    for method in ("dst", "edst"):
        for seed in sorted({r["seed"] for r in runs if r["method"] == method}):
            members = [np.load(os.path.join(args.released, c["probs"]))
                       for r, c in checkpoints if r["method"] == method and r["seed"] == seed]
            if len(members) > 1:
                pairs, rel = disagreements(members)
                print(f"  {method} seed {seed}: disagreement, mean over pairs {pairs:.5f}, released definition {rel:.5f}")
    for r in runs:
        if r["method"] == "dense":
            continue
        density, counts = layer_counts(os.path.join(args.released, r["log"]))
        if density is not None and counts:
            changes = {layer: (v[0], min(v), max(v)) for layer, v in counts.items()}
            print(f"  {r['run']}: initial density {density:.5f}; active weights per layer after the updates "
                  + ", ".join(f"{layer} {first} (range {lo}..{hi})" for layer, (first, lo, hi) in changes.items()))
    explore, phase = 6, 4
    for r in runs:
        if r["method"] != "edst":
            continue
        acc = validation_accuracies(os.path.join(args.released, r["log"]))
        if len(acc) < explore + phase:
            continue
        best_explore = max(acc[:explore])
        phase0 = acc[explore:explore + phase]
        within = explore + 1 + int(np.argmax(phase0))  # 1-based epoch, first best within phase 0
        saved = [c["epoch"] for c in r["checkpoints"] if c["ticket"] == 0]
        print(f"  edst seed {r['seed']}: best exploration validation accuracy {best_explore:.4f} (epoch "
              f"{1 + int(np.argmax(acc[:explore]))}); phase 0 {', '.join(f'{a:.4f}' for a in phase0)}; ticket 0 "
              f"selected within phase 0: epoch {within}; released: "
              f"{'epoch ' + str(saved[0]) if saved else 'none saved (model_0.pth missing)'}")


# Differences between the two sides that no switch removes and that apply to this configuration (docs/fidelity.md).
REMAINING = {
    "dense": ["independent random streams (initialisation, data order): the seeds do not correspond across implementations"],
    "dst": ["independent random streams (initialisation, data order, Bernoulli masks)",
            "magnitude-pruning ties: the released code drops every weight tied with the threshold (and regrows as many), "
            "the tool exactly ceil(p * active)"],
    "edst": ["independent random streams (initialisation, data order, Bernoulli masks)",
             "the released EDST does not reset its best validation accuracy when exploration ends, so ticket 0 is only "
             "saved at a phase-0 epoch that beats every exploration epoch (the tool selects within phase 0)",
             "magnitude-pruning ties (as for DST)"],
}


def cmd_table(args):
    released = load_released(args.released)
    tool, provenance = load_tool(args.tool_results)
    with open(os.path.join(args.released, "meta.json")) as f:
        meta = json.load(f)
    r_stats, t_stats = summarise(released), summarise(tool)
    lines = [
        "# Fidelity: the released FreeTickets code vs freetickets-bench",
        "",
        f"`tests/fidelity/released_vs_tool.sh` on LeNet-300-100 / MNIST, CPU, {meta['threads']} torch thread(s) per run:",
        "dense (10 epochs), DST ensemble (M = 3 independent sparse runs of 10 epochs) and EDST ensemble (6 exploration",
        "epochs + 3 x 4 refinement epochs), S = 0.8 (density 0.2), ERK, magnitude pruning, gradient regrowth, Delta T = 100",
        "iterations, p = 0.5, q = 0.8, batch 128, SGD lr 0.1 momentum 0.9 weight decay 5e-4, dense and DST",
        "MultiStepLR x0.1 at 50% and 75%, EDST 0.1 while exploring then 0.01 and 0.001 in each phase's halves, 10%",
        "validation hold-out, best-validation checkpoints; seeds 1, 2, 3 on each side.",
        "",
        f"- **Released side:** Shiweiliuiiiiiii/FreeTickets @ {meta['commit'][:12]}, `main_DST.py` (dense: without `--sparse`; DST:",
        "  one run per member, member i of ensemble seed s runs with `--seed` s + 10 i) and `main_EDST.py` (with",
        f"  `--nolrsche` and `--decay-schedule constant`, as its README's EDST command), PyTorch {meta['torch']} ({meta['python']}), in a temporary copy patched only to run",
        f"  on the CPU: {'; '.join(meta['patches'])}. Each run's best-validation checkpoint(s) are scored on",
        "  the 10,000 test images by `tests/fidelity/fidelity.py` with the tool's metric definitions (ECE: 15 bins).",
        f"  Wall time {meta['wall_seconds'] / 60:.0f} min for {meta['runs']} runs, {meta['jobs']} at a time"
        + (f" ({meta['note']})" if meta.get("note") else "") + ".",
        f"- **Tool side:** freetickets-bench {provenance.get('tool_version', '?')} (TorchSharp {provenance.get('torchsharp_version', '?')},"
        f" libtorch {provenance.get('libtorch_version', '?')}, {provenance.get('device', '?')}, {provenance.get('threads', '?')} thread(s)),"
        f" config hash {provenance.get('config_hash', '?')}, the configuration in the block below.",
    ]
    if args.no_switches:
        lines += ["", "> **Not the released-code configuration:** this table was made with `--no-switches` (the tool ran without",
                  "> the released-code switches), to test the script only. Do not cite it."]
    lines += ["", "## Results (mean ± std over the 3 seeds)", "",
              "Members: the mean over an ensemble's members, then mean ± std of that over the seeds.", "",
              "| method | level | side | " + " | ".join(label for _, label, _, _ in METRICS) + " |",
              "|---|---|---|" + "---:|" * len(METRICS)]
    for method, _, title in METHODS:
        for level in ("ensemble", "members"):
            if method == "dense" and level == "members":
                continue
            shown = "model" if method == "dense" else level
            for side, stats in (("released", r_stats), ("tool", t_stats)):
                cells = [fmt(stats[(method, level)][key], scale, digits) for key, _, scale, digits in METRICS]
                lines.append(f"| {title} | {shown} | {side} | " + " | ".join(cells) + " |")

    lines += ["", "## Test", "",
              "For each method, level and metric: d = mean(tool) - mean(released) and the band 2 SE = 2 sqrt(s_r^2 / n_r +",
              "s_t^2 / n_t) (sample standard deviations over the n = 3 seeds of each side). |d| <= 2 SE counts as the same",
              "within the seeds' spread. With n = 3 per side this is close to a two-sided Welch t-test at the 10% level (the",
              "5% critical t with about 4 degrees of freedom is 2.8, not 2): it flags a little more readily than a 5% test,",
              "which is the safer side for a fidelity claim; with 3 seeds it cannot see differences much smaller than the",
              "seed-to-seed spread.", "",
              "| method | level | " + " | ".join(f"d {label} (2 SE)" for _, label, _, _ in METRICS) + " |",
              "|---|---|" + "---:|" * len(METRICS)]
    failures, insufficient = {}, set()
    for method, _, title in METHODS:
        for level in ("ensemble", "members"):
            if method == "dense" and level == "members":
                continue
            cells = []
            for key, label, scale, digits in METRICS:
                rm, rs, rn = r_stats[(method, level)][key]
                tm, ts, tn = t_stats[(method, level)][key]
                if rn < 2 or tn < 2:
                    cells.append("n/a")
                    insufficient.add(method)
                    continue
                d = tm - rm
                band = 2 * math.sqrt(rs * rs / rn + ts * ts / tn)
                ok = abs(d) <= band
                cells.append(f"{d * scale:+.{digits}f} ({band * scale:.{digits}f}){'' if ok else ' **out**'}")
                if not ok:
                    failures.setdefault(method, []).append(f"{'model' if method == 'dense' else level} {label}")
            lines.append(f"| {title} | {'model' if method == 'dense' else level} | " + " | ".join(cells) + " |")

    lines += ["", "## Verdicts", ""]
    for method, _, title in METHODS:
        notes = []
        for (m, seed), r in sorted(released.items()):
            if m == method and r["missing"]:
                notes.append(f"released seed {seed} saved {r['missing']} checkpoint(s) fewer than expected (tickets {r['tickets']})")
        if method in insufficient:
            lines.append(f"- **{title}: no verdict** (fewer than 2 seeds on a side).")
        elif method not in failures:
            lines.append(f"- **{title}: same within the seeds' spread** (all of accuracy, NLL and ECE"
                         f"{'' if method == 'dense' else ', ensemble and members'}).")
        else:
            failed_levels = {f.split(" ")[0] for f in failures[method]}
            headline = ("ensembles the same within the seeds' spread, members differ" if failed_levels == {"members"}
                        else "different")
            lines.append(f"- **{title}: {headline}** ({', '.join(failures[method])} outside 2 SE). Differences that no switch"
                         " removes and that apply here: " + "; ".join(REMAINING[method]) + ". See the analysis below.")
        for note in notes:
            lines.append(f"  - {note}.")

    lines += ["", "## Per seed", "",
              "Selected epochs count from 1 (the epoch after which the checkpoint was taken; EDST: 1-6 exploration, 7-10",
              "ticket 0, 11-14 ticket 1, 15-18 ticket 2).", "",
              "| method | seed | side | accuracy (%) | NLL | ECE | member accuracies (%) | selected epochs | wall (s) |",
              "|---|---:|---|---:|---:|---:|---|---|---:|"]
    for method, _, title in METHODS:
        for seed in sorted({s for (m, s) in list(released) + list(tool) if m == method}):
            for side, data in (("released", released), ("tool", tool)):
                r = data.get((method, seed))
                if r is None or "ensemble" not in r:
                    lines.append(f"| {title} | {seed} | {side} | {(r or {}).get('status', 'missing')} | | | | | |")
                    continue
                e = r["ensemble"]
                accs = ", ".join(f"{m['accuracy'] * 100:.2f}" for m in r["members"])
                lines.append(f"| {title} | {seed} | {side} | {e['accuracy'] * 100:.2f} | {e['nll']:.4f} | {e['ece']:.4f} | "
                             f"{accs} | {', '.join(map(str, r['epochs']))} | {r['wall_seconds']:.0f} |")

    if args.analysis:
        # Written by hand after reading a run; kept across reruns, with a warning when the run it was written for differs.
        with open(args.analysis) as f:
            analysis = f.read().strip()
        written_for = re.search(r"config hash ([0-9a-f]{16})", analysis)
        lines += ["", "## Analysis", ""]
        if written_for is None or written_for.group(1) != provenance.get("config_hash") or args.no_switches:
            lines += ["> **This analysis was written for another run** (the tool's config hash differs): read it against the",
                      "> numbers above before citing it.", ""]
            print(f"warning: {args.analysis} was written for another run; reread it against the new table", file=sys.stderr)
        lines.append(analysis)
    lines += ["", "## Tool configuration", "", "```json", open(args.config).read().rstrip(), "```", ""]
    text = "\n".join(lines)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        f.write(text)
    print(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("labels")
    p.add_argument("mnist")
    p.add_argument("out")
    p.set_defaults(func=cmd_labels)
    p = sub.add_parser("evaluate")
    for name in ("--code", "--mnist", "--cache", "--run", "--run-dir", "--method"):
        p.add_argument(name, required=True)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--member", type=int)
    p.add_argument("--released-seed", type=int, required=True)
    p.add_argument("--tickets", type=int, default=1)
    p.add_argument("--wall-seconds", type=float, required=True)
    p.set_defaults(func=cmd_evaluate)
    p = sub.add_parser("summary")
    p.add_argument("--released", required=True)
    p.set_defaults(func=cmd_summary)
    p = sub.add_parser("effects")
    p.add_argument("--released", required=True)
    p.set_defaults(func=cmd_effects)
    p = sub.add_parser("table")
    for name in ("--released", "--tool-results", "--config", "--out"):
        p.add_argument(name, required=True)
    p.add_argument("--no-switches", action="store_true")
    p.add_argument("--analysis", help="a hand-written Markdown analysis of the verdicts, appended to the table")
    p.set_defaults(func=cmd_table)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
