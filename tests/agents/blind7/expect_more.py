"""Expectations of this bank: blind6's (blind3's Label, ByMonth, arg-max / arg-min and
`top`, which refuse a tie, and `OneOf`, for an answer that may name a thing by its code
or by its name)."""

from __future__ import annotations

from tests.agents.blind6.expect_more import ByMonth, Label, OneOf, argmax, argmin, top

__all__ = ["ByMonth", "Label", "OneOf", "argmax", "argmin", "top"]
