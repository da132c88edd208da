"""`make fetch-spec`: reports operation changes, and leaves openapi.json alone when offline."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from scripts import fetch_spec

OLD = {
    "openapi": "3.1.0",
    "paths": {
        "/docs": {
            "get": {"operationId": "listDocuments"},
            "post": {"operationId": "createDocument"},
        },
        "/user": {"get": {"operationId": "getUser"}},
    },
}
NEW = {
    "openapi": "3.1.0",
    "paths": {
        "/docs": {"get": {"operationId": "listDocuments", "summary": "now with a summary"}},
        "/user": {"get": {"operationId": "getUser"}},
        "/folders": {"get": {"operationId": "listFolders"}},
    },
}


@pytest.fixture
def spec_server() -> Iterator[str]:
    body = json.dumps(NEW).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/openapi.json"
    server.shutdown()
    server.server_close()


def test_diff_operations_names_added_removed_and_changed() -> None:
    assert fetch_spec.diff_operations(OLD, NEW) == {
        "added": ["GET /folders"],
        "removed": ["POST /docs"],
        "changed": ["GET /docs"],
    }


def test_fetch_writes_spec_and_prints_changes(
    spec_server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "openapi.json"
    out.write_text(json.dumps(OLD))
    assert fetch_spec.main(["--url", spec_server, "--output", str(out)]) == 0
    assert json.loads(out.read_text()) == NEW
    printed = capsys.readouterr().out
    assert "added    GET /folders" in printed
    assert "removed  POST /docs" in printed
    assert "changed  GET /docs" in printed


def test_offline_fails_with_one_line_and_leaves_spec_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "openapi.json"
    out.write_text('{"original": true}')
    # bound but never listening, and kept bound so that no other server can take the port
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/openapi.json"
        assert fetch_spec.main(["--url", url, "--output", str(out), "--timeout", "2"]) == 1
    assert out.read_text() == '{"original": true}'
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "cannot fetch" in err[0] and "left untouched" in err[0]
