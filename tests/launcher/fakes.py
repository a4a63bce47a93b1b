"""A fake clock and scripted fake processes, so supervisor tests replay runs without sleeping."""

from __future__ import annotations

import heapq
import itertools
import queue
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from datapulse.launcher.process import Message
from datapulse.launcher.specs import ChildSpec


class FakeClock:
    """Time moves only when the supervisor waits: straight to the next scripted event."""

    def __init__(self) -> None:
        self.t = 0.0
        self._timers: list[tuple[float, int, Callable[[], None]]] = []
        self._seq = itertools.count()
        self.steps = 0

    def now(self) -> float:
        return self.t

    def at(self, delay: float, action: Callable[[], None]) -> None:
        heapq.heappush(self._timers, (self.t + delay, next(self._seq), action))

    def wait(self, events: queue.SimpleQueue[Message], timeout: float | None) -> Message | None:
        self.steps += 1
        assert self.steps < 10_000, "the supervisor loop does not settle"
        deadline = float("inf") if timeout is None else self.t + timeout
        while True:
            try:
                return events.get_nowait()
            except queue.Empty:
                pass
            if self._timers and self._timers[0][0] <= deadline:
                when, _, action = heapq.heappop(self._timers)
                self.t = max(self.t, when)
                action()
                continue
            assert deadline != float("inf"), "the supervisor would wait forever"
            self.t = deadline
            return None


@dataclass
class Run:
    """One scripted run of a child: (seconds after start, kind, data) steps.

    `on_term` is how long the child takes to exit after SIGTERM; None ignores SIGTERM.
    `on_promote` is how long a promoted standby takes to answer health.
    """

    steps: list[tuple[float, str, Any]] = field(default_factory=list)
    on_term: float | None = 0.1
    on_promote: float = 0.2


@dataclass
class World:
    """Hands out fake processes that follow the scripts, and records what happened."""

    clock: FakeClock
    scripts: dict[str, list[Run]]
    started: list[tuple[str, float]] = field(default_factory=list)
    signals: list[tuple[str, str, float]] = field(default_factory=list)
    standbys: list[tuple[str, float]] = field(default_factory=list)
    promoted: list[tuple[str, float]] = field(default_factory=list)

    def starts(self, name: str) -> list[float]:
        return [round(t, 6) for n, t in self.started if n == name]

    def factory(
        self, spec: ChildSpec, events: queue.SimpleQueue[Message], generation: int, standby: bool = False
    ) -> FakeProcess:
        """Each process created (standbys included) follows the next run of its child's script."""
        runs = self.scripts[spec.name]
        made = sum(1 for n, _ in self.started + self.standbys if n == spec.name)
        return FakeProcess(self, spec.name, events, generation, runs[min(made, len(runs) - 1)], standby)


class FakeProcess:
    def __init__(
        self, world: World, name: str, events: queue.SimpleQueue[Message], generation: int, run: Run, standby: bool
    ) -> None:
        self.world, self.name, self.events, self.generation, self.run = world, name, events, generation, run
        self.standby = standby
        self.exited = False

    def _post(self, kind: str, data: Any = None) -> None:
        if self.exited:
            return
        if kind == "stop":
            self.exited = True
        self.events.put(Message(kind, self.name, self.generation, data))

    def start(self) -> None:
        clock = self.world.clock
        (self.world.standbys if self.standby else self.world.started).append((self.name, clock.now()))
        self._post("start", 1000 + len(self.world.started) + len(self.world.standbys))
        for delay, kind, data in self.run.steps:
            clock.at(delay, lambda kind=kind, data=data: self._post(kind, data))

    def promote(self) -> None:
        assert self.standby, "only a standby is promoted"
        self.standby = False
        self.world.promoted.append((self.name, self.world.clock.now()))
        self.world.clock.at(self.run.on_promote, lambda: self._post("healthy"))

    def terminate(self) -> None:
        self.world.signals.append((self.name, "TERM", self.world.clock.now()))
        if self.run.on_term is not None:
            self.world.clock.at(self.run.on_term, lambda: self._post("stop", -15))

    def kill(self) -> None:
        self.world.signals.append((self.name, "KILL", self.world.clock.now()))
        self.world.clock.at(0.0, lambda: self._post("stop", -9))
