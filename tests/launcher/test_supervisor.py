"""The supervisor loop, replayed with a fake clock and scripted processes (no sleeps)."""

from __future__ import annotations

import io
import queue
import signal
import sys

import pytest

from datapulse.launcher.policy import BackOff
from datapulse.launcher.printer import Printer
from datapulse.launcher.process import ChildProcess, Message
from datapulse.launcher.specs import STANDBY_ENV, STANDBY_READY, ChildSpec
from datapulse.launcher.supervisor import Supervisor, describe_exit

from .fakes import FakeClock, Run, World

FOREVER = Run(steps=[(0.3, "healthy", None)])


def make(scripts: dict[str, list[Run]], specs: list[ChildSpec] | None = None, grace: float = 7.0):
    clock = FakeClock()
    world = World(clock, scripts)
    specs = specs or [ChildSpec(name, ("x",), health_url=f"http://h/{name}") for name in scripts]
    out = io.StringIO()
    sup = Supervisor(specs, printer=Printer(out, width=8), grace=grace, clock=clock, process_class=world.factory)
    return sup, world, clock, out


def signal_at(sup: Supervisor, clock: FakeClock, when: float, sig: int = signal.SIGTERM) -> None:
    clock.at(when, lambda: sup._on_signal(sig, None))


def test_output_lines_are_prefixed_with_the_child_name() -> None:
    """Each line a child prints appears once, prefixed with its name."""
    sup, world, clock, out = make({"api": [Run([(0.1, "line", "hello from api")])], "ws": [FOREVER]})
    signal_at(sup, clock, 1.0)
    assert sup.run() == 0
    lines = out.getvalue().splitlines()
    assert [line for line in lines if "hello from api" in line] == [
        next(line for line in lines if line.endswith("api      | hello from api"))
    ]
    assert any("launcher | started api (pid" in line for line in lines)


def test_child_that_dies_after_it_was_healthy_restarts_at_once() -> None:
    """A crash after health answered restarts immediately, without back-off."""
    crash = Run([(0.3, "healthy", None), (5.0, "stop", -9)])
    sup, world, clock, out = make({"api": [crash, crash, FOREVER], "ws": [FOREVER]})
    signal_at(sup, clock, 20.0)
    assert sup.run() == 0
    assert world.starts("api") == [0.0, 5.0, 10.0]
    assert world.starts("ws") == [0.0]
    assert "api died (killed by SIGKILL) after it had been up; restarting it now" in out.getvalue()


def test_child_that_dies_before_healthy_backs_off_then_gives_up() -> None:
    """Deaths before health back off 0.5, 1, 2, 4 s; the 5th in a row stops everything, exit 1."""
    dies = Run([(0.1, "line", "boom"), (0.1, "stop", 3)])
    sup, world, clock, out = make({"api": [dies], "ws": [FOREVER]})
    assert sup.run() == 1
    starts = world.starts("api")
    assert len(starts) == 5
    waits = [round(b - (a + 0.1), 6) for a, b in zip(starts, starts[1:], strict=False)]
    assert waits == [0.5, 1.0, 2.0, 4.0]
    assert sup.failure == "api died 5 times in a row before it came up (last: exit code 3); giving up"
    assert ("ws", "TERM", pytest.approx(starts[-1] + 0.1)) in world.signals
    assert "restarting in 0.5 s" in out.getvalue()


def test_becoming_healthy_resets_the_failure_streak() -> None:
    """Once a child answered health, its earlier failures no longer count toward giving up."""
    dies = Run([(0.1, "stop", 1)])
    ok_then_dies = Run([(0.2, "healthy", None), (1.0, "stop", 1)])
    runs = [dies, dies, dies, dies, ok_then_dies, dies, dies, FOREVER]
    sup, world, clock, out = make({"api": runs})
    signal_at(sup, clock, 30.0)
    assert sup.run() == 0
    starts = world.starts("api")
    assert len(starts) == 8
    # after the healthy run: at once, then 0.5 and 1 s again (a new streak)
    assert [round(b - a, 6) for a, b in zip(starts[4:], starts[5:], strict=False)] == [1.0, 0.6, 1.1]


def test_sigterm_stops_children_and_kills_one_that_ignores_it_after_the_grace_period() -> None:
    """SIGTERM goes to every child; a child still running after the grace period gets SIGKILL."""
    stubborn = Run([(0.3, "healthy", None)], on_term=None)
    sup, world, clock, out = make({"api": [FOREVER], "ws": [stubborn]}, grace=7.0)
    signal_at(sup, clock, 2.0)
    assert sup.run() == 0
    assert world.signals == [("api", "TERM", 2.0), ("ws", "TERM", 2.0), ("ws", "KILL", 9.0)]
    assert clock.now() <= 2.0 + 10
    assert len(world.started) == 2  # nothing restarted while stopping
    assert "killing ws" in out.getvalue()


def test_a_second_signal_kills_at_once() -> None:
    """Ctrl-C twice does not wait for the grace period."""
    stubborn = Run([(0.3, "healthy", None)], on_term=None)
    sup, world, clock, out = make({"api": [stubborn]})
    signal_at(sup, clock, 1.0, signal.SIGINT)
    signal_at(sup, clock, 1.5, signal.SIGINT)
    assert sup.run() == 0
    assert world.signals == [("api", "TERM", 1.0), ("api", "KILL", 1.5)]
    assert "second SIGINT: killing api" in out.getvalue()


def test_a_child_that_never_reports_its_exit_is_abandoned() -> None:
    """If even SIGKILL brings no exit report, the launcher stops waiting instead of hanging."""
    sup, world, clock, out = make({"api": [Run([], on_term=None)]}, grace=1.0)
    sup.process_class = lambda spec, events, gen, standby: _Deaf(world.factory(spec, events, gen, standby))
    signal_at(sup, clock, 1.0)
    assert sup.run() == 0
    assert clock.now() == pytest.approx(1.0 + 1.0 + 2.0)
    assert "did not report its exit" in out.getvalue()


class _Deaf:
    """A process whose SIGKILL goes unreported (stands for a process stuck in the kernel)."""

    def __init__(self, inner) -> None:  # type: ignore[no-untyped-def]
        self.inner = inner

    def start(self) -> None:
        self.inner.start()

    def terminate(self) -> None:
        self.inner.terminate()

    def kill(self) -> None:
        pass


def standby_spec() -> list[ChildSpec]:
    return [ChildSpec("api", ("gunicorn",), health_url="http://h/api", standby=True)]


def test_a_warm_standby_is_promoted_when_a_healthy_child_dies() -> None:
    """With a standby ready, a crash after health promotes it instead of a cold start."""
    active = Run([(0.3, "healthy", None), (5.0, "stop", -9)])
    spare = Run([(1.0, "ready", None)])
    sup, world, clock, out = make({"api": [active, spare, spare]}, specs=standby_spec())
    signal_at(sup, clock, 10.0)
    assert sup.run() == 0
    assert world.starts("api") == [0.0]  # one cold start only
    assert world.standbys == [("api", 0.3), ("api", 5.2)]  # a new standby once the promoted one is up
    assert world.promoted == [("api", 5.0)]
    assert "api died (killed by SIGKILL) after it had been up; promoting its warm standby now" in out.getvalue()
    assert [s[:2] for s in world.signals] == [("api", "TERM"), ("api", "TERM")]  # the child and its standby


def test_without_a_warm_standby_yet_the_child_restarts_cold() -> None:
    """A standby still warming up is not promoted; the child restarts at once, cold."""
    active = Run([(0.3, "healthy", None), (2.0, "stop", 1)])
    slow_spare = Run([(10.0, "ready", None)])
    sup, world, clock, out = make({"api": [active, slow_spare, Run([(0.3, "healthy", None)])]}, specs=standby_spec())
    signal_at(sup, clock, 20.0)
    assert sup.run() == 0
    assert world.starts("api") == [0.0, 2.0]
    assert world.promoted == [] and len(world.standbys) == 1


def test_a_standby_that_dies_warm_is_replaced_and_one_that_dies_cold_is_not() -> None:
    """A standby lost after it was warm is replaced at once; a broken one waits for the next start."""
    active = Run([(0.3, "healthy", None)])
    dies_warm = Run([(1.0, "ready", None), (2.0, "stop", -9)])
    dies_cold = Run([(0.5, "stop", 1)])
    sup, world, clock, out = make({"api": [active, dies_warm, dies_cold, active]}, specs=standby_spec())
    signal_at(sup, clock, 20.0)
    assert sup.run() == 0
    assert world.standbys == [("api", 0.3), ("api", 2.3)]
    assert "api standby (pid" in out.getvalue() and "died (exit code 1)" in out.getvalue()


def test_a_standby_that_ignores_sigterm_is_killed_on_stop() -> None:
    """Stopping covers the standby too: SIGTERM, then SIGKILL after the grace period."""
    spare = Run([(1.0, "ready", None)], on_term=None)
    sup, world, clock, out = make({"api": [FOREVER, spare]}, specs=standby_spec(), grace=3.0)
    signal_at(sup, clock, 2.0)
    assert sup.run() == 0
    assert world.signals == [("api", "TERM", 2.0), ("api", "TERM", 2.0), ("api", "KILL", 5.0)]
    assert "api standby stopped (killed by SIGKILL)" in out.getvalue()


def test_child_without_health_url_counts_as_healthy_after_running_long_enough() -> None:
    """Without a health URL, surviving `healthy_after` seconds decides between restart-now and back-off."""
    spec = ChildSpec("ui", ("npm",), healthy_after=5.0)
    runs = [Run([(6.0, "stop", 1)]), Run([(3.0, "stop", 1)]), Run([])]
    sup, world, clock, out = make({"ui": runs}, specs=[spec])
    signal_at(sup, clock, 20.0)
    assert sup.run() == 0
    assert world.starts("ui") == [0.0, 6.0, 9.5]
    assert "ui is up (running for 5 s)" in out.getvalue()


def test_messages_from_an_earlier_run_are_ignored() -> None:
    """A late stop or healthy from a previous run of a child does not touch the current one."""
    sup, world, clock, out = make({"api": [FOREVER]})
    child = sup.children["api"]
    sup._spawn(child)
    sup._spawn(child)  # generation 2 is current
    sup.handle_stop(Message("stop", "api", 1, 1))
    sup.handle_healthy(Message("healthy", "api", 1))
    assert child.running and not child.healthy and child.failures == 0


def test_backoff_delays_grow_and_cap() -> None:
    """The back-off doubles from 0.5 s up to its cap and gives up at 5 failures."""
    policy = BackOff()
    assert [policy.delay(n) for n in range(0, 7)] == [0.0, 0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert not policy.gives_up(4) and policy.gives_up(5)


def test_exit_descriptions_name_the_signal() -> None:
    """Exit codes read as a person would say them."""
    assert describe_exit(0) == "exit code 0"
    assert describe_exit(-9) == "killed by SIGKILL"
    assert describe_exit(-200) == "killed by signal 200"


def test_printer_colours_only_when_asked() -> None:
    """Names are coloured for terminals and plain otherwise."""
    out = io.StringIO()
    Printer(out, width=3, colour=True).write("api", "x\n")
    Printer(out, width=3).write("ws", "y")
    first, second = out.getvalue().splitlines()
    assert "\033[36m" in first and first.endswith("api |\033[0m x")
    assert second.endswith("ws  | y") and "\033" not in second


def test_a_child_that_cannot_be_started_reports_a_line_and_a_stop() -> None:
    """A missing executable becomes an ordinary failed run (exit code 127) with the reason."""
    events: queue.SimpleQueue[Message] = queue.SimpleQueue()
    ChildProcess(ChildSpec("ui", ("/nonexistent/npm", "run", "dev")), events, 1).start()
    line, stop = events.get(timeout=5), events.get(timeout=5)
    assert line.kind == "line" and "cannot start /nonexistent/npm run dev" in line.data
    assert (stop.kind, stop.data) == ("stop", 127)


def test_a_real_child_reports_start_lines_and_stop_in_order() -> None:
    """A real process's output arrives as line messages before its stop message."""
    events: queue.SimpleQueue[Message] = queue.SimpleQueue()
    code = "import sys; print('one'); print('two', file=sys.stderr); sys.exit(4)"
    ChildProcess(ChildSpec("t", (sys.executable, "-c", code)), events, 7).start()
    got = [events.get(timeout=10) for _ in range(4)]
    assert [m.kind for m in got] == ["start", "line", "line", "stop"]
    assert {got[1].data, got[2].data} == {"one", "two"} and got[3].data == 4
    assert {m.generation for m in got} == {7}


def test_a_child_that_never_comes_up_is_killed_and_counts_as_a_failure() -> None:
    """No health answer within start_timeout: the child is killed and restarted with back-off."""
    spec = ChildSpec("api", ("x",), health_url="http://h/api", start_timeout=30.0)
    hangs = Run([])
    sup, world, clock, out = make({"api": [hangs, FOREVER]}, specs=[spec])
    signal_at(sup, clock, 40.0)
    assert sup.run() == 0
    assert world.signals[0] == ("api", "KILL", 30.0)
    assert world.starts("api") == [0.0, 30.5]
    assert "api did not come up within 30 s; killing it" in out.getvalue()
    assert "failure 1 of 5" in out.getvalue()


def test_a_crash_inside_the_loop_kills_every_child_before_raising() -> None:
    """A bug in the supervisor still takes its children (and standbys) down with it."""
    sup, world, clock, out = make({"api": [Run([(0.3, "healthy", None), (1.0, "bogus", None)])], "ws": [FOREVER]})
    with pytest.raises(AttributeError):
        sup.run()
    assert sorted(s[:2] for s in world.signals) == [("api", "KILL"), ("ws", "KILL")]


def test_nothing_to_supervise_is_an_error() -> None:
    """An empty child list is refused rather than looping forever."""
    with pytest.raises(ValueError):
        Supervisor([]).run()


def test_printer_survives_a_closed_stream() -> None:
    """Output to a closed pipe is dropped instead of stopping the supervisor."""
    out = io.StringIO()
    out.close()
    Printer(out).write("api", "lost")


def test_a_real_standby_reports_ready_and_starts_when_promoted() -> None:
    """A standby gets STANDBY_ENV, its ready line becomes a message, and promote() sends "go"."""
    events: queue.SimpleQueue[Message] = queue.SimpleQueue()
    code = (
        f"import os, sys; assert os.environ[{STANDBY_ENV!r}] == '1'; print({STANDBY_READY!r}, flush=True); "
        "print('got', sys.stdin.readline().strip(), flush=True)"
    )
    spare = ChildProcess(ChildSpec("api", (sys.executable, "-c", code)), events, 3, standby=True)
    spare.start()
    assert [events.get(timeout=10).kind for _ in range(2)] == ["start", "ready"]
    spare.promote()
    line, stop = events.get(timeout=10), events.get(timeout=10)
    assert (line.kind, line.data, stop.kind, stop.data) == ("line", "got go", "stop", 0)
