"""The metadata database's connection pool under gevent takes no gevent lock in native threads.

The event writer's thread and the runs' native threads check connections out of the
same pool as the hub's greenlets. SQLAlchemy's stock pool guards its queue with a
`threading.RLock` and Conditions, gevent locks once `threading` is patched, and a gevent
lock's wake-up between native threads can be lost: the writer or a run then waited
forever and the run never reached its final event (bench_concurrent_askers.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
from gevent import monkey
monkey.patch_all()
import gevent
from gevent.thread import LockType
from sqlalchemy import create_engine, text
from sqlalchemy.exc import TimeoutError as PoolTimeout
from datapulse.runtime import OSEvent
from datapulse.storage.db import Database, OSLockedPool

ident = monkey.get_original("_thread", "get_ident")
start = monkey.get_original("_thread", "start_new_thread")
hub_ident = ident()
taken = []  # where a native thread took a gevent lock
real_acquire = LockType.acquire

def acquire(self, *args, **kwargs):
    if ident() != hub_ident:
        f, where = sys._getframe(1), []
        while f is not None and len(where) < 6:
            where.append(f"{f.f_code.co_filename}:{f.f_lineno}")
            f = f.f_back
        taken.append(" < ".join(where))
    return real_acquire(self, *args, **kwargs)

LockType.acquire = acquire


def in_native_thread(fn):
    done, box = OSEvent(), []
    def run():
        try:
            box.append(fn())
        except BaseException as exc:
            box.append(exc)
        done.set()
    start(run, ())
    while not done.is_set():
        gevent.sleep(0.005)  # the hub stays free for the greenlets the thread waits for
    return box[0]


db = Database("sqlite:///" + sys.argv[1] + "/meta.db")
assert isinstance(db.engine.pool, OSLockedPool), type(db.engine.pool)

def session_work():
    with db.session() as session:
        session.execute(text("SELECT 1")).all()
    with db.engine.begin() as conn:  # as the event writer does
        conn.execute(text("SELECT 1")).all()
    return "done"

session_work()  # compiled and connected on the hub first
assert in_native_thread(session_work) == "done"
assert not taken, sorted(set(taken))

# Every connection out: a native thread's checkout waits until a greenlet gives one back.
engine = create_engine("sqlite:///" + sys.argv[1] + "/small.db", poolclass=OSLockedPool,
                       pool_size=1, max_overflow=0, pool_timeout=30)
held = engine.connect()
gevent.spawn_later(0.05, held.close)
def checkout():
    with engine.connect() as conn:
        return conn.execute(text("SELECT 2")).scalar()
assert in_native_thread(checkout) == 2
# ... and a greenlet's checkout yields to the hub while a native thread holds it.
release = OSEvent()
holding = OSEvent()
def hold():
    with engine.connect():
        holding.set()
        release.wait(30)
start(hold, ())
while not holding.is_set():
    gevent.sleep(0.005)
ran = []
gevent.spawn(lambda: (ran.append(1), release.set()))
assert checkout() == 2 and ran == [1]  # the greenlet that released it ran while we waited
# A checkout that waits too long fails as the stock pool's does.
quick = create_engine("sqlite:///" + sys.argv[1] + "/small.db", poolclass=OSLockedPool,
                      pool_size=1, max_overflow=0, pool_timeout=0.05)
kept = quick.connect()
try:
    quick.connect()
except PoolTimeout:
    pass
else:
    raise AssertionError("no timeout")
kept.close()
print("ok")
"""


def test_under_gevent_the_pool_takes_no_gevent_lock_in_native_threads(tmp_path: Path) -> None:
    """A session and a writer's transaction in a native thread take no gevent lock (the
    pool's queue and overflow lock, the ORM's counters: before, SQLAlchemy's RLock and
    counter locks); a checkout that must wait gets the connection a greenlet or a native
    thread gives back, a greenlet waiting yields to the hub, and the pool timeout holds."""
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-3000:]
