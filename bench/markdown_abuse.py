#!/usr/bin/env python3
"""The nastiest Markdown bodies through preview and post, while a visitor and a member read a normal page (a script, not a test).

Issue 13 §1. Starts the release binary on a fresh copy of a small generated
data set (`fixloop demo --scale 2000`, built once), logs a demo member in and
opens two threads of its own: one to preview replies on, one to post them to
(so neither the previews, which show the thread's last page, nor the page being
measured carry the abusive posts). Then every body below, at or just under the
64 KiB limit (65,536 bytes), goes through

    reply preview    POST /t/{id}/reply  action=preview   200 (422 when invalid)
    thread preview   POST /threads/new   action=preview   200 (422 when invalid)
    reply            POST /t/{id}/reply  action=post      303 (422 when invalid)

in rounds (each body once per round), at least --reps times each and for at
least --min-duration s (fewer only when the --budget runs short), timed on the
client (wall time, request sent to answer read): max and median, and the median
minus the plain-prose body's (the "excess": what the body's shape costs, not
its size). `--list` shows the bodies.

Meanwhile two other processes read a normal thread page in a loop, one as a
visitor (page cache on, emptied by every post), one as a logged-in member
(rendered every time), each on --page-connections keep-alive connections (one
request at a time per connection, --think-ms between requests, spread over the
server's workers), and record every answer's time and status; the same reading
runs first for --baseline-seconds with no abuse. Reported: p50, p99, max, the
answers that took over a second, and p99 corrected for coordinated omission (a
closed loop stuck behind a 10 s render is one slow sample; users arriving
meanwhile would have been many). With --writer-ms N a third member also posts a
short reply every N ms (to a thread of its own), to see normal writers wait
behind an abusive post. 503 answers (the server busy writing, with Retry-After)
are counted apart, never as success. A watchdog samples the server's resident
memory and kills it past --max-rss-mib; a server killed so, or dead by itself,
is restarted and the body that did it named.

    cargo build --release
    python3 bench/markdown_abuse.py                          # SQLite, ~3 minutes
    python3 bench/markdown_abuse.py --binary target/debug/fixloop --reps 1 --budget 120   # mechanics only
    python3 bench/markdown_abuse.py --list                   # the bodies: key, size, what
    python3 bench/markdown_abuse.py --only list-nest,huge-table --writer-ms 200

Writes bench/out/markdown_abuse.md (the table and a summary line: the worst
render time and the normal page's p99) and bench/out/markdown_abuse.json.
Loopback only. Bounded: set-up (a few seconds) + --baseline-seconds + --budget
(soft: a body gets more repetitions only while time is left; past twice the
budget the remaining bodies are skipped; one request is given up after
--timeout s). About 3 minutes with the release build; a debug build renders the
worst bodies ~25 s each: give it --reps 1, or --only.
Exit status 1 when a body got an unexpected status, the server died or was
killed, or the normal page answered anything but 200 during the abuse.
"""
import gzip
import multiprocessing
import os
import random
import re
import resource
import shutil
import signal
import statistics
import sys
import threading
import time
import urllib.parse
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as B  # noqa: E402

LIMIT = 64 * 1024           # src/forum/discussion/threads.rs MAX_BODY_BYTES
FORM_LIMIT = 256 * 1024     # src/lib.rs FORM_LIMIT_BYTES
ENDPOINTS = [("preview", "reply preview"), ("thread", "thread preview"), ("post", "reply")]
EXPECT_OK = {"preview": 200, "thread": 200, "post": 303}


# --- the bodies ------------------------------------------------------------

PROSE_WORDS = ("the fan spins up as soon as the laptop wakes and the battery reads four volts after a minute on "
               "the charger so I reseated the connector cleaned the contacts with isopropyl alcohol and replaced "
               "the thermal paste on the processor before putting the bottom cover back with all ten screws "
               "it still shuts down under load which points at the charging circuit or a swollen cell").split()


def prose(size, paragraphs=True, seed=13):
    """Ordinary sentences (paragraphs of about 600 bytes unless `paragraphs` is false), exactly `size` bytes."""
    rng = random.Random(seed)
    out, n, para = [], 0, 0
    while n < size:
        words = [rng.choice(PROSE_WORDS) for _ in range(rng.randint(8, 20))]
        s = " ".join(words).capitalize() + ". "
        para += len(s)
        if paragraphs and para > 600:
            s = s.rstrip() + "\n\n"
            para = 0
        out.append(s)
        n += len(s)
    text = "".join(out)[:size].rstrip()
    return text + "x" * (size - len(text))


def fill(unit, prefix="", suffix="", limit=LIMIT):
    """prefix + unit × as many as fit + suffix, at most `limit` bytes."""
    n = (limit - len(prefix.encode()) - len(suffix.encode())) // len(unit.encode())
    return prefix + unit * n + suffix


def lines(make, limit=LIMIT, start=0):
    """make(start) + make(start + 1) + … while it fits in `limit` bytes."""
    out, n, i = [], 0, start
    while True:
        s = make(i)
        if n + len(s.encode()) > limit:
            return "".join(out)
        out.append(s)
        n += len(s.encode())
        i += 1


def pairs(first, second, limit=LIMIT, sep="\n\n"):
    """first(1) first(2) … then sep then second(1) second(2) …, as many i as fit."""
    a, b, n, i = [], [], len(sep), 1
    while True:
        x, y = first(i), second(i)
        if n + len(x) + len(y) > limit:
            return "".join(a) + sep + "".join(b)
        a.append(x)
        b.append(y)
        n += len(x) + len(y)
        i += 1


def table(cols, row):
    """A header and delimiter row of `cols` columns, then `row` as many times as fit."""
    head = "|" + "a|" * cols + "\n"
    delim = "|" + "-|" * cols + "\n"
    return head + delim + fill(row, limit=LIMIT - len(head) - len(delim))


def bodies():
    """[(key, what, body, expected kind)]: "ok" (rendered), "too-long" (422) or "form-limit" (400)."""
    solid = "".join(chr(97 + i % 26) for i in range(LIMIT))
    over = prose(LIMIT + 1)
    return [
        ("plain", "plain prose in paragraphs (the baseline)", prose(LIMIT), "ok"),
        ("list-nest", '`"- " × N + "x"`', fill("- ", suffix="x"), "ok"),
        ("quote-nest", '`"> " × N + "x"`', fill("> ", suffix="x"), "ok"),
        ("ordered-nest", '`"1. " × N`', fill("1. "), "ok"),
        ("mixed-nest", '`"> - 1. " × N + "x"`', fill("> - 1. ", suffix="x"), "ok"),
        ("list-lines", "a list one level deeper on each line", lines(lambda i: "  " * i + "- x\n"), "ok"),
        ("ordered-lines", "an ordered list one level deeper on each line", lines(lambda i: "   " * i + "1. x\n"), "ok"),
        ("quote-lines", "one more `>` on each line", lines(lambda i: ">" * i + " x\n", start=1), "ok"),
        ("stars", '`"*" × 65000`', "*" * 65000, "ok"),
        ("stars-inline", '`"x" + "*" × N + "x"` (one delimiter run, not a rule)', fill("*", prefix="x", suffix="x"), "ok"),
        ("underscore-a", '`"_a" × N`', fill("_a"), "ok"),
        ("emph-alt", '`"*a **" × N`', fill("*a **"), "ok"),
        ("tildes", '`"~~a" × N`', fill("~~a"), "ok"),
        ("brackets", '`"[" × N`', fill("["), "ok"),
        ("image-brackets", '`"![" × N`', fill("!["), "ok"),
        ("link-open", '`"[a](" × N`', fill("[a]("), "ok"),
        ("link-refs", "link reference definitions `[a1]: /x` … and a use of each",
         pairs(lambda i: f"[a{i}] ", lambda i: f"[a{i}]: /x\n"), "ok"),
        ("footnotes", "footnote references `[^f1]` … and definitions, each citing the next",
         pairs(lambda i: f"[^f{i}] ", lambda i: f"[^f{i}]: n [^f{i + 1}]\n\n"), "ok"),
        ("huge-table", "5,000-column header and delimiter, then one-character rows", table(5000, "x\n"), "ok"),
        ("wide-table", "64 columns, as many full rows as fit", table(64, "|x" * 64 + "|\n"), "ok"),
        ("long-line-words", "one 64 KiB line of words", prose(LIMIT, paragraphs=False), "ok"),
        ("long-line-solid", "one 64 KiB line without spaces", solid, "ok"),
        ("backticks", '`` "`" × N ``', fill("`"), "ok"),
        ("backtick-ladder", "backtick runs of 1, 2, 3 … characters, none closed",
         lines(lambda i: "`" * i + " ", start=1), "ok"),
        ("lt", '`"<" × N`', fill("<"), "ok"),
        ("autolinks", '`"<http://a.b/>" × N`', fill("<http://a.b/>"), "ok"),
        ("entities", '`"&amp;" × N`', fill("&amp;"), "ok"),
        ("backslashes", '`"\\\\" × N`', fill("\\"), "ok"),
        ("headings", '`"# " × N`', fill("# "), "ok"),
        ("heading-attrs", "one heading with ~21,000 `.c` attributes", fill(".c ", prefix="# h {", suffix="}"), "ok"),
        ("setext", '`"a\\n=\\n" × N` (setext underlines)', fill("a\n=\n"), "ok"),
        ("setext-long", '`"a\\n" + "=" × N` (one long underline)', fill("=", prefix="a\n"), "ok"),
        ("html-div", '`"<div>" × N`', fill("<div>"), "ok"),
        ("tasklist", '`"- [x] a\\n" × N`', fill("- [x] a\n"), "ok"),
        ("over-limit", "plain prose of 65,537 bytes: refused", over, "too-long"),
        ("over-form-limit", "300,000 bytes, over the 256 KiB form limit: refused", prose(300_000), "form-limit"),
    ]


def expected_status(expect, endpoint):
    return {"ok": EXPECT_OK[endpoint], "too-long": 422, "form-limit": 400}[expect]


# --- the normal page, read by another process --------------------------------

def probe_loop(port, cookie, request, think_ms, stop, rows, idx):
    """One keep-alive connection: request(client) in a loop until `stop`; appends (unix time, ms, status, idx)."""
    c = B.Client(port, timeout=30)
    if cookie:
        c.cookies["fixloop_session"] = cookie
    while not stop.is_set():
        t, p = time.time(), time.perf_counter()
        try:
            status = request(c)
        except Exception:  # noqa: BLE001 - no answer (timeout, reset, refused): counted as status 0
            status = 0
            c.close()
        rows.append((t, (time.perf_counter() - p) * 1000, status, idx))
        if status == 0:
            time.sleep(0.1)
        elif think_ms:
            time.sleep(think_ms / 1000)
    c.close()


def probe_main(mode, port, target, cookie, token, accept_encoding, think_ms, connections, stop, conn):
    """A reader ("read": GET target) or a writer ("write": a short reply to thread `target`) on `connections`
    connections at once, until `stop`; sends back [(unix time, ms, status, connection)] (status 0: no answer)."""
    # This process (a fresh interpreter) owns no server; it ends when told, or on SIGTERM.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    headers = {"Accept": "text/html"}
    if accept_encoding:
        headers["Accept-Encoding"] = accept_encoding
    seq = [0]

    def read(c):
        return c.request("GET", target, headers=headers)[0]

    def write(c):
        seq[0] += 1
        return c.post_form(f"/t/{target}/reply", {
            "csrf_token": token, "action": "post",
            "body": f"Normal reply {seq[0]} while the bodies run: the hinge screws were loose, threadlocker fixed it."})[0]

    rows = []
    threads = [threading.Thread(target=probe_loop, daemon=True,
                                args=(port, cookie, read if mode == "read" else write, think_ms, stop, rows, i))
               for i in range(connections)]
    try:
        for t in threads:
            t.start()
            time.sleep(0.05)  # connections accepted one after the other: spread over the server's workers
        for t in threads:
            t.join()
    finally:
        conn.send(rows)
        conn.close()


class Probe:
    """Another process reading the normal page (or writing normal replies) while the bodies are sent."""

    def __init__(self, name, mode, port, target, cookie, token, think_ms, connections, args):
        ctx = multiprocessing.get_context("spawn")
        self.name, self.think_ms, self.connections = name, think_ms, connections
        self.stop_event = ctx.Event()
        self.parent_conn, child_conn = ctx.Pipe(duplex=False)
        self.proc = ctx.Process(target=probe_main, daemon=True, args=(
            mode, port, target, cookie, token, args.accept_encoding, think_ms, connections, self.stop_event,
            child_conn))
        self.rows = []

    def start(self):
        self.proc.start()
        return self

    def cpu_seconds(self):
        stat = B.process_stat(self.proc.pid)
        return 0.0 if stat is None else stat[1] / os.sysconf("SC_CLK_TCK")

    def finish(self):
        self.stop_event.set()
        if self.parent_conn.poll(60):
            self.rows = self.parent_conn.recv()
        self.proc.join(10)
        if self.proc.is_alive():
            self.proc.kill()
        return self.rows


def corrected(values, interval):
    """Latencies as users arriving every `interval` ms would see them: a closed loop sends nothing while it
    waits, so one 10 s stall is one sample; add the requests that would have waited behind it (HdrHistogram's
    correction for coordinated omission)."""
    out = list(values)
    if interval > 0:
        for v in values:
            missing = v - interval
            while missing >= interval:
                out.append(missing)
                missing -= interval
    return out


def page_stats(rows, t0, t1, ok_status=200, interval=None):
    sel = [r for r in rows if t0 <= r[0] < t1]
    ok = [r[1] for r in sel if r[2] == ok_status]
    statuses = {}
    for r in sel:
        statuses[r[2]] = statuses.get(r[2], 0) + 1
    out = {"requests": len(sel), "p50_ms": round(B.percentile(ok, 50), 2) if ok else None,
           "p99_ms": round(B.percentile(ok, 99), 2) if ok else None, "max_ms": round(max(ok), 2) if ok else None,
           "stalls_1s": sum(1 for v in ok if v >= 1000),
           "non_ok": sum(n for s, n in statuses.items() if s != ok_status),
           "n_503": statuses.get(503, 0),
           "statuses": {("no answer" if s == 0 else str(s)): n for s, n in sorted(statuses.items())}}
    if interval is not None and ok:
        out["p99_corrected_ms"] = round(B.percentile(corrected(ok, interval), 99), 2)
    return out


# --- the server, watched -----------------------------------------------------

class Watched:
    """The server, its memory sampled every 20 ms; killed (SIGKILL) past a limit; restarted on demand."""

    def __init__(self, binary, env, port, log_path, max_rss_kib):
        self.binary, self.env, self.port, self.log_path = binary, env, port, log_path
        self.max_rss_kib = max_rss_kib
        self.server = None
        self.lock = threading.Lock()
        self.peak_kib = 0            # since reset_peak()
        self.killed_at_kib = None    # set when the watchdog killed the server
        self.restarts = 0
        self.log_offset = os.path.getsize(log_path) if os.path.exists(log_path) else 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def start(self):
        self.server = B.Server(self.binary, self.env, self.port, self.log_path).start(timeout=120)
        if not self.thread.is_alive():
            self.thread.start()
        return self

    def _watch(self):
        while not self.done.is_set():
            with self.lock:
                s = self.server
                rss = s.status_field("VmRSS") if s is not None and s.alive() else None
                if rss is not None:
                    self.peak_kib = max(self.peak_kib, rss)
                    if rss > self.max_rss_kib:
                        self.killed_at_kib = rss
                        s.kill9()
            time.sleep(0.02)

    def reset_peak(self):
        """Starts a new peak from the resident memory now; returns it (KiB)."""
        with self.lock:
            s = self.server
            self.peak_kib = (s.status_field("VmRSS") or 0) if s is not None and s.alive() else 0
            return self.peak_kib

    def alive(self):
        return self.server is not None and self.server.alive()

    def dead(self, failed):
        """Whether the server is gone; after a request that got no answer, gives it a second to be reaped
        (a kill in flight, or a crash, is seen at once rather than by the next request)."""
        if self.killed_at_kib is not None:
            return True
        s = self.server
        if s is None or s.proc is None:
            return True
        if failed:
            try:
                s.proc.wait(timeout=1)
            except Exception:  # noqa: BLE001 - subprocess.TimeoutExpired: still running
                pass
        return s.proc.poll() is not None

    def restart(self):
        with self.lock:
            old = self.server
            code = old.proc.poll() if old is not None and old.proc is not None else None
            if old is not None:
                old.stop()
            self.server = None
        self.restarts += 1
        B.log(f"  restarting the server (it exited with {code}) …")
        new = B.Server(self.binary, self.env, self.port, self.log_path).start(timeout=120)
        with self.lock:
            self.server = new
        return code

    def stop(self):
        self.done.set()
        if self.server is not None:
            self.server.stop()


# --- measuring ---------------------------------------------------------------

def form(fields):
    return urllib.parse.urlencode(fields).encode()


def send(client, path, encoded, accept_encoding):
    """(status or "timeout"/"no answer (…)", ms, the answer's size as HTML, retry-after).

    The size is the decompressed one (gzip, deflate); None when the answer came in another encoding (br)."""
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if accept_encoding:
        headers["Accept-Encoding"] = accept_encoding
    t = time.perf_counter()
    try:
        status, h, data = client.request("POST", path, body=encoded, headers=headers)
    except TimeoutError:
        client.close()
        return "timeout", (time.perf_counter() - t) * 1000, 0, None
    except Exception as e:  # noqa: BLE001 - reset, refused, http.client's own errors: no answer
        client.close()
        return f"no answer ({type(e).__name__})", (time.perf_counter() - t) * 1000, 0, None
    ms = (time.perf_counter() - t) * 1000
    return status, ms, html_size(h.get("content-encoding", ""), data), h.get("retry-after")


def html_size(encoding, data):
    encoding = encoding.strip().lower()
    try:
        if encoding in ("", "identity"):
            return len(data)
        if encoding == "gzip":
            return len(gzip.decompress(data))
        if encoding == "deflate":
            try:
                return len(zlib.decompress(data))
            except zlib.error:
                return len(zlib.decompress(data, -zlib.MAX_WBITS))
    except (OSError, EOFError, zlib.error):
        return None
    return None


def summarize(samples, expected):
    """samples: [(status, ms, bytes)] of one endpoint for one body."""
    good = [ms for s, ms, _ in samples if s == expected]
    statuses = {}
    for s, _, _ in samples:
        statuses[str(s)] = statuses.get(str(s), 0) + 1
    slowest_sample = max(samples, key=lambda x: x[1], default=None)
    slowest = slowest_sample[1] if slowest_sample else None
    return {"n": len(samples), "expected": expected, "statuses": statuses,
            "max_ms": round(max(good), 1) if good else None,
            "median_ms": round(statistics.median(good), 1) if good else None,
            "slowest_any_ms": round(slowest, 1) if slowest is not None else None,
            "answer_bytes": max((b for s, _, b in samples if s == expected and b is not None), default=None),
            "n_503": statuses.get("503", 0), "timeouts": statuses.get("timeout", 0),
            "slowest_timed_out": bool(slowest_sample and slowest_sample[0] == "timeout"),
            "unexpected": sum(n for s, n in statuses.items() if s not in (str(expected), "503"))}


def create_thread(client, title, body):
    status, headers, data = client.post_form("/threads/new", {
        "csrf_token": client.token, "kind": "discussion", "title": title, "device": "", "body": body,
        "action": "post"})
    m = re.search(r"/t/(\d+)", headers.get("location", "")) if status == 303 else None
    if not m:
        raise RuntimeError(f"creating a thread failed: {status} {data[:300]!r}")
    return int(m.group(1))


def prepare_rows(kinds, client):
    """One row per body, its three forms encoded once (not while the clock runs)."""
    rows = []
    for key, what, body, expect in kinds:
        rows.append({"key": key, "what": what, "bytes": len(body.encode()), "expect": expect, "events": [],
                     "reps": 0, "seconds": 0.0, "intervals": [], "rss_peak_kib": 0, "rss_growth_kib": 0,
                     "encoded": {
                         "preview": form({"csrf_token": client.token, "body": body, "action": "preview"}),
                         "thread": form({"csrf_token": client.token, "kind": "discussion",
                                         "title": f"Preview of {key}", "device": "", "body": body,
                                         "action": "preview"}),
                         "post": form({"csrf_token": client.token, "body": body, "action": "post"})},
                     "samples": {e: [] for e, _ in ENDPOINTS}})
    return rows


def run_bodies(watched, client, rows, targets, args, started):
    """Sends every body through the three endpoints, in rounds (every body once per round) so that each body's
    repetitions are spread over the run; fills in and returns the rows.

    Rounds go on until every body has --reps repetitions and --min-duration has passed, or --max-reps. A body
    whose one round would not fit in the --budget left sits out the round (its first round always runs, unless
    twice the budget is already spent)."""
    deadline_soft, deadline_hard = started + args.budget, started + 2 * args.budget
    paths = {"preview": f"/t/{targets['preview']}/reply", "thread": "/threads/new",
             "post": f"/t/{targets['post']}/reply"}
    rnd = 0
    while rnd < args.max_reps:
        rnd += 1
        done_any = False
        for row in rows:
            now = time.time()
            if row["reps"] == 0:
                if now > deadline_hard:
                    row["skipped"] = True
                    continue
            elif now + row["seconds"] / row["reps"] > deadline_soft:
                continue
            samples = row["samples"]
            rss_before = watched.reset_peak()
            t_row = time.time()
            sent = False
            for e, _ in ENDPOINTS:
                if samples[e] and samples[e][-1][0] == "timeout":
                    continue  # one timeout is enough: the server may still be busy with it
                sent = True
                a0 = time.time()
                status, ms, nbytes, retry = send(client, paths[e], row["encoded"][e], args.accept_encoding)
                row["intervals"].append((a0, time.time()))
                samples[e].append((status, ms, nbytes))
                if status == 503:
                    row["events"].append(f"{e}: 503 (Retry-After {retry})")
                if watched.dead(failed=not isinstance(status, int)):
                    killed = watched.killed_at_kib
                    code = watched.restart()
                    if killed:
                        row["events"].append(f"{e}: server killed by the watchdog at {killed / 1024:.0f} MiB")
                        watched.killed_at_kib = None
                    else:
                        row["events"].append(f"{e}: the server died (exit status {code})")
                    client.close()
            if not sent:
                continue
            row["seconds"] += time.time() - t_row
            row["reps"] += 1
            row["rss_peak_kib"] = max(row["rss_peak_kib"], watched.peak_kib)
            row["rss_growth_kib"] = max(row["rss_growth_kib"], watched.peak_kib - rss_before)
            done_any = True
            if rnd == 1:
                log_row(row)
        elapsed = time.time() - started
        if not done_any or elapsed > deadline_soft - started:
            break
        if all(finished(r, args.reps) for r in rows) and elapsed >= args.min_duration:
            break
    B.log(f"{rnd} rounds in {time.time() - started:.0f} s")
    for row in rows:
        del row["encoded"]
        row["rss_peak_mib"] = round(row.pop("rss_peak_kib") / 1024, 1)
        row["rss_growth_mib"] = round(row.pop("rss_growth_kib") / 1024, 1)
        samples = row.pop("samples")
        for e, _ in ENDPOINTS:
            row[e] = summarize(samples[e], expected_status(row["expect"], e))
    return rows


def finished(row, reps):
    """Whether a body needs no more rounds: skipped, enough repetitions, or every endpoint timed out."""
    return (row.get("skipped") or row["reps"] >= reps
            or all(row["samples"][e] and row["samples"][e][-1][0] == "timeout" for e, _ in ENDPOINTS))


def log_row(row):
    s = row["samples"]
    B.log(f"{row['key']:16} {row['bytes']:7,} B  " + "  ".join(
        f"{e} {fmt_ms(s[e][-1][1]) if s[e] else '—'} ms {s[e][-1][0] if s[e] else ''}" for e, _ in ENDPOINTS)
        + f"  rss {row['rss_peak_kib'] / 1024:.0f} MiB" + (f"  [{'; '.join(row['events'])}]" if row["events"] else ""))


def overlapping(rows, intervals, ok_status):
    """The probe requests (sorted by start) that overlapped any of the intervals: (max ms of ok answers, others)."""
    import bisect
    starts = [r[0] for r in rows]
    longest = max((r[1] for r in rows), default=0) / 1000
    seen = set()
    for a0, a1 in intervals:
        i = bisect.bisect_left(starts, a0 - longest)
        j = bisect.bisect_left(starts, a1)
        for k in range(i, j):
            t, ms = rows[k][0], rows[k][1]
            if t + ms / 1000 > a0:
                seen.add(k)
    ok = [rows[k][1] for k in seen if rows[k][2] == ok_status]
    return {"requests": len(seen), "max_ms": round(max(ok), 2) if ok else None,
            "non_ok": sum(1 for k in seen if rows[k][2] != ok_status)}


# --- the report --------------------------------------------------------------

def fmt_ms(v):
    if v is None:
        return "—"
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.1f}"


def fmt_kib(n):
    return "—" if n is None else f"{n / 1024:,.0f} KiB"


def fmt_excess(v):
    if v is None:
        return "—"
    return ("+" if v >= 0 else "−") + fmt_ms(abs(v))


def compact(statuses):
    return ",".join(f"{s}×{n}" for s, n in statuses.items())


def add_excess(rows):
    base = next((r for r in rows if r["key"] == "plain" and not r.get("skipped")), None)
    for r in rows:
        if r.get("skipped"):
            continue
        for e, _ in ENDPOINTS:
            b = base[e]["median_ms"] if base else None
            m = r[e]["median_ms"]
            r[e]["excess_ms"] = round(m - b, 1) if m is not None and b is not None else None


def worst(rows):
    """(ms, body key, endpoint label, timed out) of the slowest abusive request, answered or given up on."""
    best = (None, None, None, False)
    for r in rows:
        if r.get("skipped") or r["key"] == "plain":
            continue
        for e, label in ENDPOINTS:
            v = r[e]["slowest_any_ms"]
            if v is not None and (best[0] is None or v > best[0]):
                best = (v, r["key"], label, r[e]["slowest_timed_out"])
    return best


def markdown(result):
    m, rows = result["machine"], result["rows"]
    lines_ = ["### Markdown abuse: preview and post with the nastiest bodies, a normal page read alongside", ""]
    lines_.append(f"- Machine: {m.get('nproc')} cores ({m.get('cpu', '?')}), {m.get('ram_gib', '?')} GiB RAM, "
                  f"Linux {m.get('kernel')}, {m.get('os', '')}; {result['db_version']}")
    b = result["binary"]
    lines_.append(f"- Binary: {b['path']} (sha256 {b['sha256']}…, built {b['built']}); repository at "
                  f"{m.get('commit')} when measured")
    if result["debug_build"]:
        lines_.append("- **Debug build**: these figures are not the release build's; run again with "
                      "`cargo build --release` for docs/benchmarks.md")
    lines_.append(f"- Data set: fresh copy of `fixloop demo --scale {result['scale']}`; bodies sent by one member "
                  f"(one keep-alive connection, one request at a time, Accept-Encoding "
                  f"{result['accept_encoding'] or '(none)'!r}); replies previewed on thread {result['targets']['preview']}, "
                  f"posted to thread {result['targets']['post']} (both opened by the script)")
    conns = result["page_stats"]["visitor"]["connections"]
    lines_.append(f"- Normal page: `{result['page']}` read in a loop by two other processes (visitor, member; "
                  f"{conns} keep-alive connections each, one request at a time per connection, "
                  f"{result['think_ms']:.0f} ms between requests); baseline {result['baseline_seconds']:.0f} s "
                  f"without abuse first" + (f"; normal replies posted by a third member every "
                                             f"{result['writer_ms']:.0f} ms" if result["writer_ms"] else ""))
    lines_.append(f"- Server: default settings (workers one per core, page cache 10 s), new-member limits lifted "
                  f"(posts per hour, link-free posts 0); CPU during the abuse: server {result['cpu']['server_s']} s, "
                  f"this script and its readers {result['cpu']['clients_s']} s, other processes "
                  f"{result['cpu']['other_s']} s over {result['cpu']['wall_s']} s")
    if result["cpu"]["other_s"] > 0.1 * result["cpu"]["wall_s"]:
        lines_.append(f"- **Warning**: other processes used {result['cpu']['other_s']} core-seconds during the abuse "
                      f"({', '.join(result['busy'][:5]) or 'see busy_at_start in the JSON'}): figures are high")
    lines_.append("- Times: client wall time per request, max / median over the repetitions (reps), in ms; excess: "
                  "median minus the plain 64 KiB body's median on the same endpoint; statuses: answers seen "
                  "(expected: previews 200, reply 303; bodies over the limit 422, over the form limit 400); preview answer: "
                  "the reply preview page's HTML, decompressed; server RSS: the most its resident memory was while "
                  "the body was being sent (+ the most it grew during one round of the body: the allocator keeps "
                  "what it got, so only a new high shows); page max: the slowest normal-page answer that overlapped the body's "
                  "requests")
    lines_.append("")
    lines_.append("| body | bytes | reps | reply preview max / med | thread preview max / med | reply (post) max / med | "
                  "excess preview / thread / post | preview answer | server RSS | page max visitor / member"
                  f"{' / normal reply' if result['writer_ms'] else ''} | "
                  "statuses preview / thread / post |")
    lines_.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        if r.get("skipped"):
            lines_.append(f"| {r['key']}: {r['what']} | {r['bytes']:,} | 0 | skipped (time budget) | | | | | | | |")
            continue
        cells = [f"{fmt_ms(r[e]['max_ms'])} / {fmt_ms(r[e]['median_ms'])}" for e, _ in ENDPOINTS]
        excess = " / ".join(fmt_excess(r[e].get("excess_ms")) for e, _ in ENDPOINTS)
        pm = r.get("page", {})
        page = " / ".join(fmt_ms(pm[name]["max_ms"]) for name in pm)
        flag = " **!**" if any(r[e]["unexpected"] for e, _ in ENDPOINTS) or r["events"] else ""
        st = " / ".join(compact(r[e]["statuses"]) for e, _ in ENDPOINTS)
        if r["events"]:
            st += " — " + "; ".join(r["events"])
        lines_.append(f"| {r['key']}: {r['what']}{flag} | {r['bytes']:,} | {r['reps']} | {cells[0]} | {cells[1]} | "
                      f"{cells[2]} | {excess} | {fmt_kib(r['preview']['answer_bytes'])} | "
                      f"{r['rss_peak_mib']:.0f} MiB (+{r['rss_growth_mib']:.0f}) | {page} | {st} |")
    lines_.append("")
    lines_.append("Normal page (ms over the answers 200, for normal replies 303; p99 corrected: as users arriving "
                  "once per loop period would see it, the requests a closed loop did not send during a stall "
                  "added back; stalls: answers that took ≥ 1 s; other: every other answer and no answer):")
    lines_.append("")
    lines_.append("| who | phase | requests | p50 | p99 | p99 corrected | max | stalls ≥ 1 s | other | statuses |")
    lines_.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for viewer, ps in result["page_stats"].items():
        who = (f"{viewer} ({ps['connections']} conn.)" if viewer != "writer"
               else f"normal replies (one every {result['writer_ms']:.0f} ms)")
        for phase, label in (("baseline", "no abuse"), ("abuse", "during the abuse")):
            s = ps[phase]
            lines_.append(f"| {who} | {label} | {s['requests']:,} | {fmt_ms(s['p50_ms'])} | {fmt_ms(s['p99_ms'])} | "
                          f"{fmt_ms(s.get('p99_corrected_ms'))} | {fmt_ms(s['max_ms'])} | {s['stalls_1s']} | "
                          f"{s['non_ok']} | {compact(s['statuses'])} |")
    lines_.append("")
    lines_.append(f"Server: peak resident memory (VmHWM) {result['server']['peak_rss_mib']} MiB"
                  f"{' (of the last server started)' if result['server']['restarts'] else ''}; restarts "
                  f"{result['server']['restarts']}; ERROR/panic lines logged {result['server']['errors_logged']}"
                  f"{': ' + result['server']['first_error'] if result['server']['first_error'] else ''}.")
    lines_.append("")
    lines_.append("**Summary**: " + result["summary"])
    lines_.append("")
    lines_.append("Command: `" + result["command"] + "`")
    return "\n".join(lines_) + "\n"


def main():
    ap = B.parser(__doc__, scale=2000, port=18098, data_dir_help="default bench/out/markdown-abuse-<db>")
    ap.add_argument("--reps", type=int, default=5,
                    help="requests per body and endpoint at least (fewer only if the budget runs short)")
    ap.add_argument("--min-duration", type=float, default=60,
                    help="seconds the bodies are sent for at least (more rounds), so the normal page is sampled enough")
    ap.add_argument("--max-reps", type=int, default=40, help="rounds at most")
    ap.add_argument("--budget", type=float, default=150,
                    help="seconds for all the bodies (soft: every body gets one round, unless twice this is spent)")
    ap.add_argument("--timeout", type=float, default=60, help="seconds before the client gives up on one request")
    ap.add_argument("--baseline-seconds", type=float, default=15, help="normal page read without abuse first")
    ap.add_argument("--think-ms", type=float, default=20, help="pause between a reader's requests")
    ap.add_argument("--page-connections", type=int, default=4,
                    help="connections per reader (visitor, member), each one request at a time: spread over the "
                         "server's workers")
    ap.add_argument("--writer-ms", type=float, default=0,
                    help="also post a normal short reply (another member, another thread) every this many ms, to "
                         "see writers wait behind an abusive post (0: off)")
    ap.add_argument("--page", default="", help="the normal page (default: a troubleshooting thread of 10-20 replies)")
    ap.add_argument("--max-rss-mib", type=int, default=4096, help="the watchdog kills the server past this")
    ap.add_argument("--accept-encoding", default="gzip, deflate, br", help="as browsers ask ('' for none)")
    ap.add_argument("--only", default="", help="comma-separated body keys (plain is always kept: the baseline)")
    ap.add_argument("--list", action="store_true", help="print the bodies' keys and sizes and exit")
    ap.add_argument("--quiet-timeout", type=int, default=60,
                    help="seconds to wait for other processes to leave the CPU alone (then run anyway, with a warning)")
    ap.add_argument("--report", default=os.path.join(B.OUT, "markdown_abuse.md"))
    ap.add_argument("--json", default=os.path.join(B.OUT, "markdown_abuse.json"))
    args = ap.parse_args()

    kinds = bodies()
    for key, _, body, expect in kinds:
        n = len(body.encode())
        assert n <= LIMIT if expect == "ok" else n > (LIMIT if expect == "too-long" else FORM_LIMIT), (key, n)
    if args.list:
        for key, what, body, expect in kinds:
            print(f"{key:16} {len(body.encode()):8,} B  {expect:10} {what}")
        return 0
    if args.only:
        wanted = set(args.only.split(",")) | {"plain"}
        unknown = wanted - {k for k, _, _, _ in kinds}
        if unknown:
            sys.exit(f"unknown bodies: {', '.join(sorted(unknown))} (see --list)")
        kinds = [k for k in kinds if k[0] in wanted]

    binary = args.binary
    B.check_binary(binary)
    binary_info = B.binary_info(binary)  # now: another build may replace the file while this runs
    backend = B.backend_of(args.database_url)
    data_dir = args.data_dir or os.path.join(B.OUT, f"markdown-abuse-{backend}")
    env = B.server_env(data_dir, args.port, args.database_url, {
        "FIXLOOP_NEW_MEMBER_LINK_FREE_POSTS": "0"})  # link reference definitions, autolinks, images: all links
    if backend == "sqlite":
        # A fresh copy of a data set built once: every run starts from the same state, without the last run's posts.
        template = os.path.join(B.OUT, f"markdown-abuse-template-{args.scale}")
        B.ensure_dataset(binary, B.server_env(template, args.port), template, args.scale, "")
        shutil.rmtree(data_dir, ignore_errors=True)
        shutil.copytree(template, data_dir)
    else:
        # Each run adds threads and posts: it starts from an emptied database, rebuilt (seconds at this scale).
        if not args.reset_postgres:
            sys.exit("on PostgreSQL this script empties the database and builds the data set again on every run "
                     "(it adds threads and posts): pass --reset-postgres, with a database of its own")
        B.reset_postgres(args.database_url)
        os.makedirs(data_dir, exist_ok=True)
        marker = os.path.join(data_dir, "loaded")
        if os.path.exists(marker):
            os.remove(marker)
        B.ensure_dataset(binary, env, data_dir, args.scale, args.database_url)
    db = B.Db(args.database_url, data_dir)

    busy = B.busy_builds()
    if busy:
        B.log(f"WARNING: CPU-heavy processes are running ({', '.join(busy)}); the figures will be high")
    quiet_wait, quiet_busy = B.wait_quiet(limit=args.quiet_timeout, threshold=0.3)
    if quiet_busy >= 0.3:
        B.log(f"the machine is not quiet ({quiet_busy} cores busy elsewhere): measuring anyway")

    watched = Watched(binary, env, args.port, os.path.join(data_dir, "server.log"), args.max_rss_mib * 1024)
    B.log("starting the server …")
    watched.start()
    probes = []
    try:
        abuser = B.login(args.port, "member11")
        abuser.timeout = args.timeout
        abuser.close()
        reader = B.login(args.port, "member12")
        reader_cookie = reader.cookies["fixloop_session"]
        reader.close()
        plain_short = "Opened by bench/markdown_abuse.py: replies to this thread are generated bodies."
        targets = {"preview": create_thread(abuser, "Markdown abuse: replies previewed here", plain_short),
                   "post": create_thread(abuser, "Markdown abuse: replies posted here", plain_short)}
        if args.page:
            page = args.page
        else:
            row = db.rows("SELECT id, slug FROM threads WHERE kind = 'troubleshooting' AND reply_count BETWEEN 10 AND 20 "
                          "ORDER BY id LIMIT 1")[0]
            page = f"/t/{row[0]}/{row[1]}"
        for cookie in (None, reader_cookie):
            c = B.Client(args.port)
            status, _, _ = c.request("GET", page, headers={"Cookie": f"fixloop_session={cookie}"} if cookie else None)
            c.close()
            if status != 200:
                raise RuntimeError(f"{page} answered {status}")
        # Warm-up, not measured: each endpoint once with a short body.
        for path, fields in ((f"/t/{targets['preview']}/reply", {"body": plain_short, "action": "preview"}),
                             ("/threads/new", {"kind": "discussion", "title": "Warm-up preview", "device": "",
                                               "body": plain_short, "action": "preview"})):
            send(abuser, path, form(dict(fields, csrf_token=abuser.token)), args.accept_encoding)

        probes = [Probe("visitor", "read", args.port, page, None, None, args.think_ms, args.page_connections, args),
                  Probe("member", "read", args.port, page, reader_cookie, None, args.think_ms, args.page_connections,
                        args)]
        if args.writer_ms:
            writer = B.login(args.port, "member13")
            targets["writer"] = create_thread(abuser, "Markdown abuse: normal replies posted here", plain_short)
            probes.append(Probe("writer", "write", args.port, targets["writer"], writer.cookies["fixloop_session"],
                                writer.token, args.writer_ms, 1, args))
            writer.close()
        for p in probes:
            p.start()
        time.sleep(3)  # the probes' start and first requests (connections, caches) are not measured
        B.log(f"normal page {page}: {args.baseline_seconds:.0f} s without abuse …")
        base_t0 = time.time()
        time.sleep(args.baseline_seconds)
        base_t1 = time.time()

        rows = prepare_rows(kinds, abuser)
        B.log(f"{len(kinds)} bodies x {len(ENDPOINTS)} endpoints, in rounds: at least {args.reps} each and "
              f"{args.min_duration:.0f} s, budget {args.budget:.0f} s (first round shown) …")
        cpu0 = resource.getrusage(resource.RUSAGE_SELF)
        probe_cpu0 = sum(p.cpu_seconds() for p in probes)
        server_cpu0 = watched.server.cpu_seconds()
        machine0 = B.cpu_jiffies()[0]
        abuse_t0 = time.time()
        rows = run_bodies(watched, abuser, rows, targets, args, abuse_t0)
        abuse_t1 = time.time()
        cpu1 = resource.getrusage(resource.RUSAGE_SELF)
        probe_cpu = sum(p.cpu_seconds() for p in probes) - probe_cpu0
        server_cpu = (watched.server.cpu_seconds() or 0) - server_cpu0 if not watched.restarts else None
        machine_cpu = (B.cpu_jiffies()[0] - machine0) / os.sysconf("SC_CLK_TCK")
        for p in probes:
            p.finish()
        peak = watched.server.status_field("VmHWM")
        health, _ = watched.server.health()
        abuser.close()
    finally:
        for p in probes:
            if p.proc.is_alive():
                p.finish()
        watched.stop()

    client_cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime) + probe_cpu
    wall = abuse_t1 - abuse_t0
    cpu = {"wall_s": round(wall, 1), "server_s": round(server_cpu, 1) if server_cpu is not None else "?",
           "clients_s": round(client_cpu, 1),
           "other_s": round(machine_cpu - client_cpu - (server_cpu or 0), 1) if server_cpu is not None else 0.0}

    # Per probe: the answer that counts as normal, and the loop's period without abuse (for the corrected p99).
    probe_info = {}
    for p in probes:
        ok_status = 303 if p.name == "writer" else 200
        base_ok = [r[1] for r in p.rows if base_t0 <= r[0] < base_t1 and r[2] == ok_status]
        interval = p.think_ms + (statistics.median(base_ok) if base_ok else 0)
        probe_info[p.name] = (p.rows, ok_status, interval)
    page_stats_ = {name: {"baseline": page_stats(rs, base_t0, base_t1, ok, iv),
                          "abuse": page_stats(rs, abuse_t0, abuse_t1, ok, iv),
                          "connections": next(p.connections for p in probes if p.name == name),
                          "interval_ms": round(iv, 2)}
                   for name, (rs, ok, iv) in probe_info.items()}
    for name, (rs, ok, _) in probe_info.items():
        rs.sort()
    for r in rows:
        if not r.get("skipped"):
            r["page"] = {name: overlapping(rs, r["intervals"], ok) for name, (rs, ok, _) in probe_info.items()}
    add_excess(rows)

    log_text = B.read_log(watched.log_path, watched.log_offset)
    errors = [ln for ln in log_text.splitlines() if " ERROR " in ln or "panicked" in ln]

    problems = []
    for r in rows:
        if r.get("skipped"):
            problems.append(f"{r['key']}: skipped (time budget)")
            continue
        for e, label in ENDPOINTS:
            if r[e]["unexpected"]:
                problems.append(f"{r['key']}: {label} answered {compact(r[e]['statuses'])} "
                                f"(expected {r[e]['expected']})")
        problems += [f"{r['key']}: {ev}" for ev in r["events"] if "503" not in ev]
    for name, s in page_stats_.items():
        a = s["abuse"]
        if a["non_ok"] - (a["n_503"] if name == "writer" else 0):
            problems.append(f"{'normal page as ' + name if name != 'writer' else 'normal replies'}: {a['non_ok']} "
                            f"answers were not {'303' if name == 'writer' else '200'} during the abuse "
                            f"({compact(a['statuses'])})")
    if health != 200:
        problems.append(f"/healthz answered {health} at the end")

    w_ms, w_key, w_label, w_timeout = worst(rows)
    plain = next((r for r in rows if r["key"] == "plain" and not r.get("skipped")), None)
    over = next((r for r in rows if r["key"] == "over-limit" and not r.get("skipped")), None)
    n503 = sum(r[e]["n_503"] for r in rows if not r.get("skipped") for e, _ in ENDPOINTS)
    pv, pm = page_stats_["visitor"], page_stats_["member"]
    w_bytes = next((r["bytes"] for r in rows if r["key"] == w_key), 0)
    parts = [f"worst render {'over ' if w_timeout else ''}{fmt_ms(w_ms)} ms ({w_label} of {w_key}, {w_bytes:,} bytes"
             + (", given up on after --timeout" if w_timeout else "") + ")"]
    if plain:
        parts.append(f"the plain 64 KiB body {fmt_ms(plain['preview']['median_ms'])} ms preview, "
                     f"{fmt_ms(plain['post']['median_ms'])} ms post (medians)")
    if over:
        parts.append(f"65,537 bytes refused in {fmt_ms(over['preview']['median_ms'])} ms preview, "
                     f"{fmt_ms(over['post']['median_ms'])} ms post ({compact(over['preview']['statuses'])} / "
                     f"{compact(over['post']['statuses'])})")
    parts.append(f"normal page `{page}` p99 during the abuse: visitor {fmt_ms(pv['abuse']['p99_ms'])} ms, member "
                 f"{fmt_ms(pm['abuse']['p99_ms'])} ms (corrected for coordinated omission "
                 f"{fmt_ms(pv['abuse'].get('p99_corrected_ms'))} / {fmt_ms(pm['abuse'].get('p99_corrected_ms'))} ms; "
                 f"max {fmt_ms(pv['abuse']['max_ms'])} / {fmt_ms(pm['abuse']['max_ms'])} ms; without abuse p99 "
                 f"{fmt_ms(pv['baseline']['p99_ms'])} / {fmt_ms(pm['baseline']['p99_ms'])} ms)")
    parts.append(f"normal page not 200 during the abuse: {pv['abuse']['non_ok'] + pm['abuse']['non_ok']}")
    parts.append(f"503 answers to the abusive requests: {n503}")
    if "writer" in page_stats_:
        ws = page_stats_["writer"]
        parts.append(f"normal replies during the abuse: p99 {fmt_ms(ws['abuse']['p99_ms'])} ms, max "
                     f"{fmt_ms(ws['abuse']['max_ms'])} ms, 503 {ws['abuse']['n_503']} (without abuse p99 "
                     f"{fmt_ms(ws['baseline']['p99_ms'])} ms)")
    if watched.restarts:
        parts.append(f"the server was restarted {watched.restarts} time(s)")
    if result_is_debug(binary):
        parts.append("DEBUG BUILD, not the release figures")
    summary = "; ".join(parts) + "."

    result = {
        "backend": backend, "machine": B.machine(), "db_version": db.version(), "binary": binary_info,
        "debug_build": result_is_debug(binary), "scale": args.scale, "busy": busy,
        "busy_at_start": {"cores": quiet_busy, "waited_s": quiet_wait}, "accept_encoding": args.accept_encoding,
        "targets": targets, "page": page, "think_ms": args.think_ms, "writer_ms": args.writer_ms,
        "baseline_seconds": args.baseline_seconds,
        "cpu": cpu, "rows": [{k: v for k, v in r.items() if k != "intervals"} for r in rows],
        "page_stats": page_stats_,
        "server": {"peak_rss_mib": round((peak or 0) / 1024), "restarts": watched.restarts,
                   "errors_logged": len(errors), "first_error": errors[0][:300] if errors else ""},
        "worst": {"ms": w_ms, "body": w_key, "endpoint": w_label, "timed_out": w_timeout}, "summary": summary, "problems": problems,
        "command": " ".join(["python3"] + sys.argv),
    }
    B.write_json(args.json, result)
    md = markdown(result)
    os.makedirs(os.path.dirname(args.report) or ".", exist_ok=True)
    with open(args.report, "w") as f:
        f.write(md)
    B.log("")
    B.log(md)
    B.log(f"written: {args.report}, {args.json}")
    if problems:
        B.log("\nPROBLEMS:\n  - " + "\n  - ".join(problems))
        return 1
    return 0


def result_is_debug(binary):
    return os.sep + "debug" + os.sep in os.path.abspath(binary)


if __name__ == "__main__":
    sys.exit(main())
