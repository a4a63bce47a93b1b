"""profile_parquet, to_parquet, open_source and Relation on their own: every column type
gets a sensible, JSON-safe profile (the datasources reuse them for fetched data), and
recorded read options rebuild exactly the relation that was profiled."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from datapulse.data.profile import profile_parquet
from datapulse.data.readers import open_source, to_parquet
from datapulse.data.relation import Relation
from datapulse.errors import InvalidContent, UnsupportedType


def test_profile_covers_every_kind_of_column(tmp_path: Path):
    """Numbers, text, booleans, dates, zoned timestamps, lists and structs all profile without error."""
    path = tmp_path / "kinds.parquet"
    duckdb.execute(
        f"""COPY (SELECT * FROM (VALUES
              (1, 'a', true, DATE '2024-01-02', TIMESTAMPTZ '2024-01-02 03:04:05+00', [1, 2], {{'k': 1}},
               1.5::DECIMAL(6,2)),
              (NULL, 'b', false, DATE '2024-03-04', NULL, [3], {{'k': 2}}, NULL),
              (3, NULL, NULL, NULL, TIMESTAMPTZ '2024-05-06 00:00:00+00', NULL, NULL, 2.5::DECIMAL(6,2))
            ) t(n, s, b, d, ts, l, st, dec)) TO '{path}' (FORMAT parquet)"""
    )
    profile = profile_parquet(path)
    json.dumps(profile)  # JSON-safe throughout
    assert profile["rows"] == 3 and profile["columns"] == 8
    cols = {c["name"]: c for c in profile["schema"]["columns"]}
    assert (cols["n"]["min"], cols["n"]["max"], cols["n"]["mean"], cols["n"]["nulls"]) == (1, 3, 2.0, 1)
    assert cols["dec"]["mean"] == pytest.approx(2.0)
    assert cols["s"]["unique"] == 2 and "mean" not in cols["s"]
    assert (cols["d"]["min"], cols["d"]["max"]) == ("2024-01-02", "2024-03-04")
    assert cols["ts"]["min"] == "2024-01-02T03:04:05Z"
    assert "min" not in cols["l"] and "unique" not in cols["l"] and cols["l"]["nulls"] == 1
    assert cols["st"]["samples"] == [{"k": 1}, {"k": 2}]
    assert cols["b"]["samples"] == [True, False]


def test_profile_of_an_empty_table(tmp_path: Path):
    """A file with a header and no rows profiles to zero rows with its columns."""
    src = tmp_path / "header.csv"
    src.write_text("a,b\n")
    to_parquet(src, "csv", tmp_path / "h.parquet")
    profile = profile_parquet(tmp_path / "h.parquet")
    assert profile["rows"] == 0 and [c["name"] for c in profile["schema"]["columns"]] == ["a", "b"]


def test_to_parquet_refuses_unreadable_content_and_leaves_no_file(tmp_path: Path):
    """to_parquet raises InvalidContent for content DuckDB cannot read and writes nothing."""
    src = tmp_path / "bad.json"
    src.write_text('[{"a": 1}, {"a": ')
    dest = tmp_path / "out" / "bad.parquet"
    with pytest.raises(InvalidContent):
        to_parquet(src, "json", dest)
    assert list(dest.parent.iterdir()) == []


def test_csv_with_a_late_type_change_falls_back_to_text(tmp_path: Path):
    """A value far past the sniffed sample that breaks the column type is kept as text, not refused."""
    src = tmp_path / "late.csv"
    rows = [f"{i},x" for i in range(30_000)] + ["not-a-number,y"]
    src.write_text("n,s\n" + "\n".join(rows) + "\n")
    to_parquet(src, "csv", tmp_path / "late.parquet")
    profile = profile_parquet(tmp_path / "late.parquet")
    assert profile["rows"] == 30_001
    assert profile["schema"]["columns"][0]["dtype"] == "VARCHAR"


def test_relation_options_round_trip_and_refuse_what_they_cannot_read(tmp_path: Path):
    """Recorded read options rebuild the same relation; options that describe no SQL
    reader (an xlsx, unknown values) are refused rather than guessed."""
    tsv = Relation(tmp_path / "a.tsv", "csv", "latin-1", True, "\t")
    assert Relation.stored(tsv.path, tsv.options()) == tsv
    assert Relation.stored(tmp_path / "a.json", {"format": "json"}) == Relation(tmp_path / "a.json", "json")
    for bad in (
        {"format": "xlsx"},
        {"format": "csv", "encoding": "utf-16", "all_varchar": False},
        {"format": "csv", "encoding": "utf-8", "all_varchar": "no"},
        {"format": "csv", "encoding": "utf-8", "all_varchar": False, "delimiter": ";;"},
        {},
    ):
        with pytest.raises(ValueError):
            Relation.stored(tmp_path / "a.csv", bad)
    with pytest.raises(ValueError):
        Relation(tmp_path / "a.xlsx", "xlsx").sql()


def test_a_quote_in_a_path_or_delimiter_stays_inside_its_literal(tmp_path: Path):
    """Paths and delimiters are quoted as SQL literals: a quote in them cannot end the string."""
    folder = tmp_path / "it's"
    folder.mkdir()
    src = folder / "q.csv"
    src.write_text("a'b\n1'x\n2'y\n")
    relation = Relation(src, "csv", "utf-8", False, "'")
    assert duckdb.execute(f"SELECT * FROM {relation.sql()}").fetchall() == [(1, "x"), (2, "y")]


def test_open_source_has_no_reader_for_xlsx_or_unknown_types(tmp_path: Path):
    """xlsx (converted, never read in place) and unknown types are refused by open_source."""
    for file_type in ("xlsx", "exe"):
        with pytest.raises(UnsupportedType):
            open_source(tmp_path / f"a.{file_type}", file_type, lambda relation: None)


def test_open_source_reports_the_last_failure_as_invalid_content(tmp_path: Path):
    """When neither encoding nor the all-text fallback can read a file, the error says why."""
    src = tmp_path / "bad.csv"
    src.write_text('a,b\n1,"unterminated\n')

    def attempt(relation: Relation) -> None:
        raise duckdb.InvalidInputException(f"cannot read with {relation.encoding}")

    with pytest.raises(InvalidContent) as caught:
        open_source(src, "csv", attempt)
    assert "cannot read with utf-8" in caught.value.message


def test_an_unreadable_source_is_a_tool_error_for_the_agents(tmp_path: Path):
    """An agent asked about a table whose source cannot be read gets a clear tool error."""
    from datapulse.agents.contract import TableRef
    from datapulse.agents.tools.base import ToolError, Workspace

    src = tmp_path / "gone.csv"
    ws = Workspace(tables=[TableRef("gone", src, relation=Relation(src, "csv"))])
    with pytest.raises(ToolError) as caught:
        ws.frame("gone")
    assert caught.value.code == "table_unreadable"


def test_profile_of_a_source_counts_unique_exactly_when_rows_are_few(tmp_path: Path, monkeypatch):
    """Read in place, a source is counted in one pass; `unique` is made exact by a second
    pass only when the rows are few enough, and matches the Parquet copy's profile."""
    import datapulse.data.profile as profile

    src = tmp_path / "r.jsonl"
    src.write_text("".join(f'{{"a": {i % 7}, "n": {{"k": [{i}]}}, "s": "x{i % 3}"}}\n' for i in range(50)))
    relation = Relation(src, "jsonl")
    to_parquet(src, "jsonl", tmp_path / "r.parquet")
    with profile.connect() as conn:
        exact = profile.profile_relation(conn, relation.sql())
        monkeypatch.setattr(profile, "EXACT_UNIQUE_ROWS", 10)
        approx = profile.profile_relation(conn, relation.sql())
    monkeypatch.undo()
    assert exact == profile_parquet(tmp_path / "r.parquet")
    cols = {c["name"]: c for c in exact["schema"]["columns"]}
    assert (cols["a"]["unique"], cols["s"]["unique"], cols["a"]["unique_approx"]) == (7, 3, False)
    assert "unique" not in cols["n"] and cols["a"]["mean"] == pytest.approx(sum(i % 7 for i in range(50)) / 50)
    assert all(c["unique_approx"] for c in approx["schema"]["columns"] if "unique" in c)
