#!/usr/bin/env python3
"""The soak (`make soak`): one `herald serve` (release build, outbox transport, 127.0.0.1) under mixed
traffic for SOAK_SECONDS (default 600): valid sends and renders, status reads, invalid requests, bad
JSON, huge headers, garbage, slowloris clients, clients that never read a large response, and idle
keep-alive connections that are abandoned. Every SOAK_INTERVAL seconds (10) it prints Herald's RSS
(VmRSS from /proc/PID/status) and open descriptors (/proc/PID/fd).

Verdict: samples of the first SOAK_WARMUP fraction (0.2) are warm-up and ignored; the rest is cut in
quarters. RSS stays flat when the last quarter's median is at most the first quarter's median × 1.25
+ 8 MB; descriptors stay flat when the last quarter's median is at most the first quarter's median +
16. It also fails when Herald dies, when a valid send is answered anything but 202/503, or when any
answer is a 5xx other than 503 or a rejection without a JSON error body. Exit status 1 on failure.
Settings: SOAK_SECONDS, SOAK_INTERVAL, SOAK_WARMUP, SOAK_RATE (valid sends/s, 8), SOAK_REPORT_DIR,
HERALD_BIN. The samples and counts are written to SOAK_REPORT_DIR/soak.json.
"""
import collections, http.client, json, os, random, socket, statistics, sys, threading, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import herald_traffic as ht

RSS_FACTOR, RSS_SLACK_KB, FD_SLACK = 1.25, 8 * 1024, 16


class Soak:
    def __init__(self, port, rng):
        self.port, self.rng = port, rng
        self.stop = threading.Event()
        self.counts = collections.Counter()
        self.violations = []
        self.lock = threading.Lock()
        self.samples = ht.samples()
        self.sequence = 0

    def count(self, what, violation=None):
        with self.lock:
            self.counts[what] += 1
            if violation and len(self.violations) < 200:
                self.violations.append(violation)

    def valid_loop(self, rate):
        while not self.stop.is_set():
            started = time.time()
            with self.lock:
                self.sequence += 1
                seq = self.sequence
            kind, context = self.rng.choice(self.samples)
            key = "soak-%d" % seq if self.rng.random() < 0.5 else None
            try:
                status, parsed, _ = ht.request(self.port, "POST", "/v1/messages", ht.send_body(kind, context, "soak%d@soak.example" % seq, key=key))
                self.count("send %d" % status, None if status in (202, 503) else {"send": seq, "status": status})
                if status == 202 and self.rng.random() < 0.3:
                    status, _, _ = ht.request(self.port, "GET", "/v1/messages/" + parsed["id"])
                    self.count("status %d" % status, None if status == 200 else {"status-read": status})
                if self.rng.random() < 0.2:
                    status, _, _ = ht.request(self.port, "POST", "/v1/render", ht.send_body(kind, context, "r@soak.example"))
                    self.count("render %d" % status, None if status == 200 else {"render": status})
            except (OSError, http.client.HTTPException) as error:
                self.count("valid no answer", {"valid": type(error).__name__})
            time.sleep(max(0.0, 1.0 / rate - (time.time() - started)))

    def invalid_loop(self):
        kinds = ["unknown field", "unknown message", "bad json", "missing page"]
        while not self.stop.is_set():
            kind, context = self.rng.choice(self.samples)
            which = self.rng.choice(kinds)
            try:
                if which == "unknown field":
                    body = ht.send_body(kind, context.replace("{", '{"soakUnknown": 1, ', 1), "x@soak.example")
                    status, parsed, _ = ht.request(self.port, "POST", "/v1/messages", body)
                elif which == "unknown message":
                    status, parsed, _ = ht.request(self.port, "POST", "/v1/messages", ht.send_body("no-such-message", context, "x@soak.example"))
                elif which == "bad json":
                    status, parsed, _ = ht.request(self.port, "POST", "/v1/messages", b'{"message":"all-paid","to":[{"email":')
                else:
                    status, parsed, _ = ht.request(self.port, "GET", "/v1/messages/no-such-id")
                self.count("invalid %d" % status, None if ht.clear_error(status, parsed) else {"invalid": which, "status": status})
            except (OSError, http.client.HTTPException) as error:
                self.count("invalid no answer", {"invalid": which, "error": type(error).__name__})
            time.sleep(self.rng.uniform(0.05, 0.3))

    def hostile_loop(self, attacks):
        hostile = ht.Hostile(self.port, ht.big_render_body())
        while not self.stop.is_set():
            attack = getattr(hostile, self.rng.choice(attacks))
            try:
                result = attack()
            except OSError as error:
                result = {"attack": attack.__name__, "outcome": "no_connection", "violation": False, "error": str(error)[:80]}
            self.count("%s %s %s" % (result["attack"], result["outcome"], result.get("status", "")), result if result.get("violation") else None)
            time.sleep(self.rng.uniform(0.1, 1.0))

    def idle_loop(self):
        """Opens a few keep-alive connections, uses each once, leaves them idle, abandons them later."""
        held = []
        while not self.stop.is_set():
            try:
                s = socket.create_connection(("127.0.0.1", self.port), timeout=5)
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                s.recv(4096)
                held.append((time.time(), s))
            except OSError:
                pass
            now = time.time()
            for opened, s in [h for h in held if now - h[0] > 20]:
                s.close()
            held = [h for h in held if now - h[0] <= 20]
            self.count("idle connections opened")
            time.sleep(1.0)
        for _, s in held:
            s.close()


def median(values):
    return statistics.median(values) if values else 0


def main():
    seconds = float(os.environ.get("SOAK_SECONDS", 600))
    interval = float(os.environ.get("SOAK_INTERVAL", 10))
    warmup = float(os.environ.get("SOAK_WARMUP", 0.2))
    rate = float(os.environ.get("SOAK_RATE", 8))
    report_dir = os.path.abspath(os.environ.get("SOAK_REPORT_DIR", os.path.join(ht.ROOT, ".build", "soak", time.strftime("%Y%m%d-%H%M%S"))))
    work = os.path.join(report_dir, "work")
    os.makedirs(work, exist_ok=True)
    binary = ht.herald_binary()
    rng = random.Random(int(os.environ.get("SOAK_SEED", int(time.time()))))
    port = ht.free_port()
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HERALD_TEMPLATES": os.path.join(ht.ROOT, "Templates"),
           "HERALD_PREVIEWS_DIR": os.path.join(ht.ROOT, "Previews"), "HERALD_TRANSPORT": "outbox",
           "HERALD_STORE": os.path.join(work, "herald.db"), "HERALD_OUTBOX": os.path.join(work, "outbox.jsonl")}
    herald = ht.HeraldServer(binary, port, env, work, rss_limit_kb=1500 * 1024)
    print("soak: %ds against %s, report %s" % (seconds, binary, report_dir), flush=True)
    soak = Soak(port, rng)
    timeline = []
    try:
        if not herald.start():
            print("soak: herald serve did not start (see %s)" % work)
            return 1
        pid = herald.current["pid"]
        threads = [threading.Thread(target=soak.valid_loop, args=(rate / 2,)) for _ in range(2)]
        threads += [threading.Thread(target=soak.invalid_loop),
                    threading.Thread(target=soak.hostile_loop, args=(["slowloris"],)),
                    threading.Thread(target=soak.hostile_loop, args=(["non_reading"],)),
                    threading.Thread(target=soak.hostile_loop, args=(["garbage", "huge_headers", "bad_json"],)),
                    threading.Thread(target=soak.idle_loop)]
        for t in threads:
            t.start()
        started = time.time()
        while time.time() - started < seconds and herald.alive():
            time.sleep(min(interval, max(0.0, seconds - (time.time() - started))))
            status = ht.proc_status(pid)
            if status is None:
                break
            rss, _, fds = status
            elapsed = time.time() - started
            timeline.append({"t": round(elapsed, 1), "rssKB": rss, "fds": fds, "requests": sum(soak.counts.values())})
            print("soak: t=%4ds rss_mb=%.1f fds=%d requests=%d" % (elapsed, rss / 1024.0, fds, timeline[-1]["requests"]), flush=True)
        soak.stop.set()
        for t in threads:
            t.join(timeout=60)
        alive = herald.alive()
        exit_code = herald.terminate()
    finally:
        soak.stop.set()
        herald.shutdown()
    measured = timeline[max(1, int(len(timeline) * warmup)):] if len(timeline) > 1 else timeline
    quarter = max(1, len(measured) // 4)
    first, last = measured[:quarter], measured[-quarter:]
    rss_first, rss_last = median([s["rssKB"] for s in first]), median([s["rssKB"] for s in last])
    fd_first, fd_last = median([s["fds"] for s in first]), median([s["fds"] for s in last])
    rss_flat = rss_last <= rss_first * RSS_FACTOR + RSS_SLACK_KB
    fds_flat = fd_last <= fd_first + FD_SLACK
    failures = []
    if not alive:
        failures.append("herald died")
    if exit_code != 0:
        failures.append("SIGTERM exit %s" % exit_code)
    if not rss_flat:
        failures.append("RSS grew")
    if not fds_flat:
        failures.append("descriptors grew")
    if soak.violations:
        failures.append("%d bad answers" % len(soak.violations))
    if len(measured) < 4:
        failures.append("too few samples for a verdict (%d)" % len(measured))
    with open(os.path.join(report_dir, "soak.json"), "w") as f:
        json.dump({"seconds": seconds, "timeline": timeline, "counts": dict(soak.counts), "violations": soak.violations,
                   "processes": herald.summary(), "failures": failures}, f, indent=1, default=str)
    print("soak: counts %s" % json.dumps(dict(sorted(soak.counts.items()))), flush=True)
    print("soak: rss_mb first_quarter=%.1f last_quarter=%.1f (flat: last <= first*%.2f+%dMB: %s) fds first=%g last=%g (flat: last <= first+%d: %s) requests=%d verdict=%s"
          % (rss_first / 1024.0, rss_last / 1024.0, RSS_FACTOR, RSS_SLACK_KB // 1024, rss_flat, fd_first, fd_last, FD_SLACK, fds_flat,
             sum(soak.counts.values()), "FLAT" if not failures else "FAIL: " + ", ".join(failures)), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
