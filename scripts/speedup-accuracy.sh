#!/usr/bin/env bash
# Accuracy of the speedup check: grades the model answer and a submission
# that starts and joins each worker in the same loop COUNT times each, on a
# quiet machine and then with one core kept busy by another process, and
# prints how often each got pass, fail or inconclusive, with the grading
# time against the time of the runs it made.
#
#   scripts/speedup-accuracy.sh            # COUNT=20
#   COUNT=5 scripts/speedup-accuracy.sh
#   LOADS=quiet WHO=model scripts/speedup-accuracy.sh   # one part only
#
# Targets: the model answer never gets fail (at most 1 inconclusive when
# quiet); the fake never gets pass; a grading takes at most 1.3 times the
# wall time of its runs, and at most 60 s.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-20}
LOADS=${LOADS:-quiet busy}
WHO=${WHO:-model fake}
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
go build -o "$tmp/mpgrade" ./cmd/mpgrade
mkdir -p "$tmp/model"
cp reference/mp_worker/mp_worker.py "$tmp/model/"
fake=testdata/submissions/mp_worker/start_join_loop

grade() { # name path load
  for i in $(seq "$COUNT"); do
    "$tmp/mpgrade" check --format result --only speedup "$2" >"$tmp/r.json" 2>/dev/null || true
    python3 - "$1" "$3" "$tmp/r.json" <<'PY'
import json, sys
name, load, path = sys.argv[1:]
r = json.load(open(path))
c = r["checks"][0]
s = c.get("speedup") or {}
ratio = s.get("ratio", {}).get("median", 0)
ref = s.get("reference", {}).get("median", 0)
print("%-6s %-6s %-13s total=%.1fs runs=%.1fs overhead=%.2fx rounds=%s ref_speedup=%.2f share=%.2f" % (
    name, load, c["status"], r["seconds"], c["run_seconds"], r["seconds"] / max(c["run_seconds"], 1e-9),
    s.get("rounds", "-"), ref, ratio))
PY
  done
}

for load in $LOADS; do
  if [ "$load" = busy ]; then
    python3 -c 'while True: pass' &
  fi
  for who in $WHO; do
    case $who in
    model) grade model "$tmp/model" "$load" ;;
    fake) grade fake "$fake" "$load" ;;
    esac
  done
  if [ "$load" = busy ]; then kill %1 2>/dev/null || true; wait 2>/dev/null || true; fi
done | tee "$tmp/all.txt"

echo
echo "tally (who, load, status: count):"
awk '{print $1, $2, $3}' "$tmp/all.txt" | sort | uniq -c
awk '{split($4,a,"="); split($6,b,"="); t=a[2]+0; o=b[2]+0; if (t>maxt) maxt=t; if (o>maxo) maxo=o} END {printf "longest grading %.1f s, largest overhead %.2fx\n", maxt, maxo}' "$tmp/all.txt"
