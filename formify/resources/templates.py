"""`client.templates`: list and inspect pre-configured document templates."""

from __future__ import annotations

import builtins
from typing import TypeAlias

from formify_api.models import FormField, Template, TemplateList, TemplateSummary

from formify._call import Call
from formify._lazy import lazy_endpoints
from formify._validation import check_id
from formify.resources._base import M, Resource
from formify.resources._method import Async, Paged, api_method, paged_method

__all__ = ["AsyncTemplates", "Templates"]

# The generated endpoints, each module imported when a call first uses it (`_lazy`).
templates = lazy_endpoints("templates")


def _templates(page: TemplateList) -> builtins.list[TemplateSummary]:
    return page.templates


class Templates(Resource[M]):
    """Document templates; the methods are stated once for every mode (see `_method`)."""

    @paged_method
    def list(
        self,
        page_size: int = 50,
        max_items: int | None = None,
        *,
        offset: int = 0,
        error_language: str | None = None,
    ) -> Paged[TemplateList, TemplateSummary]:
        """Iterate over every template, fetching `page_size` at a time; `.pages()` for pages.

        On `AsyncFormify`, iterate with `async for`.
        """
        return self._offset_list(
            templates.list_templates,
            items_of=_templates,
            page_size=page_size,
            max_items=max_items,
            offset=offset,
            error_language=error_language,
        )

    @api_method
    def get(self, template_id: str) -> Call[Template]:
        """Return a template's details and its signees."""
        check_id(template_id, "template_id")
        return Call(templates.get_template, (template_id,))

    @api_method
    def fields(self, template_id: str) -> Call[builtins.list[FormField]]:
        """Return the form fields of a template."""
        check_id(template_id, "template_id")
        return Call(templates.get_template_fields, (template_id,))


# `client.templates` is a `Templates[Sync]`; the async client's, by its old name:
AsyncTemplates: TypeAlias = "Templates[Async]"
