"""The supervisor loop (after honcho's Manager and gunicorn's Arbiter).

Children and signal handlers report on one queue of `Message`s; one loop reads it and
decides: print lines with the child's name, mark children healthy, restart the dead
(at once after they had been healthy, with growing back-off before), give up after
too many failures in a row, and stop everything (SIGTERM, then SIGKILL after a grace
period). The clock and the process class are attributes, so tests replay scripted
runs without real processes or real sleeps.

A child whose spec asks for it (the API under gunicorn) also gets a warm *standby*
once it is healthy: a second process that has done its slow imports and waits,
unbound, to be promoted when the running one dies. Promotion replaces a cold start.
"""

from __future__ import annotations

import queue
import signal
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from queue import SimpleQueue
from typing import Any, Protocol

from datapulse.launcher.policy import BackOff
from datapulse.launcher.printer import Printer
from datapulse.launcher.process import ChildProcess, Message
from datapulse.launcher.specs import ChildSpec

LAUNCHER = "launcher"


class Clock(Protocol):
    def now(self) -> float: ...

    def wait(self, events: SimpleQueue[Message], timeout: float | None) -> Message | None: ...


class RealClock:
    """Monotonic time; waiting is a blocking read of the queue."""

    max_wait = 0.5  # wake up now and then, so signals are never left waiting

    def now(self) -> float:
        return time.monotonic()

    def wait(self, events: SimpleQueue[Message], timeout: float | None) -> Message | None:
        timeout = self.max_wait if timeout is None else min(timeout, self.max_wait)
        try:
            return events.get(timeout=timeout)
        except queue.Empty:
            return None


class Process(Protocol):
    def start(self) -> None: ...

    def promote(self) -> None: ...

    def terminate(self) -> None: ...

    def kill(self) -> None: ...


# (spec, queue, generation, standby) -> a process that is not started yet
ProcessFactory = Callable[[ChildSpec, "SimpleQueue[Message]", int, bool], Process]


@dataclass
class Child:
    """The supervisor's view of one child across its restarts."""

    spec: ChildSpec
    process: Process | None = None
    generation: int = 0
    pid: int | None = None
    running: bool = False
    healthy: bool = False
    started_at: float = 0.0
    failures: int = 0  # deaths in a row before becoming healthy
    restart_at: float | None = None
    restarts: int = 0
    timed_out: bool = False  # killed for not coming up in time
    # The warm standby (specs with standby=True): started once the child is healthy.
    standby: Process | None = None
    standby_generation: int = -1
    standby_pid: int | None = None
    standby_ready: bool = False
    # Asked on the control socket: stopped and left so (held), or what to do once it stops.
    held: bool = False
    hold: str | None = None  # "stop" or "restart"
    standby_dismissed: bool = False  # its standby was stopped on request too

    def alive(self) -> bool:
        return self.running or self.standby is not None


def describe_exit(code: int) -> str:
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


class Supervisor:
    clock: Clock = RealClock()
    process_class: ProcessFactory = ChildProcess

    def __init__(
        self,
        specs: Iterable[ChildSpec],
        printer: Printer | None = None,
        backoff: BackOff | None = None,
        grace: float = 7.0,
        clock: Clock | None = None,
        process_class: ProcessFactory | None = None,
    ) -> None:
        self.children = {spec.name: Child(spec) for spec in specs}
        width = max([len(LAUNCHER), *(len(n) for n in self.children)])
        self.printer = printer or Printer(width=width)
        self.backoff = backoff or BackOff()
        self.grace = grace  # SIGTERM -> SIGKILL; plus the wait after SIGKILL, within 10 s
        if clock is not None:
            self.clock = clock
        if process_class is not None:
            self.process_class = process_class
        self.events: SimpleQueue[Message] = SimpleQueue()
        self.stopping = False
        self.kill_at: float | None = None
        self.abandon_at: float | None = None
        self.returncode = 0
        self.failure: str | None = None

    # Signals are queued, like gunicorn's arbiter: the handler only posts a message.
    def install_signal_handlers(self) -> None:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # HUP: the terminal went away
            signal.signal(sig, self._on_signal)

    def _on_signal(self, signum: int, frame: Any) -> None:
        self.events.put(Message("signal", LAUNCHER, 0, signum))  # SimpleQueue.put is reentrant

    def log(self, text: str) -> None:
        self.printer.write(LAUNCHER, text)

    # The loop ------------------------------------------------------------------------
    def run(self) -> int:
        """Run until stopped by a signal (0) or a child that keeps failing (1)."""
        if not self.children:
            raise ValueError("nothing to supervise")
        try:
            for child in self.children.values():
                self._spawn(child)
            while self.stopping is False or any(c.alive() for c in self.children.values()):
                message = self.clock.wait(self.events, self._timeout())
                if message is not None:
                    getattr(self, f"handle_{message.kind}")(message)
                self._tick()
        except BaseException:
            self._kill_everything()  # a bug here must not leave children behind
            raise
        return self.returncode

    def _kill_everything(self) -> None:
        for child in self.children.values():
            for process in (child.process if child.running else None, child.standby):
                if process is not None:
                    process.kill()

    def _deadlines(self) -> list[float]:
        times = [self.kill_at, self.abandon_at]
        if not self.stopping:
            for c in self.children.values():
                times.append(c.restart_at)
                if c.running and not c.healthy and not c.timed_out:
                    wait = c.spec.start_timeout if c.spec.health_url else c.spec.healthy_after
                    times.append(c.started_at + wait)
        return [t for t in times if t is not None]

    def _timeout(self) -> float | None:
        deadlines = self._deadlines()
        return max(0.0, min(deadlines) - self.clock.now()) if deadlines else None

    def _tick(self) -> None:
        now = self.clock.now()
        for child in self.children.values():
            if child.restart_at is not None and now >= child.restart_at:
                self._spawn(child)
            elif child.running and not child.healthy and not child.spec.health_url:
                if now >= child.started_at + child.spec.healthy_after:
                    self._mark_healthy(child, f"running for {child.spec.healthy_after:g} s")
            elif child.running and not child.healthy and not self.stopping and child.process is not None:
                if now >= child.started_at + child.spec.start_timeout and not child.timed_out:
                    child.timed_out = True  # its stop then counts as a failure before health
                    self.log(f"{child.spec.name} did not come up within {child.spec.start_timeout:g} s; killing it")
                    child.process.kill()
        if self.kill_at is not None and now >= self.kill_at:
            self.kill_at = None
            self._kill_remaining(f"still running after {self.grace:g} s")
        if self.abandon_at is not None and now >= self.abandon_at:
            self.abandon_at = None
            for child in self.children.values():
                if child.alive():
                    pids = ", ".join(str(p) for p in (child.pid, child.standby_pid) if p)
                    self.log(f"{child.spec.name} (pid {pids}) did not report its exit; not waiting for it")
                    child.running, child.standby = False, None

    @staticmethod
    def _new_generation(child: Child) -> int:
        """A number no earlier run (nor standby) of this child has had."""
        return max(child.generation, child.standby_generation) + 1

    def _spawn(self, child: Child) -> None:
        child.restart_at = None
        generation = child.generation = self._new_generation(child)
        child.running, child.healthy, child.pid, child.timed_out = True, False, None, False
        child.started_at = self.clock.now()
        child.process = self.process_class(child.spec, self.events, generation, False)
        child.process.start()

    def _spawn_standby(self, child: Child) -> None:
        generation = self._new_generation(child)
        child.standby_generation, child.standby_ready, child.standby_pid = generation, False, None
        child.standby = self.process_class(child.spec, self.events, generation, True)
        child.standby.start()

    def _promote(self, child: Child) -> None:
        assert child.standby is not None
        child.process, child.standby = child.standby, None
        child.generation, child.pid = child.standby_generation, child.standby_pid
        child.running, child.healthy, child.started_at = True, False, self.clock.now()
        child.timed_out = False
        child.process.promote()

    def _current(self, message: Message) -> Child | None:
        child = self.children.get(message.name)
        if child is None or child.generation != message.generation:
            return None  # a message from an earlier run of this child, or from its standby
        return child

    def _standby_of(self, message: Message) -> Child | None:
        child = self.children.get(message.name)
        if child is None or child.standby is None or child.standby_generation != message.generation:
            return None
        return child

    # Handlers, one per message kind -----------------------------------------------------
    def handle_start(self, message: Message) -> None:
        child = self._current(message)
        if child is not None:
            child.pid = message.data
            self.log(f"started {child.spec.name} (pid {message.data}): {' '.join(child.spec.argv)}")
        elif (spare := self._standby_of(message)) is not None:
            spare.standby_pid = message.data
            self.log(f"started a standby {spare.spec.name} (pid {message.data}), warming up")

    def handle_ready(self, message: Message) -> None:
        child = self._standby_of(message)
        if child is not None:
            child.standby_ready = True
            self.log(f"{child.spec.name} standby (pid {child.standby_pid}) is warm")

    def handle_line(self, message: Message) -> None:
        self.printer.write(message.name, str(message.data))

    def handle_healthy(self, message: Message) -> None:
        child = self._current(message)
        if child is not None and child.running and not child.healthy:
            self._mark_healthy(child, f"answers {child.spec.health_url}")

    def _mark_healthy(self, child: Child, why: str) -> None:
        child.healthy, child.failures = True, 0
        self.log(f"{child.spec.name} is up ({why})")
        if child.spec.standby and child.standby is None and not self.stopping:
            self._spawn_standby(child)

    def handle_stop(self, message: Message) -> None:
        spare = self._standby_of(message)
        if spare is not None:
            self._standby_stopped(spare, int(message.data))
            return
        child = self._current(message)
        if child is None or not child.running:
            return
        child.running, child.process = False, None
        name, how = child.spec.name, describe_exit(int(message.data))
        if self.stopping:
            self.log(f"{name} stopped ({how})")
            return
        if child.hold is not None:  # stopped on request (control socket), not a crash
            action, child.hold = child.hold, None
            self.log(f"{name} stopped on request ({how})")
            if action == "restart":
                child.restarts += 1
                self._spawn(child)
            return
        child.restarts += 1
        if child.healthy:
            if child.standby is not None and child.standby_ready:
                self.log(f"{name} died ({how}) after it had been up; promoting its warm standby now")
                self._promote(child)
            else:
                self.log(f"{name} died ({how}) after it had been up; restarting it now")
                self._spawn(child)
            return
        child.failures += 1
        if self.backoff.gives_up(child.failures):
            self.failure = f"{name} died {child.failures} times in a row before it came up (last: {how}); giving up"
            self.log(self.failure)
            self.returncode = 1
            self.stop()
            return
        delay = self.backoff.delay(child.failures)
        self.log(
            f"{name} died ({how}) before it came up (failure {child.failures} of "
            f"{self.backoff.max_failures}); restarting in {delay:g} s"
        )
        child.restart_at = self.clock.now() + delay

    def _standby_stopped(self, child: Child, code: int) -> None:
        was_ready, child.standby, child.standby_ready = child.standby_ready, None, False
        if self.stopping or child.standby_dismissed:  # asked for, not a crash
            child.standby_dismissed = False
            self.log(f"{child.spec.name} standby stopped ({describe_exit(code)})")
            return
        self.log(f"{child.spec.name} standby (pid {child.standby_pid}) died ({describe_exit(code)})")
        if was_ready and child.running and child.healthy:  # it worked before: replace it
            self._spawn_standby(child)
        # one that died while warming up is tried again after the child's next start

    def handle_signal(self, message: Message) -> None:
        name = signal.Signals(int(message.data)).name
        if not self.stopping:
            self.log(f"{name} received: stopping every child")
            self.stop()
        else:
            self.kill_at = None
            self._kill_remaining(f"second {name}")

    def handle_control(self, message: Message) -> None:
        """A request from the control socket (datapulse/launcher/control.py), run here in the loop."""
        message.data.run(self)

    def control(self, name: str, cmd: str) -> str:
        """start, stop or restart one child on request; says what it did."""
        child = self.children[name]
        if cmd == "start":
            if child.running or child.hold is not None:
                return "already running"
            child.held, child.failures = False, 0
            self._spawn(child)
            return "starting"
        if not child.running or child.process is None:
            if cmd == "stop":
                child.held, child.restart_at = True, None
                return "already stopped"
            child.held, child.failures = False, 0
            self._spawn(child)
            return "starting"
        child.hold, child.held, child.healthy = cmd, cmd == "stop", False  # no standby respawn
        self.log(f"{cmd} of {name} requested on the control socket")
        child.process.terminate()
        if child.standby is not None:
            child.standby_dismissed = True
            child.standby.terminate()
        return "stopping" if cmd == "stop" else "restarting"

    # Stopping ----------------------------------------------------------------------------
    def stop(self) -> None:
        """SIGTERM to every running child; SIGKILL for those left after the grace period."""
        if self.stopping:
            return
        self.stopping = True
        for child in self.children.values():
            child.restart_at = None
            if child.running and child.process is not None:
                child.process.terminate()
            if child.standby is not None:
                child.standby.terminate()
        self.kill_at = self.clock.now() + self.grace

    def _kill_remaining(self, why: str) -> None:
        for child in self.children.values():
            if child.running and child.process is not None:
                self.log(f"{why}: killing {child.spec.name} (pid {child.pid})")
                child.process.kill()
            if child.standby is not None:
                child.standby.kill()
        self.abandon_at = self.clock.now() + 2.0
