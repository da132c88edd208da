"""Uploads: PDF sources, refusal before sending, and the random-boundary streamed multipart."""

import asyncio
import io
import os
import tracemalloc

import httpx
import pytest
from _api_server import Reply, running
from formify_api.api.files import upload_file
from formify_api.models import UploadFileRequest
from formify_api.types import File
from hypothesis import given, settings
from hypothesis import strategies as st

from formify import AsyncFormify, Formify
from formify.errors import ValidationError

UPLOADED = {"fileId": "file-1"}
# A PDF whose bytes contain the generator's boundary line: a fixed-boundary body ends here.
TRICKY_PDF = (
    b"%PDF-1.7\n1 0 obj\n<< >>\nstream\r\n--+++--\r\nnot the end\r\n--+++\r\nendstream\n%%EOF\n"
)


@pytest.fixture
def client(api):
    with Formify("tok", base_url=api.url) as client:
        yield client


def received_file(seen):
    return seen.form()["file"]


def test_pdf_with_the_generator_boundary_inside_arrives_intact(api, client, tmp_path):
    path = tmp_path / "contract.pdf"
    path.write_bytes(TRICKY_PDF)
    api.queue(Reply(201, json=UPLOADED))
    assert client.files.upload(path) == "file-1"
    (seen,) = api.seen
    assert seen.method == "POST" and seen.path == "/v1/files"
    assert received_file(seen) == TRICKY_PDF
    content_type = seen.headers["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    assert "+++" not in content_type
    assert b'filename="contract.pdf"' in seen.body
    assert int(seen.headers["content-length"]) == len(seen.body)


def test_generated_fixed_boundary_corrupts_such_a_pdf(api):
    # What the generated upload_file would send: its `+++` boundary cuts the PDF short.
    body = UploadFileRequest(file=File(payload=io.BytesIO(TRICKY_PDF), file_name="c.pdf"))
    kwargs = upload_file._get_kwargs(body=body)
    assert kwargs["headers"]["Content-Type"] == "multipart/form-data; boundary=+++"
    api.queue(Reply(201, json=UPLOADED))
    with httpx.Client(base_url=api.url) as http:
        http.request(**kwargs)
    received = received_file(api.seen[0])
    assert received != TRICKY_PDF
    assert TRICKY_PDF.startswith(received)  # silently cut short, no error anywhere
    assert len(received) < len(TRICKY_PDF) // 2


def test_two_uploads_use_different_boundaries(api, client):
    api.queue(Reply(201, json=UPLOADED), Reply(201, json=UPLOADED))
    client.files.upload(TRICKY_PDF)
    client.files.upload(TRICKY_PDF)
    first, second = (s.headers["content-type"] for s in api.seen)
    assert first != second


def test_error_language_is_sent_as_a_form_field(api, tmp_path):
    api.queue(Reply(201, json=UPLOADED), Reply(201, json=UPLOADED))
    with Formify("tok", base_url=api.url, error_language="sv") as client:
        client.files.upload(TRICKY_PDF)
        client.files.upload(TRICKY_PDF, error_language="es")
    assert api.seen[0].form()["errorLanguage"] == b"sv"
    assert api.seen[1].form()["errorLanguage"] == b"es"


def test_bytes_get_a_default_filename(api, client):
    api.queue(Reply(201, json=UPLOADED))
    client.files.upload(TRICKY_PDF)
    assert b'filename="document.pdf"' in api.seen[0].body
    assert b"Content-Type: application/pdf" in api.seen[0].body


def test_binary_file_object_is_read_from_its_current_position(api, client):
    handle = io.BytesIO(b"junk" + TRICKY_PDF)
    handle.seek(4)
    api.queue(Reply(201, json=UPLOADED))
    client.files.upload(handle, filename="x.pdf")
    assert received_file(api.seen[0]) == TRICKY_PDF


def test_non_seekable_stream_is_spooled_and_sent(api, client):
    class Pipe(io.RawIOBase):
        def __init__(self, data):
            self._data = io.BytesIO(data)

        def readable(self):
            return True

        def seekable(self):
            return False

        def readinto(self, buffer):
            chunk = self._data.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    api.queue(Reply(201, json=UPLOADED))
    client.files.upload(Pipe(TRICKY_PDF))
    assert received_file(api.seen[0]) == TRICKY_PDF


def test_body_is_sent_again_identically_after_a_429(api, client, tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(TRICKY_PDF * 1000)
    client._sleep = lambda seconds: None
    api.queue(Reply(429, headers={"X-RateLimit-Reset": "0"}), Reply(201, json=UPLOADED))
    assert client.files.upload(path) == "file-1"
    first, second = api.seen
    assert first.body == second.body
    assert received_file(second) == TRICKY_PDF * 1000


@pytest.mark.parametrize(
    ("content", "rule"),
    [
        (b"", "must not be empty"),
        (b"PK\x03\x04 a zip file", "must be a PDF"),
        (b"<html>%PDF-</html>"[:4], "must be a PDF"),
    ],
)
def test_bad_files_are_refused_before_sending(api, client, tmp_path, content, rule):
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    for source in (path, content, io.BytesIO(content)):
        with pytest.raises(ValidationError) as info:
            client.files.upload(source)
        assert info.value.field == "file" and rule in info.value.rule
    assert api.seen == []


def test_files_over_50_mb_are_refused_before_sending(api, client, tmp_path):
    path = tmp_path / "big.pdf"
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(52_428_801)  # sparse: no 50 MB written to disk
    with pytest.raises(ValidationError) as info:
        client.files.upload(path)
    assert info.value.field == "file" and "52428800" in info.value.rule
    assert api.seen == []


def test_text_mode_file_and_missing_path_are_refused(api, client, tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(TRICKY_PDF)
    with path.open("r") as text, pytest.raises(ValidationError, match="binary mode"):
        client.files.upload(text)
    with pytest.raises(ValidationError, match="no such file"):
        client.files.upload(tmp_path / "missing.pdf")
    with pytest.raises(ValidationError, match="must be a path"):
        client.files.upload(12345)
    assert api.seen == []


def test_a_50_mb_upload_from_a_path_is_streamed_not_buffered(api, client, tmp_path):
    path = tmp_path / "large.pdf"
    size = 52_428_800
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.write(os.urandom(1 << 20))
        handle.truncate(size)
    api.keep_bodies = False
    api.queue(Reply(201, json=UPLOADED))
    tracemalloc.start()
    try:
        assert client.files.upload(path) == "file-1"
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert api.seen[0].size > size
    print(f"peak traced memory during a 50 MB upload: {peak} bytes")
    assert peak < 5 * 1024 * 1024, f"peak {peak} bytes"


@pytest.mark.anyio
async def test_async_upload_arrives_intact(api, tmp_path):
    path = tmp_path / "contract.pdf"
    path.write_bytes(TRICKY_PDF)
    api.queue(Reply(429, headers={"X-RateLimit-Reset": "0"}), Reply(201, json=UPLOADED))
    async with AsyncFormify("tok", base_url=api.url) as client:
        assert await client.files.upload(path) == "file-1"
    assert received_file(api.seen[1]) == TRICKY_PDF
    assert api.seen[0].body == api.seen[1].body


def test_streamed_body_survives_an_auth_flow_that_resends_after_401(api, tmp_path):
    # The OAuth refresh-after-401 re-sends the same request object through httpx's auth flow.
    from formify._base_client import build_request
    from formify._uploads import open_pdf, streaming_multipart

    class ResendOn401(httpx.Auth):
        def auth_flow(self, request):
            request.headers["Authorization"] = "Bearer old"
            response = yield request
            if response.status_code == 401:
                request.headers["Authorization"] = "Bearer new"
                yield request

    path = tmp_path / "a.pdf"
    path.write_bytes(TRICKY_PDF)
    placeholder = io.BytesIO()
    body = UploadFileRequest(file=File(payload=placeholder, file_name="a.pdf"))
    kwargs = streaming_multipart(
        upload_file._get_kwargs(body=body), placeholder=placeholder, source=open_pdf(path)
    )
    api.queue(Reply(401), Reply(201, json=UPLOADED))
    with httpx.Client(base_url=api.url, auth=ResendOn401()) as http:
        assert http.send(build_request(http, kwargs)).status_code == 201
    first, second = api.seen
    assert second.headers["authorization"] == "Bearer new"
    assert first.body == second.body and received_file(second) == TRICKY_PDF


@pytest.fixture(scope="module")
def shared_api():
    yield from running()


@settings(max_examples=40, deadline=None)
@given(
    tail=st.binary(max_size=4096),
    boundaries=st.lists(st.sampled_from([b"\r\n--+++", b"\r\n--", b"--+++--\r\n", b"\r\n\r\n"])),
)
def test_any_pdf_bytes_arrive_identical(shared_api, tail, boundaries):
    content = b"%PDF-1.4\n" + b"".join(boundaries) + tail
    shared_api.seen.clear()
    shared_api.queue(Reply(201, json=UPLOADED))
    with Formify("tok", base_url=shared_api.url) as client:
        client.files.upload(content)
    assert received_file(shared_api.seen[0]) == content


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_tilde_in_an_upload_path_is_the_home_directory(api, tmp_path, monkeypatch, is_async):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "contract.pdf").write_bytes(TRICKY_PDF)
    api.queue(Reply(201, json=UPLOADED))
    if is_async:

        async def main() -> str:
            async with AsyncFormify("tok", base_url=api.url) as aclient:
                return await aclient.files.upload("~/contract.pdf")

        assert asyncio.run(main()) == "file-1"
    else:
        with Formify("tok", base_url=api.url) as client:
            assert client.files.upload("~/contract.pdf") == "file-1"
    assert received_file(api.seen[0]) == TRICKY_PDF


@pytest.mark.parametrize(
    ("file", "filename", "field", "words"),
    [
        ("x" * 300 + ".pdf", None, "file", "cannot be read: File name too long"),
        (TRICKY_PDF, "n" * 256, "filename", "at most 255"),
        (TRICKY_PDF, "bad\ud800.pdf", "filename", "valid text"),
        ("a\x00b.pdf", None, "file", "NUL"),
    ],
    ids=["long-path", "long-filename", "surrogate-filename", "nul-in-path"],
)
@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_unusable_paths_and_names_are_a_validation_error(
    api, file, filename, field, words, is_async
):
    if is_async:

        async def main() -> None:
            async with AsyncFormify("tok", base_url=api.url) as aclient:
                await aclient.files.upload(file, filename)

        with pytest.raises(ValidationError) as info:
            asyncio.run(main())
    else:
        with Formify("tok", base_url=api.url) as client, pytest.raises(ValidationError) as info:
            client.files.upload(file, filename)
    assert info.value.field == field and words in info.value.rule
    assert api.seen == []
