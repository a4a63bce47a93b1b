"""The streaming multipart reader: same parts and bytes whatever the chunking, and a
clear MalformedMultipart for bodies that are not multipart."""

from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from datapulse.files.multipart import MalformedMultipart, MultipartReader, Part


def _read(boundary: bytes, body: bytes, size: int) -> list[list]:
    reader, parts = MultipartReader(boundary), []
    for i in range(0, len(body), size):
        for event in reader.feed(body[i : i + size]):
            if isinstance(event, Part):
                parts.append([event.name, event.filename, b""])
            else:
                parts[-1][2] += bytes(event)
    assert reader.complete
    return parts


def test_parts_survive_every_chunking():
    """Chunks of 1 byte up to the whole body give the same parts, bytes that look like a boundary included."""
    tricky = b"a,b\r\n1,2\r\n--x\r\n\r\n--" + b"z" * 5000
    files = [("file", FileStorage(io.BytesIO(tricky), "x.csv")), ("file", FileStorage(io.BytesIO(b""), "e.csv"))]
    boundary, body = encode_multipart(MultiDict([*files, ("note", "hi")]))
    expected = [["file", "x.csv", tricky], ["file", "e.csv", b""], ["note", None, b"hi"]]
    for size in (1, 2, 3, 7, 64, 4096, len(body)):
        assert _read(boundary.encode(), body, size) == expected, size


def test_rfc_framing_with_empty_and_quoted_names():
    """CRLF-framed parts (as browsers and requests send them), RFC 2231 names and empty bodies."""
    body = (
        b"preamble\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; filename*=UTF-8''caf%C3%A9.csv\r\n\r\n"
        b'\r\n--B\r\ncontent-disposition: form-data; name="file"; filename="a \\"q\\".csv"\r\n\r\n'
        b"x\r\n--B--\r\nepilogue"
    )
    assert _read(b"B", body, 5) == [["file", "café.csv", b""], ["file", 'a "q".csv', b"x"]]


@pytest.mark.parametrize(
    "body",
    [
        b"x" * (2 * 1024 * 1024),
        b"--B\r\n\r\nno headers\r\n--B--\r\n",
        b"--B junk\r\n",
        b'--B\r\nContent-Disposition: form-data; name="f"\r\n' + b"X-Pad: y\r\n" * 4000,
    ],
    ids=["no boundary", "no disposition", "junk after boundary", "endless headers"],
)
def test_malformed_bodies_are_refused(body):
    """A body that is not multipart raises MalformedMultipart instead of buffering forever."""
    reader = MultipartReader(b"B")
    with pytest.raises(MalformedMultipart):
        for i in range(0, len(body), 65536):
            list(reader.feed(body[i : i + 65536]))
