"""Gunicorn settings for the API under the launcher: `-c python:datapulse.api.serve.gunicorn_conf`.

The launcher passes worker class, worker count and bind address on the command line;
this file holds what keeps a stop within the launcher's 10 s budget, keeps workers
from outliving their master, and makes a restart fast:

- The master is a *warm* master: gevent patches it first (gunicorn's advice when a
  master imports application code), then it imports the API's modules. Workers fork
  with those modules loaded, so a worker (re)starts in a fraction of a second; the
  app itself is still built in each worker (the factory), as without preloading.
- Each worker starts its platform (recoveries, scheduler, warm-up) in `post_worker_init`
  and stops it (drain, join, close) in `worker_exit`.
- The log level comes from the settings (LOG_LEVEL, `.env` included), like the app's.
- Requests gunicorn itself refuses get the contract's JSON error (`protocol_errors`).
- Connections have a budget and request bodies a minimum rate (`connections`): one
  client address holds at most its share of a worker's connections, and a body that
  trickles in is cut off, so slow clients cannot stop the worker from accepting.
- With DATAPULSE_STANDBY=1 the master stops before binding its port, prints
  STANDBY_READY and waits for "go" on stdin. The launcher keeps one such standby and
  promotes it when the API dies, which brings the API back without a cold start.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
import warnings
from typing import Any

from gevent import monkey

# Not os/signal/subprocess: the arbiter reaps its workers with plain SIGCHLD handling.
# Each gevent worker then patches everything (gunicorn calls patch_all() after fork).
monkey.patch_all(os=False, signal=False, subprocess=False)
warnings.filterwarnings("ignore", message="Patching more than once", category=monkey.MonkeyPatchWarning)

from datapulse.processes import STANDBY_ENV, STANDBY_READY  # noqa: E402
from datapulse.processes.lifeline import parent_death_hook  # noqa: E402
from datapulse.settings import load_settings  # noqa: E402

worker_class = "gevent"
graceful_timeout = 5  # the launcher sends SIGKILL after 7 s
timeout = 60
keepalive = 5
errorlog = "-"
# The launcher supervises; a control socket at one fixed path per user would also make
# several instances on one machine (tests, two checkouts) fight over it.
control_socket_disable = True
SETTINGS = load_settings()
loglevel = SETTINGS.LOG_LEVEL.lower()
worker_connections = SETTINGS.API_WORKER_CONNECTIONS

# Built in the master when gunicorn reads this file, so it names the master as parent.
_DIE_WITH_MASTER = parent_death_hook()


# Imported lazily by the API on first use (the agents' health check loads them), but
# heavy (scipy, statsmodels): warming them keeps a promoted standby's first answer fast.
LAZY_HEAVY = ("datapulse.agents.engine",)
GIL_SWITCH_S = 0.001  # a worker's GIL switch interval (post_worker_init)


def warm_imports() -> None:
    """Import the API's modules (building nothing) so workers fork warm."""
    api = importlib.import_module("datapulse.api.app")
    for area in api.AREAS:
        importlib.import_module(f"datapulse.api.{area}")
    for name in LAZY_HEAVY:
        try:
            importlib.import_module(name)
        except ImportError:  # renamed or optional: only a slower first request
            pass


warm_imports()
from datapulse.api.serve import protocol_errors  # noqa: E402 - warm now
from datapulse.api.services import EXTENSION_KEY  # noqa: E402 - warm now

# A request gunicorn refuses before Flask (too long a URL or header, a garbage request
# line) is answered in JSON like every other error, not with gunicorn's HTML page.
protocol_errors.install()

from datapulse.api.forwarded import TrustedProxies  # noqa: E402
from datapulse.api.serve import connections  # noqa: E402

# One client address gets at most its share of a worker's connections (a trusted proxy
# shares them out itself); the pool is larger than the share, and the process may open
# as many files as the pool needs.
connections.install(SETTINGS.API_CONNECTIONS_PER_CLIENT, TrustedProxies.from_settings(SETTINGS))
connections.raise_open_files(SETTINGS.API_WORKER_CONNECTIONS)

# What a worker's stop may take: the launcher's 7 s budget minus gunicorn's own steps.
STOP_TIMEOUT_S = 3.0
# Everything imported so far lives as long as the process: out of the collector's sight,
# a full collection no longer walks it (and the forked workers share its pages).
gc.freeze()


def on_starting(server: Any) -> None:
    """As a standby: wait, warm and unbound, until the launcher says go."""
    if os.environ.get(STANDBY_ENV) != "1":
        return
    print(STANDBY_READY, flush=True)
    if sys.stdin.readline().strip() != "go":  # the launcher closed the pipe: not needed
        os._exit(0)
    server.log.info("standby promoted: binding and starting workers")


def on_exit(server: Any) -> None:
    """The master has stopped its workers and holds nothing worth finalizing; tearing
    down the warm module graph took seconds under load, so leave at once."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(0)


def post_worker_init(worker: Any) -> None:
    """The app is built: start its platform, then freeze it all, and collect the oldest
    generation rarely. Full collections took 70-150 ms with 1,000 open streams, a pause
    every stream of the worker felt (bench/bench_chat.py); the young generations still
    catch short cycles."""
    _platform(worker).start()
    # The runs compute in native threads that hold the GIL for pandas' Python parts; the
    # hub thread then waits a whole switch interval each time it wants the GIL back,
    # after every socket call. At the default 5 ms, /api/health took 0.3-2.8 s while ten
    # people asked questions (bench/bench_concurrent_askers.py); 1 ms lets the hub in
    # five times as often.
    sys.setswitchinterval(GIL_SWITCH_S)
    gc.freeze()
    gen0, gen1, _ = gc.get_threshold()
    gc.set_threshold(max(gen0, 10_000), gen1, 1000)


def worker_exit(server: Any, worker: Any) -> None:
    """Stop the platform (runs and profiling jobs end, events are sent, pools close);
    hand the frozen objects back, so that the interpreter's teardown frees them."""
    platform = _platform(worker)
    if platform is not None:
        try:
            platform.stop(timeout=STOP_TIMEOUT_S)
        except Exception:  # noqa: BLE001 - a failed stop must not hide the worker's exit
            server.log.exception("stopping the platform failed")
    gc.unfreeze()


def pre_request(worker: Any, req: Any) -> None:
    """The request's body must arrive at the minimum rate (a trickle is cut off: 408),
    and its first bytes before the app runs (a trickle never reaches the app); an answer
    that leaves the body unread (413) closes the connection instead of reading on."""
    connections.pace_body(req, SETTINGS.BODY_MIN_BYTES_PER_S, SETTINGS.BODY_GRACE_S)
    connections.prefetch_body(req)
    connections.close_if_body_unread(req)


def post_request(worker: Any, req: Any, environ: Any, resp: Any) -> None:
    connections.unpace(req, environ.get("gunicorn.socket") if environ else None)


def _platform(worker: Any) -> Any:
    """The platform of the worker's app; None when the worker never loaded it."""
    app = getattr(worker, "wsgi", None)
    return None if app is None else app.extensions.get(EXTENSION_KEY)


def post_fork(server: Any, worker: Any) -> None:
    """A worker dies at once with its master (gunicorn itself only notices within ~1 s)."""
    if _DIE_WITH_MASTER is not None:
        _DIE_WITH_MASTER()
