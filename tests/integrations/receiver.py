"""A local HTTP receiver that records the webhook deliveries it is sent."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler


class Receiver(BaseHTTPRequestHandler):
    received: list = []
    status = 200

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), body))
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args):
        pass
