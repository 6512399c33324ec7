# expect: parallel parallel
# needs: cpus 2
"""A ProcessPoolExecutor of up to 100 workers over 100 tasks of about
0.03 s each: no process does much, but together they keep both cores
busy for a second or more."""
from concurrent.futures import ProcessPoolExecutor
from burn import burn, start_method

TASKS = 100

if __name__ == "__main__":
    start_method()
    with ProcessPoolExecutor(max_workers=TASKS) as ex:
        list(ex.map(burn, [0.03] * TASKS))
