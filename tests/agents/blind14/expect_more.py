"""Expectations of this bank: blind13's (blind8's Label, ByMonth, arg-max / arg-min and
`top`, which refuse a tie, `OneOf`, `pct`, `share_either`, `rate_table`), and `ByYear`,
a table of one value per calendar year, however the year is printed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from datapulse.agents.contract import AnalysisOutcome
from tests.agents.blind13.expect_more import (
    PCT_REL,
    ByMonth,
    Label,
    OneOf,
    argmax,
    argmin,
    pct,
    rate_table,
    share_either,
    top,
)
from tests.agents.expect import Expect, Frame, close, tables

__all__ = [
    "PCT_REL",
    "ByMonth",
    "ByYear",
    "Label",
    "OneOf",
    "argmax",
    "argmin",
    "pct",
    "rate_table",
    "share_either",
    "top",
    "year_key",
]


def year_key(value: Any) -> int | None:
    """The calendar year of a table's key as it may be printed: 2004, "2004", 2004.0,
    "2004-01-01", a date or a yearly period."""
    if isinstance(value, pd.Period | pd.Timestamp):
        return int(value.year)
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return int(value) if 1000 <= value <= 3000 else None
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit() and len(text) == 4:
            return int(text)
        try:
            return int(pd.Timestamp(text).year)
        except (ValueError, TypeError):
            return None
    return None


@dataclass
class ByYear(Expect):
    """The first table maps each year (its first column, however printed) to its last
    column as fn(df) does; fn returns a Series indexed by the year (an int)."""

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
        for year, value in want.items():
            hits = [row for row in rows if year_key(row[0]) == int(year)]
            if len(hits) != 1 or not close(hits[0][-1], value, self.rel):
                return False, f"{year}: got {[h[-1] for h in hits]}, want {value!r}"
        return True, "ok"
