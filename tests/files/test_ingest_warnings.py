"""Ingest warnings (issue 12): what reading an upload chose on its own is reported with the
file (`schema.warnings`), from real uploads through the API."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

from tests.files.helpers import csv_bytes, upload


def _warnings(client: Any, content: bytes, name: str) -> list[dict[str, Any]]:
    r = upload(client, (content, name))
    assert r.status_code == 201, r.get_json()
    file_id = r.get_json()["files"][0]["id"]
    detail = client.get(f"/api/files/{file_id}").get_json()
    assert detail["status"] == "ready", detail
    return detail["schema"]["warnings"]


def test_a_clean_csv_has_no_warnings(client) -> None:  # type: ignore[no-untyped-def]
    assert _warnings(client, csv_bytes(10), "clean.csv") == []


def test_decimal_comma_columns_are_named(client) -> None:  # type: ignore[no-untyped-def]
    text = "Region;Umsatz;Menge\nNord;1.234,50;3\nSüd;99,5;4\nWest;-0,25;5\n"
    warnings = _warnings(client, text.encode(), "umsatz.csv")
    assert {"code": "decimal_comma", "columns": ["Umsatz"]} in warnings


def test_ragged_rows_are_counted_with_their_lines(client) -> None:  # type: ignore[no-untyped-def]
    text = "a,b,c\n1,2,3\n4,5\n6,7,8\n9\n"
    warnings = _warnings(client, text.encode(), "ragged.csv")
    ragged = next(w for w in warnings if w["code"] == "ragged_rows")
    assert ragged["rows"] == 2 and ragged["expected"] == 3 and ragged["scanned"] == 4
    assert ragged["examples"] == [{"line": 3, "fields": 2}, {"line": 5, "fields": 1}]
    assert ragged["whole_file"] is True


def test_latin1_text_says_which_encoding_was_used(client) -> None:  # type: ignore[no-untyped-def]
    text = "stadt,wert\nMünchen,1\nKöln,2\n"
    warnings = _warnings(client, text.encode("latin-1"), "staedte.csv")
    assert {"code": "encoding_fallback", "encoding": "latin-1"} in warnings


def test_sheets_after_the_first_are_named(client) -> None:  # type: ignore[no-untyped-def]
    wb = Workbook()
    first = wb.active
    first.title = "Sales"
    first.append(["a", "b"])
    first.append([1, 2])
    wb.create_sheet("Costs").append(["x"])
    wb.create_sheet("Notes").append(["y"])
    buf = io.BytesIO()
    wb.save(buf)
    warnings = _warnings(client, buf.getvalue(), "book.xlsx")
    assert warnings == [{"code": "sheets_ignored", "read": "Sales", "ignored": ["Costs", "Notes"]}]


def test_a_header_split_on_another_delimiter_is_doubted(client) -> None:  # type: ignore[no-untyped-def]
    """A ragged semicolon file with decimal commas: the reader splits on the comma, and the
    warning says the header was not split on `;` (instead of counting ragged rows)."""
    text = "Region;Umsatz;Menge\nNord;1.234,50;3\nSüd;99,5\nWest;-0,25;5\n"
    warnings = _warnings(client, text.encode(), "umsatz.csv")
    assert warnings == [{"code": "delimiter_doubt", "delimiter": ";", "columns": 2}]
