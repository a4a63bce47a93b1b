"""The twentieth blind bank's datasets: data files that CPython and Debian's netbase ship, read locally.

Real data files, none generated: IDLE's release notes (`idlelib/NEWS.txt`, part of CPython's
standard library), netbase's /etc/protocols (IP protocol numbers) and /etc/rpc (ONC RPC
program numbers). The loaders only read, split, type and name columns.
"""

from __future__ import annotations

import re
import sysconfig
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from tests.agents.datasets import DatasetStore, Loader


def _lines(path: str) -> list[str]:
    text = Path(path).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _idle_news() -> pd.DataFrame:
    """IDLE's NEWS.txt: one row per dated news item — `release` (IDLE version), `released`
    (the release date), `tracker` (gh or bpo), `issue` (its number), `words` (the item's
    length in words) and `patch_by` (who wrote the patch, missing when not named)."""
    text = (Path(sysconfig.get_path("stdlib")) / "idlelib" / "NEWS.txt").read_text(encoding="utf-8")
    rows, release, date = [], None, None
    for block in re.split(r"\n\s*\n", text):
        head = re.match(r"What's New in IDLE (\S+)", block)
        if head:
            release = head.group(1)
            found = re.search(r"Released on (\d{4}-\d{2}-\d{2})", block)
            date = found.group(1) if found else None
            continue
        item = re.match(r"(gh|bpo)-(\d+):?\s", block.strip())
        if item and date:
            body = " ".join(block.split())
            patch = re.search(r"(?:Patch|Original patch|Contributed|Initial patch) by ([^.]+)\.", body)
            rows.append(
                (
                    release,
                    date,
                    item.group(1),
                    int(item.group(2)),
                    len(body.split()),
                    patch.group(1).strip() if patch else None,
                )
            )
    frame = pd.DataFrame(rows, columns=["release", "released", "tracker", "issue", "words", "patch_by"])
    frame["released"] = pd.to_datetime(frame["released"])
    return frame


def _protocols() -> pd.DataFrame:
    """netbase's /etc/protocols: `protocol` (keyword), `number`, `alias` and `description`
    (the comment, missing when none)."""
    rows = []
    for line in _lines("/etc/protocols"):
        data, _, note = line.partition("#")
        name, number, *aliases = data.split()
        rows.append((name, int(number), " ".join(aliases) or None, note.strip() or None))
    return pd.DataFrame(rows, columns=["protocol", "number", "alias", "description"])


def _rpc() -> pd.DataFrame:
    """netbase's /etc/rpc: `program` (name), `program_number`, `aliases` (space-separated,
    missing when none) and `alias_count`."""
    rows = []
    for line in _lines("/etc/rpc"):
        data = line.partition("#")[0]
        name, number, *aliases = data.split()
        rows.append((name, int(number), " ".join(aliases) or None, len(aliases)))
    return pd.DataFrame(rows, columns=["program", "program_number", "aliases", "alias_count"])


LOADERS: dict[str, Callable[[], pd.DataFrame]] = {
    "idle_news": _idle_news,
    "protocols": _protocols,
    "rpc": _rpc,
}

__all__ = ["LOADERS", "BlindStore", "Loader"]


class BlindStore(DatasetStore):
    """tests.agents.datasets.DatasetStore, reading this bank's LOADERS."""

    loaders = LOADERS
