"""Expectations the shared tests.agents.expect module lacks, graded only through the
SPEC 5 result shapes (table {columns, rows}, scalar {name, value})."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from datapulse.agents.contract import AnalysisOutcome
from tests.agents.expect import Expect, Frame, close, norm, scalars, tables


@dataclass
class Label(Expect):
    """A label answer (arg-max, arg-min, "which ..."): correct when the first table's
    first row starts with fn(df), or when a scalar's value equals it."""

    fn: Callable[[Frame], Any]

    def check(self, df: Frame, out: AnalysisOutcome) -> tuple[bool, str]:
        want = self.fn(df)
        for s in scalars(out):
            if _same_label(s["value"], want):
                return True, "ok"
        found = tables(out)
        if found and found[0]["rows"] and found[0]["rows"][0]:
            first = found[0]["rows"][0][0]
            return _same_label(first, want), f"first row starts with {first!r}, want {want!r}"
        got = [s["value"] for s in scalars(out)]
        return False, f"no table; scalars {got!r}, want {want!r}"


_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan", "januar", "jänner"),
            ("february", "feb", "februar"),
            ("march", "mar", "märz", "maerz", "mär"),
            ("april", "apr"),
            ("may", "mai"),
            ("june", "jun", "juni"),
            ("july", "jul", "juli"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct", "oktober", "okt"),
            ("november", "nov"),
            ("december", "dec", "dezember", "dez"),
        ],
        start=1,
    )
    for name in names
} | {f"{i}月": i for i in range(1, 13)}


def month_key(value: Any) -> tuple[int | None, int] | None:
    """(year or None, month) of a month as a table may print it: a date, "1855-01",
    a month number, or a month's name."""
    if isinstance(value, pd.Period | pd.Timestamp):
        return value.year, value.month
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return (None, int(value)) if 1 <= value <= 12 else None
    if isinstance(value, str):
        text = value.strip().casefold()
        if text in _MONTHS:
            return None, _MONTHS[text]
        if text.isdigit() and 1 <= int(text) <= 12:
            return None, int(text)
        try:
            stamp = pd.Timestamp(value)
        except (ValueError, TypeError):
            return None
        return stamp.year, stamp.month
    return None


def _same_month(got: Any, want: pd.Period) -> bool:
    key = month_key(got)
    return key is not None and key[1] == want.month and key[0] in (None, want.year)


def _same_label(got: Any, want: Any) -> bool:
    if isinstance(want, pd.Period):
        return _same_month(got, want)
    if isinstance(want, pd.Timestamp):
        try:
            return pd.Timestamp(got) == want
        except (ValueError, TypeError):
            return False
    if isinstance(norm(want), str) and isinstance(got, str):
        return got.strip().casefold() == str(norm(want)).casefold()
    return close(got, want)


@dataclass
class ByMonth(Expect):
    """The first table maps each month (its first column, however printed) to its
    last column as fn(df) does; fn returns a Series indexed by monthly Periods."""

    fn: Callable[[Frame], pd.Series]
    rel: float = 1e-6

    def check(self, df: Frame, out: AnalysisOutcome) -> tuple[bool, str]:
        want = self.fn(df).dropna()
        found = tables(out)
        if not found:
            return False, "no table"
        rows = [row for row in found[0]["rows"] if row and row[-1] is not None]
        if len(rows) != len(want):
            return False, f"{len(rows)} rows, want {len(want)}"
        for period, value in want.items():
            hits = [row for row in rows if _same_month(row[0], period)]
            if len(hits) != 1 or not close(hits[0][-1], value, self.rel):
                return False, f"{period}: got {[h[-1] for h in hits]}, want {value!r}"
        return True, "ok"
