"""A large JSON answer (`POST /api/query`'s rows, up to QUERY_MAX_RESULT_MB) encoded
outside the hub, a small piece at a time.

Flask encodes a view's dict on the hub's thread in one call of the C encoder, which holds
the GIL throughout: 60 MB of rows took 0.4-0.6 s, during which nothing else in the
worker ran, and three such answers at once stalled `/api/health` for 2.8-5.2 s
(bench/bench_row3_huge_values.py). Here the rows are encoded in a native thread, row
by row, and a row bigger than `PIECE_CHARS` value by value with long strings in slices:
no single call holds the GIL for more than a piece, so the hub gets it back between
pieces (gunicorn_conf sets a 1 ms switch interval).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from flask import Response, current_app
from marshmallow import Schema

from datapulse.data.engine import row_json_bytes
from datapulse.runtime import offload

PIECE_CHARS = 256 * 1024  # characters encoded in one call (about a millisecond of GIL)
CHUNK_BYTES = 1024 * 1024  # the answer's chunks
Dumps = Callable[[Any], str]


def rows_response(document: dict[str, Any], schema: Schema, rows_key: str = "rows") -> Response:
    """`document` dumped by `schema` (as the view's output decorator would) and encoded,
    both in a native thread, its list under `rows_key` in pieces (that list comes last;
    the other keys in Flask's order)."""
    provider = current_app.json

    def dumps(value: Any) -> str:
        return provider.dumps(value, separators=(",", ":"))

    def build() -> list[bytes]:
        return encode(schema.dump(document), dumps, rows_key)

    # A list of chunks: werkzeug sets Content-Length from it, and the answer never exists
    # a second time whole (as one text, then as its bytes).
    return Response(offload(build), mimetype="application/json")


def encode(document: dict[str, Any], dumps: Dumps, rows_key: str = "rows") -> list[bytes]:
    """The JSON of `document` (its `rows_key` list last, encoded in pieces) as UTF-8
    chunks of about CHUNK_BYTES."""
    rows = document.get(rows_key) or []
    head = dumps({key: value for key, value in document.items() if key != rows_key})
    chunks: list[bytes] = []
    pending: list[str] = [head[:-1], "," if len(head) > 2 else "", dumps(rows_key), ":["]
    size = 0
    for index, row in enumerate(rows):
        if index:
            pending.append(",")
        for piece in value_pieces(row, dumps):
            pending.append(piece)
            size += len(piece)
            if size >= CHUNK_BYTES:
                chunks.append("".join(pending).encode())
                pending, size = [], 0
    pending.append("]}")
    chunks.append("".join(pending).encode())
    return chunks


def value_pieces(value: Any, dumps: Dumps) -> Iterator[str]:
    """The JSON of a value (a row, a cell) in pieces of at most about PIECE_CHARS."""
    if isinstance(value, str):
        if len(value) <= PIECE_CHARS:
            yield dumps(value)
            return
        yield '"'
        for start in range(0, len(value), PIECE_CHARS):
            yield dumps(value[start : start + PIECE_CHARS])[1:-1]  # escapes are per character
        yield '"'
    elif isinstance(value, (list, tuple)) and row_json_bytes(tuple(value)) > PIECE_CHARS:
        yield "["
        for index, item in enumerate(value):
            if index:
                yield ","
            yield from value_pieces(item, dumps)
        yield "]"
    else:
        yield dumps(value)
