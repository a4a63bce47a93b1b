"""Expectations of this bank: blind13's (Label, arg-max / arg-min and `top`, which refuse
a tie, `OneOf`, `pct` and `share_either`, a share given as a fraction or in percent)."""

from __future__ import annotations

from tests.agents.blind13.expect_more import PCT_REL, Label, OneOf, argmax, argmin, pct, share_either, top

__all__ = ["PCT_REL", "Label", "OneOf", "argmax", "argmin", "pct", "share_either", "top"]
