#!/usr/bin/env python3
"""Memory and start (`make bench-memory`) of a release `herald serve` (outbox transport, 127.0.0.1):

- start: time from exec to the first successful GET /healthz (the client retries a refused connect
  every 0.5 ms), over BENCH_STARTS runs (11) after one warm-up start that creates the spool; the disk
  is warm (binary, templates and spool in the page cache). Target < 100 ms.
- memory: VmRSS of the server idle, then with BENCH_CONNECTIONS (1,000) open connections, each having
  made one keep-alive GET /healthz and now idle; BENCH_MEMORY_RUNS (3) servers. Target < 50 MB.

Prints every run and the medians. HERALD_BIN picks another build."""
import os, resource, socket, statistics, subprocess, sys, tempfile, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import herald_traffic as ht

STARTS = int(os.environ.get("BENCH_STARTS", "11"))
MEMORY_RUNS = int(os.environ.get("BENCH_MEMORY_RUNS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "1000"))
REQUEST = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


def read_response(sock):
    """Reads one response with a Content-Length body; returns its status code."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            raise OSError("connection closed before the response head")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(4096)
        if not chunk:
            raise OSError("connection closed inside the response body")
        body += chunk
    return int(head.split(b" ", 2)[1])


def healthz_once(port):
    with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
        sock.sendall(REQUEST)
        return read_response(sock) == 200


class Server:
    def __init__(self, binary, workdir, port):
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HERALD_TEMPLATES": os.path.join(ht.ROOT, "Templates"),
               "HERALD_PREVIEWS_DIR": os.path.join(ht.ROOT, "Previews"), "HERALD_TRANSPORT": "outbox",
               "HERALD_STORE": os.path.join(workdir, "herald.db"), "HERALD_OUTBOX": os.path.join(workdir, "outbox.jsonl"),
               "HERALD_LISTEN": "127.0.0.1:%d" % port}
        self.port = port
        self.stderr = open(os.path.join(workdir, "herald.log"), "ab")
        self.started = time.monotonic()
        self.popen = subprocess.Popen([binary, "serve"], cwd=workdir, env=env, stdin=subprocess.DEVNULL,
                                      stdout=subprocess.DEVNULL, stderr=self.stderr)

    def wait_ready(self, timeout=10.0):
        """Seconds from exec to the first 200 from /healthz."""
        deadline = self.started + timeout
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                raise SystemExit("herald serve exited with %d before answering" % self.popen.returncode)
            try:
                if healthz_once(self.port):
                    return time.monotonic() - self.started
            except OSError:
                time.sleep(0.0005)
        raise SystemExit("herald serve did not answer /healthz within %.0f s" % timeout)

    def stop(self):
        self.popen.terminate()
        try:
            self.popen.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait(timeout=5)
        self.stderr.close()


def open_idle_connections(port, count):
    """`count` connections, each after one answered keep-alive request; the caller closes them."""
    sockets = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(REQUEST)
        sockets.append(sock)
    for sock in sockets:
        if read_response(sock) != 200:
            raise SystemExit("a /healthz on an idle connection was not answered 200")
    return sockets


def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, CONNECTIONS + 256)), hard))
    binary = ht.herald_binary()
    port = ht.free_port()
    with tempfile.TemporaryDirectory() as workdir:
        warmup = Server(binary, workdir, port)
        warmup.wait_ready()
        warmup.stop()
        starts = []
        for run in range(STARTS):
            server = Server(binary, workdir, port)
            starts.append(server.wait_ready() * 1000)
            server.stop()
            print("start %2d: %.1f ms" % (run + 1, starts[-1]))
        idle, loaded = [], []
        for run in range(MEMORY_RUNS):
            server = Server(binary, workdir, port)
            server.wait_ready()
            time.sleep(0.5)
            idle.append(ht.proc_status(server.popen.pid)[0] / 1024)
            sockets = open_idle_connections(port, CONNECTIONS)
            time.sleep(0.5)
            rss_kb, _, fds = ht.proc_status(server.popen.pid)
            loaded.append(rss_kb / 1024)
            for sock in sockets:
                sock.close()
            server.stop()
            print("memory %d: %.1f MB idle, %.1f MB with %d open connections (%d descriptors)"
                  % (run + 1, idle[-1], loaded[-1], CONNECTIONS, fds))
    print()
    print("median start (exec to first 200 from /healthz), %d runs: %.1f ms (target < 100 ms)"
          % (STARTS, statistics.median(starts)))
    print("median RSS, %d runs: %.1f MB idle, %.1f MB with %d open idle connections (target < 50 MB)"
          % (MEMORY_RUNS, statistics.median(idle), statistics.median(loaded), CONNECTIONS))


if __name__ == "__main__":
    main()
