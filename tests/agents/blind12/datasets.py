"""The twelfth blind bank's datasets: tables shipped inside installed packages, read locally.

Real data files, none generated: the hosts file gevent ships for its resolver tests (a
real ad-blocking hosts list, tests/hosts_file.txt), the Unicode script ranges fontTools
keeps in unicodedata/Scripts.py (generated from Scripts.txt), the daylight-saving rules
of the IANA time zone database (the "R" lines of tzdata's zoneinfo/tzdata.zi) NIST's
Norris linear-regression reference data (scipy's stats/tests/data/nist_linregress/Norris.dat)
and the quarterly US real GDP and unemployment rate 1947-1995 of Clark's (1989) model
(statsmodels' tsa/statespace/tests/results/clark1989.csv).
The loaders only read, pick and name columns.
"""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Callable

import pandas as pd

from tests.agents.datasets import DatasetStore, Loader


def _text(package: str, filename: str) -> str:
    return (importlib.resources.files(package) / filename).read_text("utf-8")


def _hosts() -> pd.DataFrame:
    """gevent's tests/hosts_file.txt: one row per entry line (comments and blank lines
    dropped): `ip`, `hostname` (the first name) and `aliases` (the further names, joined
    by a space; empty when the line has none)."""
    import gevent.tests  # noqa: F401 - the package that ships the file

    rows = []
    for line in _text("gevent.tests", "hosts_file.txt").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) < 2:
            continue
        rows.append((parts[0], parts[1], " ".join(parts[2:]) or None))
    return pd.DataFrame(rows, columns=["ip", "hostname", "aliases"])


def _scripts() -> pd.DataFrame:
    """fontTools' Scripts.py ranges ("0x0041,  # .. 0x005A ; Latin"): first and last code
    point as the hex text written (without 0x) and the script's name; the gaps fontTools
    marks "Unknown" are left out."""
    import fontTools  # noqa: F401 - the package that ships the file

    text = _text("fontTools.unicodedata", "Scripts.py")
    rows = re.findall(r"^\s+0x([0-9A-F]+),\s+# \.\. 0x([0-9A-F]+) ; (.+?)\s*$", text, re.M)
    frame = pd.DataFrame(rows, columns=["first_code", "last_code", "script"])
    return frame[frame["script"] != "Unknown"].reset_index(drop=True)


# tzdata.zi abbreviates months to their shortest unambiguous prefix ("O", "Ap", "Ja").
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _dst_rules() -> pd.DataFrame:
    """The "R" (rule) lines of tzdata.zi: `rule_set` (the rule's name), `from_year`,
    `to_year` (the same year where the file writes "o", only; empty where it writes
    "ma", no end), `month` (its three-letter English name; the file abbreviates), `day`
    (as written: "Su>=1", "lastSu", "14"), `at` (the time of day as written),
    `save_hours` (the offset in force after the change, in hours) and `letter` ("-" for
    none, as written)."""
    import tzdata  # noqa: F401 - the package that ships the file

    rows = []
    for line in _text("tzdata.zoneinfo", "tzdata.zi").splitlines():
        if not line.startswith("R "):
            continue
        _, name, start, end, _, month, day, at, save, letter = line.split()
        to_year = int(start) if end == "o" else (None if end == "ma" else int(end))
        sign = -1 if save.startswith("-") else 1
        hm = save.lstrip("-").rstrip("sd").split(":")
        hours = sign * (int(hm[0]) + (int(hm[1]) / 60 if len(hm) > 1 else 0))
        month = next(m for m in _MONTHS if m.startswith(month))
        rows.append((name, int(start), to_year, month, day, at, hours, letter))
    frame = pd.DataFrame(
        rows, columns=["rule_set", "from_year", "to_year", "month", "day", "at", "save_hours", "letter"]
    )
    frame["to_year"] = frame["to_year"].astype("Int64")
    return frame


def _us_gdp() -> pd.DataFrame:
    """clark1989.csv as statsmodels' state-space tests read it: US real GDP and the
    unemployment rate (percent), quarterly from 1947Q1 to 1995Q3 (the dates those tests
    give the rows); `quarter` is the quarter's first day. The file writes 0 for 1947's
    unemployment, which it does not have (the tests drop those rows): missing here."""
    import statsmodels  # noqa: F401 - the package that ships the file

    text = _text("statsmodels.tsa.statespace.tests.results", "clark1989.csv")
    rows = [tuple(float(v) for v in line.split(",")) for line in text.splitlines() if line.strip()]
    frame = pd.DataFrame(rows, columns=["real_gdp", "unemployment_rate"])
    frame.insert(0, "quarter", pd.date_range("1947-01-01", "1995-07-01", freq="QS"))
    assert len(frame) == 195, len(frame)
    frame.loc[frame["quarter"].dt.year == 1947, "unemployment_rate"] = None
    assert (frame["unemployment_rate"].dropna() > 0).all()
    return frame


def _norris() -> pd.DataFrame:
    """NIST's Norris data (calibration of ozone monitors): `y` and `x` as the file lists them."""
    import scipy  # noqa: F401 - the package that ships the file

    lines = _text("scipy.stats.tests.data.nist_linregress", "Norris.dat").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Data:") and " y " in line)
    rows = [tuple(float(v) for v in line.split()) for line in lines[start + 1 :] if line.strip()]
    return pd.DataFrame(rows, columns=["y", "x"])


LOADERS: dict[str, Callable[[], pd.DataFrame]] = {
    "hosts": _hosts,
    "unicode_scripts": _scripts,
    "dst_rules": _dst_rules,
    "norris": _norris,
    "us_gdp": _us_gdp,
}

__all__ = ["LOADERS", "BlindStore", "Loader"]


class BlindStore(DatasetStore):
    """tests.agents.datasets.DatasetStore, reading this bank's LOADERS."""

    loaders = LOADERS
