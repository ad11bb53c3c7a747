#!/usr/bin/env bash
#SBATCH --job-name=freetickets
#SBATCH --array=0-3
#SBATCH --cpus-per-task=2
#SBATCH --mem=8G
#SBATCH --time=04:00:00
#SBATCH --output=logs/%x-%A_%a.out
#
# One shard of a freetickets-bench matrix per Slurm array task, then one merge job (docs/cluster.md).
# Submit from the folder that holds benchmarks.json, on a file system every node sees:
#
#   mkdir -p logs
#   jobid=$(sbatch --parsable docs/cluster/slurm-array.sh)        # tasks 0..3 write results/ci/shard-0 .. shard-3
#   sbatch --dependency=afterok:"$jobid" --job-name=freetickets-merge --output=logs/%x-%j.out \
#     --wrap 'dotnet freetickets-bench merge results/ci/shard-* --out results/ci --config benchmarks.json'
#
# MATRIX=fashion-lenet5 sbatch ... runs another matrix (sbatch passes the environment on); change the merge paths to match.
# --array=1-4 works as well: the tool subtracts SLURM_ARRAY_TASK_MIN. More shards: --array=0-7 on the sbatch line.
# The dataset must already be in the shared data root (FREETICKETS_DATA or --data-root), so that tasks do not all
# download it at once. A failed task can be resubmitted alone (sbatch --array=2 ...): it resumes from its folder.
set -euo pipefail

MATRIX="${MATRIX:-ci}"

# No --shard: the tool reads SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_COUNT and prints
# "shard k/4 from a Slurm job array (...)". Keep --threads the same in every task: results are bit-identical
# only for the same thread count.
exec dotnet freetickets-bench run --matrix "$MATRIX" --out "results/$MATRIX/shard-$SLURM_ARRAY_TASK_ID" \
  --threads "${SLURM_CPUS_PER_TASK:-1}" --device cpu --quiet
