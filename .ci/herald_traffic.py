"""What the fault storm (.ci/storm.py) and the soak (.ci/soak.py) share: the release binary, a
`herald serve` process supervised by PID, valid send requests built from Previews/, and hostile
HTTP clients. Loopback only; every wait is bounded."""
import glob, http.client, json, os, random, signal, socket, subprocess, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KINDS = ["installment-paid", "all-paid", "failed-debit", "upcoming-debit", "check-in"]
#: Lines on Herald's stderr that mean the process died on its own (Swift runtime traps, glibc aborts).
FATAL_MARKERS = ("Fatal error", "fatal error", "Unexpectedly found nil", "Segmentation fault", "Illegal instruction",
                 "double free", "malloc(): ", "stack overflow", "Aborted")


def herald_binary():
    """HERALD_BIN, or this checkout's release build (built when missing or stale)."""
    if os.environ.get("HERALD_BIN"):
        return os.path.abspath(os.environ["HERALD_BIN"])
    subprocess.run(["swift", "build", "-c", "release", "--product", "herald"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    out = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.strip()
    return os.path.join(out, "herald")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def samples():
    """(kind, context JSON text) for every preview sample, moved into the future like the tests do."""
    found = []
    for kind in KINDS:
        for path in sorted(glob.glob(os.path.join(ROOT, "Previews", kind, "*.json"))):
            with open(path, encoding="utf-8") as f:
                found.append((kind, f.read().replace('"2026-', '"2031-')))
    return found


def send_body(kind, context, email, key=None, locale=None):
    request = {"message": kind, "to": [{"email": email, "name": "Zoë Storm"}],
               "locale": locale or random.choice(["en", "fr", "fr-CA", "en-GB"])}
    if key:
        request["key"] = key
    text = json.dumps(request, ensure_ascii=False)
    return (text[:-1] + ',"context":' + context + "}").encode("utf-8")


def request(port, method, path, body=None, timeout=15.0, headers=None):
    """One request on a new connection: (status, parsed JSON body or None, raw body). Raises OSError
    (and http.client errors) when there is no answer."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        all_headers = {"Content-Type": "application/json"} if body is not None else {}
        all_headers.update(headers or {})
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        raw = response.read()
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        return response.status, parsed, raw
    finally:
        connection.close()


def clear_error(status, parsed):
    """A rejection Herald promises: a 4xx or a 503, with {"error":{"code","message"}}."""
    return (400 <= status < 500 or status == 503) and isinstance(parsed, dict) \
        and isinstance(parsed.get("error"), dict) and "code" in parsed["error"]


def proc_status(pid):
    """(VmRSS kB, VmHWM kB, open descriptors) of a live process, or None."""
    try:
        with open("/proc/%d/status" % pid) as f:
            fields = dict(line.split(":", 1) for line in f if ":" in line)
        fds = len(os.listdir("/proc/%d/fd" % pid))
        return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0]), fds
    except (OSError, KeyError, ValueError):
        return None


class HeraldServer:
    """`herald serve` on a fixed port, restarted across SIGKILLs; every process it starts is recorded
    with how it ended, so a crash is told apart from a kill of ours."""

    def __init__(self, binary, port, env, workdir, rss_limit_kb):
        self.binary, self.port, self.env, self.workdir, self.rss_limit_kb = binary, port, env, workdir, rss_limit_kb
        self.processes = []  # dicts: pid, started, ended, killedByUs, returncode, signal, stderr, fatal
        self.current = None
        self.lock = threading.Lock()
        self.max_rss_kb = 0
        self.samples = []  # (time, rss kB, fds)
        self.stopping = threading.Event()
        self.sampler = threading.Thread(target=self.sample_loop, daemon=True)
        self.sampler.start()

    def start(self, wait_seconds=30.0):
        """Starts a process and waits (bounded) until /healthz answers. True when it does."""
        index = len(self.processes)
        stderr_path = os.path.join(self.workdir, "herald-%03d.stderr" % index)
        stderr = open(stderr_path, "wb")
        env = dict(self.env, HERALD_LISTEN="127.0.0.1:%d" % self.port)
        popen = subprocess.Popen([self.binary, "serve"], cwd=self.workdir, env=env, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)
        stderr.close()
        record = {"pid": popen.pid, "started": time.time(), "ended": None, "killedByUs": None, "returncode": None,
                  "signal": None, "stderr": stderr_path, "fatal": [], "popen": popen}
        with self.lock:
            self.processes.append(record)
            self.current = record
        threading.Thread(target=self.watch, args=(record,), daemon=True).start()
        deadline = time.time() + wait_seconds
        while time.time() < deadline and popen.poll() is None:
            try:
                if request(self.port, "GET", "/healthz", timeout=2)[0] == 200:
                    return True
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.1)
        return False

    def watch(self, record):
        code = record["popen"].wait()
        record["ended"] = time.time()
        record["returncode"] = code
        record["signal"] = -code if code < 0 else None
        with open(record["stderr"], "rb") as f:
            text = f.read().decode("utf-8", "replace")
        record["fatal"] = [line[:300] for line in text.splitlines() if any(m in line for m in FATAL_MARKERS)][:20]

    def alive(self):
        current = self.current
        return current is not None and current["popen"].poll() is None

    def kill(self, why="storm"):
        """SIGKILL of the current process (ours, by PID), waited for."""
        current = self.current
        if current is None or current["popen"].poll() is not None:
            return
        current["killedByUs"] = why
        os.kill(current["pid"], signal.SIGKILL)
        try:
            current["popen"].wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass

    def terminate(self, grace=30.0):
        """SIGTERM (graceful: Herald drains and exits 0), then SIGKILL after `grace` seconds."""
        current = self.current
        if current is None or current["popen"].poll() is not None:
            return None
        current["killedByUs"] = "sigterm"
        os.kill(current["pid"], signal.SIGTERM)
        try:
            return current["popen"].wait(timeout=grace)
        except subprocess.TimeoutExpired:
            current["killedByUs"] = "sigterm-timeout"
            os.kill(current["pid"], signal.SIGKILL)
            return current["popen"].wait(timeout=10)

    def sample_loop(self):
        while not self.stopping.is_set():
            current = self.current
            if current is not None and current["popen"].poll() is None:
                status = proc_status(current["pid"])
                if status:
                    rss, hwm, fds = status
                    self.max_rss_kb = max(self.max_rss_kb, rss, hwm)
                    self.samples.append((time.time(), rss, fds))
                    if rss > self.rss_limit_kb:
                        # Protects the shared machine; recorded as a broken promise, not as one of our kills.
                        current["rssLimitExceeded"] = rss
                        self.kill(why="rss-limit")
            time.sleep(0.25)

    def crashes(self):
        """Processes that ended without us asking (any exit except after our SIGKILL or SIGTERM→0),
        or that printed a fatal error, or that we had to kill for memory."""
        found = []
        for p in self.processes:
            if p["ended"] is None:
                continue
            ours = p["killedByUs"] in ("storm", "cleanup") or (p["killedByUs"] == "sigterm" and p["returncode"] == 0)
            if not ours or p["fatal"] or p.get("rssLimitExceeded"):
                found.append(p)
        return found

    def summary(self):
        return [{k: v for k, v in p.items() if k != "popen"} for p in self.processes]

    def shutdown(self):
        """Kills whatever of ours is still running (exit path, interrupt)."""
        self.stopping.set()
        for p in self.processes:
            if p["popen"].poll() is None:
                p["killedByUs"] = p["killedByUs"] or "cleanup"
                try:
                    os.kill(p["pid"], signal.SIGKILL)
                    p["popen"].wait(timeout=10)
                except (OSError, subprocess.TimeoutExpired):
                    pass


class Hostile:
    """Hostile HTTP clients. Each attack returns a result dict: attack, outcome, status, and whether
    the answer broke a promise ("violation": a 5xx other than 503, a rejection without a JSON body,
    or a 2xx for garbage)."""

    def __init__(self, port, big_context):
        self.port, self.big_context = port, big_context

    def connect(self, timeout=10.0, rcvbuf=None):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        s.settimeout(timeout)
        s.connect(("127.0.0.1", self.port))
        return s

    @staticmethod
    def read_response(s, limit=1 << 20):
        data = b""
        try:
            while len(data) < limit:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
                head, sep, body = data.partition(b"\r\n\r\n")
                if sep:
                    length = next((int(l.split(b":", 1)[1]) for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")), None)
                    if length is not None and len(body) >= length:
                        break
        except socket.timeout:
            pass
        return data

    @staticmethod
    def judge(attack, data, expected):
        if not data:
            return {"attack": attack, "outcome": "closed_without_answer", "violation": False}
        head, _, body = data.partition(b"\r\n\r\n")
        try:
            status = int(head.split(b" ", 2)[1])
        except (IndexError, ValueError):
            return {"attack": attack, "outcome": "unparsable_answer", "violation": True, "head": head[:200].decode("latin-1")}
        try:
            parsed = json.loads(body) if body else None
        except ValueError:
            parsed = None
        good = clear_error(status, parsed) and (not expected or status in expected)
        return {"attack": attack, "outcome": "answered", "status": status, "violation": not good}

    def garbage(self):
        with self.connect() as s:
            s.sendall(bytes(random.getrandbits(8) for _ in range(random.randint(1, 4096))) + b"\r\n\r\n")
            return self.judge("garbage", self.read_response(s), None)

    def huge_headers(self):
        with self.connect() as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 40000 + b"\r\n\r\n")
            return self.judge("huge_headers", self.read_response(s), {431})

    def bad_json(self):
        bodies = [b'{"message":', b'{"message":"installment-paid","message":"all-paid"}', b"\xff\xfe{\x00}\x00",
                  b"[" * 100 + b"]" * 100, b'{"message":"nope","to":[],"context":{}}', b'"just a string"']
        body = random.choice(bodies)
        with self.connect() as s:
            s.sendall(b"POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
            return self.judge("bad_json", self.read_response(s), {400, 404, 422, 415})

    def slowloris(self, seconds=12.0):
        """Sends a request head a few bytes at a time; Herald must cut it (408) or close."""
        with self.connect(timeout=seconds + 15) as s:
            head = b"POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Slow: "
            s.sendall(head)
            deadline = time.time() + seconds
            try:
                while time.time() < deadline:
                    s.sendall(b"a")
                    time.sleep(0.5)
            except OSError:
                pass
            return self.judge("slowloris", self.read_response(s), {408})

    def non_reading(self, seconds=4.0):
        """Posts a large context to /v1/render with a tiny receive buffer, never reads, keeps sending."""
        body = self.big_context
        try:
            with self.connect(rcvbuf=4096) as s:
                s.settimeout(2.0)
                s.sendall(b"POST /v1/render HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
                deadline = time.time() + seconds
                while time.time() < deadline:
                    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" * 64)
        except OSError:
            pass
        return {"attack": "non_reading", "outcome": "done", "violation": False}

    def random_attack(self):
        attack = random.choice([self.garbage, self.huge_headers, self.bad_json, self.bad_json, self.slowloris, self.non_reading])
        try:
            return attack()
        except OSError as error:
            return {"attack": attack.__name__, "outcome": "no_connection", "error": str(error)[:100], "violation": False}


def big_render_body():
    """A valid /v1/render request of about 400 KB whose rendering is several MB (a long product title
    repeated in every part, and a long schedule)."""
    schedule = [{"number": n, "dueDate": "2031-%02d-01" % (1 + n % 12), "amount": {"amount": "10.00", "currency": "EUR"},
                 "state": "pending"} for n in range(1, 400)]
    schedule[0]["state"] = "paid"
    context = {"customerName": "N" * 900, "productTitle": "P" * 900, "orderURL": "https://example.com/o",
               "installmentNumber": 1, "amount": {"amount": "10.00", "currency": "EUR"},
               "remainingBalance": {"amount": "3980.00", "currency": "EUR"}, "schedule": schedule,
               "orderTotal": {"amount": "3990.00", "currency": "EUR"}}
    return json.dumps({"message": "installment-paid", "locale": "en", "context": context}).encode()
