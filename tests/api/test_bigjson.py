"""The query answer's encoder (datapulse.api.bigjson): the same JSON as one `json.dumps`,
and no single encoding call larger than a piece (each call holds the GIL throughout)."""

from __future__ import annotations

import json
from typing import Any

from datapulse.api import bigjson


def test_pieces_make_the_same_json_and_each_call_is_small() -> None:
    big = "x" * (3 * bigjson.PIECE_CHARS + 7)
    tricky = ('"\\\n\u00e9\U0001f600' * (bigjson.PIECE_CHARS // 3))[: 2 * bigjson.PIECE_CHARS + 1]
    document = {
        "columns": ["a", "b", "c"],
        "rows": [[1, None, "s"], [big, 2.5, tricky], ["y" * 100, [big], True]],
        "truncated": True,
    }
    calls: list[int] = []

    def dumps(value: Any) -> str:
        text = json.dumps(value, separators=(",", ":"))
        calls.append(len(text))
        return text

    chunks = bigjson.encode(document, dumps)
    assert json.loads(b"".join(chunks)) == document
    assert len(chunks) > 1 and max(len(c) for c in chunks) < bigjson.CHUNK_BYTES + 7 * bigjson.PIECE_CHARS
    assert max(calls) <= 6 * bigjson.PIECE_CHARS + 2  # one slice, each character escaped at its widest
    assert sum(size > bigjson.PIECE_CHARS + 2 for size in calls) <= 3  # only the slices of escaped text
    assert len(calls) > 10  # the big values went in slices
    assert bigjson.encode({"rows": []}, dumps) == [b'{"rows":[]}']


def test_a_query_answer_is_encoded_in_pieces(client: Any) -> None:
    """`POST /api/query` answers with the same document as before, rows included."""
    reply = client.post("/api/query", json={"sql": "SELECT repeat('ab', 400000) AS s, 1 AS n FROM range(3)"})
    assert reply.status_code == 200 and reply.mimetype == "application/json"
    assert reply.content_length == len(reply.data) > 2_400_000  # one answer, its length declared
    body = reply.get_json()
    assert body["columns"] == ["s", "n"] and body["rows"] == [["ab" * 400000, 1]] * 3
    assert body["total_rows"] == 3 and body["truncated"] is False
