"""Expectations of this bank: blind3's (blind_fresh's Label and ByMonth, blind2's arg-max /
arg-min that refuse a tie, and `top`, which refuses a tie inside a top-N or at its cut),
and `OneOf`, for an answer that may name a thing by its code or by its name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from datapulse.agents.contract import AnalysisOutcome
from tests.agents.blind3.expect_more import ByMonth, Label, argmax, argmin, top
from tests.agents.expect import Expect, Frame

__all__ = ["ByMonth", "Label", "OneOf", "argmax", "argmin", "top"]


@dataclass
class OneOf(Expect):
    """Correct when any of `options` holds (a territory as "IN" or as "India")."""

    options: list[Expect]

    def fn(self, df: Frame) -> Any:
        """What the bank's check evaluates: every option's expected value (each must
        compute), the first one shown."""
        values = [option.fn(df) for option in self.options]  # type: ignore[attr-defined]
        return values[0]

    def check(self, df: Frame, out: AnalysisOutcome) -> tuple[bool, str]:
        details = []
        for option in self.options:
            ok, detail = option.check(df, out)
            if ok:
                return True, detail
            details.append(detail)
        return False, " | ".join(details)
