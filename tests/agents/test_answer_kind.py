"""The last check before an answer (issue 9, datapulse.agents.answerkind): the kind of answer a
question asks for ("when", "what share", "what's the name", "for each", "how many … on average")
is the kind the plan computed, else the question is asked back with the reading it could make,
never answered with a number of another kind. Small frames built here; the expected values and
row counts from pandas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from datapulse.agents.answerkind import Asked, asked, inherit, mismatch
from datapulse.agents.contract import AnalysisOutcome, AnalysisRequest, TableRef
from datapulse.agents.engine import analyse
from datapulse.settings import Settings
from tests.agents.conftest import RecordingSink

T = pd.Timestamp


def _releases() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "version": [2.2, 3.0, 3.1, 4.0, 5.0, 6.0],
            "codename": ["Potato", "Woody", "Sarge", "Etch", "Lenny", "Squeeze"],
            "created": [T("1999-08-15"), T("2000-08-15"), T("2002-07-19"), T("2005-06-06"), T("2007-04-08"),
                        T("2009-02-14")],
            "release": [T("2000-08-15"), T("2002-07-19"), T("2005-06-06"), T("2007-04-08"), T("2009-02-14"),
                        T("2011-02-06")],
            "eol": [T("2003-06-30"), T("2006-06-30"), T("2008-03-31"), T("2010-02-15"), T("2012-02-06"),
                    T("2014-05-31")],
        }
    )  # fmt: skip


def _log() -> pd.DataFrame:
    urgency = ["low", "medium", "high", "low", "emergency", "medium", "low", "high", "low", "medium"]
    return pd.DataFrame(
        {
            "package": [f"p{k}" for k in range(10)],
            "urgency": urgency,
            "changes": [1, 4, 2, 7, 3, 1, 5, 2, 8, 3],
            "date": pd.date_range("2001-01-01", periods=10, freq="90D"),
        }
    )


def _places() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "country": ["US", "US", "US", "CA", "CA", "DE"],
            "code": ["US-CA", "US-NY", "US-TX", "CA-ON", "CA-QC", "DE-BY"],
            "name": ["California", "New York", "Texas", "Ontario", "Quebec", "Bavaria"],
            "type": ["State", "State", "State", "Province", "Province", "State"],
        }
    )


def _languages() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "alpha_3": ["aaa", "aab", "aac", "aad", "aae", "aaf", "aag", "aah"],
            "name": ["A", "B", "C", "D", "E", "F", "G", "H"],
            "scope": ["I", "I", "I", "M", "I", "I", "I", "I"],
            "type": ["L", "L", "E", "L", "A", "L", "H", "L"],
        }
    )


FRAMES = {"releases": _releases, "changelog": _log, "places": _places, "languages": _languages}


def _ask(
    tmp_path: Path, name: str, question: str, context: dict[str, Any] | None = None, **kw: Any
) -> tuple[AnalysisOutcome, RecordingSink]:
    path = tmp_path / f"{name}.parquet"
    if not path.exists():
        FRAMES[name]().to_parquet(path)
    settings = Settings(DATA_DIR=tmp_path / "data", UPLOAD_FOLDER=tmp_path / "uploads")
    sink = RecordingSink()
    request = AnalysisRequest(question=question, tables=[TableRef(name, path)], context=context or {}, **kw)
    return analyse(request, sink, settings), sink


# Plans of another kind than asked: the rule planner's readings of these questions before its
# round 17 (which reads them right now); the check is tested on them, whatever the planner reads.
def _one(tool: str, table: str, **args: Any) -> list[dict[str, Any]]:
    return [{"tool": tool, "args": {"table": table, **args}}]


def _eq(column: str, value: Any) -> list[dict[str, Any]]:
    return [{"column": column, "op": "eq", "value": value}]


_ETCH = _one("describe", "releases", filters=_eq("codename", "Etch"), columns=["release"])
_SHARE = _one("share", "languages", column="type")
_OTHER_KIND: dict[str, list[dict[str, Any]]] = {
    "When did Woody come out?": _one("filter", "releases", filters=_eq("codename", "Woody")),
    "各个紧急程度分别有多少条记录？": _one("count_rows", "changelog", filters=_eq("urgency", "emergency")),
    "每个紧急程度的平均变更数是多少？": _one(
        "group_aggregate", "changelog", filters=_eq("urgency", "emergency"), measures=["changes"], agg="mean"
    ),
    "When was Etch released?": _ETCH,
    "Etch 是什么时候发布的？": _ETCH,
    "What share of the languages are living ones (type L)?": _SHARE,
    "Welcher Anteil der Sprachen hat Typ L?": _SHARE,
    "类型为 State 的有多少条？": _one("schema", "places"),
    "一共有几种不同的语言类型？": _one("schema", "languages"),
}


def _planned_as_before(monkeypatch: pytest.MonkeyPatch, question: str) -> None:
    """The question planned as listed in _OTHER_KIND (a plan of another kind than asked)."""
    import datapulse.agents.engine as engine

    monkeypatch.setattr(engine, "plan_for", lambda intent: _OTHER_KIND[question])


def _asked_back(out: AnalysisOutcome, sink: RecordingSink) -> None:
    assert out.needs_clarification, out.answer
    assert not out.results and not any(kind == "result" for kind, _ in sink.events)
    assert out.clarification is not None and out.clarification["slot"] == "reading"


# ---- through the engine: a clear mismatch asks back ---------------------------------------


@pytest.mark.parametrize(
    ("name", "question", "said"),
    [
        ("releases", "When did Woody come out?", "When"),  # the row's every column, not its date
        ("changelog", "各个紧急程度分别有多少条记录？", "各"),  # one count, not a table per urgency
        ("changelog", "每个紧急程度的平均变更数是多少？", "每个"),  # one mean, not a table per urgency
        ("releases", "When was Etch released?", "When"),  # summary statistics of the date
        ("releases", "Etch 是什么时候发布的？", "什么时候"),
        ("places", "What is the name of the row with code DE-BY?", "name"),  # a count of rows
        ("languages", "What share of the languages are living ones (type L)?", "share"),  # a table of shares
        ("languages", "Welcher Anteil der Sprachen hat Typ L?", "Anteil"),
        ("places", "类型为 State 的有多少条？", "多少条"),  # the number of columns, not of rows
        ("languages", "一共有几种不同的语言类型？", "几种"),
    ],
)
def test_an_answer_of_another_kind_is_asked_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, question: str, said: str
) -> None:
    if question in _OTHER_KIND:
        _planned_as_before(monkeypatch, question)
    out, sink = _ask(tmp_path, name, question)
    _asked_back(out, sink)
    assert said in out.clarification["about"]  # type: ignore[index]
    assert out.candidates, "the reading it could compute is offered"


def test_the_clarification_says_what_was_understood_and_offers_the_reading(tmp_path: Path) -> None:
    out, _ = _ask(tmp_path, "places", "What is the name of the row with code DE-BY?")
    assert "a name or the matching rows" in out.answer and "a count" in out.answer
    assert out.candidates[0] in out.answer
    value = out.clarification["candidates"][0]["value"]  # type: ignore[index]
    assert json.loads(value)["kind"]  # the reading, as an intent the reply binds


def test_choosing_the_offered_reading_answers_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _planned_as_before(monkeypatch, "各个紧急程度分别有多少条记录？")
    out, _ = _ask(tmp_path, "changelog", "各个紧急程度分别有多少条记录？")
    chosen = out.clarification["candidates"][0]  # type: ignore[index]
    binding = {"slot": "reading", "about": out.clarification["about"], "value": chosen["value"]}  # type: ignore[index]
    again, _ = _ask(tmp_path, "changelog", "各个紧急程度分别有多少条记录？", bindings=[binding])
    assert not again.needs_clarification and again.results  # the user chose it: answered as read


def test_a_german_and_a_chinese_clarification_speak_their_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _planned_as_before(monkeypatch, "每个紧急程度的平均变更数是多少？")
    out, _ = _ask(tmp_path, "changelog", "每个紧急程度的平均变更数是多少？")
    assert "每组一个值" in out.answer
    _planned_as_before(monkeypatch, "Welcher Anteil der Sprachen hat Typ L?")
    de, _ = _ask(tmp_path, "languages", "Welcher Anteil der Sprachen hat Typ L?")
    assert "fragt nach einen Anteil" in de.answer


# ---- through the engine: the right kind is answered --------------------------------------


def test_a_count_per_group_is_answered(tmp_path: Path) -> None:
    out, _ = _ask(tmp_path, "changelog", "How many entries are there for each urgency?")
    assert not out.needs_clarification, out.answer
    want = _log()["urgency"].value_counts()
    table = next(r for r in out.results if r["kind"] == "table")
    got = {row[0]: row[-1] for row in table["rows"]}
    assert got == want.to_dict()


def test_a_count_is_answered(tmp_path: Path) -> None:
    out, _ = _ask(tmp_path, "changelog", "How many entries have urgency low?")
    assert not out.needs_clarification, out.answer
    assert out.results[0]["value"] == int((_log()["urgency"] == "low").sum())


def test_a_date_is_answered(tmp_path: Path) -> None:
    out, _ = _ask(tmp_path, "releases", "When was the first release?")
    assert not out.needs_clarification, out.answer
    values = [r.get("value") for r in out.results if r["kind"] == "scalar"]
    assert _releases()["release"].min().isoformat() in values


def test_a_label_is_answered(tmp_path: Path) -> None:
    out, _ = _ask(tmp_path, "releases", "Which codename has the highest version?")
    assert not out.needs_clarification, out.answer
    frame = _releases()
    assert frame.loc[frame["version"].idxmax(), "codename"] in [r.get("value") for r in out.results]


def test_the_number_of_columns_is_answered_when_asked(tmp_path: Path) -> None:
    out, _ = _ask(tmp_path, "places", "How many columns are there?")
    assert not out.needs_clarification, out.answer
    assert ("columns", _places().shape[1]) in [(r.get("name"), r.get("value")) for r in out.results]


def test_the_kind_is_kept_into_the_context_of_the_next_question(tmp_path: Path) -> None:
    out, _ = _ask(tmp_path, "changelog", "How many entries are there for each urgency?")
    assert out.context["asked"]["kinds"] == ["count"] and out.context["asked"]["grouped"]


# ---- the lexicon ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "lang", "kind"),
    [
        ("When was Focal Fossa released?", "en", "when"),
        ("Since when is it supported?", "en", "when"),
        ("In what year did it start?", "en", "when"),
        ("Wann kam Woody heraus?", "de", "when"),
        ("Seit wann gibt es Etch?", "de", "when"),
        ("In welchem Jahr kam Etch?", "de", "when"),
        ("Focal Fossa 是什么时候发布的？", "zh", "when"),
        ("Woody 是哪一年发布的？", "zh", "when"),
        ("数据从哪个月开始？", "zh", "when"),
        ("What share of the languages are living ones?", "en", "share"),
        ("What percentage of rows have a parent?", "en", "share"),
        ("Welcher Anteil der Sprachen ist lebendig?", "de", "share"),
        ("Wie viel Prozent haben einen Typ?", "de", "share"),
        ("有上级的占多少比例？", "zh", "share"),
        ("What's the name of the subdivision with code US-CA?", "en", "label"),
        ("Which country has the most states?", "en", "label"),
        ("Wie heißt die Einheit mit dem Code US-CA?", "de", "label"),
        ("Auf welcher Insel leben die meisten?", "de", "label"),
        ("代码为 US-CA 的行政区叫什么？", "zh", "label"),
        ("哪个国家最多？", "zh", "label"),
        ("How many releases are there?", "en", "count"),
        ("Wie viele Versionen gibt es?", "de", "count"),
        ("一共有多少个版本？", "zh", "count"),
        ("有几种类型？", "zh", "count"),
        ("How many changes does an entry list on average?", "en", "mean"),
    ],
)
def test_the_interrogatives_say_the_kind(question: str, lang: str, kind: str) -> None:
    ask = asked(question, lang)
    assert ask is not None and kind in ask.kinds


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("各个紧急程度分别有多少条记录？", "zh"),
        ("每个紧急程度的平均变更数是多少？", "zh"),
        ("How many releases came out each year?", "en"),
        ("Wie viele Einheiten hat jedes Land?", "de"),
    ],
)
def test_each_asks_for_a_table(question: str, lang: str) -> None:
    ask = asked(question, lang)
    assert ask is not None and ask.grouped


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("average miles per gallon by origin", "en"),  # a unit, not a grouping
        ("mean price of cars from Japan", "en"),  # no interrogative: no check
        ("Durchschnitt von value pro group", "de"),
        ("平均价格是多少？", "zh"),  # 是多少: a value, not a count
        ("How many days did the longest storm last?", "en"),  # a measure in days, not a count
        ("What was the average temperature when it rained?", "en"),  # "when" joins a condition
        ("How many changes does each entry list on average?", "en"),  # per row, not per group
    ],
)
def test_words_that_do_not_ask_for_a_kind(question: str, lang: str) -> None:
    ask = asked(question, lang)
    assert ask is None or (not ask.grouped and "count" not in ask.kinds and "when" not in ask.kinds)


def test_a_follow_up_keeps_the_kind_unless_it_names_its_own() -> None:
    first = asked("How many entries are there for each urgency?", "en")
    kept = inherit(asked("only the high ones?", "en"), first, True, "only the high ones?")
    assert kept is not None and kept.kinds == ["count"] and kept.inherited
    own = inherit(asked("and their mean changes?", "en"), first, True, "and their mean changes?")
    assert own is None  # "mean": the follow-up asks for an average now
    assert inherit(None, first, False) is None  # not a follow-up: nothing kept


# ---- the results' kinds -----------------------------------------------------------------


def _scalar(name: str, value: Any) -> dict[str, Any]:
    return {"kind": "scalar", "name": name, "value": value}


def _table(title: str, columns: list[str], rows: list[list[Any]]) -> dict[str, Any]:
    return {"kind": "table", "title": title, "columns": columns, "rows": rows}


def test_a_date_answers_when_and_a_count_does_not() -> None:
    when = asked("When did Woody come out?", "en")
    frame = _releases()
    day = frame.loc[frame["codename"] == "Woody", "release"].iloc[0].isoformat()
    assert not mismatch(when, [_scalar("release", day)])
    assert not mismatch(when, [_scalar("times", 17.6)])  # a number under a name of time
    assert mismatch(when, [_scalar("rows where codename = Woody", 1)])
    assert mismatch(when, [_table("Summary statistics", ["column", "min", "max"], [["release", day, day]])])
    two_dates = frame.loc[frame["codename"] == "Woody"].astype(str).values.tolist()
    assert mismatch(when, [_table("Matching rows", list(frame.columns), two_dates)])  # which of its dates?


def test_a_share_needs_a_share() -> None:
    share = asked("What share of the languages are living ones?", "en")
    pct = round(100 * float((_languages()["type"] == "L").mean()), 2)
    assert not mismatch(share, [_scalar("percent of rows where type = L", pct)])
    assert mismatch(share, [_table("Share of rows by type", ["type", "count", "percent"], [["L", 5, pct]])])
    per_group = asked("What share do each type have?", "en")
    assert not mismatch(per_group, [_table("Share of rows by type", ["type", "count", "percent"], [["L", 5, pct]])])


def test_a_name_needs_a_label_or_a_row() -> None:
    name = asked("What's the name of the subdivision with code US-CA?", "en")
    assert mismatch(name, [_scalar("rows where code = US", 0), _table("Matching rows", ["name"], [])])
    assert not mismatch(name, [_scalar("name", "California")])
    assert not mismatch(name, [_table("Matching rows", ["name", "code"], [["California", "US-CA"]])])


def test_a_count_needs_a_whole_number() -> None:
    many = asked("How many releases are there?", "en")
    assert not mismatch(many, [_scalar("rows", len(_releases()))])
    assert mismatch(many, [_scalar("mean_version", float(_releases()["version"].mean()))])
    assert mismatch(many, [_scalar("min_release", "2000-08-15T00:00:00")])


def test_each_needs_a_table() -> None:
    each = asked("How many entries are there for each urgency?", "en")
    counts = _log()["urgency"].value_counts()
    assert mismatch(each, [_scalar("rows where urgency = low", int(counts["low"]))])
    assert not mismatch(each, [_table("count by urgency", ["urgency", "count"], [[k, v] for k, v in counts.items()])])


def test_a_word_that_names_a_column_asks_for_no_kind() -> None:
    ask = Asked(["share"], words=["share"])
    plan = [{"tool": "group_aggregate", "args": {"measures": ["share"], "agg": "mean"}}]
    assert not mismatch(ask, [_scalar("mean_share", 0.4)], plan)
    assert mismatch(ask, [_scalar("mean_other", 0.4)], [{"tool": "group_aggregate", "args": {"measures": ["other"]}}])


def test_the_number_of_columns_answers_only_a_question_about_columns() -> None:
    schema = [_table("Columns and types", ["column", "dtype"], [["type", "str"]]), _scalar("columns", 4)]
    assert mismatch(asked("类型为 State 的有多少条？", "zh"), schema)
    assert mismatch(asked("一共有几种不同的语言类型？", "zh"), schema)
    assert not mismatch(asked("How many columns does the table have?", "en"), schema)
    assert not mismatch(asked("Wie viele Spalten gibt es?", "de"), schema)


def test_a_follow_up_after_each_still_needs_a_table() -> None:
    first = asked("How many entries are there for each urgency?", "en")
    kept = inherit(asked("only the high ones?", "en"), first, True, "only the high ones?")
    assert kept is not None and kept.grouped
    assert mismatch(kept, [_scalar("rows where urgency = high", int((_log()["urgency"] == "high").sum()))])
