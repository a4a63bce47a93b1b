"""Control-socket requests inside the supervisor loop, replayed with the fake clock:
stop holds a child (and its standby) down, start brings it back, restart is not a crash."""

from __future__ import annotations

import io
from typing import Any

from datapulse.launcher.control import ControlCall
from datapulse.launcher.printer import Printer
from datapulse.launcher.process import Message
from datapulse.launcher.specs import ChildSpec
from datapulse.launcher.supervisor import Supervisor

from .fakes import FakeClock, Run, World


def test_stop_start_restart_through_the_loop() -> None:
    """stop: no restart, no standby; start: a new child; restart: counted, immediate, standby again."""
    clock = FakeClock()
    life = Run([(0.3, "healthy", None), (1.0, "ready", None)])
    world = World(clock, {"api": [life], "ws": [life]})
    specs = [
        ChildSpec("api", ("gunicorn",), health_url="http://h/api", standby=True),
        ChildSpec("ws", ("ws",), health_url="http://h/ws"),
    ]
    out = io.StringIO()
    sup = Supervisor(specs, printer=Printer(out, width=8), clock=clock, process_class=world.factory)
    answers: dict[float, Any] = {}

    def ask(when: float, request: dict[str, Any]) -> None:
        call = ControlCall(request)

        def post() -> None:
            sup.events.put(Message("control", "launcher", 0, call))
            clock.at(0.0, lambda: answers.__setitem__(when, call.answer.get_nowait()))

        clock.at(when, post)

    ask(2.0, {"cmd": "stop", "services": ["api"]})
    ask(5.0, {"cmd": "status"})
    ask(6.0, {"cmd": "start", "services": ["api"]})
    ask(8.0, {"cmd": "restart", "services": ["api"]})
    ask(9.0, {"cmd": "restart", "services": ["nope"]})
    ask(10.0, {"cmd": "status"})
    ask(12.0, {"cmd": "shutdown"})
    assert sup.run() == 0
    assert world.starts("api") == [0.0, 6.0, 8.1]
    assert world.starts("ws") == [0.0]
    assert [round(t, 6) for n, t in world.standbys if n == "api"] == [0.3, 6.3, 8.4]
    assert answers[2.0] == {"ok": True, "done": {"api": "stopping"}}
    at5 = {s["name"]: s for s in answers[5.0]["services"]}
    assert at5["api"]["state"] == "stopped" and at5["api"]["pid"] is None and at5["ws"]["state"] == "running"
    assert answers[6.0]["done"] == {"api": "starting"} and answers[8.0]["done"] == {"api": "restarting"}
    assert answers[9.0]["ok"] is False and "nope" in answers[9.0]["error"]
    at10 = {s["name"]: s for s in answers[10.0]["services"]}
    assert at10["api"]["healthy"] and at10["api"]["restarts"] == 1 and at10["api"]["standby_pid"]
    assert "died" not in out.getvalue()  # requested stops are not crashes
