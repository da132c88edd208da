"""Recorded error paths: 404, 403 in the wrong state, 400 from the server, error languages."""

from __future__ import annotations

import pytest
from _flow_helpers import ALICE, sample_pdf
from _flow_target import Target

from formify import (
    AuthenticationError,
    BadRequestError,
    Formify,
    NotFoundError,
    PermissionDeniedError,
)

pytestmark = pytest.mark.vcr

MISSING = "00000000-0000-4000-8000-000000000000"


def test_not_found(client: Formify) -> None:
    with pytest.raises(NotFoundError) as missing:
        client.documents.get(MISSING)
    error = missing.value
    assert error.status_code == 404
    assert error.message and error.message in str(error)
    assert error.body  # the server's error envelope is kept


def test_unknown_token_is_refused(target: Target) -> None:
    bad = Formify(access_token="not-a-token-this-api-issued", base_url=target.base_url)
    with bad, pytest.raises(AuthenticationError) as refused:
        bad.user.get()
    assert refused.value.status_code == 401
    assert "not-a-token" not in str(refused.value)  # the credential is not echoed


def test_messages_follow_the_error_language(client: Formify) -> None:
    messages = {}
    for language in ("en", "sv", "es"):
        # the query carries errorLanguage, and replay matches on the query: a client that
        # dropped it would find no recorded answer
        with pytest.raises(NotFoundError) as missing:
            client.documents.get(MISSING, error_language=language)
        messages[language] = missing.value.message
    assert len(set(messages.values())) == 3, messages


def test_wrong_state_is_forbidden(client: Formify) -> None:
    file_id = client.files.upload(sample_pdf(), filename="state.pdf")
    created = client.documents.create(file_id=file_id, signees=[ALICE])
    with pytest.raises(PermissionDeniedError) as denied:
        client.documents.field_values(created.document_id)
    assert denied.value.status_code == 403
    client.documents.revoke(created.document_id)
    with pytest.raises(PermissionDeniedError):
        client.documents.revoke(created.document_id)  # already revoked


def test_server_side_validation(client: Formify) -> None:
    file_id = client.files.upload(sample_pdf(pages=1), filename="one-page.pdf")
    # only the server knows the file has one page
    with pytest.raises(BadRequestError) as bad:
        client.documents.create(
            file_id=file_id,
            signees=[
                {
                    **ALICE,
                    "signature_placement": "existing",
                    "signature_box": {"x": 10, "y": 10, "page": 9},
                }
            ],
        )
    assert bad.value.status_code == 400
    assert bad.value.message
