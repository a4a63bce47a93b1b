"""Expectations of this bank: blind6's (blind3's Label, ByMonth, arg-max / arg-min and
`top`, which refuse a tie, and `OneOf`, for an answer that may name a thing by its code
or by its name), and `pct`, a share in percent graded to a rounding of its printing."""

from __future__ import annotations

import pandas as pd

from tests.agents.blind6.expect_more import ByMonth, Label, OneOf, argmax, argmin, top

__all__ = ["PCT_REL", "ByMonth", "Label", "OneOf", "argmax", "argmin", "pct", "top"]

# A share printed with two decimals (12.35 for 12.3457) is still the right share.
PCT_REL = 1e-3


def pct(mask: pd.Series) -> float:
    """The share of True in `mask` (missing values left out), in percent."""
    mask = mask.dropna().astype(bool)
    assert len(mask), "share of nothing"
    return float(100 * mask.mean())
