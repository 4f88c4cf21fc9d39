#!/usr/bin/python3
"""bench/staged.py: one machine's `newsprint cluster` against the staged run
on a loopback Dask cluster, on the same gencorpus corpus, in the same run.

    /usr/bin/python3 bench/staged.py [--sizes 200000,1000000] [--workers 2]
                                     [--partitions P] [--join-parts K] [--verify-parts M]

For each size: generates (once) bench/out/news-<size>.jsonl with
../shared/bench/gencorpus.py --seed 1, times `newsprint cluster --format
jsonl` (wall seconds and peak RSS from the child's rusage), runs
scripts/newsprint-dask --local W over the same file, checks the two answers
are the same bytes, and prints per stage: tasks, the slowest task's
seconds, the sum of task seconds, the largest peak RSS of a task (a
worker's need) and the bytes the stage wrote (what the next stage reads:
the shuffle).  Results also go to bench/out/staged.tsv.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(args, stdout):
    """Runs args; returns (exit status, wall seconds, peak RSS in KB)."""
    t = time.time()
    child = subprocess.Popen(args, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    err = child.stderr.read().decode("utf-8", "replace")
    if child.returncode:
        print(f"bench: {' '.join(args[:2])} failed: {err.strip()[-500:]}", file=sys.stderr)
    return child.returncode, time.time() - t, usage.ru_maxrss


def corpus(size, shared):
    out = os.path.join(ROOT, "bench", "out")
    os.makedirs(out, exist_ok=True)
    name = f"{size // 1000000}m" if size % 1000000 == 0 else f"{size // 1000}k"
    path = os.path.join(out, f"news-{name}.jsonl")
    if not os.path.exists(path):
        print(f"bench: generating {path}", flush=True)
        gen = os.path.join(shared, "bench", "gencorpus.py")
        subprocess.run([sys.executable if os.path.exists(sys.executable) else "python3", gen, "--n", str(size),
                        "--seed", "1", "--quiet", "--out", path + ".part",
                        "--truth", os.path.join(out, f"news-{name}.truth.jsonl")], check=True)
        os.rename(path + ".part", path)
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[1])
    ap.add_argument("--sizes", default="200000,1000000")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--partitions", type=int, default=0, help="sign tasks (default: 2 per worker)")
    ap.add_argument("--join-parts", type=int, default=0, help="join tasks (default: 4 per worker)")
    ap.add_argument("--verify-parts", type=int, default=0, help="verify tasks (default: 4 per worker)")
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "newsprint"))
    ap.add_argument("--shared", default=os.environ.get("SHARED", os.path.join(ROOT, "..", "shared")))
    a = ap.parse_args()
    if not os.path.exists(os.path.join(a.shared, "bench", "gencorpus.py")):
        print("bench: ../shared/bench/gencorpus.py not found; nothing to measure")
        return 0
    try:
        import distributed  # noqa: F401
    except ImportError:
        print("bench: python3-distributed is not installed for /usr/bin/python3; nothing to measure")
        return 0
    w = a.workers
    rows = []
    print(f"machine: {os.cpu_count()} CPUs; {w} Dask workers, one thread each", flush=True)
    for size in (int(s) for s in a.sizes.split(",")):
        path = corpus(size, a.shared)
        with tempfile.TemporaryDirectory(dir=os.path.join(ROOT, "bench", "out")) as tmp:
            local = os.path.join(tmp, "cluster.jsonl")
            with open(local, "wb") as f:
                rc, wall, rss = timed([a.binary, "cluster", "--quiet", "--format", "jsonl", path], f)
            if rc:
                return 1
            rows.append((size, "cluster (one process, all threads)", 1, wall, wall, rss, 0))
            run = os.path.join(tmp, "dask")
            args = [sys.executable, os.path.join(ROOT, "scripts", "newsprint-dask"), "--quiet", "--local", str(w),
                    "--binary", a.binary, "--out", run, "--format", "jsonl",
                    "--partitions", str(a.partitions or 2 * w), "--join-parts", str(a.join_parts or 4 * w),
                    "--verify-parts", str(a.verify_parts or 4 * w), path]
            rc, dwall, _ = timed(args, subprocess.DEVNULL)
            if rc:
                return 1
            same = subprocess.run(["cmp", "-s", local, os.path.join(run, "answer.jsonl")]).returncode == 0
            stats = json.load(open(os.path.join(run, "stats.json")))
            for stage in ("sign", "join", "verify", "group"):
                tasks = stats["tasks"][stage]
                rows.append((size, f"dask {stage}", len(tasks), max(t["seconds"] for t in tasks),
                             sum(t["seconds"] for t in tasks), max(t["rss_kb"] for t in tasks),
                             sum(t["bytes"] for t in tasks)))
            rows.append((size, f"dask total ({w} workers){'' if same else ' -- ANSWER DIFFERS'}", 0, dwall, dwall,
                         max(r[5] for r in rows[-4:]), 0))
            if not same:
                print(f"bench: the staged answer differs from cluster's on {path}", file=sys.stderr)
        print(f"{'articles':>9} {'what':<40} {'tasks':>5} {'slowest s':>9} {'sum s':>8} {'peak MiB':>8} "
              f"{'wrote MiB':>9}")
        for r in rows:
            if r[0] == size:
                print(f"{r[0]:>9} {r[1]:<40} {r[2]:>5} {r[3]:>9.1f} {r[4]:>8.1f} {r[5] / 1024:>8.0f} "
                      f"{r[6] / 2 ** 20:>9.0f}", flush=True)
    with open(os.path.join(ROOT, "bench", "out", "staged.tsv"), "w") as f:
        f.write("articles\twhat\ttasks\tslowest_s\tsum_s\tpeak_kb\twrote_bytes\n")
        for r in rows:
            f.write("\t".join(str(x) for x in r) + "\n")
    return 0 if all("DIFFERS" not in r[1] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
