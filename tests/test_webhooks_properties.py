"""Property tests: every valid delivery verifies; any change to it is refused."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from formify import webhooks
from formify._exceptions import (
    MalformedHeaderError,
    SignatureMismatchError,
    TimestampOutOfToleranceError,
    WebhookVerificationError,
)

FAST = settings(max_examples=150, deadline=None)

bodies = st.binary(max_size=2048)
secrets = st.text(min_size=1, max_size=64).map(lambda s: "whsec_" + s)
timestamps = st.integers(min_value=0, max_value=4_000_000_000)
tolerances = st.integers(min_value=0, max_value=86_400)
hex64 = st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)


def check(body: bytes, stamp: str | int, sig: str, secret: str, now: int, tol: int = 300) -> None:
    webhooks.verify_signature(
        body, timestamp=stamp, signature=sig, secret=secret, tolerance=tol, now=now
    )


@FAST
@given(body=bodies, secret=secrets, ts=timestamps, tol=tolerances, data=st.data())
def test_any_valid_signature_within_tolerance_is_accepted(
    body: bytes, secret: str, ts: int, tol: int, data: st.DataObject
) -> None:
    now = ts + data.draw(st.integers(min_value=-tol, max_value=tol), label="skew")
    headers = webhooks.sign(body, secret, timestamp=ts)
    check(body, headers["X-Formify-Timestamp"], headers["X-Formify-Signature"], secret, now, tol)


@FAST
@given(body=bodies, secret=secrets, ts=timestamps, tol=tolerances, beyond=st.integers(1, 10**6))
def test_any_valid_signature_just_outside_tolerance_is_refused(
    body: bytes, secret: str, ts: int, tol: int, beyond: int
) -> None:
    headers = webhooks.sign(body, secret, timestamp=ts)
    for now in (ts + tol + beyond, ts - tol - beyond):
        with pytest.raises(TimestampOutOfToleranceError):
            check(
                body,
                headers["X-Formify-Timestamp"],
                headers["X-Formify-Signature"],
                secret,
                now,
                tol,
            )


@FAST
@given(body=bodies, other=bodies, secret=secrets, ts=timestamps)
def test_any_change_to_the_body_is_refused(body: bytes, other: bytes, secret: str, ts: int) -> None:
    assume(body != other)
    headers = webhooks.sign(body, secret, timestamp=ts)
    with pytest.raises(SignatureMismatchError):
        check(other, headers["X-Formify-Timestamp"], headers["X-Formify-Signature"], secret, ts)


@FAST
@given(body=bodies, secret=secrets, ts=timestamps, pos=st.integers(0), bit=st.integers(0, 7))
def test_any_single_bit_flip_in_the_body_is_refused(
    body: bytes, secret: str, ts: int, pos: int, bit: int
) -> None:
    assume(body)
    flipped = bytearray(body)
    flipped[pos % len(body)] ^= 1 << bit
    headers = webhooks.sign(body, secret, timestamp=ts)
    with pytest.raises(SignatureMismatchError):
        check(
            bytes(flipped),
            headers["X-Formify-Timestamp"],
            headers["X-Formify-Signature"],
            secret,
            ts,
        )


@FAST
@given(body=bodies, secret=secrets, ts=timestamps, other_ts=timestamps)
def test_any_change_to_the_timestamp_is_refused(
    body: bytes, secret: str, ts: int, other_ts: int
) -> None:
    assume(ts != other_ts)
    sig = webhooks.sign(body, secret, timestamp=ts)["X-Formify-Signature"]
    # judged at the new timestamp, so the tolerance check passes and the signature must fail
    with pytest.raises(SignatureMismatchError):
        check(body, str(other_ts), sig, secret, now=other_ts)


@FAST
@given(body=bodies, secret=secrets, ts=timestamps, other=st.text(max_size=80))
def test_any_change_to_the_signature_is_refused(
    body: bytes, secret: str, ts: int, other: str
) -> None:
    good = webhooks.sign(body, secret, timestamp=ts)["X-Formify-Signature"]
    assume(other.strip() != good)
    with pytest.raises(WebhookVerificationError) as info:
        check(body, str(ts), other, secret, ts)
    assert good not in str(info.value)


@FAST
@given(body=bodies, secret=secrets, ts=timestamps, other=hex64)
def test_any_other_well_formed_signature_is_a_mismatch(
    body: bytes, secret: str, ts: int, other: str
) -> None:
    assume(other != webhooks.sign(body, secret, timestamp=ts)["X-Formify-Signature"])
    with pytest.raises(SignatureMismatchError):
        check(body, str(ts), other, secret, ts)


@FAST
@given(body=bodies, secret=secrets, other=secrets, ts=timestamps)
def test_any_other_secret_is_refused(body: bytes, secret: str, other: str, ts: int) -> None:
    assume(secret != other)
    headers = webhooks.sign(body, secret, timestamp=ts)
    with pytest.raises(SignatureMismatchError) as info:
        check(body, headers["X-Formify-Timestamp"], headers["X-Formify-Signature"], other, ts)
    assert secret not in str(info.value) and other not in str(info.value)


@FAST
@given(body=bodies, secret=secrets, ts=timestamps, stamp=st.text(max_size=20))
def test_non_integer_timestamps_are_malformed(
    body: bytes, secret: str, ts: int, stamp: str
) -> None:
    assume(not (stamp.strip().isascii() and stamp.strip().isdigit()))
    sig = webhooks.sign(body, secret, timestamp=ts)["X-Formify-Signature"]
    with pytest.raises(MalformedHeaderError):
        check(body, stamp, sig, secret, ts)


@FAST
@given(text=st.text(max_size=500), secret=secrets, ts=timestamps)
def test_signature_equals_the_reference_computation(text: str, secret: str, ts: int) -> None:
    expected = hmac.new(secret.encode(), f"{ts}.{text}".encode(), hashlib.sha256).hexdigest()
    assert webhooks.sign(text, secret, timestamp=ts)["X-Formify-Signature"] == expected
