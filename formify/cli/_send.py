"""``formify send FILE --signee "Name <email>" ...``: upload a PDF and ask people to sign it.

``--template ID`` sends a template instead of a file.
"""

from __future__ import annotations

import re
from pathlib import Path

import typer

from formify.cli._errors import UsageError
from formify.cli._output import Output, present
from formify.cli._session import client, settings_of
from formify.types import Language, SignaturePlacement, SigneeParam

# "Ada Lovelace <ada@example.com>" or "Ada <+46701234567>" (a phone number gets an SMS)
_SIGNEE = re.compile(r"^\s*(?P<name>[^<>]+?)\s*<\s*(?P<contact>[^<>\s]+)\s*>\s*$")


def parse_signee(text: str, placement: SignaturePlacement) -> SigneeParam:
    """Turn ``Name <email or +phone>`` into the library's signee dict."""
    match = _SIGNEE.match(text)
    if match is None:
        raise UsageError(f"--signee: {text!r} is not 'Full Name <email>' (or '<+phone>')")
    contact = match["contact"]
    signee: SigneeParam = {"full_name": match["name"], "signature_placement": placement}
    if contact.startswith("+"):
        signee["phone_number"] = contact
    elif "@" in contact:
        signee["email_address"] = contact
    else:
        raise UsageError(f"--signee: {contact!r} is neither an email address nor a +phone number")
    return signee


def send(
    ctx: typer.Context,
    file: Path | None = typer.Argument(
        None, help="The PDF to send (or give --template).", show_default=False
    ),
    signee: list[str] = typer.Option(
        [], "--signee", "-s", help='A signee, "Full Name <email>"; repeat for more.'
    ),
    template: str | None = typer.Option(None, "--template", help="Send this template instead."),
    name: str | None = typer.Option(None, help="Document name (default: the file's name)."),
    order: bool = typer.Option(False, "--order", help="Signees sign in the order given."),
    placement: SignaturePlacement = typer.Option("new_page", help="Where signatures go."),
    language: Language | None = typer.Option(None, help="Language of invitation and signing."),
) -> None:
    """Upload FILE and send it to the signees; print the document's ID and URL."""
    settings = settings_of(ctx)
    if (file is None) == (template is None):
        raise UsageError("give a FILE to send or --template ID (one of the two)")
    if not signee:
        raise UsageError("--signee is required (at least one, 'Full Name <email>')")
    signees = [parse_signee(s, placement) for s in signee]
    with client(settings) as api:
        file_id = api.files.upload(file) if file is not None else None
        created = api.documents.create(
            signees=signees,
            file_id=file_id,
            template_id=template,
            name=name or (file.stem if file is not None else None),
            enable_signing_order=order or None,
            language=language,
        )
    data = created.to_dict()
    if file_id is not None:
        data["fileId"] = file_id
    url = present(created.document_url)
    who = "1 signee" if len(signees) == 1 else f"{len(signees)} signees"
    text = f"Sent {present(created.name) or 'the document'!r} to {who}: {created.document_id}"
    Output(settings).result(data, f"{text}\n{url}" if url else text)


def register(app: typer.Typer) -> None:
    """Add ``send``."""
    app.command("send")(send)
