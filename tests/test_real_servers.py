"""The real Redis and PostgreSQL test servers: they run, and survive a stop and a start."""

import psycopg
import pytest
import redis
from _real_servers import make_redis


def test_redis_server_is_a_real_redis_that_can_restart(redis_server, redis_client) -> None:
    redis_client.set("fixture-check", "1")
    assert redis_client.get("fixture-check") == b"1"
    assert redis_client.info("server")["redis_version"].startswith("6.")
    redis_server.stop()
    with pytest.raises(redis.ConnectionError):
        make_redis(redis_server.url).ping()
    redis_server.start()
    assert make_redis(redis_server.url).ping() is True


def test_postgres_server_is_a_real_postgres_that_can_restart(postgres_server, postgres_dsn) -> None:
    with psycopg.connect(postgres_dsn) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS fixture_check (n int)")
        conn.execute("INSERT INTO fixture_check VALUES (1)")
        version = conn.execute("SHOW server_version").fetchone()
    assert version is not None and int(version[0].split(".")[0]) >= 17
    postgres_server.stop()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(postgres_dsn, connect_timeout=2)
    postgres_server.start()
    with psycopg.connect(postgres_server.dsn) as conn:
        row = conn.execute("SELECT count(*) FROM fixture_check").fetchone()
    assert row is not None and row[0] >= 1  # data survives the restart
