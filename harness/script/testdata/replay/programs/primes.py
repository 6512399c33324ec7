"""Counts the primes below N in one of several ways, for the recorded runs
of harness/script's replay tests. Each --mode is a way a student might
write it, right or wrong; the replays record what mpgrade observed."""
import argparse, multiprocessing as mp, os, threading, time

CHUNK = 2000


def is_prime(n):
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True


def count(numbers):
    return sum(1 for k in numbers if is_prime(k))


def chunks_for(index, workers, n):
    """Chunks of CHUNK numbers dealt round robin: about equal work each."""
    out = []
    for k, start in enumerate(range(0, n, CHUNK)):
        if k % workers == index:
            out.append(range(start, min(start + CHUNK, n)))
    return out


LIAR = False  # --mode liar: a made-up parent pid


def say(index, found=0):
    ppid = os.getpid() if LIAR else os.getppid()
    print("worker index=%d pid=%d ppid=%d found=%d" % (index, os.getpid(), ppid, found), flush=True)


def dealt(index, workers, n, q, liar=False):
    global LIAR
    LIAR = liar
    found = sum(count(c) for c in chunks_for(index, workers, n))
    say(index, found)
    q.put(found)


def contiguous(index, workers, n, q):
    lo, hi = index * n // workers, (index + 1) * n // workers
    found = count(range(lo, hi))
    say(index, found)
    q.put(found)


def locked(index, workers, n, total, lock, whole):
    mine = 0
    if whole:  # the lock held around the whole loop: one worker at a time
        with lock:
            for c in chunks_for(index, workers, n):
                found = count(c)
                total.value += found
                mine += found
    else:
        for c in chunks_for(index, workers, n):
            found = count(c)
            with lock:
                total.value += found
            mine += found
    say(index, mine)


def spin(seconds):
    end = time.time() + seconds
    while time.time() < end:
        pass


def processes(target, workers, n, one_by_one=False, extra=()):
    q = mp.Queue()
    ps = [mp.Process(target=target, args=(i, workers, n, q) + extra) for i in range(workers)]
    total = 0
    for p in ps:
        p.start()
        if one_by_one:
            total += q.get()
            p.join()
    if not one_by_one:
        total = sum(q.get() for _ in ps)
        for p in ps:
            p.join()
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", required=True)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--n", type=int, default=1000000)
    a = ap.parse_args()
    w, n = a.workers, a.n
    t0 = time.perf_counter()
    if a.mode in ("seq", "wrong", "padsleep"):
        result = count(range(n))
        if a.mode == "wrong":
            result += 1
        if a.mode == "padsleep":
            time.sleep(0.8)
    elif a.mode in ("par", "fakesec"):
        result = processes(dealt, w, n)
    elif a.mode == "liar":
        result = processes(dealt, w, n, extra=(True,))
    elif a.mode == "serial":
        result = processes(dealt, w, n, one_by_one=True)
    elif a.mode == "uneven":
        result = processes(contiguous, w, n)
    elif a.mode in ("lock", "biglock"):
        total, lock = mp.Value("i", 0, lock=False), mp.Lock()
        ps = [mp.Process(target=locked, args=(i, w, n, total, lock, a.mode == "biglock")) for i in range(w)]
        for p in ps:
            p.start()
        for p in ps:
            p.join()
        result = total.value
    elif a.mode == "threads":
        results = [0] * w

        def run(i):
            results[i] = sum(count(c) for c in chunks_for(i, w, n))
            say(i, results[i])

        ts = [threading.Thread(target=run, args=(i,)) for i in range(w)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        result = sum(results)
    elif a.mode == "zombie":  # the first worker ends at once and is joined last
        q = mp.Queue()
        early = mp.Process(target=say, args=(0,))
        late = mp.Process(target=contiguous, args=(1, 2, n, q))
        early.start()
        late.start()
        result = count(range(0, n // 2)) + q.get()
        late.join()
        early.join()
    elif a.mode == "decoy":  # children spin while the main process counts alone
        ps = [mp.Process(target=spin, args=(1.5,)) for _ in range(w)]
        for p in ps:
            p.start()
        result = count(range(n))
        for p in ps:
            p.join()
    elif a.mode == "crash":
        result = 1 // 0
    else:
        raise SystemExit("unknown mode " + a.mode)
    seconds = time.perf_counter() - t0
    if a.mode == "fakesec":
        seconds /= 4
    print("mode=%s workers=%d result=%d seconds=%.3f" % (a.mode, w, result, seconds), flush=True)


if __name__ == "__main__":
    main()
