"""Any text gets an answer, a question back, or a clean error: never a crash."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datapulse.agents.contract import AnalysisRequest, TableRef
from datapulse.agents.engine import analyse
from datapulse.errors import DataPulseError
from datapulse.settings import Settings
from tests.agents.conftest import RecordingSink
from tests.agents.datasets import DatasetStore

WORDS = [
    "average", "mean", "by", "per", "top", "5", "between", "and", "or", "not", "Dream", "male", "body mass", "species",
    "island", "2008", "over", "under", ">", "<=", "how many", "rows", "which", "highest", "lowest", "share", "pivot",
    "trend", "monthly", "outliers", "z-score", "compare", "correlation", "distribution", "missing", "duplicates",
    "und", "nach", "pro", "Durchschnitt", "zwischen", "nicht", "Insel", "Art", "Geschlecht", "按", "平均",
    "体重", "物种", "之间", "到", "前", "最高", "多少", "呢", "只看", "'", "\"", "?", ",",
    "2014-01-01", "März 2013", "2013年3月", "the", "of", "length", "flipper", "bill", "year", "sum", "median", "std",
    "count", "distinct", "values", "contains",
]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS), min_size=0, max_size=9), st.text(max_size=12))
def test_any_question_ends_cleanly(datasets: DatasetStore, words: list[str], noise: str) -> None:
    """Word salad in three languages plus random text: an outcome with JSON results, or a DataPulseError."""
    question = " ".join(words) + noise
    request = AnalysisRequest(question, [TableRef("penguins", datasets.path("penguins"))])
    try:
        out = analyse(request, RecordingSink(), Settings())
    except DataPulseError:
        return
    json.dumps(out.results, allow_nan=False)
    json.dumps(out.context, allow_nan=False)
    assert out.answer
    assert not (out.needs_clarification and out.results)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6))
def test_follow_ups_of_anything_end_cleanly(datasets: DatasetStore, words: list[str]) -> None:
    """A follow-up on top of any earlier context ends cleanly too."""
    tables = [TableRef("penguins", datasets.path("penguins"))]
    try:
        first = analyse(AnalysisRequest("average body mass by species on Dream", tables), RecordingSink(), Settings())
        analyse(AnalysisRequest(" ".join(words), tables, context=first.context), RecordingSink(), Settings())
    except DataPulseError:
        return
