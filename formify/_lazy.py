"""What is imported on first use, so `import formify` and a first call stay cheap.

`documents: lazy_resource[Documents] = lazy_resource("documents", "Documents")` on a client
class (the module named within `formify.resources`): the first `client.documents` imports
that module (and, through it, the generated endpoints and models it needs), builds
`Documents(client)` and caches it on the instance; type checkers see a `Documents`. The same
idea as openai-python's lazy resources.

`docs = lazy_endpoints("docs")` in a resource module, then `Call(docs.get_document, ...)`:
the generated endpoint module `formify_api.api.docs.get_document` (and the models it
parses) is imported when a call first uses it, so the first `client.documents.get(...)`
loads that endpoint only, not the resource's twelve.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any, Generic, TypeVar, overload

R = TypeVar("R")

__all__ = ["lazy_endpoint", "lazy_endpoints", "lazy_resource"]


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


class lazy_endpoint:  # lower case: it stands in for a module, named like one
    """A generated endpoint module, imported on the first request built or parsed with it.

    It is a `formify._call.Endpoint`: the two functions the clients use are the module's own
    once loaded (set on the instance, where later lookups find them first).
    """

    def __init__(self, name: str) -> None:
        self.module = f"formify_api.api.{name}"

    def _load(self) -> Any:
        module = import_module(self.module)
        self.__dict__["_get_kwargs"] = module._get_kwargs
        self.__dict__["_build_response"] = module._build_response
        return module

    def _get_kwargs(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        built: dict[str, Any] = self._load()._get_kwargs(*args, **kwargs)
        return built

    def _build_response(self, *, client: Any, response: Any) -> Any:
        return self._load()._build_response(client=client, response=response)

    def __repr__(self) -> str:
        return f"<lazy endpoint {self.module}>"


class lazy_endpoints:  # lower case: it stands in for a package of modules
    """The endpoint modules of one tag (`formify_api.api.<tag>`), each a `lazy_endpoint`."""

    def __init__(self, tag: str) -> None:
        self.tag = tag

    def __getattr__(self, name: str) -> lazy_endpoint:
        if name.startswith("__"):  # copy, pickle and the like probe for dunders
            raise AttributeError(name)
        endpoint = lazy_endpoint(f"{self.tag}.{name}")
        setattr(self, name, endpoint)
        return endpoint
