#!/usr/bin/env python3
"""Photo uploads under load: memory and other members' pages (issue 26, item 7). A benchmark, not a test.

Starts the release binary on a small generated data set (a fresh copy per run on SQLite) and
sends, each time from ten members at once (each to a reply of their own):

  worst     ten 12,000 × 12,000 px PNGs of ~140 KiB each (grey, 8-bit: 144 MB decoded, more to
            resize) -- the attack from the issue; refused by their header, before any decoding;
  allowed   ten 40 MP PNGs (8,000 × 5,000 RGBA: 160 MB decoded, the most a photo may take), each
            a different file, so each is decoded, scaled to 2048 px and stored;
  burst     twenty such 40 MP PNGs at once: the photo pool decodes two at a time and queues
            eight, the rest are answered 503 with Retry-After, at once.

While each phase runs, another member loads /settings over and over on a connection of their
own; the script reports its latency (p50/p95/max) beside the same page on an idle server, and
the server's peak resident memory in the phase (VmHWM, reset before each phase through
/proc/<pid>/clear_refs, and VmRSS sampled every 20 ms besides). It checks the peak against the
stated ceiling (--ceiling-mib) and exits 1 above it.

    cargo build --release
    python3 bench/photo_uploads.py                      # SQLite
    python3 bench/photo_uploads.py --database-url postgres://…

Python 3 standard library only. Only loopback traffic; every phase is bounded by its uploads.
"""
import collections
import os
import shutil
import statistics
import struct
import sys
import threading
import time
import zlib

import benchlib as B
from benchlib import log, percentile

# The server's defaults (src/config.rs): two photo threads, eight waiting.
PHOTO_WORKERS = 2
PHOTO_QUEUE = 8


# --- images ------------------------------------------------------------------

def png(width, height, colour_type, idat):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0))
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def pngs_with_last_row(width, height, colour_type, channels, body_row, count, level):
    """`count` PNGs alike but for their last row (so each is another file): the rows before it are
    compressed once and the compressor copied for each last row."""
    row = b"\x00" + body_row
    assert len(row) == 1 + width * channels
    base = zlib.compressobj(level)
    head = bytearray()
    for _ in range(height - 1):
        head += base.compress(row)
    out = []
    for seed in range(count):
        c = base.copy()
        last = bytes([(seed * 37 + x) & 0xFF for x in range(width * channels)])
        idat = bytes(head) + c.compress(b"\x00" + last) + c.flush()
        out.append(png(width, height, colour_type, idat))
    return out


def worst_case_pngs(count):
    """12,000 × 12,000 grey pixels in ~140 KiB: what the issue sent."""
    return pngs_with_last_row(12_000, 12_000, 0, 1, bytes(12_000), count, 9)


def allowed_pngs(count):
    """8,000 × 5,000 RGBA: exactly 40 megapixels, the largest decoded size a photo may have."""
    body = bytes((x * 7) & 0xFF for x in range(8_000 * 4))
    return pngs_with_last_row(8_000, 5_000, 6, 4, body, count, 6)


# --- measuring ---------------------------------------------------------------

def status_kib(pid, field):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def reset_peak(pid):
    """Resets VmHWM to the current RSS (Linux 4.0+); False when not allowed."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


class RssSampler(threading.Thread):
    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.stop, self.peak = pid, threading.Event(), 0

    def run(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, status_kib(self.pid, "VmRSS") or 0)
            time.sleep(0.02)


class SettingsReader(threading.Thread):
    """Another member loading /settings, one request after another."""

    def __init__(self, client):
        super().__init__(daemon=True)
        self.client, self.stop, self.latencies, self.statuses = client, threading.Event(), [], collections.Counter()

    def run(self):
        while not self.stop.is_set():
            t = time.perf_counter()
            status, _, _ = self.client.get("/settings")
            self.latencies.append((time.perf_counter() - t) * 1000)
            self.statuses[status] += 1
            time.sleep(0.01)


def latency_stats(values):
    if not values:
        return {"n": 0}
    return {"n": len(values), "p50_ms": round(percentile(values, 50), 1), "p95_ms": round(percentile(values, 95), 1),
            "max_ms": round(max(values), 1), "mean_ms": round(statistics.mean(values), 1)}


def idle_settings(client, n=60):
    values = []
    for _ in range(n):
        t = time.perf_counter()
        status, _, _ = client.get("/settings")
        if status != 200:
            raise RuntimeError(f"/settings answered {status}")
        values.append((time.perf_counter() - t) * 1000)
    return latency_stats(values)


def phase(name, server, reader_client, uploaders, files):
    """Sends files[i] from uploaders[i], all at once; measures while they run."""
    pid = server.proc.pid
    time.sleep(1.0)  # let the previous phase's memory settle
    rss_before = status_kib(pid, "VmRSS")
    hwm_reset = reset_peak(pid)
    sampler, reader = RssSampler(pid), SettingsReader(reader_client)
    sampler.start()
    reader.start()
    time.sleep(0.3)  # the reader is running before the first upload arrives
    results = [None] * len(files)
    go = threading.Event()

    def send(i):
        client, path = uploaders[i]
        go.wait()
        t = time.perf_counter()
        status, headers, body = B.upload_photo(client, path, files[i], client.token)
        results[i] = (status, (time.perf_counter() - t) * 1000, headers.get("retry-after"), body)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(files))]
    for t in threads:
        t.start()
    started = time.perf_counter()
    go.set()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    time.sleep(0.3)
    reader.stop.set()
    reader.join()
    sampler.stop.set()
    sampler.join()
    hwm = status_kib(pid, "VmHWM") if hwm_reset else None
    statuses = collections.Counter(r[0] for r in results)
    messages = {}
    for status, _, retry, body in results:
        if status >= 400 and status not in messages:
            text = body.decode("utf-8", "replace")
            start = text.find("That image") if "That image" in text else text.find("Many photos")
            messages[status] = (text[start:start + 160].split("<")[0].strip() if start >= 0 else "") + (
                f" [Retry-After: {retry}]" if retry else "")
    upload_ms = [r[1] for r in results]
    out = {
        "phase": name,
        "uploads": len(files),
        "file_kib": sorted({round(len(f) / 1024) for f in files}),
        "statuses": dict(sorted(statuses.items())),
        "messages": messages,
        "wall_s": round(wall, 2),
        "upload_ms": {"min": round(min(upload_ms)), "median": round(statistics.median(upload_ms)),
                      "max": round(max(upload_ms))},
        "rss_before_mib": round((rss_before or 0) / 1024),
        "peak_rss_mib": round(max(hwm or 0, sampler.peak) / 1024),
        "peak_from": "VmHWM" if hwm else "VmRSS every 20 ms",
        "settings_during": latency_stats(reader.latencies),
        "settings_statuses": dict(reader.statuses),
    }
    log(f"{name}: {out['statuses']} in {out['wall_s']} s; peak RSS {out['peak_rss_mib']} MiB "
        f"(before {out['rss_before_mib']}); /settings during: {out['settings_during']}")
    return out


# --- the run -------------------------------------------------------------------

def main():
    ap = B.parser(__doc__, scale=200, port=18093,
                  data_dir_help="where the run's copy of the data set lives (default bench/out/photos)")
    ap.add_argument("--ceiling-mib", type=int, default=640,
                    help="the stated memory ceiling the server must stay under (default 640 MiB)")
    ap.add_argument("--json", default=os.path.join(B.OUT, "photo-uploads.json"))
    args = ap.parse_args()
    B.check_binary(args.binary)
    if busy := B.busy_builds():
        log(f"note: builds are running ({', '.join(busy[:4])}); figures will be noisy")
    waited, busy_cores = B.wait_quiet(limit=180)

    log("making the images …")
    worst = worst_case_pngs(10)
    allowed = allowed_pngs(30)
    log(f"worst case: {len(worst[0]) / 1024:.0f} KiB for 12000 × 12000 px; "
        f"allowed: {len(allowed[0]) / 1024:.0f} KiB for 8000 × 5000 RGBA")

    run_dir = args.data_dir or os.path.join(B.OUT, "photos")
    extra = {"FIXLOOP_PHOTOS_PER_HOUR": "1000000", "FIXLOOP_NEW_MEMBER_PHOTOS_PER_HOUR": "1000000",
             "FIXLOOP_PHOTO_WORKERS": str(PHOTO_WORKERS), "FIXLOOP_PHOTO_QUEUE": str(PHOTO_QUEUE)}
    if B.backend_of(args.database_url) == "sqlite":
        template = os.path.join(B.OUT, f"photos-template-{args.scale}")
        B.ensure_dataset(args.binary, B.server_env(template, args.port), template, args.scale, "")
        shutil.rmtree(run_dir, ignore_errors=True)
        shutil.copytree(template, run_dir)
    else:
        if args.reset_postgres and not B.dataset_complete(run_dir, args.scale, args.database_url):
            B.reset_postgres(args.database_url)
        B.ensure_dataset(args.binary, B.server_env(run_dir, args.port, args.database_url), run_dir, args.scale,
                         args.database_url)
    env = B.server_env(run_dir, args.port, args.database_url, extra)
    server = B.Server(args.binary, env, args.port, os.path.join(run_dir, "server.log")).start()
    db = B.Db(args.database_url, run_dir)
    try:
        thread = db.scalar("SELECT id FROM threads WHERE NOT locked ORDER BY id LIMIT 1")
        uploaders = []
        for i in range(20):
            client = B.login(args.port, f"member{11 + i}")
            status, headers, body = client.post_form(f"/t/{thread}/reply", {
                "csrf_token": client.token, "body": f"Photos of my repair, part {i}.", "action": "post"})
            if status != 303:
                raise RuntimeError(f"reply failed: {status} {body[:300]!r}")
            post = int(B.POST_ID_RE.search(headers["location"]).group(1))
            uploaders.append((client, f"/posts/{post}/photos"))
        reader = B.login(args.port, "member41")
        idle = idle_settings(reader)
        log(f"/settings on an idle server: {idle}")
        phases = [
            phase("worst", server, reader, uploaders[:10], worst),
            phase("allowed", server, reader, uploaders[:10], allowed[:10]),
            phase("burst", server, reader, uploaders, allowed[10:30]),
        ]
        stored = db.scalar("SELECT COUNT(*) FROM photos")
        errors = [ln for ln in server.log_text().splitlines() if " ERROR " in ln]
    finally:
        server.stop()
    peak = max(p["peak_rss_mib"] for p in phases)
    result = {
        "machine": B.machine(), "binary": B.binary_info(args.binary), "backend": B.backend_of(args.database_url),
        "scale": args.scale, "photo_workers": PHOTO_WORKERS, "photo_queue": PHOTO_QUEUE,
        "quiet_wait_s": waited, "busy_cores_before": busy_cores,
        "settings_idle": idle, "phases": phases, "photos_stored": stored, "server_errors": errors[:5],
        "ceiling_mib": args.ceiling_mib, "peak_rss_mib": peak, "under_ceiling": peak < args.ceiling_mib,
    }
    B.write_json(args.json, result)
    log(f"peak RSS over all phases: {peak} MiB; ceiling {args.ceiling_mib} MiB: "
        f"{'held' if peak < args.ceiling_mib else 'EXCEEDED'}; photos stored: {stored}; written to {args.json}")
    if errors:
        log(f"server errors: {errors[:3]}")
    sys.exit(0 if peak < args.ceiling_mib else 1)


if __name__ == "__main__":
    main()
