"""Expectations of this bank: the blind_fresh bank's Label and ByMonth (graded only
through the SPEC 5 result shapes), and a helper that refuses a tied arg-max."""

from __future__ import annotations

from typing import Any

import pandas as pd

from tests.agents.blind_fresh.expect_more import ByMonth, Label

__all__ = ["ByMonth", "Label", "argmax", "argmin"]


def argmax(values: pd.Series) -> Any:
    """The label of the one largest value; a tie would make the question ambiguous."""
    values = values.dropna()
    top = values.max()
    hits = values[values == top]
    assert len(hits) == 1, f"tied maximum {top!r}: {list(hits.index)}"
    return hits.index[0]


def argmin(values: pd.Series) -> Any:
    """The label of the one smallest value (a tie is refused, as in argmax)."""
    return argmax(-values)
