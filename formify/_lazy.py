"""Client attributes whose module is imported on first use, so `import formify` stays cheap.

`documents: lazy_resource[Documents] = lazy_resource("documents", "Documents")` on a client
class (the module named within `formify.resources`): the first `client.documents` imports
that module (and, through it, the generated endpoints and models it needs), builds
`Documents(client)` and caches it on the instance; type checkers see a `Documents`. The same
idea as openai-python's lazy resources.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any, Generic, TypeVar, overload

R = TypeVar("R")

__all__ = ["lazy_resource"]


class lazy_resource(Generic[R]):  # lower case: used in class bodies like `property`
    """A non-data descriptor: the resource is made once per client, on first access."""

    def __init__(self, module: str, name: str) -> None:
        self._module = f"formify.resources.{module}"
        self._name = name
        self._attr = name

    def __set_name__(self, owner: type, attr: str) -> None:
        self._attr = attr

    @overload
    def __get__(self, obj: None, owner: type) -> lazy_resource[R]: ...
    @overload
    def __get__(self, obj: object, owner: type) -> R: ...
    def __get__(self, obj: object | None, owner: type) -> lazy_resource[R] | R:
        if obj is None:
            return self
        resource: Any = getattr(import_module(self._module), self._name)(obj)
        obj.__dict__[self._attr] = resource  # later lookups find it before this descriptor
        return resource  # type: ignore[no-any-return]
