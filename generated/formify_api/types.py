"""Contains some shared types for properties"""

from collections.abc import Mapping, MutableMapping
from http import HTTPStatus
from types import NoneType
from typing import IO, TYPE_CHECKING, BinaryIO, Final, Generic, TypeAlias, TypeVar

# formify custom template: a member the API left out reads as None, not as a sentinel object, so
# users' typed code needs no isinstance check on a private class and reprs show `None`. `Unset`
# stays as a name for the generated code: to a type checker it is None, at run time NoneType
# (so the generated `isinstance(x, Unset)` checks still work), and `UNSET` is None. Requests
# still leave out a member that is None (`if x is not UNSET`), never sending null for it.
if TYPE_CHECKING:
    Unset: TypeAlias = None
else:
    Unset = NoneType

UNSET: Final = None

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


# formify custom template: File and Response are plain classes with the methods attrs would
# generate (__init__, __repr__, __eq__, slots, unhashable). attrs builds a class's methods with
# compile() at import, ~1 ms each, paid by the first call of every program; these come from
# the .pyc.
class File:
    """Contains information for file uploads"""

    __slots__ = ("payload", "file_name", "mime_type")
    __hash__ = None  # type: ignore[assignment]

    def __init__(
        self, payload: BinaryIO, file_name: str | None = None, mime_type: str | None = None
    ) -> None:
        self.payload = payload
        self.file_name = file_name
        self.mime_type = mime_type

    def __repr__(self) -> str:
        return (
            f"File(payload={self.payload!r}, file_name={self.file_name!r}, "
            f"mime_type={self.mime_type!r})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, File):
            return NotImplemented
        mine = (self.payload, self.file_name, self.mime_type)
        return mine == (other.payload, other.file_name, other.mime_type)

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


class Response(Generic[T]):
    """A response from an endpoint"""

    __slots__ = ("status_code", "content", "headers", "parsed")
    __hash__ = None  # type: ignore[assignment]

    def __init__(
        self,
        status_code: HTTPStatus,
        content: bytes,
        headers: MutableMapping[str, str],
        parsed: T | None,
    ) -> None:
        self.status_code = status_code
        self.content = content
        self.headers = headers
        self.parsed = parsed

    def __repr__(self) -> str:
        return (
            f"Response(status_code={self.status_code!r}, content={self.content!r}, "
            f"headers={self.headers!r}, parsed={self.parsed!r})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Response):
            return NotImplemented
        mine = (self.status_code, self.content, self.headers, self.parsed)
        return mine == (other.status_code, other.content, other.headers, other.parsed)


__all__ = ["UNSET", "File", "FileTypes", "RequestFiles", "Response", "Unset"]
