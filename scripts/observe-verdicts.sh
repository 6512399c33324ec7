#!/usr/bin/env bash
# Verdicts of the short programs of testdata/observe, run COUNT times each
# under `mpgrade observe`: how often each got the verdict and cause its
# "# expect:" line states, how often another (wrong), and how often it was
# inconclusive (counted apart: a loaded machine may leave a run
# undecided, which is not a wrong verdict). A run whose program did not
# exit 0 (killed from outside, or mpgrade failed) is counted as failed,
# apart too: it says nothing of the verdict. The machine's load average is
# printed before and after, since the figures mean most on an idle one.
#
#   scripts/observe-verdicts.sh               # COUNT=20, the short programs
#   COUNT=5 scripts/observe-verdicts.sh
#   PROGRAMS="printers short_threads" scripts/observe-verdicts.sh
#   START=spawn scripts/observe-verdicts.sh   # force a start method
#
# Each run takes mpgrade's measuring locks (/tmp/mpgrade-measure-cpuN.lock,
# as observe.LockMachine does), so it neither disturbs nor is disturbed by
# another mpgrade measuring on the machine; other programs still load it.
#
# Target: 0 wrong verdicts for every program. The last line says whether
# it was met; the exit status is 1 when it was not.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-20}
PROGRAMS=${PROGRAMS:-short_pool_pi phase_after_baseline many_small_tasks value_increments printers short_one_after_another short_threads}
START=${START:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/mpgrade" ./cmd/mpgrade
py=$(python3 -c 'import sys; print(sys.executable)')
start=()
if [ -n "$START" ]; then start=(--start "$START"); fi

# locked runs its arguments holding the lock of every CPU, in ascending
# order, as observe.LockMachine takes them.
locked() {
  local cmd=("$@") cpu
  for cpu in $(seq $(($(nproc) - 1)) -1 0); do
    cmd=(flock "/tmp/mpgrade-measure-cpu$cpu.lock" "${cmd[@]}")
  done
  "${cmd[@]}"
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs; $COUNT runs each${START:+, start method $START}"
printf '%-24s %-32s %5s %5s %5s %6s  %s\n' program expected right wrong incon failed "other verdicts seen"
failed=0
for name in $PROGRAMS; do
  file=testdata/observe/$name.py
  expect=$(sed -n 's/^# expect: *//p' "$file" | head -1)
  : >"$tmp/$name.txt"
  for _ in $(seq "$COUNT"); do
    (cd testdata/observe && locked "$tmp/mpgrade" observe --json "${start[@]}" -- "$py" "$name.py" 2>/dev/null) >"$tmp/out.json" || true
    python3 - "$tmp/out.json" >>"$tmp/$name.txt" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
    if d.get("exit_code", 0) != 0:
        print("failed exit=%s" % d.get("exit_code"))
    else:
        print(d["verdict"], d["cause"])
except Exception as e:
    print("error", type(e).__name__)
PY
  done
  python3 - "$name" "$expect" "$tmp/$name.txt" <<'PY' || failed=1
import collections, sys
name, expect, path = sys.argv[1], sys.argv[2], sys.argv[3]
seen = collections.Counter(l.strip() for l in open(path) if l.strip())
right = seen[expect]
incon = sum(n for v, n in seen.items() if v.startswith("inconclusive") and v != expect)
failed = sum(n for v, n in seen.items() if v.startswith(("failed", "error")))
wrong = sum(seen.values()) - right - incon - failed
others = ", ".join("%s ×%d" % (v, n) for v, n in seen.most_common() if v != expect)
print("%-24s %-32s %5d %5d %5d %6d  %s" % (name, expect, right, wrong, incon, failed, others))
sys.exit(1 if wrong else 0)
PY
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$failed" = 0 ]; then
  echo "target met: no wrong verdict"
else
  echo "target NOT met: some program got a wrong verdict"
  exit 1
fi
