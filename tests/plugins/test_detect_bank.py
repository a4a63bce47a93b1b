"""The detector on the bank: no call where none was asked, ≥ 90 % of asked calls found with the right parameters."""

from __future__ import annotations

from tests.plugins.bankrun import score
from tests.plugins.detect_bank import CASES


def test_bank_is_large_and_trilingual() -> None:
    """At least 60 messages, in English, German and Chinese, both calling and not calling."""
    assert len(CASES) >= 60
    assert {lang for lang, _m, _c in CASES} == {"en", "de", "zh"}
    assert any(c for _l, _m, c in CASES) and any(not c for _l, _m, c in CASES)


def test_precision_and_recall() -> None:
    """Precision 1.0 (nothing detected where nothing was asked) and recall of at least 0.9."""
    precision, recall, misses = score()
    assert precision == 1.0, misses
    assert recall >= 0.9, misses
