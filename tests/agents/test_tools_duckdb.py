"""The hot tools in DuckDB over a copy-mode table: pandas' answers, whichever way DuckDB reads it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from datapulse.agents.contract import TableRef
from datapulse.agents.tools import ToolError, Workspace, build_registry, local
from datapulse.agents.tools.local import LocalSource

REGISTRY = build_registry()


def _frame(rows: int = 400) -> pd.DataFrame:
    """Ties, gaps, text, whole numbers and dates: what a difference between engines shows in."""
    rng = np.random.default_rng(3)
    sales = rng.integers(0, 50, rows).astype(float)  # few values: ties in top-N and ranks
    sales[::17] = np.nan
    region = np.array(["North", "South", "East", "West", "Ärzte"], dtype=object)[rng.integers(0, 5, rows)]
    region[::23] = None
    return pd.DataFrame(
        {
            "id": np.arange(rows),
            "region": region,
            "product": [f"P{i % 7}" for i in range(rows)],
            "sales": sales,
            "quantity": rng.integers(1, 9, rows),
            "ok": rng.integers(0, 2, rows).astype(bool),
            "day": pd.Timestamp("2021-11-20") + pd.to_timedelta(rng.integers(0, 500, rows), unit="D"),
        }
    )


STEPS: list[tuple[str, dict[str, Any]]] = [
    ("group_aggregate", {"agg": "mean", "measures": ["sales"], "group_by": ["region"]}),
    ("group_aggregate", {"agg": "sum", "measures": ["quantity", "sales"], "group_by": ["region", "product"]}),
    ("group_aggregate", {"agg": "count", "group_by": ["product"], "sort": "desc", "limit": 3}),
    ("group_aggregate", {"agg": "nunique", "measures": ["product"], "group_by": ["region"], "sort": "asc"}),
    ("group_aggregate", {"agg": "median", "measures": ["quantity"]}),
    ("group_aggregate", {"agg": "std", "measures": ["sales"], "group_by": ["ok"], "limit": 1}),
    ("group_aggregate", {"agg": "max", "measures": ["region"], "group_by": ["product"]}),
    (
        "group_aggregate",
        {
            "agg": "mean",
            "measures": ["sales"],
            "group_by": ["product"],
            "filters": [
                {"column": "region", "op": "in", "value": ["North", "Ärzte"]},
                {"column": "day", "op": "between", "value": ["2022-01-01", "2022-06-30"]},
            ],
        },
    ),
    (
        "group_aggregate",
        {
            "agg": "sum",
            "measures": ["sales"],
            "group_by": ["region"],
            "logic": "or",
            "filters": [
                {"column": "quantity", "op": "ge", "value": 7},
                {"column": "region", "op": "contains", "value": "ort"},
                {"column": "sales", "op": "gt_col", "value": "quantity"},
            ],
        },
    ),
    ("group_aggregate", {"agg": "count", "filters": [{"column": "day", "op": "year", "value": 2022}]}),
    ("group_aggregate", {"agg": "count", "filters": [{"column": "day", "op": "month", "value": [2022, 3]}]}),
    ("group_aggregate", {"agg": "count", "filters": [{"column": "region", "op": "not_in", "value": ["North"]}]}),
    ("group_aggregate", {"agg": "count", "filters": [{"column": "sales", "op": "ne", "value": 3}]}),
    ("share", {"column": "region"}),
    ("share", {"column": "region", "measure": "sales", "of_all": True, "sort": "asc"}),
    ("share", {"column": "product", "limit": 2}),
    ("share", {"column": "region", "value": "South"}),
    ("percent_rows", {"where": [{"column": "sales", "op": "lt", "value": 10}], "filters": []}),
    ("trend", {"date_column": "day", "freq": "month", "measure": "sales", "agg": "sum"}),
    ("trend", {"date_column": "day", "freq": "week"}),
    ("trend", {"date_column": "day", "freq": "quarter", "measure": "quantity"}),
    ("trend", {"date_column": "day", "freq": "year"}),
    ("trend", {"date_column": "day", "freq": "day", "sort": "desc", "limit": 4}),
    ("count_rows", {}),
    ("count_rows", {"filters": [{"column": "ok", "op": "eq", "value": True}]}),
    ("distinct_values", {"column": "region"}),
    ("distinct_values", {"column": "quantity", "limit": 3}),
    ("top_n", {"column": "sales", "n": 12}),
    ("top_n", {"column": "sales", "n": 1, "ascending": True, "label": "product"}),
    ("top_n", {"column": "quantity", "n": 5, "columns": ["region", "product"]}),
    ("filter", {"filters": [{"column": "product", "op": "eq", "value": "P3"}], "limit": 10}),
    ("filter", {"filters": [{"column": "sales", "op": "isnull", "value": None}], "columns": ["id", "region"]}),
    ("correlation", {"x": "sales", "y": "quantity"}),
    ("correlation", {"x": "sales"}),
    ("correlation", {"limit": 3}),
    ("compare_groups", {"measure": "sales", "group_column": "region", "groups": ["North", "South"]}),
    ("compare_groups", {"measure": "quantity", "group_column": "ok"}),
    (
        "compare_groups",
        {
            "measure": "sales",
            "group_column": "product",
            "groups": ["P1", "P2"],
            "filters": [{"column": "id", "op": "lt", "value": 30}],
        },
    ),
]


def _workspace(path: Path) -> Workspace:
    return Workspace([TableRef("t", path)])


def _both(path: Path, tool: str, args: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    """(DuckDB's answer, pandas' answer) to one step."""
    ws = _workspace(path)
    assert isinstance(ws.sql(args, tool), LocalSource), "this step should run in DuckDB"
    duck = REGISTRY.check(tool, args).run(ws, args)
    with monkeypatch.context() as m:
        m.setattr("datapulse.agents.tools.base.runs_in_duckdb", lambda *a: False)
        pandas = REGISTRY.check(tool, args).run(_workspace(path), args)
    return duck, pandas


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return bool(np.isclose(a, b, rtol=1e-9, atol=1e-12))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


@pytest.fixture(scope="module", params=["parquet", "copy"])
def table_path(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same rows as a Parquet file DuckDB reads directly, and as one it must copy
    (its dates stored as ISO text, which the loader reads as dates)."""
    frame = _frame()
    path = tmp_path_factory.mktemp(request.param) / "t.parquet"
    if request.param == "copy":
        frame = frame.assign(day=frame["day"].dt.strftime("%Y-%m-%d"))
    frame.to_parquet(path, index=False)
    return path


@pytest.mark.parametrize(("tool", "args"), STEPS, ids=[f"{i}-{t}" for i, (t, _) in enumerate(STEPS)])
def test_duckdb_gives_pandas_answer(
    table_path: Path, tool: str, args: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every hot step gives, in DuckDB, the results pandas gives: values, order, ties, types."""
    duck, pandas = _both(table_path, tool, args, monkeypatch)
    assert _same(duck, pandas), f"{duck}\n!=\n{pandas}"


def test_parquet_is_read_directly_when_it_holds_the_frame(table_path: Path) -> None:
    """A Parquet copy whose columns are the frame's is read by DuckDB itself; dates stored
    as text (read as dates by the loader) make DuckDB read a copy of the frame."""
    ws = _workspace(table_path)
    source = ws.sql({}, "count_rows")
    assert isinstance(source, LocalSource)
    assert ("read_parquet" in source.rows) == (table_path.parent.name.startswith("parquet"))


def test_nan_in_parquet_is_missing_as_in_pandas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A float NaN stored as a value (not as null) is missing to pandas: DuckDB reads a copy
    of the frame then, so a mean skips it as pandas does."""
    path = tmp_path / "nan.parquet"
    pq.write_table(pa.table({"g": ["a", "a", "b"], "v": pa.array([1.0, float("nan"), 3.0], from_pandas=False)}), path)
    source = _workspace(path).sql({}, "group_aggregate")
    assert isinstance(source, LocalSource) and "read_parquet" not in source.rows
    duck, pandas = _both(path, "group_aggregate", {"agg": "mean", "measures": ["v"], "group_by": ["g"]}, monkeypatch)
    assert duck == pandas and duck[0]["rows"] == [["a", 1.0], ["b", 3.0]]


@pytest.mark.parametrize(
    ("tool", "args"),
    [
        ("count_rows", {"filters": [{"column": "region", "op": "eq", "value": 5}]}),  # text vs number
        ("count_rows", {"filters": [{"column": "quantity", "op": "eq", "value": "5"}]}),  # number vs text
        ("count_rows", {"filters": [{"column": "quantity", "op": "contains", "value": "5"}]}),
        ("count_rows", {"filters": [{"column": "day", "op": "eq", "value": "March 2022"}]}),
        ("correlation", {"x": "sales", "y": "quantity", "method": "spearman"}),
        ("compare_groups", {"measure": "sales", "group_column": "quantity", "groups": ["1", "2"]}),
        ("describe", {}),
    ],
)
def test_steps_pandas_answers_differently_stay_in_pandas(tool: str, args: dict[str, Any], tmp_path: Path) -> None:
    """Where SQL would cast (a number compared with text) or has no form, pandas answers."""
    path = tmp_path / "t.parquet"
    _frame().to_parquet(path, index=False)
    ws = _workspace(path)
    assert ws.sql(args, tool) is None
    try:
        REGISTRY.check(tool, args).run(ws, args)  # pandas answers, or says why it cannot
    except ToolError as exc:
        assert "at least one value" in str(exc)  # no row has the text "1" in a number column


def test_a_table_of_kinds_sql_reads_differently_stays_in_pandas(tmp_path: Path) -> None:
    """Categories (ordered by their list, not their text) and mixed objects: no DuckDB form."""
    assert local.to_local(pd.DataFrame({"c": pd.Categorical(["b", "a"], categories=["b", "a"])})) is None
    assert local.to_local(pd.DataFrame({"m": ["a", 1]})) is None
    assert local.to_local(pd.DataFrame({"n": [1, 2]})) is not None


def test_join_frames_are_answered_by_pandas(datasets: Any) -> None:
    """A join's frame is made for one question: pandas answers it rather than a copy."""
    ws = Workspace([TableRef("penguins", datasets.path("penguins"))])
    ws.add("joined", ws.frame("penguins"))
    assert ws.sql({"table": "joined"}, "count_rows") is None
    assert isinstance(ws.sql({"table": "penguins"}, "count_rows"), LocalSource)
