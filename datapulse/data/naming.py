"""Names derived from what a client sends: a display name that is safe to show and the
SQL-safe base of a table name. Neither is ever used as a path on disk. Making a table
name unique (a database transaction) is the catalog's: datapulse.catalog.names."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from datapulse.text import clean_display_text

MAX_DISPLAY = 200
MAX_TABLE = 55  # leaves room for a "_NNN" suffix under PostgreSQL's 63
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def display_name(raw: str | None, fallback: str = "upload") -> str:
    """The client's file name reduced to its last part, printable, at most 200 chars.

    `../../etc/passwd` becomes `passwd`, `C:\\x\\CON.csv` becomes `CON.csv`; the extension
    is kept when the name is shortened, so the type stays visible.
    """
    name = (raw or "").replace("\\", "/").split("/")[-1]
    name = clean_display_text(name).strip().strip(".").strip()
    if not name:
        return fallback
    if len(name) > MAX_DISPLAY:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = stem[: MAX_DISPLAY - len(ext) - 1] + "." + ext
        else:
            name = name[:MAX_DISPLAY]
    return name


def extension(name: str) -> str:
    """Lower-case extension without the dot ('' when there is none)."""
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem and re.fullmatch(r"[A-Za-z0-9]{1,10}", ext) else ""


@lru_cache(maxsize=1)
def _sql_keywords() -> frozenset[str]:
    """DuckDB's reserved words, asked once (a table may not be called `select`)."""
    import duckdb

    with duckdb.connect() as conn:
        rows = conn.execute("SELECT keyword_name FROM duckdb_keywords() WHERE keyword_category = 'reserved'").fetchall()
    return frozenset(r[0].lower() for r in rows)


def base_table_name(name: str) -> str:
    """`Sales 2024.csv` → `sales_2024`: lower-case ASCII letters, digits and `_`."""
    stem = name.rsplit(".", 1)[0] if extension(name) else name
    ascii_ = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_.lower()).strip("_")
    if not base:
        base = "table"
    if base[0].isdigit():
        base = "t_" + base
    base = base[:MAX_TABLE].rstrip("_")
    if base in _sql_keywords() or base in _WINDOWS_RESERVED:
        base += "_data"
    return base
