#!/usr/bin/env bash
# Grades a class on a Slurm cluster: a job array of shards, then a merge job
# that starts once every shard has ended well.
#
#   examples/slurm/submit.sh CLASS_DIR OUT_DIR [SHARDS]
#
# CLASS_DIR and OUT_DIR must be on a file system every node sees.
set -euo pipefail
class=${1:?usage: submit.sh CLASS_DIR OUT_DIR [SHARDS]}
out=${2:?usage: submit.sh CLASS_DIR OUT_DIR [SHARDS]}
shards=${3:-8}
here=$(cd "$(dirname "$0")" && pwd)
export CLASS_DIR=$class OUT_DIR=$out SHARDS=$shards
array=$(sbatch --parsable --array=0-$((shards - 1)) --export=ALL "$here/grade-shard.sbatch")
sbatch --parsable --dependency=afterok:"$array" --export=ALL "$here/merge.sbatch"
