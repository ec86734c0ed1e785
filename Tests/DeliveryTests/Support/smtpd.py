#!/usr/bin/env python3
"""A real SMTP server for Herald's delivery tests (aiosmtpd), on 127.0.0.1 only.

usage: smtpd.py PORT OUTDIR [--starttls CERT KEY] [--implicit-tls CERT KEY] [--auth USER:PASS] [--late SECONDS]

Each accepted message is written to OUTDIR/<n>.eml exactly as received (after dot-unstuffing) and
logged as one line "MSG n tls=… auth=… from=… rcpt=…". Recipients steer failures:
  reject*@…         550 at RCPT
  tempfail-once*@…  451 after DATA the first time for a given Message-ID, 250 afterwards
  drop*@…           the connection is closed after the whole message arrived, with no reply
  keep-drop*@…      the message is kept (counted), then the connection is closed with no reply
  late*@…           the message is kept, and the reply to the final dot comes after --late seconds (default 3)
  busy*@…           452 at RCPT
  hang*@…           RCPT is never answered
  cut*@…            after the 354, a little of the body is read and the connection dropped: before the final dot
Prints "READY PORT" once listening.
"""
import asyncio, os, ssl, sys, threading
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

port, outdir, args = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
os.makedirs(outdir, exist_ok=True)
kw = {}
late = float(args[args.index("--late") + 1]) if "--late" in args else 3.0
log_lock = threading.Lock()


def log(line):
    """One whole line per write, under a lock: print() writes the text and its newline separately, so
    the main thread's READY and the server thread's first RCPT could share a line."""
    with log_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def tls_context(i):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(args[i + 1], args[i + 2])
    return ctx


if "--starttls" in args:
    kw.update(tls_context=tls_context(args.index("--starttls")), require_starttls=True)
if "--implicit-tls" in args:
    kw.update(ssl_context=tls_context(args.index("--implicit-tls")))
if "--auth" in args:
    user, pw = args[args.index("--auth") + 1].split(":", 1)

    def authenticator(server, session, envelope, mechanism, data):
        ok = isinstance(data, LoginPassword) and data.login.decode() == user and data.password.decode() == pw
        return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535 itself

    kw.update(authenticator=authenticator, auth_required=True,
              auth_require_tls="--starttls" in args)


class Handler:
    def __init__(self):
        self.count = 0
        self.tempfailed = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        log("RCPT peer=%d %s" % (session.peer[1], address))
        if address.startswith("reject"):
            return "550 5.1.1 <%s>: Recipient address rejected" % address
        if address.startswith("busy"):
            return "452 4.5.3 Too many recipients, try later"
        if address.startswith("hang"):
            log("HANG")
            await asyncio.sleep(3600)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        data = envelope.original_content or envelope.content
        if any(r.startswith("tempfail-once") for r in envelope.rcpt_tos):
            message_id = next((l for l in data.split(b"\r\n") if l.lower().startswith(b"message-id:")), data[:200])
            if message_id not in self.tempfailed:
                self.tempfailed.add(message_id)
                log("TEMPFAIL")
                return "451 4.3.0 Temporary failure, try later"
        if any(r.startswith("drop") for r in envelope.rcpt_tos):
            log("DROP")
            server.transport.abort()
            await asyncio.sleep(3600)
        self.count += 1
        with open(os.path.join(outdir, "%d.eml" % self.count), "wb") as f:
            f.write(data)
        log("MSG %d peer=%d tls=%s auth=%s from=%s rcpt=%s" % (self.count, session.peer[1], server.transport.get_extra_info("ssl_object") is not None, session.authenticated,
            envelope.mail_from, ",".join(envelope.rcpt_tos)))
        if any(r.startswith("keep-drop") for r in envelope.rcpt_tos):
            log("KEPT-DROP")
            server.transport.abort()
            await asyncio.sleep(3600)
        if any(r.startswith("late") for r in envelope.rcpt_tos):
            log("LATE")
            await asyncio.sleep(late)
        return "250 2.0.0 Ok: queued"


class ScriptedSMTP(SMTP):
    """Logs every DATA command with its connection, and drops `cut*@` transactions in the middle of
    the body, before the final dot."""

    async def smtp_DATA(self, arg):
        log("DATA peer=%d rcpts=%d" % (self.session.peer[1], len(self.envelope.rcpt_tos) if self.envelope else 0))
        if self.envelope is not None and any(r.startswith("cut") for r in self.envelope.rcpt_tos):
            await self.push("354 End data with <CR><LF>.<CR><LF>")
            await self._reader.read(1024)
            log("CUT")
            self.transport.abort()
            return
        await super().smtp_DATA(arg)


class ScriptedController(Controller):
    def factory(self):
        return ScriptedSMTP(self.handler, **self.SMTP_kwargs)


controller = ScriptedController(Handler(), hostname="127.0.0.1", port=port, **kw)
controller.start()
log("READY %d" % port)
try:
    asyncio.new_event_loop().run_forever()
except KeyboardInterrupt:
    controller.stop()
