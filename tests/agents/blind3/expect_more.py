"""Expectations of this bank: blind2's (blind_fresh's Label and ByMonth, and the arg-max /
arg-min helpers that refuse a tie), and `top`, which refuses a tie at a top-N cut."""

from __future__ import annotations

import pandas as pd

from tests.agents.blind2.expect_more import ByMonth, Label, argmax, argmin

__all__ = ["ByMonth", "Label", "argmax", "argmin", "top"]


def top(values: pd.Series, n: int, largest: bool = True) -> pd.Series:
    """The n largest (or smallest) values in order. A tie inside the top N or at its cut is
    refused: the rows' order (or the set) would have two right answers."""
    ranked = values.dropna().sort_values(ascending=not largest, kind="stable")
    assert len(ranked) > n, f"only {len(ranked)} values for a top {n}"
    head = ranked.head(n + 1)
    assert not head.duplicated().any(), f"tie in the top {n} or at its cut: {list(head)}"
    return ranked.head(n)
