"""A child that dies with its parent (Linux's parent-death signal), for the launcher's
children and gunicorn's workers alike: neither outlives a parent killed with SIGKILL."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable

PR_SET_PDEATHSIG = 1


def _prctl() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    return ctypes.CDLL(None, use_errno=True).prctl  # type: ignore[no-any-return]


def parent_death_hook(sig: int = signal.SIGKILL) -> Callable[[], None] | None:
    """A preexec_fn asking Linux to send `sig` to the child when its parent dies.

    Elsewhere there is no such signal: children then rely on the stdin pipe closing.
    """
    prctl = _prctl()  # looked up before fork
    if prctl is None:
        return None
    parent = os.getpid()

    def hook() -> None:
        prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return hook
