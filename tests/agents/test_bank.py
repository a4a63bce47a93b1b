"""The question bank: every question in three languages against pandas' own answer."""

from __future__ import annotations

import pytest

from datapulse.settings import Settings
from tests.agents.bank import all_cases
from tests.agents.bankrun import BANK_VERDICTS, grade
from tests.agents.datasets import DatasetStore

PARAMS = [pytest.param(case, lang, q, id=f"{case.id}-{lang}") for case in all_cases() for lang, q in case.questions()]


@pytest.mark.parametrize(("case", "lang", "question"), PARAMS)
def test_question(case, lang, question, datasets: DatasetStore, agent_settings: Settings) -> None:  # type: ignore[no-untyped-def]
    """Each bank question gets pandas' answer (or asks back where it must)."""
    graded = grade(case, lang, question, datasets, agent_settings)
    BANK_VERDICTS.append((f"{case.id}-{lang}", graded.verdict))
    assert graded.verdict == "correct", f"{question!r}: {graded.verdict}: {graded.detail}"


def test_bank_is_big_enough() -> None:
    """At least 200 questions over at least six datasets, in all three languages."""
    assert len(PARAMS) >= 200
    assert len({case.dataset for case in all_cases()}) >= 6
    assert {lang for _c, lang, _q in (p.values for p in PARAMS)} == {"en", "de", "zh"}
