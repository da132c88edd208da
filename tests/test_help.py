"""help() guides: the clients' docstrings list their resources, a resource's help() shows only
its public methods, and the signee keys are documented on the typed inputs."""

from __future__ import annotations

import pydoc
import re

import pytest

from formify import AsyncFormify, Formify, types

RESOURCES = ("files", "documents", "templates", "webhooks", "user", "account")


@pytest.mark.parametrize("cls", [Formify, AsyncFormify])
def test_client_help_lists_every_resource(cls):
    text = pydoc.render_doc(cls, renderer=pydoc.plaintext)
    for name in RESOURCES:
        assert f"client.{name}" in text, name


@pytest.mark.parametrize("cls", [Formify, AsyncFormify])
@pytest.mark.parametrize("resource", RESOURCES)
def test_resource_help_shows_only_public_methods(cls, resource):
    client = cls("tok", base_url="http://127.0.0.1:9/v1")
    text = pydoc.render_doc(type(getattr(client, resource)), renderer=pydoc.plaintext)
    listed = re.findall(r"^ \|  (\w+)\(", text, flags=re.MULTILINE)
    assert listed, text
    private = [name for name in listed if name.startswith("_") and not name.startswith("__")]
    assert private == [], private


def test_signee_keys_are_in_help_of_the_typed_input():
    text = pydoc.render_doc(types.SigneeParam, renderer=pydoc.plaintext)
    for key in ("full_name", "email_address", "signing_order", "signature_box", "id_scan_box"):
        assert key in text
    create = type(Formify("tok").documents).create.__doc__ or ""
    assert "formify.types.SigneeParam" in create  # where help(client.documents.create) looks
