"""Recorded flows over templates, the account's users and the authenticated user."""

from __future__ import annotations

import pytest
from _flow_helpers import ALICE

from formify import Formify, NotFoundError

pytestmark = pytest.mark.vcr


def test_user_and_account_users(client: Formify) -> None:
    user = client.user.get()
    assert user.user_id and "@" in user.email_address
    members = client.account.users().users
    assert user.user_id in [member.user_id for member in members]
    assert {str(member.status) for member in members} <= {"active", "invited", "inactive"}


def test_templates_list_get_fields_and_create_from_template(client: Formify) -> None:
    templates = list(client.templates.list(page_size=1))
    assert templates, "the account has at least one template"
    summary = templates[0]

    template = client.templates.get(summary.template_id)
    assert (template.template_id, template.name) == (summary.template_id, summary.name)

    fields = client.templates.fields(summary.template_id)
    assert all(field.name for field in fields)

    created = client.documents.create(template_id=summary.template_id, signees=[ALICE])
    doc = client.documents.get(created.document_id)
    assert doc.template_id == summary.template_id
    assert [s.email_address for s in doc.signee_details] == [ALICE["email_address"]]
    client.documents.revoke(created.document_id)


def test_unknown_template(client: Formify) -> None:
    with pytest.raises(NotFoundError):
        client.templates.get("00000000-0000-4000-8000-000000000000")
