"""Live sql source benchmark on PostgreSQL: a generated table asked the eight kinds of
question through the agents (planner → tools → chart → answer) with the tools running
INSIDE PostgreSQL, each beside the same SQL statements run directly with psycopg on one
open connection in the same run; and the copy mode's time to first answer (the whole
table copied into a dataset version, then the same first question) beside it.

    .venv/bin/python bench/bench_live_source.py [--rows 1000000] [--repeat 3]
    .venv/bin/python bench/bench_live_source.py --rows 10000000 --skip-copy

The issue's figure is 10 M rows; the default is smaller so that a run takes a minute or
two. PostgreSQL from BENCH_POSTGRES_URL (default: the local test database). Prints one
JSON line per question and a summary; not a test (the machine is shared, figures move).
Goal: each live question within 1.5x of its SQL run directly.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from datapulse.agents.contract import AnalysisRequest, TableRef  # noqa: E402
from datapulse.agents.engine import analyse, warm_up  # noqa: E402
from datapulse.settings import load_settings  # noqa: E402
from datapulse.sqlsource import live  # noqa: E402
from datapulse.sqlsource.live import LiveSource  # noqa: E402

URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
QUESTIONS = [
    ("group-by", "average amount by region"),
    ("filter", "how many orders have qty above 15"),
    ("top-N", "top 5 orders by amount"),
    ("share", "share of orders by category"),
    ("trend", "total amount per month"),
    ("distinct count", "how many distinct categories are there"),
    ("correlation", "correlation between amount and discount"),
    ("comparison", "compare amount between region_1 and region_2"),
]


class Sink:
    def agent(self, *_args: Any) -> None:
        pass

    def delta(self, _text: str) -> None:
        pass

    def result(self, _result: dict[str, Any]) -> None:
        pass

    def cancelled(self) -> bool:
        return False


def make_table(schema: str, rows: int) -> None:
    engine = create_engine(URL)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        conn.execute(
            text(
                f"""CREATE TABLE "{schema}".orders AS SELECT g AS id,
                'region_' || (g % 10) AS region,
                'cat_' || lpad(((g::bigint * 7919) % 100)::text, 3, '0') AS category,
                round((random() * 1000)::numeric, 2)::double precision AS amount,
                (g % 20) + 1 AS qty,
                random() * 0.3 AS discount,
                timestamp '2022-01-01' + (g % 1095) * interval '1 day' AS ts
                FROM generate_series(1, {rows}) AS g"""
            )
        )
        conn.execute(text(f'ANALYZE "{schema}".orders'))
    engine.dispose()


def drop(schema: str) -> None:
    engine = create_engine(URL)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def ask_live(question: str, tables: list[TableRef], settings: Any) -> tuple[float, list[str]]:
    """Seconds for the whole question, and the statements it ran in PostgreSQL."""
    ran: list[str] = []
    original = live.run

    def recording(source: LiveSource, sql: str, limit: int | None = None) -> Any:
        ran.append(sql)
        return original(source, sql, limit)

    live.run = recording  # type: ignore[assignment]
    try:
        start = time.perf_counter()
        outcome = analyse(AnalysisRequest(question, tables), Sink(), settings)
        seconds = time.perf_counter() - start
    finally:
        live.run = original  # type: ignore[assignment]
    if outcome.needs_clarification or not outcome.results:
        raise SystemExit(f"not answered: {question!r}: {outcome.answer}")
    return seconds, ran


def direct(conn: psycopg.Connection[Any], statements: list[str]) -> float:
    start = time.perf_counter()
    for sql in statements:
        conn.execute(sql.encode()).fetchall()
    seconds = time.perf_counter() - start
    conn.rollback()
    return seconds


def copy_then_ask(source: LiveSource, question: str, settings: Any, work: Path) -> dict[str, float]:
    """The copy mode: the source's rows into a Parquet version, then the first question."""
    from datapulse.agents.tools.base import load_frame
    from datapulse.datasources import fetch_sql, tables

    start = time.perf_counter()
    names, rows = fetch_sql.run_query(source.url, source.query, settings)
    out = work / "v1.parquet"
    tables.rows_to_parquet(names, rows, out)
    del rows
    copied = time.perf_counter() - start
    load_frame(out)
    analyse(AnalysisRequest(question, [TableRef("orders", out)]), Sink(), settings)
    return {"copy_s": round(copied, 3), "first_answer_s": round(time.perf_counter() - start, 3)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-copy", action="store_true", help="leave out the copy mode (slow at 10 M rows)")
    args = parser.parse_args()
    schema = f"bench_live_{uuid.uuid4().hex[:8]}"
    work = Path(tempfile.mkdtemp(prefix="bench_live_"))
    settings = load_settings(
        environ={
            "DATA_DIR": str(work / "data"),
            "UPLOAD_FOLDER": str(work / "uploads"),
            "SECRET_KEY": "bench-secret-key-0123456789",
            "SQL_SOURCE_ALLOWLIST": "127.0.0.1,localhost",
            "SQL_SOURCE_TIMEOUT_S": "600",
            "QUERY_TIMEOUT_S": "600",
        },
        env_file=None,
    )
    source = LiveSource(URL, f'SELECT * FROM "{schema}".orders', timeout_s=600)
    tables = [TableRef("orders", Path(), live=source)]
    conninfo = URL.replace("postgresql+psycopg://", "postgresql://")
    try:
        start = time.perf_counter()
        make_table(schema, args.rows)
        print(json.dumps({"rows": args.rows, "table_generated_s": round(time.perf_counter() - start, 1)}), flush=True)
        warm_up()
        start = time.perf_counter()
        live.planning_frame(source)
        print(json.dumps({"planning_frame_s": round(time.perf_counter() - start, 3)}), flush=True)
        ratios = []
        with psycopg.connect(conninfo) as conn:
            for kind, question in QUESTIONS:
                lives, directs = [], []
                for _ in range(args.repeat):
                    seconds, statements = ask_live(question, tables, settings)
                    lives.append(seconds)
                    directs.append(direct(conn, statements))
                live_s, direct_s = statistics.median(lives), statistics.median(directs)
                ratios.append(live_s / direct_s)
                print(
                    json.dumps(
                        {
                            "kind": kind,
                            "question": question,
                            "statements": len(statements),
                            "live_ms": round(live_s * 1000, 1),
                            "psycopg_ms": round(direct_s * 1000, 1),
                            "ratio": round(live_s / direct_s, 2),
                        }
                    ),
                    flush=True,
                )
        summary: dict[str, Any] = {
            "rows": args.rows,
            "ratio_max": round(max(ratios), 2),
            "ratio_median": round(statistics.median(ratios), 2),
            "within_1_5x": sum(r <= 1.5 for r in ratios),
        }
        if not args.skip_copy:
            summary["copy_mode"] = copy_then_ask(source, QUESTIONS[0][1], settings, work)
            live._PLANNING.clear()  # cold: the planner's digest is built again
            first, _ = ask_live(QUESTIONS[0][1], tables, settings)
            summary["live_first_answer_s"] = round(first, 3)
        print(json.dumps({"summary": summary}), flush=True)
    finally:
        drop(schema)


if __name__ == "__main__":
    main()
