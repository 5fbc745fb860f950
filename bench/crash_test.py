#!/usr/bin/env python3
"""Crash safety: kill -9 the server in the middle of a write burst, restart, check (a script, not a test).

Each round: several writers post replies as fast as the server takes them;
after a random 2-5 s the server gets SIGKILL mid-burst; it is started again on
the same data, must answer /healthz 200 and its pages 200, and every reply it
acknowledged (303 to #post-<id>) before dying must be in the database, in its
thread, with its text, with the thread's reply counter matching its posts.
After the last round the server is stopped and, on SQLite,
`PRAGMA integrity_check`, `PRAGMA foreign_key_check` and the FTS5 index's
integrity check must pass. Replies that were in flight when the server died
may or may not be stored (the client never heard back); they are counted.

    cargo build --release
    python3 bench/crash_test.py                                  # SQLite, 3 rounds
    python3 bench/crash_test.py --database-url postgres://u:p@127.0.0.1:5432/db --reset-postgres

SQLite starts each run from a fresh copy of a small generated data set
(`fixloop demo --scale 2000`, built once). Limits on new members' posting
are lifted for the run (benchlib.UNLIMITED). Bounded: rounds x ~15 s.
"""
import os
import random
import shutil
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as B  # noqa: E402


def burst(writers, threads_max, stop, acked, inflight, errors, run, rnd):
    def work(idx, client, rng):
        seq = 0
        while not stop.is_set():
            seq += 1
            thread_id = rng.randint(1, threads_max)
            marker = f"ct{run}r{rnd}w{idx}s{seq}"
            try:
                status, headers, body = client.post_form(f"/t/{thread_id}/reply", {
                    "csrf_token": client.token, "action": "post",
                    "body": f"Crash test reply {marker}: the hinge screws were loose, threadlocker fixed it."})
            except Exception as e:  # noqa: BLE001 - the server was killed (or failed): counted
                inflight.append((thread_id, marker, type(e).__name__))
                client.close()
                return
            m = B.POST_ID_RE.search(headers.get("location", "")) if status == 303 else None
            if m:
                acked.append((int(m.group(1)), thread_id, marker))
            else:
                errors.append((status, body[:200]))
    ts = [threading.Thread(target=work, args=(i, c, random.Random(f"{run}-{rnd}-{i}")), daemon=True)
          for i, c in enumerate(writers)]
    for t in ts:
        t.start()
    return ts


def check_acked(db, acked):
    problems = []
    if not acked:
        return problems
    ids = ",".join(str(a[0]) for a in acked)
    rows = {int(r[0]): (int(r[1]), r[2]) for r in db.rows(f"SELECT id, thread_id, body_md FROM posts WHERE id IN ({ids})")}
    missing = [a for a in acked if a[0] not in rows]
    wrong = [a for a in acked if a[0] in rows and (rows[a[0]][0] != a[1] or a[2] + ":" not in rows[a[0]][1])]
    if missing:
        problems.append(f"{len(missing)} acknowledged replies are missing after the restart, e.g. {missing[:5]}")
    if wrong:
        problems.append(f"{len(wrong)} acknowledged replies changed thread or text, e.g. {wrong[:5]}")
    threads = ",".join(str(t) for t in sorted({a[1] for a in acked}))
    bad = [r for r in db.rows(f"SELECT t.id, t.reply_count, (SELECT COUNT(*) FROM posts p WHERE p.thread_id = t.id), "
                              f"(SELECT MAX(reply_number) FROM posts p WHERE p.thread_id = t.id) FROM threads t "
                              f"WHERE t.id IN ({threads})") if not (int(r[1]) == int(r[2]) - 1 == int(r[3]))]
    if bad:
        problems.append(f"{len(bad)} threads' reply_count does not match their posts, e.g. {bad[:5]}")
    return problems


def sqlite_checks(path):
    import sqlite3
    con = sqlite3.connect(path)
    try:
        out = {"integrity_check": [r[0] for r in con.execute("PRAGMA integrity_check").fetchall()],
               "foreign_key_check": len(con.execute("PRAGMA foreign_key_check").fetchall()),
               "journal_mode": con.execute("PRAGMA journal_mode").fetchone()[0]}
        try:
            con.execute("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')")
            out["fts_integrity"] = "ok"
        except sqlite3.DatabaseError as e:
            out["fts_integrity"] = f"FAILED: {e}"
        return out
    finally:
        con.close()


def main():
    ap = B.parser(__doc__, scale=2000, port=18096, data_dir_help="default bench/out/crash-<db>")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--writers", type=int, default=8)
    ap.add_argument("--kill-after", default="2,5", help="kill after a random number of seconds in this range")
    ap.add_argument("--json", default=None, help="figures as JSON (default bench/out/crash-<db>.json)")
    args = ap.parse_args()

    B.check_binary(args.binary)
    backend = B.backend_of(args.database_url)
    data_dir = args.data_dir or os.path.join(B.OUT, f"crash-{backend}")
    json_path = args.json or os.path.join(B.OUT, f"crash-{backend}.json")
    env = B.server_env(data_dir, args.port, args.database_url)
    if backend == "sqlite":
        # A fresh copy of a data set built once: every run starts from the same state.
        template = os.path.join(B.OUT, f"crash-template-{args.scale}")
        B.ensure_dataset(args.binary, B.server_env(template, args.port), template, args.scale, "")
        shutil.rmtree(data_dir, ignore_errors=True)
        shutil.copytree(template, data_dir)
    else:
        if args.reset_postgres and not B.dataset_complete(data_dir, args.scale, args.database_url):
            B.reset_postgres(args.database_url)
        B.ensure_dataset(args.binary, env, data_dir, args.scale, args.database_url)
    db = B.Db(args.database_url, data_dir)
    lo, hi = (float(x) for x in args.kill_after.split(","))
    run = f"{int(time.time()) % 100000:05d}"
    rng = random.Random(run)
    threads_max = db.scalar("SELECT MAX(id) FROM threads")
    names = [f"member{11 + i}" for i in range(args.writers)]

    problems, rounds = [], []
    all_acked = []
    server = B.Server(args.binary, env, args.port, os.path.join(data_dir, "server.log"))
    server.start()
    try:
        writers = [B.login(args.port, n) for n in names]
        for rnd in range(1, args.rounds + 1):
            stop = threading.Event()
            acked, inflight, errors = [], [], []
            ts = burst(writers, threads_max, stop, acked, inflight, errors, run, rnd)
            wait = rng.uniform(lo, hi)
            time.sleep(wait)
            before_kill = len(acked)
            server.kill9()
            killed_at = time.time()
            stop.set()
            for t in ts:
                t.join(timeout=30)
            # Restart on the same data.
            t0 = time.time()
            server = B.Server(args.binary, env, args.port, os.path.join(data_dir, "server.log"))
            server.start(timeout=120)
            restart_s = time.time() - t0
            pages = {}
            for path in ["/", f"/t/{acked[-1][1]}" if acked else "/t/1", "/devices", "/search?q=hinge"]:
                c = B.Client(args.port)
                pages[path], _, _ = c.get(path)
                c.close()
            round_problems = [f"{p} answered {s} after the restart" for p, s in pages.items() if s != 200]
            if errors:
                round_problems.append(f"{len(errors)} replies were refused before the kill, e.g. {errors[:3]}")
            round_problems += check_acked(db, acked)
            stored_inflight = 0
            if inflight:
                like = " OR ".join(f"body_md LIKE 'Crash test reply {m}:%'" for _, m, _ in inflight)
                stored_inflight = db.scalar(f"SELECT COUNT(*) FROM posts WHERE {like}")
            # How each writer's last request ended: a reset or closed connection was (maybe) being served
            # when the kill came; a refused one never reached the server.
            inflight_errors = {}
            for _, _, e in inflight:
                inflight_errors[e] = inflight_errors.get(e, 0) + 1
            info = {"round": rnd, "killed_after_s": round(wait, 2), "acknowledged": len(acked),
                    "acknowledged_at_kill_signal": before_kill, "in_flight": len(inflight),
                    "in_flight_errors": inflight_errors,
                    "in_flight_stored": stored_inflight, "restart_to_healthy_s": round(restart_s, 2),
                    "pages_after_restart": pages, "problems": round_problems}
            rounds.append(info)
            problems += [f"round {rnd}: {p}" for p in round_problems]
            all_acked += acked
            B.log(f"round {rnd}: killed after {wait:.1f} s; {len(acked)} replies acknowledged, {len(inflight)} in "
                  f"flight {inflight_errors} ({stored_inflight} of them stored); healthy again {restart_s:.2f} s after the restart; "
                  f"{'OK' if not round_problems else 'PROBLEMS: ' + '; '.join(round_problems)}")
            # Sessions are in the database: the writers' cookies still work after the crash.
            del killed_at
        for c in writers:
            c.close()
    finally:
        server.stop()
    # The whole run, once more, on the stopped server's files.
    final = {}
    problems += check_acked(db, all_acked)
    if backend == "sqlite":
        final = sqlite_checks(db.path)
        if final["integrity_check"] != ["ok"]:
            problems.append(f"PRAGMA integrity_check: {final['integrity_check'][:5]}")
        if final["foreign_key_check"]:
            problems.append(f"PRAGMA foreign_key_check: {final['foreign_key_check']} violations")
        if final["fts_integrity"] != "ok":
            problems.append(f"FTS5 integrity-check: {final['fts_integrity']}")
        leftovers = [f for f in os.listdir(data_dir) if f.endswith("-journal")]
        final["leftover_journals"] = leftovers
        B.log(f"after a clean stop: integrity_check {final['integrity_check'][:3]}, foreign_key_check "
              f"{final['foreign_key_check']} violations, FTS5 {final['fts_integrity']}, journal_mode "
              f"{final['journal_mode']}")
    result = {"backend": backend, "db_version": db.version(), "binary": B.binary_info(args.binary),
              "machine": B.machine(), "writers": args.writers, "rounds": rounds, "final": final,
              "acknowledged_total": len(all_acked), "problems": problems,
              "command": " ".join(["python3"] + sys.argv)}
    B.write_json(json_path, result)
    B.log(f"written: {json_path}")
    if problems:
        B.log("\nFAILED:\n  - " + "\n  - ".join(problems))
        return 1
    B.log(f"\nOK: {len(all_acked)} acknowledged replies over {args.rounds} kill -9 rounds, all present; "
          f"the database opened cleanly every time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
