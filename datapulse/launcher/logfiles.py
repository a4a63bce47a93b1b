"""Per-service log files, `DATA_DIR/logs/<service>.log`, rotated by size.

The launcher already sees every line its children print (and its own); this writes
each one to the service's file as well: `text` lines are `<ts> <LEVEL> <message>`,
`json` lines are one object with ts, service, level, message and, when the line names
them, request_id, run_id and user. `datapulse logs` reads both."""

from __future__ import annotations

import json
import logging
import re
import threading
from datetime import UTC, datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

from datapulse.launcher.printer import Printer
from datapulse.settings import Settings

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_LEVEL = re.compile(r"\b(DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL|EXCEPTION)\b")
_ALIASES = {"WARN": "WARNING", "FATAL": "CRITICAL", "EXCEPTION": "ERROR"}
_FIELDS = {name: re.compile(rf"\b{name}[=:]\s*\"?([\w.@:-]+)") for name in ("request_id", "run_id", "user")}


def logs_dir(settings: Settings) -> Path:
    """LOG_DIR, or DATA_DIR/logs."""
    return Path(settings.LOG_DIR).expanduser().resolve() if settings.LOG_DIR else settings.DATA_DIR.resolve() / "logs"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def guess_level(line: str, previous: str) -> str:
    """The level a line names near its start; a traceback's lines inherit the one before."""
    if line[:1].isspace() or line.startswith("Traceback"):
        return "ERROR" if line.startswith("Traceback") else previous
    found = _LEVEL.search(line[:120])
    if found is None:
        return "INFO"
    word = found.group(1)
    return _ALIASES.get(word, word)


def record(service: str, line: str, level: str, ts: str) -> dict[str, Any]:
    """The JSON form of one line: the child's own JSON fields kept when it printed JSON."""
    out: dict[str, Any] = {"ts": ts, "service": service, "level": level, "message": line}
    if line.startswith("{"):
        try:
            own = json.loads(line)
        except ValueError:
            own = None
        if isinstance(own, dict):
            out.update({k: v for k, v in own.items() if k not in ("ts", "service")})
            out["level"] = str(own.get("level", level)).upper()
            out["message"] = own.get("message", own.get("msg", line))
            return out
    for name, pattern in _FIELDS.items():
        found = pattern.search(line)
        if found:
            out[name] = found.group(1)
    return out


class LogFiles:
    """One rotating file per service; safe to call from several threads."""

    def __init__(self, folder: Path, max_bytes: int, backups: int, fmt: str = "text") -> None:
        self.folder, self.max_bytes, self.backups, self.fmt = folder, max_bytes, backups, fmt
        self.folder.mkdir(parents=True, exist_ok=True)
        self._handlers: dict[str, RotatingFileHandler] = {}
        self._last_level: dict[str, str] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> LogFiles:
        return cls(logs_dir(settings), settings.LOG_MAX_BYTES, settings.LOG_BACKUPS, settings.LOG_FORMAT)

    def _handler(self, service: str) -> RotatingFileHandler:
        handler = self._handlers.get(service)
        if handler is None:
            handler = RotatingFileHandler(
                self.folder / f"{service}.log", maxBytes=self.max_bytes, backupCount=self.backups, encoding="utf-8"
            )
            handler.setFormatter(logging.Formatter("%(message)s"))
            self._handlers[service] = handler
        return handler

    def write(self, service: str, line: str) -> None:
        text = line.rstrip("\r\n")
        ts = now_iso()
        with self._lock:
            level = guess_level(text, self._last_level.get(service, "INFO"))
            self._last_level[service] = level
            if self.fmt == "json":
                entry = json.dumps(record(service, text, level, ts), ensure_ascii=False, default=str)
            else:
                entry = f"{ts} {level:<8} {text}"
            handler = self._handler(service)
        handler.emit(logging.makeLogRecord({"msg": entry, "levelno": logging.INFO, "args": None}))

    def close(self) -> None:
        with self._lock:
            for handler in self._handlers.values():
                handler.close()
            self._handlers.clear()


class TeePrinter(Printer):
    """The launcher's printer that also writes every line to the service's log file."""

    def __init__(self, files: LogFiles, width: int = 8) -> None:
        super().__init__(width=width)
        self.files = files

    def write(self, name: str, line: str) -> None:
        super().write(name, line)
        try:
            self.files.write(name, line)
        except OSError:  # a full disk must not stop the supervisor
            pass
