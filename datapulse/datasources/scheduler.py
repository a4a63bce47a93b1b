"""Interval refresh: a thread per API process that claims due sources.

Several processes may run this loop against one database. A source is claimed by
one conditional UPDATE (`SET next_refresh_at = :next WHERE id = :id AND
next_refresh_at = :seen`): the database lets exactly one of them change the row,
and only that one refreshes, so each interval gives one refresh however many
processes poll.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from datapulse.bus.base import EventBus
from datapulse.datasources.refresh import RETRY_BASE_S, refresh_source
from datapulse.events import utcnow
from datapulse.settings import Settings
from datapulse.storage.db import Database
from datapulse.storage.models import DataSource

log = logging.getLogger(__name__)
BATCH = 20


class RefreshScheduler:
    """start()/stop() explicitly; `tick()` runs one round (tests call it directly)."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        bus: EventBus,
        poll_s: float = 1.0,
        should_run: Callable[[], bool] = lambda: True,
    ) -> None:
        self.db, self.settings, self.bus = db, settings, bus
        self.poll_s = poll_s
        self.should_run = should_run  # checked every round; False ends the thread
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.claims: list[float] = []  # times (epoch s) of the claims this process won
        self.stats = {"rounds": 0, "claimed": 0, "lost": 0, "errors": 0}

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, poll_s: float | None = None) -> None:
        with self._lock:
            if self.running:
                return
            if poll_s is not None:
                self.poll_s = poll_s
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="datapulse-refresh", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        with self._lock:
            self._stop.set()
            thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.wait(self.poll_s):
            if not self.should_run():
                return
            try:
                self.tick()
            except Exception:  # the database may be down for a while: keep polling
                self.stats["errors"] += 1
                log.exception("refresh scheduler round failed")

    def due(self, now: datetime) -> list[tuple[str, datetime, int | None]]:
        with self.db.session() as session:
            rows = session.execute(
                select(DataSource.id, DataSource.next_refresh_at, DataSource.refresh_interval)
                .where(DataSource.next_refresh_at.is_not(None), DataSource.next_refresh_at <= now)
                .order_by(DataSource.next_refresh_at)
                .limit(BATCH)
            ).all()
        return [(r[0], r[1], r[2]) for r in rows if r[1] is not None]

    def claim(self, datasource_id: str, seen: datetime, interval: int | None, now: datetime) -> bool:
        """True if this process won the source's refresh for this round."""
        following = now + timedelta(seconds=interval or RETRY_BASE_S)
        with self.db.engine.begin() as conn:
            result = conn.execute(
                update(DataSource)
                .where(DataSource.id == datasource_id, DataSource.next_refresh_at == seen)
                .values(next_refresh_at=following)
                .execution_options(synchronize_session=False)
            )
        return result.rowcount == 1

    def tick(self) -> list[str]:
        """Claim and refresh every due source; the ids this process refreshed."""
        self.stats["rounds"] += 1
        done: list[str] = []
        for datasource_id, seen, interval in self.due(utcnow()):
            if self._stop.is_set():
                break
            now = utcnow()
            if not self.claim(datasource_id, seen, interval, now):
                self.stats["lost"] += 1
                continue
            self.stats["claimed"] += 1
            self.claims.append(now.timestamp())
            try:
                refresh_source(self.db, self.settings, self.bus, datasource_id)
            except Exception:  # refresh_source records failures itself; this is a bug guard
                self.stats["errors"] += 1
                log.exception("refresh of %s failed", datasource_id)
            done.append(datasource_id)
        return done

    def snapshot(self) -> dict[str, Any]:
        return {"running": self.running, "poll_s": self.poll_s, **self.stats}
