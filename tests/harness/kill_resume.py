#!/usr/bin/env python3
"""Kill `run` with SIGKILL at random moments, resume each time, and compare the final tables with a reference run.

Usage:
  kill_resume.py --tool PATH --matrix NAME --reference DIR --out DIR [--kills 10] [--seed 1] -- [extra run options]

The reference folder holds the tables of an uninterrupted run of the same matrix with the same thread count. Each kill
lands at a uniformly random moment of the remaining expected run time (estimated from the reference's wall times), so
kills hit data loading, training steps, checkpoint writes and record writes alike. After the kills the run is allowed
to finish. The four CSVs must then equal the reference row for row, except wall-time and memory columns. Exit 0 when
they do, 1 otherwise.
"""
import argparse
import csv
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

TABLES = ["leaderboard.csv", "runs.csv", "members.csv", "curves.csv"]
# Measured, not computed (FreeTickets.Core's ResultTables.VolatileColumns): differ between any two runs.
VOLATILE = {"wall_seconds", "wall_seconds_mean", "wall_seconds_std", "peak_rss_mb", "train_seconds", "train_seconds_mean",
            "train_time_rel_dense", "infer_ms_b128", "infer_ms_b128_mean", "infer_ms_b1", "infer_ms_b1_mean"}


def read_table(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    keep = [i for i, name in enumerate(header) if name not in VOLATILE]
    return [[row[i] for i in keep] for row in rows]


def expected_seconds(reference):
    with open(reference / "runs.csv", newline="", encoding="utf-8") as f:
        return sum(float(r["wall_seconds"]) for r in csv.DictReader(f))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tool", required=True)
    parser.add_argument("--matrix", required=True)
    parser.add_argument("--reference", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("extra", nargs="*")
    args = parser.parse_args()

    command = [args.tool, "run", "--matrix", args.matrix, "--out", str(args.out), "--quiet", *args.extra]
    rng = random.Random(args.seed)
    total = expected_seconds(args.reference)
    print(f"kill_resume: {args.kills} SIGKILLs over ~{total:.0f} s of training: {' '.join(command)}", flush=True)
    kills = 0
    while kills < args.kills:
        # Startup (runtime, torch, data) costs a few seconds on top of training.
        delay = rng.uniform(0.5, 3.0 + total / args.kills)
        started = time.monotonic()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
            kills += 1
            print(f"kill {kills}: SIGKILL after {time.monotonic() - started:.1f} s", flush=True)
            continue
        if process.returncode != 0:
            print(f"run failed with exit {process.returncode}: {process.stderr.read()}", file=sys.stderr)
            return 1
        print("run finished before the remaining kills; stopping early", flush=True)
        break

    final = subprocess.run(command, capture_output=True, text=True)
    if final.returncode != 0:
        print(f"final run failed with exit {final.returncode}: {final.stderr}", file=sys.stderr)
        return 1

    failures = 0
    for table in TABLES:
        expected = read_table(args.reference / table)
        actual = read_table(args.out / table)
        if expected != actual:
            failures += 1
            print(f"DIFFERENT: {table} ({len(expected)} vs {len(actual)} lines)", file=sys.stderr)
            for i, (e, a) in enumerate(zip(expected, actual)):
                if e != a:
                    print(f"  first difference at line {i}:\n  {e}\n  {a}", file=sys.stderr)
                    break
        else:
            print(f"same: {table} ({len(actual) - 1} rows)")
    leftovers = list((args.out / "checkpoints").glob("*.ckpt")) if (args.out / "checkpoints").exists() else []
    if leftovers:
        failures += 1
        print(f"checkpoints left behind: {leftovers}", file=sys.stderr)
    print(f"kill_resume: {kills} kills, {'OK' if failures == 0 else f'{failures} table(s) differ'}")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
