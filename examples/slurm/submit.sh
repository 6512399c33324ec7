#!/usr/bin/env bash
# Grades a class on a Slurm cluster: a job array of shards, then a merge job
# that starts once every shard has ended well.
#
#   examples/slurm/submit.sh CLASS_DIR OUT_DIR [SHARDS [SBATCH_OPTION...]]
#
# CLASS_DIR and OUT_DIR must be on a file system every node sees. Each
# shard's log is OUT_DIR/logs/shard-JOB_TASK.log, the merge's
# OUT_DIR/logs/merge-JOB.log.
#
# The SBATCH_OPTIONs go to the shards' sbatch and take the place of the
# #SBATCH lines of grade-shard.sbatch: ask for what your nodes have, for
# example --cpus-per-task=4 --mem=4G (a task that asks for more CPUs or
# memory than any node has is not refused: it waits for ever). Options for
# both jobs go in sbatch's own environment variables, such as
# SBATCH_PARTITION, SBATCH_ACCOUNT and SBATCH_QOS.
#
# MPGRADE (the mpgrade command, found on PATH now), ASSIGNMENT and
# MPGRADE_FLAGS (more options of mpgrade grade, the same in every shard)
# reach the jobs from here.
#
# Prints the job array's id and then the merge job's, one a line. Running
# the same command again after a shard failed or ran out of time goes on
# where the shards stopped: each keeps what it graded in OUT_DIR/shard-I.
set -euo pipefail
usage="usage: submit.sh CLASS_DIR OUT_DIR [SHARDS [SBATCH_OPTION...]]"
class=${1:?$usage}
out=${2:?$usage}
shards=${3:-8}
shift $(($# < 3 ? $# : 3))
if ! [[ $shards =~ ^[1-9][0-9]*$ ]]; then
    echo "submit.sh: SHARDS must be a whole number from 1, not '$shards'" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
# The jobs may start in another folder, or on a node where the commands
# on PATH differ: every path they are given is absolute.
class=$(cd "$class" && pwd)
mkdir -p "$out/logs" # Slurm does not make a log's folder: a task without it fails at once
out=$(cd "$out" && pwd)
if ! MPGRADE=$(command -v "${MPGRADE:-mpgrade}"); then
    echo "submit.sh: ${MPGRADE:-mpgrade} is not on PATH: install it, or set MPGRADE to its path" >&2
    exit 2
fi
[[ $MPGRADE == /* ]] || MPGRADE=$PWD/$MPGRADE
export CLASS_DIR=$class OUT_DIR=$out SHARDS=$shards MPGRADE
array=$(sbatch --parsable --array=0-$((shards - 1)) --export=ALL \
    --output="$out/logs/shard-%A_%a.log" "$@" "$here/grade-shard.sbatch")
array=${array%%;*} # --parsable prints JOB;CLUSTER where there are several clusters
echo "$array"
# Should a shard fail, the merge is cancelled rather than left waiting.
merge=$(sbatch --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes --export=ALL \
    --output="$out/logs/merge-%j.log" "$here/merge.sbatch")
echo "${merge%%;*}"
