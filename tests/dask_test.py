#!/usr/bin/python3
"""The staged pipeline gives `cluster`'s bytes: `sign` + `group` and
`sign` + `join` + `verify` + `group` by hand (several partition counts), and
scripts/newsprint-dask on loopback Dask clusters (1, 2 and 4 workers,
several partition counts, two input orders, a worker killed mid-run), and
damaged or foreign shards are refused.

    /usr/bin/python3 tests/dask_test.py build/newsprint
Prints PASS/FAIL/SKIP lines.  Needs Debian's python3-distributed for the
Dask part (skips it, saying so, when it cannot be imported).
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

BIN = os.path.abspath(sys.argv[1])
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DRIVER = os.path.join(ROOT, "scripts", "newsprint-dask")


def check(name, ok, detail=""):
    print(f"{'PASS' if ok else 'FAIL'} dask/{name}{'' if ok else ': ' + str(detail)[-400:]}", flush=True)


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def cluster(fmt, inputs):
    return run([BIN, "cluster", "--quiet", "--format", fmt] + inputs).stdout


def cluster_explain(inputs):
    return run([BIN, "cluster", "--quiet", "--format", "jsonl", "--explain"] + inputs).stdout


def driver(out, inputs, *extra):
    r = run([sys.executable, DRIVER, "--quiet", "--binary", BIN, "--out", out, *extra, *inputs])
    return r


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


def help_defaults():
    """Every option of the driver's --help that has a default says it (--format
    and --binary said none); the required ones and -h have none to say."""
    r = run([sys.executable, DRIVER, "--help"])
    entries, current = [], None
    for line in r.stdout.split("\n"):
        if line.startswith("  -"):
            current = [line]
            entries.append(current)
        elif current is not None and line.startswith("      "):
            current.append(line)
        else:
            current = None
    required = ("-h", "--scheduler", "--local", "--out")
    silent = [e[0].split()[0].rstrip(",") for e in entries
              if not e[0].split()[0].rstrip(",").startswith(required) and "default" not in " ".join(e)]
    check("help-defaults", r.returncode == 0 and len(entries) >= 10 and not silent, (silent, r.stdout))


def main():
    help_defaults()
    tmp = tempfile.mkdtemp()
    try:
        corpus = os.path.join(tmp, "gen.jsonl")
        with open(corpus, "w") as f:
            subprocess.run([sys.executable, os.path.join(ROOT, "tests/data/gen_articles.py"), "2000", "11"],
                           stdout=f, check=True)
        examples = os.path.join(ROOT, "examples")
        inputs = [corpus, examples]
        ref_json = cluster("json", inputs)

        # sign + group by hand, partitions cut anywhere
        shards = []
        for k, rng in enumerate(["0:700", "700:1500", "1500:"]):
            shard = os.path.join(tmp, f"hand-{k}.nps")
            r = run([BIN, "sign", "--quiet", "--records", rng, "-o", shard] + inputs)
            shards.append(shard)
        r = run([BIN, "group", "--format", "json"] + shards)
        check("by-hand", r.returncode == 0 and r.stdout == ref_json, r.stderr)

        # sign, join, verify, group by hand: any numbers of key and article partitions
        def join_verify(tag, n_keys, n_arts, shard_list, extra=(), cut=False):
            pairs = [os.path.join(tmp, f"{tag}-p{k}.npp") for k in range(n_keys)]
            links = [os.path.join(tmp, f"{tag}-l{q}.npl") for q in range(n_arts)]
            errs = ""
            for k, p in enumerate(pairs):
                r = run([BIN, "join", "--quiet", *extra, "--part", f"{k}/{n_keys}", "-o", p]
                        + (["--verify-parts", str(n_arts)] if cut else []) + shard_list)
                errs += r.stderr
            for q, l in enumerate(links):
                r = run([BIN, "verify", "--quiet", *extra, "--part", f"{q}/{n_arts}", "-o", l]
                        + shard_list + pairs[::-1])
                errs += r.stderr
            return pairs, links, errs

        for n_keys, n_arts, cut in [(1, 1, False), (3, 2, False), (2, 5, False), (2, 3, True), (1, 4, True)]:
            pairs, links, errs = join_verify(f"jv{n_keys}{n_arts}{cut}", n_keys, n_arts, shards, cut=cut)
            r = run([BIN, "group", "--format", "json"] + shards + links[::-1])
            check(f"join-{n_keys}-verify-{n_arts}{'-cut' if cut else ''}",
                  errs == "" and r.returncode == 0 and r.stdout == ref_json, errs + r.stderr)
        # short texts edited in a few places: the food bank's pair, dated apart (no term pair) and
        # sharing no band, is proposed by the word-pair index alone; join and verify find it too
        short = os.path.join(ROOT, "tests", "data", "short_near.jsonl")
        short_inputs = [corpus, short]
        want = cluster("jsonl", short_inputs)
        linked = any(json.loads(l)["id"] == "short-2b" and json.loads(l)["copy_of"] == "short-2a"
                     for l in want.splitlines())
        short_shards = []
        for k, rng in enumerate(["0:1001", "1001:"]):
            short_shards.append(os.path.join(tmp, f"short-{k}.nps"))
            run([BIN, "sign", "--quiet", "--records", rng, "-o", short_shards[-1]] + short_inputs)
        for n_keys, n_arts in [(1, 1), (3, 2)]:
            _, links, errs = join_verify(f"short{n_keys}{n_arts}", n_keys, n_arts, short_shards)
            r = run([BIN, "group", "--format", "jsonl"] + short_shards + links)
            check(f"join-{n_keys}-verify-{n_arts}-short-near", linked and errs == "" and r.returncode == 0
                  and r.stdout == want, errs + r.stderr)
        cut_pairs_files, _, _ = join_verify("cutm", 2, 3, shards, cut=True)
        r = run([BIN, "verify", "--part", "0/2", "-o", os.path.join(tmp, "never-m.npl")] + shards + cut_pairs_files)
        check("refuses-verify-parts-mismatch", r.returncode != 0 and "made for 3 verify partitions" in r.stderr
              and not os.path.exists(os.path.join(tmp, "never-m.npl")), (r.returncode, r.stderr))
        pairs, links, _ = join_verify("jv32", 3, 2, shards)
        r = run([BIN, "group", "--format", "jsonl", "--explain"] + shards + links)
        check("join-verify-explain", r.returncode == 0 and r.stdout == cluster_explain(inputs), r.stderr)
        for fmt in ("text", "csv"):
            want = run([BIN, "cluster", "--quiet", "--copies-only", "--format", fmt] + inputs).stdout
            r = run([BIN, "group", "--copies-only", "--format", fmt] + shards + links)
            check(f"join-verify-copies-only-{fmt}", r.returncode == 0 and r.stdout == want, r.stderr)

        # shards signed apart from inputs that share ids: the later articles skipped, as cluster
        # skips them (reported, exit status 1), in group alone and after join and verify
        apart = []
        for k, part in enumerate([[corpus], [examples], [corpus]]):
            apart.append(os.path.join(tmp, f"apart-{k}.nps"))
            run([BIN, "sign", "--quiet", "-o", apart[-1]] + part)
        want = run([BIN, "cluster", "--quiet", "--format", "csv", corpus, examples, corpus])
        r = run([BIN, "group", "--format", "csv"] + apart)
        _, apart_links, _ = join_verify("apart", 2, 2, apart)
        r2 = run([BIN, "group", "--format", "csv"] + apart + apart_links)
        check("shards-apart-duplicate-ids", want.returncode == 1 and r.returncode == 1 and r2.returncode == 1 and
              r.stdout == want.stdout and r2.stdout == want.stdout and "duplicate id" in r.stderr,
              (want.returncode, r.returncode, r2.returncode, r.stderr[-300:]))

        # ranges cut before a repeated id: sign passes over earlier records undecoded, group skips
        # the repeat as cluster does
        dup = os.path.join(tmp, "dup.jsonl")
        with open(corpus) as f:
            lines = f.readlines()
        with open(dup, "w") as f:
            f.writelines(lines[:300] + ["\n", "not json\n"] + lines[100:130] + lines[300:])
        ranged = []
        for k, rng in enumerate(["0:250", "250:320", "320:"]):
            ranged.append(os.path.join(tmp, f"dup-{k}.nps"))
            run([BIN, "sign", "--quiet", "--records", rng, "-o", ranged[-1], dup])
        want = run([BIN, "cluster", "--quiet", "--format", "csv", dup])
        r = run([BIN, "group", "--format", "csv"] + ranged)
        check("ranges-repeated-ids", want.returncode == 1 and r.returncode == 1 and r.stdout == want.stdout,
              (want.returncode, r.returncode, r.stderr[-300:]))

        # refused, naming the file and what is wrong; nothing written
        other_pairs, other_links, _ = join_verify("other", 1, 2, shards[:2])
        cut_pairs = os.path.join(tmp, "cut.npp")
        with open(pairs[1], "rb") as f, open(cut_pairs, "wb") as g:
            g.write(f.read(os.path.getsize(pairs[1]) - 30))
        def damage(src, name, at):
            path = os.path.join(tmp, name)
            shutil.copy(src, path)
            with open(path, "r+b") as f:
                f.seek(int(os.path.getsize(path) * at))
                b = f.read(1)
                f.seek(-1, 1)
                f.write(bytes([b[0] ^ 0x5a]))
            return path
        bad_pairs = [damage(pairs[0], f"bad{k}.npp", at) for k, at in enumerate((0.3, 0.6, 0.95))]
        bad_links = damage(links[1], "bad.npl", 0.5)
        never = os.path.join(tmp, "never.npl")
        for name, args, needle in [
                ("missing-pairs", ["verify", "--part", "0/1", "-o", never] + shards + pairs[:2],
                 "partition 2/3 (made by 'newsprint join --part 2/3') is missing"),
                ("pairs-twice", ["verify", "--part", "0/1", "-o", never] + shards + pairs + pairs[:1],
                 "given twice"),
                ("pairs-other-shards", ["verify", "--part", "0/1", "-o", never] + shards + other_pairs,
                 "made from other shards"),
                ("pairs-cut", ["verify", "--part", "0/1", "-o", never] + shards + [pairs[0], cut_pairs, pairs[2]],
                 "cut.npp"),
                ("pairs-other-params", ["verify", "--param", "max_bucket=50", "--part", "0/1", "-o", never]
                 + shards + pairs, "other parameters"),
                ("join-other-params", ["join", "--param", "max_bucket=50", "--part", "0/1", "-o", never] + shards,
                 "other parameters"),
                ("missing-links", ["group", "--format", "json", "-o", never] + shards + links[:1],
                 "partition 1/2 (made by 'newsprint verify --part 1/2') is missing"),
                ("links-other-shards", ["group", "--format", "json", "-o", never] + shards[:2] + links,
                 "made from other shards"),
                # the same shards in another order: it said "(N articles) than the ones given (N)"
                ("links-shards-reordered", ["group", "--format", "json", "-o", never] + shards[::-1] + links,
                 "or from these in another order: give the shards in input order"),
                ("pairs-shards-reordered", ["verify", "--part", "0/1", "-o", never] + shards[::-1] + pairs,
                 "or from these in another order: give the shards in input order"),
                ("links-to-join", ["join", "--part", "0/1", "-o", never] + shards + links[:1],
                 "not a newsprint shard"),
                ("links-damaged", ["group", "--format", "json", "-o", never] + shards + [links[0], bad_links],
                 "bad.npl: damaged")] + [
                (f"pairs-damaged-{k}", ["verify", "--part", "0/1", "-o", never] + shards + [p] + pairs[1:],
                 f"bad{k}.npp: damaged") for k, p in enumerate(bad_pairs)]:
            r = run([BIN] + args)
            check("refuses-" + name, r.returncode != 0 and needle in r.stderr and not os.path.exists(never),
                  (r.returncode, r.stderr))

        # refused: damaged, cut short, other parameters, not a shard
        damaged = os.path.join(tmp, "damaged.nps")
        shutil.copy(shards[1], damaged)
        with open(damaged, "r+b") as f:
            f.seek(os.path.getsize(damaged) // 2)
            b = f.read(1)
            f.seek(-1, 1)
            f.write(bytes([b[0] ^ 0x55]))
        cut = os.path.join(tmp, "cut.nps")
        with open(shards[2], "rb") as f, open(cut, "wb") as g:
            g.write(f.read(os.path.getsize(shards[2]) - 100))
        for name, args, needle in [
                ("damaged", [shards[0], damaged, shards[2]], "damaged.nps"),
                ("cut-short", [shards[0], shards[1], cut], "cut.nps"),
                ("other-params", ["--param", "story_threshold=0.3"] + shards, "other parameters"),
                ("not-a-shard", [corpus], "not a newsprint shard")]:
            r = run([BIN, "group", "--format", "json"] + args)
            check("refuses-" + name, r.returncode != 0 and r.stdout == "" and needle in r.stderr,
                  (r.returncode, r.stderr))

        # a full disk during join: the file and the cause named, nothing left, a rerun completes
        tiny = os.path.join(tmp, "tiny")
        os.makedirs(tiny)
        if os.geteuid() == 0 and run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", tiny]).returncode == 0:
            try:
                full = os.path.join(tiny, "p.npp")
                r = run([BIN, "join", "--quiet", "--part", "0/1", "-o", full] + shards)
                check("join-disk-full", r.returncode != 0 and "p.npp" in r.stderr and "No space" in r.stderr
                      and os.listdir(tiny) == [], (r.returncode, r.stderr, os.listdir(tiny)))
            finally:
                run(["umount", tiny])
            r = run([BIN, "join", "--quiet", "--part", "0/1", "-o", os.path.join(tiny, "p.npp")] + shards)
            check("join-rerun-after-disk-full", r.returncode == 0, r.stderr)
        else:
            print("SKIP dask/join-disk-full: cannot mount a small tmpfs here (needs root and mount rights)")

        try:
            import distributed  # noqa: F401
        except ImportError:
            print("SKIP dask/driver: python3-distributed is not installed for " + sys.executable)
            return

        # usage errors: exit status 2, the option named, nothing started
        r = driver(os.path.join(tmp, "out-usage"), inputs, "--local", "1", "--join-parts", "-2")
        check("driver-usage-error", r.returncode == 2 and "--join-parts" in r.stderr, (r.returncode, r.stderr[-300:]))

        # a binary that is not there: said, naming --binary, exit status 1 (it
        # was a Python traceback ending in FileNotFoundError)
        r = run([sys.executable, DRIVER, "--quiet", "--binary", os.path.join(tmp, "no-such-newsprint"), "--local", "1",
                 "--out", os.path.join(tmp, "out-nobin"), *inputs])
        check("driver-binary-missing", r.returncode == 1 and "--binary" in r.stderr and "Traceback" not in r.stderr,
              (r.returncode, r.stderr[-300:]))

        # the driver: 1, 2 and 4 workers, several partition counts, formats and orders
        for workers, parts, fmt, order in [(1, 2, "json", inputs), (2, 3, "jsonl", inputs),
                                           (4, 5, "json", inputs), (2, 4, "json", inputs[::-1])]:
            out = os.path.join(tmp, f"out-{workers}-{parts}-{fmt}-{len(order)}")
            r = driver(out, order, "--local", str(workers), "--partitions", str(parts), "--format", fmt,
                       "--join-parts", str(parts + 1), "--verify-parts", str(workers + 1))
            want = ref_json if (fmt == "json" and order == inputs) else cluster(fmt, order)
            got = read(os.path.join(out, f"answer.{fmt}"))
            stats = json.loads(read(os.path.join(out, "stats.json")) or "{}")
            ran = {k: len(v) for k, v in stats.get("tasks", {}).items()}
            check(f"driver-{workers}-workers-{parts}-parts-{fmt}{'-reversed' if order != inputs else ''}",
                  r.returncode == 0 and got == want and
                  ran == {"sign": parts, "join": parts + 1, "verify": workers + 1, "group": 1},
                  (r.returncode, r.stderr, ran))

        # a worker killed mid-run: Dask runs its tasks again, same answer
        from dask.distributed import Client, LocalCluster
        big = os.path.join(tmp, "big.jsonl")
        with open(big, "w") as f:
            subprocess.run([sys.executable, os.path.join(ROOT, "tests/data/gen_articles.py"), "12000", "5"],
                           stdout=f, check=True)
        want = cluster("json", [big])
        lc = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(lc)
        pids = list(client.run(os.getpid).values())
        out = os.path.join(tmp, "out-kill")
        killed = []

        def killer():  # once the first join has written its pairs: mid-run, shards already read
            pairs_dir = os.path.join(out, "pairs")
            end = time.time() + 120
            while time.time() < end:
                if os.path.isdir(pairs_dir) and any(n.endswith(".npp") for n in os.listdir(pairs_dir)):
                    os.kill(pids[0], signal.SIGKILL)
                    killed.append(pids[0])
                    return
                time.sleep(0.01)

        t = threading.Thread(target=killer)
        t.start()
        r = driver(out, [big], "--scheduler", lc.scheduler_address, "--partitions", "8", "--join-parts", "6",
                   "--verify-parts", "4")
        t.join()
        client.close()
        lc.close()
        got = read(os.path.join(out, "answer.json"))
        check("worker-killed", killed and r.returncode == 0 and got == want,
              (killed, r.returncode, r.stderr[-300:]))

        # a stage that fails for good: named in the message, exit 1, no answer
        out = os.path.join(tmp, "out-fail")
        r = driver(out, inputs, "--local", "1", "--partitions", "2", "--retries", "1", "--param", "no_such=1")
        check("failure-named", r.returncode == 1 and "stage sign, partition" in r.stderr
              and not os.path.exists(os.path.join(out, "answer.json")), (r.returncode, r.stderr[-300:]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
