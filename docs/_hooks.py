"""MkDocs hooks: put formify's version (formify.__version__) in the site name and the pages."""

from __future__ import annotations

from typing import Any

from formify import __version__


def on_config(config: Any, **kwargs: Any) -> Any:
    """Name the site after the version it documents."""
    config["site_name"] = f"formify {__version__}"
    return config


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """Replace `{{ version }}` in a page with the version."""
    return markdown.replace("{{ version }}", __version__)
