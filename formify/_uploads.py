r"""PDF upload sources and the streaming multipart body that carries them.

Why not the generated request as is: the generator hard-codes the multipart boundary `+++`,
so a PDF whose bytes contain `\r\n--+++` ends the part early at the server and the file is
silently truncated. `streaming_multipart` rebuilds the generated request kwargs with a random
boundary and a body streamed from disk in chunks; the body can be iterated again, because the
OAuth refresh after a 401 and the retry after a 429 send the same request twice.
"""

from __future__ import annotations

import io
import os
import secrets
import tempfile
from collections.abc import AsyncIterator, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import attrs
import httpx

from formify._constants import MAX_UPLOAD_BYTES, PDF_MAGIC, PDF_MAGIC_WINDOW, UPLOAD_CHUNK_SIZE
from formify._exceptions import ValidationError

__all__ = ["MultipartStream", "PdfSource", "open_pdf", "streaming_multipart"]

FileInput = str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes]
DEFAULT_FILENAME = "document.pdf"
# What file systems allow for one name; the API stores the name, so a longer one is a mistake.
MAX_FILENAME_BYTES = 255


@attrs.frozen
class PdfSource:
    """A checked PDF that can be read from its start any number of times."""

    filename: str
    size: int
    _path: Path | None = None
    _data: bytes | None = None
    _fileobj: IO[bytes] | None = None
    _start: int = 0

    def chunks(self) -> Iterator[bytes]:
        """Yield the PDF's bytes from the start, in chunks of at most 64 KiB."""
        if self._data is not None:
            view = memoryview(self._data)
            for offset in range(0, self.size, UPLOAD_CHUNK_SIZE):
                yield bytes(view[offset : offset + UPLOAD_CHUNK_SIZE])
            return
        if self._path is not None:
            with self._path.open("rb") as handle:
                yield from _read_chunks(handle, self.size)
            return
        assert self._fileobj is not None
        self._fileobj.seek(self._start)
        yield from _read_chunks(self._fileobj, self.size)


def _read_chunks(handle: IO[bytes], size: int) -> Iterator[bytes]:
    remaining = size
    while remaining > 0:
        chunk = handle.read(min(UPLOAD_CHUNK_SIZE, remaining))
        if not chunk:
            break
        remaining -= len(chunk)
        yield chunk


def open_pdf(file: Any, filename: str | None = None) -> PdfSource:
    """Check `file` (path, bytes or binary file object) and return it as a `PdfSource`.

    Refuses, before anything is sent: an empty file, a file over 50 MB, and anything
    without a `%PDF-` header near its start.
    """
    if filename is not None and (not isinstance(filename, str) or not filename.strip()):
        raise ValidationError("filename", "must be a non-empty string when given")
    if filename is not None:
        _check_filename(filename, "filename")
    if isinstance(file, str | os.PathLike):
        path = _path(file)
        try:
            if not path.is_file():
                raise ValidationError("file", f"no such file: {os.fspath(path)!r}")
            size = path.stat().st_size
            with path.open("rb") as handle:
                head = handle.read(PDF_MAGIC_WINDOW)
        except OSError as exc:  # too long a name, no permission, an I/O error, ...
            reason = exc.strerror or type(exc).__name__
            raise ValidationError("file", f"cannot be read: {reason}") from None
        _check(size, head)
        if filename is None:
            _check_filename(path.name, "file")
        return PdfSource(filename or path.name, size, path=path)
    if isinstance(file, bytes | bytearray | memoryview):
        data = bytes(file)
        _check(len(data), data[:PDF_MAGIC_WINDOW])
        return PdfSource(filename or DEFAULT_FILENAME, len(data), data=data)
    if hasattr(file, "read"):
        fileobj = _seekable(file)
        start = fileobj.tell()
        size = fileobj.seek(0, io.SEEK_END) - start
        fileobj.seek(start)
        head = fileobj.read(PDF_MAGIC_WINDOW)
        fileobj.seek(start)
        if isinstance(head, str):
            raise ValidationError("file", "must be opened in binary mode ('rb'), not text mode")
        _check(size, head)
        name = filename or os.path.basename(str(getattr(file, "name", "") or "")) or None
        if filename is None and name is not None:
            _check_filename(name, "file")
        return PdfSource(name or DEFAULT_FILENAME, size, fileobj=fileobj, start=start)
    raise ValidationError("file", "must be a path, bytes, or a binary file object")


def _check_filename(name: str, field: str) -> None:
    """Refuse a file name the multipart body cannot carry, or longer than a file system allows."""
    try:
        size = len(name.encode("utf-8"))
    except UnicodeEncodeError:
        raise ValidationError(
            field, "the file name must be valid text (no lone surrogates)"
        ) from None
    if size > MAX_FILENAME_BYTES:
        raise ValidationError(
            field, f"the file name is {size} bytes; at most {MAX_FILENAME_BYTES} (pass filename=)"
        )


def _path(file: str | os.PathLike[str]) -> Path:
    """Return `file` as a Path with `~` expanded; refuse a path that is no usable string."""
    raw = os.fspath(file)
    if not isinstance(raw, str) or not raw or "\x00" in raw:
        raise ValidationError("file", "a path must be a non-empty str without NUL characters")
    return Path(os.path.expanduser(raw))


def _seekable(file: Any) -> IO[bytes]:
    seekable = getattr(file, "seekable", None)
    if callable(seekable) and seekable():
        return file  # type: ignore[no-any-return]
    # A pipe or socket cannot be rewound for a retry: spool it to disk, checking the size
    # as it arrives so that an endless stream cannot fill the disk.
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the PdfSource)
    total = 0
    while chunk := file.read(UPLOAD_CHUNK_SIZE):
        if isinstance(chunk, str):
            raise ValidationError("file", "must be opened in binary mode ('rb'), not text mode")
        total += len(chunk)
        if total > MAX_UPLOAD_BYTES:
            raise ValidationError("file", f"must be at most {MAX_UPLOAD_BYTES} bytes (50 MB)")
        spool.write(chunk)
    spool.seek(0)
    return spool


def _check(size: int, head: bytes) -> None:
    if size == 0:
        raise ValidationError("file", "must not be empty")
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            "file", f"must be at most {MAX_UPLOAD_BYTES} bytes (50 MB); got {size} bytes"
        )
    if PDF_MAGIC not in head:
        raise ValidationError("file", "must be a PDF (no %PDF- header in its first bytes)")


class MultipartStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A multipart/form-data body of known length that can be sent more than once."""

    def __init__(self, parts: Sequence[tuple[bytes, PdfSource | bytes]], boundary: str) -> None:
        self.boundary = boundary
        self._parts = parts
        self._closing = f"--{boundary}--\r\n".encode()
        self.content_length = len(self._closing) + sum(
            len(head) + (body.size if isinstance(body, PdfSource) else len(body)) + 2
            for head, body in parts
        )

    def __iter__(self) -> Iterator[bytes]:
        for head, body in self._parts:
            yield head
            if isinstance(body, PdfSource):
                yield from body.chunks()
            else:
                yield body
            yield b"\r\n"
        yield self._closing

    async def __aiter__(self) -> AsyncIterator[bytes]:
        # Disk reads of 64 KiB are short enough not to stall the event loop noticeably,
        # and keep the async path free of a thread pool.
        for chunk in self:
            yield chunk


def _part_head(boundary: str, name: str, filename: str | None, content_type: str | None) -> bytes:
    disposition = f'form-data; name="{_quote(name)}"'
    if filename is not None:
        disposition += f'; filename="{_quote(filename)}"'
    lines = [f"--{boundary}", f"Content-Disposition: {disposition}"]
    if content_type:
        lines.append(f"Content-Type: {content_type}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _quote(value: str) -> str:
    # The same escaping as browsers (and httpx) use for form-data parameter values.
    return value.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def streaming_multipart(
    kwargs: dict[str, Any], *, placeholder: object, source: PdfSource
) -> dict[str, Any]:
    """Turn generated request kwargs with `files=` into a streamed body with a random boundary.

    The generated body model was given a `File` whose payload is `placeholder`; that part's
    content is replaced by `source`. Returns new kwargs: `stream` holds the body (see
    `_base_client.build_request`), and the headers carry the boundary and the length.
    """
    boundary = secrets.token_hex(16)
    parts: list[tuple[bytes, PdfSource | bytes]] = []
    for name, (filename, content, content_type) in kwargs["files"]:
        body: PdfSource | bytes
        if content is placeholder:
            body = source
        elif isinstance(content, bytes):
            body = content
        elif isinstance(content, str):
            body = content.encode()
        else:
            body = content.read()
        parts.append((_part_head(boundary, name, filename, content_type), body))
    stream = MultipartStream(parts, boundary)
    new = {key: value for key, value in kwargs.items() if key != "files"}
    headers = dict(new.get("headers") or {})
    headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    headers["Content-Length"] = str(stream.content_length)
    new["headers"] = headers
    new["stream"] = stream
    return new
