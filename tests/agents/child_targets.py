"""Analyses the tests run in child processes (`AnalysisProcesses(target=...)`): by
question, one that blocks in a DuckDB query until interrupted, one that blocks where no
cancel reaches it, one that fails with a bug; any other question goes to the engine."""

from __future__ import annotations

import time

import duckdb

from datapulse.agents.contract import AnalysisOutcome, AnalysisRequest, RunSink
from datapulse.agents.engine import analyse as engine_analyse
from datapulse.data.interrupt import interruptible
from datapulse.settings import Settings

QUERY = "block in a query"
STUCK = "block where no cancel reaches"
BUG = "fail with a bug"
# Hours of work for DuckDB: only an interrupt ends it within a test.
LONG_SQL = "SELECT count(*) FROM range(10000000000000) t(i) WHERE i % 7 = 3"


def analyse(request: AnalysisRequest, sink: RunSink, settings: Settings) -> AnalysisOutcome:
    if request.question == QUERY:
        sink.agent("analyst", "processing", 10, "a long query")
        cur = duckdb.connect()
        with interruptible(cur):
            cur.execute(LONG_SQL).fetchall()
        raise AssertionError("the query ended by itself")
    if request.question == STUCK:
        sink.agent("analyst", "processing", 10, "stuck")
        time.sleep(3600)  # in the child: only a kill ends it
    if request.question == BUG:
        sink.agent("analyst", "processing", 10, "about to fail")
        raise KeyError("a bug")
    return engine_analyse(request, sink, settings)
