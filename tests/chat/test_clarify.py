"""Clarifications (SPEC 5): the reading and the ignored words on every answer; a reply to a
clarification (explicit, or a plain reply equal to a candidate's label) answers the
original question with the choice bound, from the stored run, also after a restart."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from datapulse.agents.contract import AnalysisOutcome, AnalysisRequest, RunSink
from datapulse.bus.base import MemoryBus
from datapulse.chat.clarify import clarification_of
from datapulse.settings import Settings
from tests.chat.conftest import ask, new_conversation, wait_run
from tests.chat.helpers import AGENTS, sse_text_events

AMBIGUOUS = "average length by species"
CANDIDATES = ["bill_length_mm", "flipper_length_mm"]


@dataclass
class ClarifyingAgents:
    """Asks back on a question with "length" until a binding says which column it means;
    `filled` makes it fill `clarification` itself (a planner that knows SPEC 5), else it
    answers with the older needs_clarification + candidates only. With `second`, the
    answer to the first choice asks again about "species" (a second open slot)."""

    filled: bool = False
    second: bool = False
    requests: list[AnalysisRequest] = field(default_factory=list)

    def __call__(self, request: AnalysisRequest, sink: RunSink, settings: Settings) -> AnalysisOutcome:
        self.requests.append(request)
        bound = [b["value"] for b in request.bindings]
        if "length" in request.question and not set(CANDIDATES) & set(bound):
            return self._ask("length", CANDIDATES)
        if self.second and "species" in request.question and not {"species", "island"} & set(bound):
            return self._ask("species", ["species", "island"])
        turns = [*request.context.get("turns", []), request.question]
        return AnalysisOutcome(
            answer=f"Answer to: {request.question} with {sorted(bound)}",
            results=[{"kind": "scalar", "name": "n", "value": len(turns)}],
            plan=[{"tool": "count_rows", "args": {}}],
            context={"turns": turns, "bound": sorted(bound)},
            interpretation=f"Read as: {request.question} ({', '.join(sorted(bound))})",
            ignored=["please"] if "please" in request.question else [],
        )

    def _ask(self, about: str, candidates: list[str]) -> AnalysisOutcome:
        clar = None
        if self.filled:
            clar = {"slot": "column", "about": about,
                    "candidates": [{"label": c.replace("_", " "), "value": c} for c in candidates]}  # fmt: skip
        return AnalysisOutcome(
            answer=f"“{about}” could mean more than one column.",
            results=[],
            plan=[],
            needs_clarification=True,
            candidates=[] if self.filled else list(candidates),
            clarification=clar,
            context={"clobbered": True},  # a clarification must not become the follow-up context
            interpretation="",
            ignored=[about],
        )


@pytest.fixture
def clarifying() -> ClarifyingAgents:
    return ClarifyingAgents()


@pytest.fixture
def client(chat_app, clarifying: ClarifyingAgents):  # type: ignore[no-untyped-def]
    chat_app.extensions["datapulse"].executor.analyse = clarifying
    return chat_app.test_client()


def asked_back(client: Any, conversation_id: str, question: str = AMBIGUOUS) -> dict[str, Any]:
    run = wait_run(client, ask(client, conversation_id, question)["run_id"])
    assert run["status"] == "completed" and run["result"]["needs_clarification"] is True, run
    return run


def reply(client: Any, conversation_id: str, body: dict[str, Any]) -> Any:
    return client.post(f"/api/chat/conversations/{conversation_id}/messages", json=body)


def messages(client: Any, conversation_id: str) -> list[dict[str, Any]]:
    return list(client.get(f"/api/chat/conversations/{conversation_id}").json["messages"])


# The outcome's clarification ------------------------------------------------------
def test_clarification_derived_from_candidates_until_the_planner_fills_it() -> None:
    """needs_clarification + candidates become slot "column", about "", label = value."""
    outcome = AnalysisOutcome("?", [], [], needs_clarification=True, candidates=["a", "b"])
    assert clarification_of(outcome) == {
        "slot": "column",
        "about": "",
        "candidates": [{"label": "a", "value": "a"}, {"label": "b", "value": "b"}],
    }
    assert clarification_of(AnalysisOutcome("42", [], [])) is None


def test_clarification_filled_by_the_planner_is_kept() -> None:
    """A planner's own clarification passes through, an unknown slot read as "column"."""
    filled = {"slot": "value", "about": "Farbe", "candidates": [{"label": "rot", "value": "red"}]}
    assert clarification_of(AnalysisOutcome("?", [], [], clarification=filled)) == filled
    odd = {"slot": "nonsense", "about": "x", "candidates": ["c"]}
    assert clarification_of(AnalysisOutcome("?", [], [], clarification=odd)) == {
        "slot": "column",
        "about": "x",
        "candidates": [{"label": "c", "value": "c"}],
    }


# What a run carries ----------------------------------------------------------------
def test_run_completed_carries_interpretation_ignored_and_clarification(client) -> None:
    """The SSE event, the stored run and the assistant message all carry the three fields."""
    conv = new_conversation(client)
    run = asked_back(client, conv)
    expected = {"slot": "column", "about": "", "candidates": [{"label": c, "value": c} for c in CANDIDATES]}
    assert run["result"]["clarification"] == expected
    assert run["result"]["ignored"] == ["length"] and run["result"]["interpretation"] == ""
    assert run["result"]["candidates"] == CANDIDATES
    events = sse_text_events(client.get(f"/api/chat/runs/{run['id']}/events").get_data(as_text=True))
    final = events[-1]
    assert final.event == "run_completed"
    assert final.data["clarification"] == expected and final.data["ignored"] == ["length"]
    assert "interpretation" in final.data
    answer = messages(client, conv)[-1]
    assert answer["role"] == "assistant" and answer["metadata"]["clarification"] == expected
    assert answer["metadata"]["ignored"] == ["length"]


def test_a_confident_answer_has_its_reading_and_no_clarification(client) -> None:
    """An answer carries its interpretation, `ignored` and a null clarification."""
    conv = new_conversation(client)
    run = wait_run(client, ask(client, conv, "how many rows please")["run_id"])
    result = run["result"]
    assert result["interpretation"] == "Read as: how many rows please ()"
    assert result["ignored"] == ["please"]
    assert result["clarification"] is None and result["needs_clarification"] is False
    assert messages(client, conv)[-1]["metadata"]["interpretation"] == result["interpretation"]


# Answering a clarification ---------------------------------------------------------
def test_explicit_choice_answers_the_original_question(client, clarifying) -> None:
    """{content: label, clarification: {run_id, value}} runs the original question with the
    binding; the user message shows the label and keeps the choice."""
    conv = new_conversation(client)
    pending = asked_back(client, conv)
    body = {"content": "flipper_length_mm", "clarification": {"run_id": pending["id"], "value": "flipper_length_mm"}}
    response = reply(client, conv, body)
    assert response.status_code == 202, response.json
    run = wait_run(client, response.json["run_id"])
    assert run["status"] == "completed" and run["question"] == AMBIGUOUS
    assert run["result"]["needs_clarification"] is False
    assert run["result"]["answer"] == f"Answer to: {AMBIGUOUS} with ['flipper_length_mm']"
    request = clarifying.requests[-1]
    assert request.question == AMBIGUOUS
    assert request.bindings == [{"slot": "column", "about": "", "value": "flipper_length_mm"}]
    user = next(m for m in messages(client, conv) if m["id"] == response.json["message_id"])
    assert user["content"] == "flipper_length_mm"
    assert user["metadata"]["clarification"] == {
        "run_id": pending["id"], "slot": "column", "about": "", "value": "flipper_length_mm",
    }  # fmt: skip
    assert user["metadata"]["question"] == AMBIGUOUS


def test_planner_filled_labels_bind_their_values(client, clarifying) -> None:
    """With labels that differ from values, the label is the plain reply, the value is bound."""
    clarifying.filled = True
    conv = new_conversation(client)
    pending = asked_back(client, conv)
    assert pending["result"]["clarification"]["about"] == "length"
    assert pending["result"]["candidates"] == ["bill length mm", "flipper length mm"]
    response = reply(client, conv, {"content": "  Flipper Length MM "})
    assert response.status_code == 202
    run = wait_run(client, response.json["run_id"])
    assert run["question"] == AMBIGUOUS and run["result"]["needs_clarification"] is False
    assert clarifying.requests[-1].bindings == [{"slot": "column", "about": "length", "value": "flipper_length_mm"}]


def test_plain_reply_equal_to_a_value_binds_it(client, clarifying) -> None:
    """Typing the candidate's value (the column's own name) works like its label."""
    clarifying.filled = True
    conv = new_conversation(client)
    asked_back(client, conv)
    run = wait_run(client, ask(client, conv, "Bill_Length_MM")["run_id"])
    assert run["question"] == AMBIGUOUS
    assert clarifying.requests[-1].bindings == [{"slot": "column", "about": "length", "value": "bill_length_mm"}]


def test_plain_reply_equal_to_a_label_binds_it(client, clarifying) -> None:
    """A plain reply equal to a candidate's label (case and spaces aside) answers the original question."""
    conv = new_conversation(client)
    asked_back(client, conv)
    response = reply(client, conv, {"content": "  BILL_length_MM\n"})
    assert response.status_code == 202
    run = wait_run(client, response.json["run_id"])
    assert run["question"] == AMBIGUOUS
    assert clarifying.requests[-1].bindings == [{"slot": "column", "about": "", "value": "bill_length_mm"}]


def test_any_other_reply_is_a_new_question(client, clarifying) -> None:
    """A reply that names no candidate is asked as it is, with no bindings."""
    conv = new_conversation(client)
    asked_back(client, conv)
    run = wait_run(client, ask(client, conv, "how many rows")["run_id"])
    assert run["question"] == "how many rows" and clarifying.requests[-1].bindings == []
    assert run["result"]["needs_clarification"] is False


def test_plain_label_after_a_later_question_is_a_new_question(client, clarifying) -> None:
    """Only the conversation's latest run's clarification takes plain replies."""
    conv = new_conversation(client)
    asked_back(client, conv)
    wait_run(client, ask(client, conv, "how many rows")["run_id"])
    run = wait_run(client, ask(client, conv, "flipper_length_mm")["run_id"])
    assert run["question"] == "flipper_length_mm" and clarifying.requests[-1].bindings == []


def test_second_clarification_keeps_the_first_binding(client, clarifying) -> None:
    """A reply that is asked back again (another open slot) keeps the original question
    and the first choice; the second reply binds both."""
    clarifying.second = True
    conv = new_conversation(client)
    first = asked_back(client, conv)
    choice = {"run_id": first["id"], "value": "bill_length_mm"}
    response = reply(client, conv, {"content": "x", "clarification": choice})
    second = wait_run(client, response.json["run_id"])
    assert second["result"]["needs_clarification"] is True and second["question"] == AMBIGUOUS
    response = reply(client, conv, {"content": "island"})
    final = wait_run(client, response.json["run_id"])
    assert final["question"] == AMBIGUOUS and final["result"]["needs_clarification"] is False
    assert clarifying.requests[-1].bindings == [
        {"slot": "column", "about": "", "value": "bill_length_mm"},
        {"slot": "column", "about": "", "value": "island"},
    ]


def test_follow_up_context_is_as_if_the_original_question_was_answered(client, clarifying) -> None:
    """The clarification leaves the context alone; its reply runs with the context the
    original question had, and the next question follows the answer."""
    conv = new_conversation(client)
    wait_run(client, ask(client, conv, "how many rows")["run_id"])
    asked_back(client, conv)
    pending_context = clarifying.requests[-1].context
    assert pending_context["turns"] == ["how many rows"]
    wait_run(client, ask(client, conv, "flipper_length_mm")["run_id"])
    assert clarifying.requests[-1].context == pending_context
    wait_run(client, ask(client, conv, "and per island?")["run_id"])
    after = clarifying.requests[-1].context
    assert after == {"turns": ["how many rows", AMBIGUOUS], "bound": ["flipper_length_mm"]}


def test_reply_after_a_restart_binds_from_the_stored_run(chat_app, client, clarifying, settings) -> None:
    """Nothing is kept in memory: a new app on the same database answers the clarification."""
    from datapulse.api.app import create_app

    conv = new_conversation(client)
    pending = asked_back(client, conv)
    chat_app.extensions["datapulse"].executor.shutdown()
    again = create_app(settings, bus=MemoryBus())
    executor = again.extensions["datapulse"].executor
    executor.analyse, executor.list_agents = clarifying, lambda: list(AGENTS)
    again.extensions["datapulse"].start()
    try:
        other = again.test_client()
        body = {"content": "flipper", "clarification": {"run_id": pending["id"], "value": "flipper_length_mm"}}
        response = reply(other, conv, body)
        assert response.status_code == 202, response.json
        run = wait_run(other, response.json["run_id"])
        assert run["question"] == AMBIGUOUS and run["result"]["needs_clarification"] is False
        assert clarifying.requests[-1].bindings[0]["value"] == "flipper_length_mm"
    finally:
        again.extensions["datapulse"].stop()


def stored_queued(app: Any, conversation_id: str, worker_id: str) -> str:
    """The ambiguous question's run stored as the chat service stores it (new_run through
    the event writer) but never submitted: its worker `worker_id` does not exist."""
    from datapulse.chat import conversations as convs

    platform = app.extensions["datapulse"]
    with platform.db.session() as session:
        new = convs.new_run(convs.get_conversation(session, conversation_id), AMBIGUOUS, worker_id)
    platform.chat_store.create_runs([new], platform.executor.list_agents())
    return new.run_id


def test_run_stored_before_clarifications_existed_is_answerable(chat_app, client, clarifying) -> None:
    """A stored run with only needs_clarification + candidates (no `clarification`) binds too."""
    from sqlalchemy import update

    from datapulse.storage.models import Run

    conv = new_conversation(client)
    legacy = {"answer": "?", "results": [], "plan": [], "needs_clarification": True, "candidates": CANDIDATES}
    run_id = stored_queued(chat_app, conv, "gone")
    with chat_app.extensions["datapulse"].db.session() as session:
        session.execute(update(Run).where(Run.id == run_id).values(status="completed", result=legacy))
    response = reply(
        client, conv, {"content": "flipper", "clarification": {"run_id": run_id, "value": "bill_length_mm"}}
    )
    assert response.status_code == 202, response.json
    assert wait_run(client, response.json["run_id"])["question"] == AMBIGUOUS
    assert clarifying.requests[-1].bindings == [{"slot": "column", "about": "", "value": "bill_length_mm"}]


# Refused replies ---------------------------------------------------------------------
def refused(client: Any, conv: str, choice: dict[str, Any], status: int, code: str) -> None:
    before = len(messages(client, conv))
    response = reply(client, conv, {"content": "flipper_length_mm", "clarification": choice})
    assert response.status_code == status, response.json
    assert response.json["error"]["code"] == code
    assert len(messages(client, conv)) == before  # nothing was asked


def test_unknown_run_is_404(client) -> None:
    """A choice for a run that does not exist is 404."""
    conv = new_conversation(client)
    refused(client, conv, {"run_id": "missing", "value": "flipper_length_mm"}, 404, "not_found")


def test_run_of_another_conversation_is_409(client) -> None:
    """A choice for another conversation's clarification is refused with 409."""
    conv, other = new_conversation(client), new_conversation(client)
    pending = asked_back(client, other)
    refused(client, conv, {"run_id": pending["id"], "value": "flipper_length_mm"}, 409,
            "clarification_other_conversation")  # fmt: skip


def test_run_without_a_clarification_is_409(client) -> None:
    """A choice for a run that answered (no clarification) is refused with 409."""
    conv = new_conversation(client)
    answered = wait_run(client, ask(client, conv, "how many rows")["run_id"])
    refused(client, conv, {"run_id": answered["id"], "value": "flipper_length_mm"}, 409, "no_pending_clarification")


def test_run_still_going_is_409(chat_app, client) -> None:
    """A choice for a run that has not finished yet (stored queued, never submitted) is 409."""
    conv = new_conversation(client)
    run_id = stored_queued(chat_app, conv, "nobody")
    refused(client, conv, {"run_id": run_id, "value": "flipper_length_mm"}, 409, "no_pending_clarification")


def test_value_not_among_the_candidates_is_422(client) -> None:
    """A value the clarification did not offer is 422, naming the candidates."""
    conv = new_conversation(client)
    pending = asked_back(client, conv)
    before = len(messages(client, conv))
    response = reply(client, conv, {"content": "x", "clarification": {"run_id": pending["id"], "value": "body_mass_g"}})
    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "not_a_candidate" and error["details"]["candidates"] == CANDIDATES
    assert len(messages(client, conv)) == before


@pytest.mark.parametrize(
    "choice",
    [{"run_id": "r"}, {"value": "v"}, {"run_id": "", "value": "v"}, {"run_id": "r", "value": 3}, "r", ["r"]],
)
def test_malformed_choice_is_422(client, choice) -> None:
    """A clarification without a run id and a value (as strings) fails validation."""
    conv = new_conversation(client)
    response = reply(client, conv, {"content": "x", "clarification": choice})
    assert response.status_code == 422 and response.json["error"]["code"] == "validation_error"


# The real agents -------------------------------------------------------------------
PENGUINS = "species,bill_length_mm,flipper_length_mm\n" + "".join(
    f"{s},{38 + i},{185 + 2 * i + (30 if s == 'Gentoo' else 0)}\n" for s in ("Adelie", "Gentoo") for i in range(4)
)


def test_real_agents_answer_the_original_question_with_the_chosen_column(chat_app) -> None:
    """With the real engine: an ambiguous word is asked back; the chosen column answers
    the original question (mean flipper length per species), not a new one."""
    import io

    from datapulse.chat.executor import agent_names, default_analyse

    executor = chat_app.extensions["datapulse"].executor
    executor.analyse, executor.list_agents = default_analyse, agent_names
    client = chat_app.test_client()
    data = {"file": [(io.BytesIO(PENGUINS.encode()), "penguins.csv")]}
    uploaded = client.post("/api/files", data=data, content_type="multipart/form-data")
    assert uploaded.status_code == 201, uploaded.json
    conv = new_conversation(client, file_ids=[uploaded.json["files"][0]["id"]])
    pending = asked_back(client, conv, "what is the average length by species")
    values = [c["value"] for c in pending["result"]["clarification"]["candidates"]]
    assert "flipper_length_mm" in values and "bill_length_mm" in values
    body = {"content": "flipper", "clarification": {"run_id": pending["id"], "value": "flipper_length_mm"}}
    response = reply(client, conv, body)
    assert response.status_code == 202, response.json
    run = wait_run(client, response.json["run_id"])
    result = run["result"]
    assert run["status"] == "completed" and result["needs_clarification"] is False, result["answer"]
    table = next(r for r in result["results"] if r["kind"] == "table")
    assert {row[0]: row[1] for row in table["rows"]} == {"Adelie": 188.0, "Gentoo": 218.0}
    assert "flipper_length_mm" in result["interpretation"] and result["ignored"] == []


def test_a_question_reads_its_conversation_and_latest_run_in_one_statement(chat_app, client, clarifying) -> None:
    """Issue 16: the request thread of a new question makes one read (the conversation's
    head with its latest run, whose clarification a plain reply may answer), not one
    for each; a reply that binds still binds (its message's bindings read once more)."""
    import threading

    import sqlalchemy

    conv = new_conversation(client)
    asked_back(client, conv)
    engine = chat_app.extensions["datapulse"].db.engine
    me = threading.get_ident()
    selects: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if threading.get_ident() == me and statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    sqlalchemy.event.listen(engine, "before_cursor_execute", seen)
    try:
        bound = ask(client, conv, "bill_length_mm")
        replying = list(selects)
        selects.clear()
        assert wait_run(client, bound["run_id"])["question"] == AMBIGUOUS
        selects.clear()
        ask(client, conv, "how many rows")
    finally:
        sqlalchemy.event.remove(engine, "before_cursor_execute", seen)
    assert len(replying) == 2, replying  # the head with the latest run, then its user message
    assert len(selects) == 1, selects
