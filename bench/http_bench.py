#!/usr/bin/env python3
"""HTTP throughput and latency of the main pages under load, with wrk (a script, not a test).

Builds (once) a data set with `fixloop demo --scale N`, starts the release
binary on it, logs a demo member in, gives one generated guide thread
details, steps and photos (once, as staff), then runs wrk against:

    home            /
    thread          a thread with 100 replies (page 1: the question and 49 replies)
    device-model    a device hub page (a model: 3 revisions, ~200 threads)
    device-maker    a device hub page (a maker: 206 devices, ~10,000 threads)
    guide           a guide page (8 steps with photos, its replies)
    search          /search?q=… cycling through 26 queries (common and rare words)

each as an anonymous visitor and as a logged-in member (session cookie),
and with `--viewers staff` as a logged-in staff member (extra controls),
after a short warm-up. It records requests/s, p50/p90/p95/p99 latency, non-2xx
answers, the server's peak resident memory (VmHWM) and writes a Markdown
report with the machine described and the targets of issue #7.

    cargo build --release
    python3 bench/http_bench.py                                   # SQLite, 100,000 threads
    python3 bench/http_bench.py --database-url postgres://u:p@127.0.0.1:5432/db [--reset-postgres]

wrk is installed with apt-get when missing (as root); otherwise the script
says how to get it. The server runs with new-member and login limits lifted
(see benchlib.UNLIMITED). Bounded: endpoints x 2 viewers x (warm-up + duration).
"""
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as B  # noqa: E402

QUERIES = ["fan", "battery", "hinge", "keyboard", "display flickers", "charger", "overheats", "grinding noise",
           "drain pump", "door seal leaks", "firmware update", "thermal paste", "usb-c port", "wi-fi card",
           "will not turn on", "error e21", "mainboard", "speaker rattles", "touchscreen", "vibration motor",
           "swollen battery", "heating element", "lint filter", "ribbon cable", "threadlocker", "kapton tape"]

LUA = r"""
local paths = {%(paths)s}
local counter = 0
wrk.headers["Accept"] = "text/html"
%(encoding)s
%(cookie)s
if #paths > 1 then
  request = function()
    counter = counter + 1
    return wrk.format("GET", paths[(counter %% #paths) + 1])
  end
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%%d,"duration_us":%%d,"bytes":%%d,"connect":%%d,"read":%%d,"write":%%d,"status":%%d,' ..
    '"timeout":%%d,"p50":%%d,"p75":%%d,"p90":%%d,"p95":%%d,"p99":%%d,"max":%%d,"mean":%%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(75), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean))
end
"""

GUIDE_STEPS = [
    ("Power off and unplug", "Shut the device down and unplug the charger.\n\nWait **a minute** before opening it.",
     "Never open a device that is plugged into the mains."),
    ("Remove the bottom screws", "Remove the ten Phillips #0 screws from the bottom case.\n\n- Keep them in order\n"
     "- The two near the hinge are longer", ""),
    ("Open the case", "Work a plastic opening pick around the edge and lift the cover off.", ""),
    ("Disconnect the battery", "Lift the battery connector straight up with a spudger.",
     "A swollen battery is a fire risk: do not puncture or bend it."),
    ("Release the part", "Undo the two T5 screws holding the bracket and lift the part out.", ""),
    ("Clean the contact area", "Remove old thermal paste with isopropyl alcohol and a lint-free cloth.", ""),
    ("Fit the new part", "Seat the new part, tighten the T5 screws to snug, reconnect the cable.", ""),
    ("Reassemble and test", "Reconnect the battery, refit the cover and its ten screws, then power on.", ""),
]


def prepare_guide(server, db, data_dir):
    """Gives the first ordinary guide thread details, eight steps and six photos, through the web (once)."""
    marker = os.path.join(data_dir, "guide-ready")
    if os.path.exists(marker):
        with open(marker) as f:
            return int(f.read().strip())
    thread_id = db.scalar("SELECT id FROM threads WHERE kind = 'guide' AND reply_count BETWEEN 8 AND 12 "
                          "ORDER BY id LIMIT 1")
    staff = B.login(server.port, "staff1")
    status, _, body = staff.post_form(f"/t/{thread_id}/guide/edit", {
        "csrf_token": staff.token, "difficulty": "moderate", "time_min": "30", "time_max": "90",
        "tools": "Phillips #0 screwdriver\nT5 Torx screwdriver\nSpudger\nOpening picks",
        "parts": "Replacement part\nThermal paste", "prerequisites": "",
        "conclusion": "Reassemble in reverse order. **Test before closing the case completely.**"})
    if status != 303:
        raise RuntimeError(f"guide details: {status} {body[:300]!r}")
    for i, (title, text, caution) in enumerate(GUIDE_STEPS):
        status, headers, body = staff.post_form(f"/t/{thread_id}/steps", {
            "csrf_token": staff.token, "title": title, "body": text, "caution": caution, "note": "",
            "position": ""})
        if status != 303:
            raise RuntimeError(f"guide step: {status} {body[:300]!r}")
        step_id = int(B.STEP_ID_RE.search(headers["location"]).group(1))
        if i < 6:
            status, _, body = B.upload_photo(staff, f"/steps/{step_id}/photos", B.noise_png(640, 480, i), staff.token)
            if status != 303:
                raise RuntimeError(f"step photo: {status} {body[:300]!r}")
    staff.close()
    with open(marker, "w") as f:
        f.write(str(thread_id))
    return thread_id


def targets_for(endpoint, viewer):
    """Issues #7 and #17's targets (2 cores, SQLite, 1,000,000 posts) for one row: [(what, ok(row))]."""
    t = []
    if endpoint == "thread" and viewer == "anonymous":
        t.append(("≥ 3,000 req/s", lambda r: r["rps"] >= 3000))
        t.append(("p99 ≤ 20 ms", lambda r: r["p99_ms"] <= 20))
    if endpoint in ("home", "device-model", "device-maker"):
        t.append(("≥ 3,000 req/s", lambda r: r["rps"] >= 3000))
    if endpoint in ("search", "search-1"):
        t.append(("p95 ≤ 50 ms", lambda r: r["p95_ms"] <= 50))
    # Issue #17: members' pages as fast as visitors', staff pages (extra controls) half that.
    if endpoint in ("home", "thread", "device-model", "device-maker", "guide") and viewer == "member":
        t.append(("p99 ≤ 50 ms", lambda r: r["p99_ms"] <= 50))
        if endpoint in ("thread", "guide"):
            t.append(("≥ 3,000 req/s", lambda r: r["rps"] >= 3000))
    if endpoint in ("home", "thread", "device-model", "device-maker", "guide") and viewer == "staff":
        t.append(("≥ 1,500 req/s", lambda r: r["rps"] >= 1500))
    return t


def wait_idle(server, limit=120):
    """Waits until the server uses under 5 % of a core over half a second; returns the seconds waited."""
    started = time.time()
    while time.time() - started < limit:
        before = server.cpu_seconds()
        time.sleep(0.5)
        if server.cpu_seconds() - before < 0.025:
            break
    return round(time.time() - started, 1)


def run_wrk(wrk, url_base, paths, cookie, args, seconds, connections):
    lua_paths = ", ".join(json.dumps(p) for p in paths)
    cookie_line = f'wrk.headers["Cookie"] = {json.dumps(cookie)}' if cookie else ""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        encoding_line = (f'wrk.headers["Accept-Encoding"] = {json.dumps(args.accept_encoding)}'
                         if args.accept_encoding else "")
        f.write(LUA % {"paths": lua_paths, "cookie": cookie_line, "encoding": encoding_line})
        script = f.name
    try:
        cmd = [wrk, f"-t{min(args.wrk_threads, connections)}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s",
               "--latency", "-s", script, url_base + paths[0]]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    finally:
        os.unlink(script)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary:\n{out.stdout}\n{out.stderr}")
    raw = json.loads(line[len("WRKJSON "):])
    secs = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"], "seconds": round(secs, 2), "rps": round(raw["requests"] / secs, 1),
        "p50_ms": raw["p50"] / 1000, "p75_ms": raw["p75"] / 1000, "p90_ms": raw["p90"] / 1000,
        "p95_ms": raw["p95"] / 1000, "p99_ms": raw["p99"] / 1000, "max_ms": raw["max"] / 1000,
        "mean_ms": round(raw["mean"] / 1000, 2), "mb_per_s": round(raw["bytes"] / secs / 1e6, 1),
        "non_2xx_3xx": raw["status"], "socket_errors": raw["connect"] + raw["read"] + raw["write"] + raw["timeout"],
        "wrk_output": out.stdout,
    }


def fmt(v, digits=1):
    return f"{v:,.{digits}f}"


def markdown(result):
    m, ds = result["machine"], result["dataset"]
    lines = [f"### {result['backend_label']}{' — ' + result['label'] if result.get('label') else ''}", ""]
    lines.append(f"- Machine: {m.get('nproc')} cores ({m.get('cpu', '?')}), {m.get('ram_gib', '?')} GiB RAM, "
                 f"Linux {m.get('kernel')}, {m.get('os', '')}; {result['db_version']}")
    lines.append(f"- Binary: {result['binary']['path']} (sha256 {result['binary']['sha256']}…, built "
                 f"{result['binary']['built']}){' — ' + result['label'] if result.get('label') else ''}; "
                 f"repository at {m.get('commit')} when measured")
    lines.append(f"- Data set: `fixloop demo --scale {ds['scale']}`: {ds['threads']:,} threads, {ds['posts']:,} posts, "
                 f"{ds['devices']:,} devices, {ds['users']:,} accounts (built in {ds['build_seconds']:.0f} s"
                 f"{'' if ds['built_now'] else ', earlier'})")
    lines.append(f"- Load: wrk {result['wrk']['threads']} threads, {result['wrk']['connections']} connections, "
                 f"{result['wrk']['duration']} s per row after a {result['wrk']['warmup']} s warm-up, "
                 f"Accept-Encoding {result['wrk'].get('accept_encoding') or '(none)'!r}, on the same "
                 f"machine as the server (loopback); server with {result['server']['workers']} workers, "
                 f"pool of {result['server']['pool']} connections, anonymous page cache "
                 f"{result['server'].get('page_cache_seconds', '10 (default)')} s")
    lines.append("- CPU column: core-seconds used during the measured seconds by the server, by PostgreSQL's "
                 "processes (0 on SQLite, which runs inside the server), by wrk, and by every other process on the "
                 "machine (near 0 when nothing else ran); each row starts once the machine is quiet")
    disturbed = [r for r in result["rows"] if (r.get("other_cpu_s") or 0) > 0.1 * r["seconds"]]
    if disturbed:
        lines.append(f"- **Warning**: other processes used more than 10 % of a core during "
                     f"{', '.join(r['label'] + ' (' + r['viewer'] + ')' for r in disturbed)}")
    lines.append("")
    lines.append("| page | viewer | conns | req/s | p50 | p90 | p95 | p99 | max | non-2xx | CPU server / db / wrk / other | target | verdict |")
    lines.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|")
    for r in result["rows"]:
        verdicts = []
        for what, ok in targets_for(r["endpoint"], r["viewer"]):
            verdicts.append(("met" if ok(r) else "**MISSED**", what))
        target = "; ".join(w for _, w in verdicts) or "—"
        verdict = "; ".join(v for v, _ in verdicts) or "—"
        lines.append(f"| {r['label']} | {r['viewer']} | {r.get('connections', '')} | {fmt(r['rps'], 0)} | {fmt(r['p50_ms'])} ms | "
                     f"{fmt(r['p90_ms'])} ms | {fmt(r['p95_ms'])} ms | {fmt(r['p99_ms'])} ms | {fmt(r['max_ms'])} ms | "
                     f"{r['non_2xx_3xx']} | {r.get('server_cpu_s')} / {r.get('postgres_cpu_s', 0)} / {r.get('wrk_cpu_s')} / "
                     f"{r.get('other_cpu_s')} s | "
                     f"{target} | {verdict} |")
    if result["server"].get("pool_timeouts_logged"):
        lines.append("")
        lines.append(f"The non-2xx answers are 503s: the server logged {result['server']['pool_timeouts_logged']} "
                     f"\"timed out waiting for connection\" (every pooled connection busy for 5 s).")
    hwm = result["server"]["peak_rss_kib"]
    ok = hwm is not None and hwm <= 200 * 1024
    lines.append("")
    lines.append(f"Server peak resident memory (VmHWM) over the whole run: **{hwm / 1024:.0f} MiB** "
                 f"(target ≤ 200 MB: {'met' if ok else '**MISSED**'}).")
    lines.append("")
    lines.append("Command: `" + result["command"] + "`")
    return "\n".join(lines) + "\n"


def main():
    ap = B.parser(__doc__, scale=100_000, port=18094, data_dir_help="default bench/out/http-<scale> (SQLite) or http-pg-<scale>")
    ap.add_argument("--duration", type=int, default=15, help="seconds of measured load per row")
    ap.add_argument("--warmup", type=int, default=3, help="seconds of unmeasured load before each row")
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--wrk-threads", type=int, default=2)
    ap.add_argument("--quiet-timeout", type=int, default=900,
                    help="seconds to wait, before each row, for other processes to leave the CPU alone")
    ap.add_argument("--only", default="", help="comma-separated endpoints (home,thread,device-model,device-maker,"
                                               "guide,search)")
    ap.add_argument("--viewers", default="anonymous,member", help="comma-separated: anonymous, member, staff")
    ap.add_argument("--accept-encoding", default="gzip, deflate, br",
                    help="the Accept-Encoding wrk sends, as browsers do ('' for none: uncompressed pages)")
    ap.add_argument("--no-search-single", dest="search_single", action="store_false",
                    help="skip the extra search row with one connection (latency without queueing)")
    ap.add_argument("--page-cache-seconds", type=int, default=None,
                    help="FIXLOOP_PAGE_CACHE_SECONDS for the server (0: every anonymous page is rendered)")
    ap.add_argument("--label", default="", help="what was measured, for the report (e.g. the binary's commit)")
    ap.add_argument("--report", default=None, help="Markdown report (default bench/out/http-<db>.md)")
    ap.add_argument("--json", default=None, help="figures as JSON (default bench/out/http-<db>.json)")
    args = ap.parse_args()

    B.check_binary(args.binary)
    wrk = B.which_or_install("wrk")
    backend = B.backend_of(args.database_url)
    data_dir = args.data_dir or os.path.join(B.OUT, f"http-{args.scale}" if backend == "sqlite"
                                             else f"http-pg-{args.scale}")
    report = args.report or os.path.join(B.OUT, f"http-{backend}.md")
    json_path = args.json or os.path.join(B.OUT, f"http-{backend}.json")
    env = B.server_env(data_dir, args.port, args.database_url)
    if args.page_cache_seconds is not None:
        env["FIXLOOP_PAGE_CACHE_SECONDS"] = str(args.page_cache_seconds)
    db = B.Db(args.database_url, data_dir)

    if backend == "postgres" and args.reset_postgres and not os.path.exists(os.path.join(data_dir, "loaded")):
        B.log("emptying the PostgreSQL database (--reset-postgres)")
        B.reset_postgres(args.database_url)
    built_now = not os.path.exists(os.path.join(data_dir, "loaded"))
    build_seconds = B.ensure_dataset(args.binary, env, data_dir, args.scale, args.database_url)

    busy = B.busy_builds()
    if busy:
        B.log(f"WARNING: CPU-heavy processes are running ({', '.join(busy)}); the figures will be low")

    server = B.Server(args.binary, env, args.port, os.path.join(data_dir, "server.log"))
    B.log("starting the server (applies pending migrations) …")
    server.start()
    try:
        guide_id = prepare_guide(server, db, data_dir)
        thread = db.rows("SELECT id, slug FROM threads WHERE reply_count >= 100 ORDER BY id LIMIT 1")[0]
        guide_slug = db.scalar(f"SELECT slug FROM threads WHERE id = {guide_id}")
        model = db.scalar("SELECT slug FROM devices WHERE kind = 'model' ORDER BY id LIMIT 1")
        maker = db.scalar("SELECT slug FROM devices WHERE kind = 'maker' ORDER BY id LIMIT 1")
        endpoints = [
            ("home", "Home page", ["/"]),
            ("thread", "Thread, 100 replies", [f"/t/{thread[0]}/{thread[1]}"]),
            ("device-model", "Device hub (model)", [f"/devices/{model}"]),
            ("device-maker", "Device hub (maker)", [f"/devices/{maker}"]),
            ("guide", "Guide, 8 steps", [f"/t/{guide_id}/{guide_slug}"]),
            ("search", "Search (26 queries)", [f"/search?q={urllib.parse.quote_plus(q)}" for q in QUERIES]),
        ]
        if args.only:
            wanted = set(args.only.split(","))
            endpoints = [e for e in endpoints if e[0] in wanted]
        cookies = {"anonymous": None}
        for viewer, login in (("member", "member100"), ("staff", "staff1")):
            client = B.login(server.port, login)
            cookies[viewer] = f"fixloop_session={client.cookies['fixloop_session']}"
            client.close()
        # Every page answers 200 before it is measured.
        for _, _, paths in endpoints:
            for p in paths[:3]:
                for c in cookies.values():
                    client = B.Client(server.port)
                    status, _, _ = client.request("GET", p, headers={"Cookie": c} if c else None)
                    client.close()
                    if status != 200:
                        raise RuntimeError(f"{p} answered {status}")

        rows = []
        runs = [(key, label, paths, viewer, args.connections) for key, label, paths in endpoints
                for viewer in args.viewers.split(",")]
        if any(key == "search" for key, _, _ in endpoints) and args.search_single:
            # Search latency without queueing: one connection, one request at a time.
            search_paths = next(p for k, _, p in endpoints if k == "search")
            runs.append(("search-1", "Search, 1 connection", search_paths, "anonymous", 1))
        for key, label, paths, viewer, connections in runs:
            c = cookies[viewer]
            # Requests a previous row left queued (their clients gave up) must not count against this one,
            # nor anything else running on the machine (a build, a test suite).
            idle = wait_idle(server)
            quiet_wait, _ = B.wait_quiet(limit=args.quiet_timeout)
            if args.warmup:
                run_wrk(wrk, server.base, paths, c, args, args.warmup, connections)
            busy0, server0, kids0 = B.cpu_jiffies()[0], server.cpu_seconds(), resource.getrusage(resource.RUSAGE_CHILDREN)
            pg0 = B.cpu_of_processes("postgres") if backend == "postgres" else 0.0
            r = run_wrk(wrk, server.base, paths, c, args, args.duration, connections)
            busy1, server1, kids1 = B.cpu_jiffies()[0], server.cpu_seconds(), resource.getrusage(resource.RUSAGE_CHILDREN)
            pg = (B.cpu_of_processes("postgres") - pg0) if backend == "postgres" else 0.0
            wrk_cpu = (kids1.ru_utime - kids0.ru_utime) + (kids1.ru_stime - kids0.ru_stime)
            r["server_cpu_s"] = round(server1 - server0, 1)
            r["wrk_cpu_s"] = round(wrk_cpu, 1)
            r["postgres_cpu_s"] = round(pg, 1)
            r["other_cpu_s"] = round((busy1 - busy0) / os.sysconf("SC_CLK_TCK") - (server1 - server0) - wrk_cpu - pg, 1)
            r["quiet_wait_s"] = quiet_wait
            r.update(endpoint=key, label=label, viewer=viewer, path=paths[0] if len(paths) == 1 else
                     f"/search?q=… ({len(paths)} queries)", rss_kib=server.status_field("VmRSS"),
                     connections=connections, idle_wait_s=idle)
            rows.append(r)
            B.log(f"{label:22} {viewer:9} {r['rps']:9,.0f} req/s  p50 {r['p50_ms']:6.1f}  p90 {r['p90_ms']:6.1f}  "
                  f"p95 {r['p95_ms']:6.1f}  p99 {r['p99_ms']:6.1f} ms  non-2xx {r['non_2xx_3xx']}  "
                  f"errors {r['socket_errors']}  rss {(r['rss_kib'] or 0) / 1024:.0f} MiB  cpu: server "
                  f"{r['server_cpu_s']} s, postgres {r['postgres_cpu_s']} s, wrk {r['wrk_cpu_s']} s, "
                  f"other {r['other_cpu_s']} s")
        peak = server.status_field("VmHWM")
        log_text = server.log_text()
    finally:
        server.stop()

    result = {
        "backend": backend,
        "backend_label": "SQLite" if backend == "sqlite" else "PostgreSQL", "label": args.label,
        "machine": B.machine(), "db_version": db.version(), "binary": B.binary_info(args.binary),
        "busy": busy,
        "dataset": {"scale": args.scale, "threads": db.scalar("SELECT COUNT(*) FROM threads"),
                    "posts": db.scalar("SELECT COUNT(*) FROM posts"),
                    "devices": db.scalar("SELECT COUNT(*) FROM devices"),
                    "users": db.scalar("SELECT COUNT(*) FROM users"),
                    "build_seconds": build_seconds, "built_now": built_now, "data_dir": data_dir},
        "wrk": {"threads": args.wrk_threads, "connections": args.connections, "duration": args.duration,
                "warmup": args.warmup, "accept_encoding": args.accept_encoding},
        "server": {"peak_rss_kib": peak, "workers": env.get("FIXLOOP_WORKERS", f"{os.cpu_count()} (one per core)"),
                   "pool": env.get("FIXLOOP_DB_POOL_SIZE", "default (3 per core on SQLite, 16 on PostgreSQL)"),
                   "page_cache_seconds": env.get("FIXLOOP_PAGE_CACHE_SECONDS", "10 (default)"),
                   "errors_logged": sum(1 for ln in log_text.splitlines() if " ERROR " in ln),
                   "pool_timeouts_logged": log_text.count("timed out waiting for connection")},
        "command": " ".join(["python3"] + sys.argv),
        "rows": rows,
    }
    B.write_json(json_path, result)
    md = markdown(result)
    with open(report, "w") as f:
        f.write(md)
    B.log("")
    B.log(md)
    B.log(f"written: {report}, {json_path}")
    if any(r["non_2xx_3xx"] or r["socket_errors"] for r in rows):
        B.log("FAILED: some requests did not answer 2xx/3xx (see the non-2xx column)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
