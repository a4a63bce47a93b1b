"""Expectations of this bank: blind3's (blind_fresh's Label and ByMonth, blind2's arg-max /
arg-min that refuse a tie, and `top`, which refuses a tie inside a top-N or at its cut)."""

from __future__ import annotations

from tests.agents.blind3.expect_more import ByMonth, Label, argmax, argmin, top

__all__ = ["ByMonth", "Label", "argmax", "argmin", "top"]
