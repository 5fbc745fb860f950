"""Search-quality benchmarks' shared part (Python 3 standard library only).

Not a script: relevance.py and korean_search.py import it. It loads a corpus
converted to the import format (docs/import-format.md) into a fresh forum —
SQLite, PostgreSQL, or either with Meilisearch — with `fixloop import`, serves
it with the binary, waits until the search engine holds every thread, runs
queries against GET /api/v1/search, and reads `import_ids` to map the file's
thread ids to the forum's.

Engines (the same flags in every script):

    --engine sqlite                                   a fresh SQLite file (default)
    --engine postgres --database-url postgres://…     that database is EMPTIED first
                                                      (its public schema dropped and made again):
                                                      give the bench a database of its own
    --engine meili [--meili-url URL --meili-key KEY]  Meilisearch in front of SQLite (or of
                                                      --database-url): without --meili-url the
                                                      shared binary (--meili-run PATH) is started
                                                      on a temporary database and stopped at the end
"""
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

import benchlib
from benchlib import log

MEILI_RUN = os.path.join(os.path.dirname(benchlib.ROOT), "shared", "meilisearch", "run")

# The limits a benchmark must not run into: anonymous API reads are not rate
# limited today (FIXLOOP_API_REQUESTS_PER_MINUTE counts per token), but a
# limit added later must not turn queries into 429s; the search and page
# caches are off so every query reaches the engine.
BENCH_ENV = {
    "FIXLOOP_API_REQUESTS_PER_MINUTE": "100000000",
    "FIXLOOP_SEARCH_CACHE_SECONDS": "0",
    "FIXLOOP_PAGE_CACHE_SECONDS": "0",
}


def default_binary():
    """The release binary, else the debug one (with a warning), else the release path (check_binary then fails)."""
    release = os.path.join(benchlib.ROOT, "target", "release", "fixloop")
    debug = os.path.join(benchlib.ROOT, "target", "debug", "fixloop")
    if os.path.exists(release):
        return release
    if os.path.exists(debug):
        return debug
    return release


def add_engine_args(ap, port):
    ap.add_argument("--engine", choices=["sqlite", "postgres", "meili"], default="sqlite")
    ap.add_argument("--binary", default=None,
                    help="default target/release/fixloop (target/debug/fixloop when there is no release build)")
    ap.add_argument("--database-url", default="",
                    help="postgres://… for --engine postgres (EMPTIED first); with --engine meili optional")
    ap.add_argument("--meili-url", default="", help="a running Meilisearch (default: start --meili-run)")
    ap.add_argument("--meili-key", default="", help="its master or admin key")
    ap.add_argument("--meili-run", default=MEILI_RUN, help="the Meilisearch binary to start without --meili-url")
    ap.add_argument("--meili-port", type=int, default=port + 1700)
    ap.add_argument("--port", type=int, default=port)
    ap.add_argument("--data-dir", default=None, help="default bench/out/<script>-<engine> (emptied first)")


def check_engine_args(ap, args):
    if args.engine == "postgres" and not args.database_url.startswith(("postgres://", "postgresql://")):
        ap.error("--engine postgres needs --database-url postgres://…")
    if args.engine == "sqlite" and args.database_url:
        ap.error("--engine sqlite uses a fresh SQLite file: leave out --database-url")
    if args.meili_url and not args.meili_key:
        ap.error("--meili-url needs --meili-key")
    args.binary = args.binary or default_binary()
    benchlib.check_binary(args.binary)
    if "/debug/" in args.binary:
        log(f"note: using the debug binary {args.binary} (no release build): slower, same results")


def binary_commit(binary):
    """What the binary says of itself (`fixloop --version`) and the tree's commit."""
    info = benchlib.binary_info(binary)
    try:
        info["version"] = subprocess.run([binary, "--version"], capture_output=True, text=True,
                                         timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        pass
    inside = os.path.realpath(binary).startswith(os.path.realpath(benchlib.ROOT) + os.sep)
    # A binary built elsewhere (another checkout) is not this tree's: say so rather than name this commit.
    info["tree_commit"] = benchlib.machine().get("commit") if inside else "(binary outside this tree)"
    return info


# --- Meilisearch -------------------------------------------------------------

class Meili:
    """A Meilisearch server: the one --meili-url names, or one started here (stopped at exit)."""

    def __init__(self, args, work_dir):
        self.proc = None
        self.url, self.key = args.meili_url.rstrip("/"), args.meili_key
        self.db_dir = None
        if not self.url:
            if not os.path.exists(args.meili_run):
                sys.exit(f"no Meilisearch at {args.meili_run}: pass --meili-url/--meili-key or --meili-run")
            self.key = secrets.token_hex(16)
            self.url = f"http://127.0.0.1:{args.meili_port}"
            self.db_dir = tempfile.mkdtemp(prefix="meili-", dir=work_dir)
            self.log_path = os.path.join(work_dir, "meilisearch.log")
            self.log_file = open(self.log_path, "ab")
            self.proc = subprocess.Popen([args.meili_run, "--no-analytics", "--http-addr",
                                          f"127.0.0.1:{args.meili_port}", "--db-path",
                                          os.path.join(self.db_dir, "ms"), "--master-key", self.key],
                                         stdout=self.log_file, stderr=subprocess.STDOUT, start_new_session=True)
            import atexit
            atexit.register(self.stop)
            deadline = time.time() + 120
            while True:
                if self.proc.poll() is not None:
                    sys.exit(f"Meilisearch exited with {self.proc.returncode}; see {self.log_path}")
                try:
                    if self.request("GET", "/health").get("status") == "available":
                        break
                except OSError:
                    pass
                if time.time() > deadline:
                    sys.exit(f"Meilisearch did not become available within 120 s; see {self.log_path}")
                time.sleep(0.2)
        self.version = self.request("GET", "/version").get("pkgVersion")
        log(f"Meilisearch {self.version} on {self.url}" + (" (started here)" if self.proc else ""))

    def request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Authorization": f"Bearer {self.key}",
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as r:
            raw = r.read()
        return json.loads(raw) if raw else {}

    def documents(self, index):
        try:
            return self.request("GET", f"/indexes/{index}/stats").get("numberOfDocuments")
        except (OSError, urllib.error.HTTPError):
            return None

    def pending_tasks(self, index):
        page = self.request("GET", f"/tasks?indexUids={urllib.parse.quote(index)}&statuses=enqueued,processing"
                                   f"&limit=1")
        return page.get("total", len(page.get("results", [])))

    def delete_index(self, index):
        try:
            self.request("DELETE", f"/indexes/{index}")
        except (OSError, urllib.error.HTTPError):
            pass

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.db_dir:
            shutil.rmtree(self.db_dir, ignore_errors=True)
            self.db_dir = None


# --- the forum ---------------------------------------------------------------

class Forum:
    """A fresh forum on one engine: import a file, serve it, search it."""

    def __init__(self, args, name):
        self.args, self.name = args, name
        self.engine = args.engine
        self.data_dir = os.path.abspath(args.data_dir or os.path.join(benchlib.OUT, f"{name}-{args.engine}"))
        marker = os.path.join(self.data_dir, ".searchbench")
        if os.path.exists(self.data_dir):
            if os.listdir(self.data_dir) and not os.path.exists(marker):
                sys.exit(f"{self.data_dir} is not empty and was not made by a search bench: choose another --data-dir")
            shutil.rmtree(self.data_dir)
        os.makedirs(self.data_dir)
        open(marker, "w").close()
        self.database_url = args.database_url
        self.meili = None
        self.meili_index = None
        self.server = None
        extra = dict(BENCH_ENV)
        if self.engine == "meili":
            self.meili = Meili(args, self.data_dir)
            # An index of its own: a shared server may hold others' indexes.
            self.meili_index = f"bench_{name}_{int(time.time())}_{os.getpid()}"
            extra.update(MEILI_URL=self.meili.url, MEILI_API_KEY=self.meili.key, MEILI_INDEX=self.meili_index)
        self.env = benchlib.server_env(self.data_dir, args.port, self.database_url, extra)
        if self.engine != "meili":
            for k in ("MEILI_URL", "MEILI_API_KEY", "MEILI_INDEX"):
                self.env.pop(k, None)
        if benchlib.backend_of(self.database_url) == "postgres":
            log(f"emptying the PostgreSQL database {redact(self.database_url)} (public schema dropped and made again)")
            benchlib.which_or_install("psql", "postgresql-client")
            benchlib.reset_postgres(self.database_url)
        self.db = benchlib.Db(self.database_url, self.data_dir)

    def describe(self):
        d = {"engine": self.engine, "database": benchlib.backend_of(self.database_url), "data_dir": self.data_dir}
        if self.meili:
            d["meilisearch"] = {"url": self.meili.url, "version": self.meili.version, "index": self.meili_index}
        try:
            d["database_version"] = self.db.version()
        except Exception:  # noqa: BLE001 - informative only
            pass
        return d

    def import_file(self, path):
        """`fixloop import FILE`: (seconds, exit status, refused lines' messages, the summary it printed)."""
        started = time.time()
        r = subprocess.run([self.args.binary, "import", path], env=self.env, capture_output=True, text=True)
        took = time.time() - started
        refused = [line for line in r.stderr.splitlines() if re.match(r"line \d+:", line)]
        if r.returncode != 0 and not refused:
            sys.exit(f"fixloop import failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
        return took, r.returncode, refused, r.stdout.strip()

    def serve(self):
        self.server = benchlib.Server(self.args.binary, self.env, self.args.port,
                                      os.path.join(self.data_dir, "server.log")).start()
        return self.server

    def health(self):
        status, body = self.server.health(timeout=10)
        return json.loads(body) if status == 200 else {}

    def wait_indexed(self, threads, timeout=900):
        """Meilisearch: waits until the outbox is empty, Meilisearch has no task left for the index and
        it holds every thread. The builtin engines are indexed by the import itself."""
        if self.engine != "meili":
            return 0.0
        started = time.time()
        last = None
        while True:
            backlog = (self.health().get("search") or {}).get("outbox_backlog")
            docs = self.meili.documents(self.meili_index)
            pending = self.meili.pending_tasks(self.meili_index) if docs is not None else None
            if backlog == 0 and pending == 0 and docs == threads:
                took = time.time() - started
                log(f"Meilisearch holds all {threads} threads ({took:.0f} s after the server started)")
                return took
            if time.time() - started > timeout:
                sys.exit(f"Meilisearch did not catch up within {timeout} s: outbox {backlog}, "
                         f"{docs} documents of {threads}, {pending} tasks pending; see {self.server.log_path}")
            state = (backlog, docs, pending)
            if state != last and time.time() - started > 5:
                log(f"  waiting for Meilisearch: outbox {backlog}, {docs} of {threads} documents, {pending} tasks")
                last = state
            time.sleep(1)

    def import_ids(self, record_type):
        """{file id: new id} of one record type."""
        rows = self.db.rows(f"SELECT source_id, new_id FROM import_ids WHERE record_type = '{record_type}'")
        return {str(s): int(n) for s, n in rows}

    def client(self):
        return benchlib.Client(self.args.port, timeout=60)

    def close(self):
        if self.server:
            self.server.stop()
        if self.meili:
            if self.meili.proc is None:
                self.meili.delete_index(self.meili_index)
            self.meili.stop()


def search(client, q, page=1, extra=""):
    """GET /api/v1/search: the answer's JSON (hits, total, engine, notice)."""
    path = f"/api/v1/search?q={urllib.parse.quote(q)}&page={page}{extra}"
    for attempt in range(5):
        status, headers, body = client.get(path)
        if status == 429:  # should not happen with BENCH_ENV; wait as told
            time.sleep(float(headers.get("retry-after", "1")))
            continue
        if status != 200:
            raise RuntimeError(f"{path}: {status} {body[:300]!r}")
        return json.loads(body)
    raise RuntimeError(f"{path}: still rate limited after 5 tries")


def ranked_ids(client, q, depth):
    """The thread ids of the first `depth` hits (as many pages as that takes), the engines that answered
    and the answer's notice."""
    ids, engines, notice, page = [], set(), None, 1
    while len(ids) < depth:
        answer = search(client, q, page)
        if answer.get("engine"):
            engines.add(answer["engine"])
        notice = notice or answer.get("notice")
        hits = answer.get("hits", [])
        ids.extend(h["thread_id"] for h in hits)
        per_page = answer.get("per_page") or len(hits)
        if not hits or len(hits) < per_page or len(ids) >= answer.get("total", 0):
            break
        page += 1
    return ids[:depth], engines, notice


def redact(url):
    return re.sub(r"//([^:/@]+):[^@]+@", r"//\1:***@", url)


def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def staff_member():
    return {"type": "member", "id": "staff", "username": "bench_staff", "email": "bench-staff@example.com",
            "role": "staff"}


def verdict(value, target, op=">="):
    ok = value >= target if op == ">=" else value <= target
    return "met" if ok else "NOT met"
