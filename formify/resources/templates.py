"""`client.templates`: list and inspect pre-configured document templates."""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING

from formify_api.api.templates import get_template, get_template_fields, list_templates
from formify_api.models import FormField, Template, TemplateList, TemplateSummary

from formify._base_client import Call
from formify._validation import check_id, check_paging
from formify.pagination import AsyncPager, SyncPager
from formify.resources._base import C, Resource

if TYPE_CHECKING:
    # used in the string subscripts of the base classes below
    from formify._client import AsyncFormify, Formify  # noqa: F401

__all__ = ["AsyncTemplates", "Templates"]


def _templates(page: TemplateList) -> builtins.list[TemplateSummary]:
    return page.templates


def _next_offset(page: TemplateList) -> int | None:
    return page.next_offset if isinstance(page.next_offset, int) else None


class _TemplateCalls(Resource[C]):
    def _page(self, offset: int, limit: int, error_language: str | None) -> Call[TemplateList]:
        kwargs = {
            "limit": limit,
            "offset": offset,
            "error_language": self._error_language(error_language),
        }
        return Call[TemplateList](list_templates, kwargs=kwargs)

    def _get(self, template_id: str) -> Call[Template]:
        check_id(template_id, "template_id")
        return Call[Template](get_template, (template_id,))

    def _fields(self, template_id: str) -> Call[builtins.list[FormField]]:
        check_id(template_id, "template_id")
        return Call[builtins.list[FormField]](get_template_fields, (template_id,))

    def _list_args(
        self, page_size: int, offset: int, max_items: int | None, lang: str | None
    ) -> None:
        check_paging(page_size, offset, max_items)
        self._client._language(lang)


class Templates(_TemplateCalls["Formify"]):
    """Document templates (sync)."""

    def list(
        self,
        page_size: int = 50,
        max_items: int | None = None,
        *,
        offset: int = 0,
        error_language: str | None = None,
    ) -> SyncPager[TemplateList, TemplateSummary]:
        """Iterate over every template, fetching `page_size` at a time; `.pages()` for pages."""
        self._list_args(page_size, offset, max_items, error_language)

        def fetch_page(page_offset: int, limit: int) -> TemplateList:
            return self._client._call(self._page(page_offset, limit, error_language))

        return SyncPager(
            fetch_page,
            items_of=_templates,
            next_offset_of=_next_offset,
            page_size=page_size,
            offset=offset,
            max_items=max_items,
        )

    def get(self, template_id: str) -> Template:
        """Return a template's details and its signees."""
        return self._client._call(self._get(template_id))

    def fields(self, template_id: str) -> builtins.list[FormField]:
        """Return the form fields of a template."""
        return self._client._call(self._fields(template_id))


class AsyncTemplates(_TemplateCalls["AsyncFormify"]):
    """Document templates (async)."""

    def list(
        self,
        page_size: int = 50,
        max_items: int | None = None,
        *,
        offset: int = 0,
        error_language: str | None = None,
    ) -> AsyncPager[TemplateList, TemplateSummary]:
        """Iterate (`async for`) over every template; `.pages()` for pages."""
        self._list_args(page_size, offset, max_items, error_language)

        async def fetch_page(page_offset: int, limit: int) -> TemplateList:
            return await self._client._call(self._page(page_offset, limit, error_language))

        return AsyncPager(
            fetch_page,
            items_of=_templates,
            next_offset_of=_next_offset,
            page_size=page_size,
            offset=offset,
            max_items=max_items,
        )

    async def get(self, template_id: str) -> Template:
        """Return a template's details and its signees."""
        return await self._client._call(self._get(template_id))

    async def fields(self, template_id: str) -> builtins.list[FormField]:
        """Return the form fields of a template."""
        return await self._client._call(self._fields(template_id))
