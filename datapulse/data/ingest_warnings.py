"""What reading an upload chose on its own, said out loud (issue 12: "ingest choices are
silent"): a fallback encoding, every column read as text, numbers written with a decimal
comma left as text, rows with missing or extra fields filled, sheets of a workbook left out.

Each warning is `{"code", ...facts}`; a UI words it in its language from the code and
the facts. Cheap by design: the profile and the read options already hold most facts;
ragged rows are counted in the file's head only (HEAD_BYTES), and say so (`scanned`).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from datapulse.data.readers import sheet_names
from datapulse.data.relation import CSV, Relation

HEAD_BYTES = 1024 * 1024
MAX_LISTED = 20  # ragged row numbers listed at most (the count is complete for the head)
# 1.234,56 or 1234,5 or -0,25: a number written with a decimal comma (and maybe dots for thousands)
_DECIMAL_COMMA = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+),\d+$")


def csv_warnings(relation: Relation, profile: dict[str, Any]) -> list[dict[str, Any]]:
    """The warnings of a delimited text file read as `relation`, profiled as `profile`."""
    if relation.format != CSV:
        return []
    out: list[dict[str, Any]] = []
    if relation.encoding != "utf-8":
        out.append({"code": "encoding_fallback", "encoding": relation.encoding})
    if relation.all_varchar:
        out.append({"code": "all_text"})
    columns = profile.get("schema", {}).get("columns", [])
    comma = [c["name"] for c in columns if _decimal_comma_column(c)]
    if comma:
        out.append({"code": "decimal_comma", "columns": comma})
    text, complete = _head(relation)
    delimiter = relation.delimiter or _sniff_delimiter(text)
    names = [str(c.get("name", "")) for c in columns]
    if relation.delimiter is None and delimiter and any(delimiter in name for name in names):
        # the reader split the header on something else: its columns are not the file's
        out.append({"code": "delimiter_doubt", "delimiter": delimiter, "columns": len(names)})
        return out
    ragged = _ragged_rows(text, complete, delimiter)
    if ragged:
        out.append(ragged)
    return out


def _decimal_comma_column(column: dict[str, Any]) -> bool:
    """A text column whose sample values are all numbers with a decimal comma."""
    if not str(column.get("dtype", "")).startswith("VARCHAR"):
        return False
    samples = [s for s in column.get("samples") or [] if isinstance(s, str) and s.strip()]
    return bool(samples) and all(_DECIMAL_COMMA.match(s.strip()) for s in samples)


def _head(relation: Relation) -> tuple[str, bool]:
    """The first HEAD_BYTES as text (whole lines only), and whether that is the whole file."""
    with open(relation.path, "rb") as fh:
        head = fh.read(HEAD_BYTES)
    complete = len(head) < HEAD_BYTES
    text = head.decode(relation.encoding, errors="replace").removeprefix("\ufeff")
    if not complete:  # drop the last, maybe cut, line
        text = text[: text.rfind("\n") + 1]
    return text, complete


def _ragged_rows(text: str, complete: bool, delimiter: str | None) -> dict[str, Any] | None:
    """Rows in the head whose field count differs from the header's (the reader pads short
    rows with nulls), as `{"code": "ragged_rows", "rows", "examples", "scanned"}`."""
    lines = text.splitlines()
    if len(lines) < 2 or delimiter is None:
        return None
    reader = csv.reader(lines, delimiter=delimiter)
    header = next(reader, [])
    width, bad, scanned = len(header), 0, 0
    examples: list[dict[str, int]] = []
    for number, fields in enumerate(reader, start=2):
        if not fields:  # an empty line
            continue
        scanned += 1
        if len(fields) != width:
            bad += 1
            if len(examples) < MAX_LISTED:
                examples.append({"line": number, "fields": len(fields)})
    if not bad:
        return None
    return {
        "code": "ragged_rows",
        "rows": bad,
        "expected": width,
        "examples": examples,
        "scanned": scanned,
        "whole_file": complete,
    }


def _sniff_delimiter(text: str) -> str | None:
    """The delimiter: the csv sniffer's, else the one the header line has most of."""
    try:
        return csv.Sniffer().sniff(text[: 64 * 1024], delimiters=",;\t|").delimiter
    except csv.Error:
        header = text.split("\n", 1)[0]
        count, best = max((header.count(d), d) for d in ",;\t|")
        return best if count else None


def xlsx_warnings(src: Path, sheet: str | None = None) -> list[dict[str, Any]]:
    """The sheets of a workbook besides the one read (the first, unless one was chosen)."""
    names = sheet_names(src)
    if len(names) < 2:
        return []
    read = sheet if sheet in names else names[0]
    return [{"code": "sheets_ignored", "read": read, "ignored": [n for n in names if n != read]}]
