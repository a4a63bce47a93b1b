"""Expectations the shared tests.agents.expect lacks. Each grades the outcome only through
the SPEC 5 shapes: results of kind table {columns, rows} and scalar {name, value}."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from datapulse.agents.contract import AnalysisOutcome
from tests.agents.expect import Expect, Frame, Table, close, scalars, tables


def _alternatives(want: Any) -> list[Any]:
    return list(want) if isinstance(want, list | tuple) else [want]


@dataclass
class Label(Expect):
    """The answer is one label: the arg-max / arg-min of 'which X has the highest Y'.

    fn returns the label, or a list of equally acceptable spellings of it (e.g. an
    airport's iata code and its name; a year as 2016 or as the date 2016-01-01).
    Correct when the first table's first row starts with the label (its first cell), or
    when any scalar's value equals it.
    """

    fn: Callable[[Frame], Any]

    def check(self, df: Frame, out: AnalysisOutcome) -> tuple[bool, str]:
        wants = _alternatives(self.fn(df))
        for s in scalars(out):
            if any(close(s["value"], w) for w in wants):
                return True, f"scalar {s['name']} = {s['value']!r}"
        found = tables(out)
        if found and found[0]["rows"]:
            first = found[0]["rows"][0][0]
            return any(close(first, w) for w in wants), f"first row starts with {first!r}, want {wants}"
        return False, f"no scalar or table row with {wants}"


@dataclass
class Pct(Expect):
    """A percentage on the 0-100 scale: the first scalar (or the first whose name contains
    `name`) is within `tol` of fn(df), so a value shown to two decimals still counts."""

    fn: Callable[[Frame], float]
    name: str | None = None
    tol: float = 0.006

    def check(self, df: Frame, out: AnalysisOutcome) -> tuple[bool, str]:
        want = float(self.fn(df))
        found = [s for s in scalars(out) if self.name is None or self.name in s["name"]]
        if not found:
            return False, f"no scalar; want {want!r} %"
        got = found[0]["value"]
        ok = isinstance(got, int | float) and not isinstance(got, bool) and abs(got - want) <= self.tol
        return ok, f"got {got!r}, want {want!r} %"


_YEAR_DATE = re.compile(r"^(\d{4})-01-01([T ]00:00:00(\.0+)?)?$")


@dataclass
class YearTable(Table):
    """A Table whose first key is a year, on a table that stores years as dates (January 1st):
    a key written as the date 2005-01-01 (with or without a time) counts as the year 2005."""

    def check(self, df: Frame, out: AnalysisOutcome) -> tuple[bool, str]:
        results = []
        for r in out.results:
            if r["kind"] == "table":
                rows = [[_year(row[0]), *row[1:]] if row else row for row in r["rows"]]
                r = r | {"rows": rows}
            results.append(r)
        return super().check(df, dataclasses.replace(out, results=results))


def _year(cell: Any) -> Any:
    m = _YEAR_DATE.match(str(cell)) if isinstance(cell, str) else None
    return int(m.group(1)) if m else cell
