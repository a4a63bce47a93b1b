# ruff: noqa: F401
"""Shared helpers of the blind bank (its cases are in learn.py and frozen.py).

The blind bank: questions typed the way analysts type them, in English, German and
Chinese, over nine tables shipped inside installed packages (see datasets.py).

Written without reading the product's planner. Each expected answer is computed here
with pandas from the test's own copy of the data; where a question could be read two
ways, the comment says which reading the expectation takes (the one a careful analyst
would take). Ranges written as 'between A and B' / 'from A to B' include both ends;
'since Y' includes Y. Means, medians, percentages and correlations skip missing values
(pandas' default).
"""

from __future__ import annotations

import pandas as pd

from tests.agents.bank import Case, Q
from tests.agents.blind.expect_more import Label, Pct, YearTable
from tests.agents.expect import Clarify, Column, Scalar, Table

R = 1e-3  # relative tolerance for means, medians and correlations (a value shown rounded still counts)


# ---------------------------------------------------------------- helpers


def top(s: pd.Series, n: int, largest: bool = True) -> pd.Series:
    """The n largest (smallest) values, in order; refuses a tie inside the top n or at its edge,
    so the expected ranking is the only correct one."""
    s = s.dropna().sort_values(ascending=not largest)
    head = s.iloc[: n + 1]
    if head.duplicated().any():
        raise ValueError(f"tie in the top {n}: {head.to_dict()}")
    return s.head(n)


def argmax(s: pd.Series) -> object:
    s = s.dropna()
    if (s == s.max()).sum() != 1:
        raise ValueError("the maximum is shared")
    return s.idxmax()


def argmin(s: pd.Series) -> object:
    s = s.dropna()
    if (s == s.min()).sum() != 1:
        raise ValueError("the minimum is shared")
    return s.idxmin()


def count(mask: pd.Series) -> int:
    return int(mask.sum())


def pct(mask: pd.Series) -> float:
    """Share of rows (all rows of the frame given) where mask holds, in percent."""
    return float(100 * mask.sum() / len(mask))


def year_alts(ts: pd.Timestamp) -> list[object]:
    """A year stored as a date (January 1st): the year, or the date written out."""
    return [ts.year, ts.strftime("%Y-%m-%d"), ts.strftime("%Y-%m-%d %H:%M:%S"), ts.isoformat()]


def date_alts(ts: pd.Timestamp) -> list[object]:
    return [ts.strftime("%Y-%m-%d"), ts.strftime("%Y-%m-%d %H:%M:%S"), ts.isoformat()]


def between(s: pd.Series, lo: float, hi: float) -> pd.Series:
    return (s >= lo) & (s <= hi)


# ---------------------------------------------------------------- airports (vega_datasets)

A = "airports"

# ---------------------------------------------------------------- la_riots (vega_datasets)

L = "la_riots"

# ---------------------------------------------------------------- iowa_electricity (vega_datasets)

I = "iowa_electricity"  # noqa: E741
REN, FOS, NUC = "Renewables", "Fossil Fuels", "Nuclear Energy"


def _yr(d: pd.DataFrame) -> pd.Series:
    return d.year.dt.year


# ---------------------------------------------------------------- ohlc (vega_datasets)

O = "ohlc"  # noqa: E741


def _month(d: pd.DataFrame, m: int) -> pd.Series:
    return d.date.dt.month == m


# ---------------------------------------------------------------- driving (vega_datasets)

D = "driving"

# ---------------------------------------------------------------- grunfeld (statsmodels)

G = "grunfeld"

# ---------------------------------------------------------------- statecrime (statsmodels)

S = "statecrime"

# ---------------------------------------------------------------- anes96 (statsmodels)

N = "anes96"

# ---------------------------------------------------------------- macrodata (statsmodels)

M = "macrodata"

# ---------------------------------------------------------------- more, in English only


# The kind of each question (one primary kind per case), for the README's counts.
