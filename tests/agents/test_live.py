"""Live sql sources: every tool family runs INSIDE the source database (the local
PostgreSQL, and a SQLite file) and answers exactly what the in-memory tools answer on
the same rows read the copy mode's way (rows → Parquet → pandas)."""

from __future__ import annotations

import math
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import create_engine, text

from datapulse.agents.contract import TableRef
from datapulse.agents.tools import Workspace, build_registry
from datapulse.agents.tools.base import load_frame
from datapulse.datasources import fetch_sql, tables
from datapulse.errors import QueryTimeout
from datapulse.sqlsource import live
from datapulse.sqlsource.live import LiveSource, LiveUnsupported, SourceQueryFailed
from tests.conftest import POSTGRES_URL, fresh_postgres_schema

REGISTRY = build_registry()


def sales_frame(n: int = 240) -> pd.DataFrame:
    """Deterministic rows: categories, numbers with gaps, dates over two years."""
    rng = np.random.default_rng(7)
    amount = rng.normal(100, 25, n).round(2)
    amount[::17] = np.nan
    return pd.DataFrame(
        {
            "id": np.arange(1, n + 1),
            "region": rng.choice(["North", "South", "East", "West"], n),
            "product": rng.choice(["apple", "banana", "cherry"], n),
            "amount": amount,
            "qty": rng.integers(1, 20, n),
            "discount": (rng.random(n) * 0.3).round(3),
            "day": pd.date_range("2023-01-03", periods=n, freq="3D"),
        }
    )


@pytest.fixture(scope="module")
def pg_source() -> Iterator[LiveSource]:
    with fresh_postgres_schema("live") as schema:
        engine = create_engine(POSTGRES_URL)
        sales_frame().to_sql("sales", engine, schema=schema, index=False)
        engine.dispose()
        yield LiveSource(url=POSTGRES_URL, query=f'SELECT * FROM "{schema}".sales', timeout_s=20)


@pytest.fixture
def sqlite_source(tmp_path: Path) -> LiveSource:
    path = tmp_path / "shop.db"  # inside the test settings' SQL_SOURCE_ALLOWLIST
    frame = sales_frame()
    frame["day"] = frame["day"].dt.strftime("%Y-%m-%d")  # SQLite keeps dates as ISO text
    with sqlite3.connect(path) as conn:
        frame.to_sql("sales", conn, index=False)
    return LiveSource(url=f"sqlite:///{path}", query="SELECT * FROM sales", timeout_s=20)


def copied(source: LiveSource, tmp_path: Path, settings: Any) -> Workspace:
    """The copy mode's workspace on the same rows: the source query → Parquet → pandas."""
    names, rows = fetch_sql.run_query(source.url, source.query, settings)
    out = tmp_path / f"{uuid.uuid4().hex}.parquet"
    tables.rows_to_parquet(names, rows, out)
    return Workspace([TableRef("sales", out)], frames={"sales": load_frame(out)})


def same(a: Any, b: Any, where: str = "") -> None:
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            assert a is None and b is None, where
            return
        assert math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9), f"{where}: {a} != {b}"
        return
    if isinstance(a, dict):
        assert isinstance(b, dict) and set(a) == set(b), f"{where}: {sorted(a)} != {sorted(b)}"
        for key in a:
            same(a[key], b[key], f"{where}.{key}")
        return
    if isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), f"{where}: {len(a)} != {len(b) if isinstance(b, list) else b}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{where}[{i}]")
        return
    assert a == b, f"{where}: {a!r} != {b!r}"


F = {"column": "region", "op": "in", "value": ["North", "East"]}
STEPS: list[tuple[str, dict[str, Any]]] = [
    ("group_aggregate", {"agg": "sum", "measures": ["amount"], "group_by": ["region"]}),
    ("group_aggregate", {"agg": "mean", "measures": ["amount", "qty"], "group_by": ["region", "product"]}),
    ("group_aggregate", {"agg": "median", "measures": ["amount"], "group_by": ["product"], "sort": "desc"}),
    ("group_aggregate", {"agg": "std", "measures": ["amount"]}),
    ("group_aggregate", {"agg": "count", "group_by": ["region"], "sort": "desc", "limit": 1}),
    ("group_aggregate", {"agg": "nunique", "measures": ["product"], "group_by": ["region"]}),
    ("group_aggregate", {"agg": "max", "measures": ["qty"], "filters": [F], "group_by": ["product"]}),
    ("count_rows", {"filters": [{"column": "amount", "op": "gt", "value": 110}]}),
    ("count_rows", {"filters": [F, {"column": "qty", "op": "between", "value": [3, 9]}], "logic": "or"}),
    ("filter", {"filters": [{"column": "product", "op": "contains", "value": "AN"}], "limit": 5}),
    ("count_rows", {"filters": [{"column": "product", "op": "startswith", "value": "AP"}]}),
    ("count_rows", {"filters": [{"column": "region", "op": "endswith", "value": "TH"}]}),
    ("filter", {"filters": [{"column": "day", "op": "year", "value": 2024}], "columns": ["id", "qty"]}),
    ("count_rows", {"filters": [{"column": "day", "op": "month", "value": [2023, 5]}]}),
    ("count_rows", {"filters": [{"column": "region", "op": "not_in", "value": ["South"]}]}),
    ("count_rows", {"filters": [{"column": "day", "op": "before", "value": "2023-06-01"}]}),
    ("count_rows", {"filters": [{"column": "qty", "op": "notnull", "value": None}]}),
    ("count_rows", {"filters": [{"column": "qty", "op": "isnull", "value": None}]}),
    ("count_rows", {"filters": [{"column": "amount", "op": "gt_col", "value": "qty"}]}),
    ("top_n", {"column": "amount", "n": 5, "columns": ["id", "region"]}),
    ("top_n", {"column": "amount", "n": 1, "ascending": True, "label": "id", "columns": ["region"]}),
    ("share", {"column": "region"}),
    ("share", {"column": "product", "measure": "qty", "value": "apple", "filters": [F]}),
    ("percent_rows", {"where": [{"column": "qty", "op": "ge", "value": 10}]}),
    ("trend", {"date_column": "day", "freq": "month"}),
    ("trend", {"date_column": "day", "measure": "amount", "agg": "sum", "freq": "year"}),
    ("trend", {"date_column": "day", "freq": "month_of_year"}),
    ("trend", {"date_column": "day", "measure": "amount", "agg": "mean", "freq": "decade", "sort": "desc"}),
    ("percent_rows", {"where": [{"column": "qty", "op": "ge", "value": 10}], "group_by": ["region"]}),
    (
        "percent_rows",
        {"where": [{"column": "amount", "op": "gt", "value": 100}], "group_by": ["product"], "filters": [F]},
    ),
    ("distinct_values", {"column": "product"}),
    ("distinct_values", {"column": "region", "limit": 2, "filters": [{"column": "qty", "op": "lt", "value": 8}]}),
    ("group_aggregate", {"agg": "nunique", "measures": ["region"]}),
    ("correlation", {"x": "amount", "y": "qty"}),
    ("correlation", {"x": "discount"}),
    ("correlation", {}),
    ("compare_groups", {"measure": "amount", "group_column": "region", "groups": ["North", "South"]}),
    ("compare_groups", {"measure": "qty", "group_column": "product", "groups": ["apple", "cherry"], "filters": [F]}),
    ("missing_values", {}),
]
PG_ONLY: list[tuple[str, dict[str, Any]]] = [
    ("trend", {"date_column": "day", "freq": "quarter", "measure": "qty", "agg": "mean"}),
    ("trend", {"date_column": "day", "freq": "week"}),
]


def check_step(source: LiveSource, copy: Workspace, tool: str, args: dict[str, Any]) -> None:
    ws = Workspace([TableRef("sales", Path(), live=source)])
    expected = REGISTRY.check(tool, args).run(copy, args)
    got = REGISTRY.check(tool, args).run(ws, args)
    same(got, expected, f"{tool} {args}")


def test_every_tool_family_live_on_postgresql(pg_source, tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    """Group-by, filters, top-N, shares, trends, distinct counts, correlation and
    comparisons in PostgreSQL give the in-memory tools' answers on the copied rows."""
    copy = copied(pg_source, tmp_path, settings)
    for tool, args in [*STEPS, *PG_ONLY]:
        check_step(pg_source, copy, tool, args)


def test_every_tool_family_live_on_sqlite(sqlite_source, tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    """The same steps compiled to SQLite (its missing aggregates added to the connection)."""
    copy = copied(sqlite_source, tmp_path, settings)
    for tool, args in STEPS:
        check_step(sqlite_source, copy, tool, args)


def test_exact_mann_whitney_on_small_groups(pg_source, tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    """Groups of at most 8 values without ties take scipy's exact test, as in memory."""
    copy = copied(pg_source, tmp_path, settings)
    args = {
        "measure": "amount",
        "group_column": "region",
        "groups": ["North", "West"],
        "filters": [{"column": "id", "op": "le", "value": 30}],
    }
    check_step(pg_source, copy, "compare_groups", args)


def test_answers_are_current(pg_source) -> None:  # type: ignore[no-untyped-def]
    """Nothing is copied: a row added in the database is in the next answer."""
    ws = Workspace([TableRef("sales", Path(), live=pg_source)])
    before = REGISTRY.check("count_rows", {}).run(ws, {})[0]["value"]
    schema = pg_source.query.split('"')[1]
    engine = create_engine(POSTGRES_URL)
    try:
        with engine.begin() as conn:
            conn.execute(text(f"INSERT INTO \"{schema}\".sales (id, region, qty) VALUES (9999, 'North', 1)"))
        assert REGISTRY.check("count_rows", {}).run(ws, {})[0]["value"] == before + 1
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DELETE FROM "{schema}".sales WHERE id = 9999'))
        engine.dispose()


@pytest.mark.parametrize(
    ("tool", "args", "words"),
    [
        ("outliers", {"column": "amount"}, "every row in memory"),
        ("duplicates", {}, "every row in memory"),
        ("describe", {"columns": ["amount"]}, "every row in memory"),
        ("join", {"left": "sales", "right": "sales", "on": "id"}, "every row in memory"),
        ("correlation", {"x": "amount", "y": "qty", "method": "spearman"}, "ranks every row"),
    ],
)
def test_what_cannot_run_live_says_so(pg_source, tool, args, words) -> None:  # type: ignore[no-untyped-def]
    ws = Workspace([TableRef("sales", Path(), live=pg_source)])
    with pytest.raises(LiveUnsupported) as info:
        REGISTRY.check(tool, args).run(ws, args)
    assert words in info.value.message and "PostgreSQL" in info.value.message
    assert info.value.status == 400 and info.value.code == "live_unsupported"


def test_sqlite_has_no_weekly_trend(sqlite_source) -> None:  # type: ignore[no-untyped-def]
    ws = Workspace([TableRef("sales", Path(), live=sqlite_source)])
    with pytest.raises(LiveUnsupported) as info:
        REGISTRY.check("trend", {"date_column": "day", "freq": "week"}).run(ws, {"date_column": "day", "freq": "week"})
    assert "SQLite has no date_trunc" in info.value.message


def test_statement_time_limit_stops_the_query(pg_source) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL's statement_timeout ends a slow statement with a clear time-out."""
    quick = LiveSource(url=pg_source.url, query=pg_source.query, timeout_s=0.3)
    sql, source = live.compile_sql("SELECT pg_sleep(5), count(*) FROM src", {"src": quick})
    with pytest.raises(QueryTimeout) as info:
        live.run(source, sql)
    assert "0.3 s" in info.value.message and info.value.status == 504


def test_a_source_that_goes_away_is_a_clear_failure(pg_source) -> None:  # type: ignore[no-untyped-def]
    gone = LiveSource(url=pg_source.url, query=pg_source.query.replace("sales", "no_such_table"), timeout_s=5)
    with pytest.raises(SourceQueryFailed) as info:
        live.run(gone, live.compile_sql("SELECT count(*) FROM src", {"src": gone})[0])
    assert "no_such_table" in info.value.message and info.value.status == 422
    closed = LiveSource(url="postgresql://postgres@127.0.0.1:1/test", query="SELECT 1", timeout_s=2)
    with pytest.raises(SourceQueryFailed) as info:
        live.run(closed, "SELECT 1")
    assert info.value.message == "Cannot connect to the source database."


def test_planning_frame_of_a_large_table_is_a_digest(pg_source, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Above PLANNING_ROWS the planner gets each column's values, range and years, padded so
    that no column looks unique, and no more rows than that."""
    monkeypatch.setattr(live, "PLANNING_ROWS", 50)
    monkeypatch.setattr(live, "NUMERIC_CAP", 10)
    fresh = LiveSource(url=pg_source.url, query=pg_source.query + " WHERE id > 0", timeout_s=20)
    frame = live.planning_frame(fresh, now=0.0)
    assert set(frame["region"].dropna()) == {"North", "South", "East", "West"}
    assert len(frame) < 240 and frame["region"].nunique() < len(frame)
    assert frame["amount"].min() == sales_frame()["amount"].min()
    assert frame["amount"].max() == sales_frame()["amount"].max()
    assert pd.api.types.is_datetime64_any_dtype(frame["day"])
    assert set(frame["day"].dropna().dt.year) == set(sales_frame()["day"].dt.year) == {2023, 2024}
    assert live.planning_frame(fresh, now=1.0) is frame  # kept within PLANNING_TTL_S
    assert live.planning_frame(fresh, now=1.0 + live.PLANNING_TTL_S) is not frame


class Quiet:
    def agent(self, *_args: Any) -> None:
        pass

    def delta(self, _text: str) -> None:
        pass

    def result(self, _result: dict[str, Any]) -> None:
        pass

    def cancelled(self) -> bool:
        return False


QUESTIONS = [
    "average amount by region",
    "how many rows have qty above 15",
    "top 5 rows by amount",
    "share of rows by product",
    "total amount per month",
    "how many distinct products are there",
    "correlation between amount and discount",
    "compare amount between North and South",
    "Durchschnitt amount pro region im Jahr 2024",
]


@pytest.mark.parametrize("digest", [False, True])
def test_questions_plan_and_answer_alike_live(pg_source, tmp_path, settings, monkeypatch, digest) -> None:  # type: ignore[no-untyped-def]
    """Through the agents (planner, tools, chart, answer) a live table gets the plan and
    the results of its copy; also when the planner sees only the large-table digest."""
    from datapulse.agents.contract import AnalysisRequest
    from datapulse.agents.engine import analyse

    if digest:
        monkeypatch.setattr(live, "PLANNING_ROWS", 100)
        monkeypatch.setattr(live, "_PLANNING", {})
    copy = copied(pg_source, tmp_path, settings)
    copy_ref = copy.tables[0]
    live_ref = TableRef("sales", Path(), live=pg_source)
    for question in QUESTIONS:
        expected = analyse(AnalysisRequest(question, [copy_ref]), Quiet(), settings)
        got = analyse(AnalysisRequest(question, [live_ref]), Quiet(), settings)
        assert got.plan == expected.plan and expected.plan, question
        charts = [r for r in expected.results if r["kind"] == "chart"]
        same(
            [r for r in got.results if r["kind"] != "chart"],
            [r for r in expected.results if r["kind"] != "chart"],
            question,
        )
        assert len([r for r in got.results if r["kind"] == "chart"]) == len(charts), question
        assert got.interpretation == expected.interpretation and got.answer, question  # sums may round apart


def test_a_session_cut_mid_statement_is_a_clear_failure(pg_source) -> None:  # type: ignore[no-untyped-def]
    """The server ends the session while a statement runs (a restart, an admin): the
    question fails with the database's reason, and the next one opens a fresh session."""
    import threading

    marker = f"cut_{uuid.uuid4().hex[:8]}"
    sql, source = live.compile_sql(f"SELECT pg_sleep(10) AS {marker}, count(*) FROM src", {"src": pg_source})
    failure: list[BaseException] = []

    def ask() -> None:
        try:
            live.run(source, sql)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            failure.append(exc)

    worker = threading.Thread(target=ask)
    worker.start()
    engine = create_engine(POSTGRES_URL)
    try:
        ended = False
        for _ in range(200):  # until the statement is seen running
            with engine.begin() as conn:
                found = conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        " WHERE query LIKE :q AND pid <> pg_backend_pid()"
                    ),
                    {"q": f"%{marker}%"},
                ).all()
            if found:
                ended = True
                break
            worker.join(0.02)
        worker.join(10)
    finally:
        engine.dispose()
    assert ended and not worker.is_alive()
    assert isinstance(failure[0], SourceQueryFailed) and "terminat" in failure[0].message, failure
    assert live.run(source, live.compile_sql("SELECT count(*) FROM src", {"src": source})[0]) == (["count"], [(240,)])


def test_live_sql_is_cut_like_any_query(pg_source) -> None:  # type: ignore[no-untyped-def]
    """POST /api/query's engine over a live table: row limit and byte budget as for files."""
    from datapulse.data.engine import run_query

    by_rows = run_query("SELECT id FROM sales ORDER BY id", {"sales": pg_source}, 7, 10)
    assert by_rows["rows"] == [[i] for i in range(1, 8)] and by_rows["truncated_reason"] == "limit"
    by_bytes = run_query("SELECT id, region FROM sales ORDER BY id", {"sales": pg_source}, 100, 10, max_bytes=300)
    assert 0 < by_bytes["total_rows"] < 10 and by_bytes["truncated_reason"] == "max_result_bytes"
    whole = run_query("SELECT count(*) AS n FROM sales;", {"sales": pg_source}, 100, 10)
    assert whole["rows"] == [[240]] and whole["result_rows"] == 1 and not whole["truncated"]


def test_one_statement_only(pg_source) -> None:  # type: ignore[no-untyped-def]
    """A source query or a question of two statements is refused before reaching the
    database (which runs one statement per call anyway: the extended protocol)."""
    from datapulse.errors import StatementNotAllowed

    two = LiveSource(url=pg_source.url, query=pg_source.query + "; DELETE FROM x", timeout_s=5)
    with pytest.raises(SourceQueryFailed, match="one SELECT statement"):
        live.compile_sql("SELECT count(*) FROM src", {"src": two})
    with pytest.raises(StatementNotAllowed):
        live.compile_sql("SELECT count(*) FROM src; SELECT 1 FROM src", {"src": pg_source})
    with pytest.raises(SourceQueryFailed, match="multiple commands"):
        live.run(pg_source, "SELECT 1; SELECT 2")
