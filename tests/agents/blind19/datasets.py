"""The nineteenth blind bank's datasets: data files Debian packages ship, read locally.

Real data files, none generated, each from a package no earlier bank reads: perl-modules-5.36's
Module/CoreList.pm (its `%released` table: every Perl release and its date), postgresql-15's
errcodes.txt (the SQLSTATE error codes), its timezonesets/*.txt (time-zone abbreviations and
their UTC offsets) and its extension/*.control files (the bundled extensions).
The loaders only read, split, type and name columns.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from tests.agents.datasets import DatasetStore, Loader

PG = Path("/usr/share/postgresql/15")
CORELIST = Path("/usr/share/perl/5.36.0/Module/CoreList.pm")


def _perl_releases() -> pd.DataFrame:
    """Module::CoreList's %released: `version` (as written, e.g. 5.008009), `released` (a date),
    `series` (8 for 5.008009, 36 for 5.036000), `patch` (9 for 5.008009), `dev_release` (an odd
    series above 5: a development release), `year` and `gap_days` (days since the release before)."""
    text = CORELIST.read_text(encoding="utf-8")
    block = text.split("%released = (", 1)[1].split(");", 1)[0]
    rows = []
    for version, date in re.findall(r"^\s*([\d.]+)\s*=>\s*'(\d{4}-\d{2}-\d{2})'", block, re.M):
        frac = version.split(".")[1].ljust(6, "0")
        major, patch = int(frac[:3]), int(frac[3:])  # 5.008009: series 8, patch 9
        rows.append((version, date, major, patch, major % 2 == 1 and major > 5))
    frame = pd.DataFrame(rows, columns=["version", "released", "series", "patch", "dev_release"])
    frame["released"] = pd.to_datetime(frame["released"])
    frame = frame.sort_values("released", kind="stable").reset_index(drop=True)
    frame["year"] = frame["released"].dt.year
    frame["gap_days"] = frame["released"].diff().dt.days.astype("Int64")
    return frame


def _sqlstates() -> pd.DataFrame:
    """errcodes.txt: one row per error code — `sqlstate` (5 characters), `class_code` (its first
    two), `class_name` (the section's title), `severity` (E error, W warning, S success),
    `macro` (ERRCODE_…) and `condition` (the PL/pgSQL condition name, missing when none)."""
    rows, cls = [], None
    for line in (PG / "errcodes.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("Section:"):
            cls = line.split(" - ", 1)[1].strip()
            continue
        parts = line.split()
        code, sev, macro = parts[:3]
        rows.append((code, code[:2], cls, sev, macro, parts[3] if len(parts) > 3 else None))
    return pd.DataFrame(rows, columns=["sqlstate", "class_code", "class_name", "severity", "macro", "condition"])


def _tz_abbrevs() -> pd.DataFrame:
    """timezonesets/<Region>.txt: one row per abbreviation and region file — `abbrev`, `region`
    (the file's name), `utc_offset_s` (seconds east of UTC, missing when the line names a zone
    instead), `zone` (that zone, missing otherwise), `dst` (a daylight-saving abbreviation) and
    `description` (the line's comment)."""
    rows = []
    for path in sorted(PG.glob("timezonesets/*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.lstrip().startswith("#") or line.startswith("@"):
                continue
            data, _, note = line.partition("#")
            abbrev, off, *flag = data.split()
            numeric = re.fullmatch(r"-?\d+", off) is not None
            rows.append(
                (
                    abbrev,
                    path.stem,
                    int(off) if numeric else None,
                    None if numeric else off,
                    "D" in flag,
                    note.strip() or None,
                )
            )
    frame = pd.DataFrame(rows, columns=["abbrev", "region", "utc_offset_s", "zone", "dst", "description"])
    frame["utc_offset_s"] = frame["utc_offset_s"].astype("Int64")
    return frame


def _extensions() -> pd.DataFrame:
    """extension/*.control: `extension`, `comment`, `default_version`, `relocatable`, `trusted`
    (missing settings are false), `superuser` (missing means true) and `requires` (missing
    when none)."""
    rows = []
    for path in sorted(PG.glob("extension/*.control")):
        kv = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if "=" in line and not line.lstrip().startswith("#"):
                key, value = line.split("=", 1)
                kv[key.strip()] = value.strip().strip("'")
        rows.append(
            (
                path.stem,
                kv.get("comment"),
                kv.get("default_version"),
                kv.get("relocatable", "false") == "true",
                kv.get("trusted", "false") == "true",
                kv.get("superuser", "true") == "true",
                kv.get("requires") or None,
            )
        )
    cols = ["extension", "comment", "default_version", "relocatable", "trusted", "superuser", "requires"]
    return pd.DataFrame(rows, columns=cols)


LOADERS: dict[str, Callable[[], pd.DataFrame]] = {
    "perl_releases": _perl_releases,
    "sqlstates": _sqlstates,
    "tz_abbrevs": _tz_abbrevs,
    "pg_extensions": _extensions,
}

__all__ = ["LOADERS", "BlindStore", "Loader"]


class BlindStore(DatasetStore):
    """tests.agents.datasets.DatasetStore, reading this bank's LOADERS."""

    loaders = LOADERS
