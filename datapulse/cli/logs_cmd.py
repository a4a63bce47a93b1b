"""`datapulse logs`: read the launcher's log files (DATA_DIR/logs/<service>.log and rotations)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import click

from datapulse.cli.base import State, fail, json_option, pass_state
from datapulse.launcher.logfiles import LEVELS, logs_dir

EPILOG = "Exit codes: 0 printed (or --follow stopped with Ctrl-C), 1 no log files, 2 wrong usage."
SERVICES = ("api", "ws", "launcher")
_DURATION = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhd])$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Entry:
    ts: str
    service: str
    level: str
    message: str
    fields: dict[str, Any]

    def text(self) -> str:
        return f"{self.ts} {self.service:<8} {self.level:<8} {self.message}"


def parse(line: str, service: str) -> Entry | None:
    """One line of either format (text `<ts> <LEVEL> <message>`, or a JSON object)."""
    line = line.rstrip("\n")
    if not line:
        return None
    if line.startswith("{"):
        try:
            obj = json.loads(line)
        except ValueError:
            obj = None
        if isinstance(obj, dict):
            return Entry(
                str(obj.get("ts", "")),
                service,
                str(obj.get("level", "INFO")).upper(),
                str(obj.get("message", "")),
                obj,
            )
    ts, _, rest = line.partition(" ")
    level, _, message = rest.lstrip().partition(" ")
    if level not in LEVELS:
        return Entry(ts, service, "INFO", rest, {})
    return Entry(ts, service, level, message.lstrip(" "), {})


def since_cutoff(value: str | None, now: datetime | None = None) -> str | None:
    """`10m`, `2h`, `1d`, `30s` ago, or an ISO time; as the ISO string the log lines compare to."""
    if not value:
        return None
    now = now or datetime.now(UTC)
    found = _DURATION.match(value.strip())
    if found:
        moment = now - timedelta(seconds=float(found.group(1)) * _UNITS[found.group(2)])
    else:
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise click.BadParameter("expected 30s, 10m, 2h, 1d or an ISO time", param_hint="--since") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def files_of(folder: Path, service: str) -> list[Path]:
    """The service's rotated files oldest first, then the live one."""
    live = folder / f"{service}.log"
    rotated = sorted(folder.glob(f"{service}.log.*"), key=lambda p: -int(p.suffix[1:]) if p.suffix[1:].isdigit() else 0)
    return [p for p in [*rotated, live] if p.is_file()]


def read_entries(folder: Path, service: str) -> Iterator[Entry]:
    for path in files_of(folder, service):
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                entry = parse(line, service)
                if entry is not None:
                    yield entry


def keep(entry: Entry, level: str | None, since: str | None) -> bool:
    if level and entry.level in LEVELS and LEVELS.index(entry.level) < LEVELS.index(level):
        return False
    return not (since and entry.ts < since)


def show(entry: Entry, as_json: bool) -> None:
    if as_json:
        click.echo(
            json.dumps(
                {
                    **entry.fields,
                    "ts": entry.ts,
                    "service": entry.service,
                    "level": entry.level,
                    "message": entry.message,
                },
                ensure_ascii=False,
                default=str,
            )
        )
    else:
        click.echo(entry.text())


@click.command("logs", epilog=EPILOG)
@click.option(
    "--service", "services", type=click.Choice(SERVICES), multiple=True, help="Only this service (repeatable)."
)
@click.option("--tail", "tail", type=click.IntRange(min=0), default=100, show_default=True, help="Last N lines.")
@click.option("--follow", "-f", is_flag=True, help="Keep printing new lines (Ctrl-C to stop).")
@click.option("--level", type=click.Choice(LEVELS, case_sensitive=False), help="This level and above only.")
@click.option("--since", help="Only lines newer than 30s, 10m, 2h, 1d or an ISO time.")
@click.option("--poll", default=0.25, hidden=True, help="Seconds between checks with --follow.")
@click.option("--max-seconds", type=float, default=None, hidden=True, help="Stop following after this long.")
@json_option
@pass_state
def group(
    state: State,
    services: tuple[str, ...],
    tail: int,
    follow: bool,
    level: str | None,
    since: str | None,
    poll: float,
    max_seconds: float | None,
    as_json: bool,
) -> None:
    """Print the services' log lines, oldest first, merged by time."""
    folder = logs_dir(state.settings)
    level = level.upper() if level else None
    cutoff = since_cutoff(since)
    chosen = list(services) or [s for s in SERVICES if (folder / f"{s}.log").exists()]
    if not chosen and not follow:
        fail(f"no log files in {folder} (the launcher writes them while it runs)")
    entries = [e for name in chosen for e in read_entries(folder, name) if keep(e, level, cutoff)]
    entries.sort(key=lambda e: e.ts)
    for entry in entries[len(entries) - tail :] if tail else []:
        show(entry, as_json)
    if follow:
        _follow(folder, list(services) or list(SERVICES), level, cutoff, poll, max_seconds, as_json)


def _follow(
    folder: Path,
    services: list[str],
    level: str | None,
    cutoff: str | None,
    poll: float,
    max_seconds: float | None,
    as_json: bool,
) -> None:
    """Print lines as they are appended; a rotation (new inode, or a shorter file) starts over."""
    where: dict[str, tuple[int, int]] = {}  # service -> (inode, offset)
    for name in services:
        path = folder / f"{name}.log"
        if path.exists():
            st = path.stat()
            where[name] = (st.st_ino, st.st_size)
    deadline = None if max_seconds is None else time.monotonic() + max_seconds
    try:
        while deadline is None or time.monotonic() < deadline:
            for name in services:
                path = folder / f"{name}.log"
                try:
                    st = path.stat()
                except FileNotFoundError:
                    continue
                inode, offset = where.get(name, (st.st_ino, 0))
                if inode != st.st_ino or st.st_size < offset:
                    offset = 0
                if st.st_size > offset:
                    with open(path, "rb") as fh:
                        fh.seek(offset)
                        data = fh.read()
                    complete = data[: data.rfind(b"\n") + 1]
                    offset += len(complete)
                    for raw in complete.decode("utf-8", "replace").splitlines():
                        entry = parse(raw, name)
                        if entry is not None and keep(entry, level, cutoff):
                            show(entry, as_json)
                where[name] = (st.st_ino, offset)
            time.sleep(poll)
    except KeyboardInterrupt:
        return
