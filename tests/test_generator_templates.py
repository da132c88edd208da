"""Our generator templates against the pinned openapi-python-client's own.

scripts/generator_templates/ forks a few upstream templates; upstream.json records the sha256
of each upstream version we forked (or re-implement part of). Upgrading the generator then
fails here until someone re-applies our changes to the new upstream template and updates the
hash: an upgrade is a conscious step, not a silent revert of upstream fixes.
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

import openapi_python_client
import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = ROOT / "scripts" / "generator_templates"
UPSTREAM = Path(openapi_python_client.__file__).parent / "templates"
MANIFEST = json.loads((OURS / "upstream.json").read_text())
WATCHED = {**MANIFEST["forked"], **MANIFEST["relied_on"]}


def test_the_manifest_names_the_pinned_generator() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert f'"{MANIFEST["generator"]}"' in pyproject
    installed = metadata.version("openapi-python-client")
    assert MANIFEST["generator"] == f"openapi-python-client=={installed}"


@pytest.mark.parametrize("name", sorted(WATCHED))
def test_upstream_template_is_the_version_we_forked(name: str) -> None:
    upstream = UPSTREAM / name
    assert upstream.is_file(), f"openapi-python-client no longer has {name}; rework our fork"
    digest = hashlib.sha256(upstream.read_bytes()).hexdigest()
    assert digest == WATCHED[name]["sha256"], (
        f"openapi-python-client's {name} changed since we forked it: re-apply our changes "
        f"({WATCHED[name]['why']}) to the new upstream {upstream}, then update its sha256 in "
        "scripts/generator_templates/upstream.json"
    )


def test_every_template_of_ours_is_a_recorded_fork() -> None:
    ours = {p.name for p in OURS.glob("*.jinja")}
    assert ours == set(MANIFEST["forked"]), "a template without a record, or a record without one"


@pytest.mark.parametrize("name", sorted(MANIFEST["forked"]))
def test_every_template_of_ours_renders_into_generated(name: str) -> None:
    """An override the generator no longer uses (like the old int_enum.py.jinja) is noticed."""
    marker = MANIFEST["forked"][name]["marker"]
    assert marker in (OURS / name).read_text()
    generated = (ROOT / "generated" / "formify_api").rglob("*.py")
    assert any(marker in path.read_text() for path in generated), f"{name} renders nowhere"


def test_response_and_file_keep_the_attrs_behaviour_without_attrs() -> None:
    # Plain classes (no attrs compile() on the first call); what attrs gave them is kept:
    # keyword or positional construction, slots, a repr of every field, field-wise equality,
    # no hash (mutable), File's defaults and to_tuple.
    import io
    from http import HTTPStatus

    import attrs
    from formify_api.types import File, Response

    ok = Response(HTTPStatus.OK, b"{}", {"a": "b"}, parsed=None)
    assert not attrs.has(Response) and not attrs.has(File)
    assert ok == Response(status_code=HTTPStatus.OK, content=b"{}", headers={"a": "b"}, parsed=None)
    assert ok != Response(HTTPStatus.OK, b"{}", {"a": "b"}, parsed=1)
    assert repr(ok) == (
        "Response(status_code=<HTTPStatus.OK: 200>, content=b'{}', headers={'a': 'b'}, parsed=None)"
    )
    with pytest.raises(TypeError):
        hash(ok)
    with pytest.raises(AttributeError):
        ok.extra = 1  # type: ignore[attr-defined]
    payload = io.BytesIO(b"%PDF")
    upload = File(payload, file_name="a.pdf")
    assert upload.mime_type is None and upload.to_tuple() == ("a.pdf", payload, None)
    assert upload == File(payload=payload, file_name="a.pdf") != File(payload)
    assert repr(upload) == f"File(payload={payload!r}, file_name='a.pdf', mime_type=None)"
