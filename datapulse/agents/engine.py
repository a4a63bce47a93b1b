"""The agent team that answers one question: planner → data → analyst → visualiser → reporter.

`analyse()` is what a chat run calls. Each agent reports through the sink as it
starts, progresses and ends; the user's cancel is honoured between steps. Nothing
here touches HTTP, the database or the bus.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from datapulse.agents import answerkind, report
from datapulse.agents.agree import agreeing_reading, silent_readings
from datapulse.agents.contract import (
    AgentState,
    AnalysisCancelled,
    AnalysisOutcome,
    AnalysisRequest,
    RunSink,
)
from datapulse.agents.planner.bindings import apply_bindings, reading_value
from datapulse.agents.planner.columns import ColumnIndex
from datapulse.agents.planner.intent import Choice, Clarify, Intent, recording_choices
from datapulse.agents.planner.plan import ask_for_missing_measure, plan_for
from datapulse.agents.planner.rules import is_sql, parse_question
from datapulse.agents.planner.scan import detect_language, scan
from datapulse.agents.reading import W, interpretation
from datapulse.agents.tools import ToolError, ToolRegistry, Workspace, build_registry
from datapulse.agents.tools.join import join_candidates, joined_name
from datapulse.agents.visualise import chart_for, plain_chart
from datapulse.runtime import os_lock
from datapulse.settings import Settings

AGENTS: tuple[tuple[str, str, str], ...] = (
    ("planner", "Planner", "Reads the question (English, German or Chinese) and decides which tools answer it."),
    ("data", "Data agent", "Loads the conversation's tables and picks the one the question is about."),
    ("analyst", "Analyst", "Runs the tools: counts, aggregates, filters, statistics, SQL."),
    ("visualiser", "Visualiser", "Builds an Apache ECharts chart where a chart helps."),
    ("reporter", "Reporter", "Writes the answer in the question's language and streams it."),
)
AGENT_NAMES = tuple(a[0] for a in AGENTS)

_INDEXES: OrderedDict[int, tuple[Any, ColumnIndex]] = OrderedDict()
_INDEX_LOCK = os_lock()  # native run threads contend on it (runtime.os_lock)


def list_agents() -> list[dict[str, Any]]:
    """Every agent: name, title and description (their counts: datapulse.agents.stats)."""
    return [{"name": n, "title": t, "description": d} for n, t, d in AGENTS]


def warm_up() -> None:
    """Import and compile what the first question would (scipy, DuckDB, the patterns), at start-up.

    Call it once when a worker starts so that the first run does not pay ~1 s of imports.
    """
    import pandas as pd

    from datapulse.agents.planner.columns import ColumnIndex as _Index
    from datapulse.agents.tools import stats  # noqa: F401 - scipy.stats is the slow import

    frame = pd.DataFrame({"group": ["a", "b", "a"], "value": [1.0, 2.0, 3.0]})
    index = _Index.build(frame)
    for question in ("average value by group", "Durchschnitt von value pro group", "按group统计平均value"):
        scan(question, index, detect_language(question))
    from datapulse.agents.planner import german, synonyms
    from datapulse.agents.planner.linking import cedict

    cedict()  # the Chinese–English dictionary takes ~0.7 s to read
    german.table()  # the German–English one (Ding) ~0.8 s
    synonyms.senses("income", 1)  # WordNet ~1.5-2 s; each is empty when its package is missing


def column_index(frame: Any) -> ColumnIndex:
    """The column vocabulary of a loaded frame (cached while the frame is)."""
    with _INDEX_LOCK:
        hit = _INDEXES.get(id(frame))
        if hit is not None and hit[0] is frame:
            _INDEXES.move_to_end(id(frame))
            return hit[1]
    index = ColumnIndex.build(frame)
    with _INDEX_LOCK:
        _INDEXES[id(frame)] = (frame, index)
        while len(_INDEXES) > 16:
            _INDEXES.popitem(last=False)
    return index


class _Run:
    """One analysis: reports each agent's steps (the statistics are folded from them)."""

    def __init__(self, sink: RunSink) -> None:
        self.sink = sink
        self.ran: set[str] = set()

    def check(self) -> None:
        if self.sink.cancelled():
            raise AnalysisCancelled("the run was cancelled")

    @contextmanager
    def step(self, agent: str, message: str, done: str = "done") -> Iterator[None]:
        self.check()
        self.ran.add(agent)
        self.sink.agent(agent, AgentState.PROCESSING, 10, message)
        try:
            yield
        except AnalysisCancelled:
            self.sink.agent(agent, AgentState.FAILED, 100, "cancelled")
            raise
        except Exception as exc:
            self.sink.agent(agent, AgentState.FAILED, 100, str(exc) or type(exc).__name__)
            raise
        self.sink.agent(agent, AgentState.COMPLETED, 100, done)


def choose_table(
    question: str, ws: Workspace, lang: str, previous: Intent | None
) -> tuple[str, ColumnIndex, dict[str, Any] | None]:
    """The table the question is about: the one it mentions most (the previous one on a tie).

    When another table names what the best one does not and shares a lookup key with it,
    the data agent joins the two: the join step (to run first) comes back too.
    """
    names = ws.names()
    if len(names) == 1:
        return names[0], column_index(ws.frame(names[0])), None
    keys, covered = [], {}
    for pos, name in enumerate(names):
        index = column_index(ws.frame(name))
        spans = [(s.start, s.end) for s in scan(question, index, lang, name) if s.kind in ("col", "val")]
        covered[name] = spans
        prefer = 1 if previous is not None and previous.table == name else 0
        keys.append((len(spans), prefer, -pos, name))
    best = max(keys)[3]
    for other in names:
        if other == best:
            continue
        extra = [a for a in covered[other] if not any(a[0] < b[1] and b[0] < a[1] for b in covered[best])]
        lookup = join_candidates(ws, best, other) if extra else []
        if lookup:
            step = {"tool": "join", "args": {"left": best, "right": other, "on": lookup[0]}}
            return joined_name(best, other), column_index(ws.frame(best)), step
    return best, column_index(ws.frame(best)), None


@functools.lru_cache(maxsize=4)
def _registry(sql_timeout_s: float) -> ToolRegistry:
    """The built-in tools, built once per time limit: the tools keep no state between
    questions, and checking every tool against the protocol cost ~3 ms per question."""
    return build_registry(sql_timeout_s)


def analyse(request: AnalysisRequest, sink: RunSink, settings: Settings) -> AnalysisOutcome:
    """Answer one question about the conversation's tables (see the module docstring)."""
    run = _Run(sink)
    run.check()
    for name in AGENT_NAMES:
        sink.agent(name, AgentState.QUEUED, 0, "waiting")
    question = request.question.strip()
    lang = request.language if request.language in report.T else detect_language(question)
    question, bound = apply_bindings(question, list(request.bindings or []))
    previous = Intent.from_context(request.context) if request.context else None
    registry = _registry(settings.QUERY_TIMEOUT_S)
    ws = Workspace(list(request.tables))
    notes: list[str] = []
    planner_name = "rules"

    with run.step("planner", "reading the question", done=f"language: {lang}"):
        sql = is_sql(question)
    if not request.tables:
        return _finish(run, lang, [], [], report.t(lang, "no_data"), context=dict(request.context))

    intent: Intent | None = None
    plan: list[dict[str, Any]] = []
    join_step: dict[str, Any] | None = None
    join_results: list[dict[str, Any]] = []
    with run.step("data", f"loading {len(ws.tables)} table(s)"):
        if sql:
            table, index = ws.names()[0], None
        else:
            table, index, join_step = choose_table(question, ws, lang, previous)
        if join_step is not None:
            join_results = registry.check("join", join_step["args"]).run(ws, join_step["args"])
            for result in join_results:
                sink.result(result)
            index = column_index(ws.frame(table))
    try:
        with run.step("planner", "planning the analysis", done="plan ready"):
            if sql:
                intent = Intent(kind="sql", extra={"sql": question})
                plan = plan_for(intent)
            else:
                if settings.LLM_BASE_URL and request.planner != "rules":
                    from datapulse.agents.planner.llm import plan_with_llm
                    from datapulse.agents.planner.llm_check import check_llm_plan

                    plan, why = plan_with_llm(question, ws, registry, settings, request.instructions)
                    if plan:
                        planner_name = "llm"
                        if index is not None:
                            check_llm_plan(question, plan, index, table, lang)
                    else:
                        notes.append(report.t(lang, "llm_fallback", why=why))
                if not plan:
                    assert index is not None
                    choices: list[Choice] = []
                    try:
                        with recording_choices() as choices:
                            intent = bound or parse_question(question, index, table, lang, previous)
                    except Clarify as clar:
                        agreed = agreeing_reading(clar, question, index, table, lang, previous, registry, ws)
                        if agreed is None:
                            raise
                        intent = agreed[0]  # every reading gives this answer: no need to ask
                        notes.append(report.t(lang, "readings_agree", readings="; ".join(map(str, clar.candidates))))
                        choices = []
                    intent.table = table
                    plan = plan_for(intent)
                    ask_for_missing_measure(plan, list(index.numeric))
                    differ = silent_readings(choices, intent, question, index, table, lang, previous, registry, ws)
                    if differ is not None:
                        raise differ  # a reading the planner dropped gives another answer: ask
    except Clarify as clar:
        return _clarify(run, lang, clar, notes, request.context)

    # The last check (answerkind): the kind of answer asked for ("when", "what share", "for each")
    # is the kind the plan gives, else ask back; not for a reading the user chose.
    followup = bool(intent is not None and intent.extra.get("followup"))
    ask = answerkind.gate(question, lang, request.context, followup, plan) if bound is None else None

    def kind_gate(results: list[dict[str, Any]]) -> Clarify | None:
        if ask is None or not answerkind.mismatch(ask, results, plan):
            return None
        kept = list(intent.extra.get("kept") or []) if intent is not None else []
        head = W.get(lang, W["en"])["head"]
        label = interpretation(plan, lang, kept).removeprefix(head).rstrip(".。")
        value = reading_value(intent) if intent is not None else None
        return answerkind.ask_back(ask, results, lang, label, value)

    refused = sorted({s["tool"] for s in plan} - set(request.tools)) if request.tools is not None else []
    if refused:
        outcome = _finish(run, lang, [], [], not_for_this_assistant(lang, refused), context=dict(request.context))
        outcome.planner, outcome.notes = planner_name, notes
        return outcome
    try:
        results = _execute(run, registry, ws, plan, request.chart, kind_gate)
    except Clarify as clar:
        return _clarify(run, lang, clar, notes, request.context)
    except ToolError as exc:
        if planner_name != "llm" and index is not None and exc.code == "tool_error":
            # the rules' reading cannot run on these rows (a compared group with no rows): never an
            # error in place of an answer -- ask what was meant (issue 9)
            unclear = Clarify("unclear", list(index.columns), word=exc.message)
            return _clarify(run, lang, unclear, notes, request.context)
        if planner_name != "llm" or index is None:
            raise
        # The model's call was well-formed but could not run: the rules answer instead.
        notes.append(report.t(lang, "llm_fallback", why=exc.message))
        planner_name = "rules"
        try:
            intent = parse_question(question, index, table, lang, previous)
        except Clarify as clar:
            return _clarify(run, lang, clar, notes, request.context)
        plan = plan_for(intent)
        try:
            results = _execute(run, registry, ws, plan, request.chart, kind_gate)
        except Clarify as clar:
            return _clarify(run, lang, clar, notes, request.context)
    if join_step is not None and planner_name == "rules":
        plan, results = [join_step, *plan], [*join_results, *results]
    if intent is not None and intent.extra.get("followup"):
        notes.append(report.t(lang, "followup"))
    if intent is not None and intent.extra.get("default_agg"):
        notes.append(report.t(lang, "default_agg"))
    kept = list(intent.extra.get("kept") or []) if intent is not None else []
    reading = interpretation(plan, lang, kept)
    text = report.answer(lang, plan, results, notes, reading, detail=request.detail)
    context = intent.to_context() if intent is not None else {}
    if context:
        context["extra"] = {k: v for k, v in context["extra"].items() if k not in ("followup", "kept")}
        if ask is not None:
            context["asked"] = ask.to_context()  # a follow-up with no interrogative keeps it
    outcome = _finish(run, lang, results, plan, text, context=context)
    outcome.planner, outcome.notes, outcome.interpretation = planner_name, notes, reading
    return outcome


NOT_FOR_THIS_ASSISTANT = {
    "en": "This assistant does not do that: answering needs {tools}, which it may not use. "
    "Switch to an assistant that has it, or add it to this assistant's tools.",
    "de": "Das macht dieser Assistent nicht: Die Antwort braucht {tools}, das er nicht verwenden darf. "
    "Wechseln Sie zu einem Assistenten, der es hat, oder fügen Sie es seinen Werkzeugen hinzu.",
    "zh": "这个助手不做这件事：回答需要 {tools}，而它不能使用。请换一个具备该工具的助手，或把它加入这个助手的工具。",
}


def not_for_this_assistant(lang: str, tools: list[str]) -> str:
    return NOT_FOR_THIS_ASSISTANT.get(lang, NOT_FOR_THIS_ASSISTANT["en"]).format(tools=", ".join(tools))


_COLUMN_REASONS = {"ambiguous_column", "unknown_column", "no_measure", "not_numeric", "no_column", "loose_filter"}


def clarification_of(clar: Clarify) -> dict[str, Any]:
    """The open slot of a clarification (SPEC 5): what is unclear and the choices, as data."""
    slot = str(clar.words.get("slot") or "")
    if not slot:
        slot = (
            "column" if clar.reason in _COLUMN_REASONS else "value" if clar.reason == "ambiguous_value" else "reading"
        )
    about = str(clar.words.get("word") or "")
    values = clar.words.get("values") or clar.candidates
    cands = [{"label": str(label), "value": str(value)} for label, value in zip(clar.candidates, values, strict=False)]
    return {"slot": slot, "about": about, "candidates": cands}


def _clarify(run: _Run, lang: str, clar: Clarify, notes: list[str], context: dict[str, Any]) -> AnalysisOutcome:
    text = report.clarification(lang, clar.reason, clar.candidates, clar.words)
    if notes:
        text = "\n\n".join([*notes, text])
    outcome = _finish(run, lang, [], [], text, context=dict(context))
    outcome.needs_clarification, outcome.candidates, outcome.notes = True, list(clar.candidates), notes
    outcome.clarification = clarification_of(clar)
    words = clar.words.get("ignored")
    outcome.ignored = [str(w) for w in words] if isinstance(words, list) else []
    return outcome


def _execute(
    run: _Run,
    registry: ToolRegistry,
    ws: Workspace,
    plan: list[dict[str, Any]],
    chart: str | None = None,
    gate: Callable[[list[dict[str, Any]]], Clarify | None] | None = None,
) -> list[dict[str, Any]]:
    """Run the plan's steps, then chart them: `chart` "never" draws none, "always" falls back
    to a plain chart of a table where no chart was chosen for it. `gate` sees the results
    before any is sent: a clarification it returns is raised instead (no result reaches the user)."""
    results: list[dict[str, Any]] = []
    per_step: list[list[dict[str, Any]]] = []
    held: Clarify | None = None
    with run.step("analyst", f"running {len(plan)} step(s)", done=f"{len(plan)} step(s) done"):
        for k, step in enumerate(plan):
            run.check()
            tool = registry.check(step["tool"], step["args"])
            run.sink.agent("analyst", AgentState.PROCESSING, 10 + 80 * k // max(1, len(plan)), f"{step['tool']}")
            out = tool.run(ws, step["args"])
            per_step.append(out)
            results.extend(out)
        held = gate(results) if gate is not None else None
        for result in results if held is None else []:
            run.sink.result(result)
    if held is not None:
        raise held
    if chart == "never":
        return results  # the visualiser reports "not needed" when the run finishes
    with run.step("visualiser", "choosing a chart", done="chart ready"):
        for step, out in zip(plan, per_step, strict=True):
            run.check()
            spec = chart_for(step, out, ws)
            if spec is None and chart == "always":
                spec = plain_chart(out)
            if spec is not None:
                run.sink.result(spec)
                results.append(spec)
    return results


def _finish(
    run: _Run, lang: str, results: list[dict[str, Any]], plan: list[dict[str, Any]], text: str, context: dict[str, Any]
) -> AnalysisOutcome:
    with run.step("reporter", "writing the answer", done="answer written"):
        for piece in report.pieces(text):
            run.check()
            run.sink.delta(piece)
    for name in AGENT_NAMES:
        if name not in run.ran:
            run.sink.agent(name, AgentState.COMPLETED, 100, "not needed for this question")
    return AnalysisOutcome(answer=text, results=results, plan=plan, context=context)
