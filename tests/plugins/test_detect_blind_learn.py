"""A guard on the learn half of the blind detection bank (tests/plugins/blind/README.md):
the detector keeps the figures it reached there. The frozen half is scored only by hand
(`python -m tests.plugins.blind.report --half frozen`), never in the suite."""

from __future__ import annotations

from tests.plugins.blind.learn import LEARN
from tests.plugins.blind.report import score


def test_learn_half_floor() -> None:
    """Reached on the learn half: every expected call right, no call where none is asked."""
    tally = score((kind, case) for kind, cases in LEARN.items() for case in cases)["all"]
    assert tally.expected == 63 and tally.none_cases == 29
    assert tally.hits / tally.detected >= 1.0, tally.line("learn")
    assert tally.hits / tally.expected >= 1.0, tally.line("learn")
    assert tally.none_false == 0, tally.line("learn")
