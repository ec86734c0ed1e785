#!/usr/bin/env python3
"""A fault-injecting SMTP server for the fault storm (.ci/storm.py), on 127.0.0.1 only.

usage: storm_smtpd.py PORT CONTROL_FILE LOG_FILE

Plain SMTP (no TLS, no AUTH), written on asyncio streams so every reply can be delayed, replaced
or withheld. CONTROL_FILE holds one JSON object, re-read whenever it changes (write it to a
temporary file and rename it over CONTROL_FILE):

  {"mode": M, "slow_seconds": 1.5, "reject_fraction": 0.3}

  ok               every transaction is answered 250
  refuse           the listening socket is closed: connections are refused (RST)
  tempfail         421 at the greeting, 451 at MAIL or 451 after the final dot (random per connection)
  reject_some      550 at RCPT for a stable fraction of recipients (a hash of the address), 250 otherwise
  slow             every reply waits slow_seconds
  hang             the greeting never comes; the connection is held until the client gives up
  drop_before_dot  the connection is closed in the middle of the message body
  drop_after_dot   the whole message (final dot included) is read, then the connection is closed unanswered
  hang_after_dot   the whole message is read and no reply is ever sent
  mixed            each transaction picks one of the modes above (refuse excepted) at random

The mode is read when a connection opens and again at each MAIL FROM, so a connection Herald keeps
open sees it too (refuse: 421 and close; hang: no more replies).

Every transaction (MAIL FROM … its end) is appended to LOG_FILE as one JSON line: time of its
start and end, the mode, envelope, each RCPT reply, the Message-ID, whether the final dot was
received ("dot") and what was answered to it ("reply", null when nothing was). The storm reconciles
Herald's statuses against this record. Prints "READY PORT" once listening.
"""
import asyncio, hashlib, json, os, random, re, sys, time

MODES = ["ok", "tempfail", "reject_some", "slow", "hang", "drop_before_dot", "drop_after_dot", "hang_after_dot"]
#: A held connection (hang modes) is released after this long even if the client never gives up.
MAX_HOLD_SECONDS = 300


class Control:
    """The control file, re-read when its modification time changes."""

    def __init__(self, path):
        self.path, self.stamp, self.settings = path, None, {"mode": "ok"}

    def current(self):
        try:
            stamp = os.stat(self.path).st_mtime_ns
            if stamp != self.stamp:
                with open(self.path) as f:
                    self.settings = json.load(f)
                self.stamp = stamp
        except (OSError, ValueError):
            pass
        return self.settings


class Recorder:
    def __init__(self, path):
        self.file = open(path, "a", buffering=1)

    def write(self, record):
        self.file.write(json.dumps(record, separators=(",", ":")) + "\n")


def rejected(address, fraction):
    digest = hashlib.sha256(address.lower().encode()).digest()
    return digest[0] / 256.0 < fraction


class Session:
    def __init__(self, server, reader, writer, connection):
        self.server, self.reader, self.writer, self.connection = server, reader, writer, connection
        self.pick(["greeting", "mail", "dot"])

    def pick(self, tempfail_places):
        """Reads the mode anew: at the connection and again at each MAIL, so reused connections see it too."""
        self.settings = self.server.control.current()
        mode = self.settings.get("mode", "ok")
        if mode == "mixed":
            mode = random.choice(MODES)
        self.mode = mode
        self.tempfail_at = random.choice(tempfail_places) if mode == "tempfail" else None

    async def reply(self, line):
        if self.mode == "slow":
            await asyncio.sleep(float(self.settings.get("slow_seconds", 1.5)))
        self.writer.write(line.encode() + b"\r\n")
        await self.writer.drain()

    async def hold(self):
        """Never answer: wait until the client closes (or MAX_HOLD_SECONDS)."""
        try:
            await asyncio.wait_for(self.drain_input(), MAX_HOLD_SECONDS)
        except asyncio.TimeoutError:
            pass

    async def drain_input(self):
        while await self.reader.read(65536):
            pass

    async def run(self):
        if self.mode == "hang":
            self.server.recorder.write({"event": "connection", "connection": self.connection, "mode": "hang", "at": time.time()})
            await self.hold()
            return
        if self.tempfail_at == "greeting":
            self.server.recorder.write({"event": "connection", "connection": self.connection, "mode": "tempfail", "greeting": "421", "at": time.time()})
            await self.reply("421 4.3.2 storm: try again later")
            return
        await self.reply("220 storm.example ESMTP fault storm")
        transaction = None
        while True:
            line = await self.reader.readline()
            if not line:
                break
            command = line.decode("latin-1").rstrip("\r\n")
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                await self.reply("250-storm.example\r\n250-8BITMIME\r\n250 SIZE 52428800" if verb == "EHLO" else "250 storm.example")
            elif verb == "MAIL":
                self.pick(["mail", "dot"])
                if self.mode in ("refuse", "hang"):
                    # A server going away (refuse) or stalling (hang) under a connection already open.
                    self.server.recorder.write({"event": "connection", "connection": self.connection, "mode": self.mode, "at": time.time(), "reused": True})
                    if self.mode == "refuse":
                        await self.reply("421 4.3.2 storm: shutting down")
                    else:
                        await self.hold()
                    return
                transaction = {"event": "transaction", "connection": self.connection, "mode": self.mode, "start": time.time(),
                               "from": command[10:].strip(), "rcpt": [], "rcptReplies": [], "messageId": None,
                               "dot": False, "reply": None, "bytes": 0}
                if self.tempfail_at == "mail":
                    transaction.update(mailReply="451")
                    self.finish(transaction)
                    transaction = None
                    await self.reply("451 4.3.0 storm: mailbox busy")
                else:
                    await self.reply("250 2.1.0 Ok")
            elif verb == "RCPT" and transaction is not None:
                found = re.search(r"<([^>]*)>", command)
                address = found.group(1) if found else command[8:].strip()
                code = "550" if self.mode == "reject_some" and rejected(address, float(self.settings.get("reject_fraction", 0.3))) else "250"
                transaction["rcpt"].append(address)
                transaction["rcptReplies"].append(code)
                await self.reply("550 5.1.1 storm: no such user" if code == "550" else "250 2.1.5 Ok")
            elif verb == "DATA" and transaction is not None:
                if "250" not in transaction["rcptReplies"]:
                    await self.reply("554 5.5.1 no valid recipients")
                    continue
                await self.reply("354 End data with <CR><LF>.<CR><LF>")
                if not await self.receive_body(transaction):
                    return
                transaction = None
            elif verb == "RSET":
                if transaction is not None:
                    self.finish(transaction)
                transaction = None
                await self.reply("250 2.0.0 Ok")
            elif verb == "NOOP":
                await self.reply("250 2.0.0 Ok")
            elif verb == "QUIT":
                if transaction is not None:
                    self.finish(transaction)
                    transaction = None
                await self.reply("221 2.0.0 Bye")
                break
            else:
                await self.reply("502 5.5.2 command not recognized")
        if transaction is not None:
            transaction["end_reason"] = "client_closed"
            self.finish(transaction)

    async def receive_body(self, transaction):
        """Reads the body up to the final dot, then answers (or not) as the mode says. False: connection over."""
        lines = 0
        while True:
            line = await self.reader.readline()
            if not line:
                transaction["end_reason"] = "client_closed_in_body"
                self.finish(transaction)
                return False
            lines += 1
            if line in (b".\r\n", b".\n"):
                break
            transaction["bytes"] += len(line)
            if transaction["messageId"] is None and line[:11].lower() == b"message-id:":
                transaction["messageId"] = line[11:].decode("latin-1").strip()
            if self.mode == "drop_before_dot" and lines >= 12:
                transaction["end_reason"] = "dropped_before_dot"
                self.finish(transaction)
                self.writer.transport.abort()
                return False
        transaction["dot"] = True
        if self.mode == "drop_after_dot":
            transaction["end_reason"] = "dropped_after_dot"
            self.finish(transaction)
            self.writer.transport.abort()
            return False
        if self.mode == "hang_after_dot":
            transaction["end_reason"] = "hung_after_dot"
            self.finish(transaction)
            await self.hold()
            return False
        code = "451" if self.tempfail_at == "dot" else "250"
        transaction["reply"] = code
        transaction["end_reason"] = "answered"
        # The reply leaves this long after "end" (the final dot): a client that gave up sooner never saw it.
        transaction["replyDelay"] = float(self.settings.get("slow_seconds", 1.5)) if self.mode == "slow" else 0.0
        # Recorded before the reply is written: the server has the message once it decided to say 250.
        self.finish(transaction)
        await self.reply("451 4.3.0 storm: try again" if code == "451" else "250 2.0.0 Ok: queued")
        return True

    def finish(self, transaction):
        transaction["end"] = time.time()
        self.server.recorder.write(transaction)


class Server:
    def __init__(self, port, control, recorder):
        self.port, self.control, self.recorder = port, control, recorder
        self.listener, self.connections = None, 0

    async def handle(self, reader, writer):
        self.connections += 1
        try:
            await Session(self, reader, writer, self.connections).run()
        except (ConnectionError, asyncio.IncompleteReadError, OSError):
            pass
        finally:
            try:
                writer.close()
            except Exception:
                pass

    async def listen(self):
        self.listener = await asyncio.start_server(self.handle, "127.0.0.1", self.port, reuse_address=True, backlog=128)

    async def supervise(self):
        """Opens and closes the listener as the mode says (refuse = nothing listening)."""
        await self.listen()
        print("READY", self.port, flush=True)
        while True:
            refusing = self.control.current().get("mode") == "refuse"
            if refusing and self.listener is not None:
                self.listener.close()  # not wait_closed(): that would wait for held connections too
                self.listener = None
                self.recorder.write({"event": "listener", "open": False, "at": time.time()})
            elif not refusing and self.listener is None:
                try:
                    await self.listen()
                    self.recorder.write({"event": "listener", "open": True, "at": time.time()})
                except OSError:
                    pass
            await asyncio.sleep(0.1)


def main():
    port, control_path, log_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    server = Server(port, Control(control_path), Recorder(log_path))
    asyncio.run(server.supervise())


if __name__ == "__main__":
    main()
