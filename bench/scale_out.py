#!/usr/bin/env python3
"""Two app servers on one PostgreSQL behind haproxy behave as one forum (a script, not a test).

Loads the demo community into an empty PostgreSQL database, starts two
`fixloop serve` processes on it (one data directory, as a shared mount would
be), both sending mail to one SMTP sink this script runs, and haproxy in
front of them (round robin, no stickiness: consecutive requests of one
member land on different servers). Then for --duration seconds:

  * --writers demo members, logged in through the balancer, post replies,
    each with a unique marker (so the session, the CSRF token and the login
    throttle must work on both servers);
  * --readers visitors read the home page and thread pages through it;
  * a probe starts a thread on one server and reads the home page as a
    visitor on the *other* server (which keeps it in its page cache) until
    the new thread is listed: the cross-server staleness, --probes times,
    alternating directions; and --probes times more once the load is over,
    when nothing but the change counters can empty the other server's page.

Afterwards it checks, and fails (exit status 1) when one does not hold:

  * every acknowledged reply (303 to #post-<id>) is stored exactly once;
  * the staleness stayed under a second every time;
  * the background jobs ran once: the demo's overdue maintenance task was
    reminded (both servers run the job at start-up) with exactly one
    notification, and every mail the outbox sent reached the SMTP sink once
    (no Message-ID twice; as many messages as outbox rows marked sent);
  * no 5xx, nothing "database is locked", both servers served requests.

    cargo build --release
    python3 bench/scale_out.py --database-url postgres://u:p@127.0.0.1:5432/db

The database is emptied first (its public schema is dropped): give it one
of its own. haproxy comes from the Debian package (`apt-get install
haproxy`). Results go to bench/out/scale_out.json.
"""
import json
import os
import random
import re
import shutil
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as B  # noqa: E402

MEMBERS = ["rita_repairs", "tinker_tom", "student_sam", "grandpa_gus", "mia_mobile", "kai_support", "sol_support"]


# --- an SMTP sink that remembers every message ----------------------------

class Sink:
    def __init__(self):
        self.lock = threading.Lock()
        self.message_ids = []


def smtp_handler(sink):
    class Handler(socketserver.StreamRequestHandler):
        def reply(self, line):
            self.wfile.write(line.encode() + b"\r\n")

        def handle(self):
            self.reply("220 scale-out sink")
            while True:
                line = self.rfile.readline()
                if not line:
                    return
                verb = line.decode("utf-8", "replace").strip().split(" ", 1)[0].upper()
                if verb in ("EHLO", "HELO"):
                    self.reply("250 sink")
                elif verb == "DATA":
                    self.reply("354 go on")
                    message = []
                    while True:
                        data = self.rfile.readline()
                        if not data or data in (b".\r\n", b".\n"):
                            break
                        message.append(data)
                    text = b"".join(message).decode("utf-8", "replace")
                    m = re.search(r"(?im)^message-id:\s*(\S+)", text)
                    with sink.lock:
                        sink.message_ids.append(m.group(1) if m else None)
                    self.reply("250 kept")
                elif verb == "QUIT":
                    self.reply("221 bye")
                    return
                else:  # MAIL, RCPT, RSET, NOOP
                    self.reply("250 ok")
    return Handler


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- haproxy ----------------------------------------------------------------

HAPROXY_CFG = """
global
    maxconn 4096
defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    option http-server-close
frontend forum
    bind 127.0.0.1:{front}
    default_backend servers
backend servers
    balance roundrobin
    option httpchk GET /healthz
    http-response set-header X-Fixloop-Server %s
    server a 127.0.0.1:{a} check inter 1s
    server b 127.0.0.1:{b} check inter 1s
"""


def start_haproxy(front, a, b, workdir):
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not os.path.exists(haproxy):
        sys.exit("haproxy is not installed: apt-get install haproxy")
    cfg = os.path.join(workdir, "haproxy.cfg")
    with open(cfg, "w") as f:
        f.write(HAPROXY_CFG.format(front=front, a=a, b=b))
    proc = subprocess.Popen([haproxy, "-f", cfg, "-db"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 20
    while time.time() < deadline:
        c = B.Client(front, timeout=2)
        try:
            status, headers, _ = c.get("/healthz")
            if status == 200:
                return proc
        except OSError:
            pass
        finally:
            c.close()
        time.sleep(0.2)
    proc.kill()
    sys.exit("haproxy did not answer")


# --- the load -----------------------------------------------------------------

class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.status = {}
        self.by_server = {}
        self.errors = []

    def record(self, kind, status, headers, body=b""):
        with self.lock:
            self.status[(kind, status)] = self.status.get((kind, status), 0) + 1
            server = headers.get("x-fixloop-server", "?")
            self.by_server[server] = self.by_server.get(server, 0) + 1
            if status >= 500 or b"database is locked" in body:
                self.errors.append((kind, status, body[:200].decode("utf-8", "replace")))


def writer(idx, client, threads, deadline, stats, acked, run):
    rng = random.Random(idx)
    seq = 0
    while time.time() < deadline:
        seq += 1
        thread_id = rng.choice(threads)
        marker = f"so{run}w{idx}s{seq}"
        try:
            status, headers, body = client.post_form(
                f"/t/{thread_id}/reply",
                {"csrf_token": client.token, "body": f"Scale-out reply {marker}: reseated the cable.",
                 "action": "post"})
        except Exception as e:  # noqa: BLE001 - counted and reported
            stats.errors.append(("reply", type(e).__name__, str(e)))
            client.close()
            continue
        stats.record("reply", status, headers, body)
        if status == 303 and B.POST_ID_RE.search(headers.get("location", "")):
            acked.append(marker)


def reader(idx, port, threads, deadline, stats):
    rng = random.Random(1000 + idx)
    client = B.Client(port)
    while time.time() < deadline:
        path = "/" if rng.random() < 0.3 else f"/t/{rng.choice(threads)}"
        try:
            status, headers, body = client.get(path)
        except Exception as e:  # noqa: BLE001
            stats.errors.append(("read", type(e).__name__, str(e)))
            client.close()
            continue
        stats.record("read", status, headers, body)


def probe(writers, watchers, n, run, stats):
    """Starts a thread on one server; returns the seconds until the other server's home page lists it."""
    results = []
    for i in range(n):
        write, watch = writers[i % 2], watchers[(i + 1) % 2]
        # The other server keeps its home page for visitors.
        watch.get("/")
        watch.get("/")
        title = f"Scale-out probe {run}-{i}: fan rattles"
        status, headers, body = write.post_form("/threads/new", {
            "csrf_token": write.token, "kind": "troubleshooting", "title": title, "device": "",
            "body": "A rattle at low speed.", "action": "post"})
        stats.record("probe-write", status, headers, body)
        if status != 303:
            raise RuntimeError(f"probe thread not created: {status} {body[:200]!r}")
        written = time.perf_counter()
        while True:
            _, _, page = watch.get("/")
            if title.encode() in page:
                results.append(time.perf_counter() - written)
                break
            if time.perf_counter() - written > 10:
                results.append(float("inf"))
                break
            time.sleep(0.01)
        time.sleep(0.3)
    return results


def main():
    ap = B.parser(__doc__, 0, 8460, "shared data directory of both servers (default: a temporary one)")
    ap.add_argument("--writers", type=int, default=6)
    ap.add_argument("--readers", type=int, default=8)
    ap.add_argument("--duration", type=float, default=20)
    ap.add_argument("--probes", type=int, default=20)
    args = ap.parse_args()
    if B.backend_of(args.database_url) != "postgres":
        sys.exit("--database-url postgres://… is required: several app servers need PostgreSQL")
    B.check_binary(args.binary)
    run = int(time.time()) % 100000
    workdir = tempfile.mkdtemp(prefix="fixloop-scale-out-")
    data_dir = args.data_dir or os.path.join(workdir, "data")

    sink = Sink()
    smtp_port = free_port()
    smtp = socketserver.ThreadingTCPServer(("127.0.0.1", smtp_port), smtp_handler(sink))
    smtp.daemon_threads = True
    threading.Thread(target=smtp.serve_forever, daemon=True).start()

    B.log("emptying the database and loading the demo community …")
    B.reset_postgres(args.database_url)
    port_a, port_b, front = free_port(), free_port(), args.port
    extra = {"FIXLOOP_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}?tls=none",
             "FIXLOOP_PAGE_CACHE_SECONDS": "60"}
    env_a = B.server_env(data_dir, port_a, args.database_url, extra)
    subprocess.run([args.binary, "demo"], env=env_a, check=True, stdout=subprocess.DEVNULL)
    # The demo's addresses end in .invalid, which is never mailed: give them
    # ones the SMTP sink takes, so the replies' notifications are mailed.
    B.Db(args.database_url, data_dir).execute(
        "UPDATE users SET email = username || '@example.com' WHERE email LIKE '%@demo.invalid'")
    a = B.Server(args.binary, env_a, port_a, os.path.join(B.OUT, "scale_out_a.log")).start()
    b = B.Server(args.binary, B.server_env(data_dir, port_b, args.database_url, extra), port_b,
                 os.path.join(B.OUT, "scale_out_b.log")).start()
    balancer = start_haproxy(front, port_a, port_b, workdir)
    db = B.Db(args.database_url, data_dir)
    try:
        threads = [int(r[0]) for r in db.rows("SELECT id FROM threads WHERE NOT locked AND kind <> 'known_issue'")]
        stats = Stats()
        acked = []
        writers = [B.login(front, MEMBERS[i % len(MEMBERS)]) for i in range(args.writers)]
        deadline = time.time() + args.duration
        workers = [threading.Thread(target=writer, args=(i, c, threads, deadline, stats, acked, run))
                   for i, c in enumerate(writers)]
        workers += [threading.Thread(target=reader, args=(i, front, threads, deadline, stats))
                    for i in range(args.readers)]
        B.log(f"load: {args.writers} writers and {args.readers} readers through haproxy for {args.duration:.0f} s, "
              f"and {args.probes} staleness probes …")
        for w in workers:
            w.start()
        direct_writers = [B.login(port_a, "ada_admin"), B.login(port_b, "ada_admin")]
        watchers = [B.Client(port_a), B.Client(port_b)]
        # Under load the other server's pages are emptied by the writes it
        # serves itself; once the load is over only the change counters can.
        staleness_busy = probe(direct_writers, watchers, args.probes, f"{run}busy", stats)
        for w in workers:
            w.join()
        staleness_quiet = probe(direct_writers, watchers, args.probes, f"{run}quiet", stats)
        staleness = staleness_busy + staleness_quiet
        # Let the outboxes drain.
        deadline = time.time() + 30
        while time.time() < deadline:
            waiting = db.scalar("SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL")
            if waiting == 0:
                break
            time.sleep(0.5)
        time.sleep(1)
    finally:
        balancer.terminate()
        a.stop()
        b.stop()
        smtp.shutdown()

    failures = []
    stored = {}
    for (body,) in db.rows(f"SELECT body_md FROM posts WHERE body_md LIKE 'Scale-out reply so{run}w%'"):
        marker = body.split(" ")[2].rstrip(":")
        stored[marker] = stored.get(marker, 0) + 1
    lost = [m for m in acked if stored.get(m, 0) == 0]
    twice = [m for m, n in stored.items() if n > 1]
    if lost:
        failures.append(f"{len(lost)} acknowledged replies are not stored (e.g. {lost[:3]})")
    if twice:
        failures.append(f"{len(twice)} replies are stored more than once (e.g. {twice[:3]})")
    worst = max(staleness) if staleness else float("inf")
    if worst >= 1.0:
        failures.append(f"a write on one server showed on the other after {worst:.3f} s (target: under 1 s)")
    reminders = db.rows("SELECT user_id, task_id, due_on, COUNT(*) FROM notifications "
                        "WHERE kind = 'maintenance_due' GROUP BY user_id, task_id, due_on")
    if not reminders:
        failures.append("no maintenance reminder was sent: the job did not run")
    if any(int(r[3]) != 1 for r in reminders):
        failures.append(f"a maintenance reminder was sent more than once: {reminders}")
    sent_rows = db.scalar("SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NOT NULL") or 0
    with sink.lock:
        ids = list(sink.message_ids)
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        failures.append(f"{len(repeated)} mails reached the SMTP server twice (e.g. {repeated[:3]})")
    if len(ids) != sent_rows:
        failures.append(f"the SMTP server got {len(ids)} mails, the outbox marked {sent_rows} sent")
    if sent_rows == 0:
        failures.append("no mail was sent at all: the check proves nothing")
    if stats.errors:
        failures.append(f"{len(stats.errors)} errors, e.g. {stats.errors[:3]}")
    served = {k: v for k, v in stats.by_server.items() if k in ("a", "b")}
    if len(served) < 2:
        failures.append(f"the balancer did not use both servers: {stats.by_server}")
    for s, name in ((a, "a"), (b, "b")):
        text = s.log_text()
        if "database is locked" in text or " ERROR " in text:
            failures.append(f"server {name} logged errors; see {s.log_path}")

    def summary(values):
        ms = sorted(round(x * 1000, 1) for x in values)
        return {"median": B.percentile(ms, 50), "max": ms[-1] if ms else None, "all": ms}

    result = {
        "replies_acknowledged": len(acked),
        "replies_stored_once": len(acked) - len(lost) - len([m for m in twice if m in acked]),
        "requests_by_server": stats.by_server,
        "status": {f"{k[0]} {k[1]}": v for k, v in sorted(stats.status.items())},
        "staleness_ms_under_load": summary(staleness_busy),
        "staleness_ms_quiet": summary(staleness_quiet),
        "maintenance_reminders": len(reminders),
        "mail_sent": sent_rows,
        "mail_received": len(ids),
        "failures": failures,
    }
    os.makedirs(B.OUT, exist_ok=True)
    with open(os.path.join(B.OUT, "scale_out.json"), "w") as f:
        json.dump(result, f, indent=2)
    B.log(json.dumps(result, indent=2))
    shutil.rmtree(workdir, ignore_errors=True)
    if failures:
        B.log("FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    B.log("scale-out: passed")


if __name__ == "__main__":
    main()
