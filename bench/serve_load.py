#!/usr/bin/env python3
"""Loopback load test of `newsprint serve`: N requests over C keep-alive
connections, a mix of the API's GET calls; prints requests/s, latency
percentiles, errors and the server's peak RSS.

    python3 bench/serve_load.py [--requests 10000] [--connections 8] [BIN]

The database is built from examples/ plus 3,000 generated articles
(tests/data/gen_articles.py).  The client is Python (threads, http.client),
so on a small machine it shares the cores with the server: the figure is a
floor for the server, not its ceiling.
"""
import argparse
import http.client
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def peak_rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=10000)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("bin", nargs="?", default=os.path.join(ROOT, "build/newsprint"))
    args = ap.parse_args()
    tmp = tempfile.mkdtemp()
    db, corpus = os.path.join(tmp, "load.db"), os.path.join(tmp, "gen.jsonl")
    with open(corpus, "w") as f:
        subprocess.run([sys.executable, os.path.join(ROOT, "tests/data/gen_articles.py"), "3000", "5"],
                       stdout=f, check=True)
    subprocess.run([args.bin, "add", "--db", db, "--quiet", os.path.join(ROOT, "examples"), corpus], check=True)
    ref = json.loads(subprocess.run([args.bin, "stories", "--db", db, "--format", "json"],
                                    capture_output=True, text=True, check=True).stdout)
    ids = [a["id"] for a in ref["articles"]]
    n_stories = len(ref["stories"])
    srv = subprocess.Popen([args.bin, "serve", "--db", db, "--port", "0", "--quiet"], stderr=subprocess.PIPE,
                           text=True)
    port = int(srv.stderr.readline().rsplit(":", 1)[1].strip(" /\n"))
    per = args.requests // args.connections
    lat, errors, lock = [], [0], threading.Lock()

    def worker(seed):
        rng = random.Random(seed)
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        for _ in range(per):
            r = rng.random()
            if r < 0.3:
                path = "/api/stories?limit=50"
            elif r < 0.5:
                path = f"/api/stories/s{rng.randint(1, n_stories)}"
            elif r < 0.9:
                path = "/api/articles/" + rng.choice(ids)
            else:
                path = "/api/search?q=" + rng.choice(["flood", "Harborton", "council", "storm%20Oakmere"])
            t = time.perf_counter()
            try:
                c.request("GET", path)
                resp = c.getresponse()
                resp.read()
                ok = resp.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                c.close()
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append(time.perf_counter() - t)
            if not ok:
                with lock:
                    errors[0] += 1
        with lock:
            lat.extend(mine)
        c.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.connections)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    rss = peak_rss_kb(srv.pid)
    srv.terminate()
    srv.wait()
    lat.sort()
    n = len(lat)
    print(f"serve load: {n} requests, {args.connections} connections, {len(ids)} articles, {n_stories} stories")
    print(f"  {n / wall:.0f} requests/s, latency p50 {lat[n // 2] * 1000:.2f} ms, "
          f"p99 {lat[int(n * 0.99)] * 1000:.2f} ms, errors {errors[0]}, server peak RSS {rss / 1024:.1f} MB")
    return 1 if errors[0] else 0


if __name__ == "__main__":
    sys.exit(main())
