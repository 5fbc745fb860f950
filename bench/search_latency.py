#!/usr/bin/env python3
"""Search latency over a large data set, builtin engine or Meilisearch (a script, not a test).

Builds (once) a data set of --threads threads (about ten posts each) with
`fixloop demo --scale`, starts the release binary on it, then sends search
requests — a mix of common and rare words, filters and both sort orders, as
a visitor, one after the other on one keep-alive connection, gzip accepted as
a browser asks — and reports p50/p95/p99 latency per class, per query and
overall. The search result cache is off unless --cache-seconds says
otherwise, so every request reaches the engine.

    cargo build --release
    python3 bench/search_latency.py                                   # SQLite, builtin
    python3 bench/search_latency.py --database-url postgres://…       # PostgreSQL, builtin
    python3 bench/search_latency.py --engine meilisearch              # SQLite + Meilisearch

With `--engine meilisearch` the script uses the server MEILI_URL (and
MEILI_API_KEY) point at, or starts the shared one itself
(../shared/meilisearch/run, or --meili-binary) on a fresh database and stops
it at the end. It then runs `fixloop reindex` into it and reports the wall
time, the indexing throughput (documents over the time Meilisearch spent on
the document tasks, and over the whole upload), and — when it started the
server — Meilisearch's own time per search from its log (the request span:
`busy` on its HTTP worker plus `idle`, the time the search waited for and ran
on Meilisearch's search thread), beside what Fixloop's answers took. It
also sends each search's requests to Meilisearch again, directly, as Fixloop
sent them (from the server's debug log), and reports how long those took
(the issue's "the same request sent to Meilisearch directly").

Before each measured run the script waits for the machine to be quiet and
reports how much CPU other processes took during it. Only loopback traffic;
the run is bounded by --requests.
"""
import argparse
import atexit
import http.client
import json
import os
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

import benchlib
from benchlib import log, percentile

WORDS = ["fan", "battery", "hinge", "keyboard", "display flickers", "charger", "overheats", "grinding noise",
         "drain pump", "door seal leaks", "firmware update", "thermal paste", "usb-c port", "wi-fi card",
         "will not turn on", "error e21", "mainboard", "speaker rattles", "touchscreen", "vibration motor",
         "swollen battery", "heating element", "lint filter", "ribbon cable", "threadlocker", "kapton tape"]
FILTERS = ["", "&solved=yes", "&kind=troubleshooting", "&verified=yes", "&device=maker-3", "&device=maker-1-line-2",
           "&sort=newest", "&path=joint"]

MEILI_RUN = os.path.join(os.path.dirname(benchlib.ROOT), "shared", "meilisearch", "run")
# Meilisearch logs one line per request; the search route's span times it.
MEILI_SPAN_RE = re.compile(r"route=/indexes/[A-Za-z0-9_-]+/search .*time\.busy=([0-9.]+)(ns|µs|us|ms|s) "
                           r"time\.idle=([0-9.]+)(ns|µs|us|ms|s)")
UNIT_MS = {"ns": 1e-6, "µs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1000.0}


def stats(values):
    if not values:
        return {"n": 0}
    return {"n": len(values), "p50": round(percentile(values, 50), 2), "p95": round(percentile(values, 95), 2),
            "p99": round(percentile(values, 99), 2), "mean": round(statistics.mean(values), 2)}


# --- Meilisearch -----------------------------------------------------------

class Meili:
    """The Meilisearch server the run talks to: MEILI_URL's, or one started here (stopped at exit)."""

    def __init__(self, args, work_dir):
        self.proc, self.log_path, self.log_offset = None, None, 0
        self.url = os.environ.get("MEILI_URL", "").rstrip("/")
        self.key = os.environ.get("MEILI_API_KEY", "")
        if self.url:
            if args.meili_log:
                self.log_path = args.meili_log
                log(f"Meilisearch: {self.url} (MEILI_URL), its log {self.log_path} (--meili-log)")
            else:
                log(f"Meilisearch: {self.url} (MEILI_URL; without --meili-log its own times are not reported)")
            return
        binary = args.meili_binary or MEILI_RUN
        if not os.path.exists(binary):
            sys.exit(f"no Meilisearch at {binary}: set MEILI_URL or pass --meili-binary")
        self.key = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{args.meili_port}"
        self.db_dir = tempfile.mkdtemp(prefix="meili-", dir=work_dir)
        self.log_path = os.path.join(work_dir, "meilisearch.log")
        self.log_file = open(self.log_path, "ab")
        self.proc = subprocess.Popen([binary, "--no-analytics", "--http-addr", f"127.0.0.1:{args.meili_port}",
                                      "--db-path", os.path.join(self.db_dir, "ms"), "--master-key", self.key,
                                      "--log-level", "INFO"],
                                     stdout=self.log_file, stderr=subprocess.STDOUT, start_new_session=True)
        atexit.register(self.stop)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                sys.exit(f"Meilisearch exited with {self.proc.returncode}; see {self.log_path}")
            try:
                if self.get("/health").get("status") == "available":
                    break
            except OSError:
                time.sleep(0.1)
        else:
            sys.exit("Meilisearch did not become available within 60 s")
        log(f"Meilisearch {self.get('/version').get('pkgVersion')} started on {self.url} (log {self.log_path})")

    def get(self, path):
        request = urllib.request.Request(self.url + path, headers={"Authorization": f"Bearer {self.key}"})
        with urllib.request.urlopen(request, timeout=10) as r:
            return json.loads(r.read())

    def documents(self, index):
        try:
            return self.get(f"/indexes/{index}/stats").get("numberOfDocuments")
        except OSError:
            return None

    def cpu_seconds(self):
        if self.proc is None:
            return None
        # `run` execs the unpacked binary (same pid) or runs it as a child.
        total = 0.0
        for pid in [self.proc.pid] + children_of(self.proc.pid):
            stat = benchlib.process_stat(pid)
            if stat:
                total += stat[1] / os.sysconf("SC_CLK_TCK")
        return total

    def mark_log(self):
        if self.log_path:
            if self.proc is not None:
                self.log_file.flush()
            self.log_offset = os.path.getsize(self.log_path)

    def search_spans(self):
        """(busy, busy + idle) in ms of every search Meilisearch logged since mark_log()."""
        if not self.log_path:
            return [], []
        busy, total = [], []
        for line in benchlib.read_log(self.log_path, self.log_offset).splitlines():
            m = MEILI_SPAN_RE.search(line)
            if m:
                b = float(m.group(1)) * UNIT_MS[m.group(2)]
                i = float(m.group(3)) * UNIT_MS[m.group(4)]
                busy.append(b)
                total.append(b + i)
        return busy, total

    def document_tasks(self, since_iso):
        """Meilisearch's document tasks enqueued since `since_iso`, oldest first."""
        tasks, start = [], None
        while True:
            path = (f"/tasks?types=documentAdditionOrUpdate&statuses=succeeded&limit=1000"
                    f"&afterEnqueuedAt={urllib.parse.quote(since_iso)}" + (f"&from={start}" if start is not None else ""))
            page = self.get(path)
            tasks.extend(page.get("results", []))
            start = page.get("next")
            if start is None:
                break
        return sorted(tasks, key=lambda t: t["uid"])

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc is not None and getattr(self, "db_dir", None):
            shutil.rmtree(self.db_dir, ignore_errors=True)


def children_of(pid):
    kids = []
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open(f"/proc/{p}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        kids.append(int(p))
            except (OSError, ValueError, IndexError):
                pass
    return kids


def iso_duration_s(value):
    """Seconds in an ISO-8601 duration as Meilisearch writes them (PT1.234S, PT1M2.5S)."""
    m = re.fullmatch(r"P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:([0-9.]+)S)?", value or "")
    if not m:
        return 0.0
    d, h, mi, s = (float(x) if x else 0.0 for x in m.groups())
    return d * 86400 + h * 3600 + mi * 60 + s


def parse_time(value):
    """Seconds since the epoch of an RFC 3339 time with nanoseconds (Meilisearch's)."""
    from datetime import datetime
    main, _, frac = value.rstrip("Z").partition(".")
    frac = (frac.split("+")[0] + "000000")[:6]
    return datetime.fromisoformat(main + "." + frac + "+00:00").timestamp()


def reindex(args, env, meili):
    """Runs `fixloop reindex` into Meilisearch; its wall time and Meilisearch's indexing figures."""
    since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 1))
    waited, busy = benchlib.wait_quiet(limit=args.quiet_limit)
    log(f"fixloop reindex (waited {waited} s for a quiet machine, {busy} cores busy) …")
    started = time.time()
    subprocess.run([args.binary, "reindex"], env=env, check=True, stdout=subprocess.DEVNULL,
                   timeout=args.reindex_timeout)
    wall = time.time() - started
    tasks = meili.document_tasks(since)
    docs = sum((t.get("details") or {}).get("indexedDocuments") or 0 for t in tasks)
    busy_s = sum(iso_duration_s(t.get("duration")) for t in tasks)
    result = {"wall_s": round(wall, 1), "document_tasks": len(tasks), "documents": docs,
              "meili_task_seconds": round(busy_s, 1)}
    if tasks:
        upload = parse_time(tasks[-1]["finishedAt"]) - parse_time(tasks[0]["enqueuedAt"])
        result["upload_s"] = round(upload, 1)
        result["docs_per_s_meili"] = round(docs / busy_s) if busy_s else None
        result["docs_per_s_upload"] = round(docs / upload) if upload else None
    log(f"reindex: {wall:.1f} s wall; Meilisearch indexed {docs} documents in {len(tasks)} tasks, "
        f"{busy_s:.1f} s of task time ({result.get('docs_per_s_meili')} docs/s), first batch enqueued to last "
        f"indexed {result.get('upload_s')} s ({result.get('docs_per_s_upload')} docs/s)")
    return result


# --- the run -------------------------------------------------------------

class DirectReplay:
    """The same requests sent to Meilisearch directly: Fixloop logs each search body it sends
    (RUST_LOG=fixloop::meili_search_body=debug); after each search through Fixloop, the bodies it sent
    for it are sent again, as they were, on a keep-alive connection of their own, and timed together."""

    MARK = "fixloop::meili_search_body: "

    def __init__(self, meili, server_log):
        self.meili, self.server_log = meili, server_log
        self.offset = os.path.getsize(server_log)
        parsed = urllib.parse.urlsplit(meili.url)
        self.conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
        self.headers = {"Content-Type": "application/json", "Authorization": f"Bearer {meili.key}"}

    def bodies_since_last(self):
        text = benchlib.read_log(self.server_log, self.offset)
        self.offset = os.path.getsize(self.server_log)
        found = []
        for line in text.splitlines():
            at = line.find(self.MARK)
            if at >= 0:
                uid, body = line[at + len(self.MARK):].split(" ", 1)
                found.append((uid, body.encode()))
        return found

    def replay(self):
        """Milliseconds the bodies of the last search took sent directly (None: it sent none)."""
        bodies = self.bodies_since_last()
        if not bodies:
            return None
        t = time.perf_counter()
        for uid, body in bodies:
            self.conn.request("POST", f"/indexes/{uid}/search", body=body, headers=self.headers)
            r = self.conn.getresponse()
            r.read()
            assert r.status == 200, (r.status, body[:200])
        return (time.perf_counter() - t) * 1000

    def close(self):
        self.conn.close()


def measure(args, port, expected_engine, direct=None):
    client = benchlib.Client(port)
    rng = random.Random(7)
    timings = {"page": [], "api": []}
    # With Meilisearch: the same searches sent to it directly, by class.
    direct_timings = {"page": [], "api": []}
    by_words, by_filter = {}, {}
    engines = {}
    # Warm-up, not measured.
    for w in WORDS:
        status, _, body = client.get(f"/api/v1/search?q={urllib.parse.quote(w)}")
        assert status == 200, (status, body[:200])
        engines[json.loads(body).get("engine")] = engines.get(json.loads(body).get("engine"), 0) + 1
    if expected_engine not in engines:
        sys.exit(f"the server answered with {engines}, not {expected_engine}: is the engine reachable?")
    if direct:
        direct.bodies_since_last()  # the warm-up's
    for i in range(args.requests):
        q = rng.choice(WORDS)
        f = rng.choice(FILTERS)
        kind = "api" if i % 2 else "page"
        path = "/api/v1/search" if kind == "api" else "/search"
        url = f"{path}?q={urllib.parse.quote(q)}{f}&page={rng.choice([1, 1, 1, 2, 3])}"
        t = time.perf_counter()
        # As a browser asks: the server compresses the answer (gzip) before sending it.
        status, headers, body = client.request("GET", url, headers={"Accept-Encoding": "gzip"})
        elapsed = (time.perf_counter() - t) * 1000
        assert status == 200, (status, url)
        if kind == "api":
            import gzip
            data = gzip.decompress(body) if headers.get("content-encoding") == "gzip" else body
            engine = json.loads(data).get("engine")
            engines[engine] = engines.get(engine, 0) + 1
        timings[kind].append(elapsed)
        if direct:
            took = direct.replay()
            if took is not None:
                direct_timings[kind].append(took)
        by_words.setdefault(q, []).append(elapsed)
        by_filter.setdefault(f or "(none)", []).append(elapsed)
    client.close()
    everything = timings["page"] + timings["api"]
    report = {
        "classes": {name: stats(v) for name, v in list(timings.items()) + [("all", everything)]},
        "by_words": {w: stats(v) for w, v in sorted(by_words.items(), key=lambda kv: -percentile(kv[1], 95))},
        "by_filter": {w: stats(v) for w, v in sorted(by_filter.items(), key=lambda kv: -percentile(kv[1], 95))},
        "engines_answering": engines,
    }
    if direct:
        report["direct"] = {name: stats(v) for name, v in
                            list(direct_timings.items()) + [("all", direct_timings["page"] + direct_timings["api"])]}
    return report


def main():
    ap = benchlib.parser(__doc__, 100_000, 18093, "default bench/out/search-<threads> (SQLite), "
                                                   "bench/out/search-pg-<threads> (PostgreSQL)")
    ap.add_argument("--threads", type=int, dest="scale", default=argparse.SUPPRESS, help="the same as --scale")
    ap.add_argument("--engine", choices=["builtin", "meilisearch"], default="builtin")
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=1, help="measured runs, one after the other")
    ap.add_argument("--cache-seconds", type=int, default=0,
                    help="FIXLOOP_SEARCH_CACHE_SECONDS (default 0: every search reaches the engine)")
    ap.add_argument("--meili-binary", default=None, help=f"default {MEILI_RUN}")
    ap.add_argument("--meili-port", type=int, default=17793)
    ap.add_argument("--meili-log", default=None,
                    help="with MEILI_URL: that server's log, to report its own time per search")
    ap.add_argument("--meili-index", default=None, help="MEILI_INDEX for the server (default: the server's)")
    ap.add_argument("--skip-reindex", action="store_true",
                    help="Meilisearch: keep the index when it already holds the data set (no reindex figures)")
    ap.add_argument("--reindex-timeout", type=int, default=1800)
    ap.add_argument("--quiet-limit", type=int, default=300, help="seconds to wait for a quiet machine")
    ap.add_argument("--label", default="", help="a name for this run in the JSON")
    ap.add_argument("--json", default=None, help="write the figures here too")
    args = ap.parse_args()
    benchlib.check_binary(args.binary)
    backend = benchlib.backend_of(args.database_url)
    data_dir = args.data_dir or (f"bench/out/search-{args.scale}" if backend == "sqlite"
                                 else f"bench/out/search-pg-{args.scale}")
    env = benchlib.server_env(data_dir, args.port, args.database_url,
                              {"FIXLOOP_SEARCH_CACHE_SECONDS": str(args.cache_seconds)})
    env.pop("MEILI_URL", None)
    env.pop("MEILI_API_KEY", None)
    if backend == "postgres" and args.reset_postgres and not benchlib.dataset_complete(data_dir, args.scale,
                                                                                       args.database_url):
        benchlib.reset_postgres(args.database_url)
    built_in = benchlib.ensure_dataset(args.binary, env, data_dir, args.scale, args.database_url)

    report = {"label": args.label, "engine": args.engine, "database": backend, "threads": args.scale,
              "requests": args.requests, "cache_seconds": args.cache_seconds, "dataset_build_s": built_in,
              "machine": benchlib.machine(), "binary": benchlib.binary_info(args.binary),
              "database_version": benchlib.Db(args.database_url, data_dir).version()}
    meili = None
    if args.engine == "meilisearch":
        meili = Meili(args, os.path.abspath(data_dir))
        env.update(MEILI_URL=meili.url, MEILI_API_KEY=meili.key)
        # Each search body Fixloop sends, for DirectReplay.
        env["RUST_LOG"] = env["RUST_LOG"] + ",fixloop::meili_search_body=debug"
        if args.meili_index:
            env["MEILI_INDEX"] = args.meili_index
        index = args.meili_index or "threads"
        if args.skip_reindex and meili.documents(index) == args.scale:
            log(f"index {index} holds {args.scale} documents: no reindex (--skip-reindex)")
        else:
            report["reindex"] = reindex(args, env, meili)
        report["meilisearch_version"] = meili.get("/version").get("pkgVersion")

    server = benchlib.Server(args.binary, env, args.port, os.path.join(data_dir, "server.log")).start()
    runs = []
    try:
        for n in range(args.runs):
            waited, busy = benchlib.wait_quiet(limit=args.quiet_limit)
            if meili:
                meili.mark_log()
            before = {"machine": benchlib.cpu_jiffies()[0] / os.sysconf("SC_CLK_TCK"),
                      "server": server.cpu_seconds(), "meili": meili.cpu_seconds() if meili else None,
                      "postgres": benchlib.cpu_of_processes("postgres"), "self": time.process_time()}
            started = time.time()
            direct = DirectReplay(meili, server.log_path) if meili else None
            run = measure(args, args.port, args.engine, direct)
            if direct:
                direct.close()
            took = time.time() - started
            after = {"machine": benchlib.cpu_jiffies()[0] / os.sysconf("SC_CLK_TCK"),
                     "server": server.cpu_seconds(), "meili": meili.cpu_seconds() if meili else None,
                     "postgres": benchlib.cpu_of_processes("postgres"), "self": time.process_time()}
            used = {k: round(after[k] - before[k], 2) for k in before if before[k] is not None and after[k] is not None}
            ours = sum(v for k, v in used.items() if k != "machine")
            run.update(seconds=round(took, 1), quiet_wait_s=waited, busy_cores_before=busy,
                       cpu_seconds=used, other_processes_cpu_s=round(max(0.0, used["machine"] - ours), 2))
            if meili and meili.log_path:
                spans_busy, spans_total = meili.search_spans()
                run["meilisearch_own"] = {"busy": stats(spans_busy), "busy_plus_idle": stats(spans_total)}
            runs.append(run)
            a = run["classes"]["all"]
            log(f"run {n + 1}: {args.engine} on {backend}, {args.scale} threads: p50 {a['p50']:.1f} ms, "
                f"p95 {a['p95']:.1f} ms, p99 {a['p99']:.1f} ms ({a['n']} searches in {took:.0f} s; "
                f"other processes took {run['other_processes_cpu_s']} CPU-s; answered by {run['engines_answering']})")
    finally:
        server.stop()
        if meili:
            meili.stop()
    report["runs"] = runs

    print(f"search latency on {args.scale} threads ({backend}, {args.engine}), ms:")
    for i, run in enumerate(runs):
        for name, r in run["classes"].items():
            print(f"  run {i + 1} {name:5} n={r['n']:5}  p50={r['p50']:6.1f}  p95={r['p95']:6.1f}  "
                  f"p99={r['p99']:6.1f}  mean={r['mean']:6.1f}")
        for name, r in run.get("direct", {}).items():
            if r["n"]:
                through = run["classes"][name]
                print(f"  run {i + 1} {name:5} the same requests sent to Meilisearch directly: n={r['n']} "
                      f"p50={r['p50']:.2f} p95={r['p95']:.2f} p99={r['p99']:.2f} "
                      f"(through Fixloop / directly at p95: {through['p95'] / r['p95']:.2f}x)")
        if "meilisearch_own" in run:
            for name, r in run["meilisearch_own"].items():
                if r["n"]:
                    print(f"  run {i + 1} Meilisearch's own time per search ({name}): n={r['n']} p50={r['p50']:.2f} "
                          f"p95={r['p95']:.2f} p99={r['p99']:.2f}")
    print("slowest queries (last run, p95 by words, ms):")
    for words, r in list(runs[-1]["by_words"].items())[:8]:
        print(f"  {words:20} n={r['n']:4}  p50={r['p50']:6.1f}  p95={r['p95']:6.1f}")
    print("by filter (last run, ms):")
    for f, r in runs[-1]["by_filter"].items():
        print(f"  {f:24} n={r['n']:4}  p50={r['p50']:6.1f}  p95={r['p95']:6.1f}")
    path = args.json or os.path.join(benchlib.OUT, f"search-{backend}-{args.engine}-{args.scale}"
                                                   f"{'-' + args.label if args.label else ''}.json")
    benchlib.write_json(path, report)
    log(f"figures in {path}")


if __name__ == "__main__":
    sys.exit(main())
