"""'What was X in effect on D': the value of the last row dated on or before D (issue 9).

A table of dated events (leap seconds, rate changes, currency changes) holds a value from
its row's date until the next row. Asked with a word for "in effect" (in force, valid,
gültig, galt, 有效), the answer is that row's value. Asked without one at a day that has
no row, the question is read two ways (the value in effect then, or the rows of that day,
of which there are none): the planner asks, never answers an empty table as if it were
the value. The plan is one read-only SQL query whose leading comment is its reading.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from datapulse.agents.planner.bindings import reading_value
from datapulse.agents.planner.intent import Clarify, Intent
from datapulse.agents.planner.scan import Span

if TYPE_CHECKING:
    from datapulse.agents.planner.rules import RuleParser

IN_EFFECT = re.compile(
    r"\bin (?:effect|force)\b|\bvalid\b|\bapplied\b|\bapplicable\b|\bin kraft\b|\bgültig\w*|\bgalt\b|\bgilt\b|"
    r"有效|适用|实行"
)
_READING = {
    "en": "{m} in effect on {d} (the last row dated on or before {d})",
    "de": "{m} gültig am {d} (die letzte Zeile am oder vor dem {d})",
    "zh": "{d} 时有效的 {m}（日期不晚于 {d} 的最后一行）",
}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _one_day(f: dict[str, Any]) -> str | None:
    value = f.get("value")
    if f.get("op") != "between" or not isinstance(value, list) or len(value) != 2:
        return None
    lo, hi = str(value[0]), str(value[1])
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", lo) or hi not in (lo, lo + "T23:59:59"):
        return None
    return lo


def value_in_effect(p: RuleParser, make: Any, numeric: list[str], aggs: list[str]) -> Intent | None:
    """The intent (or a question back) for a value asked at one day of a table of dated events."""
    filters = list(make("x").filters)
    if len(filters) != 1 or aggs:
        return None
    column = filters[0]["column"]
    day = _one_day(filters[0])
    if day is None or column not in p.index.days or column in p.index.spacing:
        return None  # regular series (one row each day) have a row at every day they cover
    nums = [c for c in numeric if c != column]
    if len(nums) != 1:
        return None
    word = IN_EFFECT.search(p.question.lower())
    intent = _as_of(p, column, day, nums[0])
    if word is not None:
        p.spans.append(Span(word.start(), word.end(), "label", None, word.group(0), 1))
        return intent
    if day in p.index.days[column]:
        return None  # the day has its row: its value
    rows = make("filter", measures=[nums[0], column])
    raise Clarify(
        "two_readings",
        [f"{nums[0]} in effect on {day} (last row before it)", f"rows dated {day} (there are none)"],
        word=day,
        values=[reading_value(intent), reading_value(rows)],
    )


def _as_of(p: RuleParser, column: str, day: str, measure: str) -> Intent:
    reading = _READING.get(p.lang, _READING["en"]).format(m=measure, d=day)
    reading = re.sub(r"\*/|/\*", "", reading)
    c, m = _quote(column), _quote(measure)
    after = (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()
    # a plain ISO bound: the same query reads in DuckDB, PostgreSQL and SQLite (a live source's database)
    sql = f"/* {reading} */ SELECT {m} FROM {_quote(p.table)} WHERE {c} < '{after}' ORDER BY {c} DESC LIMIT 1"
    return Intent(kind="sql", table=p.table, measures=[measure], filters=[], extra={"sql": sql})
