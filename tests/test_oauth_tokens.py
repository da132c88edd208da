"""Token: expiry, round trip, redaction; MemoryTokenStore and FileTokenStore."""

from __future__ import annotations

import json
import os
import stat
import threading
import time
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from formify._exceptions import OAuthError, ValidationError
from formify._tokens import FileTokenStore, MemoryTokenStore, Token, TokenStore

ACCESS = "at-SECRET-access-value-abcd"
REFRESH = "rt-SECRET-refresh-value-wxyz"
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def make_token(**changes: object) -> Token:
    values: dict[str, object] = {
        "access_token": ACCESS,
        "refresh_token": REFRESH,
        "expires_at": NOW + timedelta(hours=1),
        "scope": "read,write",
    }
    values.update(changes)
    return Token(**values)  # type: ignore[arg-type]


def test_from_response_counts_expiry_from_receipt():
    token = Token.from_response(
        {
            "access_token": ACCESS,
            "expires_in": 3600,
            "refresh_token": REFRESH,
            "token_type": "Bearer",
            "scope": "read,write",
        },
        now=NOW,
    )
    assert token.expires_at == NOW + timedelta(seconds=3600)
    assert token.expires_at.tzinfo is not None
    assert (token.access_token, token.refresh_token, token.scope) == (ACCESS, REFRESH, "read,write")


def test_from_response_without_access_token_is_an_oauth_error():
    with pytest.raises(OAuthError) as info:
        Token.from_response({"expires_in": 10})
    assert info.value.error == "invalid_response"


def test_is_expired_uses_the_leeway():
    token = make_token(expires_at=NOW + timedelta(seconds=90))
    assert not token.is_expired(leeway=60, now=NOW)
    assert token.is_expired(leeway=60, now=NOW + timedelta(seconds=31))
    assert token.is_expired(leeway=0, now=NOW + timedelta(seconds=90))
    assert not make_token(expires_at=None).is_expired(now=NOW + timedelta(days=999))


def test_expires_at_is_stored_as_utc_and_naive_is_refused():
    cet = timezone(timedelta(hours=1))
    token = make_token(expires_at=datetime(2026, 1, 2, 4, 4, 5, tzinfo=cet))
    assert token.expires_at == NOW and token.expires_at.utcoffset() == timedelta(0)
    with pytest.raises(ValidationError) as info:
        make_token(expires_at=datetime(2026, 1, 2))
    assert info.value.field == "expires_at"


def test_to_dict_and_from_dict_round_trip_through_json():
    token = make_token()
    data = json.loads(json.dumps(token.to_dict()))
    assert data["expires_at"] == "2026-01-02T04:04:05+00:00"
    assert Token.from_dict(data) == token
    bare = Token(access_token=ACCESS)
    assert Token.from_dict(bare.to_dict()) == bare


def test_repr_and_str_hide_both_tokens():
    token = make_token()
    for text in (repr(token), str(token), f"{token}", repr([token])):
        assert ACCESS not in text and REFRESH not in text
        assert "SECRET" not in text
    assert "…abcd" in repr(token)  # the last 4 characters help tell tokens apart
    short = Token(access_token="short1234")
    assert "1234" not in repr(short) and "short" not in repr(short)


def test_token_is_frozen_and_validated():
    token = make_token()
    with pytest.raises(AttributeError):
        token.access_token = "x"  # type: ignore[misc]
    with pytest.raises(ValidationError) as info:
        Token(access_token="")
    assert info.value.field == "access_token"


def test_memory_store_saves_loads_and_satisfies_the_protocol():
    store = MemoryTokenStore()
    assert isinstance(store, TokenStore)
    assert store.load() is None
    store.save(make_token())
    assert store.load() == make_token()
    with store.refresh_lock():
        pass
    assert ACCESS not in repr(store)


def test_file_store_round_trip_mode_0600_and_no_temp_left(tmp_path):
    path = tmp_path / "sub" / "token.json"
    store = FileTokenStore(path)
    assert isinstance(store, TokenStore)
    assert store.load() is None
    store.save(make_token())
    assert store.load() == make_token()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    store.save(make_token(access_token="at-second-value-0000"))
    assert store.load().access_token == "at-second-value-0000"
    assert sorted(p.name for p in path.parent.iterdir()) == ["token.json"]
    assert str(path) in repr(store) and ACCESS not in repr(store)


def test_file_store_mode_is_0600_even_under_a_permissive_umask(tmp_path):
    old = os.umask(0)
    try:
        FileTokenStore(tmp_path / "t.json").save(make_token())
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "t.json").st_mode) == 0o600


def test_file_store_write_is_atomic_readers_never_see_a_partial_file(tmp_path):
    # Readers racing a writer must always get a whole token, the old or the new one.
    store = FileTokenStore(tmp_path / "t.json")
    store.save(make_token())
    tokens = [make_token(access_token=f"at-{i:04d}-" + "x" * 4000) for i in range(100)]
    errors: list[BaseException] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                assert store.load() is not None
            except BaseException as exc:
                errors.append(exc)
                return

    readers = [threading.Thread(target=read) for _ in range(4)]
    for reader in readers:
        reader.start()
    for token in tokens:
        store.save(token)
    done.set()
    for reader in readers:
        reader.join()
    assert errors == []
    assert store.load() == tokens[-1]


def test_file_store_failed_write_keeps_the_old_token_and_leaves_no_temp(tmp_path, monkeypatch):
    store = FileTokenStore(tmp_path / "t.json")
    store.save(make_token())

    def boom(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError, match="disk full"):
        store.save(make_token(access_token="at-new-value-9999"))
    assert store.load() == make_token()
    assert [p.name for p in tmp_path.iterdir()] == ["t.json"]


def test_file_store_lock_excludes_threads(tmp_path):
    store = FileTokenStore(tmp_path / "t.json")
    inside = 0
    most = 0
    guard = threading.Lock()

    def work() -> None:
        nonlocal inside, most
        for _ in range(10):
            with store.refresh_lock():
                with guard:
                    inside += 1
                    most = max(most, inside)
                time.sleep(0.0005)  # widen the window an unlocked section would overlap in
                with guard:
                    inside -= 1

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == 1
    assert (tmp_path / "t.json.lock").exists()


def test_file_store_refuses_a_corrupt_file_with_a_clear_error(tmp_path):
    path = tmp_path / "t.json"
    path.write_text("{not json")
    with pytest.raises(ValidationError) as info:
        FileTokenStore(path).load()
    assert info.value.field == "path"


@given(
    access=st.text(min_size=1),
    refresh=st.none() | st.text(),
    expires=st.none()
    | st.datetimes(
        min_value=datetime(1970, 1, 2),
        max_value=datetime(9998, 1, 1),
        timezones=st.sampled_from([UTC, timezone(timedelta(hours=-7, minutes=-30))]),
    ),
    scope=st.none() | st.sampled_from(["read", "write", "read,write"]),
)
def test_any_token_round_trips_through_json_and_never_shows_its_secrets(
    access, refresh, expires, scope
):
    token = Token(access_token=access, refresh_token=refresh, expires_at=expires, scope=scope)
    again = Token.from_dict(json.loads(json.dumps(token.to_dict())))
    assert again == token
    text = repr(token)
    if len(access) >= 16:
        assert access not in text
    if refresh is not None and len(refresh) >= 16:
        assert refresh not in text
