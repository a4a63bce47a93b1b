"""profile_parquet and to_parquet on their own: every column type gets a sensible,
JSON-safe profile (the datasources reuse them for fetched data)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from datapulse.data.profile import profile_parquet
from datapulse.data.readers import to_parquet
from datapulse.errors import InvalidContent


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
