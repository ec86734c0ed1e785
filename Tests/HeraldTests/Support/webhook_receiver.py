#!/usr/bin/env python3
"""A webhook endpoint for Herald's end-to-end tests, on 127.0.0.1 only.

usage: webhook_receiver.py PORT SECRET [--fail N] [--hold-after K [--hold H]]

Every request is verified with the standardwebhooks library (the Standard Webhooks reference
implementation) and the secret; one that does not verify is answered 400 and logged "INVALID …".
A verified request for an event id is answered 500 its first N times (default 2), then 200. With
--hold-after K, the H requests (default 1) after the first K verified ones are never answered (logged
"HOLDING id"): their senders are then blocked in them, so a test can kill them with no answer on the way.

Each answer is logged as one line once it is written: "ANSWER status id=… type=… message=…".
Prints "READY PORT" once listening.
"""
import json, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

port, secret, args = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
failures = int(args[args.index("--fail") + 1]) if "--fail" in args else 2
hold_after = int(args[args.index("--hold-after") + 1]) if "--hold-after" in args else None
hold_count = int(args[args.index("--hold") + 1]) if "--hold" in args else 1
verifier = Webhook(secret)
lock = threading.Lock()
seen = {}
state = {"verified": 0, "held": 0}
never = threading.Event()
log_lock = threading.Lock()


def log(line):
    """One whole line per write, under a lock: the handler threads log concurrently."""
    with log_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *_):
        pass

    def answer(self, status, detail):
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()
        self.wfile.flush()
        log(f"ANSWER {status} {detail}")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        headers = {name.lower(): value for name, value in self.headers.items()}
        try:
            verifier.verify(body, headers)
            event = json.loads(body)
        except (WebhookVerificationError, ValueError) as error:
            log(f"INVALID id={headers.get('webhook-id')} error={error}")
            self.answer(400, f"id={headers.get('webhook-id')}")
            return
        event_id = headers["webhook-id"]
        detail = f"id={event_id} type={event['type']} message={event['data']['id']}"
        with lock:
            state["verified"] += 1
            hold = hold_after is not None and state["held"] < hold_count and state["verified"] > hold_after
            if hold:
                state["held"] += 1
            else:
                seen[event_id] = seen.get(event_id, 0) + 1
                count = seen[event_id]
        if hold:
            log(f"HOLDING {detail}")
            never.wait()
            return
        self.answer(500 if count <= failures else 200, detail)


server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
server.daemon_threads = True
log(f"READY {port}")
server.serve_forever()
