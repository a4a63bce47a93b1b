"""The SSE streams of runs against a real server: order, ids, resume, readers, cancel."""

from __future__ import annotations

import threading
import time
from typing import Any
from wsgiref.util import is_hop_by_hop

import pytest
import requests

from datapulse.chat.executor import RunExecutor
from datapulse.chat.sse import format_event, parse_last_event_id
from datapulse.chat.store import StoredEvent
from datapulse.storage.models import RunState
from tests.chat.conftest import ask, configure, new_conversation, wait_run
from tests.chat.helpers import AGENTS, SseEvent, parse_sse, sse_text_events

TIMEOUT = 20


def stream(url: str, headers: dict[str, str] | None = None, comments: list[str] | None = None, limit: int = 0,
           on_event: Any = None) -> list[SseEvent]:  # fmt: skip
    """Read an SSE stream (stopping after `limit` events when given)."""
    events: list[SseEvent] = []
    with requests.get(url, headers=headers or {}, stream=True, timeout=TIMEOUT) as response:
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("text/event-stream")
        for event in parse_sse(response.iter_lines(chunk_size=1, decode_unicode=True), comments):
            events.append(event)
            if on_event is not None:
                on_event(event)
            if limit and len(events) >= limit:
                break
    return events


def start_run(server: str, content: str = "How many penguins?") -> dict[str, Any]:
    cid = requests.post(f"{server}/api/chat/conversations", json={}, timeout=TIMEOUT).json()["id"]
    response = requests.post(f"{server}/api/chat/conversations/{cid}/messages", json={"content": content}, timeout=5)
    assert response.status_code == 202
    return dict(response.json())


def replay(server: str, run_id: str) -> list[SseEvent]:
    return stream(f"{server}/api/chat/runs/{run_id}/events")


def test_event_order_ids_and_payloads(server) -> None:
    """Events arrive in SPEC order with ids 1..n and the SPEC payload fields."""
    run = start_run(server)
    events = stream(server + run["events_url"])
    assert [e.id for e in events] == list(range(1, len(events) + 1))
    names = [e.event for e in events]
    assert names[0] == "run_started" and names[-1] == "run_completed" and names.count("run_started") == 1
    assert names.count("agent_update") == 2 * len(AGENTS) and "delta" in names and "result" in names
    started = events[0].data
    assert started["run_id"] == run["run_id"] and started["agents"] == AGENTS and started["conversation_id"]
    update = events[1].data
    assert set(update) >= {"agent", "status", "progress", "message"} and update["status"] == "processing"
    assert "".join(e.data["text"] for e in events if e.event == "delta") == "You asked: How many penguins?"
    final = events[-1].data
    assert set(final) >= {"answer", "results", "plan", "duration_ms", "needs_clarification", "candidates"}
    assert final["results"][0]["kind"] == "table" and final["duration_ms"] >= 0
    assert [e.data for e in replay(server, run["run_id"])] == [e.data for e in events]


def test_stream_headers(server) -> None:
    """The stream is sent uncached and unbuffered by proxies."""
    run = start_run(server)
    with requests.get(server + run["events_url"], stream=True, timeout=TIMEOUT) as response:
        assert response.headers["Cache-Control"] == "no-cache"
        assert response.headers["X-Accel-Buffering"] == "no"
        response.content  # noqa: B018 - read to the end


def test_stream_leaves_the_connection_to_the_server(server, chat_client) -> None:
    """The app sends no hop-by-hop header (PEP 3333): the connection is the server's.
    Werkzeug (`--debug`, the browser tests) closes it after a streamed answer, says
    `Connection: close` and first drains the socket with a blocking read; the stream's own
    `Connection: keep-alive`, sent ahead of that, made Chromium (which obeys the first
    token) send its next request on the socket being drained: swallowed, it hung until the
    browser gave up (issue 14: the chat image that did not load). Gunicorn drops the
    header, so only the development server showed it."""
    run = start_run(server)
    with requests.get(server + run["events_url"], stream=True, timeout=TIMEOUT) as response:
        response.content  # noqa: B018 - read to the end
        assert response.headers["Connection"] == "close"  # werkzeug's alone, not "keep-alive, close"
    answer = chat_client.get(run["events_url"])
    assert answer.status_code == 200
    assert [name for name in answer.headers.keys() if is_hop_by_hop(name)] == []


def test_post_streams_directly(server) -> None:
    """POST .../messages with Accept: text/event-stream answers with the run's stream."""
    cid = requests.post(f"{server}/api/chat/conversations", json={}, timeout=5).json()["id"]
    with requests.post(
        f"{server}/api/chat/conversations/{cid}/messages",
        json={"content": "hello"},
        headers={"Accept": "text/event-stream"},
        stream=True,
        timeout=TIMEOUT,
    ) as response:
        assert response.status_code == 200
        events = list(parse_sse(response.iter_lines(chunk_size=1, decode_unicode=True)))
    assert events[0].event == "run_started" and events[-1].event == "run_completed"


def test_resume_after_dropped_connection(chat_app, server) -> None:
    """A reader that drops mid-run and reconnects with Last-Event-ID misses nothing and gets nothing twice."""
    configure(chat_app, CHAT_STEP_DELAY=0.05)
    run = start_run(server)
    first = stream(server + run["events_url"], limit=3)
    assert [e.id for e in first] == [1, 2, 3]
    assert requests.get(f"{server}/api/chat/runs/{run['run_id']}", timeout=5).json()["status"] == "running"
    rest = stream(server + run["events_url"], headers={"Last-Event-ID": "3"})
    combined = first + rest
    assert [e.id for e in combined] == list(range(1, len(combined) + 1))
    assert combined[-1].event == "run_completed"
    stored = replay(server, run["run_id"])
    assert [(e.id, e.event, e.data) for e in combined] == [(e.id, e.event, e.data) for e in stored]


def test_resume_with_query_fallback(chat_client) -> None:
    """?last_event_id= resumes when no header is sent; the header wins over it."""
    cid = new_conversation(chat_client)
    run_id = ask(chat_client, cid, "hi")["run_id"]
    wait_run(chat_client, run_id)
    all_events = sse_text_events(chat_client.get(f"/api/chat/runs/{run_id}/events").get_data(as_text=True))
    after5 = sse_text_events(chat_client.get(f"/api/chat/runs/{run_id}/events?last_event_id=5").get_data(as_text=True))
    assert [e.id for e in after5] == [e.id for e in all_events][5:]
    both = chat_client.get(f"/api/chat/runs/{run_id}/events?last_event_id=5", headers={"Last-Event-ID": "8"})
    assert sse_text_events(both.get_data(as_text=True))[0].id == 9
    last = all_events[-1].id
    assert chat_client.get(f"/api/chat/runs/{run_id}/events", headers={"Last-Event-ID": str(last)}).data == b""


def test_two_readers_of_one_run(chat_app, server) -> None:
    """Two readers following one run live see the same events in the same order."""
    configure(chat_app, CHAT_STEP_DELAY=0.03)
    run = start_run(server)
    results: list[list[SseEvent]] = [[], []]

    def read(i: int) -> None:
        results[i] = stream(server + run["events_url"])

    threads = [threading.Thread(target=read, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT)
    assert results[0] and [(e.id, e.data) for e in results[0]] == [(e.id, e.data) for e in results[1]]
    assert results[0][-1].event == "run_completed"


def test_cancel_mid_run(chat_app, server) -> None:
    """Cancel during a run stops it at the next step; the stream ends with run_failed (cancelled)."""
    configure(chat_app, CHAT_STEP_DELAY=0.15)
    run = start_run(server)
    cancelled: list[int] = []

    def on_event(event: SseEvent) -> None:
        if event.event == "agent_update" and not cancelled:
            cancelled.append(requests.post(f"{server}/api/chat/runs/{run['run_id']}/cancel", timeout=5).status_code)

    events = stream(server + run["events_url"], on_event=on_event)
    assert cancelled == [202]
    assert events[-1].event == "run_failed"
    assert events[-1].data["status"] == RunState.CANCELLED and events[-1].data["error"]["code"] == RunState.CANCELLED
    assert sum(e.event == "agent_update" for e in events) < 2 * len(AGENTS)
    state = requests.get(f"{server}/api/chat/runs/{run['run_id']}", timeout=5).json()
    assert state["status"] == RunState.CANCELLED and state["cancel_requested"] is True


def test_cancel_queued_run(chat_app, chat_client) -> None:
    """A run still waiting for the executor is cancelled at once, with its final event."""
    svc = chat_app.extensions["datapulse"]
    old = svc.executor
    single = RunExecutor(old.store, svc.bus, svc.settings, max_workers=1, analyse=old.analyse)
    single.list_agents = old.list_agents
    svc.executor = single
    configure(chat_app, CHAT_STEP_DELAY=0.1)
    try:
        cid = new_conversation(chat_client)
        busy = ask(chat_client, cid, "slow one")["run_id"]
        waiting = ask(chat_client, cid, "queued one")["run_id"]
        assert chat_client.get(f"/api/chat/runs/{waiting}").json["status"] == "queued"
        assert chat_client.post(f"/api/chat/runs/{waiting}/cancel").status_code == 202
        assert chat_client.get(f"/api/chat/runs/{waiting}").json["status"] == RunState.CANCELLED
        events = sse_text_events(chat_client.get(f"/api/chat/runs/{waiting}/events").get_data(as_text=True))
        assert [(e.id, e.event) for e in events] == [(1, "run_started"), (2, "run_failed")]
        assert wait_run(chat_client, busy)["status"] == "completed"
        assert chat_client.get(f"/api/chat/runs/{waiting}").json["started_at"] is None
    finally:
        single.shutdown()


def held_executor(chat_app: Any) -> tuple[RunExecutor, threading.Event, threading.Event]:
    """A one-worker executor whose first run holds the worker until `release` is set
    (`busy` tells that it does), so that the runs asked after it stay queued."""
    svc = chat_app.extensions["datapulse"]
    old = svc.executor
    busy, release = threading.Event(), threading.Event()

    def analyse(request: Any, sink: Any, settings: Any) -> Any:
        if not busy.is_set():
            busy.set()
            assert release.wait(TIMEOUT)
        return old.analyse(request, sink, settings)

    single = RunExecutor(old.store, svc.bus, svc.settings, max_workers=1, analyse=analyse)
    single.list_agents = old.list_agents
    svc.executor = single
    return single, busy, release


def test_stream_of_a_queued_run_starts_before_a_worker_takes_it(chat_app, chat_client) -> None:
    """The first event of a queued run's stream is there at once: its run_started is
    stored with the run, not when a worker picks the run up behind the others."""
    configure(chat_app, CHAT_KEEPALIVE_S=0.05)  # before the fix the first chunk was a keep-alive
    single, busy, release = held_executor(chat_app)
    try:
        cid = new_conversation(chat_client)
        ask(chat_client, cid, "holds the worker")
        assert busy.wait(TIMEOUT)
        waiting = ask(chat_client, cid, "queued one")["run_id"]
        response = chat_client.get(f"/api/chat/runs/{waiting}/events")
        first = next(iter(response.response))
        response.close()
        streamed = chat_client.post(
            f"/api/chat/conversations/{cid}/messages", json={"content": "also queued"},
            headers={"Accept": "text/event-stream"},
        )  # fmt: skip
        first_posted = next(iter(streamed.response))
        streamed.close()
        assert chat_client.get(f"/api/chat/runs/{waiting}").json["status"] == "queued"
        got = sse_text_events(first.decode() if isinstance(first, bytes) else first)
        assert [(e.id, e.event) for e in got] == [(1, "run_started")]
        event = got[0]
        assert event.data == {"run_id": waiting, "conversation_id": cid, "agents": AGENTS}
        got = sse_text_events(first_posted.decode() if isinstance(first_posted, bytes) else first_posted)
        assert [(e.id, e.event) for e in got] == [(1, "run_started")]
        posted = got[0]
        assert posted.data["run_id"] == streamed.headers["X-Run-Id"] != waiting
        release.set()
        run = wait_run(chat_client, waiting)
        events = sse_text_events(chat_client.get(f"/api/chat/runs/{waiting}/events").get_data(as_text=True))
        assert run["status"] == "completed" and [e.id for e in events] == list(range(1, len(events) + 1))
        assert [e.event for e in events].count("run_started") == 1 and events[0].data == event.data
    finally:
        release.set()
        single.shutdown()


def test_a_long_run_gives_its_slot_to_the_next_queued_run(chat_app, chat_client) -> None:
    """With one slot, a run still computing after long_after_s (the executor's clock moved
    on) lets the run queued behind it compute and complete beside it."""
    svc = chat_app.extensions["datapulse"]
    old = svc.executor
    now = [0.0]
    started, release = threading.Event(), threading.Event()

    def analyse(request: Any, sink: Any, settings: Any) -> Any:
        if request.question == "long one":
            started.set()
            assert release.wait(TIMEOUT)
        return old.analyse(request, sink, settings)

    single = RunExecutor(
        old.store, svc.bus, svc.settings, max_workers=1, analyse=analyse, clock=lambda: now[0], long_after_s=5.0
    )
    single.list_agents = old.list_agents
    svc.executor = single
    try:
        cid = new_conversation(chat_client)
        long = ask(chat_client, cid, "long one")["run_id"]
        assert started.wait(TIMEOUT)
        quick = ask(chat_client, cid, "quick one")["run_id"]
        assert chat_client.get(f"/api/chat/runs/{quick}").json["status"] == "queued"  # the one slot is taken
        now[0] = 5.0  # the long run has computed for long_after_s
        assert wait_run(chat_client, quick)["status"] == "completed"
        assert chat_client.get(f"/api/chat/runs/{long}").json["status"] == "running"
        release.set()
        assert wait_run(chat_client, long)["status"] == "completed"
    finally:
        release.set()
        single.shutdown()


def test_keepalive_comments(chat_app, server) -> None:
    """An idle stream sends a `: keep-alive` comment every keep-alive interval."""
    configure(chat_app, CHAT_STEP_DELAY=0.4)
    configure(chat_app, CHAT_KEEPALIVE_S=0.1)
    run = start_run(server)
    comments: list[str] = []
    events = stream(server + run["events_url"], comments=comments, limit=3)
    assert len(events) == 3 and comments and set(comments) == {": keep-alive"}
    requests.post(f"{server}/api/chat/runs/{run['run_id']}/cancel", timeout=5)


def test_agent_updates_published_on_bus(chat_client, bus) -> None:
    """Every agent step is published as agent_update (topic agents), plus activity at start and end."""
    cid = new_conversation(chat_client)
    run_id = ask(chat_client, cid, "hi")["run_id"]
    wait_run(chat_client, run_id)
    updates = [e for e in bus.events if e.type == "agent_update"]
    assert len(updates) == 2 * len(AGENTS)
    assert all(e.topic == "agents" and e.data["run_id"] == run_id for e in updates)

    def actions() -> list[str]:
        return [e.data["action"] for e in bus.events if e.type == "activity" and e.data.get("run_id") == run_id]

    # The final activity is published just after the run's state is stored: wait for it.
    deadline = time.monotonic() + TIMEOUT
    while len(actions()) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert actions() == ["run_started", "run_completed"]


def test_stream_of_deleted_run_ends(chat_app, server) -> None:
    """A reader following a run whose conversation is deleted is not left hanging."""
    configure(chat_app, CHAT_STEP_DELAY=0.2)
    run = start_run(server)
    cid = requests.get(f"{server}/api/chat/runs/{run['run_id']}", timeout=5).json()["conversation_id"]
    box: list[list[SseEvent]] = []
    following = threading.Event()
    reader = threading.Thread(
        target=lambda: box.append(stream(server + run["events_url"], on_event=lambda _: following.set()))
    )
    reader.start()
    assert following.wait(TIMEOUT)  # the reader follows the run before it is deleted
    assert requests.delete(f"{server}/api/chat/conversations/{cid}", timeout=5).status_code == 204
    reader.join(TIMEOUT)
    assert not reader.is_alive() and box and box[0][0].event == "run_started"


def test_format_event_is_one_data_line() -> None:
    """A payload with newlines still becomes exactly one data line."""
    text = format_event(StoredEvent(7, "delta", {"text": "a\nb\r\nc"}))
    assert text.startswith("id: 7\nevent: delta\ndata: ") and text.endswith("\n\n")
    assert text.count("\n") == 4


@pytest.mark.parametrize(
    ("header", "query", "expected"),
    [(None, None, 0), ("4", None, 4), (None, "6", 6), ("4", "6", 4), ("x", None, 0), ("-3", None, 0), ("", "2", 2)],
)
def test_parse_last_event_id(header, query, expected) -> None:
    """The header wins, the query is the fallback, garbage means from the start."""
    assert parse_last_event_id(header, query) == expected


def test_a_finished_runs_stream_reads_the_run_once(chat_app, chat_client) -> None:
    """Opening the stream of a run that has ended reads the run's row once (its status)
    before replaying: the open is the hot path when a thousand readers arrive at once
    (issue 16); it used to load the whole run, then read its status again."""
    from sqlalchemy import event

    cid = new_conversation(chat_client)
    run_id = ask(chat_client, cid, "hi")["run_id"]
    wait_run(chat_client, run_id)
    statements: list[str] = []
    engine = chat_app.extensions["datapulse"].db.engine

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", seen)
    try:
        body = chat_client.get(f"/api/chat/runs/{run_id}/events").get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert sse_text_events(body)[-1].event == "run_completed"
    reads_of_runs = [s for s in statements if s.startswith("SELECT") and " FROM runs" in s]
    assert len(reads_of_runs) == 1, statements
    assert chat_client.get("/api/chat/runs/no-such-run/events").status_code == 404
