"""Request and response helpers shared by the emulator's route modules."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from formify.testing._state.errors import ApiError, language

if TYPE_CHECKING:
    from formify.testing._state.context import Context

Handler = Callable[[Request], Awaitable[Response]]


def ctx(request: Request) -> Context:
    """Return the emulator's shared state, attached to the app."""
    found: Context = request.app.state.ctx
    return found


def query_language(request: Request) -> str:
    """Return the errorLanguage query parameter (English when absent or unknown)."""
    return language(request.query_params.get("errorLanguage"))


def error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """Answer with the API's error body: ``{"message": ...}``."""
    return JSONResponse({"message": message}, status_code=status, headers=headers)


def answer(data: Any, status: int = 200) -> Response:
    """Answer with JSON."""
    return JSONResponse(data, status_code=status)


async def json_body(request: Request, kind: type = dict) -> Any:
    """Parse the JSON body; a body of the wrong JSON type is a 400."""
    raw = await request.body()
    try:
        # NaN and Infinity are not JSON; nesting deeper than the parser's stack is refused too
        data = json.loads(raw, parse_constant=_not_json) if raw else None
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, kind):
        raise ApiError(400, "invalid_json", kind="object" if kind is dict else "array")
    return data


def _not_json(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def use_language(request: Request, value: object) -> None:
    """Answer this request's errors in `value` (an errorLanguage read from its body or form)."""
    if value is not None:
        request.state.error_language = language(value)


def request_language(request: Request) -> str:
    """Return the language chosen in the body or form (``use_language``), else the query's."""
    chosen: str | None = getattr(request.state, "error_language", None)
    return chosen or query_language(request)


def api(handler: Handler) -> Handler:
    """Wrap a route: an ApiError becomes the error answer, in the request's error language."""

    async def wrapped(request: Request) -> Response:
        try:
            return await handler(request)
        except ApiError as exc:
            return error(exc.status, exc.message(request_language(request)))

    wrapped.__name__ = handler.__name__
    wrapped.__doc__ = handler.__doc__
    return wrapped
