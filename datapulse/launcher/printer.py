"""Writes each child's output lines prefixed with its name (`api |`, `ws |`)."""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

# ANSI colours, only used when the stream is a terminal.
_COLOURS = ("36", "33", "32", "35", "34", "31")


def _isatty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


class Printer:
    """Prefixes lines with time and a padded name, so columns line up in a terminal."""

    def __init__(self, stream: TextIO | None = None, width: int = 8, colour: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stdout
        self.width = width
        self.colour = _isatty(self.stream) if colour is None else colour
        self._colours: dict[str, str] = {}
        self._lock = threading.Lock()

    def prefix(self, name: str) -> str:
        label = f"{time.strftime('%H:%M:%S')} {name:<{self.width}} |"
        if not self.colour:
            return label
        code = self._colours.setdefault(name, _COLOURS[len(self._colours) % len(_COLOURS)])
        return f"\033[{code}m{label}\033[0m"

    def write(self, name: str, line: str) -> None:
        text = line.rstrip("\r\n")
        with self._lock:
            try:
                self.stream.write(f"{self.prefix(name)} {text}\n")
                self.stream.flush()
            except (OSError, ValueError):  # a closed terminal or pipe must not stop the supervisor
                pass
