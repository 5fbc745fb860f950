#!/usr/bin/env python3
"""Faults while the server runs: the database goes away, the uploads disk is full or read-only (a script, not a test).

  postgres   (needs --database-url postgres://…) PostgreSQL is stopped while
             the app serves readers and a member: pages, the JSON API, a
             reply and /healthz must answer 503 with a page a person can
             read (HTML, no internals), then — PostgreSQL started again — the
             app must answer 200 by itself, without a restart, and take
             replies again. Visitors' pages may come from the app's page
             cache (FIXLOOP_PAGE_CACHE_SECONDS, set by --page-cache-seconds)
             for that long after the database stopped, so the probes wait it
             out; any 200 a reader gets later in the outage fails the run.
  uploads    (SQLite; needs root to mount a small tmpfs) the uploads
             directory is an 8 MiB tmpfs: a guide-step photo is uploaded
             normally, then with the disk full (enough room for the
             thumbnail, not the photo), then with the directory mounted
             read-only, then again writable. A failed upload must answer a
             clear error, leave no file behind (not even a partial one), and
             leave no photo row or step attachment in the database; every
             photo row must keep its files (also when the same photo, already
             stored for one step, is uploaded to another while the disk is
             full); the guide page must still answer.

    cargo build --release
    python3 bench/fault_test.py uploads
    python3 bench/fault_test.py postgres --database-url postgres://u:p@127.0.0.1:5433/db --reset-postgres \\
        --pg-stop "pg_ctlcluster 15 faults stop" --pg-start "pg_ctlcluster 15 faults start"

Stopping PostgreSQL stops it for everyone using that cluster: point the
test at a cluster of its own (e.g. `pg_createcluster 15 faults --port 5433`).
Bounded: about a minute per part.
"""
import argparse
import os
import shlex
import shutil
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as B  # noqa: E402

LEAKS = ["panicked", "diesel", "DatabaseError", "Connection refused", "could not connect", "postgres", "r2d2",
         "backtrace", "src/", "thread '", "SQLSTATE", "PoolError", "Os {"]


def is_human_page(headers, body):
    """(ok, why): an HTML page with a message, no internal details."""
    text = body.decode("utf-8", "replace")
    if not headers.get("content-type", "").startswith("text/html"):
        return False, f"content-type {headers.get('content-type')!r}"
    if "<html" not in text.lower():
        return False, "not an HTML document"
    leaks = [w for w in LEAKS if w.lower() in text.lower()]
    if leaks:
        return False, f"mentions {leaks}"
    return True, ""


# --- PostgreSQL stopped ----------------------------------------------------

def part_postgres(args):
    if B.backend_of(args.database_url) != "postgres":
        sys.exit("the postgres part needs --database-url postgres://…")
    stop_cmd, start_cmd = shlex.split(args.pg_stop), shlex.split(args.pg_start)
    subprocess.run(start_cmd, capture_output=True)  # running already is fine
    data_dir = args.data_dir or os.path.join(B.OUT, "fault-postgres")
    ttl = args.page_cache_seconds
    env = B.server_env(data_dir, args.port, args.database_url, {"FIXLOOP_PAGE_CACHE_SECONDS": str(ttl)})
    if args.reset_postgres and not B.dataset_complete(data_dir, args.scale, args.database_url):
        B.reset_postgres(args.database_url)
    B.ensure_dataset(args.binary, env, data_dir, args.scale, args.database_url)
    problems, facts = [], {}
    server = B.Server(args.binary, env, args.port, os.path.join(data_dir, "server.log"))
    log_offset = os.path.getsize(server.log_path) if os.path.exists(server.log_path) else 0
    server.start()
    timeline = []  # (t, kind, status or exception, seconds)
    stop_readers = threading.Event()
    try:
        member = B.login(args.port, "member11")

        def reader(kind, path, cookie):
            c = B.Client(args.port, timeout=30)
            if cookie:
                c.cookies.update(cookie)
            while not stop_readers.is_set():
                t = time.time()
                try:
                    status, _, _ = c.get(path)
                except Exception as e:  # noqa: BLE001
                    status = type(e).__name__
                    c.close()
                timeline.append((t, kind, status, time.time() - t))
                time.sleep(args.reader_pause)
            c.close()
        kinds = [("anon /", "/", None), ("anon thread", "/t/1", None),
                 ("member thread", "/t/2", {"fixloop_session": member.cookies["fixloop_session"]}),
                 ("api", "/api/v1/threads", None), ("healthz", "/healthz", None),
                 ("search", "/search?q=battery", None)]
        readers = [threading.Thread(target=reader, args=kinds[i % len(kinds)], daemon=True)
                   for i in range(args.readers)]
        for r in readers:
            r.start()
        time.sleep(2)
        t_stop = time.time()
        subprocess.run(stop_cmd, check=True, capture_output=True)
        t_stopped = time.time()
        facts["stop_command_s"] = round(t_stopped - t_stop, 2)
        facts["page_cache_seconds"] = ttl
        B.log(f"PostgreSQL stopped ({' '.join(stop_cmd)}, {facts['stop_command_s']} s); probing in {ttl + 1} s, "
              f"once visitors' cached pages (FIXLOOP_PAGE_CACHE_SECONDS={ttl}) have expired")
        # A visitor's page rendered just before the stop may be served from memory for `ttl` seconds (by
        # design, README "page cache"); after that every answer must come from the unavailable database.
        time.sleep(ttl + 1)
        # Probes while it is down, each with its answer checked.
        probes = []
        anon = B.Client(args.port, timeout=30)
        for label, call in [
            ("GET / (visitor)", lambda: anon.get("/")),
            ("GET /t/1 (visitor)", lambda: anon.get("/t/1")),
            ("GET /t/1 (member)", lambda: member.get("/t/1")),
            ("POST /t/1/reply (member)", lambda: member.post_form("/t/1/reply", {
                "csrf_token": member.token, "body": "Posted while the database is down.", "action": "post"})),
            ("GET /api/v1/threads", lambda: anon.get("/api/v1/threads")),
            ("GET /healthz", lambda: anon.get("/healthz")),
        ]:
            t = time.time()
            try:
                status, headers, body = call()
            except Exception as e:  # noqa: BLE001
                probes.append({"request": label, "status": type(e).__name__, "seconds": round(time.time() - t, 2)})
                problems.append(f"{label}: {type(e).__name__} while the database was down")
                anon.close()
                member.close()
                continue
            took = round(time.time() - t, 2)
            if label.startswith("GET /api") or label.startswith("GET /healthz"):
                ok = headers.get("content-type", "").startswith("application/json")
                why = "" if ok else f"content-type {headers.get('content-type')!r}"
            else:
                ok, why = is_human_page(headers, body)
            probe = {"request": label, "status": status, "seconds": took, "retry_after": headers.get("retry-after"),
                     "content_type": headers.get("content-type"), "human": ok,
                     "cache": headers.get("x-fixloop-cache"),
                     "body_head": body[:160].decode("utf-8", "replace") if not ok else ""}
            text = body.decode("utf-8", "replace")
            if "<h1" in text:
                probe["heading"] = text.split("<h1", 1)[1].split(">", 1)[1].split("</h1>", 1)[0].strip()[:80]
            probes.append(probe)
            if status != 503:
                problems.append(f"{label} answered {status} while the database was down (expected 503)")
            # The readers have met the outage long before these probes: the app knows the database is down
            # and answers without waiting out the pool (db::Outage).
            if took > 1.0:
                problems.append(f"{label} took {took} s to answer during a known outage (expected under 1 s)")
            if not ok:
                problems.append(f"{label}: not a clear page: {why}")
        facts["probes_while_down"] = probes
        for p in probes:
            B.log(f"  down: {p['request']:26} -> {p['status']} in {p['seconds']} s  "
                  f"{p.get('heading', '')!r} retry-after={p.get('retry_after')} human={p.get('human')}")
        time.sleep(max(0, args.outage - (time.time() - t_stop)))
        t_start = time.time()
        subprocess.run(start_cmd, check=True, capture_output=True)
        facts["outage_s"] = round(t_start - t_stop, 1)
        facts["start_command_s"] = round(time.time() - t_start, 2)
        B.log(f"PostgreSQL started again after {facts['outage_s']} s down")
        recovered = None
        probe = B.Client(args.port, timeout=30)
        while time.time() - t_start < args.recover_timeout:
            try:
                s1, _, _ = probe.get("/")
                s2, _, _ = probe.get("/healthz")
            except Exception:  # noqa: BLE001
                s1 = s2 = None
                probe.close()
            if s1 == 200 and s2 == 200:
                recovered = time.time() - t_start
                break
            time.sleep(0.2)
        probe.close()
        facts["recovered_after_start_s"] = None if recovered is None else round(recovered, 2)
        if recovered is None:
            problems.append(f"the app did not recover within {args.recover_timeout} s of PostgreSQL starting")
        else:
            B.log(f"the app answers 200 again {recovered:.2f} s after PostgreSQL started (no restart)")
            status, headers, _ = member.post_form("/t/1/reply", {
                "csrf_token": member.token, "body": "Posted after the database came back.", "action": "post"})
            facts["reply_after_recovery"] = status
            if status != 303:
                problems.append(f"a reply after the recovery answered {status}")
        time.sleep(2)
        stop_readers.set()
        for r in readers:
            r.join(timeout=40)
        member.close()
        anon.close()
    finally:
        stop_readers.set()
        subprocess.run(start_cmd, capture_output=True)
        server.stop()
    # The readers' view of the outage.
    t_end_down = t_start if "t_start" in dir() else time.time()
    by_phase = {}
    for t, kind, status, secs in timeline:
        phase = "before" if t < t_stop else ("down" if t < t_end_down else "after")
        key = f"{phase}:{kind}:{status}"
        by_phase[key] = by_phase.get(key, 0) + 1
    facts["reader_answers"] = by_phase
    bad = {k: n for k, n in by_phase.items() if k.split(":")[-1] not in ("200", "503")}
    if bad:
        problems.append(f"readers saw answers other than 200/503: {bad}")
    # Asked after the cache's TTL (plus a second's margin) and answered before PostgreSQL was being started
    # again: nothing can answer 200 then.
    stale = {}
    for t, kind, status, secs in timeline:
        if t_stopped + ttl + 1 <= t and t + secs < t_end_down and status == 200:
            stale[kind] = stale.get(kind, 0) + 1
    facts["answers_200_after_cache_ttl_while_down"] = stale
    if stale:
        problems.append(f"readers got 200 more than {ttl} s (the page cache's TTL) after PostgreSQL stopped: {stale}")
    slow = max((secs for t, kind, status, secs in timeline if t_stop <= t < t_end_down), default=0)
    facts["slowest_answer_while_down_s"] = round(slow, 2)
    log_lines = B.read_log(server.log_path, log_offset).splitlines()
    facts["log_errors"] = [ln[-300:] for ln in log_lines if " ERROR " in ln][:10]
    facts["log_error_count"] = sum(1 for ln in log_lines if " ERROR " in ln)
    B.log("readers' answers: " + ", ".join(f"{k} {n}" for k, n in sorted(by_phase.items())))
    return problems, facts


# --- uploads: disk full, read-only ------------------------------------------

def files_under(root):
    out = {}
    for d, _, fs in os.walk(root):
        for f in fs:
            p = os.path.join(d, f)
            out[os.path.relpath(p, root)] = os.path.getsize(p)
    return out


def part_uploads(args):
    if os.geteuid() != 0 or not shutil.which("mount"):
        return ["SKIPPED: the uploads part mounts a tmpfs and needs root"], {"skipped": True}
    data_dir = args.data_dir or os.path.join(B.OUT, "fault-uploads")
    template = os.path.join(B.OUT, "fault-template-500")
    B.ensure_dataset(args.binary, B.server_env(template, args.port), template, 500, "")
    subprocess.run(["umount", os.path.join(data_dir, "uploads")], capture_output=True)
    shutil.rmtree(data_dir, ignore_errors=True)
    shutil.copytree(template, data_dir)
    uploads = os.path.join(data_dir, "uploads")
    os.makedirs(uploads, exist_ok=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", uploads], capture_output=True, text=True)
    if r.returncode != 0:
        return [f"SKIPPED: cannot mount a tmpfs here ({r.stderr.strip()})"], {"skipped": True}
    problems, facts = [], {}
    env = B.server_env(data_dir, args.port, "", {"FIXLOOP_UPLOADS_DIR": uploads})
    server = B.Server(args.binary, env, args.port, os.path.join(data_dir, "server.log"))
    db = B.Db("", data_dir)
    filler = os.path.join(uploads, "filler")
    try:
        server.start()
        staff = B.login(args.port, "staff1")
        guide = db.scalar("SELECT id FROM threads WHERE kind = 'guide' ORDER BY id LIMIT 1")
        steps = []
        for title in ("Remove the back cover", "Lift the battery out"):
            status, headers, body = staff.post_form(f"/t/{guide}/steps", {
                "csrf_token": staff.token, "title": title, "body": "Undo the six screws.",
                "caution": "", "note": "", "position": ""})
            steps.append(int(B.STEP_ID_RE.search(headers["location"]).group(1)))

        def counts():
            return {"photos": db.scalar("SELECT COUNT(*) FROM photos"),
                    "step_photos": db.scalar(f"SELECT COUNT(*) FROM step_photos WHERE step_id IN "
                                             f"({steps[0]}, {steps[1]})")}

        def media_ok():
            """Every stored photo and thumbnail the database knows answers 200 at /media/…."""
            broken = []
            for sha, ext in db.rows("SELECT sha256, extension FROM photos"):
                for name in (f"{sha}.{ext}", f"{sha}.thumb.{ext}"):
                    status, _, _ = staff.get(f"/media/{name}")
                    if status != 200:
                        broken.append((name, status))
            return broken

        def attempt(label, seed, expect_ok, step=None):
            step = step or steps[0]
            before_files, before_rows = files_under(uploads), counts()
            t = time.time()
            status, headers, body = B.upload_photo(staff, f"/steps/{step}/photos", B.noise_png(800, 600, seed),
                                                   staff.token)
            took = round(time.time() - t, 2)
            after_files, after_rows = files_under(uploads), counts()
            new_files = sorted(set(after_files) - set(before_files) - {"filler"})
            text = body.decode("utf-8", "replace")
            row = {"case": label, "status": status, "seconds": took, "new_files": new_files,
                   "rows_before": before_rows, "rows_after": after_rows}
            if "<h1" in text:
                row["heading"] = text.split("<h1", 1)[1].split(">", 1)[1].split("</h1>", 1)[0].strip()[:80]
            if "<p" in text and status >= 400:
                import re
                msg = re.search(r"could not be stored[^<]*", text)
                row["message"] = msg.group(0)[:160] if msg else ""
            page, _, _ = staff.get(f"/t/{guide}")
            row["guide_page_after"] = page
            row["broken_media_after"] = media_ok()
            if row["broken_media_after"]:
                problems.append(f"{label}: photos already attached elsewhere lost files: "
                                f"{row['broken_media_after']}")
            if page != 200:
                problems.append(f"{label}: the guide page answered {page} afterwards")
            if expect_ok == "either" and status == 303:
                pass  # storing nothing new is a fine answer too; the files must survive (checked above)
            elif expect_ok is True:
                if status != 303 or after_rows["step_photos"] != before_rows["step_photos"] + 1:
                    problems.append(f"{label}: expected the photo to be stored (303), got {status}")
            else:
                ok, why = is_human_page(headers, body)
                row["human"] = ok
                if status < 400:
                    problems.append(f"{label}: answered {status}, not an error")
                if not ok:
                    problems.append(f"{label}: not a clear error page: {why}")
                if after_rows != before_rows:
                    problems.append(f"{label}: the database changed ({before_rows} -> {after_rows})")
                if new_files:
                    problems.append(f"{label}: files left behind in the uploads directory: "
                                    f"{[(f, after_files[f]) for f in new_files]}")
            B.log(f"  {label:28} -> {status} in {took} s, {row.get('heading', '')!r}, new files {new_files}, "
                  f"rows {after_rows}")
            return row

        cases = [attempt("normal upload", 1, True)]
        sizes = sorted(files_under(uploads).values())
        facts["stored_sizes"] = sizes  # thumbnail, photo
        # Disk full: room for a thumbnail and half a photo.
        st = os.statvfs(uploads)
        free = st.f_bavail * st.f_frsize
        room = sizes[0] + sizes[-1] // 2
        with open(filler, "wb") as f:
            f.write(b"\0" * max(0, free - room))
        facts["free_bytes_when_full"] = os.statvfs(uploads).f_bavail * st.f_frsize
        cases.append(attempt("disk full", 2, False))
        # The same photo as the first case, already stored and attached, now for another step.
        cases.append(attempt("disk full, photo already stored", 1, "either", step=steps[1]))
        os.remove(filler)
        for name in list(files_under(uploads)):
            if name not in ("filler",) and name.endswith(".partial"):
                os.remove(os.path.join(uploads, name))  # so the next cases are judged on their own
        subprocess.run(["mount", "-o", "remount,ro", uploads], check=True)
        cases.append(attempt("read-only directory", 3, False))
        subprocess.run(["mount", "-o", "remount,rw", uploads], check=True)
        cases.append(attempt("writable again", 3, True))
        facts["cases"] = cases
        # Every photo row has its files.
        missing = []
        for sha, ext in db.rows("SELECT sha256, extension FROM photos"):
            for name in (f"{sha}.{ext}", f"{sha}.thumb.{ext}"):
                if not os.path.exists(os.path.join(uploads, sha[0:2], sha[2:4], name)):
                    missing.append(name)
        facts["photo_rows_without_files"] = missing
        if missing:
            problems.append(f"photo rows without their files: {missing}")
        staff.close()
    finally:
        server.stop()
        subprocess.run(["mount", "-o", "remount,rw", uploads], capture_output=True)
        subprocess.run(["umount", uploads], capture_output=True)
    return problems, facts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("parts", nargs="*", default=["uploads"], help="postgres, uploads (default: uploads)")
    ap.add_argument("--binary", default="target/release/fixloop")
    ap.add_argument("--database-url", default="", help="postgres://… for the postgres part")
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--reset-postgres", action="store_true",
                    help="empty the PostgreSQL database first when it holds no complete data set")
    ap.add_argument("--scale", type=int, default=500, help="threads in the PostgreSQL data set")
    ap.add_argument("--pg-stop", default="pg_ctlcluster 15 main stop")
    ap.add_argument("--pg-start", default="pg_ctlcluster 15 main start")
    ap.add_argument("--outage", type=float, default=12, help="seconds PostgreSQL stays down")
    ap.add_argument("--readers", type=int, default=12, help="visitors and a member reading during the outage")
    ap.add_argument("--reader-pause", type=float, default=0.0, help="seconds between a reader's requests")
    ap.add_argument("--recover-timeout", type=float, default=60)
    ap.add_argument("--page-cache-seconds", type=int, default=10,
                    help="FIXLOOP_PAGE_CACHE_SECONDS for the postgres part's server (the app's default is 10)")
    ap.add_argument("--port", type=int, default=18097)
    ap.add_argument("--json", default=None, help="default bench/out/fault-<parts>.json")
    args = ap.parse_args()
    B.check_binary(args.binary)
    results, failed = {}, False
    for part in args.parts:
        B.log(f"== {part}")
        if part == "postgres":
            problems, facts = part_postgres(args)
        elif part == "uploads":
            problems, facts = part_uploads(args)
        else:
            sys.exit(f"unknown part {part!r}: postgres or uploads")
        results[part] = {"problems": problems, "facts": facts}
        real = [p for p in problems if not p.startswith("SKIPPED")]
        failed |= bool(real)
        B.log(f"{part}: " + ("OK" if not problems else "\n  - " + "\n  - ".join(problems)))
    results["binary"] = B.binary_info(args.binary)
    results["command"] = " ".join(["python3"] + sys.argv)
    path = args.json or os.path.join(B.OUT, f"fault-{'-'.join(args.parts)}.json")
    B.write_json(path, results)
    B.log(f"written: {path}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
