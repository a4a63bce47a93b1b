"""Expected answers, computed with pandas from the test's own copy of the data, and
how an outcome is compared with them."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from datapulse.agents.contract import AnalysisOutcome

Frame = pd.DataFrame


def norm(value: Any) -> Any:
    """A key or value as the JSON answer carries it."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, pd.Period):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def close(a: Any, b: Any, rel: float = 1e-6) -> bool:
    a, b = norm(a), norm(b)
    if a is None or b is None or (isinstance(a, float) and math.isnan(a)) or (isinstance(b, float) and math.isnan(b)):
        return (a is None or (isinstance(a, float) and math.isnan(a))) and (
            b is None or (isinstance(b, float) and math.isnan(b))
        )
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=rel, abs_tol=1e-9)
    return str(a) == str(b)


def scalars(out: AnalysisOutcome) -> list[dict[str, Any]]:
    return [r for r in out.results if r["kind"] == "scalar"]


def tables(out: AnalysisOutcome) -> list[dict[str, Any]]:
    return [r for r in out.results if r["kind"] == "table"]


@dataclass
class Expect:
    def check(self, df: Frame, out: AnalysisOutcome) -> tuple[bool, str]:
        raise NotImplementedError


@dataclass
class Scalar(Expect):
    """The first scalar (or the first whose name contains `name`) equals fn(df)."""

    fn: Callable[[Frame], Any]
    name: str | None = None
    rel: float = 1e-6

    def check(self, df: Frame, out: AnalysisOutcome) -> tuple[bool, str]:
        want = self.fn(df)
        found = [s for s in scalars(out) if self.name is None or self.name in s["name"]]
        if not found:
            return False, f"no scalar{' ' + self.name if self.name else ''}; want {want!r}"
        got = found[0]["value"]
        return close(got, want, self.rel), f"got {got!r}, want {want!r}"


@dataclass
class Table(Expect):
    """The first table maps its key columns to `value` (default: its last column) as fn(df) does.

    fn returns a Series indexed by the key(s). `ordered`: the rows' order matters too.
    """

    fn: Callable[[Frame], pd.Series]
    value: str | None = None
    ordered: bool = False
    rel: float = 1e-6

    def check(self, df: Frame, out: AnalysisOutcome) -> tuple[bool, str]:
        want = self.fn(df)
        found = tables(out)
        if not found:
            return False, "no table"
        tbl = found[0]
        nkeys = want.index.nlevels
        vcol = tbl["columns"].index(self.value) if self.value else len(tbl["columns"]) - 1
        got = [(tuple(norm(k) for k in row[:nkeys]), row[vcol]) for row in tbl["rows"]]
        exp = [
            ((tuple(norm(k) for k in key) if isinstance(key, tuple) else (norm(key),)), v) for key, v in want.items()
        ]
        exp = [
            (k, v) for k, v in exp if not (v is pd.NA or (isinstance(v, float) and math.isnan(v)))
        ]  # Float64's <NA> too
        got = [(k, v) for k, v in got if v is not None]
        if len(got) != len(exp):
            return False, f"{len(got)} rows, want {len(exp)}: {got[:5]} vs {exp[:5]}"
        if self.ordered:
            pairs = zip(got, exp, strict=True)
            ok = all(str(gk) == str(ek) and close(gv, ev, self.rel) for (gk, gv), (ek, ev) in pairs)
            return ok, f"got {got[:5]}, want {exp[:5]}"
        gmap = {tuple(str(x) for x in k): v for k, v in got}
        for k, v in exp:
            key = tuple(str(x) for x in k)
            if key not in gmap or not close(gmap[key], v, self.rel):
                return False, f"key {key}: got {gmap.get(key)!r}, want {v!r}"
        return True, "ok"


@dataclass
class Column(Expect):
    """The first table's column `column` holds fn(df)'s values, in order."""

    column: str
    fn: Callable[[Frame], list[Any]]

    def check(self, df: Frame, out: AnalysisOutcome) -> tuple[bool, str]:
        want = [norm(v) for v in self.fn(df)]
        found = tables(out)
        if not found or self.column not in found[0]["columns"]:
            return False, f"no table with column {self.column}"
        i = found[0]["columns"].index(self.column)
        got = [row[i] for row in found[0]["rows"]]
        ok = len(got) == len(want) and all(close(g, w) for g, w in zip(got, want, strict=True))
        return ok, f"got {got[:8]}, want {want[:8]}"


@dataclass
class Clarify(Expect):
    """The agents ask back (no results) and offer at least these candidates."""

    includes: list[str] = field(default_factory=list)

    def check(self, df: Frame, out: AnalysisOutcome) -> tuple[bool, str]:
        ok = out.needs_clarification and not out.results and all(c in out.candidates for c in self.includes)
        return ok, f"needs_clarification={out.needs_clarification}, candidates={out.candidates}"


@dataclass
class All(Expect):
    """Every expectation holds."""

    parts: list[Expect]

    def check(self, df: Frame, out: AnalysisOutcome) -> tuple[bool, str]:
        for part in self.parts:
            ok, detail = part.check(df, out)
            if not ok:
                return ok, detail
        return True, "ok"
