#!/usr/bin/env python3
"""The fault storm (`make storm`): Herald's delivery promises checked under faults, on 127.0.0.1.

Two phases, one with the outbox transport and one with SMTP (.ci/storm_smtpd.py, a fault-injecting
server this script steers). In each, a steady stream of keyed and unkeyed `POST /v1/messages` runs
while Herald is SIGKILLed and restarted at random, the spool's disk (a small tmpfs, when running as
root) is filled and freed, hostile HTTP clients run alongside and, over SMTP, the server refuses,
answers 4xx, answers 5xx for some recipients, answers slowly, hangs, and drops the connection before
and right after the final dot. Then everything heals, Herald drains, and every answer is reconciled
against what was delivered.

Promises checked (any broken one: exit status 1):
  every 202/200 is delivered (outbox line, or an SMTP transaction whose final dot the server got),
  or failed because the server answered 5xx for its recipient;
  no duplicate over the outbox; over SMTP a second copy after the server got the final dot only
  when a Herald process died in between (at least once, same Message-ID) or for a keyed message
  retried after an unknown outcome (README: "retried with the same Message-ID (key)");
  one Message-ID per message; nothing delivered that was refused;
  every rejection is a 4xx or a 503 with a JSON error body (sends and hostile clients alike);
  nothing is left `sending` after the drain;
  no Herald process ended unless we killed it (SIGKILL, or SIGTERM → exit 0), none printed a fatal error.

Settings (environment): STORM_SECONDS (fault time of both phases, default 180: 40 % outbox, 60 %
SMTP), STORM_DRAIN_SECONDS (90), STORM_RATE (sends/s, 12), STORM_SEED, STORM_KILL_EVERY ("5-20" s),
STORM_TMPFS_MB (32), STORM_RSS_LIMIT_MB (1500: Herald is killed beyond it and that is reported),
STORM_REPORT_DIR (default .build/storm/<time>), STORM_PHASES ("outbox,smtp"), HERALD_BIN (a herald
binary; default: this checkout's release build, built when needed).
Prints one line of figures at the end; the detailed report is STORM_REPORT_DIR/report.json.
"""
import collections, http.client, itertools, json, os, random, shutil, signal, subprocess, sys, threading, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import herald_traffic as ht

FINAL = {"sent", "failed", "unknown", "cancelled"}


def env_float(name, default):
    return float(os.environ.get(name, default))


class Timeline:
    def __init__(self):
        self.events, self.lock = [], threading.Lock()

    def add(self, what, **fields):
        with self.lock:
            self.events.append(dict(fields, at=time.time(), what=what))


class Tmpfs:
    """A small tmpfs for the spool, mounted and unmounted by us (root only); else a plain folder."""

    def __init__(self, path, megabytes):
        self.path, self.mounted = path, False
        os.makedirs(path, exist_ok=True)
        if os.geteuid() == 0:
            result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%dm" % megabytes, "tmpfs", path], capture_output=True)
            self.mounted = result.returncode == 0
        self.ballast = os.path.join(path, "ballast")

    def fill(self):
        """Writes a ballast file until the file system is full; returns the bytes written."""
        written = 0
        chunk = b"\0" * (1 << 20)
        try:
            with open(self.ballast, "ab") as f:
                while written < (1 << 32):
                    f.write(chunk)
                    f.flush()
                    written += len(chunk)
        except OSError:
            pass
        # Fill the last partial megabyte too.
        try:
            with open(self.ballast, "ab") as f:
                while True:
                    f.write(b"\0" * 4096)
                    f.flush()
                    written += 4096
        except OSError:
            pass
        return written

    def free(self):
        try:
            os.remove(self.ballast)
        except FileNotFoundError:
            pass

    def unmount(self):
        if self.mounted:
            subprocess.run(["umount", "-l", self.path], capture_output=True)
            self.mounted = False


class SMTPServer:
    """The fault-injecting server, one process of ours; its mode is a control file we rename into place."""

    def __init__(self, folder, port):
        self.control = os.path.join(folder, "smtp-control.json")
        self.log = os.path.join(folder, "smtp-transactions.jsonl")
        self.port = port
        self.set_mode("ok")
        self.stderr = open(os.path.join(folder, "smtpd.stderr"), "wb")
        self.process = subprocess.Popen([sys.executable, os.path.join(ht.ROOT, ".ci", "storm_smtpd.py"), str(port), self.control, self.log],
                                        stdout=subprocess.PIPE, stderr=self.stderr, start_new_session=True)
        ready = self.process.stdout.readline()
        if not ready.startswith(b"READY"):
            raise RuntimeError("storm_smtpd.py did not start: %r" % ready)

    def set_mode(self, mode, **settings):
        temporary = self.control + ".tmp"
        with open(temporary, "w") as f:
            json.dump(dict(settings, mode=mode), f)
        os.replace(temporary, self.control)

    def stop(self):
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def transactions(self):
        records = []
        with open(self.log) as f:
            for line in f:
                if line.endswith("\n"):
                    records.append(json.loads(line))
        return records


class Phase:
    def __init__(self, name, transport, seconds, folder, binary, rng):
        self.name, self.transport, self.seconds, self.folder, self.binary, self.rng = name, transport, seconds, folder, binary, rng
        self.timeline = Timeline()
        self.sends = []  # one record per logical message
        self.sends_lock = threading.Lock()
        self.hostile = []
        self.stop = threading.Event()
        self.sequence = itertools.count(1)
        self.samples = ht.samples()
        self.big_render = ht.big_render_body()

    # --- traffic -------------------------------------------------------------------------------------------

    def post(self, body):
        """One POST: (status, parsed, None) or (None, None, error text)."""
        try:
            status, parsed, _ = ht.request(self.port, "POST", "/v1/messages", body, timeout=20)
            return status, parsed, None
        except (OSError, http.client.HTTPException) as error:
            return None, None, type(error).__name__

    def send_one(self):
        seq = next(self.sequence)
        kind, context = self.rng.choice(self.samples)
        email = "s%d-%s@storm.example" % (seq, self.name)
        record = {"seq": seq, "email": email, "kind": kind, "keyed": False, "key": None, "attempts": [], "outcome": None,
                  "id": None, "violations": []}
        invalid = self.rng.random() < 0.08
        if invalid:
            context = context.replace("{", '{"stormUnknownField": 1, ', 1)  # unknown fields are refused (400)
            record["invalid"] = True
        elif self.rng.random() < 0.5:
            record["keyed"], record["key"] = True, "storm-%s-%d" % (self.name, seq)
        body = ht.send_body(kind, context, email, key=record["key"])
        tries = 6 if record["keyed"] else 1
        for attempt in range(tries):
            status, parsed, error = self.post(body)
            record["attempts"].append({"at": time.time(), "status": status, "error": error,
                                       "code": (parsed or {}).get("error", {}).get("code") if isinstance(parsed, dict) else None,
                                       "id": parsed.get("id") if isinstance(parsed, dict) else None})
            if status in (200, 202):
                if not (isinstance(parsed, dict) and parsed.get("id")):
                    record["violations"].append("success without an id")
                elif record["id"] and parsed["id"] != record["id"]:
                    record["violations"].append("a retry with the same key got another id")
                record["id"] = record["id"] or (parsed or {}).get("id")
                record["outcome"] = "accepted"
                if invalid:
                    record["violations"].append("an invalid request was accepted")
                break
            if status is not None:
                record["outcome"] = "rejected"
                if not ht.clear_error(status, parsed):
                    record["violations"].append("rejection %d without a clear 4xx/503 JSON error" % status)
                if invalid and status not in (400, 422):
                    record["outcome"] = "rejected"
                if status != 503:
                    break
            else:
                record["outcome"] = "no_answer"
            if attempt + 1 < tries:
                time.sleep(1.0)
        # A keyed replay now and then: the same request must give the same id.
        if record["outcome"] == "accepted" and record["keyed"] and self.rng.random() < 0.15:
            status, parsed, _ = self.post(body)
            if status in (200, 202) and isinstance(parsed, dict) and parsed.get("id") != record["id"]:
                record["violations"].append("a replay got another id")
            record["replay"] = status
        with self.sends_lock:
            self.sends.append(record)

    def sender_loop(self, rate):
        interval = 1.0 / rate
        while not self.stop.is_set():
            started = time.time()
            self.send_one()
            time.sleep(max(0.0, interval - (time.time() - started)))

    def hostile_loop(self):
        hostile = ht.Hostile(self.port, self.big_render)
        while not self.stop.is_set():
            result = hostile.random_attack()
            result["at"] = time.time()
            self.hostile.append(result)
            time.sleep(self.rng.uniform(0.05, 0.5))

    # --- faults --------------------------------------------------------------------------------------------

    def killer_loop(self, low, high):
        while not self.stop.wait(self.rng.uniform(low, high)):
            self.timeline.add("sigkill", pid=self.herald.current["pid"] if self.herald.current else None)
            self.herald.kill()
            time.sleep(self.rng.uniform(0.0, 1.5))
            self.restart()

    def restart(self):
        for _ in range(20):
            if self.herald.start():
                self.timeline.add("started", pid=self.herald.current["pid"])
                return True
            self.timeline.add("start_failed", pid=self.herald.current["pid"])
            if self.herald.alive():
                self.herald.kill(why="storm")
            time.sleep(1.0)
        return False

    def smtp_loop(self):
        modes = ["refuse", "tempfail", "reject_some", "slow", "hang", "drop_before_dot", "drop_after_dot", "hang_after_dot", "mixed"]
        while not self.stop.is_set():
            order = modes[:]
            self.rng.shuffle(order)
            for mode in order:
                self.smtp.set_mode(mode, slow_seconds=1.5, reject_fraction=0.3)
                self.timeline.add("smtp_mode", mode=mode)
                if self.stop.wait(self.rng.uniform(4, 8)):
                    return
                self.smtp.set_mode("ok")
                self.timeline.add("smtp_mode", mode="ok")
                if self.stop.wait(self.rng.uniform(2, 4)):
                    return

    def disk_loop(self):
        while not self.stop.wait(self.rng.uniform(12, 25)):
            written = self.tmpfs.fill()
            self.timeline.add("disk_full", ballast=written)
            self.stop.wait(self.rng.uniform(4, 9))
            self.tmpfs.free()
            self.timeline.add("disk_freed")

    # --- the phase -----------------------------------------------------------------------------------------

    def run(self, drain_seconds, rate, kill_every, tmpfs_mb, rss_limit_kb):
        os.makedirs(self.folder, exist_ok=True)
        work = os.path.join(self.folder, "work")
        os.makedirs(work, exist_ok=True)
        self.tmpfs = Tmpfs(os.path.join(self.folder, "spool"), tmpfs_mb)
        self.outbox = os.path.join(work, "outbox.jsonl")
        self.port = ht.free_port()
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HERALD_TEMPLATES": os.path.join(ht.ROOT, "Templates"),
               "HERALD_PREVIEWS_DIR": os.path.join(ht.ROOT, "Previews"), "HERALD_TRANSPORT": self.transport,
               "HERALD_STORE": os.path.join(self.tmpfs.path, "herald.db"), "HERALD_OUTBOX": self.outbox,
               "HERALD_FROM": "Storm <storm@herald.example>", "HERALD_PREVIEWS": "on",
               "HERALD_RETRY_FIRST_DELAY": "0.5", "HERALD_RETRY_MAX_DELAY": "3", "HERALD_RETRY_MAX_ATTEMPTS": "1000",
               "HERALD_RETRY_MAX_AGE": "86400", "HERALD_SMTP_CONNECT_TIMEOUT": "2", "HERALD_SMTP_TIMEOUT": "4"}
        self.smtp = None
        if self.transport == "smtp":
            self.smtp = SMTPServer(self.folder, ht.free_port())
            env["HERALD_SMTP_URL"] = "smtp://127.0.0.1:%d?starttls=opportunistic" % self.smtp.port
        self.herald = ht.HeraldServer(self.binary, self.port, env, work, rss_limit_kb)
        try:
            if not self.restart():
                raise RuntimeError("herald serve did not start; see %s" % work)
            threads = [threading.Thread(target=self.sender_loop, args=(rate / 3.0,)) for _ in range(3)]
            threads += [threading.Thread(target=self.hostile_loop) for _ in range(2)]
            threads.append(threading.Thread(target=self.killer_loop, args=kill_every))
            if self.smtp:
                threads.append(threading.Thread(target=self.smtp_loop))
            if self.tmpfs.mounted:
                threads.append(threading.Thread(target=self.disk_loop))
            for t in threads:
                t.start()
            self.stop.wait(self.seconds)
            self.stop.set()
            for t in threads:
                t.join(timeout=60)
            # Heal: a healthy server, room on the disk, a running Herald.
            if self.smtp:
                self.smtp.set_mode("ok")
            self.tmpfs.free()
            self.timeline.add("healed")
            if not self.herald.alive():
                self.restart()
            statuses, drained = self.drain(drain_seconds)
            self.timeline.add("drained", complete=drained)
            exit_code = self.herald.terminate()
            self.timeline.add("sigterm", exitCode=exit_code)
            return self.reconcile(statuses, drained, exit_code)
        finally:
            self.stop.set()
            self.herald.shutdown()
            if self.smtp:
                self.smtp.stop()
            self.tmpfs.unmount()

    def drain(self, seconds):
        """Polls every accepted id until each is final (or the time is up): {id: status record}."""
        ids = {s["id"] for s in self.sends if s["outcome"] == "accepted"}
        statuses = {}
        deadline = time.time() + seconds
        connection = None
        while time.time() < deadline:
            pending = [i for i in ids if statuses.get(i, {}).get("status") not in FINAL]
            if not pending:
                return statuses, True
            for message_id in pending:
                try:
                    if connection is None:
                        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                    connection.request("GET", "/v1/messages/" + message_id)
                    response = connection.getresponse()
                    body = response.read()
                    statuses[message_id] = json.loads(body) if response.status == 200 else {"status": "http %d" % response.status}
                except (OSError, http.client.HTTPException, ValueError):
                    connection = None
                    if not self.herald.alive():
                        self.restart()
                    break
            time.sleep(1.0)
        return statuses, False

    # --- reconciliation ------------------------------------------------------------------------------------

    def deliveries(self):
        """{message id: [delivery]}, each delivery {"at", "start", "reply", "rcpt"} — an outbox line, or an
        SMTP transaction whose final dot reached the server and was not answered 4xx/5xx."""
        found = collections.defaultdict(list)
        refused_rcpt = set()
        message_ids = collections.defaultdict(set)
        if self.transport == "outbox":
            if os.path.exists(self.outbox):
                with open(self.outbox, encoding="utf-8") as f:
                    for line in f:
                        if line.endswith("\n"):
                            record = json.loads(line)
                            found[record["id"]].append({"at": record["deliveredAt"], "rcpt": [t["email"] for t in record["to"]]})
            return found, refused_rcpt, message_ids
        for t in self.smtp.transactions():
            if t.get("event") != "transaction":
                continue
            for address, code in zip(t["rcpt"], t["rcptReplies"]):
                if code.startswith("5"):
                    refused_rcpt.add(address)
            if not t["dot"]:
                continue
            message_id = (t.get("messageId") or "").strip("<>").split("@")[0]
            for address in t["rcpt"]:
                message_ids[address].add(t.get("messageId"))
            if t["reply"] is None or t["reply"].startswith("2"):
                found[message_id].append({"start": t["start"], "end": t["end"], "reply": t["reply"], "rcpt": t["rcpt"],
                                          "reason": t.get("end_reason"), "replyDelay": t.get("replyDelay", 0.0)})
        return found, refused_rcpt, message_ids

    def unknown_to_herald(self):
        """Ids for which Herald itself logged an attempt whose body was sent without a reply it saw."""
        found = set()
        for p in self.herald.processes:
            with open(p["stderr"], encoding="utf-8", errors="replace") as f:
                for line in f:
                    if '"delivery"' in line and "after the message was sent" in line:
                        try:
                            found.add(json.loads(line).get("id"))
                        except ValueError:
                            pass
        return found

    def died_between(self, start, end):
        return any(p["ended"] is not None and start - 0.5 <= p["ended"] <= end for p in self.herald.processes)

    def reconcile(self, statuses, drained, exit_code):
        deliveries, refused_rcpt, message_ids = self.deliveries()
        herald_unknown = self.unknown_to_herald()
        by_id = {s["id"]: s for s in self.sends if s["outcome"] == "accepted"}
        by_email = {s["email"]: s for s in self.sends}
        problems = collections.defaultdict(list)
        duplicates = 0
        allowed = collections.Counter()
        unknown_undelivered = []
        delivered = 0
        for message_id, send in by_id.items():
            copies = deliveries.get(message_id, [])
            status = statuses.get(message_id, {}).get("status")
            if copies:
                delivered += 1
            elif status == "failed" and send["email"] in refused_rcpt:
                pass  # the server answered 5xx for its recipient: a permanent failure, reported as such
            elif status == "unknown" and not send["keyed"]:
                # The contract's own trade-off (README: unknown, no key, is not retried): Herald says
                # "unknown" and the server never got the final dot. Reported, not a broken promise.
                unknown_undelivered.append({"id": message_id, "seq": send["seq"], "lastError": statuses.get(message_id, {}).get("lastError")})
            else:
                problems["lost"].append({"id": message_id, "seq": send["seq"], "keyed": send["keyed"], "status": status,
                                         "lastError": statuses.get(message_id, {}).get("lastError")})
            if status == "sending":
                problems["left_sending"].append({"id": message_id, "delivered": bool(copies)})
            elif status not in FINAL:
                problems["not_final_after_drain"].append({"id": message_id, "status": status})
            if status == "sent" and not copies:
                problems["sent_but_not_delivered"].append(message_id)
            if len(message_ids.get(send["email"], ())) > 1:
                problems["unstable_message_id"].append({"id": message_id, "messageIds": sorted(message_ids[send["email"]])})
            if len(copies) > 1:
                duplicates += len(copies) - 1
                if self.transport == "outbox":
                    problems["duplicate"].append({"id": message_id, "keyed": send["keyed"], "copies": len(copies)})
                    continue
                ordered = sorted(copies, key=lambda c: c["start"])
                for first, second in zip(ordered, ordered[1:]):
                    if self.died_between(first["start"], second["start"]):
                        allowed["afterRestart"] += 1
                    elif send["keyed"] and (first["reply"] is None or second["start"] < first["end"] + first.get("replyDelay", 0.0)
                                            or message_id in herald_unknown):
                        # Herald never saw a reply (none came, it came after Herald had moved on, or Herald
                        # logged a timeout after the body): unknown, which a keyed message is retried after (README).
                        allowed["keyedRetryAfterUnknown"] += 1
                    else:
                        problems["duplicate_after_final_dot"].append({
                            "id": message_id, "keyed": send["keyed"], "first": first, "second": second})
            for violation in send["violations"]:
                problems["answer"].append({"seq": send["seq"], "violation": violation})
        for send in self.sends:
            if send["outcome"] != "accepted":
                for violation in send["violations"]:
                    problems["answer"].append({"seq": send["seq"], "violation": violation})
        for message_id, copies in deliveries.items():
            if message_id in by_id:
                continue
            owner = next((by_email.get(a) for c in copies for a in c["rcpt"] if a in by_email), None)
            if owner is None or owner["outcome"] == "rejected":
                problems["delivered_but_not_accepted"].append({"id": message_id, "seq": owner and owner["seq"],
                                                               "attempts": owner and owner["attempts"]})
        hostile_violations = [h for h in self.hostile if h.get("violation")]
        if hostile_violations:
            problems["hostile_answer"] = hostile_violations[:50]
        ended = self.herald.crashes()
        crashes = [p for p in ended if p["signal"] not in (None, signal.SIGKILL) or p["fatal"] or p.get("rssLimitExceeded")
                   or (p["signal"] == signal.SIGKILL and not p["killedByUs"])]
        exited = [p for p in ended if p not in crashes]
        keys = ("pid", "returncode", "signal", "killedByUs", "fatal", "rssLimitExceeded", "stderr")
        if crashes:
            problems["crash"] = [{k: p.get(k) for k in keys} for p in crashes]
        if exited:
            problems["exited_on_its_own"] = [{k: p.get(k) for k in keys} for p in exited]
        unacknowledged = sum(1 for i, c in deliveries.items() if i not in by_id)
        outcomes = collections.Counter(s["outcome"] for s in self.sends)
        rejection_codes = collections.Counter("%s %s" % (a["status"], a["code"]) for s in self.sends for a in s["attempts"] if a["status"] and a["status"] >= 400)
        return {
            "phase": self.name, "transport": self.transport, "seconds": self.seconds, "drainComplete": drained,
            "diskFaults": self.tmpfs.mounted, "sigtermExitCode": exit_code,
            "figures": {"sent": len(self.sends), "accepted": len(by_id), "delivered": delivered,
                        "duplicates": duplicates, "allowedDuplicates": dict(allowed),
                        "lost": len(problems["lost"]), "crashes": len(crashes), "sigkills": sum(1 for e in self.timeline.events if e["what"] == "sigkill"),
                        "maxRssKB": self.herald.max_rss_kb, "hostile": len(self.hostile),
                        "unacknowledgedDelivered": unacknowledged, "unknownUndelivered": len(unknown_undelivered)},
            "unknownUndelivered": unknown_undelivered,
            "outcomes": dict(outcomes), "rejections": dict(rejection_codes),
            "finalStatuses": dict(collections.Counter(statuses.get(i, {}).get("status") for i in by_id)),
            "hostileOutcomes": dict(collections.Counter("%s %s %s" % (h["attack"], h["outcome"], h.get("status", "")) for h in self.hostile)),
            "problems": {k: v for k, v in problems.items() if v},
            "processes": self.herald.summary(), "timeline": self.timeline.events, "sends": self.sends,
            "rssSamples": self.herald.samples[::8],
        }


def main():
    seed = int(os.environ.get("STORM_SEED", int(time.time())))
    seconds = env_float("STORM_SECONDS", 180)
    drain = env_float("STORM_DRAIN_SECONDS", 90)
    rate = env_float("STORM_RATE", 12)
    low, high = (float(x) for x in os.environ.get("STORM_KILL_EVERY", "5-20").split("-"))
    tmpfs_mb = int(env_float("STORM_TMPFS_MB", 32))
    rss_limit_kb = int(env_float("STORM_RSS_LIMIT_MB", 1500) * 1024)
    phases = os.environ.get("STORM_PHASES", "outbox,smtp").split(",")
    report_dir = os.path.abspath(os.environ.get("STORM_REPORT_DIR", os.path.join(ht.ROOT, ".build", "storm", time.strftime("%Y%m%d-%H%M%S"))))
    os.makedirs(report_dir, exist_ok=True)
    binary = ht.herald_binary()
    rng = random.Random(seed)
    shares = {"outbox": 0.4, "smtp": 0.6} if len(phases) == 2 else {p: 1.0 for p in phases}
    print("storm: seed=%d binary=%s report=%s phases=%s seconds=%g" % (seed, binary, report_dir, ",".join(phases), seconds), flush=True)
    results = []
    running = []

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    try:
        for name in phases:
            phase = Phase(name, name, seconds * shares[name], os.path.join(report_dir, name), binary, rng)
            running.append(phase)
            print("storm: phase %s for %ds" % (name, phase.seconds), flush=True)
            result = phase.run(drain, rate, (low, high), tmpfs_mb, rss_limit_kb)
            results.append(result)
            f = result["figures"]
            print("storm: phase %s: %s; problems: %s" % (name, json.dumps(f), {k: len(v) for k, v in result["problems"].items()} or "none"), flush=True)
    except KeyboardInterrupt:
        print("storm: interrupted; stopping what it started", flush=True)
        for phase in running:
            phase.stop.set()
        return 130
    finally:
        with open(os.path.join(report_dir, "report.json"), "w") as f:
            json.dump({"seed": seed, "binary": binary, "phases": results}, f, indent=1, default=str)
    total = collections.Counter()
    for r in results:
        for k in ("sent", "accepted", "delivered", "duplicates", "lost", "crashes", "unknownUndelivered"):
            total[k] += r["figures"][k]
    broken = sorted({k for r in results for k in r["problems"]})
    max_rss = max((r["figures"]["maxRssKB"] for r in results), default=0)
    for r in results:
        for kind, items in r["problems"].items():
            print("storm: BROKEN [%s] %s: %d, e.g. %s" % (r["phase"], kind, len(items), json.dumps(items[0], default=str)[:400]))
    print("storm: sent=%d accepted=%d delivered=%d duplicates=%d lost=%d unknown_undelivered=%d crashes=%d max_rss_mb=%.1f broken=%s report=%s"
          % (total["sent"], total["accepted"], total["delivered"], total["duplicates"], total["lost"], total["unknownUndelivered"], total["crashes"],
             max_rss / 1024.0, ",".join(broken) or "none", os.path.join(report_dir, "report.json")), flush=True)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
