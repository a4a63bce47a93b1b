"""Expectations of this bank: blind11's (blind8's Label, ByMonth, arg-max / arg-min and
`top`, which refuse a tie, `OneOf`, and `pct`, a share in percent graded to a rounding
of its printing)."""

from __future__ import annotations

from tests.agents.blind11.expect_more import PCT_REL, ByMonth, Label, OneOf, argmax, argmin, pct, top

__all__ = ["PCT_REL", "ByMonth", "Label", "OneOf", "argmax", "argmin", "pct", "top"]
