"""Expectations of this bank: blind12's (blind8's Label, ByMonth, arg-max / arg-min and
`top`, which refuse a tie, `OneOf`, and `pct`, a share in percent graded to a rounding
of its printing), and `share_either`, a share given as a fraction or in percent."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from tests.agents.blind12.expect_more import PCT_REL, ByMonth, Label, OneOf, argmax, argmin, pct, top
from tests.agents.expect import Frame, Scalar, Table

__all__ = ["PCT_REL", "ByMonth", "Label", "OneOf", "argmax", "argmin", "pct", "rate_table", "share_either", "top"]


def share_either(mask: Callable[[Frame], pd.Series]) -> OneOf:
    """A share asked for in words ("what share", "wie viel Prozent"): right in percent
    (to a rounding of its printing) or as a fraction."""
    return OneOf(
        [
            Scalar(lambda df: pct(mask(df)), rel=PCT_REL),
            Scalar(lambda df: pct(mask(df)) / 100, rel=PCT_REL),
        ]
    )


def rate_table(fn: Callable[[Frame], pd.Series]) -> OneOf:
    """A rate per group (the mean of a 0/1 column): right as a fraction or in percent."""
    return OneOf([Table(fn, rel=PCT_REL), Table(lambda df: 100 * fn(df), rel=PCT_REL)])
