#!/usr/bin/env python3
"""Many writers and readers at once; then every acknowledged reply must be in the database (a script, not a test).

Builds (once) a data set with `fixloop demo --scale N`, starts the release
binary on it, logs in --writers demo members, then for --duration seconds:

  * each writer (one thread, one keep-alive connection) posts replies —
    a third to the hundred-reply "hot" threads, the rest anywhere — each
    with a unique marker in its text, and votes "helpful" on another
    writer's acknowledged reply after every second reply;
  * each reader (anonymous) reads the home page, thread pages (hot and
    random), device hubs, searches and the JSON API.

A reply counts as acknowledged when the server answered 303 with a
Location ending in #post-<id>. Afterwards the server is stopped and the
database is read directly (sqlite3 / psql): every acknowledged reply must be
there, in its thread, with its marker; every acknowledged vote must be there;
reply counters of the touched threads must match their posts. Any 5xx, any
"database is locked" (in a response or the server log), any lost reply or
vote fails the run (exit status 1).

    cargo build --release
    python3 bench/load_test.py                                  # SQLite, 60 s, 50 writers, 200 readers
    python3 bench/load_test.py --database-url postgres://u:p@127.0.0.1:5432/db --reset-postgres

The server runs with the new-member posting limit and login throttling
lifted (benchlib.UNLIMITED): demo members are "new" and would otherwise be
refused after five posts an hour. Bounded by --duration plus set-up.
"""
import os
import random
import resource
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as B  # noqa: E402

QUERIES = ["fan", "battery noise", "hinge", "keyboard", "display flickers", "charger", "overheats", "drain pump",
           "firmware update", "thermal paste", "usb-c port", "error e21", "mainboard", "kapton tape"]


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.status = {}        # (kind, status) -> count
        self.latency = {}       # kind -> [ms]
        self.errors = {}        # (kind, exception name) -> count
        self.locked = []        # responses that mention "database is locked"
        self.server_errors = []  # (kind, path, status, body head)

    def record(self, kind, status, ms, path="", body=b""):
        with self.lock:
            self.status[(kind, status)] = self.status.get((kind, status), 0) + 1
            self.latency.setdefault(kind, []).append(ms)
            if status >= 500 and len(self.server_errors) < 50:
                self.server_errors.append((kind, path, status, body[:300].decode("utf-8", "replace")))
            if status >= 500 or status in (409, 429):
                if b"database is locked" in body or b"database is busy" in body:
                    self.locked.append((kind, path, status))

    def error(self, kind, exc):
        with self.lock:
            key = (kind, type(exc).__name__)
            self.errors[key] = self.errors.get(key, 0) + 1


def writer(idx, client, targets, deadline, stats, acked, acked_votes, shared_posts, run, args, rng):
    seq = 0
    while time.time() < deadline:
        seq += 1
        thread_id = rng.choice(targets["hot"]) if rng.random() < 0.33 else rng.randint(1, targets["threads"])
        marker = f"lt{run}w{idx}s{seq}"
        body = (f"Load test reply {marker}: I measured the fan connector again and it reads 4.9 V. "
                f"Reseating the cable helped for a while.")
        t = time.perf_counter()
        try:
            status, headers, data = client.post_form(f"/t/{thread_id}/reply",
                                                     {"csrf_token": client.token, "body": body, "action": "post"})
        except Exception as e:  # noqa: BLE001 - counted and reported
            stats.error("reply", e)
            client.close()
            continue
        ms = (time.perf_counter() - t) * 1000
        stats.record("reply", status, ms, f"/t/{thread_id}/reply", data)
        if status == 303:
            m = B.POST_ID_RE.search(headers.get("location", ""))
            if m:
                post_id = int(m.group(1))
                acked.append((post_id, thread_id, marker, client.user_id))
                shared_posts.append((post_id, client.user_id))
        if seq % 2 == 0 and len(shared_posts) > 10:
            post_id, author = rng.choice(shared_posts)
            if author == client.user_id:
                continue
            t = time.perf_counter()
            try:
                status, _, data = client.post_form(f"/posts/{post_id}/vote", {"csrf_token": client.token})
            except Exception as e:  # noqa: BLE001
                stats.error("vote", e)
                client.close()
                continue
            stats.record("vote", status, (time.perf_counter() - t) * 1000, f"/posts/{post_id}/vote", data)
            if status == 303:
                acked_votes.append((post_id, client.user_id))
        if args.writer_think_ms:
            time.sleep(rng.uniform(0, 2 * args.writer_think_ms) / 1000)


def reader(port, targets, deadline, stats, args, rng):
    client = B.Client(port)
    while time.time() < deadline:
        r = rng.random()
        if r < 0.20:
            kind, path = "read:home", "/"
        elif r < 0.35:
            kind, path = "read:thread-hot", f"/t/{rng.choice(targets['hot'])}"
        elif r < 0.60:
            kind, path = "read:thread", f"/t/{rng.randint(1, targets['threads'])}"
        elif r < 0.75:
            kind, path = "read:device", f"/devices/{rng.choice(targets['devices'])}"
        elif r < 0.85:
            kind, path = "read:search", f"/search?q={urllib.parse.quote_plus(rng.choice(QUERIES))}"
        else:
            kind, path = "read:api", f"/api/v1/threads/{rng.randint(1, targets['threads'])}"
        t = time.perf_counter()
        try:
            status, _, data = client.get(path)
        except Exception as e:  # noqa: BLE001
            stats.error(kind, e)
            client.close()
            continue
        stats.record(kind, status, (time.perf_counter() - t) * 1000, path, data)
        if args.reader_think_ms:
            time.sleep(rng.uniform(0, 2 * args.reader_think_ms) / 1000)
    client.close()


def verify(db, run, acked, acked_votes, user_ids):
    """Reads the database: (problems, facts)."""
    problems, facts = [], {}
    prefix = f"Load test reply lt{run}w"
    rows = db.rows(f"SELECT id, thread_id, body_md FROM posts WHERE body_md LIKE '{prefix}%'")
    stored = {int(r[0]): (int(r[1]), r[2]) for r in rows}
    facts["replies_acknowledged"] = len(acked)
    facts["replies_in_database"] = len(stored)
    missing = [a for a in acked if a[0] not in stored]
    wrong = [a for a in acked if a[0] in stored and (stored[a[0]][0] != a[1] or a[2] + ":" not in stored[a[0]][1])]
    facts["acknowledged_missing"] = len(missing)
    facts["acknowledged_wrong_thread_or_text"] = len(wrong)
    acked_ids = {a[0] for a in acked}
    facts["stored_not_acknowledged"] = len([i for i in stored if i not in acked_ids])
    if missing:
        problems.append(f"{len(missing)} acknowledged replies are missing, e.g. {missing[:5]}")
    if wrong:
        problems.append(f"{len(wrong)} acknowledged replies have the wrong thread or text, e.g. {wrong[:5]}")
    if len(set(a[0] for a in acked)) != len(acked):
        problems.append("the server acknowledged two replies with the same post id")
    # Votes.
    if acked_votes:
        ids = ",".join(str(u) for u in sorted(user_ids))
        rows = db.rows(f"SELECT post_id, user_id FROM votes WHERE user_id IN ({ids})")
        votes = {(int(p), int(u)) for p, u in rows}
        lost = [v for v in acked_votes if v not in votes]
        facts["votes_acknowledged"] = len(acked_votes)
        facts["votes_missing"] = len(lost)
        if lost:
            problems.append(f"{len(lost)} acknowledged votes are missing, e.g. {lost[:5]}")
        # vote_count of the voted posts equals their vote rows.
        post_ids = ",".join(str(p) for p in sorted({v[0] for v in acked_votes}))
        rows = db.rows(f"SELECT p.id, p.vote_count, (SELECT COUNT(*) FROM votes v WHERE v.post_id = p.id) "
                       f"FROM posts p WHERE p.id IN ({post_ids})")
        bad = [r for r in rows if int(r[1]) != int(r[2])]
        facts["voted_posts_with_wrong_vote_count"] = len(bad)
        if bad:
            problems.append(f"{len(bad)} posts' vote_count differs from their votes, e.g. {bad[:5]}")
    # Reply counters of every thread written to.
    threads = ",".join(str(t) for t in sorted({a[1] for a in acked}) or [0])
    rows = db.rows(f"SELECT t.id, t.reply_count, (SELECT COUNT(*) FROM posts p WHERE p.thread_id = t.id), "
                   f"(SELECT MAX(reply_number) FROM posts p WHERE p.thread_id = t.id) FROM threads t "
                   f"WHERE t.id IN ({threads})")
    bad = [r for r in rows if not (int(r[1]) == int(r[2]) - 1 == int(r[3]))]
    facts["threads_written"] = len(rows)
    facts["threads_with_wrong_reply_count"] = len(bad)
    if bad:
        problems.append(f"{len(bad)} threads' reply_count does not match their posts, e.g. {bad[:5]}")
    return problems, facts


def main():
    ap = B.parser(__doc__, scale=100_000, port=18095, data_dir_help="default bench/out/load-<db>-<scale>")
    ap.add_argument("--duration", type=int, default=60, help="seconds of load")
    ap.add_argument("--writers", type=int, default=50)
    ap.add_argument("--readers", type=int, default=200)
    ap.add_argument("--writer-think-ms", type=float, default=0, help="mean pause between a writer's actions")
    ap.add_argument("--reader-think-ms", type=float, default=0, help="mean pause between a reader's requests")
    ap.add_argument("--pool-size", type=int, default=None, help="FIXLOOP_DB_POOL_SIZE for the server")
    ap.add_argument("--json", default=None, help="figures as JSON (default bench/out/load-<db>.json)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--quiet-timeout", type=int, default=900,
                    help="seconds to wait for other processes to leave the CPU alone before the load starts")
    ap.add_argument("--quiet-threshold", type=float, default=0.15,
                    help="cores other processes may use and still count as a quiet machine")
    args = ap.parse_args()

    B.check_binary(args.binary)
    backend = B.backend_of(args.database_url)
    data_dir = args.data_dir or os.path.join(B.OUT, f"load-{backend}-{args.scale}")
    json_path = args.json or os.path.join(B.OUT, f"load-{backend}.json")
    extra = {"FIXLOOP_DB_POOL_SIZE": str(args.pool_size)} if args.pool_size else None
    env = B.server_env(data_dir, args.port, args.database_url, extra)
    db = B.Db(args.database_url, data_dir)
    if backend == "postgres" and args.reset_postgres and not B.dataset_complete(data_dir, args.scale, args.database_url):
        B.log("emptying the PostgreSQL database (--reset-postgres)")
        B.reset_postgres(args.database_url)
    B.ensure_dataset(args.binary, env, data_dir, args.scale, args.database_url)
    busy = B.busy_builds()
    quiet_wait, quiet_busy = B.wait_quiet(limit=args.quiet_timeout, threshold=args.quiet_threshold)

    run = f"{int(time.time()) % 100000:05d}"
    server = B.Server(args.binary, env, args.port, os.path.join(data_dir, "server.log"))
    log_offset = os.path.getsize(server.log_path) if os.path.exists(server.log_path) else 0
    server.start()
    failed = []
    try:
        thread_count = db.scalar("SELECT MAX(id) FROM threads")
        hot = [int(r[0]) for r in db.rows("SELECT id FROM threads WHERE reply_count >= 100 ORDER BY id LIMIT 50")]
        devices = [r[0] for r in db.rows("SELECT slug FROM devices WHERE kind IN ('model', 'line') ORDER BY id")]
        targets = {"threads": thread_count, "hot": hot or [1], "devices": devices}
        # Writers: members far from the ones http_bench uses, logged in before the clock starts.
        first_member = 1000 if args.scale >= 40_000 else 11
        names = [f"member{first_member + i}" for i in range(args.writers)]
        B.log(f"logging in {len(names)} writers …")
        writers = []
        for name in names:
            c = B.login(args.port, name)
            c.user_id = db.scalar(f"SELECT id FROM users WHERE username = '{name}'")
            writers.append(c)
        stats = Stats()
        acked, acked_votes, shared_posts = [], [], []
        rng = random.Random(args.seed)
        cpu0 = resource.getrusage(resource.RUSAGE_SELF)
        server_cpu0 = server.cpu_seconds()
        machine0 = B.cpu_jiffies()[0]
        pg0 = B.cpu_of_processes("postgres") if backend == "postgres" else 0.0
        started = time.time()
        deadline = started + args.duration
        workers = [threading.Thread(target=writer, args=(i, c, targets, deadline, stats, acked, acked_votes,
                                                         shared_posts, run, args, random.Random(rng.random())),
                                    daemon=True) for i, c in enumerate(writers)]
        workers += [threading.Thread(target=reader, args=(args.port, targets, deadline, stats, args,
                                                          random.Random(rng.random())), daemon=True)
                    for _ in range(args.readers)]
        B.log(f"{args.writers} writers and {args.readers} readers for {args.duration} s …")
        for w in workers:
            w.start()
        for w in workers:
            w.join(timeout=max(1, deadline - time.time()) + 60)
        elapsed = time.time() - started
        stuck = sum(1 for w in workers if w.is_alive())
        cpu1 = resource.getrusage(resource.RUSAGE_SELF)
        server_cpu = server.cpu_seconds() - server_cpu0
        machine_cpu = (B.cpu_jiffies()[0] - machine0) / os.sysconf("SC_CLK_TCK")
        pg_cpu = (B.cpu_of_processes("postgres") - pg0) if backend == "postgres" else 0.0
        client_cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
        peak = server.status_field("VmHWM")
        health, _ = server.health()
        for c in writers:
            c.close()
    finally:
        server.stop()
    log_text = B.read_log(server.log_path, log_offset)
    log_errors = [ln for ln in log_text.splitlines() if " ERROR " in ln or "panicked" in ln]
    log_locked = [ln for ln in log_text.splitlines() if "database is locked" in ln or "database is busy" in ln]

    problems, facts = verify(db, run, acked, acked_votes, [c.user_id for c in writers])
    # Summaries.
    kinds = sorted(stats.latency)
    summary = {}
    for kind in kinds:
        values = stats.latency[kind]
        codes = {str(s): n for (k, s), n in sorted(stats.status.items()) if k == kind}
        summary[kind] = {"requests": len(values), "per_s": round(len(values) / elapsed, 1), "statuses": codes,
                         "p50_ms": round(B.percentile(values, 50), 1), "p95_ms": round(B.percentile(values, 95), 1),
                         "p99_ms": round(B.percentile(values, 99), 1), "max_ms": round(max(values), 1)}
    five_xx = sum(n for (k, s), n in stats.status.items() if s >= 500)
    if five_xx:
        problems.append(f"{five_xx} responses were 5xx, e.g. {stats.server_errors[:3]}")
    if stats.locked or log_locked:
        problems.append(f"'database is locked' seen: {len(stats.locked)} responses, {len(log_locked)} log lines")
    if log_errors:
        problems.append(f"{len(log_errors)} ERROR lines in the server log, e.g. {log_errors[:3]}")
    if stats.errors:
        problems.append(f"client-side errors (timeouts, resets): {stats.errors}")
    if stuck:
        problems.append(f"{stuck} client threads were still waiting 60 s after the end")
    if health != 200:
        problems.append(f"/healthz answered {health} at the end")

    total = sum(len(v) for v in stats.latency.values())
    result = {
        "backend": backend, "machine": B.machine(), "db_version": db.version(), "binary": B.binary_info(args.binary),
        "busy": busy, "duration_s": round(elapsed, 1), "writers": args.writers, "readers": args.readers,
        "requests": total, "requests_per_s": round(total / elapsed, 1), "by_kind": summary, "verify": facts,
        "client_cpu_s": round(client_cpu, 1), "server_cpu_s": round(server_cpu, 1),
        "postgres_cpu_s": round(pg_cpu, 1),
        "other_cpu_s": round(machine_cpu - client_cpu - server_cpu - pg_cpu, 1), "quiet_wait_s": quiet_wait,
        "busy_cores_at_start": quiet_busy,
        "server_peak_rss_mib": round((peak or 0) / 1024), "problems": problems,
        "errors": {f"{k}:{e}": n for (k, e), n in stats.errors.items()},
        "command": " ".join(["python3"] + sys.argv),
    }
    B.write_json(json_path, result)

    B.log(f"\n{backend}: {total:,} requests in {elapsed:.0f} s ({total / elapsed:,.0f}/s); "
          f"client CPU {client_cpu:.0f} s, server CPU {server_cpu:.0f} s of {elapsed * (os.cpu_count() or 1):.0f} "
          f"core-seconds, PostgreSQL {pg_cpu:.0f} s, other processes {machine_cpu - client_cpu - server_cpu - pg_cpu:.0f} s; "
          f"server peak RSS {(peak or 0) / 1024:.0f} MiB")
    B.log(f"{'kind':17} {'requests':>9} {'per s':>7} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>8}  statuses")
    for kind, s in summary.items():
        B.log(f"{kind:17} {s['requests']:9,} {s['per_s']:7.1f} {s['p50_ms']:7.1f} {s['p95_ms']:7.1f} "
              f"{s['p99_ms']:7.1f} {s['max_ms']:8.1f}  {s['statuses']}")
    B.log("database check: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in facts.items()))
    B.log(f"written: {json_path}")
    if problems:
        B.log("\nFAILED:\n  - " + "\n  - ".join(problems))
        return 1
    B.log("\nOK: no 5xx, no 'database is locked', every acknowledged reply and vote is in the database")
    return 0


if __name__ == "__main__":
    sys.exit(main())
