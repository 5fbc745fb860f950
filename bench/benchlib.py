"""Helpers shared by the scripts in bench/ (Python 3 standard library only).

Not a script: http_bench.py, load_test.py, crash_test.py and fault_test.py
import it. It starts and stops the release binary, builds the generated data
sets with `fixloop demo --scale`, logs demo members in, reads the database
(sqlite3 for SQLite, `psql` for PostgreSQL) and describes the machine.
"""
import argparse
import atexit
import http.client
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "out")
DEMO_PASSWORD = "fixloop-demo"  # src/demo/mod.rs DEMO_PASSWORD

# Settings every benchmark server runs with: the demo members are "new
# members" (reputation below FIXLOOP_TRUSTED_REPUTATION), so without these the
# write load would be refused with 429 after five posts an hour, and logins
# from one address would be throttled.
UNLIMITED = {
    "FIXLOOP_NEW_MEMBER_POSTS_PER_HOUR": "1000000",
    "FIXLOOP_LOGIN_FAILURES_PER_ACCOUNT": "1000000",
    "FIXLOOP_LOGIN_FAILURES_PER_ADDRESS": "1000000",
}

_servers = []


def log(msg):
    print(msg, flush=True)


def backend_of(url):
    return "postgres" if url.startswith(("postgres://", "postgresql://")) else "sqlite"


def sqlite_file(database_url, data_dir):
    if not database_url:
        return os.path.join(data_dir, "fixloop.db")
    for prefix in ("sqlite://", "sqlite:"):
        if database_url.startswith(prefix):
            return database_url[len(prefix):]
    return database_url


def server_env(data_dir, port, database_url="", extra=None):
    env = dict(os.environ)
    env.update(UNLIMITED)
    env.update(FIXLOOP_DATA_DIR=data_dir, FIXLOOP_BIND=f"127.0.0.1:{port}",
               DATABASE_URL=database_url, RUST_LOG=env.get("BENCH_RUST_LOG", "warn"))
    if extra:
        env.update(extra)
    return env


def check_binary(binary):
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        sys.exit(f"no executable at {binary}: run `cargo build --release` first, or pass --binary")


def process_stat(pid):
    """(name, CPU ticks used so far) of a process, from /proc/<pid>/stat; None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            data = f.read()
        name = data[data.index("(") + 1:data.rindex(")")]
        fields = data.rsplit(")", 1)[1].split()
        return name, int(fields[11]) + int(fields[12])
    except (OSError, ValueError, IndexError):
        return None


def all_process_stats():
    """{pid: (name, CPU ticks)} of every live process."""
    stats = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit() and (stat := process_stat(pid)) is not None:
            stats[pid] = stat
    return stats


def busy_builds():
    """Other CPU-heavy processes (a cargo build) that would skew the figures."""
    return [f"{name}[{pid}]" for pid, (name, _) in all_process_stats().items()
            if name in ("rustc", "cargo", "cc1", "ld", "cc1plus")]


def parser(doc, scale, port, data_dir_help):
    """The command line every server-starting script shares: binary, data set, database, port."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=doc)
    ap.add_argument("--binary", default="target/release/fixloop")
    ap.add_argument("--scale", type=int, default=scale, help="threads in the generated data set")
    ap.add_argument("--database-url", default="", help="postgres://… (default: SQLite in the data directory)")
    ap.add_argument("--data-dir", default=None, help=data_dir_help)
    ap.add_argument("--reset-postgres", action="store_true",
                    help="empty the PostgreSQL database first when it holds no complete data set")
    ap.add_argument("--port", type=int, default=port)
    return ap


# --- the server ------------------------------------------------------------

class Server:
    """The release binary serving one data set; always stopped at exit."""

    def __init__(self, binary, env, port, log_path):
        self.binary, self.env, self.port, self.log_path = binary, env, port, log_path
        self.proc = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=600):
        os.makedirs(os.path.dirname(self.log_path) or ".", exist_ok=True)
        self.log_file = open(self.log_path, "ab")
        self.log_offset = self.log_file.tell()
        self.proc = subprocess.Popen([self.binary, "serve"], env=self.env, stdout=self.log_file,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        _servers.append(self)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited with {self.proc.returncode}; see {self.log_path}")
            status, _ = self.health()
            if status == 200:
                return self
            time.sleep(0.1)
        raise RuntimeError(f"the server did not answer /healthz within {timeout} s; see {self.log_path}")

    def health(self, timeout=2):
        try:
            c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
            c.request("GET", "/healthz")
            r = c.getresponse()
            body = r.read()
            c.close()
            return r.status, body
        except OSError:
            return None, b""

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def status_field(self, field):
        """A field of /proc/<pid>/status in KiB (VmHWM: peak resident memory)."""
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                for line in f:
                    if line.startswith(field + ":"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def cpu_seconds(self):
        stat = process_stat(self.proc.pid)
        return None if stat is None else stat[1] / os.sysconf("SC_CLK_TCK")

    def kill9(self):
        if self.alive():
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self):
        if self.alive():
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self in _servers:
            _servers.remove(self)
        if getattr(self, "log_file", None):
            self.log_file.close()
            self.log_file = None

    def log_text(self):
        """What the server logged since it was started (colour codes removed)."""
        return read_log(self.log_path, getattr(self, "log_offset", 0))


ANSI_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def read_log(path, offset=0):
    """A server log from `offset` on, without the ANSI colour codes tracing writes even into a file
    (with them, a line reads "...\x1b[31mERROR\x1b[0m ..." and a search for " ERROR " finds nothing)."""
    try:
        with open(path, "rb") as f:
            f.seek(offset)
            return ANSI_RE.sub("", f.read().decode("utf-8", "replace"))
    except OSError:
        return ""


def _stop_all():
    for s in list(_servers):
        try:
            s.stop()
        except Exception:  # noqa: BLE001 - best effort at exit
            pass


def _on_signal(signum, _frame):
    _stop_all()
    sys.exit(128 + signum)


atexit.register(_stop_all)
signal.signal(signal.SIGTERM, _on_signal)
signal.signal(signal.SIGHUP, _on_signal)


# --- data sets -------------------------------------------------------------

def ensure_dataset(binary, env, data_dir, scale, database_url):
    """Builds the data set once (`fixloop demo --scale N`); a marker file says it is complete.

    Returns the seconds the build took (now or when it was built)."""
    os.makedirs(data_dir, exist_ok=True)
    marker = os.path.join(data_dir, "loaded")
    if os.path.exists(marker):
        db = Db(database_url, data_dir)
        if db.scalar("SELECT COUNT(*) FROM threads") == scale:
            with open(marker) as f:
                return float(f.read().strip() or 0)
        log(f"{marker} exists but the database does not hold {scale} threads: building again")
        os.remove(marker)
    log(f"building the data set: fixloop demo --scale {scale} ({backend_of(database_url)}) …")
    started = time.time()
    subprocess.run([binary, "demo", "--scale", str(scale)], env=env, check=True)
    took = time.time() - started
    with open(marker, "w") as f:
        f.write(f"{took:.1f}")
    log(f"data set built in {took:.0f} s")
    return took


def dataset_complete(data_dir, scale, database_url):
    """Whether the data directory's marker says the data set is built and the database really holds it.

    A marker alone is not enough on PostgreSQL: another run (another scale, another script) may have
    emptied or refilled the same database since; `fixloop demo --scale` then refuses to build on it."""
    if not os.path.exists(os.path.join(data_dir, "loaded")):
        return False
    return Db(database_url, data_dir).scalar("SELECT COUNT(*) FROM threads") == scale


def reset_postgres(database_url):
    """Empties a PostgreSQL database we own (drops and recreates its public schema)."""
    Db(database_url, "").execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")


# --- the database, read from outside the server ----------------------------

class Db:
    def __init__(self, database_url, data_dir):
        self.url = database_url
        self.backend = backend_of(database_url)
        self.path = None if self.backend == "postgres" else sqlite_file(database_url, data_dir)

    def rows(self, sql):
        if self.backend == "sqlite":
            import sqlite3
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
            try:
                return [tuple(r) for r in con.execute(sql).fetchall()]
            finally:
                con.close()
        out = subprocess.run(["psql", self.url, "-X", "-q", "-t", "-A", "-F", "\t", "-v", "ON_ERROR_STOP=1",
                              "-c", sql], capture_output=True, text=True, check=True).stdout
        return [tuple(line.split("\t")) for line in out.splitlines() if line]

    def scalar(self, sql):
        try:
            rows = self.rows(sql)
        except Exception:  # noqa: BLE001 - an empty or missing database has no threads
            return None
        if not rows:
            return None
        v = rows[0][0]
        try:
            return int(v)
        except (TypeError, ValueError):
            return v

    def execute(self, sql):
        if self.backend == "sqlite":
            import sqlite3
            con = sqlite3.connect(self.path, timeout=30)
            try:
                con.executescript(sql)
            finally:
                con.close()
        else:
            subprocess.run(["psql", self.url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
                           capture_output=True, text=True, check=True)

    def version(self):
        if self.backend == "sqlite":
            import sqlite3
            return "SQLite " + sqlite3.sqlite_version + " (Python's; the binary bundles its own, see Cargo.lock)"
        return "PostgreSQL " + str(self.scalar("SHOW server_version"))


# --- HTTP ----------------------------------------------------------------

CSRF_RE = re.compile(rb'name="csrf_token" value="([0-9a-f]{64})"')


def cookies_of(response):
    jar = {}
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            k, _, rest = value.partition("=")
            jar[k.strip()] = rest.split(";", 1)[0]
    return jar


class Client:
    """One keep-alive connection with a cookie jar."""

    def __init__(self, port, timeout=30):
        self.port, self.timeout = port, timeout
        self.conn = None
        self.cookies = {}
        self.last_used = 0.0

    def _connection(self):
        # The server closes keep-alive connections idle for 5 s: do not send on one that may be closing.
        if self.conn is not None and time.time() - self.last_used > 3:
            self.close()
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        return self.conn

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method, path, body=None, headers=None):
        """Returns (status, headers dict (lower-case), body bytes); reconnects once on a stale connection."""
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (0, 1):
            conn = self._connection()
            try:
                conn.request(method, path, body=body, headers=headers)
                r = conn.getresponse()
                data = r.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as e:
                self.close()
                # A request that may have reached the server is not sent twice.
                if attempt == 0 and method == "GET":
                    continue
                raise e
            self.last_used = time.time()
            self.cookies.update(cookies_of(r))
            if r.getheader("Connection", "").lower() == "close":
                self.close()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, data
        raise RuntimeError("unreachable")

    def get(self, path):
        return self.request("GET", path)

    def post_form(self, path, fields):
        body = urllib.parse.urlencode(fields)
        return self.request("POST", path, body=body,
                            headers={"Content-Type": "application/x-www-form-urlencoded"})

    def csrf(self, path="/"):
        status, _, body = self.get(path)
        m = CSRF_RE.search(body)
        if not m:
            raise RuntimeError(f"no CSRF token on {path} (status {status})")
        return m.group(1).decode()


def login(port, username, password=DEMO_PASSWORD):
    """Logs a demo account in; returns a Client holding its session and its CSRF token."""
    c = Client(port)
    token = c.csrf("/login")
    status, headers, body = c.post_form("/login", {"login": username, "password": password, "next": "/",
                                                    "csrf_token": token})
    if status != 303 or "fixloop_session" not in c.cookies:
        raise RuntimeError(f"logging in {username} failed: {status} {body[:200]!r}")
    c.cookies.pop("fixloop_csrf", None)
    c.token = c.csrf("/")  # a member's forms carry the session's token
    return c


POST_ID_RE = re.compile(r"#post-(\d+)$")
STEP_ID_RE = re.compile(r"#step-(\d+)$")


# --- statistics and the machine ---------------------------------------------

def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(p / 100 * len(values) + 0.5)) - 1))
    return values[k]


def _field(path, prefix):
    """The rest of the first line of a text file that starts with `prefix`, or None."""
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(prefix):
                    return line[len(prefix):].strip()
    except OSError:
        pass
    return None


def machine():
    info = {"nproc": os.cpu_count(), "kernel": platform.release(), "python": platform.python_version()}
    cpu = _field("/proc/cpuinfo", "model name")
    if cpu:
        info["cpu"] = cpu.lstrip(":").strip()
    mem = _field("/proc/meminfo", "MemTotal:")
    if mem:
        info["ram_gib"] = round(int(mem.split()[0]) / 1024 / 1024, 1)
    try:
        info["commit"] = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                                        text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--", "src", "migrations"],
                               capture_output=True, text=True).stdout.strip()
        if dirty:
            info["commit"] += " (with uncommitted changes in src/ or migrations/)"
    except OSError:
        pass
    os_name = _field("/etc/os-release", "PRETTY_NAME=")
    if os_name:
        info["os"] = os_name.strip('"')
    return info


def binary_info(binary):
    import hashlib
    h = hashlib.sha256()
    with open(binary, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    st = os.stat(binary)
    return {"path": binary, "sha256": h.hexdigest()[:16],
            "built": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(st.st_mtime)) + " UTC"}


def write_json(path, data):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w") as f:
        json.dump(data, f, indent=2)


def which_or_install(tool, package=None):
    """The tool's path; installs it with apt-get when missing and we are root."""
    path = shutil.which(tool)
    if path:
        return path
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log(f"{tool} is missing: apt-get install -y {package or tool}")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        r = subprocess.run(["apt-get", "install", "-y", "-q", package or tool], env=env)
        if r.returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], env=env)
            subprocess.run(["apt-get", "install", "-y", "-q", package or tool], env=env)
        path = shutil.which(tool)
    if not path:
        sys.exit(f"{tool} is not installed: `apt-get install {package or tool}` (Debian/Ubuntu) "
                 f"or build it from https://github.com/wg/wrk, then run again")
    return path


# --- photos ----------------------------------------------------------------

def noise_png(width, height, seed):
    """A PNG of random pixels (incompressible, so its size is predictable)."""
    import random
    import struct
    import zlib
    rng = random.Random(seed)
    raw = b"".join(b"\x00" + rng.randbytes(width * 3) for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b""))


def upload_photo(client, path, png, token):
    """POSTs a photo as the upload form does (multipart: csrf_token, photo)."""
    boundary = "----fixloopbench" + os.urandom(8).hex()
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"photo.png\"\r\n"
            f"Content-Type: image/png\r\n\r\n").encode() + png + f"\r\n--{boundary}--\r\n".encode()
    return client.request("POST", path, body=body,
                          headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})


# --- a quiet machine -------------------------------------------------------

def cpu_jiffies():
    """(busy, total) jiffies of the whole machine since boot (/proc/stat)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    total = sum(fields[:8])
    return total - idle, total


def machine_busy_cores(seconds=1.0):
    """Cores' worth of CPU the whole machine used over the next `seconds`."""
    b0, _ = cpu_jiffies()
    time.sleep(seconds)
    b1, _ = cpu_jiffies()
    return (b1 - b0) / os.sysconf("SC_CLK_TCK") / seconds


def wait_quiet(limit=600, threshold=0.15, quiet_for=3):
    """Waits until other processes use under `threshold` of a core for `quiet_for` seconds in a row.

    Returns (seconds waited, busy cores at the end). Other work on the machine
    (a build, a test suite) would make the figures meaningless."""
    started, calm, busy = time.time(), 0, 0.0
    warned = False
    while time.time() - started < limit:
        busy = machine_busy_cores(1.0)
        calm = calm + 1 if busy < threshold else 0
        if calm >= quiet_for:
            break
        if not warned and time.time() - started > 5:
            others = busy_processes()
            log(f"waiting for the machine to be quiet ({busy:.2f} cores busy: {', '.join(others[:5])}) …")
            warned = True
    return round(time.time() - started, 1), round(busy, 2)


def busy_processes(sample=0.5):
    """The processes using CPU right now, busiest first (name[pid] share-of-a-core)."""
    a = all_process_stats()
    time.sleep(sample)
    b = all_process_stats()
    hz = os.sysconf("SC_CLK_TCK")
    used = [((b[p][1] - a[p][1]) / hz / sample, f"{b[p][0]}[{p}]") for p in b if p in a]
    used = sorted((u for u in used if u[0] > 0.02), reverse=True)
    return [f"{name} {share:.2f}" for share, name in used]


def cpu_of_processes(name):
    """CPU seconds used so far by every live process called `name` (e.g. PostgreSQL's backends)."""
    ticks = sum(t for n, t in all_process_stats().values() if n == name)
    return ticks / os.sysconf("SC_CLK_TCK")
