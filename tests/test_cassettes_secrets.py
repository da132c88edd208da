"""Every recorded cassette is free of secrets; the scanner itself is shown to catch them.

The scanner reads each cassette as YAML nodes (not as lines, since YAML folds long strings
across lines and base64-encodes binary bodies) and checks every string for bearer tokens,
`whsec_` secrets, token/secret/code values, signed-URL signatures and the fixed credentials
the recording emulator is started with, allowing only the placeholders the recording hooks
write (`REDACTED`, `REDACTED-<n>`, `whsec_REDACTED-<n>`). A finding names the file and line.
"""

from __future__ import annotations

import base64
import binascii
import functools
import importlib.util
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

CASSETTES = Path(__file__).parent / "cassettes"

_PLACEHOLDER = r"(?:whsec_)?REDACTED(?:-\d+)?"
_ALLOWED_VALUES = re.compile(rf"(?:{_PLACEHOLDER}|null|None|)")
_SECRET_HEADERS = {
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-formify-signature",
    "x-api-key",
}
# (kind, pattern whose group "value" must be a placeholder)
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # a b64token (RFC 6750), not an auth-param of a challenge: `Bearer error="invalid_token"`
    (
        "bearer token",
        re.compile(r"(?i)\bbearer\s+(?![\w.~+-]+=\")(?P<value>[A-Za-z0-9._~+/-]+=*)"),
    ),
    ("whsec_ secret", re.compile(r"(?P<value>whsec_[A-Za-z0-9+/=_-]*)")),
    (
        "token or secret value",
        re.compile(
            r"(?i)(?<![\w-])[\"']?(?:access_?token|refresh_?token|id_token|client_?secret|token"
            r"|signing_?secret|password)[\"']?\s*[:=]\s*[\"']?(?P<value>[^\"'&\s,}\\]*)"
        ),
    ),
    # OAuth codes travel in query strings and form bodies; JSON "code" is an error code
    ("OAuth code", re.compile(r"(?:^|[?&#\s\"'])code=(?P<value>[^&\s\"'\\]*)")),
    (
        "URL signature",
        re.compile(
            r"(?i)[?&](?:[\w-]*signature|sig|[\w-]*credential|[\w-]*security-token)"
            r"=(?P<value>[^&\s\"'\\]*)"
        ),
    ),
)


@dataclass(frozen=True)
class Finding:
    """One secret found in a cassette."""

    path: str
    line: int
    kind: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.kind}"


@functools.cache
def _recording_credentials() -> tuple[str, ...]:
    """The credentials the recording emulator is started with; none may reach a cassette."""
    path = Path(__file__).parent / "regression" / "_cassette_scrub.py"
    spec = importlib.util.spec_from_file_location("_cassette_scrub_constants", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return (module.RECORDING_ACCESS_TOKEN, module.RECORDING_CLIENT_SECRET)


def _is_placeholder(value: str) -> bool:
    return _ALLOWED_VALUES.fullmatch(value) is not None


def _scalar_text(node: yaml.ScalarNode) -> str:
    if node.tag == "tag:yaml.org,2002:binary":
        try:
            return base64.b64decode("".join(node.value.split())).decode("latin-1")
        except (binascii.Error, ValueError):
            return node.value
    return str(node.value)


def _scalars(node: yaml.Node, key: str = "") -> Iterator[tuple[str, str, int]]:
    """Yield (the mapping key above, text, 1-based line) for every scalar under `node`."""
    if isinstance(node, yaml.ScalarNode):
        yield key, _scalar_text(node), node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item, key)
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            yield from _scalars(key_node, key)
            name = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else key
            yield from _scalars(value_node, name)


def scan_text(text: str, path: str = "<string>") -> list[Finding]:
    """Return every secret in a cassette's YAML text."""
    findings: list[Finding] = []
    defaults = _recording_credentials()
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is None:
        return findings
    for key, value, line in _scalars(root):
        if key.lower() in _SECRET_HEADERS:
            credential = value.split(" ", 1)[-1].strip()
            if not _is_placeholder(credential):
                findings.append(Finding(path, line, f"{key} header value"))
        for kind, pattern in _RULES:
            if any(not _is_placeholder(m.group("value")) for m in pattern.finditer(value)):
                findings.append(Finding(path, line, kind))
        findings.extend(
            Finding(path, line, "emulator recording credential") for d in defaults if d in value
        )
    return findings


def scan_file(path: Path) -> list[Finding]:
    """Return every secret in one cassette file."""
    return scan_text(path.read_text(encoding="utf-8"), str(path))


def cassette_files() -> list[Path]:
    """Every recorded cassette."""
    return sorted(CASSETTES.rglob("*.yaml")) + sorted(CASSETTES.rglob("*.yml"))


def test_there_are_cassettes_to_scan() -> None:
    # an empty directory would make the scan below pass vacuously
    assert cassette_files(), f"no cassettes under {CASSETTES}; run `make cassettes`"


@pytest.mark.parametrize("path", cassette_files(), ids=lambda p: str(p.relative_to(CASSETTES)))
def test_cassette_has_no_secret(path: Path) -> None:
    findings = scan_file(path)
    assert not findings, "secrets in cassettes:\n" + "\n".join(map(str, findings))


# ---- the scanner can fail -------------------------------------------------------------------

_CLEAN = """\
interactions:
- request:
    body: grant_type=refresh_token&refresh_token=REDACTED-1&client_secret=REDACTED-2&client_id=app
    headers:
      Authorization:
      - Bearer REDACTED-3
    method: POST
    uri: http://127.0.0.1:8765/v1/oauth/token?code=REDACTED-4&state=abc
  response:
    body:
      string: '{"access_token":"REDACTED-5","refresh_token":"REDACTED-6","token_type":"Bearer",
        "expires_in":3600,"signingSecret":"whsec_REDACTED-7","code":"not_found"}'
    headers:
      Location:
      - http://localhost:8765/_storage/f.pdf?expires=1&signature=REDACTED-8
      WWW-Authenticate:
      - Bearer error="invalid_token", error_description="The access token expired"
    status:
      code: 302
      message: Found
version: 1
"""

# (line in the cassette, text that replaces the placeholder on that line, the finding's kind)
_PLANTED = [
    ("refresh_token=REDACTED-1", "refresh_token=rt_live_abc", 3, "token or secret value"),
    ("client_secret=REDACTED-2", "client_secret=cs_live_abc", 3, "token or secret value"),
    ("- Bearer REDACTED-3", "- Bearer eyJhbGciOi.abc", 6, "bearer token"),
    ("- Bearer REDACTED-3", "- Token abc123def", 6, "Authorization header value"),
    ("code=REDACTED-4", "code=4a7f0c", 8, "OAuth code"),
    ('"access_token":"REDACTED-5"', '"access_token":"at_abc"', 11, "token or secret value"),
    ("whsec_REDACTED-7", "whsec_c2VjcmV0", 11, "whsec_ secret"),
    ("signature=REDACTED-8", "signature=9f86d081", 15, "URL signature"),
]


def test_scanner_passes_a_clean_cassette() -> None:
    assert scan_text(_CLEAN) == []


@pytest.mark.parametrize(("old", "new", "line", "kind"), _PLANTED)
def test_scanner_catches_a_planted_secret(old: str, new: str, line: int, kind: str) -> None:
    assert old in _CLEAN
    planted = _CLEAN.replace(old, new)
    assert Finding("c.yaml", line, kind) in scan_text(planted, "c.yaml")


def test_scanner_catches_a_secret_folded_across_lines_and_in_binary_bodies() -> None:
    folded = _CLEAN.replace(
        '"token_type":"Bearer",', '"token_type":"Bearer", "note":"Bearer\n        abcdef"'
    )
    assert Finding("c.yaml", 11, "bearer token") in scan_text(folded, "c.yaml")
    encoded = base64.b64encode(b"\x00\xff secret whsec_abcdef \x01").decode()
    binary = _CLEAN.replace(
        "    body: grant_type", f"    body: !!binary |\n      {encoded}\n    x: grant_type"
    )
    assert Finding("c.yaml", 3, "whsec_ secret") in scan_text(binary, "c.yaml")


def test_scanner_catches_the_recording_credentials() -> None:
    for credential in _recording_credentials():
        planted = _CLEAN.replace("client_id=app", f"client_id={credential}")
        assert Finding("c.yaml", 3, "emulator recording credential") in scan_text(planted, "c.yaml")


def test_scanner_reads_files(tmp_path: Path) -> None:
    cassette = tmp_path / "planted.yaml"
    cassette.write_text(_CLEAN.replace("REDACTED-5", "leaked"), encoding="utf-8")
    assert [str(f) for f in scan_file(cassette)] == [f"{cassette}:11: token or secret value"]
