"""POST /api/query results are bounded in bytes, with memory bounded per request (issue 11 row 3)."""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from datapulse.api.app import create_app
from datapulse.bus.base import MemoryBus
from datapulse.settings import Settings
from tests.attack import HealthSampler, http_probe, tree_rss, under_attack
from tests.conftest import migrated
from tests.serving import serving

MIB = 1024 * 1024


def rss_bytes() -> int:
    with open(f"/proc/{os.getpid()}/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class PeakSampler:
    """The highest resident size of this process (or what `measure` reads) seen while it
    runs (every 10 ms)."""

    def __init__(self, measure: Callable[[], int] = rss_bytes) -> None:
        self.measure = measure
        self.start = self.peak = measure()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.01):
            self.peak = max(self.peak, self.measure())

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)
        self.peak = max(self.peak, self.measure())

    @property
    def growth(self) -> int:
        return self.peak - self.start


@pytest.fixture
def budget_app(settings: Settings, bus: MemoryBus) -> Iterator[Any]:
    app = create_app(migrated(settings.replace(QUERY_MAX_RESULT_MB=8)), bus=bus)
    yield app
    app.extensions["datapulse"].sql_processes.close()
    app.extensions["datapulse"].db.dispose()


def test_result_over_the_budget_is_truncated_and_flagged(budget_app: Any) -> None:
    """40 rows of 1 MB against an 8 MiB budget: the rows that fit, `truncated` with the reason."""
    sql = "SELECT i, repeat('x', 1000000) AS s FROM range(40) t(i) ORDER BY i"
    response = budget_app.test_client().post("/api/query", json={"sql": sql})
    assert response.status_code == 200
    body = response.get_json()
    assert body["truncated"] is True and body["truncated_reason"] == "max_result_bytes"
    assert body["max_result_bytes"] == 8 * MIB
    assert 5 <= body["total_rows"] <= 8 and [r[0] for r in body["rows"]] == list(range(body["total_rows"]))
    assert len(response.data) <= 8 * MIB


def test_small_results_and_the_row_limit_are_unchanged(budget_app: Any) -> None:
    """Under the budget nothing changes; the row limit still truncates with its own reason."""
    client = budget_app.test_client()
    whole = client.post("/api/query", json={"sql": "SELECT * FROM range(5)"}).get_json()
    assert whole["total_rows"] == 5 and whole["truncated"] is False and whole["truncated_reason"] is None
    cut = client.post("/api/query", json={"sql": "SELECT * FROM range(5000)", "limit": 10}).get_json()
    assert cut["total_rows"] == 10 and cut["truncated"] is True and cut["truncated_reason"] == "limit"


@pytest.fixture
def served(budget_app: Any) -> Iterator[int]:
    with serving(budget_app) as port:
        yield port


def _post(port: int, sql: str) -> tuple[dict[str, Any], int]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/query",
        data=json.dumps({"sql": sql}).encode(),
        headers={"Content-Type": "application/json", "Host": "localhost"},
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as reply:
            raw = reply.read()
    except urllib.error.HTTPError as error:  # an error answer is JSON too
        raw = error.read()
    return json.loads(raw), len(raw)


def test_huge_values_stop_at_the_budget_with_memory_bounded(served: int) -> None:
    """The attack, scaled: repeat('x', 10000000) x 30 (a 300 MB result) over TCP on 127.0.0.1:
    an 8 MiB reply, the process grows by far less than the result (once was +1.7 GB), and
    /api/health, sampled throughout, answers in time (it once stalled 5.8 s). DuckDB builds
    the 30 values at once, over the query process's memory (QUERY_PROCESS_MEMORY_MB, 256):
    refused with 422; the growth counted is this process's and its SQL processes'."""
    sql = "SELECT repeat('x', 10000000) AS s FROM range(30)"
    health = HealthSampler(http_probe(f"http://127.0.0.1:{served}/api/health", host_header="localhost"))
    with PeakSampler(tree_rss(os.getpid())) as memory:
        started = time.monotonic()
        body, size = under_attack(lambda: _post(served, sql), health)  # health answers all along
        elapsed = time.monotonic() - started
    assert body["error"]["code"] == "query_memory_exceeded", body
    assert size <= 8 * MIB
    print(f"process memory +{memory.growth / MIB:.0f} MiB in {elapsed:.1f} s")
    assert memory.growth < 600 * MIB, f"grew {memory.growth / MIB:.0f} MiB in {elapsed:.1f} s"
    health = urllib.request.Request(f"http://127.0.0.1:{served}/api/health", headers={"Host": "localhost"})
    with urllib.request.urlopen(health, timeout=30) as reply:
        assert reply.status in (200, 503)
