"""``formify files upload|merge|delete|fields``: the PDFs documents are made from."""

from __future__ import annotations

from pathlib import Path

import typer

from formify.cli._session import call

group = typer.Typer(help="Upload, merge and delete PDFs; list their form fields.")
_ID = typer.Argument(..., help="The file ID.", show_default=False)


@group.command("upload")
def upload(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="The PDF.", show_default=False),
    name: str | None = typer.Option(None, help="File name to give it (default: PATH's)."),
) -> None:
    """Upload a PDF; print its file ID."""
    out, file_id = call(ctx, lambda api: api.files.upload(path, filename=name))
    out.result({"fileId": file_id}, file_id)


@group.command("merge")
def merge(
    ctx: typer.Context,
    file_ids: list[str] = typer.Argument(..., help="2 to 8 file IDs, in order."),
    name: str = typer.Option(..., help="Name of the merged file."),
) -> None:
    """Merge uploaded files, in order, into a new one; print its file ID."""
    out, file_id = call(ctx, lambda api: api.files.merge(list(file_ids), name=name))
    out.result({"fileId": file_id}, file_id)


@group.command("delete")
def delete(ctx: typer.Context, file_id: str = _ID) -> None:
    """Delete an uploaded file."""
    out, _ = call(ctx, lambda api: api.files.delete(file_id))
    out.result({"fileId": file_id, "deleted": True}, f"Deleted {file_id}")


@group.command("fields")
def fields(ctx: typer.Context, file_id: str = _ID) -> None:
    """List a file's form fields."""
    out, found = call(ctx, lambda api: api.files.fields(file_id))
    out.table(found, "field_id name type_ required", empty="no form fields")


def register(app: typer.Typer) -> None:
    """Add ``files``."""
    app.add_typer(group, name="files")
