"""The agent team end to end (no HTTP): events, results, clarification, cancel, SQL."""

from __future__ import annotations

import json

import pytest

from datapulse.agents.contract import AgentState, AnalysisCancelled, TableRef
from datapulse.agents.engine import AGENT_NAMES, list_agents
from datapulse.agents.stats import AgentStats, AgentStep
from datapulse.errors import QueryTimeout, StatementNotAllowed
from datapulse.events import utcnow
from tests.agents.conftest import Ask, RecordingSink

QUEUED, PROCESSING = AgentState.QUEUED, AgentState.PROCESSING
COMPLETED, FAILED = AgentState.COMPLETED, AgentState.FAILED


def test_events_come_in_order_and_match_the_outcome(ask: Ask) -> None:
    """Every agent is queued, runs and completes; results stream before the answer, deltas make the answer."""
    sink = RecordingSink()
    out = ask("penguins", "average body mass by species", sink=sink)
    agents = [payload for kind, payload in sink.events if kind == "agent"]
    assert [a[:2] for a in agents[: len(AGENT_NAMES)]] == [(n, QUEUED) for n in AGENT_NAMES]
    for name in AGENT_NAMES:
        states = [a[1] for a in agents if a[0] == name]
        assert PROCESSING in states and states[-1] == COMPLETED
    results = [payload for kind, payload in sink.events if kind == "result"]
    assert results == out.results
    deltas = [payload for kind, payload in sink.events if kind == "delta"]
    assert "".join(deltas) == out.answer and len(deltas) > 1
    first_delta = next(i for i, (kind, _) in enumerate(sink.events) if kind == "delta")
    last_result = max(i for i, (kind, _) in enumerate(sink.events) if kind == "result")
    assert last_result < first_delta
    assert out.plan == [
        {
            "tool": "group_aggregate",
            "args": {"table": "penguins", "measures": ["body_mass_g"], "agg": "mean", "group_by": ["species"]},
        }
    ]
    assert out.planner == "rules" and not out.needs_clarification
    assert out.context["group_by"] == ["species"]


def test_a_chart_where_it_helps(ask: Ask) -> None:
    """A group-by gets a bar chart and a trend a line chart, each a complete ECharts option."""
    charts = [r for r in ask("penguins", "average body mass by species").results if r["kind"] == "chart"]
    assert len(charts) == 1 and charts[0]["spec"]["series"][0]["type"] == "bar"
    assert charts[0]["spec"]["xAxis"]["data"] == ["Adelie", "Chinstrap", "Gentoo"]
    trend = [r for r in ask("seattle_weather", "monthly average wind").results if r["kind"] == "chart"]
    assert trend[0]["spec"]["series"][0]["type"] == "line"
    assert [r for r in ask("penguins", "How many rows are there?").results if r["kind"] == "chart"] == []


@pytest.mark.parametrize(
    "question",
    [
        "describe the data",
        "monthly average wind",
        "top 3 rows by precipitation",
        "outliers in wind",
        "strongest correlations",
        "distribution of weather",
        "missing values per column",
    ],
)
def test_results_are_strict_json(ask: Ask, question: str) -> None:
    """Results hold no NaN, numpy or date objects: strict JSON serialises them."""
    out = ask("seattle_weather", question)
    assert out.results and not out.needs_clarification
    json.dumps(out.results, allow_nan=False)
    json.dumps(out.context, allow_nan=False)


def test_no_data_gets_a_helpful_answer(ask: Ask) -> None:
    """A conversation without tables is answered with how to start, not an error."""
    sink = RecordingSink()
    out = ask([], "average price by category", sink=sink)
    assert out.results == [] and not out.needs_clarification
    assert "no data" in out.answer and "".join(p for k, p in sink.events if k == "delta") == out.answer


def test_no_data_answers_in_the_question_language(ask: Ask) -> None:
    """The reporter writes German and Chinese too."""
    assert "keine Daten" in ask([], "Wie viele Zeilen gibt es?").answer
    assert "没有数据" in ask([], "有多少行？").answer


def test_clarification_has_candidates_and_no_results(ask: Ask) -> None:
    """An ambiguous column asks back, names the candidates and sends no result event."""
    sink = RecordingSink()
    out = ask("penguins", "mean length", sink=sink)
    assert out.needs_clarification and out.results == [] and out.plan == []
    assert out.candidates == ["bill_length_mm", "flipper_length_mm"]
    assert "bill_length_mm" in out.answer
    assert not [k for k, _ in sink.events if k == "result"]


def test_unknown_question_asks_back(ask: Ask) -> None:
    """A question that names nothing the data has is not guessed at."""
    out = ask("penguins", "tell me something nice")
    assert out.needs_clarification and out.results == [] and "species" in out.candidates


@pytest.mark.parametrize("after", [0, 6, 9, 12])
def test_cancel_stops_between_steps(ask: Ask, after: int) -> None:
    """Once cancelled() is true the run raises at the next step, and the running agent reports it."""
    sink = RecordingSink(cancel_after=after)
    with pytest.raises(AnalysisCancelled):
        ask("penguins", "average body mass by species", sink=sink)
    agents = [p for k, p in sink.events if k == "agent"]
    assert not [k for k, _ in sink.events if k == "delta"]
    if after == 0:
        assert agents == []  # cancelled before it began: nothing at all
        return
    assert len(agents) <= max(after, len(AGENT_NAMES)) + 1  # at most the step under way reports its end
    if agents[-1][1] == FAILED:
        assert agents[-1][3] == "cancelled"
    else:
        assert agents[-1][1] in (QUEUED, COMPLETED)


def test_the_table_the_question_is_about(ask: Ask) -> None:
    """With several tables the data agent picks the one whose columns the question names."""
    out = ask(["flights", "penguins"], "average body mass by island")
    assert out.plan[0]["args"]["table"] == "penguins"
    out = ask(["penguins", "flights"], "average arrival delay by origin")
    assert out.plan[0]["args"]["table"] == "flights"


def test_sql_runs_read_only(ask: Ask, datasets) -> None:  # type: ignore[no-untyped-def]
    """A SELECT runs over the conversation's tables; its plan is the sql tool."""
    out = ask("penguins", "SELECT island, count(*) AS n FROM penguins GROUP BY island ORDER BY island")
    table = out.results[0]
    assert table["columns"] == ["island", "n"]
    want = datasets.frame("penguins").groupby("island").size()
    assert table["rows"] == [[k, int(v)] for k, v in want.items()]
    assert out.plan == [{"tool": "sql", "args": {"sql": out.plan[0]["args"]["sql"]}}]


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM penguins",
        "DROP TABLE penguins",
        "SELECT 1; SELECT 2",
        "COPY penguins TO 'out.csv'",
        "SELECT * FROM read_csv('/etc/passwd')",
        "ATTACH 'other.db'",
        "INSTALL httpfs",
        "SELECT * FROM read_parquet('/tmp/*.parquet')",
    ],
)
def test_sql_that_writes_or_reaches_out_is_refused(ask: Ask, sql: str) -> None:
    """Writes, several statements, files and extensions: statement_not_allowed."""
    sink = RecordingSink()
    with pytest.raises(StatementNotAllowed) as info:
        ask("penguins", sql, sink=sink)
    assert info.value.code == "statement_not_allowed"
    assert ("agent", ("analyst", FAILED, 100, info.value.message)) in sink.events


def test_sql_errors_are_bad_requests(ask: Ask) -> None:
    """A SELECT naming a missing column fails with query_error, not a crash."""
    from datapulse.errors import BadRequest

    with pytest.raises(BadRequest) as info:
        ask("penguins", "SELECT no_such_column FROM penguins")
    assert info.value.code == "query_error"


def test_sql_time_limit(ask: Ask, agent_settings) -> None:  # type: ignore[no-untyped-def]
    """A query past QUERY_TIMEOUT_S is interrupted with query_timeout."""
    slow = "SELECT count(*) FROM range(100000000) a, range(100000) b WHERE a.range * b.range % 7 = 3"
    with pytest.raises(QueryTimeout):
        ask("penguins", slow, settings=agent_settings.replace(QUERY_TIMEOUT_S=0.2))


def test_agent_stats_count_runs_and_failures(ask: Ask) -> None:
    """The agents' reports fold into each agent's state, runs, failures and mean duration."""
    stats = AgentStats()
    for n, question in enumerate(("How many rows are there?", "DROP TABLE penguins")):
        sink = RecordingSink()
        try:
            ask("penguins", question, sink=sink)
        except StatementNotAllowed:
            pass
        for agent, status, _, message in (v for k, v in sink.events if k == "agent"):
            stats.add(AgentStep(f"r{n}", agent, status, message, utcnow(), run_active=False))
    after = {a["name"]: a for a in stats.summaries(list_agents())}
    assert list(after) == list(AGENT_NAMES)
    assert after["reporter"]["runs"] == 1 and after["reporter"]["failures"] == 0  # no report after a failure
    assert after["analyst"]["failures"] == 1 and after["analyst"]["state"] == "error"
    assert after["planner"]["state"] == "idle" and after["planner"]["mean_duration_ms"] >= 0
    assert after["analyst"]["last_error"] and after["analyst"]["last_status"] == FAILED
    assert all({"title", "description", "last_run_at"} <= set(a) for a in after.values())


@pytest.mark.parametrize(
    ("question", "template", "reading"),
    [
        ("average body mass by species", "highest **{}**", "*Read as: mean of body_mass_g by species.*"),
        (
            "Durchschnittsgewicht pro Art",
            "am höchsten **{}**",
            "*Gelesen als: Mittelwert von body_mass_g nach species.*",
        ),  # noqa: E501
        ("按物种统计平均体重", "最高 **{}**", "*理解为：body_mass_g的平均值，按 species 分组。*"),
    ],
)
def test_answer_leads_with_the_main_figure(ask: Ask, datasets, question: str, template: str, reading: str) -> None:  # type: ignore[no-untyped-def]
    """The answer opens with the reading in words, then a sentence naming the top group, in the question's language."""
    top = datasets.frame("penguins").groupby("species").body_mass_g.mean().idxmax()
    out = ask("penguins", question)
    first, second = out.answer.split("\n\n")[:2]
    assert first == reading and out.interpretation == reading.strip("*") and out.ignored == []
    assert template.format(top) in second


@pytest.mark.parametrize(
    "question",
    [
        "compare body mass between male and female",
        "correlation of bill depth and body mass",
        "share of penguins by island",
        "outliers in bill length",
        "how many species",
        "top 3 heaviest penguins",
        "missing values",
        "duplicates",
        "monthly average wind",
        "show penguins with body mass over 6000",
        "strongest correlations",
    ],
)
def test_every_kind_of_answer_has_a_headline(ask: Ask, question: str) -> None:
    """Each analysis opens with a sentence in bold figures before the tables."""
    name = "seattle_weather" if "wind" in question else "penguins"
    reading, first = ask(name, question).answer.split("\n\n")[:2]
    assert reading.startswith("*Read as: ") and "**" in first and not first.startswith(("- ", "|", "*Computed"))


@pytest.mark.parametrize("content", [b"", b"not parquet at all", b"PAR1\x00\x00PAR1"])
def test_an_unreadable_table_fails_the_data_agent(tmp_path, agent_settings, content: bytes) -> None:  # type: ignore[no-untyped-def]
    """A missing or corrupt Parquet file is a clean error from the data agent."""
    from datapulse.agents.contract import AnalysisRequest, TableRef
    from datapulse.agents.engine import analyse
    from datapulse.agents.tools import ToolError

    path = tmp_path / "broken.parquet"
    path.write_bytes(content)
    sink = RecordingSink()
    with pytest.raises(ToolError) as info:
        analyse(AnalysisRequest("how many rows", [TableRef("broken", path)]), sink, agent_settings)
    assert info.value.code == "table_unreadable"
    assert [p for k, p in sink.events if k == "agent"][-1][:2] == ("data", FAILED)


def test_a_missing_table_file_fails_cleanly(tmp_path, agent_settings) -> None:  # type: ignore[no-untyped-def]
    """A table whose file is gone is reported, not a crash."""
    from datapulse.agents.contract import AnalysisRequest, TableRef
    from datapulse.agents.engine import analyse
    from datapulse.agents.tools import ToolError

    with pytest.raises(ToolError):
        analyse(AnalysisRequest("how many rows", [TableRef("gone", tmp_path / "gone.parquet")]), RecordingSink(),
                agent_settings)  # fmt: skip


def test_the_data_agent_joins_a_lookup_table(ask: Ask, datasets) -> None:  # type: ignore[no-untyped-def]
    """A question naming a lookup table's column joins it on the shared key first, and says so in the plan."""
    out = ask(["flights", "airlines"], "average arrival delay by name")
    assert out.plan[0] == {"tool": "join", "args": {"left": "flights", "right": "airlines", "on": "carrier"}}
    assert out.plan[1]["args"]["table"] == "flights+airlines" and out.plan[1]["args"]["group_by"] == ["name"]
    want = datasets.frame("flights").merge(datasets.frame("airlines"), on="carrier").groupby("name").arr_delay.mean()
    table = next(r for r in out.results if r["kind"] == "table")
    assert {row[0]: row[1] for row in table["rows"]} == pytest.approx(want.to_dict())
    assert out.results[0]["kind"] == "text" and "Joined flights with airlines on carrier" in out.results[0]["text"]


def test_no_join_without_a_unique_key(ask: Ask) -> None:
    """Two tables without a lookup key are not joined: the best table answers alone."""
    out = ask(["penguins", "seattle_weather"], "average body mass by species")
    assert [s["tool"] for s in out.plan] == ["group_aggregate"] and out.plan[0]["args"]["table"] == "penguins"


def test_join_refuses_a_key_that_repeats(datasets) -> None:  # type: ignore[no-untyped-def]
    """Joining on a key that is not unique in the lookup would repeat rows: refused."""
    from datapulse.agents.tools import ToolError, Workspace, build_registry

    ws = Workspace([TableRef("a", datasets.path("penguins")), TableRef("b", datasets.path("penguins"))])
    with pytest.raises(ToolError):
        build_registry().get("join").run(ws, {"left": "a", "right": "b", "on": "species"})


def test_a_reading_with_no_measure_is_asked_back_not_failed(ask: Ask, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reading whose step aggregates values but names no column (a mean of nothing) ends as
    a question back offering the numeric columns, never as a failed run (a tool error)."""
    import datapulse.agents.engine as engine

    for step in (
        {"tool": "group_aggregate", "args": {"table": "penguins", "agg": "mean", "group_by": ["year"]}},
        {"tool": "trend", "args": {"table": "penguins", "date_column": "year", "agg": "max", "freq": "year"}},
    ):
        monkeypatch.setattr(engine, "plan_for", lambda intent, step=step: [step])
        out = ask("penguins", "average body mass by year")
        assert out.needs_clarification and out.results == []
        assert out.clarification is not None
        assert "body_mass_g" in [c["value"] for c in out.clarification["candidates"]], out.clarification
    monkeypatch.setattr(engine, "plan_for", lambda intent: [{"tool": "count_rows", "args": {"table": "penguins"}}])
    assert not ask("penguins", "how many penguins").needs_clarification  # a count needs no measure
