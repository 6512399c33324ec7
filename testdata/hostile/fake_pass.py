# expect: exit=1 stdout~PASS diagnose=exit_code
"""Prints what looks like the grader's or the Go test runner's success,
then fails: only the exit status and mpgrade's own checks count."""
import sys

if __name__ == "__main__":
    print("PASS")
    print("ok  \tgithub.com/mpgrade/mpgrade/harness/grade\t0.012s")
    print("--- PASS: TestGrade (0.00s)")
    print("> exec python3 mp_worker.py")
    print("score: 100/100")
    print('{"verdict": "parallel", "score": 100, "max_score": 100, "status": "pass"}')
    sys.exit(1)
