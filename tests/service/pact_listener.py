"""A data recipient's PACT endpoint on 127.0.0.1: issues tokens, records the events posted.

A real HTTP server in a thread (the callbacks under test cross a real socket); it checks the
Basic credentials and the bearer token as a partner would.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

CLIENT_ID = "our-id-at-buyer"
CLIENT_SECRET = "our-secret-at-buyer"
TOKEN = "buyer-issued-token"


class Listener:
    """The server, what it received, and when."""

    def __init__(self, fail_first: int = 0) -> None:
        self.events: list[dict[str, Any]] = []
        self.received_at: list[float] = []
        self.token_requests = 0
        self.fail_first = fail_first
        self.refused: list[str] = []
        # Footprints it serves at GET /3/footprints, one per page; the last page may link off
        # the host (the puller must not follow).
        self.footprints: list[dict[str, Any]] = []
        self.foreign_link: str | None = None
        self.footprint_gets = 0
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                """Stay quiet: pytest shows what matters."""

            def _answer(self, status: int, body: dict[str, Any] | None = None) -> None:
                data = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                path, _, query = self.path.partition("?")
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    self._answer(401, {"code": "BadRequest", "message": "bad token"})
                    return
                if path.startswith("/3/footprints/"):
                    wanted = path.rsplit("/", 1)[1]
                    found = [f for f in listener.footprints if f["id"] == wanted]
                    if found:
                        self._answer(200, {"data": found[0]})
                    else:
                        self._answer(404, {"code": "NotFound", "message": wanted})
                    return
                if path != "/3/footprints":
                    self._answer(404, {"code": "NotFound", "message": path})
                    return
                listener.footprint_gets += 1
                offset = int(query.removeprefix("offset=") or 0) if query else 0
                page = listener.footprints[offset : offset + 1]
                data = json.dumps({"data": page}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                if offset + 1 < len(listener.footprints):
                    link = f"{listener.url}/3/footprints?offset={offset + 1}"
                    self.send_header("Link", f'<{link}>; rel="next"')
                elif listener.foreign_link:
                    self.send_header("Link", f'<{listener.foreign_link}>; rel="next"')
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length)
                if self.path == "/auth/token":
                    listener.token_requests += 1
                    good = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
                    if self.headers.get("Authorization") != f"Basic {good}":
                        self._answer(401, {"error": "invalid_client"})
                    elif b"grant_type=client_credentials" not in raw:
                        self._answer(400, {"error": "invalid_request"})
                    else:
                        self._answer(200, {"access_token": TOKEN, "token_type": "Bearer"})
                elif self.path == "/3/events":
                    if listener.fail_first > 0:
                        listener.fail_first -= 1
                        listener.refused.append("503")
                        self._answer(503, {"code": "InternalError", "message": "busy"})
                        return
                    if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                        listener.refused.append("token")
                        self._answer(401, {"code": "BadRequest", "message": "bad token"})
                        return
                    listener.events.append(
                        {
                            "content_type": self.headers.get("Content-Type"),
                            "body": json.loads(raw),
                        }
                    )
                    listener.received_at.append(time.monotonic())
                    self._answer(200)
                else:
                    self._answer(404, {"code": "NotFound", "message": self.path})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Listener:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def wait_for(self, count: int, seconds: float = 30.0) -> list[dict[str, Any]]:
        """Wait until `count` events arrived (or the time is up); return them."""
        deadline = time.monotonic() + seconds
        while len(self.events) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return list(self.events)
