"""A local HTTP receiver for webhook deliveries (development allows private targets)."""

from __future__ import annotations

import threading
from http.server import HTTPServer

import pytest

from tests.integrations.receiver import Receiver


@pytest.fixture
def receiver():
    Receiver.received = []
    Receiver.status = 200
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, Receiver
    server.shutdown()
    server.server_close()
