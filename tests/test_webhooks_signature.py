"""Tests for `formify.webhooks` signing and signature verification."""

from __future__ import annotations

import hashlib
import hmac
import json
import shutil
import subprocess
from datetime import UTC, datetime

import pytest

from formify import webhooks
from formify._exceptions import (
    MalformedHeaderError,
    MissingHeaderError,
    SignatureMismatchError,
    TimestampOutOfToleranceError,
    ValidationError,
    WebhookVerificationError,
)

SECRET = "whsec_test_6f1c2d9e8a7b"
OTHER = "whsec_other_0a1b2c3d4e"
NOW = 1_732_000_000
BODY = json.dumps(
    {
        "event": {
            "eventId": "123e4567-e89b-12d3-a456-426614174000",
            "type": "document.signed",
            "date": "2024-10-25T14:23:55Z",
            "data": {"documentId": "doc-1", "accountId": "acc-1", "userId": "u-1", "signeeId": "s"},
        }
    },
    separators=(",", ":"),
).encode()


def node_signature(timestamp: str, body: str, secret: str) -> str:
    """The reference's Node.js computation, literally: a template string, then HMAC hex."""
    signed_payload = f"{timestamp}.{body}"  # `${timestamp}.${req.body}`
    return hmac.new(secret.encode("utf-8"), signed_payload.encode("utf-8"), "sha256").hexdigest()


def verify(body: bytes | str = BODY, **overrides: object) -> None:
    headers = webhooks.sign(BODY, SECRET, timestamp=NOW)
    kwargs: dict[str, object] = {
        "timestamp": headers[webhooks.TIMESTAMP_HEADER],
        "signature": headers[webhooks.SIGNATURE_HEADER],
        "secret": SECRET,
        "now": NOW,
    }
    kwargs.update(overrides)
    webhooks.verify_signature(body, **kwargs)  # type: ignore[arg-type]


def test_sign_returns_exactly_the_two_documented_headers() -> None:
    headers = webhooks.sign(BODY, SECRET, timestamp=NOW)
    assert set(headers) == {"X-Formify-Timestamp", "X-Formify-Signature"}
    assert headers["X-Formify-Timestamp"] == str(NOW)
    sig = headers["X-Formify-Signature"]
    assert len(sig) == 64 and sig == sig.lower() and int(sig, 16) >= 0


def test_sign_matches_the_reference_nodejs_computation() -> None:
    text = BODY.decode()
    headers = webhooks.sign(BODY, SECRET, timestamp=NOW)
    assert headers["X-Formify-Signature"] == node_signature(str(NOW), text, SECRET)


def test_nodejs_signature_with_non_ascii_body_verifies() -> None:
    text = '{"event":{"eventId":"é-1","type":"document.created","date":"2024-10-25","data":{}}}'
    sig = node_signature(str(NOW), text, SECRET)
    webhooks.verify_signature(
        text.encode(), timestamp=str(NOW), signature=sig, secret=SECRET, now=NOW
    )


# The reference's Node.js example, run by Node itself: express.raw() hands it a Buffer, which the
# template string turns into text (UTF-8) before the HMAC; the key is the whole secret.
NODE_EXAMPLE = """
const crypto = require('crypto');
const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', () => {
  const body = Buffer.concat(chunks);
  const [timestamp, secret] = process.argv.slice(-2);
  const signedPayload = `${timestamp}.${body}`;
  const expectedSignature = crypto.createHmac('sha256', secret).update(signedPayload).digest('hex');
  process.stdout.write(expectedSignature);
});
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
@pytest.mark.parametrize(
    "body",
    [BODY, '{"event":{"eventId":"é-1 ☃ 𝄞","type":"document.created","data":{}}}'.encode()],
)
def test_signature_made_by_the_reference_nodejs_code_verifies(body: bytes) -> None:
    secret = "whsec_nöde_☃_secret"
    node = shutil.which("node")
    assert node is not None
    made = subprocess.run(
        [node, "-e", NODE_EXAMPLE, "--", str(NOW), secret],
        input=body,
        capture_output=True,
        check=True,
        timeout=30,
    ).stdout.decode()
    assert made == webhooks.sign(body, secret, timestamp=NOW)["X-Formify-Signature"]
    webhooks.verify_signature(body, timestamp=str(NOW), signature=made, secret=secret, now=NOW)


def test_sign_key_is_the_whole_secret_including_prefix() -> None:
    without_prefix = hmac.new(
        SECRET.removeprefix("whsec_").encode(), f"{NOW}.".encode() + BODY, hashlib.sha256
    ).hexdigest()
    assert webhooks.sign(BODY, SECRET, timestamp=NOW)["X-Formify-Signature"] != without_prefix


def test_sign_defaults_timestamp_to_now() -> None:
    before = int(datetime.now(UTC).timestamp())
    stamp = int(webhooks.sign(BODY, SECRET)["X-Formify-Timestamp"])
    after = int(datetime.now(UTC).timestamp())
    assert before <= stamp <= after


def test_sign_accepts_str_body_as_utf8() -> None:
    assert webhooks.sign(BODY.decode(), SECRET, timestamp=NOW) == webhooks.sign(
        BODY, SECRET, timestamp=NOW
    )


@pytest.mark.parametrize("secret", ["", None, ["whsec_a"]])
def test_sign_refuses_bad_secret(secret: object) -> None:
    with pytest.raises(ValidationError) as info:
        webhooks.sign(BODY, secret, timestamp=NOW)  # type: ignore[arg-type]
    assert info.value.field == "secret"


@pytest.mark.parametrize("timestamp", [-1, 1.5, "1700000000", True])
def test_sign_refuses_bad_timestamp(timestamp: object) -> None:
    with pytest.raises(ValidationError) as info:
        webhooks.sign(BODY, SECRET, timestamp=timestamp)  # type: ignore[arg-type]
    assert info.value.field == "timestamp"


def test_valid_signature_verifies() -> None:
    verify()


def test_str_body_verifies_like_bytes() -> None:
    verify(BODY.decode())


def test_int_timestamp_verifies() -> None:
    verify(timestamp=NOW)


def test_aware_datetime_now_is_accepted() -> None:
    verify(now=datetime.fromtimestamp(NOW + 10, UTC))


def test_tampered_body_is_refused() -> None:
    with pytest.raises(SignatureMismatchError):
        verify(BODY.replace(b"doc-1", b"doc-2"))


def test_reserialised_body_is_refused() -> None:
    reserialised = json.dumps(json.loads(BODY)).encode()  # same JSON, different bytes
    assert reserialised != BODY
    with pytest.raises(SignatureMismatchError):
        verify(reserialised)


def test_wrong_secret_is_refused() -> None:
    with pytest.raises(SignatureMismatchError):
        verify(secret=OTHER)


def test_rotation_accepts_old_or_new_secret_in_a_list() -> None:
    verify(secret=[OTHER, SECRET])
    verify(secret=(SECRET, OTHER))
    with pytest.raises(SignatureMismatchError):
        verify(secret=[OTHER, "whsec_third"])


def test_changed_timestamp_is_refused_even_within_tolerance() -> None:
    with pytest.raises(SignatureMismatchError):
        verify(timestamp=str(NOW + 1))


def test_leading_zero_timestamp_is_signed_verbatim() -> None:
    stamp = "0" + str(NOW)
    sig = node_signature(stamp, BODY.decode(), SECRET)
    webhooks.verify_signature(BODY, timestamp=stamp, signature=sig, secret=SECRET, now=NOW)
    with pytest.raises(SignatureMismatchError):
        webhooks.verify_signature(BODY, timestamp=str(NOW), signature=sig, secret=SECRET, now=NOW)


@pytest.mark.parametrize("offset", [-300, 0, 300])
def test_timestamp_at_the_tolerance_edge_is_accepted(offset: int) -> None:
    verify(now=NOW + offset)


@pytest.mark.parametrize("offset,word", [(301, "past"), (-301, "future")])
def test_timestamp_outside_tolerance_is_refused(offset: int, word: str) -> None:
    with pytest.raises(TimestampOutOfToleranceError, match=word):
        verify(now=NOW + offset)


def test_custom_tolerance() -> None:
    verify(now=NOW + 3600, tolerance=3600)
    with pytest.raises(TimestampOutOfToleranceError):
        verify(now=NOW + 61, tolerance=60)


@pytest.mark.parametrize("stamp", ["", "abc", "1.5", "-5", "1e9", "\uff11\uff12\uff13", "12 34"])
def test_malformed_timestamp_is_refused(stamp: str) -> None:
    with pytest.raises(MalformedHeaderError, match="X-Formify-Timestamp"):
        verify(timestamp=stamp)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda s: s[:-1],  # too short
        lambda s: s + "0",  # too long
        lambda s: "z" + s[1:],  # not hex
        lambda s: s.upper(),  # the documented form is lowercase
        lambda s: "sha256=" + s,
        lambda s: "",
    ],
)
def test_malformed_signature_is_refused(mangle) -> None:  # type: ignore[no-untyped-def]
    sig = webhooks.sign(BODY, SECRET, timestamp=NOW)["X-Formify-Signature"]
    with pytest.raises(MalformedHeaderError, match="X-Formify-Signature"):
        verify(signature=mangle(sig))


@pytest.mark.parametrize("secret", ["", [], (), [SECRET, ""], [SECRET, 3], 42, b"whsec_x"])
def test_bad_secret_is_a_usage_error_naming_secret(secret: object) -> None:
    with pytest.raises(ValidationError) as info:
        verify(secret=secret)
    assert info.value.field == "secret"
    assert not isinstance(info.value, WebhookVerificationError)


@pytest.mark.parametrize("tolerance", [-1, "300", None])
def test_bad_tolerance_is_a_usage_error(tolerance: object) -> None:
    with pytest.raises(ValidationError) as info:
        verify(tolerance=tolerance)
    assert info.value.field == "tolerance"


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        verify(now=datetime(2024, 1, 1))
    assert info.value.field == "now"


def test_messages_never_contain_secret_or_signatures() -> None:
    good = webhooks.sign(BODY, SECRET, timestamp=NOW)["X-Formify-Signature"]
    forged = "ab" * 32
    expected_for_forged_body = webhooks.sign(b"x", SECRET, timestamp=NOW)["X-Formify-Signature"]
    errors: list[Exception] = []
    for kwargs in (
        {"signature": forged},
        {"secret": OTHER},
        {"secret": [OTHER, SECRET + "x"]},
        {"signature": good[:-1]},
        {"now": NOW + 10_000},
    ):
        with pytest.raises(WebhookVerificationError) as info:
            verify(**kwargs)
        errors.append(info.value)
    with pytest.raises(SignatureMismatchError) as info:
        verify(b"x", signature=good)
    errors.append(info.value)
    for error in errors:
        text = f"{error} {error!r} {error.args}"
        for secret_text in (
            SECRET,
            OTHER,
            "whsec_",
            good,
            forged,
            good[:-1],
            expected_for_forged_body,
        ):
            assert secret_text not in text


def test_comparison_is_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr("formify.webhooks._signature.hmac.compare_digest", spy)
    verify(secret=[OTHER, SECRET])
    verify(secret=[SECRET, OTHER])  # a match on the first secret still compares the second
    assert len(calls) == 4  # every secret compared with compare_digest, no early exit


class TestHeaders:
    def headers(self) -> dict[str, str]:
        return webhooks.sign(BODY, SECRET, timestamp=NOW)

    @pytest.mark.parametrize("case", [str.lower, str.upper, str.title, lambda s: s])
    def test_names_match_case_insensitively(self, case) -> None:  # type: ignore[no-untyped-def]
        from formify.webhooks._headers import read_signature_headers

        given = {case(k): v for k, v in self.headers().items()}
        assert read_signature_headers(given) == (
            self.headers()["X-Formify-Timestamp"],
            self.headers()["X-Formify-Signature"],
        )

    def test_framework_header_objects(self) -> None:
        import httpx
        from starlette.datastructures import Headers as StarletteHeaders
        from werkzeug.datastructures import EnvironHeaders
        from werkzeug.datastructures import Headers as WerkzeugHeaders

        from formify.webhooks._headers import read_signature_headers

        sent = self.headers()
        expected = (sent["X-Formify-Timestamp"], sent["X-Formify-Signature"])
        environ = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in sent.items()}
        for given in (
            WerkzeugHeaders(list(sent.items())),
            EnvironHeaders(environ),
            StarletteHeaders(raw=[(k.lower().encode(), v.encode()) for k, v in sent.items()]),
            httpx.Headers(sent),
        ):
            assert read_signature_headers(given) == expected, type(given)

    def test_list_of_pairs_and_bytes_pairs(self) -> None:
        from formify.webhooks._headers import read_signature_headers

        pairs = [("content-type", "application/json"), *self.headers().items()]
        raw = [(k.lower().encode(), v.encode()) for k, v in pairs]
        expected = tuple(self.headers().values())
        assert read_signature_headers(pairs) == expected
        assert read_signature_headers(raw) == expected

    @pytest.mark.parametrize("missing", ["X-Formify-Timestamp", "X-Formify-Signature"])
    def test_missing_header_is_named(self, missing: str) -> None:
        from formify.webhooks._headers import read_signature_headers

        given = {k: v for k, v in self.headers().items() if k != missing}
        with pytest.raises(MissingHeaderError, match=missing):
            read_signature_headers(given)

    def test_duplicate_header_is_malformed(self) -> None:
        from formify.webhooks._headers import read_signature_headers

        pairs = [*self.headers().items(), ("x-formify-signature", "00" * 32)]
        with pytest.raises(MalformedHeaderError, match="more than once"):
            read_signature_headers(pairs)

    def test_not_headers_is_a_usage_error(self) -> None:
        from formify.webhooks._headers import read_signature_headers

        with pytest.raises(ValidationError) as info:
            read_signature_headers(42)  # type: ignore[arg-type]
        assert info.value.field == "headers"


def test_verification_from_many_threads_at_once() -> None:
    # the keyed HMAC state is cached and copied per call; concurrent use must not corrupt it
    from concurrent.futures import ThreadPoolExecutor

    bodies = [BODY + str(i).encode() for i in range(200)]
    signed = [(b, webhooks.sign(b, SECRET, timestamp=NOW)) for b in bodies]

    def check(item: tuple[bytes, dict[str, str]]) -> bool:
        body, headers = item
        verify(body, signature=headers["X-Formify-Signature"])
        return True

    with ThreadPoolExecutor(8) as pool:
        assert all(pool.map(check, signed * 5))


@pytest.mark.parametrize("length", [1, 6, 63, 64, 65, 127, 128, 300])
@pytest.mark.parametrize("body", [b"", b"x", b"{}" * 700])
def test_the_keyed_hmac_equals_the_standard_librarys(length: int, body: bytes) -> None:
    """Keyed once (inner/outer hash states, RFC 2104), for keys around SHA-256's 64-byte block."""
    from formify.webhooks._signature import Keyed

    for key in (b"k" * length, ("é" * length).encode()):  # a non-ASCII secret is UTF-8
        keyed = Keyed(key)
        expected = hmac.new(key, b"1700000000." + body, hashlib.sha256).hexdigest()
        assert keyed.hexdigest(b"1700000000." + body) == expected
        assert keyed.hexdigest(b"1700000000." + body) == expected  # the state is not used up
