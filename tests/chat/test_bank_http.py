"""Questions of the agents' bank end to end through the HTTP API: upload the data,
create a conversation, ask, read the SSE stream, compare with pandas' own answer."""

from __future__ import annotations

import time
from typing import Any

import pytest
import requests

from datapulse.agents.contract import AnalysisOutcome
from tests.agents.bank import CASES, LANGS, Case
from tests.agents.datasets import DatasetStore
from tests.agents.expect import Clarify
from tests.chat.helpers import parse_sse

DATASET = "penguins"
# Every other penguins case, and every follow-up (asked after its earlier questions).
SUBSET = [c for i, c in enumerate(c for c in CASES if c.dataset == DATASET) if i % 2 == 0 or c.before]


@pytest.fixture
def real_agents(chat_app):  # type: ignore[no-untyped-def]
    """Put the real agent engine back in place of the scripted one."""
    from datapulse.chat.executor import agent_names, default_analyse

    executor = chat_app.extensions["datapulse"].executor
    executor.analyse, executor.list_agents = default_analyse, agent_names
    return chat_app


def upload(server: str, store: DatasetStore, name: str) -> str:
    path = store.path(name)
    with path.open("rb") as fh:
        response = requests.post(f"{server}/api/files", files={"file": (path.name, fh)}, timeout=30)
    assert response.status_code == 201, response.text
    file_id = response.json()["files"][0]["id"]
    deadline = time.monotonic() + 30
    while requests.get(f"{server}/api/files/{file_id}", timeout=5).json()["status"] == "processing":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    return str(file_id)


def ask_stream(server: str, conversation_id: str, question: str) -> dict[str, Any]:
    """POST the question with Accept: text/event-stream; the final event's data."""
    with requests.post(
        f"{server}/api/chat/conversations/{conversation_id}/messages",
        json={"content": question},
        headers={"Accept": "text/event-stream"},
        stream=True,
        timeout=60,
    ) as response:
        assert response.status_code == 200
        events = list(parse_sse(response.iter_lines(chunk_size=None, decode_unicode=True)))
    assert [e.id for e in events] == list(range(1, len(events) + 1))
    assert events[0].event == "run_started" and events[-1].event in ("run_completed", "run_failed")
    return {"event": events[-1].event, **events[-1].data}


def verdict(case: Case, store: DatasetStore, final: dict[str, Any]) -> tuple[str, str]:
    if final["event"] != "run_completed":
        return "error", str(final.get("error"))
    outcome = AnalysisOutcome(
        answer=final["answer"],
        results=final["results"],
        plan=final["plan"],
        needs_clarification=final["needs_clarification"],
        candidates=final["candidates"],
    )
    ok, detail = case.expect.check(store.frame(case.dataset), outcome)
    if ok:
        return "correct", detail
    if outcome.needs_clarification and not isinstance(case.expect, Clarify):
        return "clarified", detail
    return "wrong", detail


def test_bank_questions_over_http(real_agents, server, tmp_path) -> None:
    """Every penguins question of the bank (languages rotating) is answered as pandas answers it."""
    store = DatasetStore(tmp_path)
    file_id = upload(server, store, DATASET)
    asked: list[tuple[str, str, str, str]] = []
    for i, case in enumerate(SUBSET):
        lang = LANGS[i % len(LANGS)] if LANGS[i % len(LANGS)] in case.q else "en"
        cid = requests.post(f"{server}/api/chat/conversations", json={"file_ids": [file_id]}, timeout=5).json()["id"]
        for earlier in case.before.get(lang, []):
            assert ask_stream(server, cid, earlier)["event"] == "run_completed"
        got, detail = verdict(case, store, ask_stream(server, cid, case.q[lang]))
        asked.append((case.id, lang, got, detail))
    assert len(asked) >= 20 and {lang for _, lang, _, _ in asked} == set(LANGS)
    wrong = [a for a in asked if a[2] != "correct"]
    assert not wrong, f"{len(wrong)} of {len(asked)} not correct: {wrong}"
