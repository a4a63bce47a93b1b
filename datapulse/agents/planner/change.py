"""'How much did X change from A to B': the value at B minus the value at A (issue 9).

The two ends come from the range the filters read ("from January 2010 to January 2016",
"von 1960q1 bis 1990q4", "从2007年到2009年"). Where each end is one row (a month of monthly
data, a quarter of a table of quarters) the values are subtracted; where an end holds
several rows the question must say how they are summed up ("the yearly total", "年均值"),
or the planner asks which reading is meant. The plan is one read-only SQL query whose
leading comment is its reading, so the answer says what was subtracted from what.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from datapulse.agents.planner.bindings import reading_value
from datapulse.agents.planner.intent import SQL_AGG, Clarify, Intent
from datapulse.agents.planner.scan import Span

if TYPE_CHECKING:
    from datapulse.agents.planner.rules import RuleParser

_MEAN = re.compile(r"average|durchschnitt|mittel|均")
_SUM = re.compile(r"total|summe")
READING = {
    "en": "change in {what} from {a} to {b} ({what} at {b} minus {what} at {a})",
    "de": "Veränderung von {what} von {a} bis {b} ({what} bei {b} minus {what} bei {a})",
    "zh": "{what} 从 {a} 到 {b} 的变化（{b} 的 {what} 减去 {a} 的 {what}）",
}
PERCENT_READING = {
    "en": "percent change in {what} from {a} to {b} (({what} at {b} − {what} at {a}) ÷ {what} at {a} × 100)",
    "de": (
        "prozentuale Veränderung von {what} von {a} bis {b} (({what} bei {b} − {what} bei {a}) ÷ {what} bei {a} × 100)"
    ),
    "zh": "{what} 从 {a} 到 {b} 的百分比变化（({b} 的 {what} − {a} 的 {what}) ÷ {a} 的 {what} × 100）",
}
_AGG_WORDS = {
    "en": {"mean": "mean {m}", "sum": "total {m}", "median": "median {m}", "max": "maximum {m}", "min": "minimum {m}"},
    "de": {"mean": "Mittelwert von {m}", "sum": "Summe von {m}", "median": "Median von {m}", "max": "Maximum von {m}",
           "min": "Minimum von {m}"},
    "zh": {"mean": "{m} 的平均值", "sum": "{m} 的总和", "median": "{m} 的中位数", "max": "{m} 的最大值",
           "min": "{m} 的最小值"},
}  # fmt: skip


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _end_of(span: Span) -> tuple[str, Any] | None:
    """(granularity, value) of one end of the range: a year, a month, a day or a period text."""
    if span.kind == "num" and isinstance(span.payload, int) and 1000 <= span.payload <= 2999:
        return "year", {"year": span.payload}
    if span.kind == "date" and "year" in span.payload:
        p = span.payload
        return ("day" if "day" in p else "month" if "month" in p else "quarter" if "quarter" in p else "year"), p
    if span.kind == "val" and len(span.payload) == 1:
        return "period", span.payload[0][1]
    return None


def _condition(axis: str, kind: str, end: Any, part_year: bool) -> str:
    col = _quote(axis)
    if kind == "period":
        return f"{col} = '{str(end).replace(chr(39), '')}'"
    if part_year:
        return f"{col} = {int(end['year'])}"
    y, m, d = int(end["year"]), int(end.get("month", 1)), int(end.get("day", 1))
    start = dt.date(y, m, d)
    if "quarter" in end:
        m = 3 * int(end["quarter"]) - 2
        start = dt.date(y, m, 1)
    if kind == "year":
        stop = dt.date(y + 1, 1, 1)
    elif kind == "quarter":
        stop = dt.date(y + (m == 10), (m + 2) % 12 + 1, 1)
    elif kind == "month":
        stop = dt.date(y + (m == 12), m % 12 + 1, 1)
    else:
        stop = start + dt.timedelta(days=1)
    # plain ISO bounds: the same query reads in DuckDB, PostgreSQL and SQLite (a live source's database)
    return f"{col} >= '{start.isoformat()}' AND {col} < '{stop.isoformat()}'"


def _label(kind: str, end: Any) -> str:
    if kind == "period":
        return str(end)
    if kind == "year":
        return str(end["year"])
    if kind == "quarter":
        return f"{end['year']}Q{end['quarter']}"
    if kind == "month":
        return f"{end['year']}-{end['month']:02d}"
    return f"{end['year']}-{end['month']:02d}-{end['day']:02d}"


_PERCENT = re.compile(r"percent|prozent|%|百分")
_RELATIVE = re.compile(r"percent|prozent|%|百分|\brate\b|\brates\b|\bratio\b|quote|率|\bfactor\b|\bmal\b|倍")


def _averaged_change(p: RuleParser, at: int) -> bool:
    """'the average monthly change', 'durchschnittliche Veränderung', '平均变化': an aggregate of the
    changes, not the change between two ends (no column stands between the two words)."""
    for s in p.spans:
        if s.kind == "kw" and any(k.startswith("agg:") and k != "agg:count" for k in s.payload) and s.end <= at:
            between = [t for t in p.spans if s.end <= t.start < at and t.kind == "col"]
            if not between and at - s.end <= 16:
                return True
    return False


def free_match(pattern: re.Pattern[str], text: str, spans: list[Span]) -> re.Match[str] | None:
    """The first match of `pattern` that is no part of a column's or a value's mention: the
    "change" of `inventory_change` names the column, it asks for no change (issue 9)."""
    for m in pattern.finditer(text):
        if not any(s.kind in ("col", "val") and s.start <= m.start() < s.end for s in spans):
            return m
    return None


def change_between(
    p: RuleParser, make: Any, groups: list[str], mentions: list[Span], aggs: list[str], freq: str | None
) -> Intent | None:
    from datapulse.agents.planner.decide import _numeric
    from datapulse.agents.planner.wide import CHANGE_WORDS

    low = p.question.lower()
    word = free_match(CHANGE_WORDS, low, p.spans)
    filters = list(make("x").filters)
    if word is None or groups or not filters or len({f["column"] for f in filters}) != 1:
        return None
    two = len(filters) == 2 and all(
        f["op"] in ("year", "month", "eq", "between") for f in filters
    )  # "von 2007 auf 2009"
    if not two and (len(filters) != 1 or filters[0]["op"] != "between"):
        return None
    relative = _RELATIVE.search(low)
    percent = relative is not None and _PERCENT.fullmatch(relative.group(0)) is not None
    if (relative and not percent) or _averaged_change(p, word.start()):
        return None  # a growth rate, a factor, an average monthly change: not a difference of two values
    axis = filters[0]["column"]
    idx = p.index
    part_year = axis in idx.numeric and axis.lower() == "year"
    if axis not in idx.dates and axis not in idx.periods and not part_year:
        return None
    ends = [(i, e) for i, s in enumerate(p.spans) if i in p.used and (e := _end_of(s)) is not None]
    if part_year or axis in idx.dates:
        ends = [(i, e) for i, e in ends if e[0] != "period"]
    else:
        ends = [(i, e) for i, e in ends if e[0] == "period" or e[0] == "year"]
    if len(ends) != 2 or ends[0][1][0] != ends[1][1][0]:
        return None
    (_, (kind, a)), (_, (_, b)) = ends
    nums = [c for c in _numeric(p, mentions) if c != axis]
    if len(nums) != 1:
        return None
    measure = nums[0]
    if axis in idx.dates:  # a day of data with at most one row a day is one row (or none)
        one_row = kind == idx.spacing.get(axis) or (kind == "day" and "day" in (idx.date_steps.get(axis) or set()))
    elif part_year:
        one_row = idx.nunique.get(axis) == idx.rows
    else:
        one_row = kind == "period" and axis in idx.labels
    agg = next((x for x in aggs if x in SQL_AGG), None)
    for _i, s in p.free("freq") if agg is None else ():  # "年均值", "Jahressumme": the period's mean, its total
        agg = "mean" if _MEAN.search(s.text) else "sum" if _SUM.search(s.text) else None
    if agg is None and not one_row:
        if kind == "period":  # a year of quarters written as text: which quarters' values?
            return None
        readings = [_intent(p, make, axis, kind, a, b, measure, x, part_year, percent=percent) for x in ("mean", "sum")]
        raise Clarify(
            "two_readings",
            [f"change in mean {measure} per {kind}", f"change in total {measure} per {kind}"],
            word=word.group(0),
            values=[reading_value(r) for r in readings],
        )
    for i, s in enumerate(p.spans):  # the change word is part of the plan
        if s.kind == "kw" and s.start <= word.start() < s.end:
            p.used.add(i)
    p.spans.append(Span(word.start(), word.end(), "label", None, word.group(0), 1))
    return _intent(p, make, axis, kind, a, b, measure, agg or "mean", part_year, one_row, percent)


def _intent(
    p: RuleParser,
    make: Any,
    axis: str,
    kind: str,
    a: Any,
    b: Any,
    measure: str,
    agg: str,
    part_year: bool,
    one_row: bool = False,
    percent: bool = False,
) -> Intent:
    fn = SQL_AGG[agg]
    table = _quote(p.table)
    m = _quote(measure)
    at_a, at_b = _condition(axis, kind, a, part_year), _condition(axis, kind, b, part_year)
    words = _AGG_WORDS.get(p.lang, _AGG_WORDS["en"])
    what = measure if one_row else words[agg].format(m=measure)
    texts = PERCENT_READING if percent else READING
    reading = texts.get(p.lang, texts["en"]).format(what=what, a=_label(kind, a), b=_label(kind, b))
    reading = re.sub(r"\*/|/\*", "", reading)
    at_end, at_start = f"(SELECT {fn}({m}) FROM {table} WHERE {at_b})", f"(SELECT {fn}({m}) FROM {table} WHERE {at_a})"
    if percent:  # "percent change": the change as a percentage of the start's value
        value, name = f"100.0 * ({at_end} - {at_start}) / {at_start}", "percent_change_" + measure
    else:
        value, name = f"{at_end} - {at_start}", "change_" + measure
    sql = f"/* {reading} */ SELECT {value} AS {_quote(name)}"
    return Intent(kind="sql", table=p.table, measures=[measure], extra={"sql": sql})
