"""The generation pipeline: drift detection, and enums that survive values added by the API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scripts import generate

ROOT = Path(__file__).resolve().parent.parent


def test_differences_reports_changed_missing_and_extra_files(tmp_path: Path) -> None:
    left, right = tmp_path / "left", tmp_path / "right"
    for tree in (left, right):
        (tree / "models").mkdir(parents=True)
        (tree / "models" / "same.py").write_text("x = 1\n")
    (left / "models" / "edited.py").write_text("x = 1\n")
    (right / "models" / "edited.py").write_text("x = 2\n")
    (left / "stale.py").write_text("")
    (right / "new.py").write_text("")
    assert sorted(generate.differences(left, right)) == [
        "models/edited.py (differs)",
        "new.py (missing from generated/)",
        "stale.py (only in generated/)",
    ]


def test_committed_package_matches_the_spec_operations() -> None:
    """Every operationId in openapi.json has its endpoint module in the generated package."""
    spec = json.loads((ROOT / "openapi.json").read_text())
    api = ROOT / "generated" / "formify_api" / "api"
    modules = {p.stem for p in api.rglob("*.py") if p.stem != "__init__"}
    op_ids = [
        op["operationId"]
        for item in spec["paths"].values()
        for method, op in item.items()
        if isinstance(op, dict) and "operationId" in op
    ]
    missing = [op for op in op_ids if _snake(op) not in modules]
    assert op_ids and not missing


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def test_unknown_enum_value_from_the_api_still_parses() -> None:
    from formify_api.models.document_status import DocumentStatus

    status = DocumentStatus("archived_in_the_future")
    assert status == "archived_in_the_future"
    assert status.value == "archived_in_the_future"
    assert isinstance(status, DocumentStatus)
    assert str(status) == "archived_in_the_future"
    known = next(iter(DocumentStatus))
    assert DocumentStatus(known.value) is known  # known values stay the real members


def test_unknown_enum_value_inside_a_model() -> None:
    from formify_api.models import DocumentStatus, DocumentSummary

    summary = DocumentSummary.from_dict({"documentId": "d1", "status": "on_hold"})
    assert isinstance(summary.status, DocumentStatus)
    assert summary.status == "on_hold"
    assert summary.to_dict()["status"] == "on_hold"  # round-trips unchanged


def test_non_string_value_is_still_refused() -> None:
    from formify_api.models import DocumentStatus

    with pytest.raises(ValueError):
        DocumentStatus(42)


@pytest.mark.parametrize(
    ("model", "payload", "secret"),
    [
        (
            "WebhookCreated",
            {"webhookId": "w1", "signingSecret": "whsec_s3cr3t", "eventTypes": []},
            "whsec_s3cr3t",
        ),
        (
            "WebhookSecretRotated",
            {"webhookId": "w1", "signingSecret": "whsec_r0tated"},
            "whsec_r0tated",
        ),
        (
            "TokenResponse",
            {"access_token": "acc-s3cr3t", "refresh_token": "ref-s3cr3t", "expires_in": 3600},
            "s3cr3t",
        ),
        (
            "TokenRequest",
            {
                "grant_type": "authorization_code",
                "client_id": "cid",
                "client_secret": "cs-s3cr3t",
                "code": "code-s3cr3t",
            },
            "s3cr3t",
        ),
        ("RevokeRequest", {"token": "tok-s3cr3t"}, "s3cr3t"),
    ],
)
def test_generated_models_keep_credentials_out_of_repr(
    model: str, payload: dict[str, object], secret: str
) -> None:
    """The model template marks credential fields repr=False; to_dict still carries them."""
    import formify_api.models as models

    parsed = getattr(models, model).from_dict(payload)
    assert secret not in repr(parsed)
    assert secret in json.dumps(parsed.to_dict())


def test_absent_members_read_as_none_and_the_repr_shows_values() -> None:
    from formify_api.models import Document

    document = Document.from_dict({"documentId": "d1", "signeeDetails": [{"signeeId": "s1"}]})
    assert document.name is None and document.status is None and document.completed_at is None
    assert document.signee_details is not None
    assert document.signee_details[0].signature_status is None
    assert "Unset" not in repr(document) and "name=None" in repr(document)


def test_requests_still_leave_out_members_that_are_none() -> None:
    """No null is sent for a member the caller did not give (the cassettes rely on it)."""
    from formify_api.models import RegisterWebhookRequest, SignatureFieldUpdate

    assert SignatureFieldUpdate(signee_id="s1").to_dict() == {"signeeId": "s1"}
    update = SignatureFieldUpdate(signee_id="s1", phone_number="+46701234567")
    assert update.to_dict() == {"signeeId": "s1", "phoneNumber": "+46701234567"}
    webhook = RegisterWebhookRequest(webhook_url="https://x.test/h", event_types=[])
    assert webhook.to_dict() == {"webhookUrl": "https://x.test/h", "eventTypes": []}


def test_from_dict_hands_out_the_enum_members_themselves() -> None:
    from formify_api.models import DocumentStatus, DocumentSummary, SignatureStatus, Signee

    summary = DocumentSummary.from_dict({"status": "completed"})
    assert summary.status is DocumentStatus.COMPLETED
    signee = Signee.from_dict({"signeeId": "s", "signatureStatus": "signed"})
    assert signee.signature_status is SignatureStatus.SIGNED
    with pytest.raises(ValueError):
        DocumentSummary.from_dict({"status": 42})
    with pytest.raises(ValueError):
        DocumentSummary.from_dict({"status": ["completed"]})


def test_importing_one_model_imports_only_what_it_refers_to() -> None:
    code = (
        "import sys\n"
        "from formify_api.models import DocumentSummary\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('formify_api.models.'))\n"
        "print(','.join(loaded))\n"
        "import formify_api.models as models\n"
        "assert all(getattr(models, name).__name__ == name for name in models.__all__)\n"
    )
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().split(",") == [
        "formify_api.models.document_status",
        "formify_api.models.document_summary",
    ]
