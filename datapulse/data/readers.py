"""Reading every accepted file type: a cheap content check before an upload is
accepted, finding how DuckDB reads the rest, and writing Parquet copies (DuckDB does
the heavy lifting; xlsx goes through openpyxl).

`check_content` refuses what cannot be its type (empty, wrong magic bytes, a corrupt
or bomb archive) without reading the whole file; `open_source` finds the read options
that work (encoding, all-text fallback) while doing real work with them (the profile
pass, or a conversion), so detecting them costs no extra read; `write_parquet` copies a relation
whose options are already known, `to_parquet` finds them and converts in one go.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import duckdb

from datapulse.data.columns import check_columns
from datapulse.data.profile import connect
from datapulse.data.relation import CSV, ENCODINGS, FORMAT_OF, XLSX, ReadChoice, Relation, quote
from datapulse.errors import InvalidContent, Unprocessable, UnsupportedType

T = TypeVar("T")
NO_CHOICE = ReadChoice()  # everything left to the reader, as at upload

TEXT_TYPES = ("csv", "tsv", "txt", "json", "jsonl", "ndjson")
TYPES = (*TEXT_TYPES, "xlsx", "parquet")
SNIFF_BYTES = 64 * 1024

# Signatures of binary formats that are never a text table.
_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"%PDF": "PDF document",
    b"PK\x03\x04": "ZIP archive",
    b"\x1f\x8b": "gzip archive",
    b"PAR1": "Parquet file",
    b"\x7fELF": "executable",
    b"MZ": "executable",
    b"SQLite format 3": "SQLite database",
    b"\xd0\xcf\x11\xe0": "legacy Office document",
}

# An xlsx that expands past these is treated as a zip bomb and refused unread.
XLSX_MAX_UNCOMPRESSED = 1024 * 1024 * 1024
XLSX_MAX_RATIO = 200
XLSX_MAX_MEMBERS = 10_000


def check_content(path: Path, file_type: str, max_columns: int | None = None) -> None:
    """Raise InvalidContent when `path` cannot be a file of `file_type` (or has too many columns)."""
    if file_type not in TYPES:
        raise UnsupportedType(f"Files of type '{file_type}' are not accepted.", details={"accepted": list(TYPES)})
    size = path.stat().st_size
    if size == 0:
        raise InvalidContent("The file is empty.", details={"type": file_type})
    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
    if file_type in TEXT_TYPES:
        _check_text(head, file_type)
    elif file_type == "xlsx":
        check_xlsx(path)
    else:
        _check_parquet(path, head, size)
    if max_columns is not None:
        check_columns(path, file_type, max_columns)


def _check_text(head: bytes, file_type: str) -> None:
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            raise InvalidContent(f"The content is a {what}, not {file_type}.", details={"type": file_type})
    if b"\x00" in head:
        raise InvalidContent(f"The content is binary, not {file_type} text.", details={"type": file_type})
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not text:
        raise InvalidContent("The file holds only white space.", details={"type": file_type})
    if file_type == "json" and text[:1] not in (b"{", b"["):
        raise InvalidContent("The content is not a JSON array or object.", details={"type": file_type})
    if file_type in ("jsonl", "ndjson") and text[:1] != b"{":
        raise InvalidContent("The content is not one JSON object per line.", details={"type": file_type})


def check_xlsx(path: Path) -> None:
    """A real xlsx is a zip holding a workbook; check its declared sizes BEFORE
    expanding anything, so a zip bomb is refused without being inflated."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InvalidContent("The xlsx file is corrupt (not a readable zip).", details={"reason": str(exc)}) from exc
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/workbook") for n in names):
        raise InvalidContent("The zip holds no Excel workbook.", details={"type": "xlsx"})
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    worst = max((i.file_size / max(1, i.compress_size) for i in infos if i.file_size > 1024 * 1024), default=0)
    if len(infos) > XLSX_MAX_MEMBERS or total > XLSX_MAX_UNCOMPRESSED or worst > XLSX_MAX_RATIO:
        raise InvalidContent(
            "The xlsx file expands far beyond its size (zip bomb); refused without expanding it.",
            code="invalid_content",
            details={"uncompressed_bytes": total, "compressed_bytes": packed, "members": len(infos)},
        )


def _check_parquet(path: Path, head: bytes, size: int) -> None:
    with open(path, "rb") as fh:
        fh.seek(max(0, size - 4))
        tail = fh.read(4)
    if size < 12 or not head.startswith(b"PAR1") or tail != b"PAR1":
        raise InvalidContent("The content is not a Parquet file.", details={"type": "parquet"})
    import pyarrow.parquet as pq

    try:
        pq.read_metadata(path)
    except Exception as exc:  # pyarrow raises several types for a broken footer
        raise InvalidContent("The Parquet file is corrupt.", details={"reason": str(exc)}) from exc


def _looks_utf8(src: Path) -> bool:
    with open(src, "rb") as fh:
        head = fh.read(1024 * 1024)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # a character cut at the end of the sample
    return True


def open_source(
    src: Path, file_type: str, attempt: Callable[[Relation], T], choice: ReadChoice = NO_CHOICE
) -> tuple[T, Relation]:
    """`attempt(relation)` on the first way of reading `src` that works, and that relation.

    Delimited text tries UTF-8 (BOM or not), then latin-1; if a late value breaks the
    sniffed types, every column is read as text rather than refusing the file. What
    `choice` fixes (delimiter, decimal mark, encoding, header) is not tried otherwise.
    Raises InvalidContent when no way works. xlsx has no DuckDB reader (see `to_parquet`).
    """
    fmt = FORMAT_OF.get(file_type)
    if fmt is None or fmt == XLSX:
        raise UnsupportedType(f"Files of type '{file_type}' have no SQL reader.", details={"type": file_type})
    try:
        if fmt != CSV:
            relation = Relation(src, fmt)
            return attempt(relation), relation
        return _first_csv(src, file_type, attempt, choice)
    except duckdb.Error as exc:
        raise InvalidContent(
            f"The file cannot be read as {file_type}: {_first_line(exc).replace(str(src), 'the file')}",
            details={"type": file_type},
        ) from exc


def _first_csv(src: Path, file_type: str, attempt: Callable[[Relation], T], choice: ReadChoice) -> tuple[T, Relation]:
    if choice.encoding is not None:
        encodings = [choice.encoding]
    else:
        encodings = list(ENCODINGS) if _looks_utf8(src) else ["latin-1"]
    delimiter = choice.delimiter or ("\t" if file_type == "tsv" else None)
    decimal, header = choice.decimal or ".", True if choice.header is None else choice.header
    last: duckdb.Error | None = None
    for all_varchar in (False, True):
        for encoding in encodings:
            relation = Relation(src, CSV, encoding, all_varchar, delimiter, decimal, header)
            try:
                return attempt(relation), relation
            except duckdb.Error as exc:
                last = exc
                if "unicode" not in str(exc).lower() and encoding == "utf-8":
                    break  # not an encoding problem: latin-1 would not help
    assert last is not None
    raise last


def _copy(conn: duckdb.DuckDBPyConnection, source: str, dest: Path) -> None:
    conn.execute(f"COPY (SELECT * FROM {source}) TO {quote(dest)} (FORMAT parquet, COMPRESSION snappy)")


@contextmanager
def _landing(dest: Path) -> Iterator[Path]:
    """A temporary name next to `dest`, renamed onto it only if the block succeeds."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def to_parquet(src: Path, file_type: str, dest: Path, choice: ReadChoice = NO_CHOICE) -> None:
    """Convert `src` (of `file_type`) into a Parquet file at `dest`, atomically, finding
    how to read it on the way (see `open_source`).

    Raises InvalidContent when the content cannot be read as its type.
    """
    with _landing(dest) as tmp:
        if file_type == "xlsx":
            _xlsx_to_parquet(src, tmp, choice)
        else:
            with connect(memory_limit="512MB") as conn:
                open_source(src, file_type, lambda relation: _copy(conn, relation.sql(), tmp), choice)


def write_parquet(relation: Relation, dest: Path) -> None:
    """Write `relation`, read exactly as it says, as a Parquet file at `dest`, atomically."""
    with _landing(dest) as tmp, connect(memory_limit="512MB") as conn:
        _copy(conn, relation.sql(), tmp)


def sheet_names(src: Path) -> list[str]:
    """The sheets of a workbook, in order ([] when it cannot be opened: reading it says why)."""
    from openpyxl import load_workbook

    try:
        with open(src, "rb") as fh:  # a file object: openpyxl refuses names without .xlsx
            workbook = load_workbook(fh, read_only=True)
            names = list(workbook.sheetnames)
            workbook.close()
    except Exception:  # noqa: BLE001 - the reading itself reports a broken workbook
        return []
    return names


def _xlsx_to_parquet(src: Path, tmp: Path, choice: ReadChoice) -> None:
    """The chosen sheet (else the first), the first row as header unless told otherwise;
    columns that mix types become text. A sheet the workbook lacks: Unprocessable
    `unknown_sheet` with the sheets it has."""
    check_xlsx(src)
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    if choice.sheet is not None:
        sheets = sheet_names(src)
        if choice.sheet not in sheets:
            raise Unprocessable(
                f"The workbook has no sheet '{choice.sheet}'.",
                code="unknown_sheet",
                details={"sheet": choice.sheet, "sheets": sheets},
            )
    header = None if choice.header is False else 0
    try:
        frame = pd.read_excel(src, sheet_name=choice.sheet or 0, header=header, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise InvalidContent("The xlsx workbook cannot be read.", details={"reason": str(exc)[:300]}) from exc
    if header is None:  # numbered like DuckDB names a headerless csv's columns
        frame.columns = [f"column{i}" for i in range(len(frame.columns))]
    frame.columns = _unique_columns([str(c) for c in frame.columns])
    arrays = {}
    for name in frame.columns:
        column = frame[name]
        try:
            arrays[name] = pa.array(column, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            arrays[name] = pa.array([None if v is None or v != v else str(v) for v in column], type=pa.string())
    pq.write_table(pa.table(arrays), tmp, compression="snappy")


def _unique_columns(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for raw in names:
        name = raw.strip() or "column"
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        seen.setdefault(name, 0)
        out.append(name)
    return out


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__
