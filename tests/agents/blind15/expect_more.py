"""Expectations of this bank: blind13's (blind8's Label, ByMonth, arg-max / arg-min and
`top`, which refuse a tie, `OneOf`, `pct`, a share in percent graded to a rounding of its
printing, `share_either`, a share as a fraction or in percent, and `rate_table`)."""

from __future__ import annotations

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

__all__ = ["PCT_REL", "ByMonth", "Label", "OneOf", "argmax", "argmin", "pct", "rate_table", "share_either", "top"]
