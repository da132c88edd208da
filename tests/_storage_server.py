"""A fake pre-signed storage host on 127.0.0.1 for the download tests and the benchmark.

It behaves like an S3-style bucket behind pre-signed URLs: `GET /<name>?X-Amz-Signature=<sig>`
streams the object when `<sig>` is one it issued and not expired, and answers 403 with an XML
error that echoes the signature otherwise (as S3 does, so the client's scrubbing is exercised). It
answers 400 to any request carrying `Authorization`, records every request, and can be told
to cut a body short, stall it (until the next reset at most), redirect, or answer with another
status, always or only for the next few requests (to exercise the client's retries).
"""

from __future__ import annotations

import random
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from _local_server import LocalHandler, LocalServer, serve_in_thread, shut_down

CHUNK = 1 << 16


def deterministic_bytes(size: int, seed: int = 1234) -> bytes:
    """Return `size` reproducible pseudo-random bytes (a PDF header first, for realism)."""
    head = b"%PDF-1.7\n"
    return head + random.Random(seed).randbytes(max(0, size - len(head)))


@dataclass
class SeenRequest:
    """A request as the storage host received it."""

    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]


@dataclass
class StorageState:
    """What the storage host serves and how it misbehaves; tests edit it directly."""

    objects: dict[str, bytes] = field(default_factory=dict)
    valid: set[str] = field(default_factory=set)  # signatures currently accepted
    cut_at: dict[str, int] = field(default_factory=dict)  # name -> bytes sent before closing
    redirects: dict[str, str] = field(default_factory=dict)  # name -> Location
    statuses: dict[str, tuple[int, bytes]] = field(default_factory=dict)  # name -> (code, body)
    chunked: set[str] = field(default_factory=set)  # names sent without Content-Length
    stall_at: dict[str, tuple[int, float]] = field(default_factory=dict)  # name -> (bytes, secs)
    # name -> statuses for the next requests, one each, before the object is served as usual
    fail_first: dict[str, list[int]] = field(default_factory=dict)
    # name -> cut points (bytes sent before closing) for the next bodies, one each
    cut_first: dict[str, list[int]] = field(default_factory=dict)
    unstall: threading.Event = field(default_factory=threading.Event)  # ends stalls early
    seen: list[SeenRequest] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class StorageServer:
    """Handle on a running storage host: its URL, its state, and URL minting."""

    def __init__(self, httpd: LocalServer, state: StorageState) -> None:
        self.httpd = httpd
        self.state = state
        host, port = httpd.server_address[:2]
        self.url = f"http://{host}:{port}"

    def put(self, name: str, data: bytes) -> None:
        self.state.objects[name] = data

    def sign(self, name: str) -> str:
        """Mint a fresh pre-signed URL for `name` (valid until `expire_all`)."""
        sig = secrets.token_hex(16)
        self.state.valid.add(sig)
        return f"{self.url}/{name}?X-Amz-Expires=600&X-Amz-Signature={sig}"

    def expired(self, name: str) -> str:
        """Return a URL for `name` whose signature the host does not accept."""
        return f"{self.url}/{name}?X-Amz-Expires=600&X-Amz-Signature={secrets.token_hex(16)}"

    def reset(self) -> None:
        self.state.objects.clear()
        self.state.valid.clear()
        self.state.cut_at.clear()
        self.state.redirects.clear()
        self.state.statuses.clear()
        self.state.chunked.clear()
        self.state.stall_at.clear()
        self.state.fail_first.clear()
        self.state.cut_first.clear()
        # a stall left from the last test ends now, not seconds into the next one
        self.state.unstall.set()
        self.state.unstall = threading.Event()
        self.state.seen.clear()

    @property
    def seen(self) -> list[SeenRequest]:
        return self.state.seen


class _Handler(LocalHandler):
    server: _Server

    def do_GET(self) -> None:
        state = self.server.state
        parts = urlsplit(self.path)
        name = parts.path.lstrip("/")
        query = parse_qs(parts.query)
        with state.lock:
            state.seen.append(
                SeenRequest(parts.path, query, {k.lower(): v for k, v in self.headers.items()})
            )
        if "authorization" in {k.lower() for k in self.headers}:
            return self._answer(
                400,
                b"<Error><Code>InvalidArgument</Code>"
                b"<Message>Only one auth mechanism allowed</Message></Error>",
            )
        if name in state.redirects:
            if len(state.seen) > 20:  # a client that never stops following: end it visibly
                return self._answer(508, b"<Error><Code>LoopDetected</Code></Error>")
            return self._answer(302, b"", {"Location": state.redirects[name]})
        if name in state.statuses:
            code, body = state.statuses[name]
            return self._answer(code, body)
        with state.lock:
            once = state.fail_first.get(name)
            code = once.pop(0) if once else None
        if code is not None:
            return self._answer(code, b"<Error><Code>ServiceUnavailable</Code></Error>")
        sig = query.get("X-Amz-Signature", [""])[0]
        if sig not in state.valid:
            body = (
                "<?xml version='1.0' encoding='UTF-8'?><Error><Code>AccessDenied</Code>"
                "<Message>Request has expired</Message>"
                f"<SignatureProvided>{sig}</SignatureProvided></Error>"
            ).encode()
            return self._answer(403, body)
        if name not in state.objects:
            return self._answer(404, b"<Error><Code>NoSuchKey</Code></Error>")
        if name in state.chunked:
            return self._stream_chunked(state.objects[name])
        with state.lock:
            cuts = state.cut_first.get(name)
            cut = cuts.pop(0) if cuts else state.cut_at.get(name)
        self._stream(state.objects[name], cut, state.stall_at.get(name), state.unstall)

    def _answer(self, code: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _stream(
        self,
        data: bytes,
        cut_at: int | None,
        stall: tuple[int, float] | None,
        unstall: threading.Event,
    ) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        end = len(data) if cut_at is None else cut_at
        view = memoryview(data)
        for start in range(0, end, CHUNK):
            if stall is not None and start == stall[0]:
                self.wfile.flush()
                unstall.wait(stall[1])
                return
            self.wfile.write(view[start : min(start + CHUNK, end)])
        if cut_at is not None:
            self.wfile.flush()
            self.close_connection = True

    def _stream_chunked(self, data: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for start in range(0, len(data), CHUNK):
            piece = data[start : start + CHUNK]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
        self.wfile.write(b"0\r\n\r\n")


class _Server(LocalServer):
    state: StorageState

    def handle_error(self, request: object, client_address: object) -> None:
        # a client that stops reading (refused URL, cut-short test) is expected here
        pass


@contextmanager
def running_storage(host: str = "127.0.0.1") -> Iterator[StorageServer]:
    """Run a storage host on a free port for the duration of the block."""
    httpd = _Server(_Handler, host)
    httpd.state = StorageState()
    thread = serve_in_thread(httpd)
    try:
        yield StorageServer(httpd, httpd.state)
    finally:
        httpd.state.unstall.set()
        shut_down(httpd)
        thread.join()
