"""Slow work never blocks the rest (issue 11 rows 7 and 12), under a real gunicorn with
its gevent worker, where the hub's one thread pool used to be shared by everything.

Long user SQL runs in the SQL lane (SQL_WORKERS threads, a bounded queue, 429 past it)
and a PDF export in the export lane: previews and health answer while they run, and
health says `degraded` with the lanes' figures. Nothing here times an answer: a sampler
records what health said while the slow work was provably still in flight."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from datapulse.storage.models import Conversation, Message
from tests.api.gunicorn_server import gunicorn_process
from tests.attack import HealthSampler, http_probe, tree_rss, under_attack
from tests.files.helpers import csv_bytes

LONG_SQL = "SELECT count(*) FROM range(10000000000000) t(i) WHERE i % 7 = 3"  # hours of work
QUERIES, SQL_WORKERS = 12, 2
CAPACITY = SQL_WORKERS * 5  # the workers and four times as many waiting (LANE_QUEUE_PER_WORKER)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, int]]:
    data = tmp_path_factory.mktemp("lanes")
    env = {"SQL_WORKERS": str(SQL_WORKERS), "EXPORT_WORKERS": "1", "QUERY_TIMEOUT_S": "1"}
    with gunicorn_process(data, **env) as ((host, port), server):
        yield f"http://{host}:{port}", data, server.pid


def _sampler(base: str, pid: int) -> HealthSampler:
    """Health's latency and the tree's memory all along the attack (tests/attack.py)."""
    return HealthSampler(http_probe(f"{base}/api/health"), memory=tree_rss(pid))


def _health(base: str) -> dict[str, Any]:
    return dict(requests.get(f"{base}/api/health", timeout=30).json())


def _sample_until(base: str, done: Any, timeout: float = 30) -> dict[str, Any]:
    """Health answers, read until one satisfies `done` (the sampler)."""
    deadline = time.monotonic() + timeout
    while True:
        health = _health(base)
        if done(health):
            return health
        assert time.monotonic() < deadline, f"health never showed it: {health}"
        time.sleep(0.05)


def test_long_sql_waits_in_its_lane_while_previews_and_health_answer(api) -> None:
    """Row 7: 12 long queries (once previews and uploads waited 27 s behind them)."""
    base, _, pid = api
    uploaded = requests.post(f"{base}/api/files", files={"file": ("s.csv", csv_bytes(20))}, timeout=30)
    assert uploaded.status_code == 201, uploaded.text
    file_id = uploaded.json()["files"][0]["id"]

    statuses: list[int] = []

    def query() -> None:
        response = requests.post(f"{base}/api/query", json={"sql": LONG_SQL}, timeout=120)
        statuses.append(response.status_code)

    def attack() -> None:
        threads = [threading.Thread(target=query, daemon=True) for _ in range(QUERIES)]
        for thread in threads:
            thread.start()
        full = _sample_until(base, lambda h: h["checks"]["lanes"]["sql"]["waiting"] > 0)
        assert full["status"] == "degraded" and full["checks"]["lanes"]["saturated"] == ["sql"]
        assert full["checks"]["lanes"]["sql"]["busy"] == SQL_WORKERS

        preview = requests.get(f"{base}/api/files/{file_id}/preview?limit=5", timeout=30)
        assert preview.status_code == 200 and len(preview.json()["rows"]) == 5
        still = _health(base)["checks"]["lanes"]["sql"]
        assert still["busy"] == SQL_WORKERS  # the preview did not wait for the queries
        for thread in threads:
            thread.join(120)

    under_attack(attack, _sampler(base, pid))  # health in time all along, memory bounded
    assert sorted(statuses) == [429] * (QUERIES - CAPACITY) + [504] * CAPACITY  # refused, or cut at 1 s
    after = _sample_until(base, lambda h: h["checks"]["lanes"]["sql"]["busy"] == 0, timeout=10)
    assert after["checks"]["lanes"]["status"] == "healthy"  # usable within 10 s


def _long_conversation(data: Path, messages: int) -> str:
    engine = create_engine(f"sqlite:///{data / 'db.sqlite'}")
    try:
        with Session(engine) as session:
            conversation = Conversation(title="long")
            session.add(conversation)
            session.flush()
            text = "The average value by region is **12.5**; the median is 11. " * 4
            session.add_all(
                Message(conversation_id=conversation.id, role=("user", "assistant")[i % 2], content=f"{i}: {text}")
                for i in range(messages)
            )
            session.commit()
            return conversation.id
    finally:
        engine.dispose()


def test_a_pdf_export_renders_in_its_lane_while_health_answers(api) -> None:
    """Row 12: the PDF of a 500-message conversation (of 1,000, the API once blocked 5.9 s)."""
    base, data, pid = api
    conversation_id = _long_conversation(data, 500)
    exported: list[requests.Response] = []

    def export() -> None:
        url = f"{base}/api/chat/conversations/{conversation_id}/export?format=pdf"
        exported.append(requests.get(url, timeout=120))

    def attack() -> None:
        thread = threading.Thread(target=export, daemon=True)
        thread.start()
        # Health answers while the export renders: it reports the busy export lane.
        rendering = _sample_until(base, lambda h: h["checks"]["lanes"]["export"]["busy"] == 1)
        assert rendering["checks"]["lanes"]["saturated"] == ["export"]
        assert thread.is_alive()  # ... and that answer came back before the export did
        thread.join(120)

    under_attack(attack, _sampler(base, pid))
    assert exported and exported[0].status_code == 200
    assert exported[0].content.startswith(b"%PDF")
    after = _sample_until(base, lambda h: h["checks"]["lanes"]["export"]["busy"] == 0, timeout=10)
    assert after["checks"]["lanes"]["status"] == "healthy"  # usable within 10 s
