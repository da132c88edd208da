"""``formify templates list|show``: the account's document templates."""

from __future__ import annotations

import typer

from formify.cli._output import Output, present, text_of
from formify.cli._session import call, client, settings_of

group = typer.Typer(help="List and show templates.")


@group.command("list")
def list_(
    ctx: typer.Context, limit: int = typer.Option(50, min=1, help="At most this many.")
) -> None:
    """List templates."""
    out, rows = call(
        ctx, lambda api: list(api.templates.list(page_size=min(limit, 100), max_items=limit))
    )
    out.table(rows, "template_id name created_at", empty="no templates")


@group.command("show")
def show(
    ctx: typer.Context,
    template_id: str = typer.Argument(..., help="The template ID.", show_default=False),
) -> None:
    """Show a template, its signees and its form fields."""
    settings = settings_of(ctx)
    with client(settings) as api:
        template = api.templates.get(template_id)
        form_fields = api.templates.fields(template_id)
    data = {**template.to_dict(), "fields": [f.to_dict() for f in form_fields]}

    def text() -> None:
        print(f"{template.template_id}  {text_of(template.name)}")
        for s in present(template.signee_details) or []:
            contact = present(s.email_address) or present(s.phone_number) or "-"
            print(f"  signee {text_of(s.full_name)} <{contact}>")
        for f in form_fields:
            print(f"  field {text_of(f.name)} ({text_of(f.type_)})")

    Output(settings).result(data, text)


def register(app: typer.Typer) -> None:
    """Add ``templates``."""
    app.add_typer(group, name="templates")
