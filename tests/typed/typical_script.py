"""A typical integration, written as a user would: it must pass `mypy --strict` as it stands.

Upload, create, get, list, read the signees and their statuses, download. No casts and no
isinstance checks on sentinels: a member the API left out reads as None. `make typecheck`
checks this file (pyproject's mypy `files`); tests/typed/test_typical_script.py runs it
against the emulator, so it is a real script and not only a typed one.
"""

from __future__ import annotations

from pathlib import Path

from formify_api.models import Document, DocumentStatus, SignatureStatus

from formify import Formify


def signee_lines(document: Document) -> list[str]:
    """One line per signee: name, contact, status (upper-cased), when signed."""
    lines = []
    for signee in document.signee_details or []:
        name = signee.full_name if signee.full_name is not None else "(no name)"
        contact = signee.email_address or signee.phone_number or "(no contact)"
        status = signee.signature_status.upper() if signee.signature_status else "UNKNOWN"
        signed = signee.signed_at.isoformat() if signee.signed_at is not None else "not yet"
        lines.append(f"{name} <{contact}>: {status}, signed {signed}")
    return lines


def run(client: Formify, pdf: Path, out: Path, sign: object = None) -> list[str]:
    """Upload `pdf`, ask two people to sign, report on it, download the signed PDF to `out`."""
    report: list[str] = []
    file_id = client.files.upload(pdf)
    created = client.documents.create(
        file_id=file_id,
        name="Typed script",
        signees=[
            {
                "full_name": "Ann Lee",
                "email_address": "ann@example.com",
                "signature_placement": "new_page",
            },
            {
                "full_name": "Bo Ek",
                "email_address": "bo@example.com",
                "signature_placement": "new_page",
            },
        ],
    )
    document_id = created.document_id
    document = client.documents.get(document_id)
    report.append(f"{document.name}: {document.status}")
    report.extend(signee_lines(document))
    assert document.signee_details is not None
    first_signee = document.signee_details[0]
    waiting = first_signee.signature_status == SignatureStatus.AWAITING_SIGNATURE
    report.append(f"first signee waiting: {waiting}")

    names = [summary.name or "" for summary in client.documents.list(page_size=10)]
    report.append(f"documents listed: {len(names)}")

    if callable(sign):
        sign(document_id)  # the emulator's signing, standing in for real people
    document = client.documents.get(document_id)
    report.extend(signee_lines(document))
    if document.status == DocumentStatus.COMPLETED:
        written = client.documents.download_signed_file(document_id, out)
        report.append(f"downloaded {written} bytes")
    completed = "never"
    if document.completed_at is not None:
        completed = document.completed_at.date().isoformat()
    report.append(f"completed: {completed}")
    return report
