"""What the planner's unit tests share: reading a question over a frame, and running the
one SQL query some readings are written as."""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

from datapulse.agents.planner.columns import ColumnIndex
from datapulse.agents.planner.intent import Intent
from datapulse.agents.planner.rules import parse_question
from datapulse.agents.planner.scan import detect_language


def parse(frame: pd.DataFrame, question: str, table: str = "t", previous: Intent | None = None) -> Intent:
    """The rules planner's reading of `question` over `frame` (or its Clarify)."""
    return parse_question(question, ColumnIndex.build(frame), table, detect_language(question), previous)


def run_sql(intent: Intent, frame: pd.DataFrame, table: str = "t") -> Any:
    """The planner's one SQL query run over the frame under the table's name."""
    assert intent.kind == "sql"
    con = duckdb.connect()
    con.register(table, frame)
    return con.sql(intent.extra["sql"]).fetchall()
