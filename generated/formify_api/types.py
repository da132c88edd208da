"""Contains some shared types for properties"""

from collections.abc import Mapping, MutableMapping
from http import HTTPStatus
from types import NoneType
from typing import IO, TYPE_CHECKING, BinaryIO, Final, Generic, TypeAlias, TypeVar

from attrs import define

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


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@define
class Response(Generic[T]):
    """A response from an endpoint"""

    status_code: HTTPStatus
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


__all__ = ["UNSET", "File", "FileTypes", "RequestFiles", "Response", "Unset"]
