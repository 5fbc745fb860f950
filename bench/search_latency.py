#!/usr/bin/env python3
"""Search latency on the builtin engine over a large data set (a script, not a test).

Builds (once) a data set of --threads threads (about ten posts each) with
`fixloop demo --scale`, starts the release binary on it, then sends search
requests — a mix of common and rare words, filters and both sort orders, as
a visitor — and reports p50/p95/p99 latency per class and overall.

    cargo build --release
    python3 bench/search_latency.py --threads 100000            # SQLite
    python3 bench/search_latency.py --threads 100000 --database-url postgres://…

Only loopback traffic; the run is bounded by --requests.
"""
import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request

WORDS = ["fan", "battery", "hinge", "keyboard", "display flickers", "charger", "overheats", "grinding noise",
         "drain pump", "door seal leaks", "firmware update", "thermal paste", "usb-c port", "wi-fi card",
         "will not turn on", "error e21", "mainboard", "speaker rattles", "touchscreen", "vibration motor",
         "swollen battery", "heating element", "lint filter", "ribbon cable", "threadlocker", "kapton tape"]
FILTERS = ["", "&solved=yes", "&kind=troubleshooting", "&verified=yes", "&device=maker-3", "&device=maker-1-line-2",
           "&sort=newest", "&path=joint"]


def percentile(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(p / 100 * len(values) + 0.5)) - 1))
    return values[k]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="target/release/fixloop")
    ap.add_argument("--threads", type=int, default=100_000)
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--database-url", default="")
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--port", type=int, default=18093)
    ap.add_argument("--json", default=None, help="write the figures here too")
    args = ap.parse_args()

    data_dir = args.data_dir or f"bench/out/search-{args.threads}"
    os.makedirs(data_dir, exist_ok=True)
    env = dict(os.environ, FIXLOOP_DATA_DIR=data_dir, FIXLOOP_BIND=f"127.0.0.1:{args.port}",
               DATABASE_URL=args.database_url, RUST_LOG="warn")
    marker = os.path.join(data_dir, "loaded")
    if not os.path.exists(marker):
        started = time.time()
        subprocess.run([args.binary, "demo", "--scale", str(args.threads)], env=env, check=True)
        with open(marker, "w") as f:
            f.write(f"{time.time() - started:.1f}")
        print(f"data set built in {time.time() - started:.0f} s")
    server = subprocess.Popen([args.binary, "serve"], env=env, stdout=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{args.port}"
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        rng = random.Random(7)
        timings = {"page": [], "api": []}
        by_words = {}
        # Warm-up, not measured.
        for w in WORDS:
            urllib.request.urlopen(f"{base}/api/v1/search?q={urllib.parse.quote(w)}").read()
        for i in range(args.requests):
            q = rng.choice(WORDS)
            f = rng.choice(FILTERS)
            kind = "api" if i % 2 else "page"
            path = "/api/v1/search" if kind == "api" else "/search"
            url = f"{base}{path}?q={urllib.parse.quote(q)}{f}&page={rng.choice([1, 1, 1, 2, 3])}"
            t = time.perf_counter()
            # As a browser asks: the server compresses the answer (gzip) before sending it.
            request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
            with urllib.request.urlopen(request) as r:
                r.read()
                assert r.status == 200
            elapsed = (time.perf_counter() - t) * 1000
            timings[kind].append(elapsed)
            by_words.setdefault(q, []).append(elapsed)
        everything = timings["page"] + timings["api"]
        report = {name: {"n": len(v), "p50": percentile(v, 50), "p95": percentile(v, 95), "p99": percentile(v, 99),
                         "mean": statistics.mean(v)} for name, v in list(timings.items()) + [("all", everything)]}
        print(f"search latency on {args.threads} threads ({'PostgreSQL' if args.database_url else 'SQLite'}), ms:")
        for name, r in report.items():
            print(f"  {name:5} n={r['n']:5}  p50={r['p50']:6.1f}  p95={r['p95']:6.1f}  p99={r['p99']:6.1f}  mean={r['mean']:6.1f}")
        print("slowest queries (p95 by words, ms):")
        for words, v in sorted(by_words.items(), key=lambda kv: -percentile(kv[1], 95))[:6]:
            print(f"  {words:20} n={len(v):4}  p50={percentile(v, 50):6.1f}  p95={percentile(v, 95):6.1f}")
        if args.json:
            with open(args.json, "w") as f:
                json.dump(report, f, indent=2)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
