"""Coverage, the reading in words, and clarifications that resolve (SPEC 5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from datapulse.agents.contract import AnalysisOutcome, AnalysisRequest, TableRef
from datapulse.agents.engine import analyse
from datapulse.settings import Settings
from tests.agents.conftest import Ask, RecordingSink
from tests.agents.datasets import DatasetStore


def ask_bound(
    datasets: DatasetStore, settings: Settings, question: str, bindings: list[dict[str, str]], name: str = "penguins"
) -> AnalysisOutcome:
    request = AnalysisRequest(question, [TableRef(name, datasets.path(name))], bindings=bindings)
    return analyse(request, RecordingSink(), settings)


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("how many penguins have a wingspan above 200", "wingspan"),
        ("wie viele Pinguine haben eine Flügelspannweite über 200", "flügelspannweite"),
        ("翼展超过200的企鹅有多少只", "翼展"),
        ("what is the inflation rate in 2008", "inflation"),
    ],
)
def test_words_the_plan_cannot_use_are_asked_about(ask: Ask, question: str, word: str) -> None:
    """A question with a word that names nothing in the data is not answered without it."""
    out = ask("penguins", question)
    assert out.needs_clarification and out.results == [] and out.interpretation == ""
    assert word in out.clarification["about"] and word in " ".join(out.ignored)  # type: ignore[index]
    assert out.clarification["slot"] == "column" and out.clarification["candidates"]  # type: ignore[index]
    assert all({"label", "value"} <= set(c) for c in out.clarification["candidates"])  # type: ignore[index]
    assert out.candidates == [c["label"] for c in out.clarification["candidates"]]  # type: ignore[index]


def test_a_confident_answer_has_no_ignored_words(ask: Ask) -> None:
    """Every word accounted for: ignored is empty and the reading names each constraint."""
    out = ask("cars", "average horsepower of cars with 4 cylinders from Japan")
    assert not out.needs_clarification and out.ignored == []
    assert out.interpretation.startswith("Read as: mean of Horsepower where ")
    assert "Cylinders = 4" in out.interpretation and "Origin = Japan" in out.interpretation


def test_a_followup_names_the_filter_it_kept(ask: Ask) -> None:
    """'and of those, how many from Japan?' keeps cylinders = 4 and says so."""
    first = ask("cars", "how many cars have 4 cylinders?")
    out = ask("cars", "and of those, how many are from Japan?", context=first.context)
    assert "Cylinders = 4" in out.interpretation and "kept from your previous question" in out.interpretation


def test_a_column_binding_answers_the_original_question(datasets: DatasetStore, agent_settings: Settings) -> None:
    """Choosing a column for the unknown word answers the question with it, without asking again."""
    question = "how many penguins have a wingspan above 200"
    first = ask_bound(datasets, agent_settings, question, [])
    about = first.clarification["about"]  # type: ignore[index]
    out = ask_bound(
        datasets, agent_settings, question, [{"slot": "column", "about": about, "value": "flipper_length_mm"}]
    )
    frame = datasets.frame("penguins")
    assert not out.needs_clarification and out.ignored == []
    assert out.results[0]["value"] == int((frame.flipper_length_mm > 200).sum())


def test_a_reading_binding_answers_with_that_reading(datasets: DatasetStore, agent_settings: Settings) -> None:
    """'Which species has the highest body mass?' asks mean or max; the chosen reading answers."""
    question = "Which species has the highest body mass?"
    first = ask_bound(datasets, agent_settings, question, [])
    assert first.needs_clarification and first.clarification["slot"] == "reading"  # type: ignore[index]
    chosen = first.clarification["candidates"][1]  # type: ignore[index]
    assert chosen["label"].startswith("max")
    out = ask_bound(datasets, agent_settings, question, [{"slot": "reading", "about": "", "value": chosen["value"]}])
    frame = datasets.frame("penguins")
    assert not out.needs_clarification
    assert out.results[-2 if out.results[-1]["kind"] != "scalar" else -1]["kind"] in ("scalar", "table")
    scalar = next(r for r in out.results if r["kind"] == "scalar")
    assert scalar["value"] == frame.groupby("species").body_mass_g.max().idxmax()


def test_a_value_binding_picks_the_column(tmp_path: Path, agent_settings: Settings) -> None:
    """'Dream' in two columns asks which; the chosen column answers."""
    import pandas as pd

    frame = pd.DataFrame({"island": ["Dream", "Biscoe", "Dream"], "home": ["Biscoe", "Dream", "Dream"], "m": [1, 2, 3]})
    path = tmp_path / "t.parquet"
    frame.to_parquet(path)
    tables = [TableRef("t", path)]
    first = analyse(AnalysisRequest("average m on Dream", tables), RecordingSink(), agent_settings)
    assert first.clarification and first.clarification["slot"] == "value"
    value = next(c["value"] for c in first.clarification["candidates"] if c["value"].startswith("home"))
    binding = {"slot": "value", "about": first.clarification["about"], "value": value}
    out = analyse(AnalysisRequest("average m on Dream", tables, bindings=[binding]), RecordingSink(), agent_settings)
    assert not out.needs_clarification and out.results[0]["value"] == 2.5


@pytest.mark.parametrize(
    "question", ["and of those, how many are from Japan?", "und davon, wie viele aus Japan?", "其中有多少来自Japan？"]
)
def test_a_followup_with_nothing_before_asks(ask: Ask, question: str) -> None:
    """'of those' with no earlier answer is not answered as a new question."""
    out = ask("cars", question)
    assert out.needs_clarification and out.clarification["slot"] == "reading"  # type: ignore[index]


@pytest.mark.parametrize(
    "question",
    [
        "how many cars have 8 cylinders (Cylinders = 8)?",
        "wie viele Achtzylinder (Cylinders = 8) gibt es?",
        "八缸车（Cylinders = 8）有多少辆？",
    ],
)
def test_words_restated_in_parentheses_are_accounted_for(ask: Ask, datasets: DatasetStore, question: str) -> None:
    """'Achtzylinder (Cylinders = 8)': the parentheses say what the words before them mean."""
    out = ask("cars", question)
    assert not out.needs_clarification and out.ignored == []
    assert out.results[0]["value"] == int((datasets.frame("cars").Cylinders == 8).sum())


def test_words_link_to_abbreviated_columns_and_chinese_through_cedict() -> None:
    """latitude → lat, highway → hwy, 纬度 → lat (CC-CEDICT); price is not pce."""
    import pandas as pd

    from datapulse.agents.planner.columns import ColumnIndex
    from datapulse.agents.planner.linking import link

    index = ColumnIndex.build(pd.DataFrame({"lat": [1.0], "hwy": [2], "pce": [3.0], "city": ["a"]}))
    assert link("latitude", index) == ["lat"] and link("纬度", index) == ["lat"]
    assert "hwy" in index.resolve("highway") and link("price", index) == []


def test_german_words_and_compounds_link_through_the_word_list() -> None:
    """Goldpreis → gold price → `GOLDPRICE`, Weltproduktion → world production, Unterausschüsse
    → subcommittees (not `committee`: a prefix changes the word); Preis alone fits two columns;
    Reispreis → rice where no column says price; district → `TOWNDIST`."""
    import pandas as pd

    from datapulse.agents.planner.columns import ColumnIndex
    from datapulse.agents.planner.linking import german_english, link

    frame = pd.DataFrame(
        {"GOLDPRICE": [1.0], "SILVERPRICE": [2.0], "WORLDPRODUCTION": [3.0], "committee": ["a"], "subcommittees": [1]}
    )
    index = ColumnIndex.build(frame)
    assert german_english("Armutsquote") == ["poverty rate", "poverty"] and german_english("Staaten") == ["state"]
    assert link("Goldpreises", index) == ["GOLDPRICE"] and link("Weltproduktion", index) == ["WORLDPRODUCTION"]
    assert link("Unterausschüsse", index) == ["subcommittees"] and link("subcommittee", index) != ["committee"]
    assert sorted(link("Preis", index)) == ["GOLDPRICE", "SILVERPRICE"]
    plain = ColumnIndex.build(pd.DataFrame({"rice": [1.0], "wages": [2.0], "TOWNDIST": ["a"], "distance": [3.0]}))
    assert link("Reispreis", plain) == ["rice"]  # a compound on a measure word: the column is that measure
    assert link("district", plain) == ["TOWNDIST"]  # a name ending in the word cut short


def _region_table(tmp_path: Path) -> list[TableRef]:
    import pandas as pd

    frame = pd.DataFrame(
        {
            "REGION": ["Ayr", "Bute", "Clyde", "Dee", "Esk"],
            "HANGINGS": [1, 1, 2, 9, 1],
            "NORTH": [1, 0, 0, 1, 0],
            "PARISHES": [2, 4, 5, 3, 9],
        }
    )
    path = tmp_path / "regions.parquet"
    frame.to_parquet(path)
    return [TableRef("regions", path)]


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("How many hangings were there in total?", 14),  # a count-like column with "in total": its sum
        ("What percent of the regions are in the north?", 40.0),  # a 0/1 flag over the rows' names
        ("How many regions have between 3 and 5 parishes?", 3),  # the range binds the number column
    ],
)
def test_totals_flags_and_ranges_over_a_table_of_named_rows(
    tmp_path: Path, agent_settings: Settings, question: str, value: float
) -> None:
    out = analyse(AnalysisRequest(question, _region_table(tmp_path)), RecordingSink(), agent_settings)
    assert not out.needs_clarification, out.answer
    assert out.results[0]["value"] == value, out.answer


@pytest.mark.parametrize(
    "question",
    [
        "How many rows have a wage value filled in?",
        "Wie viele Zeilen haben wages ausgefüllt?",
        "wages 有值的行有多少？",
    ],
)
def test_a_column_filled_in_counts_its_present_values(tmp_path: Path, agent_settings: Settings, question: str) -> None:
    """'filled in', 'ausgefüllt', '有值': a not-null filter on the column named beside it."""
    import pandas as pd

    path = tmp_path / "w.parquet"
    frame = pd.DataFrame({"year": [1, 2, 3, 4], "wages": [1.0, None, 3.0, None], "wheat": [5.0, 6.0, None, 8.0]})
    frame.to_parquet(path)
    out = analyse(AnalysisRequest(question, [TableRef("w", path)]), RecordingSink(), agent_settings)
    assert not out.needs_clarification and out.results[0]["value"] == 2, out.answer
    assert out.plan[0]["args"]["filters"] == [{"column": "wages", "op": "notnull", "value": None}]


@pytest.mark.parametrize(
    "question",
    [
        "In how many years was wheat higher than wages?",
        "Wie viele Jahre hatten wheat größer als wages?",
        "wheat 高于 wages 的年份有几个？",
    ],
)
def test_two_columns_compared_row_by_row(tmp_path: Path, agent_settings: Settings, question: str) -> None:
    """'wheat higher than wages': a gt_col filter, each row's two values compared."""
    import pandas as pd

    path = tmp_path / "w.parquet"
    pd.DataFrame({"year": [1, 2, 3, 4], "wheat": [5.0, 1.0, 7.0, 2.0], "wages": [4.0, 3.0, 6.0, 2.0]}).to_parquet(path)
    out = analyse(AnalysisRequest(question, [TableRef("w", path)]), RecordingSink(), agent_settings)
    assert not out.needs_clarification and out.results[0]["value"] == 2, out.answer
    assert out.plan[0]["args"]["filters"] == [{"column": "wheat", "op": "gt_col", "value": "wages"}]


def test_a_column_comparison_names_a_column(tmp_path: Path) -> None:
    """gt_col compares with a column's name; a number or an unknown name is a ToolError."""
    import pandas as pd

    from datapulse.agents.tools.base import ToolError, filter_mask

    frame = pd.DataFrame({"a": [1, 2], "b": [2, 1]})
    assert filter_mask(frame, [{"column": "a", "op": "gt_col", "value": "b"}]).tolist() == [False, True]
    with pytest.raises(ToolError, match="another column"):
        filter_mask(frame, [{"column": "a", "op": "gt_col", "value": 3}])
    with pytest.raises(ToolError, match="no column"):
        filter_mask(frame, [{"column": "a", "op": "gt_col", "value": "c"}])
